"""Alipay+'s requests to the participant, in either role, as received, and the signed answers to them
(schemas/alipay-plus/README.md §1, §3.1, §4).

A request of a connected participant is judged in this order, the first refusal answering: the body is at most
:data:`MAX_BODY` bytes and ``Sandbox-Now`` is epoch milliseconds
(``PARAM_ILLEGAL``); the signature verifies over the path, the headers as written and the body as received
(``INVALID_SIGNATURE``, ``KEY_NOT_FOUND``); the Client-Id is the participant's own (``INVALID_CLIENT``); the
``Request-Time`` is a date-time within the tolerance of the sandbox clock and the body a strict JSON object
(``PARAM_ILLEGAL``). Every answer, refusals too, is HTTP 200 and signed over the path of the request it answers.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from .. import strict_json
from ..alipay_plus import KeyPair, TimeError, format_time, parse_time
from ._alipay_client import AlipayConnection
from ._alipay_refusal import Refused
from ._alipay_rules import Signing

__all__ = ["MAX_BODY", "AlipayWire", "sandbox_now"]

MAX_BODY = 64 * 1024
_EPOCH_MS = re.compile(r"[0-9]{1,13}")


def sandbox_now(headers: Mapping[str, str]) -> int | None:
    """The ``Sandbox-Now`` header (epoch ms); None when it is absent or not a number."""
    value = headers.get("sandbox-now")
    return int(value) if value is not None and _EPOCH_MS.fullmatch(value) else None


async def _bounded_body(request: Request) -> bytes | None:
    """The body as received; None when it is over :data:`MAX_BODY` bytes (not read further)."""
    raw = bytearray()
    async for chunk in request.stream():
        raw += chunk
        if len(raw) > MAX_BODY:
            return None
    return bytes(raw)


class AlipayWire:
    """Reads Alipay+'s requests under one role's ``rules`` and signs the answers with ``keys`` under
    ``client_id``."""

    def __init__(self, rules: Signing, keys: KeyPair, client_id: str, clock: Callable[[], int]) -> None:
        self.rules, self.keys, self.client_id, self.clock = rules, keys, client_id, clock

    def now(self, request: Request) -> int:
        """The sandbox time of the request: its ``Sandbox-Now``, else the clock."""
        given = sandbox_now(request.headers)
        return self.clock() if given is None else given

    async def read(self, request: Request, connection: AlipayConnection, now_ms: int) -> dict[str, Any]:
        """The request's body once every check passed; :class:`Refused` with the first check that failed."""
        headers = dict(request.headers)
        raw = await _bounded_body(request)
        if raw is None:
            raise Refused("PARAM_ILLEGAL", f"the body is over {MAX_BODY} bytes")
        if "sandbox-now" in headers and sandbox_now(headers) is None:
            raise Refused("PARAM_ILLEGAL", "Sandbox-Now is not epoch milliseconds")
        self.rules.verify(connection.public_keys, headers, request.url.path, raw)
        if not self.rules.client_ok(headers.get("client-id"), self.client_id):
            raise Refused("INVALID_CLIENT", f"the Client-Id is not {self.client_id}")
        self._check_time(headers.get("request-time"), now_ms, connection.tolerance_s)
        return _json_object(raw)

    def _check_time(self, written: str | None, now_ms: int, tolerance_s: int) -> None:
        try:
            sent = parse_time(written or "")
        except TimeError as bad:
            raise Refused("PARAM_ILLEGAL", f"Request-Time: {bad}") from bad
        if not self.rules.fresh(sent, now_ms, tolerance_s):
            raise Refused("PARAM_ILLEGAL", f"Request-Time {written} is more than {tolerance_s} s away from "
                                           f"the sandbox clock ({format_time(now_ms)})")

    def answer(self, path: str, now_ms: int, answer: dict[str, Any]) -> Response:
        """HTTP 200 with ``answer``, signed over ``path`` and a Response-Time at ``now_ms``."""
        headers, body = self.rules.sign_answer(self.keys, path, self.client_id, format_time(now_ms),
                                               self.rules.finish(answer))
        return Response(content=body, status_code=200, headers=headers)


def _json_object(raw: bytes) -> dict[str, Any]:
    try:
        body = strict_json.loads(raw)
    except strict_json.JsonError as bad:
        raise Refused("PARAM_ILLEGAL", f"the body is not JSON: {bad.reason}") from bad
    if not isinstance(body, dict):
        raise Refused("PARAM_ILLEGAL", "the body is not a JSON object")
    return body
