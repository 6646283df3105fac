"""Checks on the participant as a payer: what it sends Bakong, what it debits, and what it reports.

Each check judges a :class:`~bakong_conformance.payments.PaymentOutcome`: the participant's answers and the
customer's balance before and after, next to what the simulated Bakong received and settled. Lookups "as a
merchant" go through the simulated Open API (``ask``), exactly as a merchant's system would make them.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

from .. import khqr
from ..errors import ContractViolation, HarnessError, OutcomeMismatch
from ..participant import Payment
from ..payments import PaymentOutcome
from ._registry import check
from ._text import table, words

if TYPE_CHECKING:
    from ..networks import InstructionRecord

__all__ = [
    "REFUSALS",
    "bakong_finds_by_external_ref",
    "bakong_finds_by_hash",
    "bakong_finds_by_md5",
    "bakong_finds_by_short_hash",
    "bakong_refers_static_code_elsewhere",
    "balance_unchanged",
    "debited_once",
    "instruction_carries_code",
    "instruction_carries_entered_amount",
    "instruction_carries_md5",
    "instructions_follow_contract",
    "instructions_in_own_name",
    "made_once",
    "nothing_sent_to_bakong",
    "paid_as_two_payments",
    "payment_refused_for",
    "payment_succeeded",
    "reported_rejected",
    "view_agrees_with_bakong",
]

Ask = Callable[[str, Any], tuple[int, dict[str, Any]]]

REFUSALS = {
    "the code is invalid": "KHQR_INVALID",
    "the code has expired": "KHQR_EXPIRED",
    "the currency is not supported": "CURRENCY_NOT_SUPPORTED",
    "an amount must be entered": "AMOUNT_REQUIRED",
    "the amount is fixed by the code": "AMOUNT_LOCKED",
    "insufficient funds": "INSUFFICIENT_FUNDS",
}
"""The reasons a scenario names for a refusal, in words, and the Participant API v1 reason code for each."""

_REFUSING = ("REQ-PAY-REFUSE-INVALID", "REQ-PAY-FUNDS", "REQ-PAY-DYNAMIC-LOCKED", "REQ-PAY-STATIC-AMOUNT")
_ANY_PAYMENT = ("REQ-PAY-DETAILS", "REQ-PAY-STATIC-AMOUNT", "REQ-PAY-CONFIRMED", "REQ-PAY-IDEMPOTENT",
                "REQ-PAY-UNCERTAIN", "REQ-PAY-MD5")


def _status(outcome: PaymentOutcome) -> str:
    answer, final = outcome.answer, _final(outcome)
    if answer.payment is not None and final is not None:
        later = "" if final is answer.payment else f"; asked again: {final.status} (hash {words(final.bakong_hash)})"
        return (f"{answer.payment.status} (hash {words(answer.payment.bakong_hash)}, reason "
                f"{words(answer.payment.reason)}){later}")
    return f"{'key conflict' if answer.conflict else 'refused'}: {words(answer.refusal)}"


def _final(outcome: PaymentOutcome) -> Payment | None:
    """The participant's latest view of the payment: asked again after its answer, else the answer itself."""
    return outcome.later or outcome.answer.payment


def _amount(value: Any) -> Decimal | None:
    try:
        return Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None


# --- refusals ---------------------------------------------------------------------------------------------------
@check(*_REFUSING)
def payment_refused_for(outcome: PaymentOutcome, reason: str, requirement: str) -> None:
    """The participant refused the payment, for the reason the scenario names in words (:data:`REFUSALS`)."""
    if reason not in REFUSALS:
        raise HarnessError(f"unknown refusal reason {reason!r}; known: {', '.join(REFUSALS)}")
    refusal = outcome.answer.refusal
    if refusal is None or outcome.answer.conflict:
        raise OutcomeMismatch("The participant did not refuse a payment it must refuse",
                              expected=f"refused: {reason} ({REFUSALS[reason]})", actual=_status(outcome),
                              requirement=requirement)
    if refusal.get("reason") != REFUSALS[reason]:
        raise OutcomeMismatch("The participant refused the payment for the wrong reason",
                              expected=f"{REFUSALS[reason]} ({reason})", actual=f"{words(refusal.get('reason'))}: "
                              f"{words(refusal.get('message'))}", requirement=requirement)


@check(*_REFUSING, "REQ-PAY-REJECTED")
def balance_unchanged(outcome: PaymentOutcome, requirement: str) -> None:
    """The customer's balance is what it was before the payment was asked for."""
    if outcome.after.balance != outcome.before.balance:
        raise OutcomeMismatch("The customer's balance changed although no payment was made",
                              expected=f"{outcome.before.balance} {outcome.before.currency}",
                              actual=f"{outcome.after.balance} {outcome.after.currency}", requirement=requirement)


@check(*_REFUSING)
def nothing_sent_to_bakong(outcome: PaymentOutcome, requirement: str) -> None:
    """Bakong received no payment instruction for the refused payment."""
    if outcome.instructions:
        bodies = [r.body for r in outcome.instructions]
        raise OutcomeMismatch("The participant sent Bakong a payment it should have refused",
                              expected="no payment instruction",
                              actual=f"{len(bodies)} instruction(s): {words(bodies)}", requirement=requirement)


# --- the instruction ----------------------------------------------------------------------------------------------
def _only_instruction(outcome: PaymentOutcome, requirement: str) -> dict[str, Any]:
    if not outcome.instructions:
        raise OutcomeMismatch("Bakong received no payment instruction", expected="one payment instruction",
                              actual=_status(outcome), requirement=requirement)
    keys = {r.body.get("idempotencyKey") if isinstance(r.body, dict) else None for r in outcome.instructions}
    if len(keys) > 1:
        raise OutcomeMismatch("Bakong received more than one payment for one payment request",
                              expected="one instruction (or retries with the same idempotency key)",
                              actual=f"{len(outcome.instructions)} instructions with keys "
                                     f"{words(sorted(map(str, keys)))}", requirement=requirement)
    body = outcome.instructions[0].body
    return body if isinstance(body, dict) else {}


def _compare(outcome: PaymentOutcome, expected: dict[str, Any], title: str, requirement: str) -> None:
    sent = _only_instruction(outcome, requirement)
    wrong = [(field, repr(value), repr(sent.get(field))) for field, value in expected.items()
             if sent.get(field) != value]
    if wrong:
        raise OutcomeMismatch(title, expected="every field exactly as the KHQR and the customer's account say",
                              actual=table(("field", "expected", "sent to Bakong"), wrong), requirement=requirement)


@check("REQ-PAY-INSTRUCTION-FORMAT")
def instructions_follow_contract(outcome: PaymentOutcome) -> None:
    """Every payment instruction Bakong received follows the Bakong switch contract v1."""
    _only_instruction(outcome, "REQ-PAY-INSTRUCTION-FORMAT")
    broken = [(i + 1, "; ".join(r.problems[:3])) for i, r in enumerate(outcome.instructions) if r.problems]
    if broken:
        raise ContractViolation("A payment instruction does not follow the published instruction format",
                                expected="instructions valid against schemas/bakong-switch/v1/instruction",
                                actual=table(("instruction", "problems"), broken),
                                requirement="REQ-PAY-INSTRUCTION-FORMAT")


_CREDENTIAL_SENT = {"valid": "the switch credential", "none": "no Authorization header",
                    "malformed": "an Authorization header that is not Bearer <credential>",
                    "unknown": "a credential Bakong did not give it for this scenario"}


def _sent_as(record: InstructionRecord) -> str:
    sender = record.body.get("participantId") if isinstance(record.body, dict) else None
    return f"{_CREDENTIAL_SENT[record.auth]}; participantId {json.dumps(sender, ensure_ascii=False)}"


def _in_own_name(record: InstructionRecord) -> bool:
    return record.auth == "valid" and isinstance(record.body, dict) and \
        record.body.get("participantId") == record.authorised


@check("REQ-PAY-SWITCH-AUTH")
def instructions_in_own_name(outcome: PaymentOutcome) -> None:
    """Every payment instruction Bakong received carried the switch credential Bakong gave the participant for
    the scenario and the participant's own ID as ``participantId``."""
    if not outcome.instructions:
        raise OutcomeMismatch("Bakong received no payment instruction", expected="one payment instruction",
                              actual=_status(outcome), requirement="REQ-PAY-SWITCH-AUTH")
    own = {r.authorised for r in outcome.instructions}
    if None in own:
        raise HarnessError("the simulated Bakong had no participant authorised on its switch")
    wrong = [(i + 1, _sent_as(r), f"{r.status} {words((r.answer or {}).get('reason', {}).get('code'))}")
             for i, r in enumerate(outcome.instructions) if not _in_own_name(r)]
    if wrong:
        required = ", ".join(json.dumps(p) for p in sorted(map(str, own)))
        raise OutcomeMismatch("The participant sent Bakong payment instructions without the switch credential "
                              "Bakong gave it, or in another participant's name",
                              expected=f"every instruction with the switch credential (Authorization: Bearer "
                              f"<switchCredential>) and participantId {required}, its own",
                              actual=table(("instruction", "sent with", "Bakong answered"), wrong),
                              requirement="REQ-PAY-SWITCH-AUTH")


@check("REQ-PAY-DETAILS")
def instruction_carries_code(outcome: PaymentOutcome) -> None:
    """The instruction names the KHQR's payee, its amount exactly as written, its currency, and the payer."""
    code = outcome.code
    _compare(outcome, {"toAccountId": code.payee, "amount": code.amount, "currency": code.currency,
                       "fromAccountId": outcome.before.account_id},
             "The payment instruction does not carry what the KHQR says", "REQ-PAY-DETAILS")


@check("REQ-PAY-STATIC-AMOUNT")
def instruction_carries_entered_amount(outcome: PaymentOutcome) -> None:
    """For a static KHQR, the instruction carries the amount the customer entered, in the code's currency."""
    code = outcome.code
    _compare(outcome, {"toAccountId": code.payee, "amount": outcome.entered, "currency": code.currency},
             "The payment instruction does not carry the amount the customer entered", "REQ-PAY-STATIC-AMOUNT")


@check("REQ-PAY-MD5")
def instruction_carries_md5(outcome: PaymentOutcome) -> None:
    """The instruction carries the scanned KHQR unchanged and the md5 of all of it, CRC included."""
    _compare(outcome, {"qr": outcome.code.qr, "md5": khqr.md5_hex(outcome.code.qr)},
             "The payment instruction does not carry the md5 of the whole scanned KHQR", "REQ-PAY-MD5")


# --- the outcome --------------------------------------------------------------------------------------------------
@check(*_ANY_PAYMENT)
def payment_succeeded(outcome: PaymentOutcome, requirement: str) -> None:
    """The payment succeeded, reported with the hash of the one transaction Bakong settled for it.

    Judged on the participant's view once asked again: a first answer of "pending" that the participant then
    resolves with Bakong is conforming (that it never claims success too early is judged by
    :func:`view_agrees_with_bakong`).
    """
    payment = _final(outcome)
    hashes = [t.hash for t in outcome.settled]
    if payment is None or payment.status != "SUCCEEDED":
        raise OutcomeMismatch("The participant did not report the payment as succeeded",
                              expected="SUCCEEDED with Bakong's transaction hash", actual=_status(outcome),
                              requirement=requirement)
    if len(hashes) != 1 or payment.bakong_hash != hashes[0]:
        raise OutcomeMismatch("The participant reported a hash Bakong does not know for this payment",
                              expected=f"Bakong's transaction hash {words(hashes)}", actual=words(payment.bakong_hash),
                              requirement=requirement)


@check(*_ANY_PAYMENT)
def debited_once(outcome: PaymentOutcome, requirement: str) -> None:
    """The customer's balance went down by the payment's amount, exactly once."""
    start = (outcome.first or outcome).before.balance
    expected = start - outcome.value
    if outcome.after.balance != expected:
        raise OutcomeMismatch("The customer was not debited exactly once",
                              expected=f"{expected} {outcome.after.currency} ({start} - {outcome.value})",
                              actual=f"{outcome.after.balance} {outcome.after.currency}", requirement=requirement)


@check("REQ-PAY-IDEMPOTENT")
def made_once(retry: PaymentOutcome) -> None:
    """A retry with the same key got the original payment back, and Bakong settled the payment once.

    The same payment ID and amount in both answers; the same status and hash once both are resolved (a first
    answer still pending may be resolved by the retry).
    """
    first = retry.first
    a, b = (None, None) if first is None else (first.answer.payment, retry.answer.payment)
    if first is None or a is None or b is None:
        raise OutcomeMismatch("The participant did not answer the retried payment with the original payment",
                              expected="the same payment", actual=_status(retry), requirement="REQ-PAY-IDEMPOTENT")
    a_final, b_final = _final(first) or a, _final(retry) or b
    pairs: list[tuple[str, str | None, str | None]] = [("payment ID", a.payment_id, b.payment_id),
                                                       ("amount", a.amount, b.amount)]
    if a_final.status != "PENDING":
        pairs += [("status", a_final.status, b_final.status), ("hash", a_final.bakong_hash, b_final.bakong_hash)]
    differs = [(name, x, y) for name, x, y in pairs if x != y]
    if differs or len(retry.settled) != 1:
        raise OutcomeMismatch("A payment retried with the same idempotency key was not made exactly once",
                              expected="the same payment, and one transaction in Bakong",
                              actual=(table(("field", "first answer", "retry"), differs) if differs else "")
                              + f"\nBakong settled {len(retry.settled)} transaction(s)",
                              requirement="REQ-PAY-IDEMPOTENT")


@check("REQ-PAY-IDEMPOTENT")
def paid_as_two_payments(second: PaymentOutcome) -> None:
    """Two payments of one static KHQR with two keys are two payments: two transactions, two debits."""
    first = second.first
    if first is None:
        raise HarnessError("paid_as_two_payments needs the first payment")
    expected = first.before.balance - first.value - second.value
    if len(second.settled) != 2 or second.after.balance != expected:
        raise OutcomeMismatch("Two separate payments of a static KHQR were not both made",
                              expected=f"two transactions in Bakong and a balance of {expected}",
                              actual=f"{len(second.settled)} transaction(s), balance {second.after.balance}; "
                              f"second answer: {_status(second)}", requirement="REQ-PAY-IDEMPOTENT")


@check("REQ-PAY-UNCERTAIN")
def view_agrees_with_bakong(outcome: PaymentOutcome) -> None:
    """Whatever happened to Bakong's answer, the participant's view agrees with Bakong's ledger.

    Settled: at most one transaction; never reported rejected; debited exactly once; succeeded with Bakong's hash
    once the participant is asked again (it must have resolved the outcome). Not settled: never reported as
    succeeded; money back unless the payment is still pending. And success is never reported before Bakong
    had settled.
    """
    payment, later = outcome.answer.payment, outcome.later
    if payment is None or later is None:
        raise OutcomeMismatch("The participant refused a payment Bakong could have made",
                              expected="a payment (succeeded, pending or rejected)", actual=_status(outcome),
                              requirement="REQ-PAY-UNCERTAIN")
    hashes = [t.hash for t in outcome.settled]
    problems: list[tuple[str, str]] = []
    if payment.status == "SUCCEEDED" and payment.bakong_hash not in [t.hash for t in outcome.settled_at_answer]:
        problems.append(("answer", f"SUCCEEDED with hash {words(payment.bakong_hash)} before Bakong had settled it"))
    if len(hashes) > 1:
        problems.append(("Bakong", f"settled {len(hashes)} transactions for one payment: paid twice"))
    start = outcome.before.balance
    if hashes:
        if later.status != "SUCCEEDED" or later.bakong_hash != hashes[0]:
            problems.append(("view", f"{later.status} (hash {words(later.bakong_hash)}) though Bakong settled "
                                     f"{hashes[0]}"))
        if outcome.after.balance != start - outcome.value:
            problems.append(("balance", f"{outcome.after.balance}, not {start - outcome.value} (debited once)"))
    else:
        if later.status == "SUCCEEDED":
            problems.append(("view", "SUCCEEDED though Bakong has no such transaction"))
        if later.status == "REJECTED" and outcome.after.balance != start:
            problems.append(("balance", f"{outcome.after.balance}: not refunded to {start} after the rejection"))
    if problems:
        raise OutcomeMismatch("The participant's view of the payment disagrees with Bakong's",
                              expected="succeeded exactly when Bakong settled it, debited exactly once",
                              actual=table(("where", "what"), problems), requirement="REQ-PAY-UNCERTAIN")


@check("REQ-PAY-REJECTED")
def reported_rejected(outcome: PaymentOutcome) -> None:
    """The participant reports the payment as rejected, with a reason, and Bakong settled nothing."""
    payment = outcome.later or outcome.answer.payment
    if payment is None or payment.status != "REJECTED" or not payment.reason or outcome.settled:
        raise OutcomeMismatch("The participant did not report Bakong's rejection",
                              expected="REJECTED with a reason, nothing settled in Bakong",
                              actual=f"{_status(outcome)}; Bakong settled {len(outcome.settled)}",
                              requirement="REQ-PAY-REJECTED")


# --- looking the payment up in Bakong -----------------------------------------------------------------------------
def _found(outcome: PaymentOutcome, ask: Ask, path: str, body: Any) -> None:
    payment = _final(outcome)
    status, envelope = ask(path, body)
    data = envelope.get("data") if isinstance(envelope.get("data"), dict) else None
    if status != 200 or envelope.get("responseCode") != 0 or data is None:
        raise OutcomeMismatch(f"Bakong does not find the payment with {path.rsplit('/', 1)[-1]}",
                              expected="the transaction", actual=f"HTTP {status}, errorCode "
                              f"{words(envelope.get('errorCode'))}: {words(envelope.get('responseMessage'))}",
                              requirement="REQ-PAY-CONFIRMED")
    expected = {"hash": payment.bakong_hash if payment else None, "fromAccountId": outcome.before.account_id,
                "toAccountId": outcome.code.payee, "currency": outcome.code.currency}
    wrong = [(k, v, data.get(k)) for k, v in expected.items() if data.get(k) != v]
    if _amount(data.get("amount")) != outcome.value:
        wrong.append(("amount", str(outcome.value), data.get("amount")))
    if wrong:
        raise OutcomeMismatch("Bakong's transaction does not match the payment the participant reported",
                              expected="the same hash, accounts, amount and currency",
                              actual=table(("field", "expected", "in Bakong"), wrong), requirement="REQ-PAY-CONFIRMED")


@check("REQ-PAY-CONFIRMED")
def bakong_finds_by_md5(outcome: PaymentOutcome, ask: Ask) -> None:
    """``check_transaction_by_md5`` with the md5 of the KHQR finds the transaction the participant reported."""
    _found(outcome, ask, "/v1/check_transaction_by_md5", {"md5": khqr.md5_hex(outcome.code.qr)})


@check("REQ-PAY-CONFIRMED")
def bakong_finds_by_hash(outcome: PaymentOutcome, ask: Ask) -> None:
    """``check_transaction_by_hash`` with the hash the participant reported finds the transaction."""
    payment = _final(outcome)
    _found(outcome, ask, "/v1/check_transaction_by_hash", {"hash": payment.bakong_hash if payment else ""})


@check("REQ-PAY-CONFIRMED")
def bakong_finds_by_short_hash(outcome: PaymentOutcome, ask: Ask) -> None:
    """``check_transaction_by_short_hash`` (the first 8 characters, amount and currency) finds the transaction."""
    payment = _final(outcome)
    short = (payment.bakong_hash or "")[:8] if payment else ""
    _found(outcome, ask, "/v1/check_transaction_by_short_hash",
           {"hash": short, "amount": float(outcome.value), "currency": outcome.code.currency})


@check("REQ-PAY-CONFIRMED")
def bakong_finds_by_external_ref(outcome: PaymentOutcome, ask: Ask) -> None:
    """``check_transaction_by_external_ref`` with the participant's reference finds the transaction."""
    payment = _final(outcome)
    _found(outcome, ask, "/v1/check_transaction_by_external_ref",
           {"externalRef": payment.external_ref if payment else ""})


@check("REQ-PAY-CONFIRMED")
def bakong_refers_static_code_elsewhere(outcome: PaymentOutcome, ask: Ask) -> None:
    """For a static KHQR, ``check_transaction_by_md5`` answers "static QR not supported" (error code 2): Bakong
    knows the payment under the code's md5, and a static code is paid many times under it."""
    status, envelope = ask("/v1/check_transaction_by_md5", {"md5": khqr.md5_hex(outcome.code.qr)})
    if status != 200 or envelope.get("errorCode") != 2:
        raise OutcomeMismatch("Bakong does not know the static KHQR's payment under the code's md5",
                              expected="errorCode 2 (static QR not supported): the payment is under this md5",
                              actual=f"HTTP {status}, errorCode {words(envelope.get('errorCode'))}: "
                              f"{words(envelope.get('responseMessage'))}", requirement="REQ-PAY-CONFIRMED")
