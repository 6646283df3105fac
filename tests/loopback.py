"""Helpers for tests that start a server process on loopback: a free port, and waiting until it answers."""

from __future__ import annotations

import socket
import subprocess
import time
from collections.abc import Callable
from typing import Any

import httpx

__all__ = ["free_port", "wait_until_up"]


def free_port() -> int:
    """A TCP port free on 127.0.0.1 right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_until_up(probe: Callable[[], object], proc: subprocess.Popen[Any], what: str, seconds: float = 20) -> None:
    """Call ``probe`` until it stops raising a transport error (the server answers); ``RuntimeError`` naming
    ``what`` if the process exits or ``seconds`` pass first."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and proc.poll() is None:
        try:
            probe()
            return
        except httpx.TransportError:
            time.sleep(0.05)
    raise RuntimeError(f"{what} did not start")
