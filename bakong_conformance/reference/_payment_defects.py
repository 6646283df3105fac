"""Defect switches of the reference participant as a payer (domestic-payer) and as an Open API client.

Each replaces one piece of ``Behaviour.payments`` / ``Behaviour.orders`` and is registered with the requirement
IDs it violates, like every defect (``_defects.py``, which imports this module so that they register).
"""

from __future__ import annotations

import dataclasses
import hashlib
import secrets
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from .. import khqr
from ._bakong_client import ApiAnswer, Committed, Connection, OpenApi, Rejected, SwitchAnswer
from ._bank import Ledger, Payment
from ._behaviour import Behaviour
from ._defects import Transform, defect
from ._orders import FAILED, Order
from ._payments import (
    DynamicAmountFn,
    FindingsFn,
    InstructionFn,
    Link,
    PayRequest,
    ReadAnswerFn,
    StaticAmountFn,
    ViewFn,
)

OTHER_PARTICIPANT_ID = "OTHRKHPP"
"""Another participant's Bakong code, which ``sends-other-participant-id`` puts in the instructions."""


# --- paying (domestic-payer) ---------------------------------------------------------------------------------------
def _payments(piece: str, change: Callable[[Any], Any]) -> Transform:
    """A defect that replaces one piece of the payment engine with ``change(the piece it replaces)``."""
    def apply(b: Behaviour) -> Behaviour:
        rules = b.payments
        return dataclasses.replace(b, payments=dataclasses.replace(rules, **{piece: change(getattr(rules, piece))}))
    return apply


def _orders(piece: str, change: Callable[[Any], Any]) -> Transform:
    """A defect that replaces one piece of the order confirmation engine."""
    def apply(b: Behaviour) -> Behaviour:
        rules = b.orders
        return dataclasses.replace(b, orders=dataclasses.replace(rules, **{piece: change(getattr(rules, piece))}))
    return apply


def _instruction(change: Callable[[dict[str, Any]], dict[str, Any]]) -> Transform:
    """A Bakong connector that rewrites every instruction body on its way out."""
    def wrap(instruction: InstructionFn) -> InstructionFn:
        return lambda payment, key: change(instruction(payment, key))
    return _payments("instruction", wrap)


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
       "REQ-PAY-SWITCH-AUTH")(_payments("switch_headers", lambda _: lambda connection: {}))
defect("payment-md5-without-crc", "Computes the payment's md5 over the KHQR without its CRC data object",
       "REQ-PAY-MD5", "REQ-PAY-CONFIRMED")(_payments("md5", lambda _: lambda qr: khqr.md5_hex(qr[:-8])))


def _truncated(static_amount: StaticAmountFn) -> StaticAmountFn:
    return lambda entered, currency: str(int(Decimal(static_amount(entered, currency))))


def _overridden(dynamic_amount: DynamicAmountFn) -> DynamicAmountFn:
    return lambda qr_amount, entered: entered if entered is not None else dynamic_amount(qr_amount, entered)


def _paying_ignores(*rules: str) -> Callable[[FindingsFn], FindingsFn]:
    def wrap(findings: FindingsFn) -> FindingsFn:
        return lambda qr, now: [f for f in findings(qr, now) if not f.rule.startswith(rules)]
    return wrap


defect("static-amount-truncated", "Drops the cents of the amount entered for a static KHQR (12.75 paid as 12)",
       "REQ-PAY-STATIC-AMOUNT")(_payments("static_amount", _truncated))
defect("dynamic-amount-overridden", "Pays a dynamic KHQR with the amount the customer typed instead of refusing",
       "REQ-PAY-DYNAMIC-LOCKED")(_payments("dynamic_amount", _overridden))
defect("pays-expired-qr", "Pays a dynamic KHQR after its expiry", "REQ-PAY-REFUSE-INVALID")(
    _payments("findings", _paying_ignores("KHQR-EXPIRED")))
defect("pays-without-crc-check", "Pays a KHQR whose CRC is missing or wrong", "REQ-PAY-REFUSE-INVALID")(
    _payments("findings", _paying_ignores("KHQR-CRC-")))
defect("overdraws-account", "Does not check the balance before paying: the account goes negative",
       "REQ-PAY-FUNDS")(_payments("funds_ok", lambda _: lambda balance, amount: True))


def _fresh_key() -> str:
    return secrets.token_hex(12)


def _forgets_keys(ledger: Ledger, request: PayRequest) -> Payment | str:
    return _fresh_key()


defect("retry-debits-again", "Treats a retried request as a new payment: debits again, new key to Bakong",
       "REQ-PAY-IDEMPOTENT")(_payments("idempotency", lambda _: _forgets_keys))


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
       "REQ-PAY-UNCERTAIN")(_payments("resolve", lambda _: _assumes_success))
defect("resends-with-new-key", "Resends a payment without Bakong's answer under a new idempotency key",
       "REQ-PAY-UNCERTAIN")(_payments("resolve", lambda _: _resends_new_key))
defect("duplicate-answer-as-rejection", "Reads Bakong's duplicate answer as a rejection: refunds a paid payment",
       "REQ-PAY-UNCERTAIN")(_payments("read_answer", _duplicate_rejected))
defect("keeps-debit-on-rejection", "Does not give the money back when Bakong rejects a payment",
       "REQ-PAY-REJECTED")(_payments("refund", lambda _: lambda ledger, payment: None))
defect("reports-own-reference-as-hash", "Reports the sha256 of its own reference instead of Bakong's hash",
       "REQ-PAY-CONFIRMED")(_payments("view", _own_reference_as_hash))


# --- confirming orders (bakong-open-api-client) ----------------------------------------------------------------
async def _call_once(api: OpenApi, path: str, body: Any) -> ApiAnswer:
    return await api.post(path, body)


async def _at_once_again(call: Callable[[], Any], connection: Connection, now_ms: int) -> ApiAnswer | None:
    answer: ApiAnswer = await call()
    if answer.rate_limited:
        answer = await call()
    return None if answer.rate_limited else answer


def _not_found_failed(status_of: Callable[[str], str]) -> Callable[[str], str]:
    return lambda status: FAILED if status == "NOT_FOUND" else status_of(status)


def _any_amount(order: Order, transaction: dict[str, Any]) -> bool:
    return True


defect("open-api-token-without-bearer", "Sends the Open API token without the 'Bearer' scheme",
       "REQ-OAPI-REQUESTS")(_orders("authorization", lambda _: lambda token: token))
defect("not-found-as-failed", "Reads \"transaction could not be found\" as a failed payment",
       "REQ-OAPI-NOT-FOUND")(_orders("status_of", _not_found_failed))
defect("confirms-any-amount", "Confirms an order as paid whenever Bakong has a transaction for its md5",
       "REQ-OAPI-CONFIRM")(_orders("matches", lambda _: _any_amount))
defect("token-not-renewed", "Gives up when the Open API token has expired instead of renewing it",
       "REQ-OAPI-TOKEN")(_orders("call", lambda _: _call_once))
defect("retries-at-once-on-429", "Calls again at once after 'too many requests', ignoring Retry-After",
       "REQ-OAPI-RATE")(_orders("polite", lambda _: _at_once_again))
defect("list-call-with-51-items", "Sends 51 md5 per list lookup (the Open API allows 50)",
       "REQ-OAPI-BATCH")(_orders("batch_size", lambda _: 51))
