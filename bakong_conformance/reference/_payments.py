"""Paying a scanned KHQR from a customer's account through Bakong, as a conformant participant does.

The engine (:class:`Payer`) runs the steps in a fixed order: idempotency, the payer's account, the KHQR, the
amount, the currency, the funds, then debit, instruct Bakong and settle. What each step decides is a piece of
:class:`PaymentRules`; defect switches (``roles/``) replace one piece each, never the engine.

Exceptions::

    PaymentRefused(ValueError)      a well-formed request refused before anything is debited or sent (422)
    IdempotencyConflict(ValueError) the key was used before for a different payment (409)
    NotConnected(ValueError)        no Bakong connection yet (POST /v1/sandbox/bakong) (400)
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from .. import khqr
from ._bakong_client import (
    Bakong,
    Committed,
    Connection,
    OpenApi,
    Rejected,
    SwitchAnswer,
    Unknown,
    find_by_external_ref,
    read_switch_answer,
    switch_credential_header,
)
from ._bank import PARTICIPANT_ID, PENDING, REJECTED, SUCCEEDED, Ledger, Payment

__all__ = [
    "DynamicAmountFn", "FindingsFn", "IdempotencyConflict", "InstructionFn", "Link", "NotConnected", "PayRequest",
    "Payer", "PaymentRefused", "PaymentRules", "ReadAnswerFn", "StaticAmountFn", "SwitchHeadersFn", "ViewFn",
    "correct_payments",
]

CURRENCIES = {"116": "KHR", "840": "USD"}
_KHQR_WRITTEN = {"KHR": re.compile(r"[1-9][0-9]{0,12}"), "USD": re.compile(r"(0|[1-9][0-9]{0,9})(\.[0-9]{2})?")}
_REASON_OF_RULE = {"KHQR-EXPIRED": "KHQR_EXPIRED", "KHQR-CURRENCY-VALUE": "CURRENCY_NOT_SUPPORTED"}


@dataclass(frozen=True, slots=True)
class PayRequest:
    """A ``POST /v1/payments`` body: ``amount`` is the entered amount (static KHQR), ``now`` the sandbox time."""

    from_account_id: str
    qr: str
    amount: str | None
    idempotency_key: str
    now: int

    @property
    def fingerprint(self) -> tuple[str, str, str | None]:
        """What must be the same for a retry with the same key: account, QR and entered amount."""
        return self.from_account_id, self.qr, self.amount


class PaymentRefused(ValueError):
    """Raised when a payment is refused before any debit: ``reason`` (contract code), ``sdk_code`` and ``rule``
    of the KHQR finding behind it, when there is one."""

    def __init__(self, reason: str, message: str, sdk_code: int | None = None, rule: str | None = None) -> None:
        super().__init__(message)
        self.reason, self.message, self.sdk_code, self.rule = reason, message, sdk_code, rule

    def error(self) -> dict[str, Any]:
        """The ``error`` member of the 422 answer."""
        found = {"sdkCode": self.sdk_code, "rule": self.rule} if self.rule else {}
        return {"code": "PAYMENT_REFUSED", "reason": self.reason, "message": self.message, **found}


class IdempotencyConflict(ValueError):
    """Raised when an idempotency key comes back with a different payment request."""


class NotConnected(ValueError):
    """Raised when a payment would be sent before the harness said where Bakong is."""


# --- the pieces -------------------------------------------------------------------------------------------------
FindingsFn = Callable[[str, int], list[khqr.Finding]]
DynamicAmountFn = Callable[[str, "str | None"], str]
StaticAmountFn = Callable[["str | None", str], str]
FundsFn = Callable[[Decimal, Decimal], bool]
IdempotencyFn = Callable[[Ledger, PayRequest], "Payment | str"]
InstructionFn = Callable[[Payment, str], dict[str, Any]]
SwitchHeadersFn = Callable[[Connection], dict[str, str]]
ReadAnswerFn = Callable[["int | None", Any], SwitchAnswer]
ResolveFn = Callable[["Link", Payment, int], Awaitable[SwitchAnswer]]
RefundFn = Callable[[Ledger, Payment], None]
ViewFn = Callable[[Payment], dict[str, Any]]


@dataclass(frozen=True, slots=True)
class PaymentRules:
    """What the payer decides at each step (the correct choices are the functions below)."""

    findings: FindingsFn
    dynamic_amount: DynamicAmountFn
    static_amount: StaticAmountFn
    funds_ok: FundsFn
    md5: Callable[[str], str]
    idempotency: IdempotencyFn
    instruction: InstructionFn
    switch_headers: SwitchHeadersFn
    read_answer: ReadAnswerFn
    resolve: ResolveFn
    refund: RefundFn
    view: ViewFn


def findings_when_paying(qr: str, now_ms: int) -> list[khqr.Finding]:
    """Every finding for the scanned QR at the sandbox time: a payment is refused on any error."""
    return khqr.validate(qr, now_ms=now_ms)


def locked_amount(qr_amount: str, entered: str | None) -> str:
    """A dynamic KHQR is paid with its own amount, exactly as written; a different entered amount is refused."""
    if entered is not None and _number(entered) != _number(qr_amount):
        raise PaymentRefused("AMOUNT_LOCKED", f"this KHQR is for {qr_amount}; it cannot be paid with {entered}")
    return qr_amount


def entered_amount(entered: str | None, currency: str) -> str:
    """A static KHQR is paid with the entered amount, which must already be written the KHQR way."""
    if entered is None:
        raise PaymentRefused("AMOUNT_REQUIRED", "this KHQR has no amount: the customer must enter one")
    if not _KHQR_WRITTEN[currency].fullmatch(entered) or _number(entered) <= 0:
        raise PaymentRefused("AMOUNT_INVALID", f"{entered} is not a {currency} amount (riel: a whole number; "
                                               "dollars: no decimals or exactly two; more than zero)")
    return entered


def covered(balance: Decimal, amount: Decimal) -> bool:
    """The balance covers the amount."""
    return balance >= amount


def stored_or_new_key(ledger: Ledger, request: PayRequest) -> Payment | str:
    """The payment made earlier with this key (the same request), else the key to send to Bakong."""
    known = ledger.by_key.get(request.idempotency_key)
    if known is None:
        return request.idempotency_key
    if known.fingerprint != request.fingerprint:
        raise IdempotencyConflict(f"idempotency key {request.idempotency_key} was used for a different payment")
    return known


def instruction_body(payment: Payment, key: str) -> dict[str, Any]:
    """The payment instruction (schemas/bakong-switch/v1/instruction.schema.json) sent with ``key``, in the
    participant's own name (sent with the switch credential, :func:`switch_credential_header`)."""
    return {"participantId": PARTICIPANT_ID, "idempotencyKey": key, "externalRef": payment.external_ref,
            "qr": payment.qr, "md5": payment.md5, "fromAccountId": payment.from_account_id,
            "toAccountId": payment.to_account_id, "amount": payment.amount, "currency": payment.currency}


async def resolve_with_bakong(link: Link, payment: Payment, now_ms: int) -> SwitchAnswer:
    """Ask Bakong by external reference; if it has never seen the payment, resend it once with the same key."""
    found = await link.find(payment, now_ms)
    return await link.send(payment, payment.bakong_key) if found is None else found


def refund(ledger: Ledger, payment: Payment) -> None:
    """Give the customer the money back (the payment was not made)."""
    ledger.refund(payment)


def payment_view(payment: Payment) -> dict[str, Any]:
    """The payment as Participant API v1 writes it (``payment.schema.json``)."""
    return {"paymentId": payment.payment_id, "idempotencyKey": payment.idempotency_key, "status": payment.status,
            "fromAccountId": payment.from_account_id, "toAccountId": payment.to_account_id,
            "amount": payment.amount, "currency": payment.currency, "md5": payment.md5,
            "externalRef": payment.external_ref, "bakongHash": payment.bakong_hash, "reason": payment.reason}


def correct_payments() -> PaymentRules:
    """The payment rules of a fully conformant participant."""
    return PaymentRules(findings=findings_when_paying, dynamic_amount=locked_amount, static_amount=entered_amount,
                        funds_ok=covered, md5=khqr.md5_hex, idempotency=stored_or_new_key,
                        instruction=instruction_body, switch_headers=switch_credential_header,
                        read_answer=read_switch_answer, resolve=resolve_with_bakong,
                        refund=refund, view=payment_view)


def _number(text: str) -> Decimal:
    try:
        return Decimal(text)
    except InvalidOperation:
        return Decimal("NaN")


# --- the engine -------------------------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Link:
    """The payer's line to Bakong: send an instruction, look a payment up by its external reference."""

    bakong: Bakong
    connection: Connection
    rules: PaymentRules

    async def send(self, payment: Payment, key: str) -> SwitchAnswer:
        """Send the payment's instruction with idempotency key ``key`` (and the switch credential)."""
        answer = await self.bakong.post(self.connection.instructions_url, self.rules.instruction(payment, key),
                                        self.rules.switch_headers(self.connection))
        return self.rules.read_answer(answer.status, answer.body)

    async def find(self, payment: Payment, now_ms: int) -> SwitchAnswer | None:
        """What Bakong's Open API knows of the payment; None when it has never seen it."""
        return await find_by_external_ref(OpenApi(self.bakong, self.connection), payment.external_ref, now_ms)


class Payer:
    """Pays scanned KHQR from the ledger's accounts under ``rules``."""

    def __init__(self, rules: PaymentRules, ledger: Ledger) -> None:
        self.rules, self.ledger = rules, ledger

    async def pay(self, request: PayRequest, link: Link | None) -> Payment:
        """Pay once per idempotency key; raises PaymentRefused, IdempotencyConflict or NotConnected."""
        known = self.rules.idempotency(self.ledger, request)
        if isinstance(known, Payment):
            return await self.refresh(known, link, request.now)
        payment = self._prepare(request, known)
        if link is None:
            raise NotConnected("not connected to Bakong: POST /v1/sandbox/bakong first")
        self.ledger.debit(payment)
        self.ledger.record(payment)
        answer = await link.send(payment, payment.bakong_key)
        if isinstance(answer, Unknown):
            answer = await self.rules.resolve(link, payment, request.now)
        self._settle(payment, answer)
        return payment

    async def refresh(self, payment: Payment, link: Link | None, now_ms: int) -> Payment:
        """The payment, a pending one first resolved with Bakong."""
        if payment.status == PENDING and link is not None:
            self._settle(payment, await self.rules.resolve(link, payment, now_ms))
        return payment

    def _prepare(self, request: PayRequest, bakong_key: str) -> Payment:
        account = self.ledger.accounts.get(request.from_account_id)
        if account is None:
            raise PaymentRefused("ACCOUNT_NOT_FOUND", f"no account {request.from_account_id}")
        to_account, currency, amount = self._details(request)
        if currency != account.currency:
            raise PaymentRefused("CURRENCY_MISMATCH", f"a {currency} KHQR cannot be paid from a "
                                                      f"{account.currency} account")
        if not self.rules.funds_ok(account.balance, Decimal(amount)):
            raise PaymentRefused("INSUFFICIENT_FUNDS", f"the balance does not cover {amount} {currency}")
        payment_id, external_ref = self.ledger.new_ids()
        return Payment(payment_id, request.idempotency_key, bakong_key, request.fingerprint, request.qr,
                       account.account_id, to_account, amount, currency, self.rules.md5(request.qr), external_ref)

    def _details(self, request: PayRequest) -> tuple[str, str, str]:
        """The payee, currency and amount to pay; raises PaymentRefused for a KHQR that cannot be paid."""
        error = khqr.primary_error(self.rules.findings(request.qr, request.now))
        if error is not None:
            raise PaymentRefused(_REASON_OF_RULE.get(error.rule, "KHQR_INVALID"), error.message, error.sdk_code,
                                 error.rule)
        fields = khqr.decode(request.qr)
        currency, to_account = CURRENCIES.get(fields["transactionCurrency"] or ""), fields["bakongAccountID"]
        if currency is None or not to_account:
            raise PaymentRefused("KHQR_INVALID", "this KHQR names no Bakong account or currency")
        qr_amount = fields["transactionAmount"]
        if qr_amount is None:
            return to_account, currency, self.rules.static_amount(request.amount, currency)
        return to_account, currency, self.rules.dynamic_amount(qr_amount, request.amount)

    def _settle(self, payment: Payment, answer: SwitchAnswer) -> None:
        match answer:
            case Committed(hash=bakong_hash):
                payment.status, payment.bakong_hash = SUCCEEDED, bakong_hash
            case Rejected(code=code, message=message):
                self.rules.refund(self.ledger, payment)
                payment.status, payment.reason = REJECTED, {"code": code, "message": message}
            case Unknown():
                payment.status = PENDING
