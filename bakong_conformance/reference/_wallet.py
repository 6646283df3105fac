"""The wallet (MPP): the participant's customers pay Alipay+ merchants abroad in riel, as a conformant MPP does
(schemas/alipay-plus/README.md §4, §6).

The engine (:class:`Wallet`) runs the steps in a fixed order. A scan: the account (a riel one,
``CURRENCY_NOT_SUPPORT`` without asking Alipay+), then ``userInitiatedPay`` with the code and the customer's id;
a verified ``S`` answer is the payment screen, anything else a refusal. A confirmation: answered again if
answered before; else, at the sandbox time, a payment past its expiry fails (``ORDER_IS_CLOSED``), a balance that
does not cover it fails (``USER_BALANCE_NOT_ENOUGH``), otherwise the account is debited; the result, either way,
is notified to Alipay+ (``notifyPayment``) and sent again until acknowledged. Alipay+'s ``inquiryPayment``,
``cancelPayment`` (the debit given back until the cut-off) and ``refund`` (credited once per
``refundRequestId``) read and change the same books. What each step decides is a piece of
:class:`~._wallet_rules.WalletRules`.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from ..alipay_plus import AmountError, from_minor, result
from ._acquirer_messages import time_text
from ._alipay_client import AlipayConnection, AlipayPlus, result_status
from ._alipay_fields import WalletRefundRequest, merchant_order
from ._alipay_notify import Notifier
from ._alipay_refusal import Refused
from ._bank import Account
from ._wallet_books import (
    CANCELLED,
    FAILED,
    REFUSED,
    SHOWN,
    SUCCEEDED,
    MerchantOrder,
    Scan,
    WalletBooks,
    WalletPayment,
    WalletRefund,
    customer_id,
)
from ._wallet_messages import confirmation_view, inquiry_answer, notification, unconfirmable_view
from ._wallet_rules import WalletRules

__all__ = ["DECODE", "NOTIFY_PAYMENT", "NoSuchAccount", "NotConnectedToAlipay", "ScanRequest", "Wallet"]

DECODE = "userInitiatedPay"
NOTIFY_PAYMENT = "notifyPayment"
MAX_MESSAGE = 256


@dataclass(frozen=True, slots=True)
class ScanRequest:
    """A ``scanAlipayPlusCode`` body: ``now`` the sandbox time."""

    account_id: str
    code_value: str
    now: int


class NoSuchAccount(LookupError):
    """Raised when a scan names an account the participant does not hold."""


class NotConnectedToAlipay(ValueError):
    """Raised when a scan would ask Alipay+ before the harness said where Alipay+ is."""


def _reason(code: str, message: str) -> dict[str, str]:
    return {"code": code, "message": message[:MAX_MESSAGE]}


def _refusal(answer: dict[str, Any] | None) -> dict[str, str]:
    """Why a ``userInitiatedPay`` answer that is not ``S`` refuses the scan."""
    found = answer.get("result") if answer is not None else None
    if not isinstance(found, dict):
        return _reason("UNKNOWN_EXCEPTION", "Alipay+ gave no verified answer to userInitiatedPay")
    code, message = found.get("resultCode"), found.get("resultMessage")
    return _reason(code if isinstance(code, str) and code else "UNKNOWN_EXCEPTION",
                   message if isinstance(message, str) and message else "Alipay+ did not decode the code")


class Wallet:
    """Scans, confirmations and Alipay+'s requests under ``rules``, over ``books``, asking ``alipay`` and notifying
    through ``notifier``."""

    def __init__(self, rules: WalletRules, books: WalletBooks, alipay: AlipayPlus, notifier: Notifier) -> None:
        self.rules, self.books, self.alipay, self.notifier = rules, books, alipay, notifier

    # --- scanAlipayPlusCode -----------------------------------------------------------------------------------------
    async def scan(self, request: ScanRequest, connection: AlipayConnection | None) -> Scan:
        """The customer's scan: the payment screen, or refused; :class:`NoSuchAccount`, :class:`NotConnectedToAlipay`
        when there is nothing to scan from or no Alipay+ to ask."""
        account = self.books.ledger.accounts.get(request.account_id)
        if account is None:
            raise NoSuchAccount(f"no account {request.account_id}")
        scan_id = self.books.new_scan_id()
        if not self.rules.pays_from(account):
            reason = _reason("CURRENCY_NOT_SUPPORT", "only a riel (KHR) account pays through Alipay+")
            return self._keep(Scan(scan_id, account.account_id, REFUSED, reason=reason))
        if connection is None:
            raise NotConnectedToAlipay("not connected to Alipay+: POST /v1/sandbox/alipay-plus first")
        message = {"codeValue": request.code_value, "customerId": customer_id(account)}
        answer = await self.alipay.call(connection, DECODE, message, request.now)
        if answer is None or result_status(answer) != "S":
            return self._keep(Scan(scan_id, account.account_id, REFUSED, reason=_refusal(answer)))
        try:
            order = merchant_order(answer)
        except Refused as refused:
            reason = _reason(refused.code, f"Alipay+'s answer cannot be shown: {refused.message}")
            return self._keep(Scan(scan_id, account.account_id, REFUSED, reason=reason))
        payment = self._payment(order, account, connection.khr_minor_units, request.now)
        if payment is None:
            reason = _reason("REPEAT_REQ_INCONSISTENT", f"paymentRequestId {order.payment_request_id} is another "
                                                        "customer's payment")
            return self._keep(Scan(scan_id, account.account_id, REFUSED, order.payment_request_id, reason=reason))
        shown = self.rules.shown(payment.order, payment.digits)
        return self._keep(Scan(scan_id, account.account_id, SHOWN, payment.request_id, shown))

    def _payment(self, order: MerchantOrder, account: Account, digits: int, now_ms: int) -> WalletPayment | None:
        """The payment of ``order``: a new one, or the one Alipay+ answered before with the same
        ``paymentRequestId`` (the same code scanned again), which must be the same customer's."""
        known = self.books.payments.get(order.payment_request_id)
        if known is not None:
            return known if known.account_id == account.account_id else None
        payment = WalletPayment(order, account.account_id, customer_id(account), digits, now_ms)
        self.books.payments[payment.request_id] = payment
        return payment

    def _keep(self, scan: Scan) -> Scan:
        self.books.scans[scan.scan_id] = scan
        return scan

    # --- confirmAlipayPlusPayment -------------------------------------------------------------------------------------
    async def confirm(self, scan: Scan, now_ms: int) -> dict[str, Any]:
        """The confirmation of ``scan``'s payment at sandbox time ``now_ms``: debited once, or failed."""
        payment = self.books.payments.get(scan.payment_request_id or "") if scan.status == SHOWN else None
        if payment is None:
            return unconfirmable_view(scan)
        if not self.rules.answered(payment):
            await self._decide(payment, now_ms)
        return confirmation_view(payment)

    async def _decide(self, payment: WalletPayment, now_ms: int) -> None:
        """Debit the payment, or fail it; notify Alipay+ of the result either way."""
        account = self.books.ledger.accounts[payment.account_id]
        charge = self.rules.charge(payment.order, payment.digits)
        try:
            riel = from_minor(charge, khr_minor_units=payment.digits)[1]
        except AmountError as bad:
            self._fail(payment, "PARAM_ILLEGAL", f"payToAmount cannot be debited: {bad}")
        else:
            taken = self.rules.taken(account, riel)
            if self.rules.expired(payment.order.expiry_ms, now_ms):
                self._fail(payment, "ORDER_IS_CLOSED", f"the payment expired at {payment.order.expiry_text}")
            elif not self.rules.within_limit(account.alipay_plus_limit, riel):
                self._fail(payment, "USER_AMOUNT_EXCEED_LIMIT", "the payment is above the account's Alipay+ limit")
            elif not self.rules.enough(account.balance, taken):
                self._fail(payment, "USER_BALANCE_NOT_ENOUGH", "the account's balance does not cover the payment")
            else:
                account.balance -= taken
                payment.debited += riel
                payment.taken += taken
                payment.charged, payment.paid_at, payment.status = charge, now_ms, SUCCEEDED
                payment.payment_id = payment.payment_id or self.books.new_payment_id()
        await self.notifier.notify(payment.request_id, notification(payment), now_ms)

    @staticmethod
    def _fail(payment: WalletPayment, code: str, message: str) -> None:
        payment.status, payment.reason = FAILED, (code, message)

    # --- Alipay+'s requests -------------------------------------------------------------------------------------------
    def _known(self, payment_request_id: str) -> WalletPayment:
        payment = self.books.payments.get(payment_request_id)
        if payment is None:
            raise Refused("ORDER_NOT_EXIST", f"no payment has paymentRequestId {payment_request_id}")
        return payment

    def inquire(self, payment_request_id: str) -> dict[str, Any]:
        """The ``inquiryPayment`` answer; ``ORDER_NOT_EXIST`` for a payment never shown."""
        payment = self._known(payment_request_id)
        unconfirmed = self.rules.unconfirmed(payment) if payment.status == SHOWN else None
        return inquiry_answer(payment, unconfirmed)

    def cancel(self, payment_request_id: str, now_ms: int) -> dict[str, Any]:
        """The ``cancelPayment`` answer: until the cut-off the payment ends cancelled and its debit is given back,
        once; after it ``CANCEL_WINDOW_EXCEED``, nothing changed."""
        payment = self._known(payment_request_id)
        if payment.status != CANCELLED:
            if not self.rules.cancellable(payment.scanned_at, now_ms):
                raise Refused("CANCEL_WINDOW_EXCEED", "the payment can no longer be cancelled (00:30 UTC+8 on the "
                                                      "day after it); refund it instead")
            back = self.rules.given_back(payment) if payment.status == SUCCEEDED else Decimal(0)
            self.credit(payment, back)
            payment.returned += back
            payment.status, payment.reason = CANCELLED, ("ORDER_IS_CLOSED", "the payment was cancelled by Alipay+")
            self.notifier.drop(payment.request_id)
        return {"result": result("SUCCESS")}

    def refund(self, request: WalletRefundRequest, now_ms: int) -> dict[str, Any]:
        """The ``refund`` answer: the customer credited ``refundAmount`` once per ``refundRequestId``, never above
        what was debited and not refunded yet."""
        known = self.rules.known_refund(self.books.refunds, request.refund_request_id, request.fingerprint)
        payment = self.books.payments.get(request.payment_request_id)
        if known is not None and payment is not None:
            self.rules.repeat_refund(self, payment, known)
            return known.answer
        if payment is None or payment.status != SUCCEEDED or request.payment_id not in (None, payment.payment_id):
            raise Refused("ORDER_NOT_EXIST", f"no debited payment has paymentRequestId {request.payment_request_id}"
                                             + ("" if request.payment_id is None else
                                                f" and paymentId {request.payment_id}"))
        amount = from_minor(request.amount, khr_minor_units=payment.digits)[1]
        left = payment.debited - payment.refunded
        if amount > left:
            raise Refused("REFUND_AMOUNT_EXCEED", f"only {left} riel of the payment is left to refund")
        answer = {"result": result("SUCCESS"), "refundId": self.books.new_refund_id(), "refundTime": time_text(now_ms)}
        refund = WalletRefund(request.refund_request_id, request.fingerprint, amount, answer)
        self.books.refunds[refund.request_id] = refund
        self.credit(payment, amount)
        payment.refunded += amount
        return answer

    def credit(self, payment: WalletPayment, amount: Decimal) -> None:
        """Credit the customer's account back with ``amount`` riel."""
        self.books.ledger.accounts[payment.account_id].balance += amount
