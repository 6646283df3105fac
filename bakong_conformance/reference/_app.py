"""The reference participant: a correct implementation of Participant API v1 (KHQR part), as a Starlette app.

The same app is certified in-process (through ``httpx.ASGITransport``) and served on loopback by
``bakong-conformance sandbox serve``. Defect switches change its :class:`Behaviour`, never its routes.
"""

from __future__ import annotations

import hmac
import json
from collections.abc import Callable, Iterable
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from .. import __version__, khqr
from ..khqr import wall_clock_ms
from ._behaviour import Behaviour
from ._defects import behaviour_with

__all__ = ["PARTICIPANT_ID", "create_app"]

PARTICIPANT_ID = "REFBKHPP"
MAX_BODY = 64 * 1024


def _error(status: int, code: str, message: str, **extra: Any) -> JSONResponse:
    return JSONResponse({"error": {"code": code, "message": message, **extra}}, status_code=status)


async def _body(request: Request) -> dict[str, Any] | JSONResponse:
    raw = await request.body()
    if len(raw) > MAX_BODY:
        return _error(400, "BAD_REQUEST", f"body over {MAX_BODY} bytes")
    try:
        body = json.loads(raw)
    except ValueError:
        return _error(400, "BAD_REQUEST", "body is not JSON")
    return body if isinstance(body, dict) else _error(400, "BAD_REQUEST", "body is not a JSON object")


def _now(body: dict[str, Any], clock: Callable[[], int]) -> int:
    now = body.pop("sandboxNow", None)
    return now if isinstance(now, int) and not isinstance(now, bool) else clock()


class _Handlers:
    """The three operations, over one behaviour and clock."""

    def __init__(self, behaviour: Behaviour, clock: Callable[[], int]) -> None:
        self.behaviour, self.clock = behaviour, clock

    async def info(self, request: Request) -> JSONResponse:
        return JSONResponse({"apiVersion": "1.0", "participant": {"id": PARTICIPANT_ID,
                             "name": "Reference participant"}, "softwareVersion": __version__,
                             "capabilities": ["khqr-issuer", "khqr-acceptor"]})

    async def issue(self, request: Request) -> JSONResponse:
        body = await _body(request)
        if isinstance(body, JSONResponse):
            return body
        now = _now(body, self.clock)
        try:
            generated = self.behaviour.issue(body, now)
        except khqr.GenerationRefused as refused:
            return _error(422, "KHQR_REFUSED", refused.message, rule=refused.rule, sdkCode=refused.sdk_code)
        except (ValueError, TypeError) as bad:
            return _error(400, "BAD_REQUEST", str(bad))
        return JSONResponse({"qr": generated.qr, "md5": generated.md5})

    async def scan(self, request: Request) -> JSONResponse:
        body = await _body(request)
        if isinstance(body, JSONResponse):
            return body
        now, qr = _now(body, self.clock), body.get("qr")
        if not isinstance(qr, str) or set(body) - {"qr"}:
            return _error(400, "BAD_REQUEST", "expected {qr: string, sandboxNow?: integer}")
        return JSONResponse(await self.behaviour.scan(qr, now))


def _guard(token: str, behaviour: Behaviour, endpoint: Callable[[Request], Any]) -> Callable[[Request], Any]:
    expected = f"Bearer {token}".encode()

    async def guarded(request: Request) -> Any:
        given = request.headers.get("authorization", "").encode()
        if behaviour.require_auth and not hmac.compare_digest(given, expected):
            return _error(401, "UNAUTHORIZED", "a valid bearer token is required")
        return await endpoint(request)
    return guarded


def create_app(*, token: str, defects: Iterable[str] = (), clock: Callable[[], int] = wall_clock_ms) -> Starlette:
    """The reference participant requiring ``token``, with the named defect switches on."""
    if not token:
        raise ValueError("the reference participant needs a non-empty token")
    behaviour = behaviour_with(defects)
    handlers = _Handlers(behaviour, clock)
    routes = [Route("/v1/info", _guard(token, behaviour, handlers.info), methods=["GET"]),
              Route("/v1/khqr/issue", _guard(token, behaviour, handlers.issue), methods=["POST"]),
              Route("/v1/khqr/scan", _guard(token, behaviour, handlers.scan), methods=["POST"])]
    return Starlette(routes=routes)
