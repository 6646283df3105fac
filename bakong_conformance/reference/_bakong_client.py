"""The reference participant's calls to Bakong: payment instructions to the switch, Bakong Open API lookups.

Shapes follow schemas/bakong-switch/README.md (the switch contract and the Open API as NBC documents it).
Nothing here raises for a network problem: an instruction without a usable answer is :class:`Unknown`, an Open
API call without an answer is an :class:`ApiAnswer` whose ``status`` is None. Every call is bounded by the
app's Bakong timeout, also enforced here so that an in-process transport that never answers times out too.
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

import anyio
import httpx

__all__ = [
    "CHECK_BY_EXTERNAL_REF", "CHECK_BY_MD5", "CHECK_BY_MD5_LIST", "UNANSWERED", "ApiAnswer", "Bakong", "CallFn",
    "Committed", "Connection", "Lookup", "OpenApi", "PoliteFn", "Rejected", "SwitchAnswer", "Unknown", "bearer",
    "find_by_external_ref", "list_lookups", "md5_lookup", "read_switch_answer", "renewing", "respecting_rate_limit",
    "switch_credential_header",
]

HTTP_200_OK, HTTP_400_BAD_REQUEST, HTTP_401_UNAUTHORIZED, HTTP_403_FORBIDDEN = 200, 400, 401, 403
HTTP_409_CONFLICT, HTTP_429_TOO_MANY_REQUESTS, HTTP_500_INTERNAL_SERVER_ERROR = 409, 429, 500
_NOTHING_PAID = (HTTP_200_OK, HTTP_400_BAD_REQUEST, HTTP_401_UNAUTHORIZED, HTTP_403_FORBIDDEN, HTTP_409_CONFLICT)
ERROR_NOT_FOUND, ERROR_STATIC_QR, ERROR_TRANSACTION_FAILED, ERROR_UNAUTHORIZED = 1, 2, 3, 6

INSTRUCTIONS = "/switch/v1/instructions"
RENEW_TOKEN = "/v1/renew_token"
CHECK_BY_MD5 = "/v1/check_transaction_by_md5"
CHECK_BY_MD5_LIST = "/v1/check_transaction_by_md5_list"
CHECK_BY_EXTERNAL_REF = "/v1/check_transaction_by_external_ref"

UNANSWERED = "UNANSWERED"
"""Lookup status of ours (not Bakong's): Bakong could not be asked or its answer could not be read."""
DEFAULT_RETRY_AFTER_S = 1
_HASH = re.compile(r"[0-9a-f]{64}")


@dataclass
class Connection:
    """Where Bakong is (``POST /v1/sandbox/bakong``), the switch credential, the current Open API token, and the
    time (epoch ms) before which no Open API call may be made after Bakong answered 429."""

    switch_url: str
    switch_credential: str = field(repr=False)
    open_api_url: str
    email: str
    token: str
    retry_not_before: int = 0

    def open_api(self, path: str) -> str:
        """The URL of Open API operation ``path`` (``/v1/...``)."""
        return self.open_api_url.rstrip("/") + path

    @property
    def instructions_url(self) -> str:
        """Where payment instructions go."""
        return self.switch_url.rstrip("/") + INSTRUCTIONS


# --- the switch --------------------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Committed:
    """Bakong settled the payment: ``hash`` is its transaction hash; ``duplicate`` when it was settled before."""

    hash: str
    duplicate: bool = False


@dataclass(frozen=True, slots=True)
class Rejected:
    """Bakong refused the payment (or says it failed): nothing was paid."""

    code: str
    message: str


@dataclass(frozen=True, slots=True)
class Unknown:
    """No usable answer (timeout, broken connection, 5xx, unreadable body): the payment may or may not be paid."""

    why: str


SwitchAnswer = Committed | Rejected | Unknown


def read_switch_answer(status: int | None, body: Any) -> SwitchAnswer:
    """What the switch's answer to an instruction means (schemas/bakong-switch/README.md, "Answers"): a REJECTED
    answer of 200, 400, 401, 403 or 409 paid nothing."""
    if status is None or status >= HTTP_500_INTERNAL_SERVER_ERROR:
        return Unknown(f"switch answered {status}" if status else "no answer from the switch")
    if not isinstance(body, dict):
        return Unknown(f"switch answered {status} without a JSON object")
    if status == HTTP_200_OK and body.get("status") == "COMMITTED" and _is_hash(body.get("hash")):
        return Committed(body["hash"], body.get("duplicate") is True)
    if status in _NOTHING_PAID and body.get("status") == "REJECTED":
        return _rejected(body.get("reason"))
    return Unknown(f"switch answered {status} with an answer of no known kind")


def _rejected(reason: Any) -> Rejected:
    reason = reason if isinstance(reason, dict) else {}
    code, message = reason.get("code"), reason.get("message")
    return Rejected(code if isinstance(code, str) and code else "SWITCH_REJECTED",
                    message if isinstance(message, str) and message else "Bakong rejected the payment")


def _is_hash(value: Any) -> bool:
    return isinstance(value, str) and _HASH.fullmatch(value) is not None


def switch_credential_header(connection: Connection) -> dict[str, str]:
    """The header every payment instruction carries: ``Authorization: Bearer <switch credential>``."""
    return {"Authorization": bearer(connection.switch_credential)}


# --- HTTP ----------------------------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class ApiAnswer:
    """One answer of Bakong: HTTP ``status`` (None: no answer), JSON ``body`` (None: not JSON), ``Retry-After``."""

    status: int | None
    body: Any = None
    retry_after_s: int = DEFAULT_RETRY_AFTER_S

    @property
    def error_code(self) -> int | None:
        """The envelope's ``errorCode``, if any."""
        code = self.body.get("errorCode") if isinstance(self.body, dict) else None
        return code if isinstance(code, int) and not isinstance(code, bool) else None

    @property
    def ok(self) -> bool:
        """HTTP 200 with ``responseCode`` 0."""
        return self.status == HTTP_200_OK and isinstance(self.body, dict) and self.body.get("responseCode") == 0

    @property
    def data(self) -> Any:
        """The envelope's ``data``."""
        return self.body.get("data") if isinstance(self.body, dict) else None

    @property
    def unauthorized(self) -> bool:
        """The token is missing, unknown or expired (401 / errorCode 6)."""
        return self.status == HTTP_401_UNAUTHORIZED or self.error_code == ERROR_UNAUTHORIZED

    @property
    def rate_limited(self) -> bool:
        """Too many calls (429)."""
        return self.status == HTTP_429_TOO_MANY_REQUESTS


class Bakong:
    """The outbound HTTP client to Bakong, every call bounded by ``timeout_s``."""

    def __init__(self, http: httpx.AsyncClient, timeout_s: float) -> None:
        self.http, self.timeout_s = http, timeout_s

    async def post(self, url: str, body: Any, headers: dict[str, str] | None = None) -> ApiAnswer:
        """POST ``body`` as JSON; never raises for a network problem, a timeout or a body that is not JSON."""
        try:
            with anyio.fail_after(self.timeout_s):
                response = await self.http.post(url, json=body, headers=headers)
        except (httpx.HTTPError, TimeoutError):
            return ApiAnswer(None)
        return ApiAnswer(response.status_code, _json(response), _retry_after(response))


def _json(response: httpx.Response) -> Any:
    try:
        return response.json()
    except ValueError:
        return None


def _retry_after(response: httpx.Response) -> int:
    value = response.headers.get("retry-after", "")
    return int(value) if value.isascii() and value.isdigit() else DEFAULT_RETRY_AFTER_S


# --- the Open API ------------------------------------------------------------------------------------------------
def bearer(token: str) -> str:
    """The Authorization header the Open API documents: ``Bearer <token>``."""
    return f"Bearer {token}"


class OpenApi:
    """Bakong Open API calls over one connection; ``authorization`` writes the header value from the token."""

    def __init__(self, bakong: Bakong, connection: Connection, authorization: Callable[[str], str] = bearer) -> None:
        self.bakong, self.connection, self.authorization = bakong, connection, authorization

    async def post(self, path: str, body: Any) -> ApiAnswer:
        """One call of ``path`` with the current token."""
        headers = {"Authorization": self.authorization(self.connection.token)}
        return await self.bakong.post(self.connection.open_api(path), body, headers)

    async def renew_token(self) -> bool:
        """Ask for a new token with the registered e-mail (``/v1/renew_token``); True when one was issued."""
        answer = await self.bakong.post(self.connection.open_api(RENEW_TOKEN), {"email": self.connection.email})
        token = answer.data.get("token") if answer.ok and isinstance(answer.data, dict) else None
        if isinstance(token, str) and token:
            self.connection.token = token
            return True
        return False


CallFn = Callable[[OpenApi, str, Any], Awaitable[ApiAnswer]]
PoliteFn = Callable[[Callable[[], Awaitable[ApiAnswer]], Connection, int], Awaitable["ApiAnswer | None"]]


async def renewing(api: OpenApi, path: str, body: Any) -> ApiAnswer:
    """Call ``path``; when the token is refused (401 / errorCode 6), renew it once and call again."""
    answer = await api.post(path, body)
    if answer.unauthorized and await api.renew_token():
        answer = await api.post(path, body)
    return answer


async def respecting_rate_limit(call: Callable[[], Awaitable[ApiAnswer]], connection: Connection,
                                now_ms: int) -> ApiAnswer | None:
    """``call()``, unless Bakong asked to wait until later (None); a 429 remembers until when (None too)."""
    if now_ms < connection.retry_not_before:
        return None
    answer = await call()
    if answer.rate_limited:
        connection.retry_not_before = now_ms + answer.retry_after_s * 1000
        return None
    return answer


# --- lookups ----------------------------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Lookup:
    """Bakong's word on one md5: a list-item status (``SUCCESS``, ``NOT_FOUND``, ``STATIC_QR``, ``FAILED``,
    ``SERVICE_FAILED``) or :data:`UNANSWERED`; ``transaction`` (with a valid ``hash``) only with ``SUCCESS``."""

    status: str
    transaction: dict[str, Any] | None = None

    @property
    def hash(self) -> str | None:
        """The transaction hash, when there is a transaction."""
        return None if self.transaction is None else self.transaction["hash"]


_STATUS_OF_ERROR = {ERROR_NOT_FOUND: "NOT_FOUND", ERROR_STATIC_QR: "STATIC_QR", ERROR_TRANSACTION_FAILED: "FAILED"}


def md5_lookup(answer: ApiAnswer) -> Lookup:
    """Bakong's answer to ``check_transaction_by_md5`` (or any single-transaction lookup) as a :class:`Lookup`."""
    if answer.ok:
        return _success(answer.data)
    if answer.status == HTTP_200_OK and answer.error_code in _STATUS_OF_ERROR:
        return Lookup(_STATUS_OF_ERROR[answer.error_code])
    return Lookup(UNANSWERED)


def list_lookups(answer: ApiAnswer, md5s: list[str]) -> list[Lookup]:
    """Bakong's answer to ``check_transaction_by_md5_list``, one :class:`Lookup` per md5 asked, in order."""
    items = answer.data if answer.ok and isinstance(answer.data, list) else []
    by_md5: dict[str, Lookup] = {}
    for item in items:
        if isinstance(item, dict) and isinstance(item.get("md5"), str):
            by_md5.setdefault(item["md5"].lower(), _item_lookup(item))
    return [by_md5.get(md5, Lookup(UNANSWERED)) for md5 in md5s]


def _item_lookup(item: dict[str, Any]) -> Lookup:
    status = item.get("status")
    if status == "SUCCESS":
        return _success(item.get("data") if item.get("data") is not None else item.get("transaction"))
    return Lookup(status) if isinstance(status, str) else Lookup(UNANSWERED)


def _success(transaction: Any) -> Lookup:
    if isinstance(transaction, dict) and _is_hash(transaction.get("hash")):
        return Lookup("SUCCESS", transaction)
    return Lookup(UNANSWERED)


async def find_by_external_ref(api: OpenApi, external_ref: str, now_ms: int) -> SwitchAnswer | None:
    """What Bakong knows of the payment with ``external_ref``: settled, failed, unknown, or None (not found)."""
    body = {"externalRef": external_ref}
    answer = await respecting_rate_limit(lambda: renewing(api, CHECK_BY_EXTERNAL_REF, body), api.connection,
                                         now_ms)
    lookup = md5_lookup(answer) if answer is not None else Lookup(UNANSWERED)
    if lookup.status == "SUCCESS" and lookup.hash is not None:
        return Committed(lookup.hash)
    if lookup.status == "NOT_FOUND":
        return None
    if lookup.status == "FAILED":
        return Rejected("TRANSACTION_FAILED", "Bakong reports the transaction as failed")
    return Unknown(f"Bakong could not say ({lookup.status})")
