"""Real-socket delivery: the simulated networks as one raw ASGI application (served by uvicorn on loopback).

One app serves one network or several on one address: each request goes to the network whose path prefixes
(:attr:`Network.paths`) it falls under, the first network taking any other path. The app reads the request (at
most :data:`~._wire.MAX_BODY_BYTES`), asks that network for a decision, and carries it out: ``answered`` sends
it; ``late`` waits until the client gives up (its ``http.disconnect``), at most ``late_cap_s``, and answers only
if the client is still there; ``dropped`` announces the whole body (Content-Length), sends part of it and stops,
so the server closes the connection mid-message. No exception of the handler escapes the app: should it raise
(it is not meant to), the request is answered the network's documented failure and the app goes on serving.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, MutableMapping, Sequence
from typing import Any

import anyio

from ._network import Network
from ._wire import MAX_BODY_BYTES, Decision, WireRequest

__all__ = ["SimulatorApp"]

Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
Handler = Callable[[WireRequest], Decision]


class SimulatorApp:
    """The ASGI callable: a network decides, the app delivers. ``networks``: one network, or several sharing the
    address (the first takes the paths no other claims)."""

    def __init__(self, networks: Network | Sequence[Network], late_cap_s: float) -> None:
        self._networks = tuple(networks) if isinstance(networks, Sequence) else (networks,)
        if not self._networks:
            raise ValueError("an app serves at least one network")
        self._late_cap_s = late_cap_s

    def network_of(self, path: str) -> Network:
        """The network that answers ``path``."""
        for network in self._networks[1:]:
            if any(path.startswith(prefix) for prefix in network.paths):
                return network
        return self._networks[0]

    async def __call__(self, scope: Message, receive: Receive, send: Send) -> None:
        """Serve one ASGI connection scope (``http``; ``lifespan`` is acknowledged, nothing else is served)."""
        if scope["type"] == "lifespan":
            await _lifespan(receive, send)
        elif scope["type"] == "http":
            await self._http(scope, receive, send)

    async def _http(self, scope: Message, receive: Receive, send: Send) -> None:
        read = await _read_body(receive)
        if read is None:  # the client left before sending the whole request: nothing to decide
            return
        body, too_large = read
        headers = tuple((k.decode("latin-1").lower(), v.decode("latin-1")) for k, v in scope["headers"])
        network = self.network_of(scope["path"])
        try:
            decision = network.handle(WireRequest(scope["method"], scope["path"], headers, body, too_large))
        except Exception:  # never uvicorn's text/plain 500: the contract's JSON, and the next request is served
            decision = network.failure(scope["path"])
        if decision.delivery == "late":
            await _late(decision, receive, send, self._late_cap_s)
        elif decision.delivery == "dropped":
            await _dropped(decision, send)
        else:
            await _answer(decision, send)


async def _read_body(receive: Receive) -> tuple[bytes, bool] | None:
    """The request body and whether it was over the cap (then only the first chunks are kept); None when the
    client disconnected first."""
    chunks: list[bytes] = []
    size = 0
    while True:
        message = await receive()
        if message["type"] != "http.request":
            return None
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > MAX_BODY_BYTES:
            return b"".join(chunks), True
        chunks.append(chunk)
        if not message.get("more_body", False):
            return b"".join(chunks), False


async def _answer(decision: Decision, send: Send) -> None:
    await send({"type": "http.response.start", "status": decision.status, "headers": _raw(decision.headers)})
    await send({"type": "http.response.body", "body": decision.body, "more_body": False})


async def _late(decision: Decision, receive: Receive, send: Send, cap_s: float) -> None:
    """Answer only if the client is still connected after ``cap_s`` (it normally gives up first)."""
    with anyio.move_on_after(cap_s):
        while (await receive())["type"] != "http.disconnect":
            pass
        return
    await _answer(decision, send)


async def _dropped(decision: Decision, send: Send) -> None:
    """Announce the whole body, send half of it, and return: the server closes the connection mid-message."""
    await send({"type": "http.response.start", "status": decision.status, "headers": _raw(decision.headers)})
    await send({"type": "http.response.body", "body": decision.body[: len(decision.body) // 2], "more_body": True})


async def _lifespan(receive: Receive, send: Send) -> None:
    while True:
        message = await receive()
        if message["type"] == "lifespan.startup":
            await send({"type": "lifespan.startup.complete"})
        elif message["type"] == "lifespan.shutdown":
            await send({"type": "lifespan.shutdown.complete"})
            return


def _raw(headers: tuple[tuple[str, str], ...]) -> list[tuple[bytes, bytes]]:
    return [(name.encode("latin-1"), value.encode("latin-1")) for name, value in headers]
