"""One bounded reading of every answer a participant's sandbox sends the harness.

A sandbox is hostile input. Three bounds hold whatever it does:

- **one deadline per call** (:func:`deadline`), covering the connection, the status line, the headers and the
  body together. httpx's own timeouts bound each socket operation, so a sandbox that sends one byte a second
  never trips them; :class:`DeadlineTransport` gives every read, write and connect only the time left until the
  call's deadline (and :class:`~._transport.InProcessTransport` cancels an in-process call at it);
- **a decoded-size cap** (:func:`read_answer`): the body is decompressed here, chunk by chunk, never producing
  more than the cap allows, so a gzip bomb costs at most the cap in memory;
- **strict JSON** (:mod:`bakong_conformance.strict_json`): nesting, repeated keys, NaN, UTF-8, and a JSON
  ``Content-Type``.

Each breach is an :class:`AnswerProblem` whose reason says in plain words what the sandbox did.
"""

from __future__ import annotations

import contextvars
import time
import typing
import zlib
from collections.abc import Iterable, Iterator
from contextlib import contextmanager

import httpcore
import httpx

__all__ = ["ACCEPTED_ENCODINGS", "AnswerProblem", "DeadlineTransport", "deadline", "read_answer", "remaining_s"]

ACCEPTED_ENCODINGS = "gzip, deflate"
"""What the harness announces in ``Accept-Encoding``; any other ``Content-Encoding`` is a contract breach."""

_DEADLINE: contextvars.ContextVar[float | None] = contextvars.ContextVar("participant_call_deadline", default=None)


class AnswerProblem(Exception):
    """The answer breaks a bound; :attr:`reason` says what the sandbox did."""

    def __init__(self, reason: str) -> None:
        self.reason = reason
        super().__init__(reason)


@contextmanager
def deadline(seconds: float) -> Iterator[float]:
    """Every network operation of the calls made inside must finish within ``seconds`` from now, in total."""
    at = time.monotonic() + seconds
    token = _DEADLINE.set(at)
    try:
        yield at
    finally:
        _DEADLINE.reset(token)


def remaining_s(default: float | None = None) -> float | None:
    """Seconds left until the current call's deadline (never below 0); ``default`` outside a call."""
    at = _DEADLINE.get()
    return default if at is None else max(0.0, at - time.monotonic())


def _bounded(timeout: float | None, expired: type[Exception]) -> float | None:
    left = remaining_s()
    if left is None:
        return timeout
    if left <= 0:
        raise expired("the call's deadline has passed")
    return left if timeout is None else min(timeout, left)


class _DeadlineStream(httpcore.NetworkStream):
    """A socket stream whose every operation gets only the time left until the call's deadline."""

    def __init__(self, inner: httpcore.NetworkStream) -> None:
        self._inner = inner

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self._inner.read(max_bytes, _bounded(timeout, httpcore.ReadTimeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._inner.write(buffer, _bounded(timeout, httpcore.WriteTimeout))

    def close(self) -> None:
        self._inner.close()

    def start_tls(self, ssl_context: typing.Any, server_hostname: str | None = None,
                  timeout: float | None = None) -> httpcore.NetworkStream:
        return _DeadlineStream(self._inner.start_tls(ssl_context, server_hostname,
                                                     _bounded(timeout, httpcore.ConnectTimeout)))

    def get_extra_info(self, info: str) -> typing.Any:
        return self._inner.get_extra_info(info)


class _DeadlineBackend(httpcore.NetworkBackend):
    def __init__(self) -> None:
        self._inner = httpcore.SyncBackend()

    def connect_tcp(self, host: str, port: int, timeout: float | None = None, local_address: str | None = None,
                    socket_options: Iterable[typing.Any] | None = None) -> httpcore.NetworkStream:
        stream = self._inner.connect_tcp(host, port, _bounded(timeout, httpcore.ConnectTimeout), local_address,
                                         socket_options)
        return _DeadlineStream(stream)

    def connect_unix_socket(self, path: str, timeout: float | None = None,
                            socket_options: Iterable[typing.Any] | None = None) -> httpcore.NetworkStream:
        return _DeadlineStream(self._inner.connect_unix_socket(path, _bounded(timeout, httpcore.ConnectTimeout),
                                                               socket_options))

    def sleep(self, seconds: float) -> None:
        self._inner.sleep(seconds)


class DeadlineTransport(httpx.HTTPTransport):
    """httpx's HTTP transport (one connection pool), every socket operation bounded by the call's deadline."""

    def __init__(self) -> None:
        super().__init__()
        self._pool = httpcore.ConnectionPool(ssl_context=httpx.create_ssl_context(), max_connections=4,
                                             max_keepalive_connections=4, keepalive_expiry=5.0,
                                             network_backend=_DeadlineBackend())


# --- the body ----------------------------------------------------------------------------------------------


class _Inflater:
    """Decompresses one ``Content-Encoding`` a chunk at a time, never producing more than it is allowed."""

    def __init__(self, encoding: str) -> None:
        self.encoding = encoding
        self._wbits = {"gzip": 16 + zlib.MAX_WBITS, "x-gzip": 16 + zlib.MAX_WBITS, "deflate": zlib.MAX_WBITS}[encoding]
        self._decoder = zlib.decompressobj(self._wbits)
        self._first = True

    def feed(self, data: bytes, room: int) -> bytes:
        """At most ``room + 1`` decoded bytes of ``data`` (one more than room means: over the cap)."""
        out = bytearray()
        while data and len(out) <= room:
            try:
                out += self._decoder.decompress(data, room + 1 - len(out))
            except zlib.error:
                if not (self._first and self.encoding == "deflate"):
                    raise AnswerProblem(f"answered a body that is not valid {self.encoding} data") from None
                self._decoder = zlib.decompressobj(-zlib.MAX_WBITS)   # raw deflate, as some servers send it
                self._first = False
                continue
            self._first = False
            data = self._decoder.unconsumed_tail
            if self._decoder.eof and self._decoder.unused_data:       # another gzip member follows
                data = self._decoder.unused_data
                self._decoder = zlib.decompressobj(self._wbits)
        return bytes(out)


def _encodings(response: httpx.Response) -> list[str]:
    names = [part.strip().lower() for value in response.headers.get_list("content-encoding")
             for part in value.split(",") if part.strip()]
    names = [name for name in names if name != "identity"]
    unknown = [name for name in names if name not in ("gzip", "x-gzip", "deflate")]
    if unknown:
        raise AnswerProblem(f"answered with Content-Encoding {', '.join(unknown)}, which the harness did not "
                            f"accept (it asks for {ACCEPTED_ENCODINGS} or none)")
    if len(names) > 1:
        raise AnswerProblem(f"answered with several content encodings stacked ({', '.join(names)})")
    return names


def read_answer(response: httpx.Response, max_bytes: int) -> bytes:
    """The body of ``response``, decoded, at most ``max_bytes`` of it; :class:`AnswerProblem` past that."""
    encodings = _encodings(response)
    inflater = _Inflater(encodings[0]) if encodings else None
    body = bytearray()
    raw_size = 0
    for chunk in response.iter_raw():
        raw_size += len(chunk)
        room = max_bytes - len(body)
        if inflater is None:
            body += chunk[: room + 1]
        else:
            body += inflater.feed(chunk, room)
        if len(body) > max_bytes:
            what = f"{inflater.encoding}-compressed body decoding to" if inflater else "body of"
            raise AnswerProblem(f"answered a {what} more than {max_bytes} bytes")
        if raw_size > 2 * max_bytes:
            raise AnswerProblem(f"answered more than {2 * max_bytes} bytes of compressed data")
    return bytes(body)
