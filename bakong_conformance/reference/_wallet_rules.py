"""What the reference participant decides as an Alipay+ wallet (MPP), as replaceable functions (the correct
choices are the functions below): how it verifies Alipay+'s requests and signs its own messages (the choices both
Alipay+ roles share, ``_alipay_rules``), which accounts pay, what the customer is shown and debited, a
confirmation again, expiry and balance, notifications sent again, inquiries before confirmation, cancels and
refunds (schemas/alipay-plus/README.md §4).

The engine (``_wallet.Wallet``), the notifier (``_alipay_notify``) and the wire (``_alipay_wire``,
``_alipay_client``) run the steps in a fixed order and ask :class:`WalletRules` at each one; a defect switch
(``roles/wallet.py``) replaces one piece, never the engine.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Protocol

from ..alipay_plus import result
from ._alipay_notify import unchanged
from ._alipay_refusal import Refused
from ._alipay_rules import (
    Signing,
    correct_signing,
    until_acknowledged,
)
from ._bank import Account
from ._wallet_books import SHOWN, MerchantOrder, WalletPayment, WalletRefund

__all__ = ["CANCEL_CUTOFF_MS", "RefundLine", "WalletRules", "cancel_cutoff", "correct_wallet"]

UTC8_MS = 8 * 3_600_000
DAY_MS = 86_400_000
CANCEL_CUTOFF_MS = 30 * 60_000
"""A payment can be cancelled until this long after midnight (UTC+8) of the day after the payment."""


class RefundLine(Protocol):
    """What a repeated refund may do (the engine, ``_wallet.Wallet``)."""

    def credit(self, payment: WalletPayment, amount: Decimal) -> None:
        """Credit the customer's account back with ``amount`` riel of ``payment``."""


@dataclass(frozen=True, slots=True)
class WalletRules:
    """What the wallet decides at each step."""

    signing: Signing
    pays_from: Callable[[Account], bool]
    taken: Callable[[Account, Decimal], Decimal]
    shown: Callable[[MerchantOrder, int], dict[str, Any]]
    charge: Callable[[MerchantOrder, int], dict[str, str]]
    answered: Callable[[WalletPayment], bool]
    expired: Callable[[int, int], bool]
    enough: Callable[[Decimal, Decimal], bool]
    within_limit: Callable[[Decimal | None, Decimal], bool]
    still_due: Callable[[bool], bool]
    resent: Callable[[dict[str, Any]], dict[str, Any]]
    unconfirmed: Callable[[WalletPayment], dict[str, Any]]
    cancellable: Callable[[int, int], bool]
    given_back: Callable[[WalletPayment], Decimal]
    known_refund: Callable[[Mapping[str, WalletRefund], str, tuple[str, str, str]], WalletRefund | None]
    repeat_refund: Callable[[RefundLine, WalletPayment, WalletRefund], None]


# --- scanning: which accounts, what is shown and debited ---------------------------------------------------------
def riel_accounts_only(account: Account) -> bool:
    """Only a riel account pays through Alipay+."""
    return account.currency == "KHR"


def riel_as_riel(account: Account, riel: Decimal) -> Decimal:
    """What a debit of ``riel`` takes from the account: the riel themselves (only riel accounts pay)."""
    return riel


def as_alipay_gave(order: MerchantOrder, digits: int) -> dict[str, Any]:
    """The payment screen: the merchant's name, ``paymentAmount``, ``payToAmount`` and the quote, unchanged."""
    quote = {key: order.quote.get(key) for key in ("quoteId", "quoteCurrencyPair", "quotePrice")}
    return {"merchantName": order.merchant_name, "paymentAmount": dict(order.payment_amount),
            "payToAmount": dict(order.pay_to_amount), "quote": quote}


def pay_to_amount(order: MerchantOrder, digits: int) -> dict[str, str]:
    """The customer is debited exactly ``payToAmount``, never an amount of the wallet's own conversion."""
    return dict(order.pay_to_amount)


# --- confirming ---------------------------------------------------------------------------------------------------
def answered_once(payment: WalletPayment) -> bool:
    """A payment confirmed before (debited, failed or cancelled) is answered again, nothing more debited."""
    return payment.status != SHOWN


def past_expiry(expiry_ms: int, now_ms: int) -> bool:
    """After ``paymentExpiryTime`` a confirmation debits nothing."""
    return now_ms > expiry_ms


def covered_by_balance(balance: Decimal, amount: Decimal) -> bool:
    """The account pays only what its balance covers."""
    return balance >= amount


# --- Alipay+'s inquiries, cancels and refunds ------------------------------------------------------------------------
def in_process(payment: WalletPayment) -> dict[str, Any]:
    """While the customer has not confirmed, the payment is ``U`` ``PAYMENT_IN_PROCESS`` (never final)."""
    return result("PAYMENT_IN_PROCESS", "the customer has not confirmed the payment yet")


def cancel_cutoff(payment_ms: int) -> int:
    """The last moment a payment made at ``payment_ms`` can be cancelled: 00:30 UTC+8 on the day after it."""
    local = payment_ms + UTC8_MS
    return local - local % DAY_MS + DAY_MS + CANCEL_CUTOFF_MS - UTC8_MS


def until_cutoff(payment_ms: int, now_ms: int) -> bool:
    """A cancel succeeds until the cut-off, not after it."""
    return now_ms <= cancel_cutoff(payment_ms)


def whole_debit(payment: WalletPayment) -> Decimal:
    """A cancel gives back everything the debit took from the account and not refunded yet."""
    return payment.taken - payment.refunded


def repeat_or_inconsistent_refund(refunds: Mapping[str, WalletRefund], request_id: str,
                                  fingerprint: tuple[str, str, str]) -> WalletRefund | None:
    """The refund asked before with this ``refundRequestId`` (a repeat), None for a new one;
    ``REPEAT_REQ_INCONSISTENT`` when it was asked for another payment or amount."""
    known = refunds.get(request_id)
    if known is not None and known.fingerprint != fingerprint:
        raise Refused("REPEAT_REQ_INCONSISTENT", f"refundRequestId {request_id} was asked for another payment or "
                                                 "refundAmount")
    return known


def credited_once(line: RefundLine, payment: WalletPayment, refund: WalletRefund) -> None:
    """A repeated refund is answered as the first and credits nothing more."""


def at_most_the_limit(limit: Decimal | None, amount: Decimal) -> bool:
    """An Alipay+ payment takes at most the account's Alipay+ limit (when it has one)."""
    return limit is None or amount <= limit


def correct_wallet() -> WalletRules:
    """The wallet rules of a fully conformant participant."""
    return WalletRules(
        signing=correct_signing(), pays_from=riel_accounts_only, taken=riel_as_riel,
        shown=as_alipay_gave, charge=pay_to_amount, answered=answered_once, expired=past_expiry,
        enough=covered_by_balance, within_limit=at_most_the_limit,
        still_due=until_acknowledged, resent=unchanged, unconfirmed=in_process, cancellable=until_cutoff,
        given_back=whole_debit, known_refund=repeat_or_inconsistent_refund, repeat_refund=credited_once)
