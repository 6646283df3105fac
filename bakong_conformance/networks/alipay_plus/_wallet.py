"""Alipay+'s side when the participant is a wallet (MPP): the merchant codes its customers scan, the orders
Alipay+ answers them with, and what it makes of the wallet's notifications (``schemas/alipay-plus/README.md``
§4.1).

The harness opens a merchant code (:meth:`Orders.open`): an opaque string standing for an Alipay+ merchant's order
in the merchant's currency, with the riel amount a Cambodian wallet's customer pays at the scenario's quote. The
same code scanned again by the same customer within its validity gets the same order; by another customer,
``REPEAT_REQ_INCONSISTENT``. A notification is checked against the order Alipay+ gave (amounts, customer) and
against the first notification of that payment (a repeat must be the same).
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from ...alipay_plus import format_time, result, to_minor

__all__ = ["MerchantOrder", "Orders"]

_CONSISTENT = ("paymentAmount", "payToAmount", "customerId", "paymentResult", "paymentId")
"""The fields of a notification Alipay+ checks against the order and against the first notification."""


@dataclass(frozen=True, slots=True)
class MerchantOrder:
    """An Alipay+ merchant's order behind a code: what Alipay+ answers the wallet that scans it."""

    code_value: str
    payment_request_id: str
    merchant_name: str
    payment_amount: dict[str, str]       # in the merchant's currency (minor units)
    pay_to_amount: dict[str, str]        # in riel (minor units): what the customer pays
    quote: dict[str, str]
    expiry_ms: int

    def answer(self) -> dict[str, Any]:
        """The ``userInitiatedPay`` answer of this order."""
        return {"result": result("SUCCESS"), "paymentRequestId": self.payment_request_id,
                "order": {"referenceOrderId": f"ORDER-{self.payment_request_id[-8:]}",
                          "orderDescription": f"Payment to {self.merchant_name}",
                          "merchant": {"referenceMerchantId": f"M-{self.payment_request_id[-6:]}",
                                       "merchantName": self.merchant_name, "merchantMCC": "5812",
                                       "merchantAddress": {"region": "JP", "city": "Tokyo"}}},
                "paymentAmount": self.payment_amount, "payToAmount": self.pay_to_amount,
                "paymentQuote": self.quote, "paymentExpiryTime": format_time(self.expiry_ms)}


@dataclass
class Orders:
    """The merchant codes Alipay+ knows, who scanned each, and the notifications of each payment."""

    orders: dict[str, MerchantOrder] = field(default_factory=dict)
    scanned_by: dict[str, str] = field(default_factory=dict)
    notified: dict[str, dict[str, Any]] = field(default_factory=dict)

    def clear(self) -> None:
        """Forget every code, scan and notification."""
        self.orders.clear()
        self.scanned_by.clear()
        self.notified.clear()

    def open(self, merchant_name: str, amount: str, currency: str, rate: str, now_ms: int, lifetime_ms: int,
             khr_minor_units: int) -> MerchantOrder:
        """A new merchant code for ``amount`` ``currency``, paid in riel at ``rate`` riel a unit."""
        pay_to = Decimal(amount) * Decimal(rate)
        request_id = f"2026{secrets.randbelow(10**24):024d}"
        quote = {"quoteId": f"Q{secrets.randbelow(10**12):012d}", "quoteCurrencyPair": f"{currency}/KHR",
                 "quotePrice": rate, "quoteExpiryTime": format_time(now_ms + lifetime_ms)}
        order = MerchantOrder(f"2816660400{secrets.randbelow(10**16):016d}", request_id, merchant_name,
                              to_minor(Decimal(amount), currency),
                              to_minor(pay_to, "KHR", khr_minor_units=khr_minor_units), quote, now_ms + lifetime_ms)
        self.orders[order.code_value] = order
        return order

    def of_request(self, payment_request_id: str) -> MerchantOrder | None:
        """The order of ``payment_request_id``, if Alipay+ gave it."""
        return next((o for o in self.orders.values() if o.payment_request_id == payment_request_id), None)

    def scanned(self, body: Any, now_ms: int) -> dict[str, Any]:
        """The answer to a wallet's ``userInitiatedPay`` ``body``."""
        if not isinstance(body, dict) or not isinstance(body.get("codeValue"), str) \
                or not isinstance(body.get("customerId"), str) or not body["customerId"]:
            return {"result": result("PARAM_ILLEGAL", "codeValue and customerId are required strings")}
        order = self.orders.get(body["codeValue"])
        if order is None:
            return {"result": result("INVALID_CODE", "no Alipay+ merchant code of that value")}
        if now_ms > order.expiry_ms:
            return {"result": result("EXPIRED_CODE")}
        first = self.scanned_by.setdefault(order.code_value, body["customerId"])
        if first != body["customerId"]:
            return {"result": result("REPEAT_REQ_INCONSISTENT", "this code was scanned by another customer")}
        return order.answer()

    def notification(self, body: Any) -> dict[str, Any]:
        """The acknowledgement of a wallet's ``notifyPayment`` ``body``: ``S`` for a notification consistent with
        the order (and with the first notification of the payment), ``F`` otherwise."""
        if not isinstance(body, dict) or not isinstance(body.get("paymentRequestId"), str):
            return {"result": result("PARAM_ILLEGAL", "paymentRequestId is required")}
        order = self.of_request(body["paymentRequestId"])
        if order is None:
            return {"result": result("ORDER_NOT_EXIST", "Alipay+ gave no order with this paymentRequestId")}
        if body.get("customerId") != self.scanned_by.get(order.code_value) or (
                _letter(body) == "S" and (body.get("paymentAmount") != order.payment_amount
                                          or body.get("payToAmount") != order.pay_to_amount)):
            return {"result": result("PARAM_ILLEGAL", "the notification differs from the order Alipay+ gave")}
        first = self.notified.setdefault(order.payment_request_id, body)
        if any(first.get(key) != body.get(key) for key in _CONSISTENT):
            return {"result": result("REPEAT_REQ_INCONSISTENT", "a notification of this payment said otherwise")}
        return {"result": result("SUCCESS")}


def _letter(body: dict[str, Any]) -> Any:
    found = body.get("paymentResult")
    return found.get("resultStatus") if isinstance(found, dict) else None
