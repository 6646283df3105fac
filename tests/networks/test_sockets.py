"""The same simulator on real sockets (uvicorn on loopback, raw ASGI delivery): answers and every fault."""

from __future__ import annotations

import socket
import time

import httpx
import pytest

from bakong_conformance.errors import HarnessError
from bakong_conformance.networks import BakongSimulator, FakeClock, Fault, LoopbackServer

from .support import CREDENTIAL, EMAIL, PARTICIPANT, PAYEE, SWITCH, SWITCH_AUTH, Instruction


def test_answers_the_switch_and_the_open_api(server: LoopbackServer, simulator: BakongSimulator,
                                             instruction: Instruction) -> None:
    with httpx.Client(base_url=server.url, timeout=5) as client:
        committed = client.post(SWITCH, json=instruction(), headers=SWITCH_AUTH)
        token = client.post("/v1/renew_token", json={"email": EMAIL}).json()["data"]["token"]
        found = client.post("/v1/check_transaction_by_md5", json={"md5": instruction()["md5"]},
                            headers={"Authorization": f"Bearer {token}"})
    assert server.url.startswith("http://127.0.0.1:")
    assert (committed.status_code, committed.json()["status"]) == (200, "COMMITTED")
    assert found.json()["data"]["hash"] == committed.json()["hash"] == simulator.transactions[0].hash


def test_late__a_client_that_gives_up_times_out_and_the_payment_is_committed(
        server: LoopbackServer, simulator: BakongSimulator, instruction: Instruction) -> None:
    simulator.plan(Fault("late"))
    started = time.monotonic()
    with httpx.Client(timeout=0.5) as client, pytest.raises(httpx.ReadTimeout):
        client.post(server.url + SWITCH, json=instruction(), headers=SWITCH_AUTH)
    assert time.monotonic() - started < 5
    assert len(simulator.transactions) == 1
    assert simulator.instructions[0].delivered == "late"


def test_late__a_client_still_waiting_after_the_cap_gets_the_answer(clock: FakeClock,
                                                                    instruction: Instruction) -> None:
    simulator = BakongSimulator(clock, late_answer_cap_s=0.2)
    simulator.authorise(PARTICIPANT, CREDENTIAL)
    simulator.register_account(PAYEE)
    simulator.plan(Fault("late"))
    with LoopbackServer(simulator.app) as server, httpx.Client(timeout=5) as client:
        response = client.post(server.url + SWITCH, json=instruction(), headers=SWITCH_AUTH)
    assert (response.status_code, response.json()["hash"]) == (200, simulator.transactions[0].hash)


def test_drop__the_client_sees_a_broken_answer_and_the_payment_is_committed(
        server: LoopbackServer, simulator: BakongSimulator, instruction: Instruction) -> None:
    simulator.plan(Fault("drop"))
    with httpx.Client(timeout=5) as client, pytest.raises(httpx.RemoteProtocolError):
        client.post(server.url + SWITCH, json=instruction(), headers=SWITCH_AUTH)
    assert len(simulator.transactions) == 1
    assert simulator.instructions[0].delivered == "dropped"


def test_reject_duplicate_and_server_error(server: LoopbackServer, simulator: BakongSimulator,
                                           instruction: Instruction) -> None:
    simulator.plan(Fault("reject", code="LIMIT_EXCEEDED"), Fault("server-error", status=502), Fault("duplicate"))
    with httpx.Client(base_url=server.url, timeout=5) as client:
        answers = [client.post(SWITCH, json=instruction(), headers=SWITCH_AUTH) for _ in range(3)]
    assert [a.status_code for a in answers] == [200, 502, 200]
    assert answers[0].json()["reason"]["code"] == "LIMIT_EXCEEDED"
    assert answers[2].json()["duplicate"] is True
    assert len(simulator.transactions) == 1


def test_body_over_256_kib_is_413(server: LoopbackServer, simulator: BakongSimulator) -> None:
    with httpx.Client(timeout=5) as client:
        response = client.post(server.url + SWITCH, content=b"{" + b" " * 300_000, headers=SWITCH_AUTH)
    assert response.status_code == 413
    assert simulator.instructions[0].problems == ("$: body over 262144 bytes",)


def test_loopback_server_stops_on_exit(simulator: BakongSimulator) -> None:
    with LoopbackServer(simulator.app) as server:
        port = int(server.url.rsplit(":", 1)[1])
    started = time.monotonic()
    with pytest.raises(ConnectionRefusedError), socket.create_connection(("127.0.0.1", port), timeout=1):
        pass
    assert time.monotonic() - started < 1
    with pytest.raises(HarnessError, match="not running"):
        _ = server.url


@pytest.mark.parametrize("host", ["0.0.0.0", "192.168.1.10", "example.com"])
def test_loopback_server_refuses_another_host(simulator: BakongSimulator, host: str) -> None:
    with pytest.raises(ValueError, match="loopback only"):
        LoopbackServer(simulator.app, host=host)
