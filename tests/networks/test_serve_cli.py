"""``bakong-conformance networks serve``: the simulator as a process of its own, on loopback only."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from loopback import free_port, wait_until_up

from bakong_conformance.alipay_plus import KeyPair, load_public_key, public_pem, signed_headers, verify_message
from bakong_conformance.cli import main

SERVE = [sys.executable, "-m", "bakong_conformance.cli", "networks", "serve"]
CREDENTIAL = "served-switch-credential-0001"


ALIPAY_CLIENT_ID = "SANDBOX_PSPBKHPP"
NOTIFY = "/aps/api/v1/payments/notifyPushPayment"


@pytest.fixture(scope="module")
def participant_keys(tmp_path_factory: pytest.TempPathFactory) -> tuple[KeyPair, Path]:
    """The participant's Alipay+ key pair and the file holding its public half."""
    keys = KeyPair.generate()
    path = tmp_path_factory.mktemp("alipay") / "participant-public.pem"
    path.write_text(public_pem(keys.public_key), encoding="ascii")
    return keys, path


@pytest.fixture
def served(participant_keys: tuple[KeyPair, Path], tmp_path: Path) -> Iterator[tuple[str, str]]:
    """The simulators served as a subprocess on a free port: (its URL, the lines it printed on start); the simulated
    Alipay+'s public key is written to ``tmp_path / "alipay-plus.pem"``."""
    port = free_port()
    proc = subprocess.Popen([*SERVE, "--port", str(port), "--email", "psp@example.com", "--account", "shop@nbcq",
                             "--participant-id", "PSPBKHPP", "--credential-env", "SWITCH_CREDENTIAL",
                             "--alipay-plus-client-id", ALIPAY_CLIENT_ID,
                             "--alipay-plus-public-key", str(participant_keys[1]),
                             "--alipay-plus-key-out", str(tmp_path / "alipay-plus.pem")],
                            stdout=subprocess.PIPE, text=True, encoding="utf-8",
                            env={**os.environ, "SWITCH_CREDENTIAL": CREDENTIAL})
    try:
        assert proc.stdout is not None
        line = proc.stdout.readline() + proc.stdout.readline()
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


def test_serve_answers_alipay_plus_signed_and_refuses_a_bad_signature(served: tuple[str, str], tmp_path: Path,
                                                                      participant_keys: tuple[KeyPair, Path]) -> None:
    url, line = served
    assert f"Alipay+ simulator on {url}" in line
    assert ALIPAY_CLIENT_ID in line
    alipay_key = load_public_key((tmp_path / "alipay-plus.pem").read_text(encoding="ascii"))
    body = b'{"paymentId": "P1", "paymentResult": {"resultCode": "SUCCESS", "resultStatus": "S"}}'
    good = signed_headers(participant_keys[0], NOTIFY, ALIPAY_CLIENT_ID, "2026-12-01T14:05:09.09Z", body)
    bad = signed_headers(KeyPair.generate(), NOTIFY, ALIPAY_CLIENT_ID, "2026-12-01T14:05:09.09Z", body)
    with httpx.Client(base_url=url, timeout=5) as client:
        answers = [client.post(NOTIFY, content=body, headers=headers) for headers in (good, bad)]
    for answer in answers:
        verify_message({"1": alipay_key}, dict(answer.headers), NOTIFY, answer.content, answer=True)
    assert [a.json()["result"]["resultCode"] for a in answers] == ["SUCCESS", "INVALID_SIGNATURE"]
