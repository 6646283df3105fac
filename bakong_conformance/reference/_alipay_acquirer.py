"""The reference participant as an Alipay+ acquirer (capability ``alipay-plus-acquirer``,
schemas/alipay-plus/README.md §1-3 and §6): its routes.

The sandbox operations (``connectAlipayPlus``, ``openMerchant``, ``refundAlipayPlusPayment``,
``advanceSandbox``) sit behind the bearer-token guard like every Participant API operation and answer JSON (a bad
body: 400). Alipay+'s requests (``userInitiatedPay``, ``pushPayment``, ``inquiryPushPayment``) carry no token:
they are authenticated by their signature alone, and every one, refused or not, is answered HTTP 200 with a signed
``result``. One lock serialises the acquirer's operations; the background work of ``advanceSandbox`` is bounded
so that the call fits its time budget (what is left is done at the next one).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import anyio
import httpx
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from ..alipay_plus import result
from ._acquirer_books import AcquirerBooks
from ._acquirer_rules import AcquirerRules
from ._acquiring import Acquirer
from ._alipay_client import AlipayConnection, AlipayPlus
from ._alipay_fields import decode_request, inquiry_request, push_request
from ._alipay_identity import ALIPAY_PLUS_CLIENT_ID, alipay_plus_keys
from ._alipay_notify import Notifier
from ._alipay_refunds import RefundConflict, Refunds, refund_view
from ._alipay_refusal import Refused
from ._alipay_wire import AlipayWire
from ._banking import Banking
from ._http import error, read_body
from ._requests import BadRequest, alipay_connection, clock_request, merchant_request, refund_request

__all__ = ["ACQUIRER_PATH", "AlipayAcquiring"]

ACQUIRER_PATH = "/v1/alipay-plus/acquirer"
"""Where Alipay+'s requests to the participant go, under its ``base_url``."""
CALLS_PER_ADVANCE = 3
"""``advanceSandbox`` does at most this many outbound calls' worth of background work (in time)."""
CALLS_PER_RESOLVE = 2
"""Learning one payment's outcome from Bakong takes at most this many outbound calls' worth of time."""
MAX_MESSAGE = 256

Endpoint = Callable[[Request], Any]
Handler = Callable[[dict[str, Any], AlipayConnection, int], Awaitable[dict[str, Any]]]


class AlipayAcquiring:
    """The acquirer's operations over the banking's ledger and Bakong connection, reaching Alipay+ through
    ``http`` with ``timeout_s`` per call."""

    def __init__(self, rules: AcquirerRules, clock: Callable[[], int], http: httpx.AsyncClient, timeout_s: float,
                 banking: Banking) -> None:
        keys = alipay_plus_keys()
        self.clock, self.budget_s = clock, CALLS_PER_ADVANCE * timeout_s
        self.connection: AlipayConnection | None = None
        self.books = AcquirerBooks(banking.ledger)
        client = AlipayPlus(http, timeout_s, keys, ALIPAY_PLUS_CLIENT_ID, rules)
        self.notifier = Notifier(rules, client, lambda: self.connection)
        self.acquirer = Acquirer(rules, self.books, lambda: banking.link(rules.crediting), self.notifier,
                                 CALLS_PER_RESOLVE * timeout_s)
        self.refunds = Refunds(rules, self.books, client, lambda: self.connection)
        self.wire = AlipayWire(rules, keys, ALIPAY_PLUS_CLIENT_ID, clock)
        self._lock = anyio.Lock()

    def routes(self, guard: Callable[[Endpoint], Endpoint]) -> list[Route]:
        """The sandbox operations behind ``guard``, Alipay+'s requests without it."""
        return [Route("/v1/sandbox/alipay-plus", guard(self.connect), methods=["POST"]),
                Route("/v1/sandbox/merchants", guard(self.open_merchant), methods=["POST"]),
                Route("/v1/sandbox/alipay-plus/refunds", guard(self.refund), methods=["POST"]),
                Route("/v1/sandbox/clock", guard(self.advance), methods=["POST"]),
                Route(f"{ACQUIRER_PATH}/userInitiatedPay", self._alipay(self._decode), methods=["POST"]),
                Route(f"{ACQUIRER_PATH}/pushPayment", self._alipay(self._push), methods=["POST"]),
                Route(f"{ACQUIRER_PATH}/inquiryPushPayment", self._alipay(self._inquire), methods=["POST"])]

    # --- the sandbox operations -----------------------------------------------------------------------------------
    async def connect(self, request: Request) -> JSONResponse:
        """``connectAlipayPlus``: a new connection replaces the previous one and its notifications still due."""
        body = await read_body(request)
        if isinstance(body, JSONResponse):
            return body
        try:
            connection = alipay_connection(body)
        except BadRequest as bad:
            return error(400, "BAD_REQUEST", str(bad))
        async with self._lock:
            self.connection = connection
            self.notifier.forget()
        return JSONResponse({"connected": True})

    async def open_merchant(self, request: Request) -> JSONResponse:
        """``openMerchant``: the merchant and its account, holding nothing."""
        body = await read_body(request)
        if isinstance(body, JSONResponse):
            return body
        try:
            name, city, mcc, currency, kyb = merchant_request(body)
        except BadRequest as bad:
            return error(400, "BAD_REQUEST", str(bad))
        async with self._lock:
            return JSONResponse(self.books.open_merchant(name, city, mcc, currency, kyb).view())

    async def refund(self, request: Request) -> JSONResponse:
        """``refundAlipayPlusPayment``: 200 with the refund, 409 for a refund key reused for another refund."""
        body = await read_body(request)
        if isinstance(body, JSONResponse):
            return body
        try:
            parsed = refund_request(body, self.clock)
            if self.connection is None:
                raise BadRequest("not connected to Alipay+: POST /v1/sandbox/alipay-plus first")
            async with self._lock:
                refund = await self.refunds.refund(parsed)
        except BadRequest as bad:
            return error(400, "BAD_REQUEST", str(bad))
        except RefundConflict as conflict:
            return error(409, "IDEMPOTENCY_CONFLICT", str(conflict))
        return JSONResponse(refund_view(refund))

    async def advance(self, request: Request) -> JSONResponse:
        """``advanceSandbox``: notifications due sent again, pending payments resolved with Bakong, pending refunds
        asked again, within the call's budget."""
        body = await read_body(request)
        if isinstance(body, JSONResponse):
            return body
        try:
            now = clock_request(body)
        except BadRequest as bad:
            return error(400, "BAD_REQUEST", str(bad))
        async with self._lock:
            with anyio.move_on_after(self.budget_s):
                await self.notifier.send_due(now)
                await self.acquirer.resolve_pending(now)
                await self.refunds.retry_pending(now)
        return JSONResponse({"advanced": True})

    # --- Alipay+'s requests -------------------------------------------------------------------------------------------
    def _alipay(self, handle: Handler) -> Endpoint:
        """An endpoint for Alipay+'s requests: verified, handled, and answered signed whatever happens."""
        async def endpoint(request: Request) -> Response:
            now, connection = self.wire.now(request), self.connection
            try:
                if connection is None:
                    raise Refused("ACCESS_DENIED", "the participant is not connected to Alipay+ yet")
                body = await self.wire.read(request, connection, now)
                async with self._lock:
                    answer = await handle(body, connection, now)
            except Refused as refused:
                answer = {"result": result(refused.code, refused.message[:MAX_MESSAGE])}
            return self.wire.answer(request.url.path, now, answer)
        return endpoint

    async def _decode(self, body: dict[str, Any], connection: AlipayConnection, now_ms: int) -> dict[str, Any]:
        return await self.acquirer.decode(decode_request(body), connection, now_ms)

    async def _push(self, body: dict[str, Any], connection: AlipayConnection, now_ms: int) -> dict[str, Any]:
        return await self.acquirer.push(push_request(body), connection, now_ms)

    async def _inquire(self, body: dict[str, Any], connection: AlipayConnection, now_ms: int) -> dict[str, Any]:
        return await self.acquirer.inquire(inquiry_request(body), now_ms)
