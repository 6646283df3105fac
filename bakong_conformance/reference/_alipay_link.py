"""What the reference participant's two Alipay+ roles (acquirer and wallet) share (schemas/alipay-plus/README.md
§1, §6): its Alipay+ identity, the connection ``connectAlipayPlus`` gave last, one lock over every Alipay+
operation of either role, ``advanceSandbox`` (every role's notifications still due, then every role's other
background work, within one time budget) and the endpoint through which Alipay+'s requests to either role are
verified, handled and answered signed.

``connectAlipayPlus`` and ``advanceSandbox`` sit behind the bearer-token guard like every Participant API
operation and answer JSON (a bad body: 400). Alipay+'s requests carry no token: they are authenticated by their
signature alone, and every one, refused or not, is answered HTTP 200 with a signed ``result``.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import anyio
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from ..alipay_plus import result
from ._alipay_client import AlipayConnection
from ._alipay_identity import ALIPAY_PLUS_CLIENT_ID, alipay_plus_keys
from ._alipay_notify import Notifier
from ._alipay_refusal import Refused
from ._alipay_wire import AlipayWire
from ._requests import alipay_connection, clock_request, read_request

__all__ = ["CALLS_PER_ADVANCE", "MAX_MESSAGE", "AlipayLink", "Endpoint", "Handler"]

CALLS_PER_ADVANCE = 3
"""``advanceSandbox`` does at most this many outbound calls' worth of background work (in time)."""
MAX_MESSAGE = 256

Endpoint = Callable[[Request], Any]
Handler = Callable[[dict[str, Any], AlipayConnection, int], Awaitable[dict[str, Any]]]
Work = Callable[[int], Awaitable[None]]


class AlipayLink:
    """The participant's Alipay+ identity and connection, shared by its roles; ``advanceSandbox``'s background work
    is bounded by ``timeout_s`` per outbound call (what is left is done at the next one)."""

    def __init__(self, timeout_s: float) -> None:
        self.keys, self.client_id = alipay_plus_keys(), ALIPAY_PLUS_CLIENT_ID
        self.connection: AlipayConnection | None = None
        self.lock = anyio.Lock()
        self.budget_s = CALLS_PER_ADVANCE * timeout_s
        self._notifiers: list[Notifier] = []
        self._work: list[Work] = []

    def notifies(self, notifier: Notifier) -> None:
        """``notifier``'s notifications are sent again at ``advanceSandbox`` and forgotten at a new connection."""
        self._notifiers.append(notifier)

    def works(self, work: Work) -> None:
        """``work(sandbox time)`` is done at ``advanceSandbox``, after the notifications, in the order given."""
        self._work.append(work)

    def routes(self, guard: Callable[[Endpoint], Endpoint]) -> list[Route]:
        """The shared sandbox operations, behind ``guard``."""
        return [Route("/v1/sandbox/alipay-plus", guard(self.connect), methods=["POST"]),
                Route("/v1/sandbox/clock", guard(self.advance), methods=["POST"])]

    async def connect(self, request: Request) -> JSONResponse:
        """``connectAlipayPlus``: a new connection replaces the previous one and its notifications still due."""
        connection = await read_request(request, alipay_connection)
        if isinstance(connection, JSONResponse):
            return connection
        async with self.lock:
            self.connection = connection
            for notifier in self._notifiers:
                notifier.forget()
        return JSONResponse({"connected": True})

    async def advance(self, request: Request) -> JSONResponse:
        """``advanceSandbox``: every role's notifications due sent again, then its other background work, within
        the call's budget."""
        now = await read_request(request, clock_request)
        if isinstance(now, JSONResponse):
            return now
        async with self.lock:
            with anyio.move_on_after(self.budget_s):
                for notifier in self._notifiers:
                    await notifier.send_due(now)
                for work in self._work:
                    await work(now)
        return JSONResponse({"advanced": True})

    def endpoint(self, wire: AlipayWire, handle: Handler) -> Endpoint:
        """An endpoint for Alipay+'s requests read by ``wire``: verified, handled, and answered signed whatever
        happens."""
        async def endpoint(request: Request) -> Response:
            now, connection = wire.now(request), self.connection
            try:
                if connection is None:
                    raise Refused("ACCESS_DENIED", "the participant is not connected to Alipay+ yet")
                body = await wire.read(request, connection, now)
                async with self.lock:
                    answer = await handle(body, connection, now)
            except Refused as refused:
                answer = {"result": result(refused.code, refused.message[:MAX_MESSAGE])}
            return wire.answer(request.url.path, now, answer)
        return endpoint
