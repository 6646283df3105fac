"""Reading requests and writing error answers, the same way for every operation of the reference participant."""

from __future__ import annotations

import json
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse

__all__ = ["MAX_BODY", "error", "read_body"]

MAX_BODY = 64 * 1024


def error(status: int, code: str, message: str, **extra: Any) -> JSONResponse:
    """An ``error.schema.json`` answer."""
    return JSONResponse({"error": {"code": code, "message": message, **extra}}, status_code=status)


async def read_body(request: Request) -> dict[str, Any] | JSONResponse:
    """The request's JSON object, or the 400 answer for a body that is too large, not JSON or not an object."""
    raw = await request.body()
    if len(raw) > MAX_BODY:
        return error(400, "BAD_REQUEST", f"body over {MAX_BODY} bytes")
    try:
        body = json.loads(raw)
    except ValueError:
        return error(400, "BAD_REQUEST", "body is not JSON")
    return body if isinstance(body, dict) else error(400, "BAD_REQUEST", "body is not a JSON object")
