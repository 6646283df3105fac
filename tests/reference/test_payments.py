"""The reference participant pays scanned KHQR correctly: refusals, the instruction, idempotency, rejections and
unknown outcomes resolved with the Open API (Participant API v1 payKhqr / getPayment)."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

import anyio
import httpx
import pytest

from bakong_conformance import khqr

from .bakong_fake import (
    BAD_CRC,
    DYNAMIC_KHR,
    DYNAMIC_USD,
    EMAIL,
    HASH,
    NOW,
    OTHER_HASH,
    RENEWED_TOKEN,
    STATIC_KHR,
    STATIC_USD,
    SWITCH_CREDENTIAL,
    THAI_BAHT,
    FakeBakong,
    Sandbox,
    committed,
    envelope,
    rejected,
    transaction,
    unauthorized,
)

pytestmark = pytest.mark.anyio
KEY = "key-0000000000000001"


@pytest.fixture
def bakong() -> FakeBakong:
    return FakeBakong()


@pytest.fixture
def sandbox(bakong: FakeBakong) -> Sandbox:
    return Sandbox(bakong)


# --- refusals ---------------------------------------------------------------------------------------------------
REFUSALS = [
    pytest.param("KHR", STATIC_KHR, {"amount": "5000", "fromAccountId": "nobody@refb"}, "ACCOUNT_NOT_FOUND",
                 id="unknown-account"),
    pytest.param("KHR", BAD_CRC, {"amount": "5000"}, "KHQR_INVALID", id="crc-mismatch"),
    pytest.param("KHR", "https://example.com/pay?id=42", {"amount": "5000"}, "KHQR_INVALID", id="not-a-khqr"),
    pytest.param("KHR", DYNAMIC_KHR, {"sandboxNow": NOW + 61_000}, "KHQR_EXPIRED", id="expired"),
    pytest.param("KHR", THAI_BAHT, {"amount": "5000"}, "CURRENCY_NOT_SUPPORTED", id="baht"),
    pytest.param("KHR", STATIC_KHR, {}, "AMOUNT_REQUIRED", id="static-without-amount"),
    pytest.param("KHR", DYNAMIC_KHR, {"amount": "600"}, "AMOUNT_LOCKED", id="dynamic-other-amount"),
    pytest.param("KHR", STATIC_KHR, {"amount": "5000.00"}, "AMOUNT_INVALID", id="riel-with-decimals"),
    pytest.param("KHR", STATIC_KHR, {"amount": "0"}, "AMOUNT_INVALID", id="riel-zero"),
    pytest.param("KHR", STATIC_KHR, {"amount": "05000"}, "AMOUNT_INVALID", id="riel-leading-zero"),
    pytest.param("USD", STATIC_USD, {"amount": "12.5"}, "AMOUNT_INVALID", id="dollars-one-decimal"),
    pytest.param("USD", STATIC_USD, {"amount": "12.755"}, "AMOUNT_INVALID", id="dollars-three-decimals"),
    pytest.param("USD", STATIC_USD, {"amount": "0.00"}, "AMOUNT_INVALID", id="dollars-zero"),
    pytest.param("USD", STATIC_KHR, {"amount": "5000"}, "CURRENCY_MISMATCH", id="riel-qr-dollar-account"),
    pytest.param("KHR", STATIC_KHR, {"amount": "100001"}, "INSUFFICIENT_FUNDS", id="over-balance"),
]


@pytest.mark.parametrize(("currency", "qr", "extra", "reason"), REFUSALS)
async def test_refused_payment_debits_nothing_and_sends_nothing(
        sandbox: Sandbox, bakong: FakeBakong, currency: str, qr: str, extra: dict[str, Any], reason: str) -> None:
    await sandbox.connect()
    account = await sandbox.open_account(currency, "100000")
    response = await sandbox.pay(account, qr, **{"fromAccountId": account, **extra})
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "PAYMENT_REFUSED"
    assert response.json()["error"]["reason"] == reason
    assert await sandbox.balance(account) == Decimal("100000")
    assert not bakong.router.calls


async def test_khqr_refusal_names_the_rule_and_sdk_code(sandbox: Sandbox) -> None:
    account = await sandbox.open_account()
    error = (await sandbox.pay(account, DYNAMIC_KHR, sandboxNow=NOW + 61_000)).json()["error"]
    assert (error["rule"], error["sdkCode"]) == ("KHQR-EXPIRED", 46)


async def test_refusals_need_no_bakong_connection(sandbox: Sandbox) -> None:
    account = await sandbox.open_account()
    assert (await sandbox.pay(account, STATIC_KHR)).json()["error"]["reason"] == "AMOUNT_REQUIRED"


async def test_payment_without_connection_is_a_bad_request_and_debits_nothing(sandbox: Sandbox) -> None:
    account = await sandbox.open_account()
    assert (await sandbox.pay(account, STATIC_KHR, amount="5000")).status_code == 400
    assert await sandbox.balance(account) == Decimal("100000")


# --- the correct flow ---------------------------------------------------------------------------------------------
async def test_static_payment_sends_the_instruction_and_debits(sandbox: Sandbox, bakong: FakeBakong) -> None:
    await sandbox.connect()
    account = await sandbox.open_account()
    payment = (await sandbox.pay(account, STATIC_KHR, amount="5000")).json()
    (sent,) = bakong.instructions()
    assert sent == {"participantId": "REFBKHPP", "idempotencyKey": KEY, "externalRef": payment["externalRef"],
                    "qr": STATIC_KHR, "md5": khqr.md5_hex(STATIC_KHR), "fromAccountId": account,
                    "toAccountId": "shop@nbcq", "amount": "5000", "currency": "KHR"}
    assert bakong.instruction_authorizations() == [f"Bearer {SWITCH_CREDENTIAL}"]
    assert payment == {**payment, "status": "SUCCEEDED", "bakongHash": HASH, "reason": None, "amount": "5000",
                       "currency": "KHR", "md5": khqr.md5_hex(STATIC_KHR), "idempotencyKey": KEY,
                       "toAccountId": "shop@nbcq", "fromAccountId": account}
    assert await sandbox.balance(account) == Decimal("95000")
    assert len(payment["externalRef"]) <= 32


async def test_dynamic_payment_sends_the_amount_exactly_as_written(sandbox: Sandbox, bakong: FakeBakong) -> None:
    await sandbox.connect()
    account = await sandbox.open_account("USD", "10.00")
    payment = (await sandbox.pay(account, DYNAMIC_USD, amount="1.5")).json()
    assert bakong.instructions()[0]["amount"] == "1.50"
    assert (payment["status"], payment["amount"], payment["currency"]) == ("SUCCEEDED", "1.50", "USD")
    assert await sandbox.balance(account) == Decimal("8.50")


async def test_static_dollar_amount_is_sent_as_entered(sandbox: Sandbox, bakong: FakeBakong) -> None:
    await sandbox.connect()
    account = await sandbox.open_account("USD", "20.00")
    await sandbox.pay(account, STATIC_USD, amount="12.75")
    assert bakong.instructions()[0]["amount"] == "12.75"
    assert await sandbox.balance(account) == Decimal("7.25")


async def test_every_payment_gets_its_own_external_reference(sandbox: Sandbox, bakong: FakeBakong) -> None:
    await sandbox.connect()
    account = await sandbox.open_account()
    first = (await sandbox.pay(account, STATIC_KHR, amount="100")).json()
    second = (await sandbox.pay(account, STATIC_KHR, "key-0000000000000002", amount="100")).json()
    assert first["externalRef"] != second["externalRef"]
    assert first["paymentId"] != second["paymentId"]


async def test_get_payment_answers_the_stored_payment(sandbox: Sandbox, bakong: FakeBakong) -> None:
    await sandbox.connect()
    account = await sandbox.open_account()
    payment = (await sandbox.pay(account, STATIC_KHR, amount="5000")).json()
    assert (await sandbox.payment(payment["paymentId"])).json() == payment
    assert len(bakong.router.calls) == 1


async def test_unknown_payment_is_not_found(sandbox: Sandbox) -> None:
    response = await sandbox.payment("pay-nothing")
    assert (response.status_code, response.json()["error"]["code"]) == (404, "NOT_FOUND")


# --- idempotency --------------------------------------------------------------------------------------------------
async def test_retry_with_the_same_key_pays_once(sandbox: Sandbox, bakong: FakeBakong) -> None:
    await sandbox.connect()
    account = await sandbox.open_account()
    first = (await sandbox.pay(account, STATIC_KHR, amount="5000")).json()
    again = (await sandbox.pay(account, STATIC_KHR, amount="5000", sandboxNow=NOW + 5_000)).json()
    assert again == first
    assert len(bakong.instructions()) == 1
    assert await sandbox.balance(account) == Decimal("95000")


async def test_same_key_for_another_payment_is_a_conflict(sandbox: Sandbox, bakong: FakeBakong) -> None:
    await sandbox.connect()
    account = await sandbox.open_account()
    await sandbox.pay(account, STATIC_KHR, amount="5000")
    response = await sandbox.pay(account, STATIC_KHR, amount="6000")
    assert (response.status_code, response.json()["error"]["code"]) == (409, "IDEMPOTENCY_CONFLICT")
    assert len(bakong.instructions()) == 1
    assert await sandbox.balance(account) == Decimal("95000")


async def test_retry_of_a_pending_payment_resolves_it_without_paying_again(
        sandbox: Sandbox, bakong: FakeBakong) -> None:
    await sandbox.connect()
    account = await sandbox.open_account()
    bakong.instruct.side_effect = [httpx.ReadTimeout, httpx.ReadTimeout]
    bakong.by_ref.side_effect = [envelope(error_code=1), envelope(transaction())]
    assert (await sandbox.pay(account, STATIC_KHR, amount="5000")).json()["status"] == "PENDING"
    again = (await sandbox.pay(account, STATIC_KHR, amount="5000")).json()
    assert (again["status"], again["bakongHash"]) == ("SUCCEEDED", HASH)
    assert len(bakong.instructions()) == 2      # the first attempt and the one resend, both with the same key
    assert await sandbox.balance(account) == Decimal("95000")


# --- rejections -----------------------------------------------------------------------------------------------------
@pytest.mark.parametrize(("answer", "code"), [
    pytest.param(rejected("PAYEE_ACCOUNT_CLOSED"), "PAYEE_ACCOUNT_CLOSED", id="rejected"),
    pytest.param(rejected("INVALID_INSTRUCTION", 400), "INVALID_INSTRUCTION", id="invalid-400"),
    pytest.param(rejected("IDEMPOTENCY_CONFLICT", 409), "IDEMPOTENCY_CONFLICT", id="conflict-409"),
    pytest.param(rejected("UNAUTHENTICATED", 401), "UNAUTHENTICATED", id="unauthenticated-401"),
    pytest.param(rejected("FORBIDDEN_PARTICIPANT", 403), "FORBIDDEN_PARTICIPANT", id="forbidden-403"),
])
async def test_rejected_payment_is_refunded(sandbox: Sandbox, bakong: FakeBakong, answer: httpx.Response,
                                            code: str) -> None:
    await sandbox.connect()
    account = await sandbox.open_account()
    bakong.instruct.mock(answer)
    payment = (await sandbox.pay(account, STATIC_KHR, amount="5000")).json()
    assert (payment["status"], payment["bakongHash"], payment["reason"]["code"]) == ("REJECTED", None, code)
    assert await sandbox.balance(account) == Decimal("100000")
    assert not bakong.by_ref.called


# --- unknown outcomes ---------------------------------------------------------------------------------------------
@pytest.mark.parametrize("lost", [
    pytest.param(httpx.ReadTimeout, id="timeout"),
    pytest.param(httpx.ConnectError, id="broken-connection"),
    pytest.param(httpx.Response(503, text="busy"), id="server-error"),
    pytest.param(httpx.Response(200, text="<html>"), id="not-json"),
])
async def test_unknown_outcome_is_resolved_by_external_reference(
        sandbox: Sandbox, bakong: FakeBakong, lost: httpx.Response | type[Exception]) -> None:
    await sandbox.connect()
    account = await sandbox.open_account()
    bakong.instruct.side_effect = [lost]
    bakong.by_ref.mock(envelope(transaction(bakong_hash=OTHER_HASH)))
    payment = (await sandbox.pay(account, STATIC_KHR, amount="5000")).json()
    assert (payment["status"], payment["bakongHash"]) == ("SUCCEEDED", OTHER_HASH)
    assert bakong.bodies(bakong.by_ref) == [{"externalRef": payment["externalRef"]}]
    assert bakong.by_ref.calls.last.request.headers["authorization"] == "Bearer first-open-api-token"
    assert len(bakong.instructions()) == 1


async def test_payment_bakong_never_saw_is_resent_once_with_the_same_key(
        sandbox: Sandbox, bakong: FakeBakong) -> None:
    await sandbox.connect()
    account = await sandbox.open_account()
    bakong.instruct.side_effect = [httpx.ReadTimeout, committed(duplicate=True)]
    payment = (await sandbox.pay(account, STATIC_KHR, amount="5000")).json()
    first, resent = bakong.instructions()
    assert resent == first
    assert (payment["status"], payment["bakongHash"]) == ("SUCCEEDED", HASH)
    assert await sandbox.balance(account) == Decimal("95000")


async def test_resent_payment_rejected_by_bakong_is_refunded(sandbox: Sandbox, bakong: FakeBakong) -> None:
    await sandbox.connect()
    account = await sandbox.open_account()
    bakong.instruct.side_effect = [httpx.ReadTimeout, rejected("QR_ALREADY_PAID")]
    payment = (await sandbox.pay(account, STATIC_KHR, amount="5000")).json()
    assert (payment["status"], payment["reason"]["code"]) == ("REJECTED", "QR_ALREADY_PAID")
    assert await sandbox.balance(account) == Decimal("100000")


async def test_repeated_unknown_outcomes_leave_the_payment_pending_and_debited(
        sandbox: Sandbox, bakong: FakeBakong) -> None:
    await sandbox.connect()
    account = await sandbox.open_account()
    bakong.instruct.side_effect = httpx.ReadTimeout
    payment = (await sandbox.pay(account, STATIC_KHR, amount="5000")).json()
    assert (payment["status"], payment["bakongHash"], payment["reason"]) == ("PENDING", None, None)
    assert len(bakong.instructions()) == 2
    assert len(bakong.by_ref.calls) == 1
    assert await sandbox.balance(account) == Decimal("95000")


async def test_open_api_failure_leaves_the_payment_pending_without_resending(
        sandbox: Sandbox, bakong: FakeBakong) -> None:
    await sandbox.connect()
    account = await sandbox.open_account()
    bakong.instruct.side_effect = httpx.ReadTimeout
    bakong.by_ref.mock(httpx.Response(500))
    payment = (await sandbox.pay(account, STATIC_KHR, amount="5000")).json()
    assert payment["status"] == "PENDING"
    assert len(bakong.instructions()) == 1
    assert await sandbox.balance(account) == Decimal("95000")


async def test_pending_payment_settles_when_asked_again(sandbox: Sandbox, bakong: FakeBakong) -> None:
    await sandbox.connect()
    account = await sandbox.open_account()
    bakong.instruct.side_effect = httpx.ReadTimeout
    bakong.by_ref.side_effect = [httpx.Response(500), envelope(transaction())]
    payment = (await sandbox.pay(account, STATIC_KHR, amount="5000")).json()
    settled = (await sandbox.payment(payment["paymentId"], NOW + 30_000)).json()
    assert (settled["status"], settled["bakongHash"]) == ("SUCCEEDED", HASH)
    assert len(bakong.instructions()) == 1


async def test_failed_transaction_is_refunded(sandbox: Sandbox, bakong: FakeBakong) -> None:
    await sandbox.connect()
    account = await sandbox.open_account()
    bakong.instruct.side_effect = httpx.ReadTimeout
    bakong.by_ref.mock(envelope(error_code=3))
    payment = (await sandbox.pay(account, STATIC_KHR, amount="5000")).json()
    assert (payment["status"], payment["reason"]["code"]) == ("REJECTED", "TRANSACTION_FAILED")
    assert await sandbox.balance(account) == Decimal("100000")


async def test_expired_token_is_renewed_while_resolving(sandbox: Sandbox, bakong: FakeBakong) -> None:
    await sandbox.connect()
    account = await sandbox.open_account()
    bakong.instruct.side_effect = httpx.ReadTimeout
    bakong.by_ref.side_effect = [unauthorized(), envelope(transaction())]
    payment = (await sandbox.pay(account, STATIC_KHR, amount="5000")).json()
    assert payment["status"] == "SUCCEEDED"
    assert bakong.bodies(bakong.renew) == [{"email": EMAIL}]
    assert bakong.by_ref.calls.last.request.headers["authorization"] == f"Bearer {RENEWED_TOKEN}"


async def test_switch_that_never_answers_times_out(bakong: FakeBakong) -> None:
    async def hang(request: httpx.Request) -> httpx.Response:
        await anyio.sleep(5)
        return committed()
    sandbox = Sandbox(bakong, timeout_s=0.05)
    await sandbox.connect()
    account = await sandbox.open_account()
    bakong.instruct.side_effect = hang
    with anyio.fail_after(2):
        payment = (await sandbox.pay(account, STATIC_KHR, amount="5000")).json()
    assert payment["status"] == "PENDING"


# --- bad requests ---------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("change", [
    pytest.param({"idempotencyKey": "short"}, id="key-too-short"),
    pytest.param({"idempotencyKey": "key with spaces 0001"}, id="key-with-spaces"),
    pytest.param({"amount": 5000}, id="amount-number"),
    pytest.param({"amount": "5,000"}, id="amount-comma"),
    pytest.param({"sandboxNow": "1742250600000"}, id="now-string"),
    pytest.param({"qr": ""}, id="qr-empty"),
    pytest.param({"fromAccountId": "no-at-sign"}, id="account-not-an-id"),
    pytest.param({"tip": "1"}, id="unknown-member"),
])
async def test_malformed_payment_request_is_a_bad_request(sandbox: Sandbox, change: dict[str, object]) -> None:
    account = await sandbox.open_account()
    body = {"fromAccountId": account, "qr": STATIC_KHR, "idempotencyKey": KEY, "amount": "5000", **change}
    response = await sandbox.call("POST", "/v1/payments", body)
    assert (response.status_code, response.json()["error"]["code"]) == (400, "BAD_REQUEST")


async def test_payment_request_without_a_key_is_a_bad_request(sandbox: Sandbox) -> None:
    account = await sandbox.open_account()
    body = {"fromAccountId": account, "qr": STATIC_KHR, "amount": "5000"}
    response = await sandbox.call("POST", "/v1/payments", body)
    assert response.status_code == 400


async def test_get_payment_with_a_bad_sandbox_clock_is_a_bad_request(sandbox: Sandbox, bakong: FakeBakong) -> None:
    await sandbox.connect()
    account = await sandbox.open_account()
    payment = (await sandbox.pay(account, STATIC_KHR, amount="5000")).json()
    response = await sandbox.call("GET", f"/v1/payments/{payment['paymentId']}?sandboxNow=soon")
    assert response.status_code == 400


async def test_instruction_is_json_with_a_string_amount(sandbox: Sandbox, bakong: FakeBakong) -> None:
    await sandbox.connect()
    account = await sandbox.open_account()
    await sandbox.pay(account, DYNAMIC_KHR)
    request = bakong.instruct.calls.last.request
    assert request.headers["content-type"] == "application/json"
    assert json.loads(request.content)["amount"] == "500"
