"""Bakong's ledger: the settled payments (:class:`Transaction`) and the ways the Open API finds them.

Hashes are the SHA-256 of a per-simulator random salt and a sequence number (plus the payment's md5 and
reference), so they are unique within a simulator and never repeat across :meth:`Ledger.clear`; instruction
references are ``BKI`` and the same sequence number, zero-padded.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Callable
from dataclasses import dataclass, fields
from decimal import Decimal, InvalidOperation
from typing import Any

__all__ = ["Ledger", "Payment", "Transaction", "amount_number", "same_amount"]


@dataclass(frozen=True, slots=True)
class Payment:
    """What is committed: everything of a :class:`Transaction` but the references Bakong assigns."""

    from_account_id: str
    to_account_id: str
    currency: str
    amount: str
    md5: str
    qr: str
    static: bool
    external_ref: str
    idempotency_key: str
    participant_id: str
    description: str | None


@dataclass(frozen=True, slots=True)
class Transaction(Payment):
    """One settled payment in Bakong's ledger: the :class:`Payment` committed, with the hash, instruction
    reference and times Bakong gave it; ``amount`` exactly as instructed (a decimal string)."""

    hash: str
    instruction_ref: str
    created_ms: int
    acknowledged_ms: int

    @property
    def short_hash(self) -> str:
        """The first 8 hex digits of the hash, as ``check_transaction_by_short_hash`` takes it."""
        return self.hash[:8]

    def as_open_api(self) -> dict[str, Any]:
        """The transaction object of the Bakong Open API (``data`` of every ``check_transaction_*``)."""
        return {
            "hash": self.hash, "fromAccountId": self.from_account_id, "toAccountId": self.to_account_id,
            "currency": self.currency, "amount": amount_number(self.amount), "description": self.description,
            "createdDateMs": self.created_ms, "acknowledgedDateMs": self.acknowledged_ms,
            "trackingStatus": None, "receiverBank": None, "receiverBankAccount": None,
            "instructionRef": self.instruction_ref, "externalRef": self.external_ref,
        }


def amount_number(amount: str) -> int | float:
    """A decimal string as the JSON number the Open API answers (``"5000"`` → 5000, ``"1.50"`` → 1.5)."""
    return float(amount) if "." in amount else int(amount)


def same_amount(number: object, amount: str) -> bool:
    """True when the JSON number ``number`` is the decimal ``amount`` (1.5 is ``"1.50"``)."""
    if isinstance(number, bool) or not isinstance(number, int | float):
        return False
    try:
        return Decimal(repr(number)) == Decimal(amount)
    except InvalidOperation:
        return False


class Ledger:
    """The transactions committed so far, in order."""

    def __init__(self) -> None:
        self._salt = secrets.token_hex(16)
        self._sequence = 0
        self._transactions: list[Transaction] = []

    def commit(self, payment: Payment, now_ms: int) -> Transaction:
        """Settle ``payment`` now: a new transaction with a fresh hash and instruction reference."""
        self._sequence += 1
        seed = f"{self._salt}|{self._sequence}|{payment.md5}|{payment.external_ref}"
        transaction = Transaction(
            **{f.name: getattr(payment, f.name) for f in fields(Payment)},
            hash=hashlib.sha256(seed.encode("utf-8")).hexdigest(), instruction_ref=f"BKI{self._sequence:09d}",
            created_ms=now_ms, acknowledged_ms=now_ms)
        self._transactions.append(transaction)
        return transaction

    def clear(self) -> None:
        """Forget every transaction (the sequence goes on, so no hash or reference is ever reused)."""
        self._transactions.clear()

    def all(self) -> list[Transaction]:
        """A copy of the transactions, oldest first."""
        return list(self._transactions)

    def next_sequence(self) -> int:
        """The sequence number the next commit will take (for references the harness makes up itself)."""
        return self._sequence + 1

    def find(self, matches: Callable[[Transaction], bool]) -> list[Transaction]:
        """The transactions ``matches`` accepts, oldest first."""
        return [t for t in self._transactions if matches(t)]

    def first(self, matches: Callable[[Transaction], bool]) -> Transaction | None:
        """The oldest transaction ``matches`` accepts, or None."""
        return next((t for t in self._transactions if matches(t)), None)

    def payers(self) -> set[str]:
        """The account IDs that have paid (known to Bakong as accounts)."""
        return {t.from_account_id for t in self._transactions}
