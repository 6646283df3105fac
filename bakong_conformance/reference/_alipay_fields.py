"""Reading the fields of Alipay+'s requests to the acquirer and to the wallet, and of its answer to the wallet's
``userInitiatedPay`` (schemas/alipay-plus/README.md §2, §3.3-3.5, §4).

Every value is a string (arrays and objects aside); an optional one may be omitted or null. A request missing a
required field, or with a value of the wrong kind or length, is refused ``PARAM_ILLEGAL``; fields this contract
does not name are ignored, as Alipay+ may add some. An answer is read the same way (``PARAM_ILLEGAL``: the wallet
cannot show it).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ..alipay_plus import TimeError, parse_time
from ._alipay_refusal import Refused
from ._wallet_books import MerchantOrder

__all__ = ["InquiryRequest", "PushRequest", "WalletRefundRequest", "decode_request", "inquiry_request",
           "merchant_order", "push_request", "wallet_refund_request", "wallet_request"]

MAX_CODE = 512
MAX_ID = 64
MAX_TEXT = 256
_CURRENCY = re.compile(r"[A-Z]{3}")
_MINOR_UNITS = re.compile(r"0|[1-9][0-9]{0,17}")


@dataclass(frozen=True, slots=True)
class PushRequest:
    """A ``pushPayment``: ``amount`` is the ``paymentAmount`` object as sent."""

    payment_id: str
    code_value: str
    amount: dict[str, str]
    payment_request_id: str | None

    @property
    def fingerprint(self) -> tuple[str, str, str, str | None]:
        """What a repeat of the same ``paymentId`` must carry again."""
        return self.code_value, self.amount["currency"], self.amount["value"], self.payment_request_id


@dataclass(frozen=True, slots=True)
class InquiryRequest:
    """An ``inquiryPushPayment``."""

    payment_id: str
    code_value: str
    payment_request_id: str | None


@dataclass(frozen=True, slots=True)
class WalletRefundRequest:
    """A ``refund`` Alipay+ asks of the wallet: ``amount`` is the ``refundAmount`` object as sent; ``payment_id``
    the wallet's ``paymentId`` when Alipay+ names it (optional)."""

    payment_request_id: str
    refund_request_id: str
    amount: dict[str, str]
    payment_id: str | None = None

    @property
    def fingerprint(self) -> tuple[str, str, str]:
        """What a repeat of the same ``refundRequestId`` must carry again."""
        return self.payment_request_id, self.amount["currency"], self.amount["value"]


def _text(body: Mapping[str, Any], key: str, max_len: int, *, required: bool = True) -> str | None:
    value = body.get(key)
    if value is None and not required:
        return None
    if not isinstance(value, str) or not 1 <= len(value) <= max_len:
        raise Refused("PARAM_ILLEGAL", f"{key}: a string of 1 to {max_len} characters is required")
    return value


def _required(body: Mapping[str, Any], key: str, max_len: int = MAX_ID) -> str:
    return str(_text(body, key, max_len))


def _amount(body: Mapping[str, Any], key: str) -> dict[str, str]:
    value = body.get(key)
    if not isinstance(value, dict) or set(value) != {"currency", "value"} \
            or not all(isinstance(part, str) for part in value.values()):
        raise Refused("PARAM_ILLEGAL", f"{key}: an amount {{currency, value}} of strings is required")
    return dict(value)


def decode_request(body: Mapping[str, Any]) -> str:
    """A ``userInitiatedPay``: its ``codeValue`` (``acquirerId``, ``pspId``, ``customerId`` optional)."""
    for key in ("acquirerId", "pspId", "customerId"):
        _text(body, key, MAX_ID, required=False)
    return _required(body, "codeValue", MAX_CODE)


def push_request(body: Mapping[str, Any]) -> PushRequest:
    """A ``pushPayment`` (``acquirerId``, ``pspId``, ``codeValue``, ``paymentId``, ``paymentAmount`` required)."""
    _required(body, "acquirerId")
    _required(body, "pspId")
    for key in ("paymentTime", "customerId", "walletBrandName"):
        _text(body, key, MAX_ID, required=False)
    return PushRequest(_required(body, "paymentId"), _required(body, "codeValue", MAX_CODE),
                       _amount(body, "paymentAmount"), _text(body, "paymentRequestId", MAX_ID, required=False))


def inquiry_request(body: Mapping[str, Any]) -> InquiryRequest:
    """An ``inquiryPushPayment`` (``acquirerId``, ``pspId``, ``codeValue``, ``paymentId`` required)."""
    _required(body, "acquirerId")
    _required(body, "pspId")
    return InquiryRequest(_required(body, "paymentId"), _required(body, "codeValue", MAX_CODE),
                          _text(body, "paymentRequestId", MAX_ID, required=False))


# --- the wallet (MPP) -----------------------------------------------------------------------------------------------
def wallet_request(body: Mapping[str, Any]) -> str:
    """An ``inquiryPayment`` or ``cancelPayment``: its ``paymentRequestId`` (``acquirerId``, ``pspId`` optional)."""
    for key in ("acquirerId", "pspId"):
        _text(body, key, MAX_ID, required=False)
    return _required(body, "paymentRequestId")


def _money(body: Mapping[str, Any], key: str) -> dict[str, str]:
    """An amount whose currency is ISO 4217 alpha-3 and whose value is a natural number of minor units."""
    amount = _amount(body, key)
    if not _CURRENCY.fullmatch(amount["currency"]) or not _MINOR_UNITS.fullmatch(amount["value"]):
        raise Refused("PARAM_ILLEGAL", f"{key}: a currency of three capitals and a natural number of minor units "
                                       "are required")
    return amount


def _riel(body: Mapping[str, Any], key: str) -> dict[str, str]:
    """A riel amount of more than nothing."""
    amount = _money(body, key)
    if amount["currency"] != "KHR":
        raise Refused("CURRENCY_NOT_SUPPORT", f"{key}: the wallet pays and is refunded in riel (KHR) only")
    if amount["value"] == "0":
        raise Refused("PARAM_ILLEGAL", f"{key}: more than zero is required")
    return amount


def wallet_refund_request(body: Mapping[str, Any]) -> WalletRefundRequest:
    """A ``refund`` of the wallet (``paymentRequestId``, ``refundRequestId``, ``refundAmount`` in riel required;
    ``acquirerId``, ``pspId``, ``paymentId``, ``refundReason`` optional)."""
    for key in ("acquirerId", "pspId"):
        _text(body, key, MAX_ID, required=False)
    _text(body, "refundReason", MAX_TEXT, required=False)
    return WalletRefundRequest(_required(body, "paymentRequestId"), _required(body, "refundRequestId"),
                               _riel(body, "refundAmount"), _text(body, "paymentId", MAX_ID, required=False))


def _object(body: Mapping[str, Any], key: str) -> Mapping[str, Any]:
    value = body.get(key)
    if not isinstance(value, dict):
        raise Refused("PARAM_ILLEGAL", f"{key}: an object is required")
    return value


def merchant_order(answer: Mapping[str, Any]) -> MerchantOrder:
    """Alipay+'s ``S`` answer to the wallet's ``userInitiatedPay``: what the customer is shown and pays."""
    merchant = _object(_object(answer, "order"), "merchant")
    quote = _object(answer, "paymentQuote")
    for key in ("quoteId", "quoteCurrencyPair", "quotePrice"):
        _required(quote, key)
    expiry = _required(answer, "paymentExpiryTime")
    try:
        expiry_ms = parse_time(expiry)
    except TimeError as bad:
        raise Refused("PARAM_ILLEGAL", f"paymentExpiryTime: {bad}") from bad
    return MerchantOrder(_required(answer, "paymentRequestId"), str(_text(merchant, "merchantName", MAX_TEXT)),
                         _money(answer, "paymentAmount"), _riel(answer, "payToAmount"), dict(quote), expiry_ms,
                         expiry)
