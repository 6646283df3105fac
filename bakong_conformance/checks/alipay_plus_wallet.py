"""Checks on the participant as an Alipay+ wallet (MPP): what it shows its customer, what it debits, what it tells
Alipay+ and what it answers Alipay+'s inquiries, cancels and refunds (``schemas/alipay-plus/README.md`` §4).

Each check judges the records of a :class:`~bakong_conformance.crossborder.WalletScene`: scans, confirmations
and Alipay+'s calls with the customer's balance around them, and what Alipay+ received (its notifications).
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from ..alipay_plus import from_minor
from ..crossborder import Confirmation, Scan, WalletCall
from ..errors import OutcomeMismatch
from ..networks import Received
from ._registry import check
from ._text import words

__all__ = [
    "confirmation_failed_without_debit",
    "confirmed_again_as_first",
    "debited_pay_to_amount",
    "gave_back",
    "notifications_of_payment_are_the_same",
    "notifications_say_failed",
    "notified_success_as_given",
    "repeated_as_first",
    "scan_refused_without_debit",
    "shown_as_given",
    "wallet_balance_unchanged",
    "wallet_inquiry_in_process",
    "wallet_inquiry_paid",
]

SHOWN, DEBIT, REFUSE = "REQ-APLUS-MPP-SHOWN", "REQ-APLUS-MPP-DEBIT", "REQ-APLUS-MPP-REFUSE"
NOTIFY, INQUIRY = "REQ-APLUS-MPP-NOTIFY", "REQ-APLUS-MPP-INQUIRY"
CANCEL, REFUND, VERIFY = "REQ-APLUS-MPP-CANCEL", "REQ-APLUS-MPP-REFUND", "REQ-APLUS-MPP-VERIFY"


def _riel(amount: dict[str, str], khr_minor_units: int) -> Decimal:
    """The riel of an Alipay+ riel amount (major units)."""
    return from_minor(amount, khr_minor_units=khr_minor_units)[1]


def _field(body: Any, *path: str) -> Any:
    for key in path:
        body = body.get(key) if isinstance(body, dict) else None
    return body


def _sent(call: WalletCall) -> str:
    return f"Alipay+'s {call.answer.request.operation} request {words(call.answer.request.body)}"


def _scanned(scan: Scan) -> str:
    return f"the customer of {scan.account.account_id} scanned the Alipay+ merchant code {scan.order.code_value}"


# --- what the customer is shown ------------------------------------------------------------------------------------
@check(SHOWN)
def shown_as_given(scan: Scan) -> None:
    """The payment screen shows the merchant's name, paymentAmount, payToAmount and the quote as Alipay+ gave."""
    order, shown = scan.order, scan.answer.shown or {}
    expected = {"merchantName": order.merchant_name, "paymentAmount": order.payment_amount,
                "payToAmount": order.pay_to_amount,
                "quote": {k: order.quote[k] for k in ("quoteId", "quoteCurrencyPair", "quotePrice")}}
    actual = {key: shown.get(key) for key in expected}
    if scan.answer.status != "SHOWN" or actual != expected \
            or scan.answer.payment_request_id != order.payment_request_id:
        raise OutcomeMismatch("The wallet did not show the payment as Alipay+ gave it",
                              expected=f"status SHOWN, paymentRequestId {order.payment_request_id}: {words(expected)}",
                              actual=f"status {scan.answer.status}, paymentRequestId "
                                     f"{words(scan.answer.payment_request_id)}: {words(actual)}",
                              requirement=SHOWN, sent=_scanned(scan))


# --- the debit -----------------------------------------------------------------------------------------------------
@check(DEBIT)
def debited_pay_to_amount(confirmation: Confirmation, khr_minor_units: int) -> None:
    """The confirmation succeeded and the account went down by exactly payToAmount, once."""
    due = _riel(confirmation.scan.order.pay_to_amount, khr_minor_units)
    debited = confirmation.before - confirmation.after
    if confirmation.answer.status != "SUCCEEDED" or debited != due \
            or confirmation.answer.debited is None or Decimal(confirmation.answer.debited) != due:
        raise OutcomeMismatch("The wallet did not debit exactly the riel amount Alipay+ gave",
                              expected=f"status SUCCEEDED, {due} riel debited (payToAmount "
                                       f"{words(confirmation.scan.order.pay_to_amount)})",
                              actual=f"status {confirmation.answer.status}, the balance went from "
                                     f"{confirmation.before} to {confirmation.after}, debited "
                                     f"{words(confirmation.answer.debited)}", requirement=DEBIT,
                              sent=_scanned(confirmation.scan))


@check(DEBIT)
def notified_success_as_given(notifications: Sequence[Received], confirmation: Confirmation) -> None:
    """A notification of the payment says S with Alipay+'s paymentRequestId, amounts and customer, the wallet's
    paymentId and a paymentTime, and Alipay+ (which checks it against its order) acknowledged it."""
    order = confirmation.scan.order
    mine = [n for n in notifications if _field(n.body, "paymentRequestId") == order.payment_request_id]
    good = [n for n in mine if _field(n.body, "paymentResult", "resultStatus") == "S" and n.acknowledged
            and _field(n.body, "paymentAmount") == order.payment_amount
            and _field(n.body, "payToAmount") == order.pay_to_amount and _field(n.body, "paymentTime")
            and _field(n.body, "paymentId") == confirmation.answer.payment_id]
    if not good:
        raise OutcomeMismatch("The wallet did not notify Alipay+ of the success as Alipay+ gave the payment",
                              expected=f"notifyPayment S for paymentRequestId {order.payment_request_id} with "
                                       f"paymentAmount {words(order.payment_amount)}, payToAmount "
                                       f"{words(order.pay_to_amount)}, paymentId "
                                       f"{words(confirmation.answer.payment_id)} and a paymentTime, acknowledged S",
                              actual=words([{"body": n.body, "answer": n.answer} for n in mine][:3]) if mine
                              else "no notification of it", requirement=DEBIT, sent=_scanned(confirmation.scan))


@check(DEBIT)
def confirmed_again_as_first(again: Confirmation, first: Confirmation) -> None:
    """Confirming the same payment again answers as the first time and debits nothing more."""
    same = (again.answer.status, again.answer.payment_id, again.answer.debited) == \
        (first.answer.status, first.answer.payment_id, first.answer.debited)
    if not same or again.after != again.before:
        raise OutcomeMismatch("Confirming the same payment again was not answered as the first, or debited again",
                              expected=f"the first answer {words(first.answer.status)} (paymentId "
                                       f"{words(first.answer.payment_id)}), the balance staying {again.before}",
                              actual=f"{words(again.answer.status)} (paymentId {words(again.answer.payment_id)}), "
                                     f"the balance went from {again.before} to {again.after}", requirement=DEBIT,
                              sent=_scanned(again.scan))


# --- refusals ------------------------------------------------------------------------------------------------------
@check(REFUSE, CANCEL)
def confirmation_failed_without_debit(confirmation: Confirmation, code: str | None, requirement: str) -> None:
    """The confirmation failed (with ``code``, when given) and nothing was debited."""
    reason = (confirmation.answer.reason or {}).get("code")
    if confirmation.answer.status != "FAILED" or (code is not None and reason != code) \
            or confirmation.after != confirmation.before:
        raise OutcomeMismatch("The wallet debited, or did not refuse, a payment the customer cannot make",
                              expected=f"status FAILED{f' with {code}' if code else ''}, the balance staying "
                                       f"{confirmation.before}",
                              actual=f"status {confirmation.answer.status}, reason {words(reason)}, the balance "
                                     f"went from {confirmation.before} to {confirmation.after}",
                              requirement=requirement, sent=_scanned(confirmation.scan))


@check(REFUSE)
def scan_refused_without_debit(scan: Scan, confirmation: Confirmation | None) -> None:
    """A scan from a US dollar account is refused; if the customer could confirm anyway, nothing was debited."""
    debited = confirmation is not None and confirmation.after != confirmation.before
    paid = confirmation is not None and confirmation.answer.status == "SUCCEEDED"
    if scan.answer.status != "REFUSED" and (debited or paid or confirmation is None):
        raise OutcomeMismatch("The wallet paid Alipay+ from a US dollar account",
                              expected="the scan refused (only riel accounts pay through Alipay+), nothing debited",
                              actual=f"scan {scan.answer.status}" + (
                                  "" if confirmation is None else f", confirmation {confirmation.answer.status}, "
                                  f"the balance went from {confirmation.before} to {confirmation.after}"),
                              requirement=REFUSE, sent=_scanned(scan))


@check(REFUSE)
def notifications_say_failed(notifications: Sequence[Received]) -> None:
    """Every notification the wallet sent says F (the payment failed), none S."""
    said = [_field(n.body, "paymentResult", "resultStatus") for n in notifications]
    if any(letter != "F" for letter in said):
        raise OutcomeMismatch("The wallet notified Alipay+ of a payment that failed as something else",
                              expected="notifyPayment F (or no notification)", actual=f"paymentResult {words(said)}",
                              requirement=REFUSE)


# --- notifications -------------------------------------------------------------------------------------------------
@check(NOTIFY)
def notifications_of_payment_are_the_same(notifications: Sequence[Received]) -> None:
    """Every notification of one payment carries the same content (a re-sent notification is the same)."""
    first: dict[str, Any] = {}
    differ: list[str] = []
    for note in notifications:
        key = words(_field(note.body, "paymentRequestId"))
        if first.setdefault(key, note.body) != note.body:
            differ.append(f"{words(first[key])} then {words(note.body)}")
    if not notifications or differ:
        raise OutcomeMismatch("The wallet's notifications of one payment differ",
                              expected="the same notification every time it is sent",
                              actual="; ".join(differ[:2]) or "no notification at all", requirement=NOTIFY)


# --- inquiries -----------------------------------------------------------------------------------------------------
@check(INQUIRY)
def wallet_inquiry_in_process(call: WalletCall) -> None:
    """Before the customer confirmed: the call's S and the payment's U PAYMENT_IN_PROCESS."""
    body = call.answer.body
    if call.answer.status_letter != "S" or _field(body, "paymentResult", "resultStatus") != "U":
        raise OutcomeMismatch("An inquiry before the customer confirmed was not answered as in process",
                              expected="result S, paymentResult U (PAYMENT_IN_PROCESS): U is never final",
                              actual=words(body), requirement=INQUIRY, sent=_sent(call))


@check(INQUIRY)
def wallet_inquiry_paid(call: WalletCall, confirmation: Confirmation) -> None:
    """After the debit: the call's S, the payment's S, with the wallet's paymentId, Alipay+'s amounts, a time."""
    body, order = call.answer.body, confirmation.scan.order
    expected = {"paymentId": confirmation.answer.payment_id, "paymentAmount": order.payment_amount,
                "payToAmount": order.pay_to_amount}
    actual = {key: _field(body, key) for key in expected}
    if call.answer.status_letter != "S" or _field(body, "paymentResult", "resultStatus") != "S" \
            or actual != expected or not _field(body, "paymentTime"):
        raise OutcomeMismatch("An inquiry about a paid payment did not give its success with what was paid",
                              expected=f"result S, paymentResult S, a paymentTime and {words(expected)}",
                              actual=words(body), requirement=INQUIRY, sent=_sent(call))


# --- cancels and refunds -------------------------------------------------------------------------------------------
@check(CANCEL, REFUND)
def gave_back(call: WalletCall, amount: str, requirement: str) -> None:
    """Alipay+'s cancel or refund succeeded and put exactly ``amount`` riel back in the customer's account."""
    if call.answer.status_letter != "S" or call.after - call.before != Decimal(amount):
        raise OutcomeMismatch(f"Alipay+'s {call.answer.request.operation} did not succeed, or did not put exactly "
                              "its riel back in the customer's account",
                              expected=f"result S and {amount} riel back in the account",
                              actual=f"{words(call.answer.body)}; the balance went from {call.before} to "
                                     f"{call.after}", requirement=requirement, sent=_sent(call))


@check(CANCEL, REFUND)
def repeated_as_first(again: WalletCall, first: WalletCall, requirement: str) -> None:
    """A cancel or refund sent again is answered as the first and moves no money."""
    if _field(again.answer.body, "result", "resultStatus") != _field(first.answer.body, "result", "resultStatus") \
            or again.after != again.before:
        raise OutcomeMismatch("A repeated request was not answered as the first, or moved money again",
                              expected=f"the first answer {words(first.answer.body)}, the balance staying "
                                       f"{again.before}",
                              actual=f"{words(again.answer.body)}; the balance went from {again.before} to "
                                     f"{again.after}", requirement=requirement, sent=_sent(again))


@check(VERIFY, CANCEL, REFUND)
def wallet_balance_unchanged(call: WalletCall, requirement: str) -> None:
    """The customer's balance did not move during Alipay+'s call."""
    if call.after != call.before:
        raise OutcomeMismatch("The wallet moved money on a request it refused",
                              expected=f"the balance staying {call.before}",
                              actual=f"{call.after} (answered {words(call.answer.body)})", requirement=requirement,
                              sent=_sent(call))

