"""``bakong-conformance networks serve``: the simulator as a process of its own, on loopback only."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator

import httpx
import pytest
from loopback import free_port, wait_until_up

from bakong_conformance.cli import main

SERVE = [sys.executable, "-m", "bakong_conformance.cli", "networks", "serve"]
CREDENTIAL = "served-switch-credential-0001"


@pytest.fixture
def served() -> Iterator[tuple[str, str]]:
    """The simulator served as a subprocess on a free port: (its URL, the line it printed on start)."""
    port = free_port()
    proc = subprocess.Popen([*SERVE, "--port", str(port), "--email", "psp@example.com", "--account", "shop@nbcq",
                             "--participant-id", "PSPBKHPP", "--credential-env", "SWITCH_CREDENTIAL"],
                            stdout=subprocess.PIPE, text=True, encoding="utf-8",
                            env={**os.environ, "SWITCH_CREDENTIAL": CREDENTIAL})
    try:
        assert proc.stdout is not None
        line = proc.stdout.readline()
        url = f"http://127.0.0.1:{port}"
        wait_until_up(lambda: httpx.post(f"{url}/v1/renew_token", json={"email": "x@y"}, timeout=0.5), proc,
                      f"the simulator at {url}")
        yield url, line
    finally:
        proc.terminate()
        proc.wait(10)


def test_serve_prints_where_it_listens_and_how_to_get_a_token(served: tuple[str, str]) -> None:
    url, line = served
    assert url in line
    assert "/v1/renew_token" in line
    assert "psp@example.com" in line


def test_serve_answers_renew_token_and_refuses_a_lookup_without_token(served: tuple[str, str]) -> None:
    url, _ = served
    with httpx.Client(base_url=url, timeout=5) as client:
        renewed = client.post("/v1/renew_token", json={"email": "psp@example.com"})
        anonymous = client.post("/v1/check_transaction_by_md5", json={"md5": "0" * 32})
        account = client.post("/v1/check_bakong_account", json={"accountId": "shop@nbcq"})
    assert (renewed.status_code, renewed.json()["responseCode"]) == (200, 0)
    assert renewed.json()["data"]["token"].count(".") == 2
    assert (anonymous.status_code, anonymous.json()["errorCode"]) == (401, 6)
    assert account.json()["responseCode"] == 0


def test_serve_prints_and_takes_the_switch_credential_of_the_participant_it_names(served: tuple[str, str]) -> None:
    url, line = served
    assert f'"Authorization: Bearer {CREDENTIAL}"' in line
    assert '"participantId": "PSPBKHPP"' in line
    with httpx.Client(base_url=url, timeout=5) as client:
        anonymous = client.post("/switch/v1/instructions", json={})
        other = client.post("/switch/v1/instructions", json={"participantId": "REFBKHPP"},
                            headers={"Authorization": f"Bearer {CREDENTIAL}"})
        known = client.post("/switch/v1/instructions", json={"participantId": "PSPBKHPP"},
                            headers={"Authorization": f"Bearer {CREDENTIAL}"})
    assert (anonymous.status_code, anonymous.json()["reason"]["code"]) == (401, "UNAUTHENTICATED")
    assert (other.status_code, other.json()["reason"]["code"]) == (403, "FORBIDDEN_PARTICIPANT")
    assert (known.status_code, known.json()["reason"]["code"]) == (400, "INVALID_INSTRUCTION")


def test_serve_refuses_a_credential_the_switch_could_not_take(capsys: pytest.CaptureFixture[str],
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SHORT_CREDENTIAL", "short")
    assert main(["networks", "serve", "--port", "0", "--credential-env", "SHORT_CREDENTIAL"]) == 2
    assert "switch credential" in capsys.readouterr().err


@pytest.mark.parametrize("host", ["0.0.0.0", "10.0.0.1"])
def test_serve_refuses_a_host_that_is_not_loopback(host: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["networks", "serve", "--host", host, "--port", "0"]) == 2
    assert "loopback only" in capsys.readouterr().err
