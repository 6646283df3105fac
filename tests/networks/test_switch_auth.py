"""Who may pay through the switch: the switch credential (401) and the participant's own ID (403), gates before
the body, nothing paid, no fault consumed, and the credential never in clear in records or evidence."""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest

from bakong_conformance.errors import HarnessError
from bakong_conformance.networks import BakongSimulator, FakeClock, Fault, LoopbackServer
from bakong_conformance.networks._wire import WireRequest

from .support import CREDENTIAL, PARTICIPANT, PAYEE, SWITCH, SWITCH_AUTH, Instruction, Post, answer_problems

OTHER = "OTHRKHPP"


def _refused_as(response: httpx.Response, status: int, code: str) -> None:
    """``response`` is the documented refusal: ``status``, REJECTED with ``code``, nothing about a payment."""
    answer = response.json()
    assert response.status_code == status
    assert answer_problems(answer) == []
    assert (answer["status"], answer["reason"]["code"], answer["externalRef"], answer["duplicate"]) == (
        "REJECTED", code, None, False)
    assert "nothing was paid" in answer["reason"]["message"]


@pytest.mark.parametrize(("headers", "auth"), [
    pytest.param({}, "none", id="no-header"),
    pytest.param({"Authorization": ""}, "none", id="empty-header"),
    pytest.param({"Authorization": "Bearer not-the-switch-credential-0001"}, "unknown", id="wrong-credential"),
    pytest.param({"Authorization": CREDENTIAL}, "malformed", id="without-bearer"),
    pytest.param({"Authorization": f"Basic {CREDENTIAL}"}, "malformed", id="basic-scheme"),
    pytest.param({"X-Switch-Credential": CREDENTIAL}, "none", id="another-header"),
])
def test_an_instruction_without_the_switch_credential_is_401_and_pays_nothing(
        simulator: BakongSimulator, post: Post, instruction: Instruction, headers: dict[str, str],
        auth: str) -> None:
    simulator.plan(fault := Fault("reject", code="LIMIT_EXCEEDED"))
    response = post(SWITCH, json=instruction(), headers=headers)
    (record,) = simulator.instructions
    _refused_as(response, 401, "UNAUTHENTICATED")
    assert response.headers["www-authenticate"] == 'Bearer realm="bakong-switch"'
    assert (record.status, record.auth, record.authorised, record.fault) == (401, auth, PARTICIPANT, None)
    assert record.problems[0].startswith("credential: ")
    assert (record.transaction, simulator.transactions) == (None, [])
    assert post(SWITCH, json=instruction()).json()["reason"]["code"] == fault.code   # the fault is still planned


def test_the_credential_of_an_earlier_scenario_is_401(simulator: BakongSimulator, post: Post,
                                                      instruction: Instruction) -> None:
    simulator.authorise(PARTICIPANT, "the-next-scenarios-credential")
    _refused_as(post(SWITCH, json=instruction()), 401, "UNAUTHENTICATED")
    answer = post(SWITCH, json=instruction(), headers={"Authorization": "bearer the-next-scenarios-credential"})
    assert (answer.status_code, answer.json()["status"]) == (200, "COMMITTED")   # the scheme is case-insensitive


def test_a_simulator_that_authorised_no_one_answers_every_instruction_401(clock: FakeClock,
                                                                           instruction: Instruction) -> None:
    simulator = BakongSimulator(clock)
    simulator.register_account(PAYEE)
    status, answer = _post(simulator, instruction(), SWITCH_AUTH)
    assert (status, answer["reason"]["code"]) == (401, "UNAUTHENTICATED")
    assert (simulator.instructions[0].authorised, simulator.transactions) == (None, [])


def test_an_instruction_in_another_participants_name_is_403_and_pays_nothing(
        simulator: BakongSimulator, post: Post, instruction: Instruction) -> None:
    simulator.plan(Fault("duplicate"))
    response = post(SWITCH, json=instruction(participantId=OTHER))
    (record,) = simulator.instructions
    _refused_as(response, 403, "FORBIDDEN_PARTICIPANT")
    assert f'"{OTHER}" is not "{PARTICIPANT}"' in response.json()["reason"]["message"]
    assert (record.status, record.auth, record.authorised, record.fault) == (403, "valid", PARTICIPANT, None)
    assert record.body == instruction(participantId=OTHER)
    assert record.problems == (f'$.participantId: "{OTHER}" is not "{PARTICIPANT}", the participant the switch '
                               "credential was given to",)
    assert simulator.transactions == []
    assert post(SWITCH, json=instruction()).json()["duplicate"] is True                # the fault is still planned


@pytest.mark.parametrize(("headers", "body", "status", "code"), [
    pytest.param({}, b"not json", 401, "UNAUTHENTICATED", id="credential-before-json"),
    pytest.param({}, b"[" * 3000 + b"]" * 3000, 401, "UNAUTHENTICATED", id="credential-before-nesting"),
    pytest.param({}, b"{" + b" " * 300_000 + b"}", 401, "UNAUTHENTICATED", id="credential-before-size"),
    pytest.param(SWITCH_AUTH, json.dumps({"participantId": OTHER, "amount": 5}).encode(), 403,
                 "FORBIDDEN_PARTICIPANT", id="own-name-before-schema"),
    pytest.param(SWITCH_AUTH, json.dumps({"participantId": 7}).encode(), 400, "INVALID_INSTRUCTION",
                 id="a-participant-id-that-is-no-string-is-a-schema-problem"),
    pytest.param(SWITCH_AUTH, b'{"participantId": "OTHRKHPP", "participantId": "REFBKHPP"}', 400,
                 "INVALID_INSTRUCTION", id="json-before-own-name"),
])
def test_the_gates_come_in_the_documented_order(simulator: BakongSimulator, post: Post, headers: dict[str, str],
                                                body: bytes, status: int, code: str) -> None:
    response = post(SWITCH, content=body, headers=headers)
    assert (response.status_code, response.json()["reason"]["code"]) == (status, code)
    assert answer_problems(response.json()) == []


def test_the_credential_never_reaches_records_or_evidence_in_clear(simulator: BakongSimulator, post: Post,
                                                                   instruction: Instruction) -> None:
    post(SWITCH, json=instruction(description=f"sent by mistake: {CREDENTIAL}"),
         headers={**SWITCH_AUTH, "X-Echo": CREDENTIAL})
    post(SWITCH, json=instruction(idempotencyKey="pay-0000000000000002"), headers={"Authorization": CREDENTIAL})
    records, exchanges = simulator.instructions, simulator.drain_exchanges()
    kept = json.dumps([[r.body, r.problems, r.answer] for r in records]) + "".join(e.as_json() for e in exchanges)
    assert CREDENTIAL not in kept
    assert CREDENTIAL.encode().hex() not in kept
    assert records[0].body["description"] == "sent by mistake: <redacted>"
    assert exchanges[0].request["headers"]["authorization"] == "<redacted>"
    assert exchanges[0].request["headers"]["x-echo"] == "<redacted>"
    assert exchanges[1].request["headers"]["authorization"] == "<redacted>"


@pytest.mark.parametrize(("participant_id", "credential"), [
    ("", CREDENTIAL), ("P" * 65, CREDENTIAL), (PARTICIPANT, "too-short"), (PARTICIPANT, "with a space 0123456"),
    (PARTICIPANT, "x" * 513), (PARTICIPANT, "non-ascii-crédential-0001"),
])
def test_authorise_refuses_what_an_instruction_could_not_carry(simulator: BakongSimulator, participant_id: str,
                                                               credential: str) -> None:
    with pytest.raises(HarnessError):
        simulator.authorise(participant_id, credential)


# --- over a real socket ------------------------------------------------------------------------------------------
def test_over_a_socket_401_and_403_are_the_documented_answers(server: LoopbackServer, simulator: BakongSimulator,
                                                              instruction: Instruction) -> None:
    with httpx.Client(base_url=server.url, timeout=5) as client:
        anonymous = client.post(SWITCH, json=instruction())
        wrong = client.post(SWITCH, json=instruction(), headers={"Authorization": "Bearer someone-elses-credential"})
        forbidden = client.post(SWITCH, json=instruction(participantId=OTHER), headers=SWITCH_AUTH)
        committed = client.post(SWITCH, json=instruction(), headers=SWITCH_AUTH)
    _refused_as(anonymous, 401, "UNAUTHENTICATED")
    _refused_as(wrong, 401, "UNAUTHENTICATED")
    _refused_as(forbidden, 403, "FORBIDDEN_PARTICIPANT")
    assert anonymous.headers["www-authenticate"] == 'Bearer realm="bakong-switch"'
    assert (committed.status_code, committed.json()["status"]) == (200, "COMMITTED")
    assert [r.status for r in simulator.instructions] == [401, 401, 403, 200]
    assert len(simulator.transactions) == 1


def _post(simulator: BakongSimulator, body: object, headers: dict[str, str]) -> tuple[int, dict[str, Any]]:
    """One instruction straight to the core (no delivery)."""
    raw = json.dumps(body).encode()
    wire = WireRequest("POST", SWITCH, tuple((k.lower(), v) for k, v in headers.items()), raw)
    decision = simulator.handle(wire)
    return decision.status, decision.answer
