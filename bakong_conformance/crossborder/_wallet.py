"""One Alipay+ wallet scenario's world: the participant as MPP, its customers scanning Alipay+ merchants' codes
and confirming, the simulated Alipay+ answering and asking (inquiry, cancel, refund), and the scenario's clock
(``schemas/alipay-plus/README.md`` §4).

Steps call one method each; every action keeps what it did on both sides (the wallet's answers, the customer's
balance before and after, what Alipay+ received) for the checks. Opening a scene resets the simulated Alipay+
and connects the participant to it. Time passes only when a step says so, and the participant is told.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from ..errors import HarnessError
from ..networks import AlipayPlusSimulator, Answered, FakeClock, Received
from ..networks.alipay_plus import WALLET_PATH, MerchantOrder, Tamper
from ..participant import Account, AlipayPlusConfirmation, AlipayPlusScan, Participant
from ._acquiring import connect_afresh

__all__ = ["CUT_OFF_UTC8_MS", "Confirmation", "Scan", "WalletCall", "WalletScene"]

HOUR_MS, DAY_MS = 3_600_000, 86_400_000
UTC8_MS = 8 * HOUR_MS
CUT_OFF_UTC8_MS = 30 * 60_000
"""A payment can be cancelled until 00:30 UTC+8 on the day after it (Alipay+'s MPP guide)."""


@dataclass(frozen=True, slots=True)
class Scan:
    """A customer's scan of an Alipay+ merchant code: what the wallet showed, and what Alipay+ was asked."""

    account: Account
    order: MerchantOrder
    answer: AlipayPlusScan
    requests: tuple[Received, ...]
    at_ms: int


@dataclass(frozen=True, slots=True)
class Confirmation:
    """The customer confirming a scan: the wallet's answer and the balance around it."""

    scan: Scan
    answer: AlipayPlusConfirmation
    before: Decimal
    after: Decimal


@dataclass(frozen=True, slots=True)
class WalletCall:
    """Alipay+ asking the wallet about a payment (inquiry, cancel, refund): its answer and the balance around it."""

    answer: Answered
    before: Decimal
    after: Decimal


@dataclass
class WalletScene:
    """The Alipay+ wallet world of one scenario (see the module docstring)."""

    participant: Participant
    alipay: AlipayPlusSimulator
    alipay_url: str
    clock: FakeClock
    answers: list[Answered] = field(default_factory=list)      # every answer the wallet gave Alipay+
    orders: list[MerchantOrder] = field(default_factory=list)
    scans: list[Scan] = field(default_factory=list)
    confirmations: list[Confirmation] = field(default_factory=list)
    calls: list[WalletCall] = field(default_factory=list)
    customer: Account | None = None

    def __post_init__(self) -> None:
        connect_afresh(self.participant, self.alipay, self.alipay_url)

    # --- the world ---------------------------------------------------------------------------------------------
    def open_customer(self, balance: str, currency: str = "KHR", *, limit: str | None = None) -> Account:
        """A new customer of the participant holding ``balance`` in ``currency`` (with ``limit``: the most one
        Alipay+ payment may take from the account)."""
        self.customer = self.participant.open_account(currency, balance, alipay_plus_limit=limit)
        return self.customer

    def merchant_code(self, amount: str, currency: str, *, rate: str, merchant: str = "Tokyo Ramen",
                      lifetime_ms: int = 900_000) -> MerchantOrder:
        """An Alipay+ merchant's code for ``amount`` ``currency``, paid in riel at ``rate`` riel a unit."""
        order = self.alipay.merchant_code(merchant, amount, currency, rate=rate, lifetime_ms=lifetime_ms)
        self.orders.append(order)
        return order

    def let_time_pass(self, seconds: int) -> None:
        """``seconds`` pass on the scenario's clock, and the participant is told."""
        self.clock.advance(seconds * 1_000)
        self.participant.advance(self.clock.now_ms())
        self._sound()

    def pass_the_cut_off(self, scan: Scan) -> None:
        """Time passes to a minute after the cancel cut-off of ``scan``'s payment (00:30 UTC+8 the day after)."""
        day_start = (scan.at_ms + UTC8_MS) // DAY_MS * DAY_MS - UTC8_MS
        cut_off = day_start + DAY_MS + CUT_OFF_UTC8_MS
        self.let_time_pass((cut_off - self.clock.now_ms()) // 1_000 + 60)

    def balance(self, account: Account) -> Decimal:
        """The account's balance in the participant's books."""
        return self.participant.account(account.account_id).balance

    # --- the customer ------------------------------------------------------------------------------------------
    def scan(self, account: Account, order: MerchantOrder) -> Scan:
        """The customer of ``account`` scans ``order``'s code."""
        seen, now = len(self.alipay.received), self.clock.now_ms()
        answer = self.participant.scan_alipay_plus(account.account_id, order.code_value, now_ms=now)
        self._sound()
        made = Scan(account, order, answer, tuple(self.alipay.received[seen:]), now)
        self.scans.append(made)
        return made

    def confirm(self, scan: Scan) -> Confirmation:
        """The customer confirms the payment screen of ``scan``."""
        before = self.balance(scan.account)
        answer = self.participant.confirm_alipay_plus(scan.answer.scan_id, now_ms=self.clock.now_ms())
        self._sound()
        made = Confirmation(scan, answer, before, self.balance(scan.account))
        self.confirmations.append(made)
        return made

    # --- Alipay+ asks the wallet ---------------------------------------------------------------------------------
    def inquire(self, payment_request_id: str) -> WalletCall:
        """Alipay+ asks the wallet about a payment."""
        return self._call("inquiryPayment", {"paymentRequestId": payment_request_id})

    def cancel(self, payment_request_id: str, *, tamper: Tamper | None = None) -> WalletCall:
        """Alipay+ cancels a payment (as it does when it has no final result before the payment's expiry)."""
        return self._call("cancelPayment", {"paymentRequestId": payment_request_id}, tamper=tamper)

    def refund(self, payment_request_id: str, amount: str, refund_request_id: str) -> WalletCall:
        """Alipay+ refunds ``amount`` riel of a payment to the wallet."""
        body = {"paymentRequestId": payment_request_id, "refundRequestId": refund_request_id,
                "refundAmount": {"currency": "KHR", "value": str(int(Decimal(amount) *
                                                                    10 ** self.alipay.khr_minor_units))}}
        return self._call("refund", body)

    def received(self, operation: str | None = None) -> tuple[Received, ...]:
        """Every request (of ``operation``) the wallet sent Alipay+ in this scenario."""
        return tuple(r for r in self.alipay.received if operation is None or r.operation == operation)

    def _call(self, operation: str, body: dict[str, Any], *, tamper: Tamper | None = None) -> WalletCall:
        if self.customer is None:
            raise HarnessError("the scenario opened no customer")
        before = self.balance(self.customer)
        request = self.alipay.request(operation, WALLET_PATH + operation, body, tamper=tamper)
        raw = self.participant.alipay_plus(operation, request.path, request.raw, request.headers, shown=body)
        answered = self.alipay.read_answer(request, raw.status, raw.headers, raw.raw)
        self._sound()
        self.answers.append(answered)
        made = WalletCall(answered, before, self.balance(self.customer))
        self.calls.append(made)
        return made

    def _sound(self) -> None:
        if self.alipay.internal_errors:
            raise HarnessError("the simulated Alipay+ failed (a bug of the harness): "
                               + "; ".join(self.alipay.internal_errors[:3]))
