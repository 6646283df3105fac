"""The KHQR codes a payment scenario pays, named like every other fixture.

A code is either a valid issuing request of ``fixtures/khqr/issue/valid.json`` (issued the official SDK's way at
the scenario's time, so a dynamic code is fresh and expires ten minutes later) or a scan case of
``fixtures/khqr/scan/cases.json`` (an invalid or expired code, paid at the time pinned for it).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import Decimal

from .. import fixtures, khqr
from ..errors import FixtureNotFound

__all__ = ["CURRENCIES", "PaymentCode", "payment_code", "payment_codes"]

CURRENCIES = {"116": "KHR", "840": "USD"}
"""ISO 4217 numeric codes of the KHQR currencies (tag 53) and the names Bakong uses for them."""


@dataclass(frozen=True, slots=True)
class PaymentCode:
    """A KHQR to pay: its text and md5, and what it says (read leniently: an invalid code may say little)."""

    name: str
    qr: str
    md5: str
    payee: str | None
    amount: str | None                # exactly as written in tag 54; None for a static code
    currency: str | None              # "KHR" or "USD"; None for any other currency
    pinned_now_ms: int | None = None  # the time the code must be paid at, when its scan case pins one

    @property
    def static(self) -> bool:
        """True when the code carries no amount: the customer enters it."""
        return self.amount is None

    def value(self, entered: str | None = None) -> Decimal:
        """The amount the payment is for: the code's own, or else the amount the customer ``entered``."""
        text = self.amount if self.amount is not None else entered
        if text is None:
            raise ValueError(f"{self.name} is static and no amount was entered")
        return Decimal(text)


def _read(name: str, qr: str, pinned_now_ms: int | None) -> PaymentCode:
    details = khqr.decode(qr)
    return PaymentCode(name, qr, khqr.md5_hex(qr), details.get("bakongAccountID"), details.get("transactionAmount"),
                       CURRENCIES.get(details.get("transactionCurrency") or ""), pinned_now_ms)


def payment_code(name: str, now_ms: int) -> PaymentCode:
    """The code ``name`` at sandbox time ``now_ms``; :class:`FixtureNotFound` when no fixture has that name."""
    if name in fixtures.issuing_names("valid"):
        request = {k: v for k, v in fixtures.issuing_case(name, now_ms).request.items() if k != "sandboxNow"}
        return _read(name, khqr.generate(request, now_ms=now_ms).qr, None)
    if name in fixtures.scan_case_names():
        case = fixtures.scan_case(name, now_ms)
        return _read(name, case.qr, case.now_ms)
    raise FixtureNotFound(f"no issuing request or scan case named {name!r} to pay")


def payment_codes(name: str, now_ms: int, count: int) -> tuple[PaymentCode, ...]:
    """``count`` distinct codes issued from request ``name``, one millisecond apart (distinct md5 when dynamic)."""
    return tuple(replace(payment_code(name, now_ms + i), name=f"{name} #{i + 1}") for i in range(count))
