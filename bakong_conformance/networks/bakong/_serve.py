"""``bakong-conformance networks serve``: the simulated Bakong on loopback, on the wall clock, for a participant
developing its integration offline, with the other simulated networks it is given beside it on the same address
(each answering its own paths)."""

from __future__ import annotations

import contextlib
import secrets
from collections.abc import Sequence

import uvicorn

from ...errors import ConfigurationError, HarnessError
from .._asgi import SimulatorApp
from .._clock import Clock, WallClock
from .._network import Network
from .._serve import bound_socket, is_loopback, url_of
from ._simulator import BakongSimulator

__all__ = ["DEFAULT_EMAIL", "DEFAULT_PARTICIPANT_ID", "serve"]

DEFAULT_EMAIL = "sandbox@example.com"
DEFAULT_PARTICIPANT_ID = "REFBKHPP"
"""The participant ``networks serve`` lets send instructions unless told otherwise: the bundled reference's."""


def serve(host: str, port: int, *, emails: Sequence[str], accounts: Sequence[str],
          participant_id: str = DEFAULT_PARTICIPANT_ID, credential: str | None = None,
          beside: Sequence[tuple[Network, str]] = (), clock: Clock | None = None) -> int:
    """Run a simulator on the wall clock at ``host:port`` until interrupted; returns the exit code.

    ``emails`` (default ``sandbox@example.com``) are registered for ``renew_token``; ``accounts`` exist as
    payees. The switch takes instructions of ``participant_id`` only, with ``credential`` (None: a random one),
    both printed on start. ``beside``: other networks served on the same address, each with the line printed
    about it (``{url}`` in it is the address). ``ConfigurationError`` for a host that is not loopback or an
    unusable credential.
    """
    if not is_loopback(host):
        raise ConfigurationError(f"--host {host}: the simulator listens on loopback only (127.0.0.1, ::1, "
                                 "localhost); it is a test double, never a public service")
    registered = list(emails) or [DEFAULT_EMAIL]
    simulator = BakongSimulator(clock or WallClock())
    for email in registered:
        simulator.register_email(email)
    for account in accounts:
        simulator.register_account(account)
    credential = credential if credential is not None else secrets.token_urlsafe(32)
    try:
        simulator.authorise(participant_id, credential)
    except HarnessError as error:
        raise ConfigurationError(str(error)) from error
    sock = bound_socket(host, port)
    url = url_of(host, sock.getsockname()[1])
    print(f"Bakong simulator listening on {url} (switch: POST {url}/switch/v1/instructions with "
          f'"Authorization: Bearer {credential}" and "participantId": "{participant_id}"; Open API: '
          f'POST {url}/v1/...); get a token: POST {url}/v1/renew_token with {{"email": "{registered[0]}"}}',
          flush=True)
    for _, line in beside:
        print(line.replace("{url}", url), flush=True)
    app = SimulatorApp([simulator, *(network for network, _ in beside)], late_cap_s=30.0)
    config = uvicorn.Config(app, log_level="warning", access_log=False, http="h11", lifespan="off",
                            timeout_graceful_shutdown=2)
    with contextlib.suppress(KeyboardInterrupt):  # uvicorn re-raises the Ctrl-C it handled
        uvicorn.Server(config).run(sockets=[sock])
    return 0
