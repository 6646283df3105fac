"""The Bakong Open API as NBC documents it (khqr.md §3.2): every path, and the gates a call passes in order.

Order for every call: known path → POST → token (``check_transaction_*`` only) → rate limit (the same) →
body size → strict JSON (:func:`~._wire.parse_json`: UTF-8, no repeated key, no NaN, nesting at most 64) and
schema (``schemas/bakong-open-api/v1/<endpoint>-request``) → the endpoint's handler.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ... import schemas
from ...evidence import redact_body
from .._wire import MAX_BODY_BYTES, Decision, JsonError, WireRequest, json_decision, parse_json
from ._envelope import MISSING_FIELDS, UNAUTHORIZED, Reply, error, plain_error
from ._lookups import LOOKUPS
from ._records import OpenApiCall
from ._services import SERVICES
from ._tokens import Auth
from ._world import World

__all__ = ["ENDPOINTS", "Endpoint", "handle_open_api", "operation_name"]

PREFIX = "/v1/"


@dataclass(frozen=True, slots=True)
class Endpoint:
    """One Open API path: its name, request schema, handler, and whether it needs a token (and is rate
    limited)."""

    name: str
    handler: Callable[[World, Any], Reply]
    token: bool

    @property
    def schema(self) -> str:
        """The request body's schema name under ``schemas/bakong-open-api/v1/``."""
        return self.name.replace("_", "-") + "-request"


ENDPOINTS: dict[str, Endpoint] = {
    **{PREFIX + name: Endpoint(name, handler, token=True) for name, handler in LOOKUPS.items()},
    **{PREFIX + name: Endpoint(name, handler, token=False) for name, handler in SERVICES.items()},
}


def operation_name(path: str, *, by_harness: bool) -> str:
    """The evidence name of a call of ``path``: ``Bakong Open API: check_transaction_by_md5``."""
    endpoint = ENDPOINTS.get(path)
    what = endpoint.name if endpoint is not None else f"unknown path {path}"
    return f"Bakong Open API{' (the harness)' if by_harness else ''}: {what}"


def handle_open_api(world: World, request: WireRequest, *, by_harness: bool) -> tuple[Decision, OpenApiCall]:
    """Decide the answer to one Open API call and the record the harness keeps of it."""
    now = world.clock.now_ms()
    auth = world.tokens.judge(request.header("authorization"), now)
    body, reply = _answer(world, request, ENDPOINTS.get(request.path), auth, now)
    scrub = world.scrub
    call = OpenApiCall(now, request.path, auth, scrub(body), tuple(scrub(list(reply.problems))), reply.status,
                       scrub(redact_body(reply.envelope)), reply.retry_after_s, by_harness)
    return json_decision(reply.status, reply.envelope, headers=reply.headers), call


def _answer(world: World, request: WireRequest, endpoint: Endpoint | None, auth: Auth,
            now: int) -> tuple[Any, Reply]:
    """(body as recorded, reply), through the gates in order."""
    body = request.body_for_record()
    if endpoint is None:
        return body, plain_error(404, f"No such endpoint: {request.path}")
    refused = _gate(world, request, endpoint, auth, now)
    if refused is not None:
        return body, refused
    try:
        parsed = parse_json(request.body)
    except JsonError as problem:
        return body, error(MISSING_FIELDS, detail=f"the body is not JSON: {problem.reason}",
                           problems=(f"$: not JSON ({problem.reason})",))
    problems = tuple(schemas.violations(parsed, "bakong-open-api", "v1", endpoint.schema))
    if problems:
        return parsed, error(MISSING_FIELDS, detail=problems[0], problems=problems)
    return parsed, endpoint.handler(world, parsed)


def _gate(world: World, request: WireRequest, endpoint: Endpoint, auth: Auth, now: int) -> Reply | None:
    """The refusal a call of a known path meets before its body is read, or None."""
    if request.method != "POST":
        return plain_error(405, "Method not allowed: every Open API call is a POST", headers=(("allow", "POST"),))
    if endpoint.token and auth != "valid":
        return error(UNAUTHORIZED)
    retry_after = world.rate.retry_after_s(now) if endpoint.token else None
    if retry_after is not None:
        return plain_error(429, f"Too many requests: retry after {retry_after} seconds",
                           headers=(("retry-after", str(retry_after)),), retry_after_s=retry_after)
    if request.too_large:
        return plain_error(413, f"The body is over {MAX_BODY_BYTES} bytes")
    return None
