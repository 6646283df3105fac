"""Evidence of one exchange on the wire, with every secret redacted before it is kept.

Both sides the harness talks to produce :class:`Exchange` records: the participant's sandbox (the harness's
calls to Participant API v1) and the simulated networks (the participant's calls to Bakong). Each step of a
scenario attaches the exchanges it caused to the report. Secrets never reach a record: authentication headers
are replaced by ``<redacted>``, and so is any body field that carries a token (:data:`SECRET_FIELDS`).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

__all__ = ["SECRET_FIELDS", "SECRET_HEADERS", "Exchange", "redact_body", "redact_headers"]

SECRET_HEADERS = frozenset({"authorization", "proxy-authorization", "cookie", "set-cookie", "x-api-key"})
SECRET_FIELDS = frozenset({"token", "openapitoken", "accesstoken", "password", "secret"})
REDACTED = "<redacted>"


@dataclass(frozen=True, slots=True)
class Exchange:
    """One request and its answer, as evidence (secrets redacted by whoever records it)."""

    operation: str
    request: dict[str, Any]
    response: dict[str, Any]

    def as_json(self) -> str:
        """Pretty JSON for a report attachment."""
        return json.dumps({"operation": self.operation, "request": self.request, "response": self.response},
                          indent=2, ensure_ascii=False)


def redact_headers(headers: Mapping[str, str]) -> dict[str, str]:
    """Headers with every secret value replaced by ``<redacted>``."""
    return {k: (REDACTED if k.lower() in SECRET_HEADERS else v) for k, v in headers.items()}


def redact_body(body: Any) -> Any:
    """``body`` (parsed JSON) with the value of every token-like field replaced by ``<redacted>``, at any depth."""
    if isinstance(body, dict):
        return {k: (REDACTED if isinstance(k, str) and k.lower() in SECRET_FIELDS and v is not None
                    else redact_body(v)) for k, v in body.items()}
    if isinstance(body, list):
        return [redact_body(item) for item in body]
    return body
