"""What every simulated network keeps the same way: one lock, the evidence of what it answered, and its own
failures (bugs of the harness), answered with its documented failure instead of raising.

A network's core derives from :class:`NetworkCore`, decides inside :meth:`NetworkCore.guarded` and appends its
evidence to :attr:`NetworkCore.exchanges` under the lock; the deliveries never see an exception.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from ..evidence import Exchange, scrub
from ._wire import Decision, WireRequest

__all__ = ["Identity", "NetworkCore"]

T = TypeVar("T")
_MAX_ERROR = 500


@dataclass(frozen=True, slots=True)
class Identity:
    """Who a network is to the deliveries: its ``name`` (the in-process route), the ``host`` an in-process
    participant reaches it at, the path prefixes it claims on a shared address, and its ``label`` in the
    evidence (``"Bakong simulator"``)."""

    name: str
    host: str
    paths: tuple[str, ...]
    label: str


class NetworkCore:
    """The identity, the lock, the evidence and the own failures of one simulated network; ``failed_answer``
    gives the documented answer of a path when the network failed itself."""

    def __init__(self, identity: Identity, failed_answer: Callable[[str], Decision]) -> None:
        self._identity, self._failed_answer = identity, failed_answer
        self._lock = threading.RLock()
        self.exchanges: list[Exchange] = []
        self._errors: list[str] = []

    @property
    def name(self) -> str:
        """The network's name (its in-process route and its label in the evidence)."""
        return self._identity.name

    @property
    def host(self) -> str:
        """Where an in-process participant reaches it (a ``.invalid`` host, never resolved)."""
        return self._identity.host

    @property
    def paths(self) -> tuple[str, ...]:
        """The path prefixes it answers when it shares a loopback address with other networks."""
        return self._identity.paths

    def guarded(self, request: WireRequest, decide: Callable[[], Decision],
                scrubbed: Callable[[str], str] = scrub) -> Decision:
        """``decide()`` under the lock; should it raise (a bug of the harness), the failure is kept (in
        :attr:`internal_errors` and the evidence, ``scrubbed`` of secrets) and answered the documented failure."""
        with self._lock:
            try:
                return decide()
            except Exception as bug:  # a bug of the harness: answered, kept, and the network goes on serving
                decision = self._failed_answer(request.path)
                what = scrubbed(f"{request.method} {request.path}: {type(bug).__name__}: {bug}"[:_MAX_ERROR])
                self._errors.append(what)
                self.exchanges.append(Exchange(f"{self._identity.label} failure ({what})",
                                               {"method": request.method, "path": request.path},
                                               {"status": decision.status, "body": decision.answer,
                                                "delivered": decision.delivery}))
                return decision

    @property
    def internal_errors(self) -> list[str]:
        """Every failure of the network itself since the last reset (a bug of the harness), oldest first."""
        return self._snapshot(self._errors)

    def drain_exchanges(self) -> list[Exchange]:
        """The evidence of every call answered since the last drain (secrets redacted), oldest first."""
        with self._lock:
            drained, self.exchanges = self.exchanges, []
            return drained

    def _forget_records(self) -> None:
        """Forget the evidence and the own failures (a reset)."""
        with self._lock:
            self.exchanges.clear()
            self._errors.clear()

    def _snapshot(self, records: list[T]) -> list[T]:
        """A copy of ``records``, taken under the lock (a request may be appending to them)."""
        with self._lock:
            return list(records)
