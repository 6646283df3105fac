"""Defects of the reference participant as a payer through Bakong (capability ``domestic-payer``)."""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from ... import khqr
from .._bakong_client import Committed, Rejected, SwitchAnswer
from .._bank import Ledger, Payment
from .._payments import (
    DynamicAmountFn,
    FindingsFn,
    InstructionFn,
    Link,
    PayRequest,
    ReadAnswerFn,
    StaticAmountFn,
    ViewFn,
)
from .._registry import Transform, defect
from ._blocks import payments_piece

OTHER_PARTICIPANT_ID = "OTHRKHPP"
"""Another participant's Bakong code, which ``sends-other-participant-id`` puts in the instructions."""



# --- paying (domestic-payer) ---------------------------------------------------------------------------------------
def _instruction(change: Callable[[dict[str, Any]], dict[str, Any]]) -> Transform:
    """A Bakong connector that rewrites every instruction body on its way out."""
    def wrap(instruction: InstructionFn) -> InstructionFn:
        return lambda payment, key: change(instruction(payment, key))
    return payments_piece("instruction", wrap)


def _minor_units(body: dict[str, Any]) -> dict[str, Any]:
    if body["currency"] != "USD":
        return body
    return {**body, "amount": str(int(Decimal(body["amount"]) * 100))}


defect("instruction-amount-as-number", "Sends the instruction amount as a JSON number instead of a decimal string",
       "REQ-PAY-INSTRUCTION-FORMAT")(_instruction(lambda body: {**body, "amount": float(body["amount"])}))
defect("amount-in-minor-units", "Sends US dollar amounts to Bakong in cents (1.50 as 150)",
       "REQ-PAY-DETAILS")(_instruction(_minor_units))
defect("currency-always-khr", "Sends every instruction in riel, whatever currency the KHQR is in",
       "REQ-PAY-DETAILS")(_instruction(lambda body: {**body, "currency": "KHR"}))
defect("sends-other-participant-id", "Sends payment instructions in another participant's name (participantId "
       f"{OTHER_PARTICIPANT_ID})", "REQ-PAY-SWITCH-AUTH")(
    _instruction(lambda body: {**body, "participantId": OTHER_PARTICIPANT_ID}))
defect("switch-without-credential", "Sends payment instructions without the switch credential Bakong gave it",
       "REQ-PAY-SWITCH-AUTH")(payments_piece("switch_headers", lambda _: lambda connection: {}))
defect("payment-md5-without-crc", "Computes the payment's md5 over the KHQR without its CRC data object",
       "REQ-PAY-MD5", "REQ-PAY-CONFIRMED")(payments_piece("md5", lambda _: lambda qr: khqr.md5_hex(qr[:-8])))


def _truncated(static_amount: StaticAmountFn) -> StaticAmountFn:
    return lambda entered, currency: str(int(Decimal(static_amount(entered, currency))))


def _overridden(dynamic_amount: DynamicAmountFn) -> DynamicAmountFn:
    return lambda qr_amount, entered: entered if entered is not None else dynamic_amount(qr_amount, entered)


def _paying_ignores(*rules: str) -> Callable[[FindingsFn], FindingsFn]:
    def wrap(findings: FindingsFn) -> FindingsFn:
        return lambda qr, now: [f for f in findings(qr, now) if not f.rule.startswith(rules)]
    return wrap


defect("static-amount-truncated", "Drops the cents of the amount entered for a static KHQR (12.75 paid as 12)",
       "REQ-PAY-STATIC-AMOUNT")(payments_piece("static_amount", _truncated))
defect("dynamic-amount-overridden", "Pays a dynamic KHQR with the amount the customer typed instead of refusing",
       "REQ-PAY-DYNAMIC-LOCKED")(payments_piece("dynamic_amount", _overridden))
defect("pays-expired-qr", "Pays a dynamic KHQR after its expiry", "REQ-PAY-REFUSE-INVALID")(
    payments_piece("findings", _paying_ignores("KHQR-EXPIRED")))
defect("pays-without-crc-check", "Pays a KHQR whose CRC is missing or wrong", "REQ-PAY-REFUSE-INVALID")(
    payments_piece("findings", _paying_ignores("KHQR-CRC-")))
defect("overdraws-account", "Does not check the balance before paying: the account goes negative",
       "REQ-PAY-FUNDS")(payments_piece("funds_ok", lambda _: lambda balance, amount: True))


def _fresh_key() -> str:
    return secrets.token_hex(12)


def _forgets_keys(ledger: Ledger, request: PayRequest) -> Payment | str:
    return _fresh_key()


defect("retry-debits-again", "Treats a retried request as a new payment: debits again, new key to Bakong",
       "REQ-PAY-IDEMPOTENT")(payments_piece("idempotency", lambda _: _forgets_keys))


async def _assumes_success(link: Link, payment: Payment, now_ms: int) -> SwitchAnswer:
    return Committed(secrets.token_hex(32))     # a hash of its own making: Bakong was never asked


async def _resends_new_key(link: Link, payment: Payment, now_ms: int) -> SwitchAnswer:
    return await link.send(payment, _fresh_key())


def _duplicate_rejected(read_answer: ReadAnswerFn) -> ReadAnswerFn:
    def read(status: int | None, body: Any) -> SwitchAnswer:
        answer = read_answer(status, body)
        if isinstance(answer, Committed) and answer.duplicate:
            return Rejected("DUPLICATE", "Bakong reported a duplicate instruction")
        return answer
    return read


def _own_reference_as_hash(view: ViewFn) -> ViewFn:
    def own(payment: Payment) -> dict[str, Any]:
        shown = view(payment)
        if shown["bakongHash"] is not None:
            shown["bakongHash"] = hashlib.sha256(payment.external_ref.encode()).hexdigest()
        return shown
    return own


defect("success-on-timeout", "Reports a payment without Bakong's answer as succeeded, with a hash of its own",
       "REQ-PAY-UNCERTAIN")(payments_piece("resolve", lambda _: _assumes_success))
defect("resends-with-new-key", "Resends a payment without Bakong's answer under a new idempotency key",
       "REQ-PAY-UNCERTAIN")(payments_piece("resolve", lambda _: _resends_new_key))
defect("duplicate-answer-as-rejection", "Reads Bakong's duplicate answer as a rejection: refunds a paid payment",
       "REQ-PAY-UNCERTAIN")(payments_piece("read_answer", _duplicate_rejected))
defect("keeps-debit-on-rejection", "Does not give the money back when Bakong rejects a payment",
       "REQ-PAY-REJECTED")(payments_piece("refund", lambda _: lambda ledger, payment: None))
defect("reports-own-reference-as-hash", "Reports the sha256 of its own reference instead of Bakong's hash",
       "REQ-PAY-CONFIRMED")(payments_piece("view", _own_reference_as_hash))
