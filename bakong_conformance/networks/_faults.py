"""A plan of faults, whatever the network: the faults a scenario planned, taken one at a time, in order.

Each network has its own kinds of fault (the switch's in ``bakong/_faults``, Alipay+'s in
``alipay_plus/_faults``); the plan only keeps them in order, so every network plans the same way.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable
from typing import Generic, TypeVar

__all__ = ["FaultPlan"]

F = TypeVar("F")


class FaultPlan(Generic[F]):
    """The faults still to come, in order."""

    def __init__(self) -> None:
        self._queue: deque[F] = deque()

    def extend(self, faults: Iterable[F]) -> None:
        """Plan ``faults`` after those already planned."""
        self._queue.extend(faults)

    def take(self, applies: Callable[[F], bool] | None = None) -> F | None:
        """The next planned fault (consumed), or None; with ``applies``, the first one it accepts (the others stay
        in order)."""
        for index, fault in enumerate(self._queue):
            if applies is None or applies(fault):
                del self._queue[index]
                return fault
        return None

    def clear(self) -> None:
        """Forget every planned fault."""
        self._queue.clear()

    def __len__(self) -> int:
        return len(self._queue)
