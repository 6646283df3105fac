"""Evidence of the simulator's exchanges: operation names, what is kept, and never a token."""

from __future__ import annotations

import pytest

from bakong_conformance.networks import BakongSimulator, Fault

from .support import EMAIL, SWITCH, Instruction, Post


def test_every_exchange_is_evidence_named_by_operation(simulator: BakongSimulator, post: Post,
                                                       instruction: Instruction, token: str) -> None:
    post(SWITCH, json=instruction())
    post("/v1/check_transaction_by_md5", json={"md5": instruction()["md5"]},
         headers={"Authorization": f"Bearer {token}"})
    post("/v1/nowhere", json={})
    simulator.call_open_api("/v1/check_bakong_account", {"accountId": "a@b"}, token=None)
    exchanges = simulator.drain_exchanges()
    assert [e.operation for e in exchanges] == [
        "Bakong switch: payment instruction", "Bakong Open API: check_transaction_by_md5",
        "Bakong Open API: unknown path /v1/nowhere", "Bakong Open API (the harness): check_bakong_account"]
    first = exchanges[0]
    assert (first.request["method"], first.request["path"], first.request["body"]) == ("POST", SWITCH, instruction())
    assert (first.response["status"], first.response["delivered"]) == (200, "answered")
    assert first.response["body"]["status"] == "COMMITTED"
    assert simulator.drain_exchanges() == []


def test_a_lost_answer_is_evidence_too(simulator: BakongSimulator, post: Post, instruction: Instruction) -> None:
    simulator.plan(Fault("drop"))
    with pytest.raises(Exception, match="mid-answer"):
        post(SWITCH, json=instruction())
    (exchange,) = simulator.drain_exchanges()
    assert exchange.response["delivered"] == "dropped"
    assert exchange.response["body"]["status"] == "COMMITTED"


def test_no_token_ever_reaches_the_evidence(simulator: BakongSimulator, post: Post) -> None:
    issued = post("/v1/renew_token", json={"email": EMAIL}).json()["data"]["token"]
    auth = {"Authorization": f"Bearer {issued}"}
    post("/v1/check_transaction_by_hash", json={"hash": issued}, headers=auth)  # even echoed in a body
    post("/v1/check_transaction_by_md5", content=f"md5={issued}".encode(), headers=auth)
    post("/v1/check_transaction_by_md5", json={"md5": "0" * 32}, headers={"Authorization": f"Token {issued}"})
    simulator.call_open_api("/v1/check_transaction_by_md5", {"md5": "0" * 32}, token=issued)
    text = "\n".join(exchange.as_json() for exchange in simulator.drain_exchanges())
    assert issued not in text
    assert issued.split(".")[2] not in text  # not even its signature
    assert text.count("<redacted>") >= 7
    assert issued not in repr(simulator.open_api_calls)
