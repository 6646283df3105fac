"""Faults of the simulated Alipay+, planned by the harness: the only way it ever misbehaves.

Faults of what Alipay+ **answers** the participant (planned with :meth:`AlipayPlusSimulator.plan`, each taken by
the next request of its operation)::

    unknown        result U UNKNOWN_EXCEPTION; nothing processed (the participant must ask again)
    traffic-limit  result U REQUEST_TRAFFIC_EXCEED_LIMIT; nothing processed
    server-error   HTTP 503 with a body that is not JSON; nothing processed
    late           processed as usual, the answer comes only after the participant gave up
    bad-signature  processed as usual, the answer's signature does not verify

How Alipay+ **asks** the participant (:data:`TAMPERS`, one per request built by :meth:`AlipayPlusSimulator.request`)::

    bad-signature        the signature is of another message
    unknown-key-version  signed with a key version the participant was not given
    other-client-id      another participant's Client-Id, correctly signed
    stale-time           a Request-Time an hour before the sandbox clock, correctly signed
    body-changed         the body was changed after it was signed
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

__all__ = ["ANSWER_FAULTS", "TAMPERS", "AnswerFault", "AnswerFaultKind", "Tamper"]

AnswerFaultKind = Literal["unknown", "traffic-limit", "server-error", "late", "bad-signature"]
ANSWER_FAULTS: frozenset[str] = frozenset({"unknown", "traffic-limit", "server-error", "late", "bad-signature"})
Tamper = Literal["bad-signature", "unknown-key-version", "other-client-id", "stale-time", "body-changed"]
TAMPERS: frozenset[str] = frozenset({"bad-signature", "unknown-key-version", "other-client-id", "stale-time",
                                     "body-changed"})


@dataclass(frozen=True, slots=True)
class AnswerFault:
    """One planned fault of Alipay+'s answer to the next request of ``operation`` (``notifyPushPayment``,
    ``refund``, ...)."""

    kind: AnswerFaultKind
    operation: str

    def __post_init__(self) -> None:
        if self.kind not in ANSWER_FAULTS:
            raise ValueError(f"unknown Alipay+ fault {self.kind!r}; one of {sorted(ANSWER_FAULTS)}")
