"""The wallet's answers to the sandbox operations and its Alipay+ messages, built from its books
(schemas/alipay-plus/README.md §4, §6).

Absent optional values are None here; the rules' ``finish`` decides how Alipay+ messages write them (omitted).
Times are written with UTC+8 and milliseconds; riel in the sandbox operations' answers is a decimal string of
major units (Participant API), in Alipay+ messages an Alipay+ amount.
"""

from __future__ import annotations

from typing import Any

from ..alipay_plus import result
from ._acquirer_messages import time_text
from ._bank import money_text
from ._wallet_books import SUCCEEDED, Scan, WalletPayment

__all__ = ["confirmation_view", "inquiry_answer", "notification", "payment_result", "scan_view",
           "unconfirmable_view"]

MAX_MESSAGE = 256


def scan_view(scan: Scan) -> dict[str, Any]:
    """``scanAlipayPlusCode``'s answer."""
    return {"scanId": scan.scan_id, "status": scan.status, "paymentRequestId": scan.payment_request_id,
            "shown": scan.shown, "reason": scan.reason}


def _reason(payment: WalletPayment) -> dict[str, str]:
    code, message = payment.reason or ("PROCESS_FAIL", "the payment failed")
    return {"code": code, "message": message}


def confirmation_view(payment: WalletPayment) -> dict[str, Any]:
    """``confirmAlipayPlusPayment``'s answer: ``SUCCEEDED`` with the riel debited, else ``FAILED`` and why."""
    if payment.status == SUCCEEDED:
        return {"status": SUCCEEDED, "paymentRequestId": payment.request_id, "paymentId": payment.payment_id,
                "debited": money_text(payment.debited, "KHR"), "reason": None}
    return {"status": "FAILED", "paymentRequestId": payment.request_id, "paymentId": payment.payment_id,
            "debited": None, "reason": _reason(payment)}


def unconfirmable_view(scan: Scan) -> dict[str, Any]:
    """The confirmation of a refused scan: ``FAILED`` for the scan's reason, nothing debited."""
    return {"status": "FAILED", "paymentRequestId": scan.payment_request_id, "paymentId": None, "debited": None,
            "reason": scan.reason}


def payment_result(payment: WalletPayment) -> dict[str, Any]:
    """A decided payment's result: ``S`` debited, else ``F`` with the reason."""
    if payment.status == SUCCEEDED:
        return result("SUCCESS")
    code, message = payment.reason or ("PROCESS_FAIL", "the payment failed")
    return result(code, message[:MAX_MESSAGE])


def _paid(payment: WalletPayment) -> dict[str, Any]:
    """What a debited payment's messages carry: the ids, the time, the amounts as Alipay+ gave them (the riel
    amount the one charged) and the customer."""
    paid = payment.status == SUCCEEDED
    return {"paymentId": payment.payment_id if paid else None,
            "paymentTime": time_text(payment.paid_at) if paid and payment.paid_at is not None else None,
            "paymentAmount": dict(payment.order.payment_amount) if paid else None,
            "payToAmount": dict(payment.charged) if paid and payment.charged is not None else None,
            "customerId": payment.customer_id}


def notification(payment: WalletPayment) -> dict[str, Any]:
    """The ``notifyPayment`` request of a decided payment."""
    return {"paymentResult": payment_result(payment), "paymentRequestId": payment.request_id, **_paid(payment)}


def inquiry_answer(payment: WalletPayment, unconfirmed: dict[str, Any] | None) -> dict[str, Any]:
    """The ``inquiryPayment`` answer for a known payment: the call ``S``, and the payment's result
    (``unconfirmed`` while the customer has not confirmed)."""
    found = unconfirmed if unconfirmed is not None else payment_result(payment)
    answer = {"result": result("SUCCESS"), "paymentResult": found, **_paid(payment)}
    if payment.status != SUCCEEDED:
        answer["paymentId"] = payment.payment_id
    return answer
