"""Every planned fault, delivered in-process (respx) to an httpx.AsyncClient as the client would see it."""

from __future__ import annotations

from typing import Any

import anyio
import httpx
import pytest

from bakong_conformance.networks import SIMULATOR_URL, BakongSimulator, Fault, in_process_transport

from .support import SWITCH, SWITCH_AUTH, Instruction, answer_problems


def pay(simulator: BakongSimulator, body: dict[str, Any], url: str = SIMULATOR_URL + SWITCH) -> httpx.Response:
    """POST one instruction (with the switch credential) through the in-process transport with an AsyncClient."""
    async def go() -> httpx.Response:
        async with httpx.AsyncClient(transport=in_process_transport(simulator), timeout=0.5) as client:
            return await client.post(url, json=body, headers=SWITCH_AUTH)
    return anyio.run(go)


def test_reject_answers_rejected_and_commits_nothing(simulator: BakongSimulator, instruction: Instruction) -> None:
    fault = Fault("reject", code="PAYEE_ACCOUNT_CLOSED", message="closed")
    simulator.plan(fault)
    response = pay(simulator, instruction())
    assert response.status_code == 200
    assert answer_problems(response.json()) == []
    assert response.json()["reason"] == {"code": "PAYEE_ACCOUNT_CLOSED", "message": "closed"}
    assert simulator.transactions == []
    assert (simulator.instructions[0].fault, simulator.instructions[0].delivered) == (fault, "answered")


@pytest.mark.parametrize("status", [500, 503, 504])
def test_server_error_answers_5xx_and_commits_nothing(simulator: BakongSimulator, instruction: Instruction,
                                                      status: int) -> None:
    simulator.plan(Fault("server-error", status=status))
    response = pay(simulator, instruction())
    assert (response.status_code, response.json()["status"]) == (status, "ERROR")
    assert answer_problems(response.json()) == []
    assert simulator.transactions == []


def test_late_times_the_client_out_after_committing(simulator: BakongSimulator, instruction: Instruction) -> None:
    simulator.plan(Fault("late"))
    with pytest.raises(httpx.ReadTimeout):
        pay(simulator, instruction())
    (transaction,) = simulator.transactions
    record = simulator.instructions[0]
    assert (record.delivered, record.status, record.transaction) == ("late", 200, transaction)
    assert record.answer is not None
    assert record.answer["hash"] == transaction.hash


def test_drop_breaks_the_connection_after_committing(simulator: BakongSimulator, instruction: Instruction) -> None:
    simulator.plan(Fault("drop"))
    with pytest.raises(httpx.RemoteProtocolError):
        pay(simulator, instruction())
    assert len(simulator.transactions) == 1
    assert simulator.instructions[0].delivered == "dropped"


@pytest.mark.parametrize(("kind", "error"), [("late", httpx.ReadTimeout), ("drop", httpx.RemoteProtocolError)])
def test_late_or_drop_without_commit_commits_nothing(simulator: BakongSimulator, instruction: Instruction,
                                                     kind: str, error: type[Exception]) -> None:
    simulator.plan(Fault(kind, commit=False))  # type: ignore[arg-type]
    with pytest.raises(error):
        pay(simulator, instruction())
    assert simulator.transactions == []
    assert simulator.instructions[0].status == 504


def test_resending_after_a_lost_answer_is_a_duplicate(simulator: BakongSimulator, instruction: Instruction,
                                                      token: str) -> None:
    simulator.plan(Fault("late"))
    with pytest.raises(httpx.ReadTimeout):
        pay(simulator, instruction())
    answer = pay(simulator, instruction()).json()
    assert (answer["status"], answer["duplicate"]) == ("COMMITTED", True)
    _, envelope = simulator.call_open_api("/v1/check_transaction_by_external_ref", {"externalRef": "REF-1"},
                                          token=token)
    assert envelope["data"]["hash"] == answer["hash"]


def test_duplicate_commits_and_says_duplicate(simulator: BakongSimulator, instruction: Instruction) -> None:
    simulator.plan(Fault("duplicate"))
    answer = pay(simulator, instruction()).json()
    (transaction,) = simulator.transactions
    assert (answer["status"], answer["duplicate"], answer["hash"]) == ("COMMITTED", True, transaction.hash)


def test_faults_are_taken_one_per_instruction_in_order(simulator: BakongSimulator, instruction: Instruction) -> None:
    simulator.plan(Fault("server-error"), Fault("reject"))
    statuses = [pay(simulator, instruction()).status_code for _ in range(3)]
    assert statuses == [503, 200, 200]
    assert [r.fault.kind if r.fault else None for r in simulator.instructions] == ["server-error", "reject", None]
    assert len(simulator.transactions) == 1


def test_an_unknown_host_fails_loudly(simulator: BakongSimulator, instruction: Instruction) -> None:
    with pytest.raises(AssertionError, match="not mocked"):
        pay(simulator, instruction(), url="http://bakong.elsewhere.invalid" + SWITCH)
    assert simulator.instructions == []


@pytest.mark.parametrize("changes", [{"kind": "explode"}, {"kind": "reject", "code": "lower"},
                                     {"kind": "server-error", "status": 404}, {"kind": "reject", "message": ""}])
def test_an_impossible_fault_is_refused(changes: dict[str, Any]) -> None:
    with pytest.raises(ValueError, match=r"fault|code|status|message"):
        Fault(**changes)
