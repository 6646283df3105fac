"""A hostile participant's sandbox, for the tests that prove the harness holds against one.

:func:`hostile_app` is the reference participant with chosen misbehaviours layered over its answers (an ASGI
middleware), usable in-process or served on loopback; :class:`TrickleServer` is a raw socket server that sends
its status line and headers one byte at a time, which no ASGI server can be made to do. Every misbehaviour is
bounded: the bomb is built once in memory (about 200 KB), the trickle stops when the test leaves the server.
"""

from __future__ import annotations

import base64
import functools
import json
import socket
import threading
import zlib
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

import anyio

from bakong_conformance.reference import create_app

__all__ = ["MISBEHAVIOURS", "TrickleServer", "gzip_bomb", "hostile_app"]

Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]

BOMB_BYTES = 200 * 1024 * 1024
MISBEHAVIOURS = ("deep-json", "duplicate-keys", "html-content-type", "gzip-bomb", "echo-credentials", "slow")


@functools.cache
def gzip_bomb() -> bytes:
    """200 MB of zeros, gzip-compressed (about 200 KB)."""
    packer = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    block = bytes(1024 * 1024)
    return b"".join(packer.compress(block) for _ in range(BOMB_BYTES // len(block))) + packer.flush()


def _with_duplicate_first_key(body: bytes) -> bytes:
    """``{"k": v, ...}`` as ``{"k": <v flipped>, "k": v, ...}``: a parser that keeps the first key sees the
    opposite answer, one that keeps the last sees the real one."""
    try:
        document = json.loads(body)
    except ValueError:
        return body
    if not isinstance(document, dict) or not document:
        return body
    key, value = next(iter(document.items()))
    flipped = (not value) if isinstance(value, bool) else None
    return b"{" + json.dumps(key).encode() + b":" + json.dumps(flipped).encode() + b"," + body.lstrip()[1:]


class _Hostile:
    """Runs the wrapped app, then misbehaves with its answer as ``misbehaviours`` say."""

    def __init__(self, app: Any, misbehaviours: frozenset[str], token: str, delay_s: float) -> None:
        unknown = misbehaviours - set(MISBEHAVIOURS)
        if unknown:
            raise ValueError(f"unknown misbehaviours {sorted(unknown)}")
        self.app, self.misbehaviours, self.token, self.delay_s = app, misbehaviours, token, delay_s

    async def __call__(self, scope: Message, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        start: Message = {}
        parts: list[bytes] = []

        async def keep(message: Message) -> None:
            if message["type"] == "http.response.start":
                start.update(message)
            elif message["type"] == "http.response.body":
                parts.append(message.get("body", b""))

        await self.app(scope, receive, keep)
        headers, body = self._misbehave(list(start.get("headers", [])), b"".join(parts))
        if "slow" in self.misbehaviours:
            await anyio.sleep(self.delay_s)
        await send({"type": "http.response.start", "status": start.get("status", 500), "headers": headers})
        await send({"type": "http.response.body", "body": body, "more_body": False})

    def _misbehave(self, headers: list[tuple[bytes, bytes]], body: bytes) -> tuple[list[tuple[bytes, bytes]], bytes]:
        extra: list[tuple[bytes, bytes]] = []
        content_type = b"application/json"
        if "deep-json" in self.misbehaviours:
            body = b"[" * 30_000 + b"]" * 30_000
        if "duplicate-keys" in self.misbehaviours:
            body = _with_duplicate_first_key(body)
        if "html-content-type" in self.misbehaviours:
            content_type = b"text/html; charset=utf-8"
        if "echo-credentials" in self.misbehaviours:
            raw = self.token.encode()
            extra += [(b"x-debug-auth", base64.b64encode(raw)), (b"x-debug-auth-hex", raw.hex().encode())]
            if body.startswith(b"{") and len(body) > 2:
                trace = json.dumps({"b64url": base64.urlsafe_b64encode(b"~" + raw).decode(),
                                    "hex": raw.hex().upper()})
                body = b'{"trace":' + trace.encode() + b"," + body[1:]
        if "gzip-bomb" in self.misbehaviours:
            body = gzip_bomb()
            extra.append((b"content-encoding", b"gzip"))
        kept = [(k, v) for k, v in headers if k.lower() not in (b"content-length", b"content-type")]
        return kept + extra + [(b"content-type", content_type), (b"content-length", str(len(body)).encode())], body


def hostile_app(token: str, *misbehaviours: str, delay_s: float = 0.3) -> Any:
    """The reference participant (requiring ``token``, reaching Bakong over the network) that misbehaves."""
    return _Hostile(create_app(token=token), frozenset(misbehaviours), token, delay_s)


class TrickleServer:
    """A raw HTTP server on 127.0.0.1 that answers every request one byte every ``interval_s`` (status line and
    headers included); a context manager whose :attr:`url` is where it listens."""

    ANSWER = b'HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}'

    def __init__(self, interval_s: float = 0.2) -> None:
        self.interval_s = interval_s
        self._stop = threading.Event()
        self._listener = socket.create_server(("127.0.0.1", 0))
        self._listener.settimeout(0.1)
        self.url = f"http://127.0.0.1:{self._listener.getsockname()[1]}"
        self._thread = threading.Thread(target=self._accept, daemon=True, name="trickle-server")

    def __enter__(self) -> TrickleServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join(5)
        self._listener.close()

    def _accept(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self._listener.accept()
            except TimeoutError:
                continue
            threading.Thread(target=self._trickle, args=(conn,), daemon=True).start()

    def _trickle(self, conn: socket.socket) -> None:
        with conn:
            conn.settimeout(1.0)
            try:
                conn.recv(65536)
                for byte in self.ANSWER:
                    if self._stop.wait(self.interval_s):
                        return
                    conn.sendall(bytes([byte]))
            except OSError:
                return
