"""The simulator on real sockets: :class:`LoopbackServer` (uvicorn in a thread, for tests and certification)
and :func:`serve` (``bakong-conformance networks serve``). Both listen on loopback only."""

from __future__ import annotations

import contextlib
import ipaddress
import secrets
import socket
import threading
import time
from collections.abc import Sequence
from types import TracebackType
from typing import Any

import uvicorn

from ..errors import ConfigurationError, HarnessError
from ._clock import WallClock
from ._simulator import BakongSimulator

__all__ = ["DEFAULT_EMAIL", "DEFAULT_PARTICIPANT_ID", "LoopbackServer", "is_loopback", "serve"]

DEFAULT_EMAIL = "sandbox@example.com"
DEFAULT_PARTICIPANT_ID = "REFBKHPP"
"""The participant ``networks serve`` lets send instructions unless told otherwise: the bundled reference's."""
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
        sock = _bound_socket(self._host, self._port)
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
        self._url = _url(self._host, sock.getsockname()[1])
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        self._stop()

    def _stop(self) -> None:
        if self._server is not None and self._thread is not None:
            self._server.should_exit = True
            self._thread.join(STOP_TIMEOUT_S)
        self._url = None


def serve(host: str, port: int, *, emails: Sequence[str], accounts: Sequence[str],
          participant_id: str = DEFAULT_PARTICIPANT_ID, credential: str | None = None) -> int:
    """Run a simulator on the wall clock at ``host:port`` until interrupted; returns the exit code.

    ``emails`` (default ``sandbox@example.com``) are registered for ``renew_token``; ``accounts`` exist as
    payees. The switch takes instructions of ``participant_id`` only, with ``credential`` (None: a random one),
    both printed on start. ``ConfigurationError`` for a host that is not loopback or an unusable credential.
    """
    if not is_loopback(host):
        raise ConfigurationError(f"--host {host}: the simulator listens on loopback only (127.0.0.1, ::1, "
                                 "localhost); it is a test double, never a public service")
    registered = list(emails) or [DEFAULT_EMAIL]
    simulator = BakongSimulator(WallClock())
    for email in registered:
        simulator.register_email(email)
    for account in accounts:
        simulator.register_account(account)
    credential = credential if credential is not None else secrets.token_urlsafe(32)
    try:
        simulator.authorise(participant_id, credential)
    except HarnessError as error:
        raise ConfigurationError(str(error)) from error
    sock = _bound_socket(host, port)
    url = _url(host, sock.getsockname()[1])
    print(f"Bakong simulator listening on {url} (switch: POST {url}/switch/v1/instructions with "
          f'"Authorization: Bearer {credential}" and "participantId": "{participant_id}"; Open API: '
          f'POST {url}/v1/...); get a token: POST {url}/v1/renew_token with {{"email": "{registered[0]}"}}',
          flush=True)
    config = uvicorn.Config(simulator.app, log_level="warning", access_log=False, http="h11", lifespan="off",
                            timeout_graceful_shutdown=2)
    with contextlib.suppress(KeyboardInterrupt):  # uvicorn re-raises the Ctrl-C it handled
        uvicorn.Server(config).run(sockets=[sock])
    return 0


def _started(server: uvicorn.Server, thread: threading.Thread) -> bool:
    """Wait until ``server`` accepts connections; False if its thread died or it took too long."""
    deadline = time.monotonic() + START_TIMEOUT_S
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            return False
        time.sleep(0.01)
    return True


def _bound_socket(host: str, port: int) -> socket.socket:
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


def _url(host: str, port: int) -> str:
    return f"http://[{host}]:{port}" if ":" in host else f"http://{host}:{port}"
