"""Driving a participant's sandbox through Participant API v1: bounded, contract-checked, recorded calls."""

from __future__ import annotations

from ._client import DEFAULT_TIMEOUT_S, MAX_ANSWER_BYTES, Exchange, IssueResult, Participant, ScanResult, redact_headers
from ._targets import Target, open_participant, token_from_env
from ._transport import InProcessTransport

__all__ = [
    "DEFAULT_TIMEOUT_S",
    "MAX_ANSWER_BYTES",
    "Exchange",
    "InProcessTransport",
    "IssueResult",
    "Participant",
    "ScanResult",
    "Target",
    "open_participant",
    "redact_headers",
    "token_from_env",
]
