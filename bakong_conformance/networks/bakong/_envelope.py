"""The Bakong Open API envelope ``{responseCode, responseMessage, errorCode, data}`` and NBC's error codes.

Every answer of the Open API, success or not, is one envelope (khqr.md §3.2). The error codes and their HTTP
statuses are data (:data:`ERRORS`); answers of this simulator that NBC does not document (unknown path, wrong
method, body too large, too many requests) carry ``errorCode: null``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

__all__ = ["ERRORS", "ApiError", "Reply", "error", "plain_error", "success"]


@dataclass(frozen=True, slots=True)
class ApiError:
    """One NBC error code: its HTTP status in this simulator and its message."""

    code: int
    status: int
    message: str


NOT_FOUND, STATIC_QR, MISSING_FIELDS, UNAUTHORIZED = 1, 2, 5, 6
NOT_REGISTERED, ACCOUNT_NOT_FOUND, INVALID_ACCOUNT = 10, 11, 12

ERRORS: dict[int, ApiError] = {e.code: e for e in (
    ApiError(NOT_FOUND, 200, "Transaction could not be found. Please check and try again."),
    ApiError(STATIC_QR, 200, "Static QR not supported"),
    ApiError(MISSING_FIELDS, 400, "Missing required fields"),
    ApiError(UNAUTHORIZED, 401, "Unauthorized, not yet requested for token or code invalid"),
    ApiError(NOT_REGISTERED, 200, "Not registered yet"),
    ApiError(ACCOUNT_NOT_FOUND, 200, "Account ID not found"),
    ApiError(INVALID_ACCOUNT, 200, "Invalid account ID"),
)}


@dataclass(frozen=True, slots=True)
class Reply:
    """An Open API answer before delivery: HTTP status, envelope, extra headers, what was wrong with the call."""

    status: int
    envelope: dict[str, Any]
    headers: tuple[tuple[str, str], ...] = ()
    problems: tuple[str, ...] = ()
    retry_after_s: int | None = None


def envelope(response_code: int, message: str, error_code: int | None, data: Any) -> dict[str, Any]:
    """The four-member envelope."""
    return {"responseCode": response_code, "responseMessage": message, "errorCode": error_code, "data": data}


def success(message: str, data: Any) -> Reply:
    """HTTP 200, responseCode 0, errorCode null."""
    return Reply(200, envelope(0, message, None, data))


def error(code: int, *, detail: str = "", problems: tuple[str, ...] = ()) -> Reply:
    """NBC error ``code`` with its HTTP status and message (``detail`` appended in parentheses)."""
    known = ERRORS[code]
    message = f"{known.message} ({detail})" if detail else known.message
    return Reply(known.status, envelope(1, message, code, None), problems=problems)


def plain_error(status: int, message: str, *, headers: tuple[tuple[str, str], ...] = (),
                retry_after_s: int | None = None) -> Reply:
    """An answer NBC documents no error code for: responseCode 1, errorCode null."""
    return Reply(status, envelope(1, message, None, None), headers=headers, retry_after_s=retry_after_s)
