"""Checks on the participant as an Alipay+ acquirer: what it answers Alipay+, what it sends Alipay+, what it
credits its merchants and what Bakong settled (``schemas/alipay-plus/README.md`` §1–3).

Each check judges the records of an :class:`~bakong_conformance.crossborder.AcquiringScene`: the participant's
answers as Alipay+ read them (:class:`~bakong_conformance.networks.Answered`), the requests Alipay+ received
(:class:`~bakong_conformance.networks.Received`), pushes, inquiries and refunds with the merchant's balances.
"""

from __future__ import annotations

import contextlib
from collections.abc import Collection, Sequence
from decimal import Decimal
from typing import Any

from .. import schemas
from ..alipay_plus import AmountError, TimeError, from_minor, parse_time, to_minor
from ..crossborder import AcquiringScene, Inquiries, MerchantCode, Push, Refund
from ..errors import ContractViolation, OutcomeMismatch
from ..networks import Answered, Received
from ..networks.alipay_plus import RECEIVED_SCHEMAS
from ._registry import check
from ._text import words

__all__ = [
    "accepted_with_time",
    "answered_as_first",
    "answers_follow_rules",
    "answers_signed",
    "bakong_finds_pushed_payment",
    "bakong_settled_once",
    "credited_in_all",
    "decoded_as_code",
    "decoded_for_alipay",
    "decoded_identically",
    "final_success",
    "in_process_or_settled",
    "inquiry_failure",
    "inquiry_success",
    "merchant_not_credited",
    "no_instruction_for",
    "notifications_final_and_consistent",
    "notifications_resent_until_acknowledged",
    "notifications_stop_once_acknowledged",
    "one_refund_request_id_each",
    "order_not_exist",
    "refund_refused",
    "refunded_in_all",
    "refunds_debited_in_all",
    "refunds_succeeded",
    "request_refused_with",
    "requests_follow_rules",
    "requests_signed",
]

VERIFY, SIGNS, MESSAGES = "REQ-APLUS-ACQP-VERIFY", "REQ-APLUS-ACQP-SIGNS", "REQ-APLUS-ACQP-MESSAGES"
DECODE, REFUSE, KHR = "REQ-APLUS-ACQP-DECODE", "REQ-APLUS-ACQP-REFUSE", "REQ-APLUS-ACQP-KHR"
CREDIT, IDEMPOTENT, UNKNOWN = "REQ-APLUS-ACQP-CREDIT", "REQ-APLUS-ACQP-IDEMPOTENT", "REQ-APLUS-ACQP-UNKNOWN"
INQUIRY, NOTIFY, REFUND = "REQ-APLUS-ACQP-INQUIRY", "REQ-APLUS-ACQP-NOTIFY", "REQ-APLUS-ACQP-REFUND"
ANY_FAILURE = "any failure code"


def _said(answer: Answered) -> str:
    """What an answer said, for a failure's "Actual" line."""
    if answer.body is None:
        return f"HTTP {answer.status}, not JSON: {answer.raw[:200].decode('utf-8', 'replace')}"
    return words(answer.body)


def _sent(answer: Answered) -> str:
    """What Alipay+ sent, for a failure's "Sent" line."""
    return f"Alipay+'s {answer.request.operation} request {words(answer.request.body)}"


def _field(body: Any, *path: str) -> Any:
    """``body[path[0]][path[1]]...`` or None where any step is missing."""
    for key in path:
        body = body.get(key) if isinstance(body, dict) else None
    return body


# --- verifying and answering -------------------------------------------------------------------------------------
@check(VERIFY)
def decoded_for_alipay(answer: Answered, requirement: str) -> None:
    """A correctly signed request to decode a valid code of the participant's merchant is answered S SUCCESS."""
    if (answer.status_letter, answer.code) != ("S", "SUCCESS"):
        raise OutcomeMismatch("The participant did not decode a correctly signed request for its merchant's code",
                              expected="result S SUCCESS (the request is signed by Alipay+ over exactly what was sent)",
                              actual=_said(answer), requirement=requirement, sent=_sent(answer))


@check(VERIFY, REFUSE, KHR, CREDIT, IDEMPOTENT, "REQ-APLUS-MPP-VERIFY", "REQ-APLUS-MPP-INQUIRY",
       "REQ-APLUS-MPP-CANCEL", "REQ-APLUS-MPP-REFUND")
def request_refused_with(answer: Answered, codes: str, requirement: str) -> None:
    """The request is refused: result F, with one of ``codes`` ("A or B", or "any failure code")."""
    allowed = () if codes == ANY_FAILURE else tuple(c.strip() for c in codes.split(" or "))
    if answer.status_letter != "F" or (allowed and answer.code not in allowed):
        raise OutcomeMismatch(f"The participant did not refuse the request with {codes}",
                              expected=f"result F with {codes}", actual=_said(answer), requirement=requirement,
                              sent=_sent(answer))


@check(VERIFY, REFUSE, KHR, CREDIT)
def merchant_not_credited(push: Push, requirement: str) -> None:
    """The merchant's balance did not move."""
    if push.after != push.before:
        raise OutcomeMismatch("The participant credited the merchant for a payment it should not have",
                              expected=f"the merchant's balance stays {push.before}",
                              actual=f"{push.after} after the request (answered {_said(push.answer)})",
                              requirement=requirement, sent=_sent(push.answer))


@check(VERIFY, REFUSE, KHR)
def no_instruction_for(push: Push, requirement: str) -> None:
    """Bakong received no payment instruction during the push."""
    if push.instructions:
        raise OutcomeMismatch("The participant sent Bakong a payment for a request it should have refused",
                              expected="no payment instruction",
                              actual=words([r.body for r in push.instructions]), requirement=requirement,
                              sent=_sent(push.answer))


# --- signatures ----------------------------------------------------------------------------------------------------
@check(SIGNS, "REQ-APLUS-MPP-SIGNS")
def answers_signed(answers: Sequence[Answered], requirement: str = SIGNS) -> None:
    """Every answer verifies: the participant's Client-Id, a Response-Time, and a signature over both and the body
    as sent, with the participant's key."""
    if not answers:
        raise OutcomeMismatch("Alipay+ got no answer to check", expected="at least one answer", actual="none",
                              requirement=requirement)
    bad = [(a.request.operation, a.signature_problem) for a in answers if a.signature_problem is not None]
    if bad:
        raise ContractViolation("An answer of the participant to Alipay+ is not correctly signed",
                                expected="Client-Id, Response-Time and Signature: RSA256 over "
                                         "POST <path>\\n<Client-Id>.<Response-Time>.<body as sent>, with the key of "
                                         "the participant configuration",
                                actual="; ".join(f"{op}: {problem}" for op, problem in bad),
                                requirement=requirement, sent=_sent(answers[0]))


@check(SIGNS, "REQ-APLUS-MPP-SIGNS")
def requests_signed(received: Sequence[Received], requirement: str = SIGNS) -> None:
    """Every request the participant sent Alipay+ verifies (its Client-Id, Request-Time and body as sent)."""
    if not received:
        raise OutcomeMismatch("The participant sent Alipay+ no request", expected="at least one request",
                              actual="none", requirement=requirement)
    bad = [(r.operation, r.signature_problem) for r in received if r.signature_problem is not None]
    if bad:
        raise ContractViolation("A request of the participant to Alipay+ is not correctly signed",
                                expected="Client-Id, Request-Time and Signature: RSA256 over "
                                         "POST <path>\\n<Client-Id>.<Request-Time>.<body as sent>, with the key of "
                                         "the participant configuration",
                                actual="; ".join(f"{op}: {problem}" for op, problem in bad), requirement=requirement)


# --- message rules -------------------------------------------------------------------------------------------------
def _value_problems(value: Any, where: str = "the message") -> list[str]:
    """Where ``value`` breaks Alipay+'s value rules: a scalar that is not a string, or an empty string."""
    if isinstance(value, dict):
        return [p for key, item in value.items() for p in _value_problems(item, f'"{key}"')]
    if isinstance(value, list):
        return [p for item in value for p in _value_problems(item, where)]
    if value is None or (isinstance(value, str) and value):
        return []
    if isinstance(value, str):
        return [f'{where} is "" (an optional field is omitted or null, never empty)']
    return [f"{where} is {words(value)}, not a string"]


@check(MESSAGES)
def answers_follow_rules(answers: Sequence[Answered]) -> None:
    """Every answer is HTTP 200 strict JSON following its Alipay+ message schema, every value a string, none
    empty."""
    problems = [f"{a.request.operation}: {p}" for a in answers
                for p in [*a.problems, *_value_problems(a.body)]]
    if not answers or problems:
        raise ContractViolation("An answer of the participant breaks Alipay+'s message rules",
                                expected="HTTP 200, strict JSON, the fields of the Alipay+ message, every value a "
                                         "string, optional fields omitted or null, never \"\"",
                                actual="; ".join(problems[:6]) or "no answer", requirement=MESSAGES)


@check(MESSAGES)
def requests_follow_rules(received: Sequence[Received]) -> None:
    """Every request the participant sent Alipay+ is strict JSON following its message schema, values strings."""
    problems: list[str] = []
    for request in received:
        if request.body is None:
            problems.append(f"{request.operation}: not strict JSON")
            continue
        found = schemas.violations(request.body, "alipay-plus", "v1", RECEIVED_SCHEMAS[request.operation])
        problems += [f"{request.operation}: {p}" for p in [*found, *_value_problems(request.body)]]
    if not received or problems:
        raise ContractViolation("A request of the participant to Alipay+ breaks Alipay+'s message rules",
                                expected="strict JSON, the fields of the Alipay+ message, every value a string, "
                                         "optional fields omitted or null, never \"\"",
                                actual="; ".join(problems[:6]) or "no request", requirement=MESSAGES)


# --- decoding ------------------------------------------------------------------------------------------------------
def _expected_order(code: MerchantCode, khr_minor_units: int) -> list[tuple[str, Any, Any]]:
    """(what, expected, actual getter path) rows of a decode answer for ``code``."""
    merchant = code.merchant
    amount = None if code.amount is None else to_minor(code.amount, "KHR", khr_minor_units=khr_minor_units)
    return [("codeType", "STORE_CODE" if code.static else "ORDER_CODE", ("codeType",)),
            ("merchant's name", merchant.name, ("order", "merchant", "merchantName")),
            ("merchant's city", merchant.city, ("order", "merchant", "merchantAddress", "city")),
            ("merchant's region", "KH", ("order", "merchant", "merchantAddress", "region")),
            ("merchant's category code", merchant.mcc, ("order", "merchant", "merchantMCC")),
            ("merchant's id", merchant.merchant_id, ("order", "merchant", "referenceMerchantId")),
            ("payment amount", amount, ("paymentAmount",)),
            ("order amount", amount, ("order", "orderAmount")),
            ("settlement currency", "KHR", ("settlementStrategy", "settlementCurrency"))]


@check(DECODE)
def decoded_as_code(answer: Answered, code: MerchantCode, khr_minor_units: int) -> None:
    """The decode answer shows the code's merchant and order: type, name, city, category code, id, the amount in
    riel minor units (dynamic only), the expiry, the bill number as the order's reference, a paymentRequestId."""
    if (answer.status_letter, answer.code) != ("S", "SUCCESS"):
        raise OutcomeMismatch("The participant did not decode its merchant's KHQR", expected="result S SUCCESS",
                              actual=_said(answer), requirement=DECODE, sent=_sent(answer))
    rows = [(what, expected, _field(answer.body, *path))
            for what, expected, path in _expected_order(code, khr_minor_units)]
    wrong = [(what, expected, actual) for what, expected, actual in rows if actual != expected]
    if code.bill_number is not None and _field(answer.body, "order", "referenceOrderId") != code.bill_number:
        wrong.append(("order's reference", code.bill_number, _field(answer.body, "order", "referenceOrderId")))
    if not isinstance(answer.body.get("paymentRequestId"), str) or not answer.body["paymentRequestId"]:
        wrong.append(("paymentRequestId", "the participant's id of the payment", answer.body.get("paymentRequestId")))
    wrong += _expiry_difference(answer.body.get("paymentExpiryTime"), code.expiry_ms)
    if wrong:
        raise OutcomeMismatch("The participant's decoding differs from what the KHQR says",
                              expected="; ".join(f"{what} {words(expected)}" for what, expected, _ in wrong),
                              actual="; ".join(f"{what} {words(actual)}" for what, _, actual in wrong),
                              requirement=DECODE, sent=_sent(answer))


def _expiry_difference(written: Any, expiry_ms: int | None) -> list[tuple[str, Any, Any]]:
    """A row when ``paymentExpiryTime`` is not the code's expiry (to the second), or is there for a static code."""
    if expiry_ms is None:
        return [] if written is None else [("paymentExpiryTime", None, written)]
    try:
        if isinstance(written, str) and abs(parse_time(written) - expiry_ms) < 1_000:
            return []
    except TimeError:
        pass
    return [("paymentExpiryTime", f"the code's expiry ({expiry_ms} ms)", written)]


@check(DECODE)
def decoded_identically(first: Answered, again: Answered) -> None:
    """The same dynamic code decoded again within its validity gets an identical answer, same paymentRequestId."""
    if first.body != again.body or first.status_letter != "S":
        raise OutcomeMismatch("The same dynamic KHQR decoded twice got different answers",
                              expected=f"the first answer again: {_said(first)}", actual=_said(again),
                              requirement=DECODE, sent=_sent(again))


# --- crediting -----------------------------------------------------------------------------------------------------
@check(CREDIT)
def accepted_with_time(push: Push) -> None:
    """The pushed payment is answered S SUCCESS with its paymentId and a paymentTime."""
    body = push.answer.body if isinstance(push.answer.body, dict) else {}
    time = body.get("paymentTime")
    try:
        timed = isinstance(time, str) and parse_time(time) > 0
    except TimeError:
        timed = False
    if (push.answer.status_letter, push.answer.code) != ("S", "SUCCESS") or body.get("paymentId") != push.payment_id \
            or not timed:
        raise OutcomeMismatch("The participant did not accept the pushed payment with its time",
                              expected=f"result S SUCCESS, paymentId {words(push.payment_id, quoted=True)} and "
                                       "a paymentTime", actual=_said(push.answer), requirement=CREDIT,
                              sent=_sent(push.answer))


@check(CREDIT, UNKNOWN, IDEMPOTENT, REFUSE)
def credited_in_all(scene: AcquiringScene, push: Push, amount: str, requirement: str) -> None:
    """The merchant's balance went up by exactly ``amount`` riel over the scenario (once, whatever was repeated)."""
    start = push.first.before if push.first is not None else push.before
    now = scene.balance(push.code.merchant)
    if now - start != Decimal(amount):
        raise OutcomeMismatch("The merchant was not credited exactly the payment, once",
                              expected=f"credited {amount} riel in all (from {start} to {start + Decimal(amount)})",
                              actual=f"the balance went from {start} to {now}", requirement=requirement,
                              sent=_sent(push.answer))


@check(CREDIT, IDEMPOTENT)
def bakong_settled_once(push: Push, amount: str, requirement: str) -> None:
    """Bakong settled exactly one payment of the code's md5: ``amount`` riel to the merchant's account."""
    found = [(t.to_account_id, t.amount, t.currency) for t in push.settled]
    if found != [(push.code.merchant.account_id, _riel(amount), "KHR")]:
        raise OutcomeMismatch("Bakong did not settle the payment once, to the merchant, under the code's md5",
                              expected=f"one transaction with md5 {push.code.md5}: {amount} KHR to "
                                       f"{push.code.merchant.account_id}", actual=words(found) if found else
                              "no transaction with that md5", requirement=requirement, sent=_sent(push.answer))


def _riel(amount: str) -> str:
    return str(Decimal(amount).quantize(Decimal(1)))


@check(CREDIT)
def bakong_finds_pushed_payment(scene: AcquiringScene, push: Push, amount: str) -> None:
    """A merchant's system finds the payment through the Bakong Open API by the md5 of the code."""
    status, envelope = scene.bakong.ask_bakong("/v1/check_transaction_by_md5", {"md5": push.code.md5})
    data = envelope.get("data") if isinstance(envelope, dict) else None
    found = (data or {}).get("toAccountId"), str((data or {}).get("amount")), (data or {}).get("currency")
    if status != 200 or envelope.get("responseCode") != 0 or \
            found[0] != push.code.merchant.account_id or Decimal(found[1] or "0") != Decimal(amount):
        raise OutcomeMismatch("Bakong does not find the Alipay+ payment by the md5 of the code",
                              expected=f"check_transaction_by_md5 finds {amount} KHR to "
                                       f"{push.code.merchant.account_id}",
                              actual=f"HTTP {status}: {words(envelope)}", requirement=CREDIT, sent=_sent(push.answer))


# --- repeats -------------------------------------------------------------------------------------------------------
@check(IDEMPOTENT)
def answered_as_first(push: Push) -> None:
    """A repeat of a pushed payment gets the first answer's result, ids and time."""
    keys = ("result", "paymentId", "paymentRequestId", "paymentTime")
    first = push.first.answer.body if push.first is not None and isinstance(push.first.answer.body, dict) else {}
    again = push.answer.body if isinstance(push.answer.body, dict) else {}
    if push.first is None or {k: first.get(k) for k in keys} != {k: again.get(k) for k in keys}:
        raise OutcomeMismatch("A repeated pushPayment was not answered as the first",
                              expected=words({k: first.get(k) for k in keys}),
                              actual=words({k: again.get(k) for k in keys}), requirement=IDEMPOTENT,
                              sent=_sent(push.answer))


# --- unknown results and inquiries ---------------------------------------------------------------------------------
@check(UNKNOWN)
def in_process_or_settled(push: Push) -> None:
    """While Bakong's answer is unknown: U and no credit; S only for a payment Bakong settled, with the credit."""
    letter, credited = push.answer.status_letter, push.after - push.before
    settled = bool(push.settled)
    if letter == "U" and credited == 0:
        return
    if letter == "S" and settled and credited == push.value:
        return
    raise OutcomeMismatch("The participant treated a payment whose Bakong answer is unknown as final, or credited "
                          "on U", expected="result U (PAYMENT_IN_PROCESS) and no credit, or S for a payment Bakong "
                                           "settled, with the merchant credited",
                          actual=f"{_said(push.answer)}; merchant credited {credited}; Bakong "
                                 f"{'settled' if settled else 'had not settled'} it", requirement=UNKNOWN,
                          sent=_sent(push.answer))


@check(UNKNOWN)
def final_success(inquiries: Inquiries) -> None:
    """Alipay+'s inquiries on its schedule end with the payment's success."""
    last = inquiries.answers[-1] if inquiries.answers else None
    letter = _field(last.body, "paymentResult", "resultStatus") if last is not None else None
    if last is None or last.status_letter != "S" or letter != "S":
        raise OutcomeMismatch("Alipay+'s inquiries did not end with the payment's success",
                              expected="after at most 8 inquiries (4 s, 4 s, 30 s, 60 s ×3, 5 min ×2): result S and "
                                       "paymentResult S",
                              actual="; ".join(_said(a) for a in inquiries.answers) or "no inquiry",
                              requirement=UNKNOWN, sent=_sent(inquiries.push.answer))


@check(INQUIRY)
def order_not_exist(answer: Answered) -> None:
    """An inquiry about a payment never pushed: result F ORDER_NOT_EXIST and no payment result."""
    if (answer.status_letter, answer.code) != ("F", "ORDER_NOT_EXIST") or \
            _field(answer.body, "paymentResult") is not None:
        raise OutcomeMismatch("An inquiry about an unknown payment was not answered ORDER_NOT_EXIST",
                              expected="result F ORDER_NOT_EXIST, no paymentResult", actual=_said(answer),
                              requirement=INQUIRY, sent=_sent(answer))


@check(INQUIRY)
def inquiry_success(answer: Answered, push: Push) -> None:
    """An inquiry about a credited payment: the call's S, the payment's S, the same paymentTime as answered."""
    said, asked = _field(answer.body, "paymentTime"), _field(push.answer.body, "paymentTime")
    same_time = False
    with contextlib.suppress(TimeError):
        same_time = isinstance(said, str) and isinstance(asked, str) and parse_time(said) == parse_time(asked)
    if answer.status_letter != "S" or _field(answer.body, "paymentResult", "resultStatus") != "S" or not same_time:
        raise OutcomeMismatch("An inquiry about a credited payment did not give both successes and its time",
                              expected=f"result S, paymentResult S and paymentTime {words(asked)}",
                              actual=_said(answer), requirement=INQUIRY, sent=_sent(answer))


@check(INQUIRY)
def inquiry_failure(answer: Answered) -> None:
    """An inquiry about a payment that failed: the call's S and the payment's F."""
    if answer.status_letter != "S" or _field(answer.body, "paymentResult", "resultStatus") != "F":
        raise OutcomeMismatch("An inquiry about a failed payment did not give the call's success and the "
                              "payment's failure", expected="result S and paymentResult F with its reason",
                              actual=_said(answer), requirement=INQUIRY, sent=_sent(answer))


# --- notifications -------------------------------------------------------------------------------------------------
@check(NOTIFY)
def notifications_final_and_consistent(notifications: Sequence[Received], pushes: Sequence[Push],
                                       settled: Collection[str]) -> None:
    """Every notification is S or F (never U) for a paymentId Alipay+ pushed; an S one has the paymentRequestId
    and a paymentTime and is only for a payment Bakong settled (``settled``: the md5 of every code Bakong holds a
    transaction of by now)."""
    known = {p.payment_id: p for p in pushes}
    wrong: list[str] = []
    for note in notifications:
        body = note.body if isinstance(note.body, dict) else {}
        letter, payment_id = _field(body, "paymentResult", "resultStatus"), body.get("paymentId")
        push = known.get(payment_id) if isinstance(payment_id, str) else None
        if letter not in ("S", "F"):
            wrong.append(f"paymentResult {words(_field(body, 'paymentResult'))} (only S or F is ever notified)")
        elif push is None:
            wrong.append(f"paymentId {words(payment_id)} is no payment Alipay+ pushed")
        elif letter == "S" and (push.code.md5 not in settled or not body.get("paymentTime")
                                or body.get("paymentRequestId") != _field(push.answer.body, "paymentRequestId")):
            wrong.append(f"a success notified as {words(body)} for the payment answered {_said(push.answer)}")
    if wrong:
        raise OutcomeMismatch("A notification to Alipay+ is not final or not consistent with the payment",
                              expected="paymentResult S or F, never U; the paymentId pushed; for S, the "
                                       "paymentRequestId and a paymentTime of a payment Bakong settled",
                              actual="; ".join(wrong[:4]), requirement=NOTIFY)


@check(NOTIFY)
def notifications_stop_once_acknowledged(notifications: Sequence[Received]) -> None:
    """No notification of a payment is sent after Alipay+ acknowledged one of it with S."""
    acknowledged: set[str] = set()
    again: list[str] = []
    for note in notifications:
        payment_id = words(_field(note.body, "paymentId"))
        if payment_id in acknowledged:
            again.append(payment_id)
        if note.acknowledged:
            acknowledged.add(payment_id)
    if again:
        raise OutcomeMismatch("The participant notified Alipay+ again after Alipay+ acknowledged the result",
                              expected="no notification after an S acknowledgement",
                              actual=f"notified again for paymentId {', '.join(again)}", requirement=NOTIFY)


@check(NOTIFY, "REQ-APLUS-MPP-NOTIFY")
def notifications_resent_until_acknowledged(notifications: Sequence[Received], requirement: str = NOTIFY) -> None:
    """For every payment the participant notified, its last notification was acknowledged S (one not acknowledged
    was sent again, at the latest when time passed)."""
    last: dict[str, Received] = {}
    for note in notifications:
        last[words(_field(note.body, "paymentId"))] = note
    unacknowledged = [payment_id for payment_id, note in last.items() if not note.acknowledged]
    if unacknowledged:
        raise OutcomeMismatch("A notification Alipay+ did not acknowledge was not sent again",
                              expected="the notification sent again (at the latest when the sandbox is told time "
                                       "passed) until Alipay+ acknowledges it with S",
                              actual=f"the last notification of paymentId {', '.join(unacknowledged)} was not "
                                     "acknowledged, and none followed", requirement=requirement)


# --- refunds -------------------------------------------------------------------------------------------------------
@check(REFUND)
def refunds_succeeded(refunds: Sequence[Refund]) -> None:
    """Every refund succeeded through Alipay+, each with its own refundRequestId."""
    ids = [r.answer.refund_request_id for r in refunds]
    if not refunds or any(r.answer.status != "SUCCEEDED" for r in refunds) or None in ids or len(set(ids)) != len(ids):
        raise OutcomeMismatch("A merchant's refund did not succeed through Alipay+ with its own refundRequestId",
                              expected="status SUCCEEDED and a distinct refundRequestId for each refund",
                              actual=words([{"status": r.answer.status, "refundRequestId": r.answer.refund_request_id,
                                             "reason": r.answer.reason} for r in refunds]), requirement=REFUND)


@check(REFUND)
def refund_refused(refund: Refund) -> None:
    """A refund above what is left of the payment is refused."""
    if refund.answer.status != "REFUSED":
        raise OutcomeMismatch("A refund above what is left of the payment was not refused",
                              expected="status REFUSED", actual=words({"status": refund.answer.status,
                                                                       "reason": refund.answer.reason}),
                              requirement=REFUND)


@check(REFUND)
def refunded_in_all(scene: AcquiringScene, push: Push, amount: str) -> None:
    """Alipay+ refunded exactly ``amount`` riel of the payment in all."""
    refunded = scene.alipay.refunded_value(push.payment_id)
    expected = int(to_minor(Decimal(amount), "KHR", khr_minor_units=scene.alipay.khr_minor_units)["value"])
    if refunded != expected:
        try:
            shown = from_minor({"currency": "KHR", "value": str(refunded)},
                               khr_minor_units=scene.alipay.khr_minor_units)[1]
        except AmountError:
            shown = Decimal(refunded)
        raise OutcomeMismatch("Alipay+ did not refund exactly what the merchant refunded",
                              expected=f"{amount} riel refunded of paymentId {push.payment_id}",
                              actual=f"{shown} riel refunded", requirement=REFUND)


@check(REFUND)
def refunds_debited_in_all(scene: AcquiringScene, push: Push, amount: str) -> None:
    """The merchant was debited exactly ``amount`` riel for refunds since it was credited."""
    now = scene.balance(push.code.merchant)
    if push.after - now != Decimal(amount):
        raise OutcomeMismatch("The merchant was not debited exactly the refunds",
                              expected=f"debited {amount} riel in all (from {push.after} to "
                                       f"{push.after - Decimal(amount)})",
                              actual=f"the balance went from {push.after} to {now}", requirement=REFUND)


@check(REFUND)
def one_refund_request_id_each(refunds: Sequence[Refund], received: Sequence[Received]) -> None:
    """Alipay+ was asked for each merchant refund under one refundRequestId, however often it was asked."""
    ids = {words(_field(r.body, "refundRequestId")) for r in received}
    keys = {r.key for r in refunds}
    if not received or len(ids) != len(keys):
        raise OutcomeMismatch("A refund was asked of Alipay+ under more than one refundRequestId",
                              expected=f"{len(keys)} refundRequestId(s), one per refund, repeated on every retry",
                              actual=f"{len(received)} refund request(s) with refundRequestId(s) "
                                     f"{', '.join(sorted(ids)) or 'none'}", requirement=REFUND)
