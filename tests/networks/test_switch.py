"""The Bakong switch of the simulator: validation, idempotency, payee, dynamic QR paid once, settlement."""

from __future__ import annotations

import re

import pytest

from bakong_conformance import khqr
from bakong_conformance.errors import HarnessError
from bakong_conformance.networks import BakongSimulator, FakeClock, Fault

from .support import CREDENTIAL, PARTICIPANT, PAYER, SHOP, START_MS, SWITCH, Instruction, Post, answer_problems


def test_valid_instruction_is_committed(simulator: BakongSimulator, post: Post, instruction: Instruction,
                                        clock: FakeClock) -> None:
    response = post(SWITCH, json=instruction())
    answer = response.json()
    (transaction,) = simulator.transactions
    assert response.status_code == 200
    assert answer_problems(answer) == []
    assert answer == {"status": "COMMITTED", "hash": transaction.hash, "instructionRef": transaction.instruction_ref,
                      "externalRef": "REF-1", "duplicate": False, "acknowledgedDateMs": START_MS}
    assert re.fullmatch(r"[0-9a-f]{64}", transaction.hash)
    assert re.fullmatch(r"BKI\d+", transaction.instruction_ref)
    assert (transaction.amount, transaction.currency, transaction.static) == ("5000", "KHR", False)
    assert simulator.instructions[0].transaction == transaction


def test_each_commit_gets_a_new_hash_and_reference(simulator: BakongSimulator, post: Post,
                                                   instruction: Instruction, static_qr: khqr.Generated) -> None:
    for n in range(3):
        post(SWITCH, json=instruction(idempotencyKey=f"static-payment-{n:04d}", qr=static_qr.qr,
                                      md5=static_qr.md5, toAccountId=SHOP, amount="1.00", currency="USD"))
    transactions = simulator.transactions
    assert len({t.hash for t in transactions}) == len({t.instruction_ref for t in transactions}) == 3
    assert all(t.static for t in transactions)


def test_the_switch_records_what_it_is_told(simulator: BakongSimulator, post: Post,
                                            instruction: Instruction) -> None:
    response = post(SWITCH, json=instruction(md5="0" * 32, amount="4999", description="wrong on purpose"))
    (transaction,) = simulator.transactions
    assert response.json()["status"] == "COMMITTED"
    assert (transaction.md5, transaction.amount, transaction.description) == ("0" * 32, "4999", "wrong on purpose")


@pytest.mark.parametrize(("changes", "problem"), [
    pytest.param({"md5": None}, '$: "md5" is a required property', id="md5-missing"),
    pytest.param({"md5": "A" * 32}, "$.md5: ", id="md5-upper-case"),
    pytest.param({"idempotencyKey": "short"}, "$.idempotencyKey: ", id="key-too-short"),
    pytest.param({"amount": 5000}, '$.amount: 5000 is not of type "string"', id="amount-number"),
    pytest.param({"amount": "1e3"}, "$.amount: ", id="amount-exponent"),
    pytest.param({"currency": "EUR"}, "$.currency: ", id="currency-euro"),
    pytest.param({"toAccountId": "a@b@c"}, "$.toAccountId: ", id="payee-two-at"),
    pytest.param({"externalRef": "R" * 33}, "$.externalRef: ", id="ref-too-long"),
    pytest.param({"extra": 1}, "Additional properties", id="unknown-member"),
])
def test_invalid_instruction_is_400_and_consumes_no_fault(simulator: BakongSimulator, post: Post,
                                                          instruction: Instruction, changes: dict[str, object],
                                                          problem: str) -> None:
    simulator.plan(fault := Fault("reject"))
    response = post(SWITCH, json=instruction(**changes))
    record = simulator.instructions[-1]
    assert response.status_code == 400
    assert answer_problems(response.json()) == []
    assert response.json()["reason"]["code"] == "INVALID_INSTRUCTION"
    assert any(text.startswith(problem) or problem in text for text in record.problems), record.problems
    assert (record.fault, record.transaction, simulator.transactions) == (None, None, [])
    assert post(SWITCH, json=instruction()).json()["reason"]["code"] == fault.code


def test_body_that_is_not_json_is_recorded_as_text(simulator: BakongSimulator, post: Post) -> None:
    response = post(SWITCH, content=b"pay me")
    record = simulator.instructions[0]
    assert response.status_code == 400
    assert record.body == "pay me"
    assert record.problems[0].startswith("$: not JSON")


def test_body_over_256_kib_is_413(simulator: BakongSimulator, post: Post, instruction: Instruction) -> None:
    response = post(SWITCH, json=instruction(description="x" * 300_000))
    assert response.status_code == 413
    assert answer_problems(response.json()) == []
    assert simulator.transactions == []


# --- idempotency -----------------------------------------------------------------------------------------------


def test_same_key_same_content_is_the_original_answer_marked_duplicate(simulator: BakongSimulator, post: Post,
                                                                       instruction: Instruction,
                                                                       clock: FakeClock) -> None:
    first = post(SWITCH, json=instruction()).json()
    clock.advance(5_000)
    again = post(SWITCH, json=instruction(description="retry")).json()
    assert again == {**first, "duplicate": True}
    assert len(simulator.transactions) == 1
    assert simulator.instructions[1].transaction == simulator.transactions[0]


@pytest.mark.parametrize("changes", [{"amount": "5001"}, {"fromAccountId": "other@abaa"}, {"externalRef": "REF-2"}])
def test_same_key_different_content_is_409(simulator: BakongSimulator, post: Post, instruction: Instruction,
                                           changes: dict[str, str]) -> None:
    post(SWITCH, json=instruction())
    response = post(SWITCH, json=instruction(**changes))
    assert response.status_code == 409
    assert answer_problems(response.json()) == []
    assert response.json()["reason"]["code"] == "IDEMPOTENCY_CONFLICT"
    assert len(simulator.transactions) == 1


def test_a_rejected_key_can_be_used_again(simulator: BakongSimulator, post: Post, instruction: Instruction) -> None:
    simulator.plan(Fault("reject", code="LIMIT_EXCEEDED"))
    assert post(SWITCH, json=instruction()).json()["reason"]["code"] == "LIMIT_EXCEEDED"
    assert post(SWITCH, json=instruction()).json()["status"] == "COMMITTED"


# --- payee and QR ----------------------------------------------------------------------------------------------


def test_unknown_payee_is_payee_not_found(simulator: BakongSimulator, post: Post, instruction: Instruction) -> None:
    answer = post(SWITCH, json=instruction(toAccountId="ghost@nbcq")).json()
    assert (answer["status"], answer["reason"]["code"], answer["externalRef"]) == ("REJECTED", "PAYEE_NOT_FOUND",
                                                                                   "REF-1")
    assert simulator.transactions == []


def test_dynamic_qr_paid_under_another_key_is_qr_already_paid(simulator: BakongSimulator, post: Post,
                                                              instruction: Instruction) -> None:
    post(SWITCH, json=instruction())
    response = post(SWITCH, json=instruction(idempotencyKey="pay-0000000000000002", externalRef="REF-2"))
    assert response.status_code == 200
    assert answer_problems(response.json()) == []
    assert response.json()["reason"]["code"] == "QR_ALREADY_PAID"
    assert len(simulator.transactions) == 1


def test_dynamic_qr_settled_by_another_bank_is_qr_already_paid(simulator: BakongSimulator, post: Post,
                                                               instruction: Instruction,
                                                               dynamic_qr: khqr.Generated) -> None:
    simulator.settle(dynamic_qr.qr, from_account_id="payer@otherbank")
    assert post(SWITCH, json=instruction()).json()["reason"]["code"] == "QR_ALREADY_PAID"


# --- settle and reset ----------------------------------------------------------------------------------------


def test_settle_commits_the_qrs_own_amount_and_registers_the_payee(clock: FakeClock,
                                                                   dynamic_qr: khqr.Generated) -> None:
    simulator = BakongSimulator(clock)
    transaction = simulator.settle(dynamic_qr.qr, from_account_id=PAYER)
    assert (transaction.amount, transaction.currency, transaction.md5) == ("5000", "KHR", dynamic_qr.md5)
    assert transaction.as_open_api()["amount"] == 5000
    assert transaction.short_hash == transaction.hash[:8]
    assert simulator.call_open_api("/v1/check_bakong_account", {"accountId": "jonhsmith@nbcq"},
                                   token=None)[1]["responseCode"] == 0


@pytest.mark.parametrize(("qr_name", "amount", "message"), [
    pytest.param("static_qr", None, "settled with an amount", id="static-without-amount"),
    pytest.param("dynamic_qr", "1", "its own amount", id="dynamic-other-amount"),
    pytest.param("static_qr", "1,50", "not a decimal", id="static-bad-amount"),
])
def test_settle_refuses_an_impossible_payment(simulator: BakongSimulator, request: pytest.FixtureRequest,
                                              qr_name: str, amount: str | None, message: str) -> None:
    qr = request.getfixturevalue(qr_name).qr
    with pytest.raises(HarnessError, match=message):
        simulator.settle(qr, from_account_id=PAYER, amount=amount)
    assert simulator.transactions == []


def test_settle_refuses_a_dynamic_qr_twice_and_a_qr_without_payee(simulator: BakongSimulator,
                                                                  dynamic_qr: khqr.Generated) -> None:
    simulator.settle(dynamic_qr.qr, from_account_id=PAYER)
    with pytest.raises(HarnessError, match="already paid"):
        simulator.settle(dynamic_qr.qr, from_account_id=PAYER)
    with pytest.raises(HarnessError, match="no Bakong account"):
        simulator.settle("not a QR", from_account_id=PAYER, amount="1")


def test_reset_forgets_ledger_records_faults_and_accounts(simulator: BakongSimulator, post: Post,
                                                          instruction: Instruction) -> None:
    post(SWITCH, json=instruction())
    simulator.plan(Fault("reject"))
    simulator.reset()
    assert (simulator.transactions, simulator.instructions, simulator.drain_exchanges()) == ([], [], [])
    assert post(SWITCH, json=instruction()).json()["reason"]["code"] == "UNAUTHENTICATED"   # no one authorised
    simulator.authorise(PARTICIPANT, CREDENTIAL)
    refused = post(SWITCH, json=instruction(idempotencyKey="pay-0000000000000008")).json()
    assert refused["reason"]["code"] == "PAYEE_NOT_FOUND"
    simulator.register_account(instruction()["toAccountId"])
    answer = post(SWITCH, json=instruction(idempotencyKey="pay-0000000000000009")).json()
    assert answer["status"] == "COMMITTED"
    assert answer["instructionRef"] != "BKI000000001"


def test_register_account_refuses_an_invalid_id(simulator: BakongSimulator) -> None:
    with pytest.raises(HarnessError, match="not a Bakong account ID"):
        simulator.register_account("no-at-sign")
