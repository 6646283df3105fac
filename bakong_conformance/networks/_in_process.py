"""In-process delivery: an httpx transport, built on respx, that reaches the simulator with no socket.

A respx router with one named route for :data:`SIMULATOR_HOST` hands every request to the simulator's core and
delivers its decision as the participant's client would see it on the wire: ``late`` raises
``httpx.ReadTimeout`` and ``dropped`` raises ``httpx.RemoteProtocolError``, both after the simulator decided
(and, if so planned, committed). A request for any other host fails loudly (respx's "not mocked").
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING

import httpx

from ._wire import MAX_BODY_BYTES, WireRequest

if TYPE_CHECKING:
    from ._simulator import BakongSimulator

__all__ = ["SIMULATOR_HOST", "SIMULATOR_URL", "in_process_transport"]

SIMULATOR_HOST = "bakong.simulator.invalid"
SIMULATOR_URL = f"http://{SIMULATOR_HOST}"
ROUTE_NAME = "bakong-simulator"


def in_process_transport(simulator: BakongSimulator) -> httpx.AsyncBaseTransport:
    """An async transport whose requests to :data:`SIMULATOR_HOST` are answered by ``simulator`` in-process.

    Give it to the in-process participant's ``httpx.AsyncClient(transport=...)`` with base URL
    :data:`SIMULATOR_URL`. Requests for other hosts raise respx's ``AllMockedAssertionError``.
    """
    import respx  # the test-suite extra; imported only when an in-process participant is wired up

    router = respx.Router(assert_all_called=False, assert_all_mocked=True)
    router.route(host=SIMULATOR_HOST, name=ROUTE_NAME).mock(side_effect=_responder(simulator))
    return httpx.MockTransport(router.async_handler)


def _responder(simulator: BakongSimulator) -> Callable[[httpx.Request], Awaitable[httpx.Response]]:
    async def respond(request: httpx.Request) -> httpx.Response:
        """The simulator's decision on ``request``, delivered as the client would see it on the wire."""
        body = await request.aread()
        headers = tuple((name.lower(), value) for name, value in request.headers.multi_items())
        too_large = len(body) > MAX_BODY_BYTES
        wire = WireRequest(request.method, request.url.path, headers, body[:MAX_BODY_BYTES], too_large)
        decision = simulator.handle(wire)
        if decision.delivery == "late":
            raise httpx.ReadTimeout("Bakong answered only after the client gave up (planned fault)", request=request)
        if decision.delivery == "dropped":
            raise httpx.RemoteProtocolError("Bakong broke the connection mid-answer (planned fault)",
                                            request=request)
        return httpx.Response(decision.status, headers=list(decision.headers), content=decision.body)

    return respond
