"""Out-of-process mode: the reference participant served on loopback (`sandbox serve`), certified over HTTP.

The main case goes through the command line exactly as a bank would: a configuration file, ``certify
--config``, then ``certificate verify``; it also proves that the recognisable token reaches no file of the
output folder, in any form (raw, escaped, or inside the base64 the single-file report embeds).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from loopback import free_port, wait_until_up

from bakong_conformance.certify import Options, evaluate
from bakong_conformance.certify._secrets import Secret
from bakong_conformance.cli import main
from bakong_conformance.config import ParticipantConfig, load_config

TOKEN_ENV = "BAKONG_TEST_SANDBOX_TOKEN"
TOKEN = "RECOGNISABLE-token-7f3c9e-d41d8cd98f00"
CONFIG = """
[participant]
name = "Reference participant over loopback"
id = "REFBKHPP"
software_version = "test"
base_url = "{url}"
token_env = "{token_env}"
capabilities = {capabilities}

[alipay_plus]
client_id = "SANDBOX_REFBKHPP"
public_key_file = "{alipay_key}"
"""
ALIPAY_KEY = Path(__file__).resolve().parents[1] / "fixtures" / "alipay-plus" / "reference-participant-public.pem"


@pytest.fixture
def sandbox() -> Iterator[Callable[..., str]]:
    procs: list[subprocess.Popen[bytes]] = []

    def start(*defects: str) -> str:
        port = free_port()
        args = [sys.executable, "-m", "bakong_conformance.cli", "sandbox", "serve", "--host", "127.0.0.1",
                "--port", str(port), "--token-env", TOKEN_ENV, *[f"--defect={d}" for d in defects]]
        procs.append(subprocess.Popen(args, env={**os.environ, TOKEN_ENV: TOKEN}))
        wait_until_up(lambda: httpx.get(f"http://127.0.0.1:{port}/v1/info", timeout=0.5), procs[-1],
                      f"the sandbox on port {port}")
        return f"http://127.0.0.1:{port}"
    yield start
    for proc in procs:
        proc.terminate()
        proc.wait(10)


@pytest.fixture
def token(monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv(TOKEN_ENV, TOKEN)
    return TOKEN_ENV


def _config(tmp_path: Path, url: str, token_env: str = TOKEN_ENV,
            capabilities: str = '["khqr-issuer", "khqr-acceptor", "domestic-payer", "bakong-open-api-client", '
                                '"alipay-plus-acquirer", "alipay-plus-wallet"]') -> Path:
    path = tmp_path / "participant.toml"
    path.write_text(CONFIG.format(url=url, token_env=token_env, capabilities=capabilities, alipay_key=ALIPAY_KEY),
                    encoding="utf-8")
    return path


def _served(tmp_path: Path, url: str) -> ParticipantConfig:
    return load_config(_config(tmp_path, url))


def _statuses(summary: dict[str, object]) -> dict[str, str]:
    reqs = summary["requirements"]
    assert isinstance(reqs, dict)
    return {r: v["status"] for r, v in reqs.items()}


def test_certify_config_over_http_gives_the_in_process_verdicts_and_writes_no_token(
        sandbox: Callable[..., str], token: str, tmp_path: Path, capsys: pytest.CaptureFixture[str],
        reference_summary: dict[str, Any]) -> None:
    out = tmp_path / "reports"
    code = main(["certify", "--config", str(_config(tmp_path, sandbox())), "--out", str(out), "--quiet"])
    local = reference_summary                   # the same participant certified in-process (tests/conftest.py)
    http = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert (code, http["verdict"]) == (0, "conformant")
    assert _statuses(http) == _statuses(local)
    assert http["counts"] == local["counts"]
    assert main(["certificate", "verify", str(out)]) == 0
    leaks = [p.relative_to(out).as_posix() for p in out.rglob("*")
             if p.is_file() and any(form in p.read_bytes() for form in Secret(TOKEN_ENV, TOKEN).forms())]
    assert leaks == []
    assert TOKEN not in capsys.readouterr().out


def test_a_served_scanner_that_never_answers_fails_on_timeout_without_hanging(sandbox: Callable[..., str],
                                                                              token: str, tmp_path: Path) -> None:
    started = time.monotonic()          # the scanner's scenarios alone: the defect is the scanner's
    config = load_config(_config(tmp_path, sandbox("scanner-hangs-on-malformed-template"),
                                 capabilities='["khqr-acceptor"]'))
    summary = evaluate(config, tmp_path / "out")
    assert summary["requirements"]["REQ-KHQR-ACC-STRUCTURE"]["status"] == "failed"
    assert summary["counts"]["broken"] == 0
    assert time.monotonic() - started < 300


def test_payment_defects_fail_over_http_where_bakong_answers_on_real_sockets(sandbox: Callable[..., str],
                                                                           token: str, tmp_path: Path) -> None:
    served = sandbox("success-on-timeout", "list-call-with-51-items")    # the payment scenarios alone
    config = load_config(_config(tmp_path, served, capabilities='["domestic-payer", "bakong-open-api-client"]'))
    summary = evaluate(config, tmp_path / "out")
    statuses = _statuses(summary)
    assert (statuses["REQ-PAY-UNCERTAIN"], statuses["REQ-OAPI-BATCH"]) == ("failed", "failed")
    assert statuses["REQ-PAY-DETAILS"] == statuses["REQ-OAPI-CONFIRM"] == "passed"
    assert summary["counts"]["broken"] == 0


def test_a_rejected_token_breaks_the_run_instead_of_failing_the_participant(sandbox: Callable[..., str],
                                                             monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv(TOKEN_ENV, "not-the-token")
    summary = evaluate(_served(tmp_path, sandbox()), tmp_path / "out", Options(profile="smoke"))
    assert summary["verdict"] == "inconclusive"
    assert summary["counts"]["broken"] > 0
    assert summary["counts"]["failed"] == 0


def test_scenarios_of_undeclared_capabilities_are_not_applicable_and_do_not_decide(sandbox: Callable[..., str],
                                                                                token: str, tmp_path: Path) -> None:
    config = load_config(_config(tmp_path, sandbox("crc-lower-case"), capabilities='["khqr-acceptor"]'))
    summary = evaluate(config, tmp_path / "out")
    statuses = _statuses(summary)
    assert {s for r, s in statuses.items() if r.startswith("REQ-KHQR-ISS-")} == {"not-applicable"}
    assert summary["counts"]["not-applicable"] >= 90
    assert summary["verdict"] == "conformant"
