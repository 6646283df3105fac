"""Defects of the certification interface itself (every participant: ``participant-api``)."""

from __future__ import annotations

import base64
import dataclasses
from collections.abc import Mapping
from typing import Any

from .._behaviour import Behaviour
from .._registry import defect

# --- the interface -------------------------------------------------------------------------------------------
defect("no-authentication", "The certification interface answers requests without an access token",
       "REQ-API-AUTH")(lambda b: dataclasses.replace(b, require_auth=False))


def _echoed_credentials(authorization: str) -> Mapping[str, str]:
    token = authorization.removeprefix("Bearer ")
    return {"X-Debug-Authorization": base64.b64encode(authorization.encode("utf-8")).decode("ascii"),
            "X-Debug-Token": token.encode("utf-8").hex()}


defect("echoes-credentials", "Returns the bearer token it was called with in its answers' headers, base64- and "
       "hex-encoded", "REQ-API-NO-CREDENTIALS")(lambda b: dataclasses.replace(b, answer_headers=_echoed_credentials))


def _off_contract(b: Behaviour) -> Behaviour:
    async def scan(qr: str, now_ms: int) -> dict[str, Any]:
        answer = await b.scan(qr, now_ms)
        return {**answer, "accepted": "yes" if answer["accepted"] else "no"}
    return dataclasses.replace(b, scan=scan)


defect("scan-answer-off-contract", "The scanner answers 'yes'/'no' instead of true/false",
       "REQ-API-CONTRACT")(_off_contract)
