"""Defects of the reference participant as an Alipay+ wallet whose customers pay Alipay+ merchants abroad
(capability ``alipay-plus-wallet``)."""

from __future__ import annotations

import json
from collections.abc import Callable
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from ...alipay_plus import AmountError, KeyPair, from_minor, result
from .._alipay_rules import SignRequestFn
from .._bank import SUCCEEDED, Account
from .._behaviour import Behaviour
from .._registry import defect
from .._wallet import NOTIFY_PAYMENT
from .._wallet_books import MerchantOrder, WalletPayment, WalletRefund
from .._wallet_rules import RefundLine
from ._blocks import no_verification, signing_piece, unsigned, wallet_piece

ShownFn = Callable[[MerchantOrder, int], dict[str, Any]]
OWN_MARGIN = Decimal("1.02")
"""What a wallet converting on its own adds to the rate it takes (2 %)."""
OWN_RIEL_PER_DOLLAR = Decimal(4000)
"""The rate a wallet paying from dollar accounts would take on its own."""
CENT = Decimal("0.01")


# --- signatures -------------------------------------------------------------------------------------------------------
def _notify_signed_over_other_body(sign: SignRequestFn) -> SignRequestFn:
    """Signs notifyPayment over its body re-serialised (indented), while the compact body is what is sent."""
    def request(keys: KeyPair, path: str, client_id: str, now_ms: int, body: bytes) -> dict[str, str]:
        if not path.endswith("/" + NOTIFY_PAYMENT):
            return sign(keys, path, client_id, now_ms, body)
        reserialised = json.dumps(json.loads(body), ensure_ascii=False, indent=1).encode("utf-8")
        return sign(keys, path, client_id, now_ms, reserialised)
    return request


defect("mpp-answers-unsigned", "Answers Alipay+'s requests to the wallet without a Signature header",
       "REQ-APLUS-MPP-SIGNS")(signing_piece("wallet", "sign_answer", unsigned))
defect("mpp-notify-signed-over-other-body", "Signs its notifyPayment over the body re-serialised (indented) but "
       "sends it compact", "REQ-APLUS-MPP-SIGNS")(
    signing_piece("wallet", "sign_request", _notify_signed_over_other_body))
defect("mpp-accepts-bad-signature", "Does not verify the signatures of Alipay+'s requests to the wallet",
       "REQ-APLUS-MPP-VERIFY")(signing_piece("wallet", "verify", lambda _: no_verification))


# --- what is shown and debited ----------------------------------------------------------------------------------------
def own_conversion(order: MerchantOrder, digits: int) -> dict[str, str]:
    """``payToAmount`` as a wallet converting on its own would make it: ``paymentAmount`` at ``quotePrice`` cut to
    a whole number, plus :data:`OWN_MARGIN`; what Alipay+ gave when that cannot be computed."""
    try:
        _, amount = from_minor(order.payment_amount, khr_minor_units=digits)
        rate = Decimal(int(Decimal(str(order.quote.get("quotePrice"))))) * OWN_MARGIN
    except (AmountError, InvalidOperation, ValueError):
        return dict(order.pay_to_amount)
    minor = (amount * rate * Decimal(10) ** digits).to_integral_value(ROUND_HALF_UP)
    return {"currency": "KHR", "value": str(int(minor))}


def _shows_own(shown: ShownFn) -> ShownFn:
    return lambda order, digits: {**shown(order, digits), "payToAmount": own_conversion(order, digits)}


defect("shows-own-conversion", "Shows the customer a riel amount of its own conversion (the quote's price cut to a "
       "whole number, plus 2 %) instead of payToAmount", "REQ-APLUS-MPP-SHOWN")(wallet_piece("shown", _shows_own))
defect("debits-own-conversion", "Debits (and notifies) a riel amount of its own conversion instead of payToAmount",
       "REQ-APLUS-MPP-DEBIT")(wallet_piece("charge", lambda _: own_conversion))


# --- confirming -------------------------------------------------------------------------------------------------------
def _debits_again(answered: Callable[[WalletPayment], bool]) -> Callable[[WalletPayment], bool]:
    return lambda payment: answered(payment) and payment.status != SUCCEEDED


defect("debits-twice-on-reconfirm", "Debits the customer again when a payment already debited is confirmed again",
       "REQ-APLUS-MPP-DEBIT")(wallet_piece("answered", _debits_again))
defect("overdraws-for-alipay", "Debits an Alipay+ payment whatever the account's balance (no balance check)",
       "REQ-APLUS-MPP-REFUSE")(wallet_piece("enough", lambda _: lambda balance, amount: True))
defect("ignores-alipay-limit", "Pays an Alipay+ payment above the customer's Alipay+ limit",
       "REQ-APLUS-MPP-REFUSE")(wallet_piece("within_limit", lambda _: lambda limit, amount: True))


def _in_dollars(taken: Callable[[Account, Decimal], Decimal]) -> Callable[[Account, Decimal], Decimal]:
    def take(account: Account, riel: Decimal) -> Decimal:
        if account.currency != "USD":
            return taken(account, riel)
        return (riel / OWN_RIEL_PER_DOLLAR).quantize(CENT, ROUND_HALF_UP)
    return take


def _pays_from_dollars(behaviour: Behaviour) -> Behaviour:
    """Lets a US dollar account scan, and takes the riel from it in dollars at a rate of its own."""
    anyone = wallet_piece("pays_from", lambda _: lambda account: True)
    return wallet_piece("taken", _in_dollars)(anyone(behaviour))


defect("pays-from-dollar-account", "Lets a US dollar account pay Alipay+ merchants, taking the riel from it in "
       "dollars at 4000 riel a dollar", "REQ-APLUS-MPP-REFUSE")(_pays_from_dollars)
defect("pays-after-expiry", "Debits a payment confirmed after its paymentExpiryTime",
       "REQ-APLUS-MPP-REFUSE")(wallet_piece("expired", lambda _: lambda expiry_ms, now_ms: False))


# --- notifications ----------------------------------------------------------------------------------------------------
def _one_riel_unit_more(message: dict[str, Any]) -> dict[str, Any]:
    amount = message.get("payToAmount")
    if not isinstance(amount, dict):
        return message
    return {**message, "payToAmount": {**amount, "value": str(int(amount["value"]) + 1)}}


defect("notify-resent-with-other-amount", "Sends a notification again with payToAmount one minor unit more",
       "REQ-APLUS-MPP-NOTIFY")(wallet_piece("resent", lambda resent: lambda m: _one_riel_unit_more(resent(m))))
defect("mpp-notify-not-resent", "Never sends a notifyPayment again, acknowledged or not",
       "REQ-APLUS-MPP-NOTIFY")(wallet_piece("still_due", lambda _: lambda acknowledged: False))


# --- Alipay+'s inquiries, cancels and refunds -------------------------------------------------------------------------
def _credit_again(line: RefundLine, payment: WalletPayment, refund: WalletRefund) -> None:
    line.credit(payment, refund.amount)


defect("inquiry-final-before-confirmation", "Answers an inquiry about a payment the customer has not confirmed yet "
       "with payment result F", "REQ-APLUS-MPP-INQUIRY")(wallet_piece(
           "unconfirmed", lambda _: lambda payment: result("PROCESS_FAIL", "the customer has not paid")))
defect("cancel-ignored-after-debit", "Answers a cancel of a debited payment S but keeps the debit",
       "REQ-APLUS-MPP-CANCEL")(wallet_piece("given_back", lambda _: lambda payment: Decimal(0)))
defect("cancel-after-cutoff-accepted", "Cancels (and gives back) a payment after the cut-off, 00:30 UTC+8 on the day "
       "after it", "REQ-APLUS-MPP-CANCEL")(wallet_piece("cancellable", lambda _: lambda paid_ms, now_ms: True))
defect("refund-credited-twice", "Credits the customer again when Alipay+ repeats a refundRequestId",
       "REQ-APLUS-MPP-REFUND")(wallet_piece("repeat_refund", lambda _: _credit_again))
