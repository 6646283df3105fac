"""Driving a participant's sandbox through Participant API v1: bounded, contract-checked, recorded calls."""

from __future__ import annotations

from ._client import (
    DEFAULT_TIMEOUT_S,
    MAX_ANSWER_BYTES,
    MAX_CALLS_PER_SCENARIO,
    PROBES_PER_SCENARIO,
    Account,
    AlipayPlusConfirmation,
    AlipayPlusRefund,
    AlipayPlusScan,
    Exchange,
    IssueResult,
    Merchant,
    Participant,
    Payment,
    PaymentAnswer,
    RawAnswer,
    SandboxStopped,
    ScanResult,
    Stop,
    redact_headers,
)
from ._targets import Target, open_participant, token_from_env
from ._transport import InProcessTransport

__all__ = [
    "DEFAULT_TIMEOUT_S",
    "MAX_ANSWER_BYTES",
    "MAX_CALLS_PER_SCENARIO",
    "PROBES_PER_SCENARIO",
    "Account",
    "AlipayPlusConfirmation",
    "AlipayPlusRefund",
    "AlipayPlusScan",
    "Exchange",
    "InProcessTransport",
    "IssueResult",
    "Merchant",
    "Participant",
    "Payment",
    "PaymentAnswer",
    "RawAnswer",
    "SandboxStopped",
    "ScanResult",
    "Stop",
    "Target",
    "open_participant",
    "redact_headers",
    "token_from_env",
]
