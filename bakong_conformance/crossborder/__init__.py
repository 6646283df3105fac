"""Cross-border scenarios: the worlds in which the participant meets a foreign network (Alipay+ first), one
scene per role, each over the simulated networks it needs (Alipay+ acquiring credits merchants through Bakong;
the Alipay+ wallet pays abroad from its customers' riel accounts)."""

from __future__ import annotations

from ._acquiring import (
    ACQUIRER_ID,
    DEFAULT_TIME_STYLE,
    INQUIRY_SCHEDULE_S,
    PSP_ID,
    REQUEST_TIME_TOLERANCE_S,
    AcquiringScene,
    Inquiries,
    Push,
    Refund,
)
from ._merchant_codes import MerchantCode, merchant_code, other_banks_merchant, with_crc_changed
from ._wallet import CUT_OFF_UTC8_MS, Confirmation, Scan, WalletCall, WalletScene

__all__ = [
    "ACQUIRER_ID",
    "CUT_OFF_UTC8_MS",
    "DEFAULT_TIME_STYLE",
    "INQUIRY_SCHEDULE_S",
    "PSP_ID",
    "REQUEST_TIME_TOLERANCE_S",
    "AcquiringScene",
    "Confirmation",
    "Inquiries",
    "MerchantCode",
    "Push",
    "Refund",
    "Scan",
    "WalletCall",
    "WalletScene",
    "merchant_code",
    "other_banks_merchant",
    "with_crc_changed",
]
