"""Reading the fields of Alipay+'s requests to the acquirer (schemas/alipay-plus/README.md §2, §3.3-3.5).

Every value is a string (arrays and objects aside); an optional one may be omitted or null. A request missing a
required field, or with a value of the wrong kind or length, is refused ``PARAM_ILLEGAL``; fields this contract
does not name are ignored, as Alipay+ may add some.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ._alipay_refusal import Refused

__all__ = ["InquiryRequest", "PushRequest", "decode_request", "inquiry_request", "push_request"]

MAX_CODE = 512
MAX_ID = 64


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
