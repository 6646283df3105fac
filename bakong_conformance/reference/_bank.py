"""The reference participant's books, in memory: its customers' and merchants' accounts and the payments made
from them."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from decimal import Decimal
from itertools import count
from typing import Any

__all__ = ["ACCOUNT_DOMAIN", "PARTICIPANT_ID", "PENDING", "REJECTED", "SUCCEEDED", "Account", "Ledger", "Payment",
           "money_text"]

PARTICIPANT_ID = "REFBKHPP"
"""The reference participant's Bakong participant code (``GET /v1/info``, payment instructions)."""
ACCOUNT_DOMAIN = "refb"
"""The part after ``@`` in its customers' Bakong account IDs."""
PENDING, SUCCEEDED, REJECTED = "PENDING", "SUCCEEDED", "REJECTED"


def money_text(amount: Decimal, currency: str) -> str:
    """``amount`` as a decimal string: US dollars with two decimals, riel without (two if it has a fraction)."""
    whole = amount == amount.to_integral_value()
    return f"{amount:.0f}" if currency == "KHR" and whole else f"{amount:.2f}"


@dataclass
class Account:
    """A customer's account: Bakong account ID, currency (``KHR``/``USD``) and balance."""

    account_id: str
    currency: str
    balance: Decimal
    alipay_plus_limit: Decimal | None = None     # the most one Alipay+ payment may take (None: no limit)

    def view(self) -> dict[str, Any]:
        """The account as Participant API v1 writes it (``account.schema.json``)."""
        return {"accountId": self.account_id, "currency": self.currency,
                "balance": money_text(self.balance, self.currency)}


@dataclass
class Payment:
    """A payment from a customer's account to a scanned KHQR, and what the participant knows of its outcome.

    ``idempotency_key`` is the customer's (the harness's) key, ``bakong_key`` the key sent to Bakong with every
    attempt, ``fingerprint`` the (fromAccountId, qr, entered amount) the key was first used for.
    """

    payment_id: str
    idempotency_key: str
    bakong_key: str
    fingerprint: tuple[str, str, str | None]
    qr: str
    from_account_id: str
    to_account_id: str
    amount: str
    currency: str
    md5: str
    external_ref: str
    status: str = PENDING
    bakong_hash: str | None = None
    reason: dict[str, str] | None = None


class Ledger:
    """Accounts and payments, by ID; payments also by idempotency key (the latest payment made with it)."""

    def __init__(self) -> None:
        self.accounts: dict[str, Account] = {}
        self.payments: dict[str, Payment] = {}
        self.by_key: dict[str, Payment] = {}
        self._accounts: dict[str, count[int]] = {}
        self._payments = count(1)
        self._run = secrets.token_hex(3).upper()    # external references stay unique across restarts

    def open_account(self, currency: str, balance: Decimal, holder: str = "c") -> Account:
        """A new account ``<holder><6 digits>@refb`` holding ``balance``: ``c`` for a customer's, ``m`` for a
        merchant's (each kind numbered on its own)."""
        serial = next(self._accounts.setdefault(holder, count(1)))
        account = Account(f"{holder}{serial:06d}@{ACCOUNT_DOMAIN}", currency, balance)
        self.accounts[account.account_id] = account
        return account

    def new_ids(self) -> tuple[str, str]:
        """A fresh (payment ID, external reference) pair; the reference is 16 characters."""
        serial = next(self._payments)
        return f"pay-{self._run.lower()}-{serial:06d}", f"RB{self._run}{serial:08d}"

    def record(self, payment: Payment) -> None:
        """Keep ``payment`` under its ID and its idempotency key."""
        self.payments[payment.payment_id] = payment
        self.by_key[payment.idempotency_key] = payment

    def debit(self, payment: Payment) -> None:
        """Take the payment's amount from its account."""
        self.accounts[payment.from_account_id].balance -= Decimal(payment.amount)

    def refund(self, payment: Payment) -> None:
        """Give the payment's amount back to its account."""
        self.accounts[payment.from_account_id].balance += Decimal(payment.amount)
