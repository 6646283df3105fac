"""A merchant's refunds of Alipay+ payments, through Alipay+ (``refundAlipayPlusPayment`` → ``refund``,
schemas/alipay-plus/README.md §3.7 and §6).

One refund per refund key, one ``refundRequestId`` each. A refund of an unknown or uncredited payment, or above
what is left of the payment, is refused without calling Alipay+. Otherwise Alipay+ is asked: ``S`` debits the
merchant (once), ``F`` refuses the refund; no answer, an unverifiable one or ``U`` asks again at once, then the
refund is pending and asked again at each ``advanceSandbox`` (and when the same key comes again).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from ._acquirer_books import REFUSED, AcquirerBooks, Refund
from ._acquirer_messages import refund_message
from ._acquirer_rules import AcquirerRules
from ._alipay_client import AlipayConnection, AlipayPlus, result_status
from ._bank import PENDING, SUCCEEDED

__all__ = ["REFUND", "RefundConflict", "RefundRequest", "Refunds", "refund_view"]

REFUND = "refund"


@dataclass(frozen=True, slots=True)
class RefundRequest:
    """A ``refundAlipayPlusPayment`` body: ``amount`` in riel, ``now`` the sandbox time."""

    payment_id: str
    amount: Decimal
    key: str
    now: int


class RefundConflict(ValueError):
    """Raised when a refund key comes back for another payment or amount."""


def refund_view(refund: Refund) -> dict[str, Any]:
    """The refund as Participant API 1.2 writes it."""
    return {"status": refund.status, "refundRequestId": refund.request_id, "reason": refund.reason}


class Refunds:
    """Merchants' refunds under ``rules``, asked of the Alipay+ ``connection()`` gives."""

    def __init__(self, rules: AcquirerRules, books: AcquirerBooks, alipay: AlipayPlus,
                 connection: Callable[[], AlipayConnection | None]) -> None:
        self.rules, self.books, self.alipay, self.connection = rules, books, alipay, connection

    async def refund(self, request: RefundRequest) -> Refund:
        """The refund of ``request.key``: made (or refused) once; a pending one asked again."""
        known = self.books.refunds.get(request.key)
        if known is not None:
            if (known.payment_id, known.amount) != (request.payment_id, request.amount):
                raise RefundConflict(f"refund key {request.key} was used for another payment or amount")
            if known.status == PENDING:
                await self._ask(known, request.now, again=True)
            return known
        refund = Refund(request.key, request.payment_id, request.amount)
        refusal = self._refusal(refund)
        self.books.refunds[refund.key] = refund
        if refusal is not None:
            refund.status, refund.reason = REFUSED, refusal
            return refund
        refund.request_id = self.books.new_refund_id()
        await self._ask(refund, request.now, again=False)
        if refund.status == PENDING:
            await self._ask(refund, request.now, again=True)
        return refund

    def _refusal(self, refund: Refund) -> dict[str, str] | None:
        """Why the refund is refused without asking Alipay+, or None."""
        push = self.books.pushes.get(refund.payment_id)
        if push is None or push.status != SUCCEEDED:
            return {"code": "ORDER_NOT_EXIST", "message": f"no credited Alipay+ payment {refund.payment_id}"}
        left = push.amount - self.books.refunding(refund.payment_id)
        if not self.rules.refundable(left, refund.amount):
            return {"code": "REFUND_AMOUNT_EXCEED", "message": f"only {left} riel of the payment is left to refund"}
        return None

    async def retry_pending(self, now_ms: int) -> None:
        """Ask Alipay+ again about every pending refund (``advanceSandbox``)."""
        for refund in [r for r in self.books.refunds.values() if r.status == PENDING]:
            await self._ask(refund, now_ms, again=True)

    async def _ask(self, refund: Refund, now_ms: int, *, again: bool) -> None:
        connection = self.connection()
        if connection is None or refund.request_id is None:
            return
        if again:
            refund.request_id = self.rules.retry_id(refund.request_id)
        digits = self.rules.khr_digits(connection.khr_minor_units)
        answer = await self.alipay.call(connection, REFUND, refund_message(refund, refund.request_id, digits), now_ms)
        status = result_status(answer)
        if self.rules.debits_on(status):
            self._debit(refund)
        if status == "F" and answer is not None:
            refund.status, refund.reason = REFUSED, _reason(answer["result"])

    def _debit(self, refund: Refund) -> None:
        """Alipay+ refunded: the merchant is debited, once."""
        merchant = self.books.pushes[refund.payment_id].merchant
        if merchant is not None:
            merchant.account.balance -= refund.amount
        refund.status = SUCCEEDED


def _reason(found: dict[str, Any]) -> dict[str, str]:
    """Alipay+'s refusal, as the refund's reason."""
    code, message = found.get("resultCode"), found.get("resultMessage")
    return {"code": code if isinstance(code, str) else "PROCESS_FAIL",
            "message": message if isinstance(message, str) else "Alipay+ refused the refund"}
