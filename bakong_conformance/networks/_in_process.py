"""In-process delivery: an httpx transport, built on respx, that reaches the simulated networks with no socket.

One respx router holds one named route per network (:attr:`Network.name` for :attr:`Network.host`); each hands
its requests to that network's core and delivers the decision as the participant's client would see it on the
wire: ``late`` raises ``httpx.ReadTimeout`` and ``dropped`` raises ``httpx.RemoteProtocolError``, both after the
network decided (and, if so planned, committed). A request for any other host fails loudly (respx's "not
mocked").
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import httpx

from ._network import Network
from ._wire import MAX_BODY_BYTES, WireRequest

__all__ = ["in_process_transport"]


def in_process_transport(*networks: Network) -> httpx.AsyncBaseTransport:
    """An async transport whose requests to each network's host are answered by that network in-process.

    Give it to the in-process participant's ``httpx.AsyncClient(transport=...)``; it reaches a network at
    ``http://<network.host>``. Requests for other hosts raise respx's ``AllMockedAssertionError``.
    """
    import respx  # the test-suite extra; imported only when an in-process participant is wired up

    hosts = [network.host for network in networks]
    if not networks or len(set(hosts)) != len(hosts):
        raise ValueError(f"one route per network host, at least one: {hosts}")
    router = respx.Router(assert_all_called=False, assert_all_mocked=True)
    for network in networks:
        router.route(host=network.host, name=network.name).mock(side_effect=_responder(network))
    return httpx.MockTransport(router.async_handler)


def _responder(network: Network) -> Callable[[httpx.Request], Awaitable[httpx.Response]]:
    async def respond(request: httpx.Request) -> httpx.Response:
        """The network's decision on ``request``, delivered as the client would see it on the wire."""
        body = await request.aread()
        headers = tuple((name.lower(), value) for name, value in request.headers.multi_items())
        too_large = len(body) > MAX_BODY_BYTES
        wire = WireRequest(request.method, request.url.path, headers, body[:MAX_BODY_BYTES], too_large)
        decision = network.handle(wire)
        if decision.delivery == "late":
            raise httpx.ReadTimeout(f"{network.name} answered only after the client gave up (planned fault)",
                                    request=request)
        if decision.delivery == "dropped":
            raise httpx.RemoteProtocolError(f"{network.name} broke the connection mid-answer (planned fault)",
                                            request=request)
        return httpx.Response(decision.status, headers=list(decision.headers), content=decision.body)

    return respond
