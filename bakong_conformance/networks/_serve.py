"""Simulated networks on real sockets: :class:`LoopbackServer` (uvicorn in a thread, for tests and
certification) and the socket helpers a network's own ``serve`` uses. Loopback only."""

from __future__ import annotations

import ipaddress
import socket
import threading
import time
from types import TracebackType
from typing import Any

import uvicorn

from ..errors import HarnessError

__all__ = ["LoopbackServer", "bound_socket", "is_loopback", "url_of"]

START_TIMEOUT_S = 10.0
STOP_TIMEOUT_S = 5.0


def is_loopback(host: str) -> bool:
    """True for ``localhost`` and loopback addresses (127.0.0.0/8, ::1)."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


class LoopbackServer:
    """Serve an ASGI ``app`` with uvicorn in a daemon thread on a loopback address, as a context manager.

    ``port`` 0 picks a free port; :attr:`url` tells where it listens once entered. Entering waits until the
    server accepts connections (at most 10 s, else ``HarnessError``); leaving stops it. ``ValueError`` for a
    host that is not loopback.
    """

    def __init__(self, app: Any, host: str = "127.0.0.1", port: int = 0) -> None:
        if not is_loopback(host):
            raise ValueError(f"the simulator listens on loopback only, not on {host!r}")
        self._app, self._host, self._port = app, host, port
        self._server: uvicorn.Server | None = None
        self._thread: threading.Thread | None = None
        self._url: str | None = None

    @property
    def url(self) -> str:
        """``http://127.0.0.1:PORT`` while running; ``HarnessError`` before."""
        if self._url is None:
            raise HarnessError("the loopback server is not running")
        return self._url

    def __enter__(self) -> LoopbackServer:
        sock = bound_socket(self._host, self._port)
        config = uvicorn.Config(self._app, log_level="warning", access_log=False, http="h11", lifespan="off",
                                timeout_graceful_shutdown=1)
        self._server = server = uvicorn.Server(config)
        self._thread = thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True,
                                                 name="bakong-simulator")
        thread.start()
        if not _started(server, thread):
            self._stop()
            raise HarnessError(f"the simulator did not start listening on {self._host} within "
                               f"{START_TIMEOUT_S:g} s")
        self._url = url_of(self._host, sock.getsockname()[1])
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        self._stop()

    def _stop(self) -> None:
        if self._server is not None and self._thread is not None:
            self._server.should_exit = True
            self._thread.join(STOP_TIMEOUT_S)
        self._url = None


def _started(server: uvicorn.Server, thread: threading.Thread) -> bool:
    """Wait until ``server`` accepts connections; False if its thread died or it took too long."""
    deadline = time.monotonic() + START_TIMEOUT_S
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            return False
        time.sleep(0.01)
    return True


def bound_socket(host: str, port: int) -> socket.socket:
    """A TCP socket bound to ``host:port`` (port 0: a free one); ``HarnessError`` if it cannot be bound."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError as error:
        sock.close()
        raise HarnessError(f"cannot listen on {host}:{port}: {error.strerror or error}") from error
    return sock


def url_of(host: str, port: int) -> str:
    """The ``http://`` URL of ``host:port`` (an IPv6 address in brackets)."""
    return f"http://[{host}]:{port}" if ":" in host else f"http://{host}:{port}"
