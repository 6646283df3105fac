"""Run the official SDK (bakong-khqr 1.0.20) through ``tools/sdk-oracle/oracle.js`` — a helper, not a test module.

One subprocess answers a whole batch: items are ``{"op": "generate", "kind", "now", ...fields}`` or
``{"op": "verify", "qr", "now"}``; the answers come back in the same order (see oracle.js for their shape).
A missing ``node`` or ``tools/sdk-oracle/node_modules`` raises :class:`OracleUnavailable`, so tests that need
the oracle fail (never skip) until ``make setup`` has been run.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

__all__ = ["ORACLE_DIR", "OracleUnavailable", "run_oracle"]

ORACLE_DIR = Path(__file__).resolve().parents[2] / "tools" / "sdk-oracle"
_SDK_PACKAGE = ORACLE_DIR / "node_modules" / "bakong-khqr" / "package.json"


class OracleUnavailable(RuntimeError):
    """Raised when the SDK oracle cannot run: node or the pinned SDK is not installed, or the oracle failed."""


def _node() -> str:
    node = shutil.which("node")
    if node is None:
        raise OracleUnavailable("node is not on PATH; the SDK oracle needs Node.js 18+ (then run `make setup`)")
    if not _SDK_PACKAGE.is_file():
        raise OracleUnavailable(f"{_SDK_PACKAGE.parent} is missing: run `make setup` "
                                "(it runs `npm ci --prefix tools/sdk-oracle`)")
    return node


def run_oracle(items: Sequence[Mapping[str, Any]], *, timeout: float = 120.0,
               verify_timeout_ms: int = 2000) -> list[dict[str, Any]]:
    """The SDK's answer to each item, in order; ``verify_timeout_ms`` bounds each verify (hang → ``{"hang": true}``)."""
    stdin = "".join(json.dumps(item, allow_nan=False) + "\n" for item in items).encode("ascii")
    env = {**os.environ, "ORACLE_VERIFY_TIMEOUT_MS": str(verify_timeout_ms)}
    try:
        done = subprocess.run([_node(), str(ORACLE_DIR / "oracle.js")], input=stdin, capture_output=True,
                              timeout=timeout, env=env, check=False)
    except subprocess.TimeoutExpired as error:
        raise OracleUnavailable(f"the SDK oracle did not finish {len(items)} items in {timeout} s") from error
    # Split on "\n" only: answers may hold U+2028, U+0085 … raw, which str.splitlines() would also cut at.
    answers = [json.loads(line) for line in done.stdout.decode("utf-8").split("\n") if line]
    if done.returncode != 0 or len(answers) != len(items):
        raise OracleUnavailable(f"the SDK oracle failed (exit {done.returncode}, {len(answers)} answers for "
                                f"{len(items)} items): {done.stderr.decode('utf-8', 'replace')[-2000:]}")
    return answers
