"""Evidence of every call the simulator answered: an :class:`~bakong_conformance.evidence.Exchange` each.

Secrets never reach a record: authentication headers and token-like fields are redacted by
:mod:`bakong_conformance.evidence`, and every token the simulator issued is redacted wherever else it appears.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ..evidence import Exchange, redact_body, redact_headers
from ._wire import Decision, WireRequest

__all__ = ["exchange_of"]


def exchange_of(operation: str, request: WireRequest, decision: Decision,
                scrub: Callable[[Any], Any]) -> Exchange:
    """The evidence of ``request`` and the ``decision`` taken on it; ``scrub`` removes issued tokens."""
    asked = {"method": request.method, "path": request.path, "headers": redact_headers(dict(request.headers)),
             "body": redact_body(request.body_for_record())}
    answered = {"status": decision.status, "headers": redact_headers(dict(decision.headers)),
                "body": redact_body(decision.answer), "delivered": decision.delivery}
    return Exchange(operation, scrub(asked), scrub(answered))
