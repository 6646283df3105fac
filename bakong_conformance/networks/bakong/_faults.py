"""Faults of the switch, planned by the harness: the only way the simulator ever misbehaves.

The harness plans faults with :meth:`BakongSimulator.plan` (a :class:`~.._faults.FaultPlan` of them); each
schema-valid instruction takes the next one.
What each kind does (the delivery decides how a client sees ``late`` and ``drop``)::

    reject         REJECTED (HTTP 200) with ``code``; nothing committed
    late           processed as usual (committed if ``commit``), the answer comes only after the client gave up
    drop           processed as usual (committed if ``commit``), then the connection breaks mid-answer
    duplicate      processed as usual; a COMMITTED answer says ``duplicate: true``
    server-error   HTTP ``status``; nothing committed
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

__all__ = ["Fault", "FaultKind"]

FaultKind = Literal["reject", "late", "drop", "duplicate", "server-error"]
KINDS: frozenset[str] = frozenset({"reject", "late", "drop", "duplicate", "server-error"})
_CODE = re.compile(r"[A-Z][A-Z0-9_]{0,63}")


@dataclass(frozen=True, slots=True)
class Fault:
    """One planned fault of the switch (see the module docstring for what each kind does).

    ``commit`` (late, drop): whether Bakong committed the payment before its answer went missing. ``code`` and
    ``message`` (reject): the reason given. ``status`` (server-error): the HTTP status, 500 to 599.
    """

    kind: FaultKind
    commit: bool = True
    code: str = "SWITCH_REJECTED"
    message: str = "Bakong rejected the payment"
    status: int = 503

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"unknown fault kind {self.kind!r}; one of {sorted(KINDS)}")
        if not _CODE.fullmatch(self.code):
            raise ValueError(f"a reason code is upper-case letters, digits and _: {self.code!r}")
        if not 500 <= self.status <= 599:
            raise ValueError(f"a server error has an HTTP status 500-599, not {self.status}")
        if not self.message:
            raise ValueError("a fault's message is not empty")
