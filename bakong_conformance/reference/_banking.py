"""The banking operations of the reference participant: sandbox accounts and Bakong connection, payments of
scanned KHQR, and merchant order confirmations (Participant API v1, capabilities domestic-payer and
bakong-open-api-client).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import anyio
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from ._bakong_client import Bakong, Connection
from ._bank import Ledger
from ._behaviour import Behaviour
from ._http import error
from ._orders import confirm_orders
from ._payments import IdempotencyConflict, Link, NotConnected, Payer, PaymentRefused, PaymentRules
from ._requests import (
    BadRequest,
    account_request,
    bakong_connection,
    confirmation_request,
    payment_request,
    query_now,
    read_request,
)

__all__ = ["Banking"]

Endpoint = Callable[[Request], Any]


class Banking:
    """The banking operations over one ledger and the Bakong connection the harness gave last."""

    def __init__(self, behaviour: Behaviour, clock: Callable[[], int], bakong: Bakong) -> None:
        self.behaviour, self.clock, self.bakong = behaviour, clock, bakong
        self.ledger = Ledger()
        self.payer = Payer(behaviour.payments, self.ledger)
        self.connection: Connection | None = None
        self._locks: dict[str, anyio.Lock] = {}

    def routes(self, guard: Callable[[Endpoint], Endpoint]) -> list[Route]:
        """The routes of the banking operations, each behind ``guard``."""
        return [Route("/v1/sandbox/bakong", guard(self.connect), methods=["POST"]),
                Route("/v1/sandbox/accounts", guard(self.open_account), methods=["POST"]),
                Route("/v1/sandbox/accounts/{accountId}", guard(self.get_account), methods=["GET"]),
                Route("/v1/payments", guard(self.pay), methods=["POST"]),
                Route("/v1/payments/{paymentId}", guard(self.get_payment), methods=["GET"]),
                Route("/v1/merchant/confirmations", guard(self.confirm), methods=["POST"])]

    async def connect(self, request: Request) -> JSONResponse:
        """``connectBakong``: a new connection replaces the previous one (and its remembered wait)."""
        connection = await read_request(request, bakong_connection)
        if isinstance(connection, JSONResponse):
            return connection
        self.connection = connection
        return JSONResponse({"connected": True})

    async def open_account(self, request: Request) -> JSONResponse:
        """``openAccount``."""
        read = await read_request(request, account_request)
        if isinstance(read, JSONResponse):
            return read
        currency, balance, limit = read
        account = self.ledger.open_account(currency, balance)
        account.alipay_plus_limit = limit
        return JSONResponse(account.view())

    async def get_account(self, request: Request) -> JSONResponse:
        """``getAccount``."""
        account = self.ledger.accounts.get(request.path_params["accountId"])
        if account is None:
            return error(404, "NOT_FOUND", "no such account")
        return JSONResponse(account.view())

    async def pay(self, request: Request) -> JSONResponse:
        """``payKhqr``: 200 with the payment, 422 refused, 409 key reused for another payment, 400 bad body."""
        parsed = await read_request(request, lambda body: payment_request(body, self.clock))
        if isinstance(parsed, JSONResponse):
            return parsed
        try:
            async with self._lock(parsed.idempotency_key):
                payment = await self.payer.pay(parsed, self._link())
        except NotConnected as bad:
            return error(400, "BAD_REQUEST", str(bad))
        except IdempotencyConflict as conflict:
            return error(409, "IDEMPOTENCY_CONFLICT", str(conflict))
        except PaymentRefused as refused:
            return JSONResponse({"error": refused.error()}, status_code=422)
        return JSONResponse(self.behaviour.payments.view(payment))

    async def get_payment(self, request: Request) -> JSONResponse:
        """``getPayment``: the participant's current view, a pending payment first resolved with Bakong."""
        payment = self.ledger.payments.get(request.path_params["paymentId"])
        if payment is None:
            return error(404, "NOT_FOUND", "no such payment")
        try:
            now = query_now(request.query_params.get("sandboxNow"), self.clock)
        except BadRequest as bad:
            return error(400, "BAD_REQUEST", str(bad))
        async with self._lock(payment.idempotency_key):
            await self.payer.refresh(payment, self._link(), now)
        return JSONResponse(self.behaviour.payments.view(payment))

    async def confirm(self, request: Request) -> JSONResponse:
        """``confirmOrders``: one answer per order, in the order asked."""
        read = await read_request(request, lambda body: confirmation_request(body, self.clock))
        if isinstance(read, JSONResponse):
            return read
        orders, now = read
        answers = await confirm_orders(self.behaviour.orders, self.bakong, self.connection, orders, now)
        return JSONResponse({"orders": answers})

    def link(self, rules: PaymentRules) -> Link | None:
        """A line to Bakong over the current connection whose instructions follow ``rules`` (None: not
        connected yet)."""
        return None if self.connection is None else Link(self.bakong, self.connection, rules)

    def _link(self) -> Link | None:
        return self.link(self.behaviour.payments)

    def _lock(self, key: str) -> anyio.Lock:
        if key not in self._locks:
            self._locks[key] = anyio.Lock()
        return self._locks[key]
