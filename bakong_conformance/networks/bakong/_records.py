"""What the simulator remembers of every call, for the harness's checks to judge afterwards."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .._wire import Delivery
from ._credentials import SwitchAuth
from ._faults import Fault
from ._ledger import Transaction
from ._tokens import Auth

__all__ = ["InstructionRecord", "OpenApiCall"]


@dataclass(frozen=True, slots=True)
class InstructionRecord:
    """One payment instruction the switch received and what it decided (any issued token and switch credential
    redacted).

    ``body``: parsed JSON, or the raw text when not JSON. ``problems``: why it was refused (empty when valid).
    ``answer``: the JSON answer decided (sent late, partly or not at all, as ``delivered`` says). ``fault``: the
    planned fault it met. ``transaction``: the transaction it committed, or found under its idempotency key.
    ``auth``: what its ``Authorization`` header amounted to (``valid``: the switch credential authorised now).
    ``authorised``: the participant authorised to send instructions when it came (the one under certification,
    whose ID ``participantId`` must be), None when none was.
    """

    at_ms: int
    body: Any
    problems: tuple[str, ...]
    status: int
    answer: dict[str, Any] | None
    delivered: Delivery
    fault: Fault | None
    transaction: Transaction | None
    auth: SwitchAuth
    authorised: str | None


@dataclass(frozen=True, slots=True)
class OpenApiCall:
    """One call of the Bakong Open API and its answer.

    ``auth``: what the Authorization header amounted to (``malformed``: not ``Bearer <token>``). ``envelope``:
    the answer. ``retry_after_s``: the Retry-After of a 429. ``by_harness``: the harness's own call
    (:meth:`BakongSimulator.call_open_api`), not the participant's. Any issued token is redacted from ``body``,
    ``problems`` and ``envelope``.
    """

    at_ms: int
    path: str
    auth: Auth
    body: Any
    problems: tuple[str, ...]
    status: int
    envelope: dict[str, Any]
    retry_after_s: int | None
    by_harness: bool
