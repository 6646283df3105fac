"""Acquiring for KHQR merchants paid by Alipay+ wallets (Push Mode): decoding codes, taking pushed payments and
answering inquiries, as a conformant ACQP does (schemas/alipay-plus/README.md §3.2-3.5).

The engine (:class:`Acquirer`) runs the steps in a fixed order. A code: valid (``INVALID_CODE``,
``EXPIRED_CODE``), one of its merchants (``MERCHANT_NOT_REGISTERED``), in riel (``CURRENCY_NOT_SUPPORT``), the
merchant qualified (``MERCHANT_KYB_NOT_QUALIFIED``), a dynamic code not paid yet (``ORDER_IS_CLOSED``). A push:
a repeat of its ``paymentId`` (answered as the first) or a new payment, the code, the amount, then one payment
instruction through Bakong from the participant's Alipay+ settlement account to the merchant's account, which
credits the merchant when Bakong committed it. An unknown Bakong outcome leaves the payment pending (``U``) until
Bakong's answer is learnt, the way the domestic payer learns it. What each step decides is a piece of
:class:`~._acquirer_rules.AcquirerRules`.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

import anyio

from ..alipay_plus import AmountError, from_minor
from ._acquirer_books import AcquirerBooks, Merchant, PushPayment
from ._acquirer_codes import RIEL, Code, read_code
from ._acquirer_messages import decode_answer, inquiry_answer, notification, push_answer
from ._acquirer_rules import AcquirerRules
from ._alipay_client import AlipayConnection
from ._alipay_fields import InquiryRequest, PushRequest
from ._alipay_notify import Notifier
from ._alipay_refusal import Refused
from ._bakong_client import Committed, Rejected, SwitchAnswer, Unknown
from ._bank import ACCOUNT_DOMAIN, PENDING, REJECTED, SUCCEEDED, Payment, money_text
from ._payments import Link

__all__ = ["SETTLEMENT_ACCOUNT", "Acquirer"]

SETTLEMENT_ACCOUNT = f"alipayplus@{ACCOUNT_DOMAIN}"
"""The participant's own Alipay+ settlement account, which every credit to a merchant is paid from."""
BAKONG_KEY_PREFIX = "alipayplus-"


class Acquirer:
    """Decodes codes and takes pushed payments under ``rules``, crediting merchants through the Bakong
    ``link()`` gives and offering each decided result to ``notifier``; learning one payment's outcome from
    Bakong takes at most ``resolve_budget_s`` (what is not learnt then is asked again later)."""

    def __init__(self, rules: AcquirerRules, books: AcquirerBooks, link: Callable[[], Link | None],
                 notifier: Notifier, resolve_budget_s: float) -> None:
        self.rules, self.books, self.link, self.notifier = rules, books, link, notifier
        self.resolve_budget_s = resolve_budget_s

    # --- userInitiatedPay ----------------------------------------------------------------------------------------
    async def decode(self, code_value: str, connection: AlipayConnection, now_ms: int) -> dict[str, Any]:
        """The ``userInitiatedPay`` answer; :class:`Refused` for a code that cannot be paid."""
        code, merchant = self._payable(code_value, now_ms)
        remembered = self.rules.remembered(self.books.decoded, code_value, code.dynamic)
        if remembered is not None:
            return remembered
        try:
            answer = decode_answer(code, merchant, self.books.new_request_id(), self._digits(connection))
        except AmountError as bad:
            raise Refused("INVALID_CODE", f"the code's amount cannot be written in minor units: {bad}") from bad
        if code.dynamic:
            self.books.decoded[code_value] = answer
        return answer

    def _payable(self, code_value: str, now_ms: int) -> tuple[Code, Merchant]:
        code = read_code(code_value, self.rules.findings(code_value, now_ms))
        merchant = self.books.merchants.get(code.merchant_account or "")
        if merchant is None:
            raise Refused("MERCHANT_NOT_REGISTERED", "the code's Bakong account (tag 30) is none of the "
                                                     "participant's merchants")
        if code.currency != RIEL:
            raise Refused("CURRENCY_NOT_SUPPORT", "only KHQR in riel are paid by Alipay+ wallets")
        if not self.rules.qualified(merchant):
            raise Refused("MERCHANT_KYB_NOT_QUALIFIED", "the merchant does not hold a riel account qualified by KYB")
        if code.dynamic and self.rules.closed(self.books.pushes_of(code_value)):
            raise Refused("ORDER_IS_CLOSED", "this dynamic code is already paid")
        return code, merchant

    def _digits(self, connection: AlipayConnection) -> int:
        return self.rules.khr_digits(connection.khr_minor_units)

    # --- pushPayment ------------------------------------------------------------------------------------------------
    async def push(self, request: PushRequest, connection: AlipayConnection, now_ms: int) -> dict[str, Any]:
        """The ``pushPayment`` answer: a repeat answered as the first, a new payment credited through Bakong;
        :class:`Refused` for a request that is not a payment (nothing is recorded)."""
        known = self.rules.known(self.books.pushes, request.payment_id, request.fingerprint)
        if known is not None:
            await self.rules.repeat(self, known, now_ms)
            return push_answer(known)
        link = self.link()
        if link is None:
            raise Refused("PROCESS_FAIL", "the participant is not connected to Bakong")
        push = self._new_push(request, self._pushed_amount(request, connection))
        try:
            code, merchant = self._payable(request.code_value, now_ms)
            _check_amount(code, push.amount)
        except Refused as refused:
            push.status, push.reason = REJECTED, (refused.code, refused.message)
            self.books.pushes[push.payment_id] = push
        else:
            self.books.pushes[push.payment_id] = push
            push.merchant, push.leg = merchant, self._leg(push, merchant, connection)
            self.settle(push, await link.send(push.leg, push.leg.bakong_key), now_ms)
        await self._offer(push, now_ms)
        return push_answer(push)

    async def _offer(self, push: PushPayment, now_ms: int) -> None:
        """The payment's result was just decided: notified if the rules say it is one to notify."""
        if self.rules.notifiable(push):
            await self.notifier.notify(push.payment_id, notification(push), now_ms)

    def _pushed_amount(self, request: PushRequest, connection: AlipayConnection) -> Decimal:
        try:
            currency, amount = from_minor(request.amount, khr_minor_units=self._digits(connection))
        except AmountError as bad:
            raise Refused("PARAM_ILLEGAL", f"paymentAmount: {bad}") from bad
        if currency != "KHR":
            raise Refused("CURRENCY_NOT_SUPPORT", "the participant is paid in riel only")
        if amount <= 0:
            raise Refused("PARAM_ILLEGAL", "paymentAmount: more than zero is required")
        return amount

    def _new_push(self, request: PushRequest, amount: Decimal) -> PushPayment:
        """The payment, with the paymentRequestId it was pushed with, else the one its dynamic code was given,
        else a new one (a static code paid without being decoded)."""
        decoded = self.books.decoded.get(request.code_value, {})
        request_id = request.payment_request_id or decoded.get("paymentRequestId") or self.books.new_request_id()
        return PushPayment(request.payment_id, request.fingerprint, request.code_value, amount, request_id)

    def _leg(self, push: PushPayment, merchant: Merchant, connection: AlipayConnection) -> Payment:
        """The payment instruction crediting the merchant through Bakong (the same key for every attempt)."""
        amount = self.rules.credited_amount(push.amount, self._digits(connection))
        payment_id, external_ref = self.books.ledger.new_ids()
        key = BAKONG_KEY_PREFIX + external_ref
        return Payment(payment_id, key, key, (SETTLEMENT_ACCOUNT, push.code_value, None), push.code_value,
                       SETTLEMENT_ACCOUNT, merchant.account.account_id, money_text(amount, "KHR"), "KHR",
                       self.rules.crediting.md5(push.code_value), external_ref)

    def settle(self, push: PushPayment, answer: SwitchAnswer, now_ms: int) -> None:
        """What Bakong's answer means for the payment: committed credits the merchant (once), rejected fails it,
        unknown is for the rules (the payment stays pending)."""
        match answer:
            case Committed():
                push.status, push.paid_at = SUCCEEDED, now_ms
                if not push.credited:
                    self.credit(push)
            case Rejected(code=code, message=message):
                push.status, push.reason = REJECTED, ("PROCESS_FAIL", f"Bakong refused the credit: {code}: {message}")
            case Unknown():
                self.rules.unknown(self, push, now_ms)

    def credit(self, push: PushPayment) -> None:
        """Credit the merchant's account with the payment's instruction amount."""
        if push.merchant is not None and push.leg is not None:
            push.merchant.account.balance += Decimal(push.leg.amount)
            push.credited = True

    async def refresh(self, push: PushPayment, now_ms: int) -> None:
        """A pending payment resolved with Bakong, as the domestic payer resolves one (by external reference,
        else the same instruction again with the same key); a result it decides is offered to Alipay+."""
        link = self.link()
        if push.status != PENDING or push.leg is None or link is None:
            return
        with anyio.move_on_after(self.resolve_budget_s):
            self.settle(push, await self.rules.crediting.resolve(link, push.leg, now_ms), now_ms)
        if push.status != PENDING:
            await self._offer(push, now_ms)

    async def resolve_pending(self, now_ms: int) -> None:
        """Every pending payment resolved with Bakong (``advanceSandbox``)."""
        for push in [p for p in self.books.pushes.values() if p.status == PENDING]:
            await self.refresh(push, now_ms)

    # --- inquiryPushPayment -----------------------------------------------------------------------------------------
    async def inquire(self, request: InquiryRequest, now_ms: int) -> dict[str, Any]:
        """The ``inquiryPushPayment`` answer, a pending payment first resolved with Bakong."""
        push = self.books.pushes.get(request.payment_id)
        if push is None:
            return self.rules.unknown_inquiry(request.payment_id)
        await self.refresh(push, now_ms)
        return inquiry_answer(push)


def _check_amount(code: Code, amount: Decimal) -> None:
    """A dynamic code is paid its own amount."""
    if code.amount is not None and amount != code.amount:
        raise Refused("PARAM_ILLEGAL", f"this code is for {code.amount} riel, not {amount}")
