"""The wallet's books, in memory: its customers' scans of Alipay+ merchants' codes, the payments they show and
make (by Alipay+'s ``paymentRequestId``) and Alipay+'s refunds of them (by ``refundRequestId``)
(schemas/alipay-plus/README.md §4, §6). The customers' accounts are the ledger's (``openAccount``)."""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import count
from typing import Any

from ._bank import Account, Ledger

__all__ = ["CANCELLED", "FAILED", "REFUSED", "SHOWN", "SUCCEEDED", "MerchantOrder", "Scan", "WalletBooks",
           "WalletPayment", "WalletRefund", "customer_id"]

SHOWN, REFUSED = "SHOWN", "REFUSED"
"""A scan's status: the payment screen, or refused (nothing to confirm)."""
SUCCEEDED, FAILED, CANCELLED = "SUCCEEDED", "FAILED", "CANCELLED"
"""A payment's status once it left ``SHOWN``: debited, failed (nothing debited), cancelled by Alipay+."""


def customer_id(account: Account) -> str:
    """The wallet's ``customerId`` of an account's customer: the same for every payment of the account (its
    account ID, at most 32 characters)."""
    return account.account_id


@dataclass(frozen=True, slots=True)
class MerchantOrder:
    """What Alipay+ answered a scan with (``userInitiatedPay`` ``S``), as given: the amounts and the quote are the
    objects as received; ``expiry_ms`` is ``paymentExpiryTime`` read."""

    payment_request_id: str
    merchant_name: str
    payment_amount: dict[str, str]
    pay_to_amount: dict[str, str]
    quote: dict[str, Any]
    expiry_ms: int
    expiry_text: str


@dataclass
class WalletPayment:
    """One Alipay+ payment of a customer, from the scan that showed it.

    ``digits`` are the riel's minor units of the connection it was scanned under; ``charged`` the riel amount
    (an Alipay+ amount) debited and notified, ``debited`` how much that was in riel (twice as much if debited
    twice) and ``taken`` how much that took from the account (in the account's currency: the same riel, for a
    riel account); ``refunded`` what Alipay+'s refunds credited back, ``returned`` what a cancel gave back; ``reason``
    (code, message) once failed or cancelled; ``scanned_at`` the sandbox time of the scan (the payment's day, for
    the cancel cut-off), ``paid_at`` of the debit.
    """

    order: MerchantOrder
    account_id: str
    customer_id: str
    digits: int
    scanned_at: int
    status: str = SHOWN
    payment_id: str | None = None
    charged: dict[str, str] | None = None
    debited: Decimal = Decimal(0)
    taken: Decimal = Decimal(0)
    refunded: Decimal = Decimal(0)
    returned: Decimal = Decimal(0)
    paid_at: int | None = None
    reason: tuple[str, str] | None = None

    @property
    def request_id(self) -> str:
        """Alipay+'s ``paymentRequestId``."""
        return self.order.payment_request_id


@dataclass(frozen=True, slots=True)
class Scan:
    """A customer's scan (``scanAlipayPlusCode``): ``SHOWN`` with what the screen shows and the payment's
    ``paymentRequestId``, or ``REFUSED`` with a ``reason`` {code, message}."""

    scan_id: str
    account_id: str
    status: str
    payment_request_id: str | None = None
    shown: dict[str, Any] | None = None
    reason: dict[str, str] | None = None


@dataclass
class WalletRefund:
    """A refund Alipay+ asked for, credited: ``fingerprint`` is what a repeat of its ``refundRequestId`` must carry
    again (paymentRequestId, refundAmount's currency and value), ``answer`` the answer it got."""

    request_id: str
    fingerprint: tuple[str, str, str]
    amount: Decimal
    answer: dict[str, Any] = field(default_factory=dict)


class WalletBooks:
    """Scans by scan ID, payments by ``paymentRequestId``, refunds by ``refundRequestId``; the customers'
    accounts live in ``ledger``."""

    def __init__(self, ledger: Ledger) -> None:
        self.ledger = ledger
        self.scans: dict[str, Scan] = {}
        self.payments: dict[str, WalletPayment] = {}
        self.refunds: dict[str, WalletRefund] = {}
        self._scans, self._payments, self._refunds = count(1), count(1), count(1)
        self._run = secrets.token_hex(3)    # ids stay unique across restarts

    def new_scan_id(self) -> str:
        """A fresh scan ID."""
        return f"scan-{self._run}-{next(self._scans):06d}"

    def new_payment_id(self) -> str:
        """A fresh wallet ``paymentId``."""
        return f"mpp-{self._run}-{next(self._payments):06d}"

    def new_refund_id(self) -> str:
        """A fresh wallet ``refundId``."""
        return f"mrf-{self._run}-{next(self._refunds):06d}"
