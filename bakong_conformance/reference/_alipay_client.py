"""The reference participant's calls to Alipay+, in either role (as acquirer ``notifyPushPayment``, ``refund``; as
wallet ``userInitiatedPay``, ``notifyPayment``): signed requests under its own Client-Id, answers verified
(schemas/alipay-plus/README.md §1, §3.6-3.7, §4.1).

Nothing here raises for a network problem: a call without a usable answer (none in time, not HTTP 200, over the
size cap, not signed by Alipay+ over the path asked under the participant's Client-Id, not a strict JSON object)
is None. Every call is bounded by the app's timeout, also enforced here so that an in-process transport that
never answers times out too.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import anyio
import httpx
from cryptography.hazmat.primitives.asymmetric import rsa

from .. import strict_json
from ..alipay_plus import KeyPair, SignatureProblem, verify_message
from ._alipay_rules import Signing, compact

__all__ = ["MAX_ANSWER_BYTES", "OPERATIONS", "AlipayConnection", "AlipayPlus", "result_status"]

OPERATIONS = "/aps/api/v1/payments/"
"""Where Alipay+'s operations are, under ``alipayPlusUrl``."""
MAX_ANSWER_BYTES = 64 * 1024
HTTP_200_OK = 200


@dataclass(frozen=True)
class AlipayConnection:
    """Where Alipay+ is and how to trust it (``POST /v1/sandbox/alipay-plus``): its public key by key version,
    the riel's minor units and how far a request's time may be from the sandbox clock."""

    url: str
    public_keys: dict[str, rsa.RSAPublicKey]
    khr_minor_units: int
    tolerance_s: int

    def url_of(self, path: str) -> str:
        """The URL of ``path`` (``/aps/...``)."""
        return self.url.rstrip("/") + path


def result_status(answer: dict[str, Any] | None) -> str | None:
    """The ``resultStatus`` of an answer's ``result`` (None: no usable answer or no status)."""
    found = answer.get("result") if answer is not None else None
    status = found.get("resultStatus") if isinstance(found, dict) else None
    return status if isinstance(status, str) else None


class AlipayPlus:
    """The outbound HTTP client to Alipay+, signing with ``keys`` under ``client_id`` as one role's ``rules`` say,
    each call bounded by ``timeout_s``."""

    def __init__(self, http: httpx.AsyncClient, timeout_s: float, keys: KeyPair, client_id: str,
                 rules: Signing) -> None:
        self.http, self.timeout_s, self.keys, self.client_id, self.rules = http, timeout_s, keys, client_id, rules

    async def call(self, connection: AlipayConnection, operation: str, message: dict[str, Any],
                   now_ms: int) -> dict[str, Any] | None:
        """Send ``message`` to ``operation`` signed at sandbox time ``now_ms``; Alipay+'s verified answer, or None."""
        path = OPERATIONS + operation
        body = compact(self.rules.finish(message))
        headers = self.rules.sign_request(self.keys, path, self.client_id, now_ms, body)
        received = await self._post(connection.url_of(path), body, headers)
        if received is None:
            return None
        status, answer_headers, raw = received
        if status != HTTP_200_OK or answer_headers.get("client-id") != self.client_id:
            return None
        try:
            verify_message(connection.public_keys, answer_headers, path, raw, answer=True)
            answer = strict_json.loads(raw)
        except (SignatureProblem, strict_json.JsonError):
            return None
        return answer if isinstance(answer, dict) else None

    async def _post(self, url: str, body: bytes, headers: dict[str, str]) -> tuple[int, dict[str, str], bytes] | None:
        """(status, headers with lower-case names, body) of the answer; None without a complete one in time."""
        try:
            with anyio.fail_after(self.timeout_s):
                async with self.http.stream("POST", url, content=body, headers=headers) as response:
                    raw = bytearray()
                    async for chunk in response.aiter_bytes():
                        raw += chunk
                        if len(raw) > MAX_ANSWER_BYTES:
                            return None
                    lower = {name.lower(): value for name, value in response.headers.items()}
                    return response.status_code, lower, bytes(raw)
        except (httpx.HTTPError, TimeoutError):
            return None
