"""The simulator's time: one clock for token lifetimes, QR expiry and rate-limit windows.

In certification the clock is a :class:`FakeClock` that moves only when a scenario says time has passed, so no
scenario ever sleeps; ``networks serve`` runs on the :class:`WallClock`.
"""

from __future__ import annotations

import threading
import time
from typing import Protocol

__all__ = ["Clock", "FakeClock", "WallClock"]


class Clock(Protocol):
    """Anything that tells the current time in epoch milliseconds."""

    def now_ms(self) -> int:
        """The current time in epoch milliseconds."""
        ...


class FakeClock:
    """A clock that stands still until :meth:`advance` moves it forward; it never goes back."""

    def __init__(self, start_ms: int) -> None:
        if start_ms < 0:
            raise ValueError(f"a clock starts at a non-negative epoch-ms time, not {start_ms}")
        self._now = start_ms
        self._lock = threading.Lock()

    def now_ms(self) -> int:
        """The simulated time in epoch milliseconds."""
        with self._lock:
            return self._now

    def advance(self, ms: int) -> None:
        """Move the clock ``ms`` milliseconds forward; ``ValueError`` for a negative step."""
        if ms < 0:
            raise ValueError(f"the clock never goes back: advance({ms})")
        with self._lock:
            self._now += ms


class WallClock:
    """The real time."""

    def now_ms(self) -> int:
        """The wall-clock time in epoch milliseconds."""
        return time.time_ns() // 1_000_000
