"""The acquirer's Alipay+ messages, built from its books (schemas/alipay-plus/README.md §3.3-3.7).

Absent optional values are None here; the rules' ``finish`` decides how they are written (omitted). Amounts are
written in minor units with the riel's ``digits``; times with UTC+8 and milliseconds.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from ..alipay_plus import format_time, result, to_minor
from ._acquirer_books import Merchant, PushPayment, Refund
from ._acquirer_codes import Code
from ._bank import PENDING, SUCCEEDED

__all__ = ["decode_answer", "inquiry_answer", "notification", "payment_result", "push_answer", "refund_message",
           "riel", "time_text"]

MAX_MESSAGE = 256
MAX_DESCRIPTION = 256


def time_text(epoch_ms: int) -> str:
    """A date-time of a message (``paymentTime``, ``paymentExpiryTime``): UTC+8, milliseconds."""
    return format_time(epoch_ms, fraction_digits=3)


def riel(amount: Decimal, digits: int) -> dict[str, str]:
    """A riel amount as Alipay+ writes it (``AmountError`` when it is not a whole number of minor units)."""
    return to_minor(amount, "KHR", khr_minor_units=digits)


def decode_answer(code: Code, merchant: Merchant, request_id: str, digits: int) -> dict[str, Any]:
    """The ``userInitiatedPay`` answer for a code that can be paid."""
    amount = None if code.amount is None else riel(code.amount, digits)
    order = {"referenceOrderId": code.bill_number or request_id,
             "orderDescription": (code.purpose or f"Payment to {code.name}")[:MAX_DESCRIPTION],
             "orderAmount": amount,
             "merchant": {"referenceMerchantId": merchant.merchant_id, "merchantName": code.name,
                          "merchantMCC": code.mcc, "merchantAddress": {"region": "KH", "city": code.city}}}
    return {"result": result("SUCCESS"), "codeType": "ORDER_CODE" if code.dynamic else "STORE_CODE",
            "paymentRequestId": request_id, "order": order, "paymentAmount": amount,
            "paymentExpiryTime": None if code.expiry_ms is None else time_text(code.expiry_ms),
            "settlementStrategy": {"settlementCurrency": "KHR"}}


def payment_result(push: PushPayment) -> dict[str, str]:
    """The payment's result: ``S`` credited, ``U`` still processing, ``F`` with the reason."""
    if push.status == SUCCEEDED:
        return result("SUCCESS")
    if push.status == PENDING or push.reason is None:
        return result("PAYMENT_IN_PROCESS")
    code, message = push.reason
    return result(code, message[:MAX_MESSAGE])


def _paid_time(push: PushPayment) -> str | None:
    return time_text(push.paid_at) if push.status == SUCCEEDED and push.paid_at is not None else None


def push_answer(push: PushPayment) -> dict[str, Any]:
    """The ``pushPayment`` answer: the payment's result as the call's."""
    return {"result": payment_result(push), "paymentId": push.payment_id,
            "paymentRequestId": push.payment_request_id, "paymentTime": _paid_time(push)}


def inquiry_answer(push: PushPayment) -> dict[str, Any]:
    """The ``inquiryPushPayment`` answer for a payment pushed before: the call ``S``, the payment's result."""
    return {"result": result("SUCCESS"), "paymentId": push.payment_id,
            "paymentRequestId": push.payment_request_id, "paymentResult": payment_result(push),
            "paymentTime": _paid_time(push)}


def notification(push: PushPayment) -> dict[str, Any]:
    """The ``notifyPushPayment`` request: the result, and when ``S`` the paymentRequestId and paymentTime."""
    paid = push.status == SUCCEEDED
    return {"paymentResult": payment_result(push), "paymentId": push.payment_id,
            "paymentRequestId": push.payment_request_id if paid else None, "paymentTime": _paid_time(push)}


def refund_message(refund: Refund, request_id: str, digits: int) -> dict[str, Any]:
    """The ``refund`` request, asked with ``request_id``."""
    return {"paymentId": refund.payment_id, "refundRequestId": request_id,
            "refundAmount": riel(refund.amount, digits), "refundReason": None}
