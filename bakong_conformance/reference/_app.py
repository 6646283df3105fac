"""The reference participant: a correct implementation of Participant API v1, as a Starlette app.

The same app is certified in-process (through ``httpx.ASGITransport``) and served on loopback by
``bakong-conformance sandbox serve``. Defect switches change its :class:`Behaviour`, never its routes.
It reaches the networks it uses (Bakong, Alipay+) with one ``httpx.AsyncClient`` (``networks_transport`` None:
the real network, e.g. the simulators on loopback), closed when the app shuts down.
"""

from __future__ import annotations

import hmac
from collections.abc import AsyncIterator, Callable, Iterable
from contextlib import asynccontextmanager
from typing import Any

import httpx
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from .. import __version__, khqr
from ..khqr import wall_clock_ms
from ._alipay_acquirer import AlipayAcquiring
from ._alipay_link import AlipayLink
from ._alipay_wallet import AlipayWallet
from ._bakong_client import Bakong
from ._bank import PARTICIPANT_ID
from ._banking import Banking
from ._behaviour import Behaviour
from ._http import error, read_body
from ._registry import behaviour_with

__all__ = ["CAPABILITIES", "PARTICIPANT_ID", "create_app"]

CAPABILITIES = ("khqr-issuer", "khqr-acceptor", "domestic-payer", "bakong-open-api-client", "alipay-plus-acquirer",
                "alipay-plus-wallet")


def _now(body: dict[str, Any], clock: Callable[[], int]) -> int:
    now = body.pop("sandboxNow", None)
    return now if isinstance(now, int) and not isinstance(now, bool) else clock()


class _Handlers:
    """The identity and KHQR operations, over one behaviour and clock."""

    def __init__(self, behaviour: Behaviour, clock: Callable[[], int]) -> None:
        self.behaviour, self.clock = behaviour, clock

    async def info(self, request: Request) -> JSONResponse:
        return JSONResponse({"apiVersion": "1.2", "participant": {"id": PARTICIPANT_ID,
                             "name": "Reference participant"}, "softwareVersion": __version__,
                             "capabilities": list(CAPABILITIES)})

    async def issue(self, request: Request) -> JSONResponse:
        body = await read_body(request)
        if isinstance(body, JSONResponse):
            return body
        now = _now(body, self.clock)
        try:
            generated = self.behaviour.issue(body, now)
        except khqr.GenerationRefused as refused:
            return error(422, "KHQR_REFUSED", refused.message, rule=refused.rule, sdkCode=refused.sdk_code)
        except (ValueError, TypeError) as bad:
            return error(400, "BAD_REQUEST", str(bad))
        return JSONResponse({"qr": generated.qr, "md5": generated.md5})

    async def scan(self, request: Request) -> JSONResponse:
        body = await read_body(request)
        if isinstance(body, JSONResponse):
            return body
        now, qr = _now(body, self.clock), body.get("qr")
        if not isinstance(qr, str) or set(body) - {"qr"}:
            return error(400, "BAD_REQUEST", "expected {qr: string, sandboxNow?: integer}")
        return JSONResponse(await self.behaviour.scan(qr, now))


def _guard(token: str, behaviour: Behaviour) -> Callable[[Callable[[Request], Any]], Callable[[Request], Any]]:
    expected = f"Bearer {token}".encode()

    def guard(endpoint: Callable[[Request], Any]) -> Callable[[Request], Any]:
        async def guarded(request: Request) -> Any:
            given = request.headers.get("authorization", "")
            if behaviour.require_auth and not hmac.compare_digest(given.encode(), expected):
                return error(401, "UNAUTHORIZED", "a valid bearer token is required")
            answer = await endpoint(request)
            answer.headers.update(behaviour.answer_headers(given))
            return answer
        return guarded
    return guard


def create_app(*, token: str, defects: Iterable[str] = (), clock: Callable[[], int] = wall_clock_ms,
               networks_transport: httpx.AsyncBaseTransport | None = None,
               bakong_timeout_s: float = 1.0) -> Starlette:
    """The reference participant requiring ``token``, with the named defect switches on, reaching Bakong and
    Alipay+ through ``networks_transport`` (None: the network) with ``bakong_timeout_s`` per outbound call."""
    if not token:
        raise ValueError("the reference participant needs a non-empty token")
    behaviour = behaviour_with(defects)
    http = httpx.AsyncClient(transport=networks_transport, timeout=bakong_timeout_s)
    handlers, guard = _Handlers(behaviour, clock), _guard(token, behaviour)
    banking = Banking(behaviour, clock, Bakong(http, bakong_timeout_s))
    link = AlipayLink(bakong_timeout_s)
    acquiring = AlipayAcquiring(behaviour.acquirer, clock, http, bakong_timeout_s, banking, link)
    wallet = AlipayWallet(behaviour.wallet, clock, http, bakong_timeout_s, banking.ledger, link)
    routes = [Route("/v1/info", guard(handlers.info), methods=["GET"]),
              Route("/v1/khqr/issue", guard(handlers.issue), methods=["POST"]),
              Route("/v1/khqr/scan", guard(handlers.scan), methods=["POST"]),
              *banking.routes(guard), *link.routes(guard), *acquiring.routes(guard), *wallet.routes(guard)]

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        yield
        await http.aclose()
    return Starlette(routes=routes, lifespan=lifespan, exception_handlers={404: _not_found})


async def _not_found(request: Request, exc: Exception) -> JSONResponse:
    """An unknown path: the documented ``NOT_FOUND`` error body, not Starlette's plain text."""
    return error(404, "NOT_FOUND", f"no operation at {request.url.path}")
