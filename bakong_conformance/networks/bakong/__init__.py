"""The simulated Bakong: the switch a participant pays through (``schemas/bakong-switch``, a contract of this
harness) and the Bakong Open API as NBC documents it, behind the :class:`~bakong_conformance.networks.Network`
protocol every simulated network follows."""

from __future__ import annotations

from ._credentials import SwitchAuth
from ._faults import Fault
from ._ledger import Transaction
from ._records import InstructionRecord, OpenApiCall
from ._serve import DEFAULT_PARTICIPANT_ID, serve
from ._simulator import SIMULATOR_HOST, SIMULATOR_URL, BakongSimulator

__all__ = [
    "DEFAULT_PARTICIPANT_ID",
    "SIMULATOR_HOST",
    "SIMULATOR_URL",
    "BakongSimulator",
    "Fault",
    "InstructionRecord",
    "OpenApiCall",
    "SwitchAuth",
    "Transaction",
    "serve",
]
