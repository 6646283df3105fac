"""What every simulated network is to the two deliveries: a name, an in-process host, one core, a failure answer.

A network (the simulated Bakong today; Alipay+ and the national switches next) decides every answer in
:meth:`Network.handle`, whichever delivery brought the request: a real socket (:class:`~._asgi.SimulatorApp`
under :class:`~._serve.LoopbackServer`) or the in-process router (:func:`~._in_process.in_process_transport`,
one named respx route per network host). When its core fails (a bug of the harness), :meth:`Network.failure`
gives the documented answer of the path asked, never a crash.
"""

from __future__ import annotations

from typing import Protocol

from ._wire import Decision, WireRequest

__all__ = ["Network"]


class Network(Protocol):
    """A simulated network, as the deliveries see it."""

    @property
    def name(self) -> str:
        """Its name: the in-process route's name and the evidence's label (``"bakong"``)."""
        ...

    @property
    def host(self) -> str:
        """The host name an in-process participant reaches it at (a ``.invalid`` name, never resolved)."""
        ...

    @property
    def paths(self) -> tuple[str, ...]:
        """The path prefixes it answers when several networks share one loopback address (``("/aps/",)``)."""
        ...

    def handle(self, request: WireRequest) -> Decision:
        """Decide the answer to ``request`` (thread-safe)."""
        ...

    def failure(self, path: str) -> Decision:
        """The documented answer when the network itself failed on a request for ``path``."""
        ...
