"""Alipay+ result codes and their status: ``S`` success and ``F`` failure are final, ``U`` is never final."""

from __future__ import annotations

from typing import Any

__all__ = ["RESULT_CODES", "result", "result_status"]

RESULT_CODES: dict[str, tuple[str, str]] = {
    "SUCCESS": ("S", "Success"),
    "PAYMENT_IN_PROCESS": ("U", "The payment is being processed"),
    "UNKNOWN_EXCEPTION": ("U", "An unknown exception occurred"),
    "REQUEST_TRAFFIC_EXCEED_LIMIT": ("U", "Too many requests; try again later"),
    "PROCESS_FAIL": ("F", "A general business failure occurred"),
    "PARAM_ILLEGAL": ("F", "Illegal parameters"),
    "INVALID_SIGNATURE": ("F", "The signature is invalid"),
    "INVALID_CLIENT": ("F", "The client is invalid"),
    "KEY_NOT_FOUND": ("F", "The key is not found"),
    "ACCESS_DENIED": ("F", "Access is denied"),
    "REPEAT_REQ_INCONSISTENT": ("F", "The repeated request is inconsistent"),
    "ORDER_NOT_EXIST": ("F", "The order does not exist"),
    "ORDER_IS_CLOSED": ("F", "The order is closed"),
    "INVALID_CODE": ("F", "The code is invalid"),
    "EXPIRED_CODE": ("F", "The code has expired"),
    "MERCHANT_NOT_REGISTERED": ("F", "The merchant is not registered"),
    "MERCHANT_KYB_NOT_QUALIFIED": ("F", "The merchant is not qualified"),
    "CURRENCY_NOT_SUPPORT": ("F", "The currency is not supported"),
    "RISK_REJECT": ("F", "Rejected for risk reasons"),
    "USER_BALANCE_NOT_ENOUGH": ("F", "The user's balance is not enough"),
    "USER_AMOUNT_EXCEED_LIMIT": ("F", "The amount exceeds the user's limit"),
    "REFUND_AMOUNT_EXCEED": ("F", "The refund amount exceeds what can be refunded"),
    "CANCEL_WINDOW_EXCEED": ("F", "Too late to cancel; refund instead"),
}
"""The codes this harness uses, with their status and a message (Alipay+'s common and payment result codes;
``REFUND_AMOUNT_EXCEED`` is the code of Alipay+'s acquiring refund API, taken by this harness for push refunds)."""


def result(code: str, message: str | None = None) -> dict[str, Any]:
    """The ``result`` object of ``code`` (a key of :data:`RESULT_CODES`)."""
    status, default = RESULT_CODES[code]
    return {"resultCode": code, "resultStatus": status, "resultMessage": message or default}


def result_status(code: str) -> str:
    """``S``, ``F`` or ``U`` for ``code``."""
    return RESULT_CODES[code][0]
