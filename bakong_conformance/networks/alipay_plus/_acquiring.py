"""Alipay+'s side of Push Mode when the participant calls it: the payment results it is notified of and the
refunds it is asked for (``schemas/alipay-plus/README.md`` §3.6–3.7).

Alipay+ refunds only payments it knows succeeded (the harness tells it, :meth:`Payments.succeeded`), never above
what is left of one, once per ``refundRequestId`` (a repeat gets the first answer; the same id with another
payment or amount is ``REPEAT_REQ_INCONSISTENT``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ...alipay_plus import AmountError, format_time, from_minor, result

__all__ = ["Payments", "notify_push_payment_answer"]


@dataclass
class _Paid:
    amount: dict[str, str]
    refunded: int = 0


@dataclass
class Payments:
    """The push payments Alipay+ holds as succeeded, and the refunds made of them."""

    paid: dict[str, _Paid] = field(default_factory=dict)
    refunds: dict[str, tuple[str, str, dict[str, Any]]] = field(default_factory=dict)
    count: int = 0

    def clear(self) -> None:
        """Forget every payment and refund."""
        self.paid.clear()
        self.refunds.clear()
        self.count = 0

    def succeeded(self, payment_id: str, amount: dict[str, str]) -> None:
        """Alipay+ knows the payment ``payment_id`` of ``amount`` (an Alipay+ amount) succeeded."""
        self.paid.setdefault(payment_id, _Paid(dict(amount)))

    def refunded_value(self, payment_id: str) -> int:
        """How many minor units of the payment were refunded."""
        found = self.paid.get(payment_id)
        return found.refunded if found is not None else 0

    def refund(self, body: Any, now_ms: int, khr_minor_units: int) -> dict[str, Any]:
        """The answer to a ``refund`` request ``body`` (and the refund made, if it is one)."""
        if not isinstance(body, dict):
            return {"result": result("PARAM_ILLEGAL", "the body is not a JSON object")}
        payment_id, refund_id, amount = body.get("paymentId"), body.get("refundRequestId"), body.get("refundAmount")
        if not isinstance(payment_id, str) or not isinstance(refund_id, str) or not payment_id or not refund_id:
            return {"result": result("PARAM_ILLEGAL", "paymentId and refundRequestId are required strings")}
        try:
            currency, _ = from_minor(amount, khr_minor_units=khr_minor_units)
        except AmountError as bad:
            return {"result": result("PARAM_ILLEGAL", f"refundAmount: {bad}")}
        value = str(amount["value"])  # type: ignore[index]
        if refund_id in self.refunds:
            first_payment, first_value, answer = self.refunds[refund_id]
            if (first_payment, first_value) == (payment_id, value):
                return answer
            return {"result": result("REPEAT_REQ_INCONSISTENT",
                                     "this refundRequestId was used for another payment or amount")}
        paid = self.paid.get(payment_id)
        if paid is None:
            return {"result": result("ORDER_NOT_EXIST", "Alipay+ holds no successful payment with this paymentId")}
        if currency != paid.amount["currency"]:
            return {"result": result("CURRENCY_NOT_SUPPORT", "a refund is in the payment's currency")}
        if paid.refunded + int(value) > int(paid.amount["value"]):
            return {"result": result("REFUND_AMOUNT_EXCEED", "the refunds would exceed the payment")}
        paid.refunded += int(value)
        self.count += 1
        answer = {"result": result("SUCCESS"), "refundId": f"2026{self.count:024d}",
                  "refundTime": format_time(now_ms), "refundAmount": {"currency": currency, "value": value}}
        self.refunds[refund_id] = (payment_id, value, answer)
        return answer


def notify_push_payment_answer(body: Any) -> dict[str, Any]:
    """Alipay+'s acknowledgement of a ``notifyPushPayment`` ``body``: ``S`` for a notification it can read
    (whether its content is right is for the checks to judge), ``F`` ``PARAM_ILLEGAL`` otherwise."""
    if not isinstance(body, dict) or not isinstance(body.get("paymentId"), str) \
            or not isinstance(body.get("paymentResult"), dict):
        return {"result": result("PARAM_ILLEGAL", "paymentId and paymentResult are required")}
    return {"result": result("SUCCESS")}
