"""The reference participant as an Alipay+ acquirer (capability ``alipay-plus-acquirer``,
schemas/alipay-plus/README.md §1-3 and §6): its routes.

The acquirer's sandbox operations (``openMerchant``, ``refundAlipayPlusPayment``) sit behind the bearer-token
guard like every Participant API operation and answer JSON (a bad body: 400); ``connectAlipayPlus`` and
``advanceSandbox`` are the :class:`~._alipay_link.AlipayLink`'s, shared with the wallet, where the acquirer's
background work is registered. Alipay+'s requests (``userInitiatedPay``, ``pushPayment``, ``inquiryPushPayment``)
carry no token: they are authenticated by their signature alone, and every one, refused or not, is answered HTTP
200 with a signed ``result``. The link's lock serialises the acquirer's operations.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from ._acquirer_books import AcquirerBooks
from ._acquirer_rules import AcquirerRules
from ._acquiring import Acquirer
from ._alipay_client import AlipayConnection, AlipayPlus
from ._alipay_fields import decode_request, inquiry_request, push_request
from ._alipay_link import AlipayLink, Endpoint
from ._alipay_notify import Notifier
from ._alipay_refunds import RefundConflict, Refunds, refund_view
from ._alipay_wire import AlipayWire
from ._banking import Banking
from ._http import error
from ._requests import merchant_request, read_request, refund_request

__all__ = ["ACQUIRER_PATH", "AlipayAcquiring"]

ACQUIRER_PATH = "/v1/alipay-plus/acquirer"
"""Where Alipay+'s requests to the participant go, under its ``base_url``."""
CALLS_PER_RESOLVE = 2
"""Learning one payment's outcome from Bakong takes at most this many outbound calls' worth of time."""


class AlipayAcquiring:
    """The acquirer's operations over the banking's ledger and Bakong connection, reaching Alipay+ through
    ``http`` with ``timeout_s`` per call, connected to Alipay+ by ``link``."""

    def __init__(self, rules: AcquirerRules, clock: Callable[[], int], http: httpx.AsyncClient, timeout_s: float,
                 banking: Banking, link: AlipayLink) -> None:
        self.clock, self.link = clock, link
        self.books = AcquirerBooks(banking.ledger)
        client = AlipayPlus(http, timeout_s, link.keys, link.client_id, rules.signing)
        self.notifier = Notifier(rules, client, lambda: link.connection)
        self.acquirer = Acquirer(rules, self.books, lambda: banking.link(rules.crediting), self.notifier,
                                 CALLS_PER_RESOLVE * timeout_s)
        self.refunds = Refunds(rules, self.books, client, lambda: link.connection)
        self.wire = AlipayWire(rules.signing, link.keys, link.client_id, clock)
        link.notifies(self.notifier)
        link.works(self.acquirer.resolve_pending)
        link.works(self.refunds.retry_pending)

    def routes(self, guard: Callable[[Endpoint], Endpoint]) -> list[Route]:
        """The sandbox operations behind ``guard``, Alipay+'s requests without it."""
        endpoint = self.link.endpoint
        return [Route("/v1/sandbox/merchants", guard(self.open_merchant), methods=["POST"]),
                Route("/v1/sandbox/alipay-plus/refunds", guard(self.refund), methods=["POST"]),
                Route(f"{ACQUIRER_PATH}/userInitiatedPay", endpoint(self.wire, self._decode), methods=["POST"]),
                Route(f"{ACQUIRER_PATH}/pushPayment", endpoint(self.wire, self._push), methods=["POST"]),
                Route(f"{ACQUIRER_PATH}/inquiryPushPayment", endpoint(self.wire, self._inquire), methods=["POST"])]

    # --- the sandbox operations -----------------------------------------------------------------------------------
    async def open_merchant(self, request: Request) -> JSONResponse:
        """``openMerchant``: the merchant and its account, holding nothing."""
        read = await read_request(request, merchant_request)
        if isinstance(read, JSONResponse):
            return read
        name, city, mcc, currency, kyb = read
        async with self.link.lock:
            return JSONResponse(self.books.open_merchant(name, city, mcc, currency, kyb).view())

    async def refund(self, request: Request) -> JSONResponse:
        """``refundAlipayPlusPayment``: 200 with the refund, 409 for a refund key reused for another refund."""
        parsed = await read_request(request, lambda body: refund_request(body, self.clock))
        if isinstance(parsed, JSONResponse):
            return parsed
        if self.link.connection is None:
            return error(400, "BAD_REQUEST", "not connected to Alipay+: POST /v1/sandbox/alipay-plus first")
        try:
            async with self.link.lock:
                refund = await self.refunds.refund(parsed)
        except RefundConflict as conflict:
            return error(409, "IDEMPOTENCY_CONFLICT", str(conflict))
        return JSONResponse(refund_view(refund))

    # --- Alipay+'s requests -------------------------------------------------------------------------------------------
    async def _decode(self, body: dict[str, Any], connection: AlipayConnection, now_ms: int) -> dict[str, Any]:
        return await self.acquirer.decode(decode_request(body), connection, now_ms)

    async def _push(self, body: dict[str, Any], connection: AlipayConnection, now_ms: int) -> dict[str, Any]:
        return await self.acquirer.push(push_request(body), connection, now_ms)

    async def _inquire(self, body: dict[str, Any], connection: AlipayConnection, now_ms: int) -> dict[str, Any]:
        return await self.acquirer.inquire(inquiry_request(body), now_ms)
