"""The KHQR codes Alipay+ users scan: a merchant's, made with the official SDK's rules from what the merchant
is (its Bakong account, ID, name, city, category code), static or dynamic, in riel unless a scenario says not."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from .. import khqr
from ..participant import Merchant

__all__ = ["ACQUIRING_BANK", "MerchantCode", "merchant_code", "other_banks_merchant", "with_crc_changed"]

ACQUIRING_BANK = "Participant"
"""The acquiring bank written in the codes (tag 30, sub-tag 02): the participant; no rule reads it."""
_CURRENCY = {"KHR": 116, "USD": 840}


@dataclass(frozen=True, slots=True)
class MerchantCode:
    """A merchant's KHQR and what it says."""

    qr: str
    md5: str
    merchant: Merchant
    currency: str
    amount: Decimal | None           # None: static (the wallet user keys the amount)
    expiry_ms: int | None
    bill_number: str | None

    @property
    def static(self) -> bool:
        """True when the code has no amount."""
        return self.amount is None


def merchant_code(merchant: Merchant, now_ms: int, *, amount: str | None = None, currency: str = "KHR",
                  lifetime_ms: int = 600_000, bill_number: str | None = None) -> MerchantCode:
    """The merchant's KHQR issued at ``now_ms``: dynamic for ``amount`` (valid ``lifetime_ms``), else static."""
    request: dict[str, object] = {"kind": "merchant", "bakongAccountID": merchant.account_id,
                                  "merchantID": merchant.merchant_id, "merchantName": merchant.name,
                                  "merchantCity": merchant.city, "merchantCategoryCode": merchant.mcc,
                                  "acquiringBank": ACQUIRING_BANK, "currency": _CURRENCY[currency]}
    expiry = None
    if amount is not None:
        expiry = now_ms + lifetime_ms
        request.update(amount=float(amount) if "." in amount else int(amount), expirationTimestamp=expiry)
    if bill_number is not None:
        request["billNumber"] = bill_number
    qr = khqr.generate(request, now_ms=now_ms).qr
    return MerchantCode(qr, khqr.md5_hex(qr), merchant, currency, None if amount is None else Decimal(amount),
                        expiry, bill_number)


def other_banks_merchant() -> Merchant:
    """A merchant another bank acquires for (its account is not the participant's)."""
    return Merchant("MID-0042", "coffee@aclb", "Riverside Coffee", "Phnom Penh", "5812", "KHR", "PASSED")


def with_crc_changed(code: MerchantCode) -> MerchantCode:
    """The same code with a wrong CRC (its last digit changed): not a valid KHQR."""
    last = "0" if code.qr[-1] != "0" else "1"
    qr = code.qr[:-1] + last
    return MerchantCode(qr, khqr.md5_hex(qr), code.merchant, code.currency, code.amount, code.expiry_ms,
                        code.bill_number)
