"""What the simulator answers when it fails itself (a bug of the harness): a documented HTTP 500, never a crash.

The body follows the contract of the path asked: the switch's ``ERROR`` answer (``SIMULATOR_ERROR``: the outcome
of the instruction is unknown, as for any 5xx) or the Open API envelope (``errorCode`` null). It never says what
went wrong; the simulator keeps that for the harness (:attr:`BakongSimulator.internal_errors` and the evidence).
"""

from __future__ import annotations

from .._wire import Decision, json_decision
from ._envelope import envelope
from ._switch import SWITCH_PATH

__all__ = ["SIMULATOR_ERROR", "failure_decision"]

SIMULATOR_ERROR = "SIMULATOR_ERROR"
_MESSAGE = "The simulated Bakong failed (a bug of the conformance harness, not of the participant)"


def failure_decision(path: str) -> Decision:
    """HTTP 500 with the body the contract of ``path`` documents for a failure of Bakong itself."""
    if path == SWITCH_PATH:
        reason = {"code": SIMULATOR_ERROR, "message": f"{_MESSAGE}; the outcome of this instruction is unknown"}
        return json_decision(500, {"status": "ERROR", "reason": reason})
    return json_decision(500, envelope(1, _MESSAGE, None, None))
