"""Out-of-process mode: the reference participant served on loopback (`sandbox serve`), certified over HTTP."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import pytest

from bakong_conformance.certify import evaluate

TOKEN_ENV = "BAKONG_TEST_SANDBOX_TOKEN"
TOKEN = "test-token-7f3c9e"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _wait_until_up(url: str, proc: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline and proc.poll() is None:
        try:
            httpx.get(f"{url}/v1/info", timeout=0.5)
            return
        except httpx.TransportError:
            time.sleep(0.1)
    raise RuntimeError(f"sandbox did not start at {url}")


@pytest.fixture
def sandbox() -> Iterator[Callable[..., str]]:
    procs: list[subprocess.Popen[bytes]] = []

    def start(*defects: str) -> str:
        port = _free_port()
        args = [sys.executable, "-m", "bakong_conformance.cli", "sandbox", "serve", "--host", "127.0.0.1",
                "--port", str(port), "--token-env", TOKEN_ENV, *[f"--defect={d}" for d in defects]]
        procs.append(subprocess.Popen(args, env={**os.environ, TOKEN_ENV: TOKEN}))
        _wait_until_up(f"http://127.0.0.1:{port}", procs[-1])
        return f"http://127.0.0.1:{port}"
    yield start
    for proc in procs:
        proc.terminate()
        proc.wait(10)


@pytest.fixture
def token(monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv(TOKEN_ENV, TOKEN)
    return TOKEN_ENV


def test_reference_served_over_http_is_conformant_like_in_process(sandbox: Callable[..., str], token: str,
                                                                  tmp_path: Path) -> None:
    http = evaluate(sandbox(), token, (), "full", tmp_path / "http", name="http")
    local = evaluate(None, None, (), "full", tmp_path / "local", name="local")
    assert http["verdict"] == "conformant"
    assert {r: v["status"] for r, v in http["requirements"].items()} == \
        {r: v["status"] for r, v in local["requirements"].items()}
    assert http["counts"] == local["counts"]


def test_a_served_scanner_that_never_answers_fails_on_timeout_without_hanging(sandbox: Callable[..., str],
                                                                              token: str, tmp_path: Path) -> None:
    started = time.monotonic()
    summary = evaluate(sandbox("scanner-hangs-on-malformed-template"), token, (), "full", tmp_path, name="hang")
    assert summary["requirements"]["REQ-KHQR-ACC-STRUCTURE"]["status"] == "failed"
    assert summary["counts"]["broken"] == 0
    assert time.monotonic() - started < 300


def test_a_rejected_token_breaks_the_run_instead_of_failing_the_participant(sandbox: Callable[..., str],
                                                             monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv(TOKEN_ENV, "not-the-token")
    summary = evaluate(sandbox(), TOKEN_ENV, (), "smoke", tmp_path, name="wrong-token")
    assert summary["verdict"] == "non-conformant"
    assert summary["counts"]["broken"] > 0
    assert summary["counts"]["failed"] == 0
