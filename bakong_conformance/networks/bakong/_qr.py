"""What the simulated Bakong reads from a KHQR: static or dynamic, payee, currency and amount.

The switch never judges a KHQR (the harness's checks do that); it only needs to know whether a QR can be paid
once (dynamic) or many times (static), and, when the harness settles a QR itself, whom and how much to pay.
"""

from __future__ import annotations

from dataclasses import dataclass

from ... import khqr
from ...errors import HarnessError

__all__ = ["QrFacts", "facts", "is_static"]

POI_STATIC, POI_DYNAMIC = "11", "12"
CURRENCIES = {"116": "KHR", "840": "USD"}  # ISO 4217 numeric codes of tag 53


@dataclass(frozen=True, slots=True)
class QrFacts:
    """The payee, currency and amount (None for a static QR) of a KHQR."""

    account_id: str
    currency: str
    amount: str | None
    static: bool


def is_static(qr: str) -> bool:
    """True when ``qr`` can be paid many times: point of initiation 11, or none and no amount."""
    fields = khqr.decode(qr)
    method = fields["pointofInitiationMethod"]
    if method in (POI_STATIC, POI_DYNAMIC):
        return method == POI_STATIC
    return fields["transactionAmount"] is None


def facts(qr: str) -> QrFacts:
    """The payee, currency and amount of ``qr``; ``HarnessError`` when it names no account or currency."""
    fields = khqr.decode(qr)
    account, currency = fields["bakongAccountID"], CURRENCIES.get(fields["transactionCurrency"] or "")
    if not account or currency is None:
        raise HarnessError(f"the QR names no Bakong account or no KHR/USD currency: {qr[:60]!r}")
    static = is_static(qr)
    return QrFacts(account, currency, None if static else fields["transactionAmount"], static)
