"""What the acquirer reads from a KHQR Alipay+ asks it about: the merchant's Bakong account, the currency, the
amount and expiry of a dynamic code, and what the order shows (schemas/alipay-plus/README.md §3.2-3.3).

A code with any error finding of the official SDK's rules is ``INVALID_CODE``, except an expired dynamic code,
which is ``EXPIRED_CODE``.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from .. import khqr
from ._alipay_refusal import Refused

__all__ = ["RIEL", "Code", "read_code"]

RIEL = "116"
"""The KHQR transaction currency (tag 53) of the riel."""
MERCHANT_TEMPLATE = "30"
EXPIRED_RULE = "KHQR-EXPIRED"


@dataclass(frozen=True, slots=True)
class Code:
    """A valid KHQR as the acquirer reads it; ``merchant_account`` is tag 30's Bakong account ID (None for an
    individual's KHQR), ``amount`` and ``expiry_ms`` are a dynamic code's."""

    text: str
    merchant_account: str | None
    currency: str | None
    amount: Decimal | None
    expiry_ms: int | None
    bill_number: str | None
    purpose: str | None
    name: str
    mcc: str
    city: str

    @property
    def dynamic(self) -> bool:
        """A dynamic code carries its amount."""
        return self.amount is not None


def read_code(qr: str, findings: list[khqr.Finding]) -> Code:
    """The code's facts; :class:`Refused` (``INVALID_CODE`` / ``EXPIRED_CODE``) when ``findings`` has an error."""
    error = khqr.primary_error(findings)
    if error is not None:
        raise Refused("EXPIRED_CODE" if error.rule == EXPIRED_RULE else "INVALID_CODE",
                      f"not a KHQR that can be paid: {error.message}")
    fields = khqr.decode(qr)
    amount, expiry = fields["transactionAmount"], fields["expirationTimestamp"]
    account = fields["bakongAccountID"] if fields["merchantType"] == MERCHANT_TEMPLATE else None
    return Code(qr, account, fields["transactionCurrency"], None if amount is None else Decimal(amount),
                None if expiry is None else int(expiry), fields["billNumber"], fields["purposeOfTransaction"],
                fields["merchantName"] or "", fields["merchantCategoryCode"] or "", fields["merchantCity"] or "")
