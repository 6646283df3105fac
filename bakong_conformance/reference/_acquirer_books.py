"""The acquirer's books, in memory: its merchants (each with an account in the ledger), the payments Alipay+
pushed, the dynamic codes it decoded and its merchants' refunds."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from decimal import Decimal
from itertools import count
from typing import Any

from ._bank import PENDING, SUCCEEDED, Account, Ledger, Payment, money_text

__all__ = ["REFUSED", "AcquirerBooks", "Merchant", "PushPayment", "Refund"]

REFUSED = "REFUSED"
"""A refund's status when it was refused (pending and succeeded ones are ``PENDING`` and ``SUCCEEDED``)."""
MERCHANT_HOLDER = "m"
"""Merchants' account IDs start with this letter (``m000001@refb``); their merchant IDs are the part before ``@``."""


@dataclass(frozen=True, slots=True)
class Merchant:
    """A merchant of the participant (``openMerchant``): what its KHQR shows, its KYB outcome and its account."""

    merchant_id: str
    account: Account
    name: str
    city: str
    mcc: str
    kyb: str

    def view(self) -> dict[str, Any]:
        """The merchant as Participant API 1.2 writes it (``openMerchant``)."""
        account = self.account
        return {"merchantId": self.merchant_id, "accountId": account.account_id, "name": self.name,
                "city": self.city, "mcc": self.mcc, "currency": account.currency, "kyb": self.kyb,
                "balance": money_text(account.balance, account.currency)}


@dataclass
class PushPayment:
    """A payment Alipay+ pushed (``pushPayment``) and what the participant knows of it.

    ``fingerprint`` is what a repeat must carry again (codeValue, paymentAmount's currency and value,
    paymentRequestId); ``amount`` is the pushed amount in riel; ``payment_request_id`` the participant's id of
    the payment (the one it was pushed with, else its own); ``leg`` the payment instruction to Bakong that
    credits the merchant (None when the push was refused before it); ``reason`` (code, message) when refused;
    ``paid_at`` the sandbox time it was credited; ``credited`` whether the merchant's account was credited.
    """

    payment_id: str
    fingerprint: tuple[str, str, str, str | None]
    code_value: str
    amount: Decimal
    payment_request_id: str
    merchant: Merchant | None = None
    leg: Payment | None = None
    status: str = PENDING
    reason: tuple[str, str] | None = None
    paid_at: int | None = None
    credited: bool = False


@dataclass
class Refund:
    """A merchant's refund of a pushed payment: ``key`` the merchant's refund key, ``request_id`` the
    ``refundRequestId`` last sent to Alipay+ (None when none was sent), ``status`` ``PENDING``, ``SUCCEEDED`` or
    ``REFUSED`` (with a ``reason``)."""

    key: str
    payment_id: str
    amount: Decimal
    request_id: str | None = None
    status: str = PENDING
    reason: dict[str, str] | None = None


class AcquirerBooks:
    """Merchants by account ID, pushed payments by Alipay+'s ``paymentId``, decode answers of dynamic codes by
    code, refunds by refund key; merchants' accounts live in ``ledger``."""

    def __init__(self, ledger: Ledger) -> None:
        self.ledger = ledger
        self.merchants: dict[str, Merchant] = {}
        self.pushes: dict[str, PushPayment] = {}
        self.decoded: dict[str, dict[str, Any]] = {}
        self.refunds: dict[str, Refund] = {}
        self._requests, self._refund_ids = count(1), count(1)
        self._run = secrets.token_hex(3)    # ids stay unique across restarts

    def open_merchant(self, name: str, city: str, mcc: str, currency: str, kyb: str) -> Merchant:
        """A new merchant with an account in ``currency`` holding nothing."""
        account = self.ledger.open_account(currency, Decimal(0), MERCHANT_HOLDER)
        merchant = Merchant(account.account_id.split("@")[0], account, name, city, mcc, kyb)
        self.merchants[account.account_id] = merchant
        return merchant

    def new_request_id(self) -> str:
        """A fresh ``paymentRequestId``."""
        return f"prq-{self._run}-{next(self._requests):08d}"

    def new_refund_id(self) -> str:
        """A fresh ``refundRequestId``."""
        return f"rf-{self._run}-{next(self._refund_ids):06d}"

    def pushes_of(self, code_value: str) -> list[PushPayment]:
        """Every payment pushed for ``code_value``."""
        return [push for push in self.pushes.values() if push.code_value == code_value]

    def refunding(self, payment_id: str) -> Decimal:
        """How much of the payment is refunded or being refunded (succeeded or pending refunds)."""
        return sum((r.amount for r in self.refunds.values()
                    if r.payment_id == payment_id and r.status in (SUCCEEDED, PENDING)), Decimal(0))
