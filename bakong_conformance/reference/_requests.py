"""Reading the bodies of the sandbox, payment and confirmation operations into typed requests.

Each reader follows its request schema in schemas/participant-api/v1 (the Alipay+ sandbox operations:
schemas/alipay-plus/README.md §6) and raises :class:`BadRequest` (answered 400 BAD_REQUEST) for a body that does
not: a missing or unknown member, a wrong type, a value out of pattern.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from decimal import Decimal
from typing import Any, TypeVar

import httpx
from starlette.requests import Request
from starlette.responses import JSONResponse

from ..alipay_plus import load_public_key
from ._alipay_client import AlipayConnection
from ._alipay_refunds import RefundRequest
from ._bakong_client import Connection
from ._http import error, read_body
from ._orders import Order
from ._payments import PayRequest
from ._wallet import ScanRequest

T = TypeVar("T")

__all__ = ["BadRequest", "account_request", "alipay_connection", "bakong_connection", "clock_request",
           "confirmation_request", "merchant_request", "payment_request", "query_now", "read_request", "refund_request",
           "scan_confirmation_request", "scan_request"]

CURRENCY = ("KHR", "USD")
MAX_ORDERS = 500
MAX_NOW = 9_999_999_999_999
_ACCOUNT_ID = re.compile(r"[^@\s]{1,31}@[^@\s]{1,31}")
_BALANCE = re.compile(r"(0|[1-9][0-9]{0,12})(\.[0-9]{1,2})?")
_AMOUNT = re.compile(r"[0-9]{1,13}(\.[0-9]{1,13})?")
_KEY = re.compile(r"[A-Za-z0-9_-]{16,64}")
_MD5 = re.compile(r"[0-9a-f]{32}")
_DIGITS = re.compile(r"[0-9]{1,13}")
_CREDENTIAL = re.compile(r"[\x21-\x7e]{16,512}")
_KEY_VERSION = re.compile(r"0|[1-9][0-9]{0,8}")
_MCC = re.compile(r"[0-9]{4}")
_RIEL = re.compile(r"[1-9][0-9]{0,12}")
_REFUND_KEY = re.compile(r"[A-Za-z0-9_-]{1,64}")
KYB = ("PASSED", "FAILED")
MAX_MINOR_UNITS, MAX_TOLERANCE_S = 4, 86_400
MAX_CODE_VALUE = 512


class BadRequest(ValueError):
    """Raised when a body does not follow its request schema."""


async def read_request(request: Request, read: Callable[[dict[str, Any]], T]) -> T | JSONResponse:
    """What ``read`` makes of the request's JSON body, or the 400 answer for a body that is not JSON or does not
    follow its schema (``read`` raises :class:`BadRequest`)."""
    body = await read_body(request)
    if isinstance(body, JSONResponse):
        return body
    try:
        return read(body)
    except BadRequest as bad:
        return error(400, "BAD_REQUEST", str(bad))


def _members(body: Mapping[str, Any], required: tuple[str, ...], optional: tuple[str, ...] = ()) -> None:
    missing = [k for k in required if k not in body]
    unknown = sorted(set(body) - {*required, *optional})
    if missing or unknown:
        raise BadRequest(f"missing {missing}, unknown {unknown}" if missing and unknown
                         else f"missing {missing}" if missing else f"unknown members {unknown}")


def _text(body: Mapping[str, Any], key: str, max_len: int, pattern: re.Pattern[str] | None = None) -> str:
    value = body[key]
    if not isinstance(value, str) or not 1 <= len(value) <= max_len:
        raise BadRequest(f"{key}: a string of 1 to {max_len} characters expected")
    if pattern is not None and not pattern.fullmatch(value):
        raise BadRequest(f"{key}: {value!r} does not match {pattern.pattern}")
    return value


def _credential(body: Mapping[str, Any], key: str) -> str:
    """A secret: checked like a text, but never repeated in the error."""
    value = body[key]
    if not isinstance(value, str) or not _CREDENTIAL.fullmatch(value):
        raise BadRequest(f"{key}: 16 to 512 printable ASCII characters without spaces expected")
    return value


def _choice(body: Mapping[str, Any], key: str, choices: tuple[str, ...]) -> str:
    if body[key] not in choices:
        raise BadRequest(f"{key}: one of {list(choices)} expected")
    return str(body[key])


def _now(body: Mapping[str, Any], clock: Callable[[], int]) -> int:
    now = body.get("sandboxNow")
    if now is None and "sandboxNow" not in body:
        return clock()
    if not isinstance(now, int) or isinstance(now, bool) or not 0 <= now <= MAX_NOW:
        raise BadRequest("sandboxNow: an integer of epoch milliseconds expected")
    return now


def query_now(value: str | None, clock: Callable[[], int]) -> int:
    """The ``sandboxNow`` query parameter, else the clock."""
    if value is None:
        return clock()
    if not _DIGITS.fullmatch(value):
        raise BadRequest("sandboxNow: an integer of epoch milliseconds expected")
    return int(value)


def _url(body: Mapping[str, Any], key: str) -> str:
    value = _text(body, key, 2048)
    try:
        url = httpx.URL(value)
    except httpx.InvalidURL as bad:
        raise BadRequest(f"{key}: not a URL: {bad}") from bad
    if url.scheme not in ("http", "https") or not url.host:
        raise BadRequest(f"{key}: an http or https URL expected")
    return value


def bakong_connection(body: Mapping[str, Any]) -> Connection:
    """``bakong-connection.schema.json`` → a fresh :class:`Connection` (no remembered wait)."""
    _members(body, ("switchUrl", "switchCredential", "openApiUrl", "openApiEmail", "openApiToken"))
    return Connection(_url(body, "switchUrl"), _credential(body, "switchCredential"),
                      _url(body, "openApiUrl"), _text(body, "openApiEmail", 30), _text(body, "openApiToken", 4096))


def _integer(body: Mapping[str, Any], key: str, minimum: int, maximum: int) -> int:
    value = body[key]
    if not isinstance(value, int) or isinstance(value, bool) or not minimum <= value <= maximum:
        raise BadRequest(f"{key}: an integer from {minimum} to {maximum} expected")
    return value


def alipay_connection(body: Mapping[str, Any]) -> AlipayConnection:
    """``alipay-plus-connection.schema.json`` → a fresh :class:`AlipayConnection`."""
    _members(body, ("alipayPlusUrl", "alipayPlusPublicKey", "alipayPlusKeyVersion", "khrMinorUnits",
                    "requestTimeToleranceS"))
    try:
        key = load_public_key(_text(body, "alipayPlusPublicKey", 4096))
    except ValueError as bad:
        raise BadRequest(f"alipayPlusPublicKey: not an RSA public key (PEM) of at least 2048 bits: {bad}") from bad
    return AlipayConnection(_url(body, "alipayPlusUrl"), {_text(body, "alipayPlusKeyVersion", 9, _KEY_VERSION): key},
                            _integer(body, "khrMinorUnits", 0, MAX_MINOR_UNITS),
                            _integer(body, "requestTimeToleranceS", 1, MAX_TOLERANCE_S))


def merchant_request(body: Mapping[str, Any]) -> tuple[str, str, str, str, str]:
    """``merchant-request.schema.json`` → (name, city, mcc, currency, kyb)."""
    _members(body, ("name", "city", "mcc", "currency", "kyb"))
    return (_text(body, "name", 25), _text(body, "city", 15), _text(body, "mcc", 4, _MCC),
            _choice(body, "currency", CURRENCY), _choice(body, "kyb", KYB))


def refund_request(body: Mapping[str, Any], clock: Callable[[], int]) -> RefundRequest:
    """``alipay-plus-refund-request.schema.json`` → :class:`RefundRequest` (riel: a whole number, more than
    zero)."""
    _members(body, ("paymentId", "refundAmount", "refundKey"), ("sandboxNow",))
    return RefundRequest(_text(body, "paymentId", 64), Decimal(_text(body, "refundAmount", 13, _RIEL)),
                         _text(body, "refundKey", 64, _REFUND_KEY), _now(body, clock))


def scan_request(body: Mapping[str, Any], clock: Callable[[], int]) -> ScanRequest:
    """``scanAlipayPlusCode``'s body (schemas/alipay-plus/README.md §6) → :class:`ScanRequest`."""
    _members(body, ("accountId", "codeValue"), ("sandboxNow",))
    return ScanRequest(_text(body, "accountId", 32, _ACCOUNT_ID), _text(body, "codeValue", MAX_CODE_VALUE),
                       _now(body, clock))


def scan_confirmation_request(body: Mapping[str, Any], clock: Callable[[], int]) -> int:
    """``confirmAlipayPlusPayment``'s body (schemas/alipay-plus/README.md §6) → the sandbox time."""
    _members(body, (), ("sandboxNow",))
    return _now(body, clock)


def clock_request(body: Mapping[str, Any]) -> int:
    """``clock-request.schema.json`` → the sandbox time reached."""
    _members(body, ("sandboxNow",))
    return _now(body, lambda: 0)


def account_request(body: Mapping[str, Any]) -> tuple[str, Decimal, Decimal | None]:
    """``account-request.schema.json`` → (currency, opening balance, Alipay+ payment limit or None)."""
    _members(body, ("currency", "balance"), ("alipayPlusLimit",))
    limit = Decimal(_text(body, "alipayPlusLimit", 16, _BALANCE)) if "alipayPlusLimit" in body else None
    return _choice(body, "currency", CURRENCY), Decimal(_text(body, "balance", 16, _BALANCE)), limit


def payment_request(body: Mapping[str, Any], clock: Callable[[], int]) -> PayRequest:
    """``payment-request.schema.json`` → :class:`PayRequest`."""
    _members(body, ("fromAccountId", "qr", "idempotencyKey"), ("amount", "sandboxNow"))
    amount = _text(body, "amount", 27, _AMOUNT) if "amount" in body else None
    return PayRequest(_text(body, "fromAccountId", 32, _ACCOUNT_ID), _text(body, "qr", 1024), amount,
                      _text(body, "idempotencyKey", 64, _KEY), _now(body, clock))


def confirmation_request(body: Mapping[str, Any], clock: Callable[[], int]) -> tuple[list[Order], int]:
    """``confirmation-request.schema.json`` → (orders, sandbox time)."""
    _members(body, ("orders",), ("sandboxNow",))
    orders = body["orders"]
    if not isinstance(orders, list) or not 1 <= len(orders) <= MAX_ORDERS:
        raise BadRequest(f"orders: a list of 1 to {MAX_ORDERS} orders expected")
    return [_order(order) for order in orders], _now(body, clock)


def _order(item: Any) -> Order:
    if not isinstance(item, dict):
        raise BadRequest("orders: every order is an object")
    _members(item, ("orderId", "md5", "toAccountId", "amount", "currency"))
    return Order(_text(item, "orderId", 64), _text(item, "md5", 32, _MD5),
                 _text(item, "toAccountId", 32, _ACCOUNT_ID), _text(item, "amount", 27, _AMOUNT),
                 _choice(item, "currency", CURRENCY))
