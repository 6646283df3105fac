"""A synchronous httpx transport that calls an ASGI app in-process, with a hard time bound.

``httpx.ASGITransport`` is async-only and has no timeout. This bridge runs it on an anyio blocking portal (one
event-loop thread) and cancels a call still running at the call's deadline, so an in-process participant
that never answers fails its scenario instead of hanging the run. The answer keeps its ``Content-Encoding``:
the client decodes it, bounded, as it does an answer that came over a socket.
"""

from __future__ import annotations

from contextlib import AbstractContextManager
from typing import Any

import anyio
import anyio.from_thread
import httpx

from ._reader import remaining_s

__all__ = ["InProcessTransport"]


class InProcessTransport(httpx.BaseTransport):
    """Send requests to ``app`` in this process; call :meth:`close` (or ``with``) to stop the portal."""

    def __init__(self, app: Any) -> None:
        self._inner = httpx.ASGITransport(app=app)
        self._portal_cm: AbstractContextManager[anyio.from_thread.BlockingPortal] = \
            anyio.from_thread.start_blocking_portal()
        self._portal = self._portal_cm.__enter__()

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        """Run the app for ``request``; ``httpx.ReadTimeout`` if it has not answered in full by the call's deadline
        (:func:`~._reader.deadline`; outside one, within the request's read timeout)."""
        limit = remaining_s(float(request.extensions.get("timeout", {}).get("read") or 5.0)) or 0.0
        if limit <= 0:
            raise httpx.ReadTimeout("the call's deadline has passed", request=request)
        try:
            status, headers, content = self._portal.call(self._call, request, limit)
        except TimeoutError:
            raise httpx.ReadTimeout(f"no answer within {limit:g} s", request=request) from None
        return httpx.Response(status, headers=headers, stream=httpx.ByteStream(content), request=request)

    async def _call(self, request: httpx.Request, limit: float) -> tuple[int, httpx.Headers, bytes]:
        with anyio.fail_after(limit):
            response = await self._inner.handle_async_request(request)
            content = b"".join([chunk async for chunk in response.aiter_raw()])   # still encoded
        return response.status_code, response.headers, content

    def close(self) -> None:
        """Stop the event-loop thread."""
        self._portal_cm.__exit__(None, None, None)
