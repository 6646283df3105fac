"""Opening a participant: the bundled reference (in-process) or a sandbox reached over HTTP."""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass

import httpx

from ..errors import ConfigurationError
from ._client import DEFAULT_TIMEOUT_S, Participant
from ._reader import DeadlineTransport
from ._transport import InProcessTransport

__all__ = ["Target", "open_participant", "token_from_env"]


@dataclass(frozen=True, slots=True)
class Target:
    """Which participant to certify: ``url`` None means the bundled reference participant, in-process."""

    url: str | None = None
    token_env: str | None = None
    defects: tuple[str, ...] = ()
    timeout_s: float = DEFAULT_TIMEOUT_S


def token_from_env(name: str | None) -> str:
    """The bearer token held in environment variable ``name``; ``ConfigurationError`` when unset or empty."""
    value = os.environ.get(name or "", "")
    if not name or not value:
        raise ConfigurationError(f"environment variable {name!r} holding the participant's token is not set")
    return value


@contextmanager
def open_participant(target: Target, *, networks_transport: httpx.AsyncBaseTransport | None = None
                     ) -> Iterator[Participant]:
    """A :class:`Participant` for ``target``, closed on exit.

    ``networks_transport`` reaches the simulated networks in-process (one route per network host); only the
    bundled reference participant (no ``url``) can use it. A participant over HTTP reaches them on loopback.
    """
    if target.url is None:
        with _reference(target.defects, target.timeout_s, networks_transport) as participant:
            yield participant
        return
    token = token_from_env(target.token_env)
    with httpx.Client(base_url=target.url, timeout=target.timeout_s, transport=DeadlineTransport(),
                      trust_env=False) as client:
        yield Participant(client, token, target.timeout_s)


@contextmanager
def _reference(defects: Sequence[str], timeout_s: float,
               networks_transport: httpx.AsyncBaseTransport | None) -> Iterator[Participant]:
    from ..reference import create_app
    token = secrets.token_urlsafe(24)
    transport = InProcessTransport(create_app(token=token, defects=defects, networks_transport=networks_transport))
    try:
        with httpx.Client(transport=transport, base_url="http://reference.participant.invalid",
                          timeout=timeout_s) as client:
            yield Participant(client, token, timeout_s)
    finally:
        transport.close()
