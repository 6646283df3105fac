"""``bakong-conformance sandbox serve``: the reference participant as a real HTTP server on loopback."""

from __future__ import annotations

from collections.abc import Sequence

import uvicorn

from ._app import create_app

__all__ = ["serve"]


def serve(host: str, port: int, token: str, defects: Sequence[str]) -> int:
    """Serve the reference participant until interrupted; returns the exit code."""
    app = create_app(token=token, defects=defects)
    uvicorn.run(app, host=host, port=port, log_level="warning", access_log=False, timeout_graceful_shutdown=2)
    return 0
