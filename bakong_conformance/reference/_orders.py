"""Confirming merchant orders with the Bakong Open API, as a conformant PSP or merchant system does.

One order is looked up with ``check_transaction_by_md5``, several with ``check_transaction_by_md5_list`` in
batches. An expired token is renewed once per call; after a 429 no call is made before the time Bakong asked
for, and the orders not yet looked up are answered ``RETRY_LATER``. What each step decides is a piece of
:class:`OrderRules`; defect switches replace one piece each.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from ._bakong_client import (
    CHECK_BY_MD5,
    CHECK_BY_MD5_LIST,
    UNANSWERED,
    ApiAnswer,
    Bakong,
    CallFn,
    Connection,
    Lookup,
    OpenApi,
    PoliteFn,
    bearer,
    list_lookups,
    md5_lookup,
    renewing,
    respecting_rate_limit,
)

__all__ = ["FAILED", "LIST_LIMIT", "Order", "OrderRules", "confirm_orders", "correct_orders"]

LIST_LIMIT = 50
"""At most this many md5 per list call (Bakong Open API v1.0.5)."""
PAID, NOT_PAID, MISMATCH, FAILED, RETRY_LATER = "PAID", "NOT_PAID", "MISMATCH", "FAILED", "RETRY_LATER"


@dataclass(frozen=True, slots=True)
class Order:
    """A merchant order to confirm: the md5 of the KHQR it was paid with and what it should have been paid."""

    order_id: str
    md5: str
    to_account_id: str
    amount: str
    currency: str


@dataclass(frozen=True, slots=True)
class OrderRules:
    """What the confirmation service decides (the correct choices are the functions below)."""

    authorization: Callable[[str], str]
    call: CallFn
    polite: PoliteFn
    batch_size: int
    matches: Callable[[Order, dict[str, Any]], bool]
    status_of: Callable[[str], str]


def same_payment(order: Order, transaction: dict[str, Any]) -> bool:
    """Bakong's transaction pays the order: same payee account, same currency, numerically the same amount."""
    amount = _decimal(transaction.get("amount"))
    return (transaction.get("toAccountId") == order.to_account_id and transaction.get("currency") == order.currency
            and amount is not None and amount == _decimal(order.amount))


def order_status(bakong_status: str) -> str:
    """The order's status for a lookup without a transaction: not found (or a static QR) is "not paid yet"."""
    return {"NOT_FOUND": NOT_PAID, "STATIC_QR": NOT_PAID, "FAILED": FAILED}.get(bakong_status, RETRY_LATER)


def correct_orders() -> OrderRules:
    """The order confirmation rules of a fully conformant participant."""
    return OrderRules(authorization=bearer, call=renewing, polite=respecting_rate_limit, batch_size=LIST_LIMIT,
                      matches=same_payment, status_of=order_status)


def _decimal(value: Any) -> Decimal | None:
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        return None
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


# --- the engine -------------------------------------------------------------------------------------------------
async def confirm_orders(rules: OrderRules, bakong: Bakong, connection: Connection | None, orders: list[Order],
                         now_ms: int) -> list[dict[str, Any]]:
    """One answer per order, in order; RETRY_LATER for every order Bakong could not or would not answer."""
    if connection is None:
        return [_answer(rules, order, Lookup(UNANSWERED)) for order in orders]
    api = OpenApi(bakong, connection, rules.authorization)
    size = max(rules.batch_size, 1)
    lookups: list[Lookup] = []
    for start in range(0, len(orders), size):
        batch = orders[start:start + size]
        found = await _look_up(rules, api, batch, single=len(orders) == 1, now_ms=now_ms)
        if found is None:                     # rate-limited: no further call in this request
            lookups += [Lookup(UNANSWERED)] * (len(orders) - start)
            break
        lookups += found
    return [_answer(rules, order, lookup) for order, lookup in zip(orders, lookups, strict=True)]


async def _look_up(rules: OrderRules, api: OpenApi, batch: list[Order], *, single: bool,
                   now_ms: int) -> list[Lookup] | None:
    md5s = [order.md5 for order in batch]
    path, body = (CHECK_BY_MD5, {"md5": md5s[0]}) if single else (CHECK_BY_MD5_LIST, md5s)

    async def call() -> ApiAnswer:
        return await rules.call(api, path, body)
    answer = await rules.polite(call, api.connection, now_ms)
    if answer is None:
        return None
    return [md5_lookup(answer)] if single else list_lookups(answer, md5s)


def _answer(rules: OrderRules, order: Order, lookup: Lookup) -> dict[str, Any]:
    if lookup.transaction is None:
        return {"orderId": order.order_id, "status": rules.status_of(lookup.status), "bakongHash": None}
    status = PAID if rules.matches(order, lookup.transaction) else MISMATCH
    return {"orderId": order.order_id, "status": status, "bakongHash": lookup.hash}
