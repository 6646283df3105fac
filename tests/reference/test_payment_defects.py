"""Each payment and Open API defect switch changes exactly the behaviour it claims, and the correct
participant does not show it (the same scenario is run with and without the switch)."""

from __future__ import annotations

import hashlib
from collections.abc import Awaitable, Callable
from decimal import Decimal
from typing import Any

import httpx
import pytest

from bakong_conformance import khqr
from bakong_conformance.reference import defects

from .bakong_fake import (
    DYNAMIC_KHR,
    DYNAMIC_USD,
    HASH,
    NOW,
    OPEN_API_TOKEN,
    STATIC_USD,
    SWITCH_CREDENTIAL,
    FakeBakong,
    Sandbox,
    committed,
    envelope,
    list_answer,
    order,
    rejected,
    too_many,
    transaction,
    unauthorized,
)

pytestmark = pytest.mark.anyio

Scenario = Callable[[Sandbox, FakeBakong], Awaitable[Any]]

CLAIMS = {
    "instruction-amount-as-number": ("REQ-PAY-INSTRUCTION-FORMAT",),
    "amount-in-minor-units": ("REQ-PAY-DETAILS",),
    "currency-always-khr": ("REQ-PAY-DETAILS",),
    "sends-other-participant-id": ("REQ-PAY-SWITCH-AUTH",),
    "switch-without-credential": ("REQ-PAY-SWITCH-AUTH",),
    "payment-md5-without-crc": ("REQ-PAY-MD5", "REQ-PAY-CONFIRMED"),
    "static-amount-truncated": ("REQ-PAY-STATIC-AMOUNT",),
    "dynamic-amount-overridden": ("REQ-PAY-DYNAMIC-LOCKED",),
    "pays-expired-qr": ("REQ-PAY-REFUSE-INVALID",),
    "pays-without-crc-check": ("REQ-PAY-REFUSE-INVALID",),
    "overdraws-account": ("REQ-PAY-FUNDS",),
    "retry-debits-again": ("REQ-PAY-IDEMPOTENT",),
    "success-on-timeout": ("REQ-PAY-UNCERTAIN",),
    "resends-with-new-key": ("REQ-PAY-UNCERTAIN",),
    "duplicate-answer-as-rejection": ("REQ-PAY-UNCERTAIN",),
    "keeps-debit-on-rejection": ("REQ-PAY-REJECTED",),
    "reports-own-reference-as-hash": ("REQ-PAY-CONFIRMED",),
    "open-api-token-without-bearer": ("REQ-OAPI-REQUESTS",),
    "not-found-as-failed": ("REQ-OAPI-NOT-FOUND",),
    "confirms-any-amount": ("REQ-OAPI-CONFIRM",),
    "token-not-renewed": ("REQ-OAPI-TOKEN",),
    "retries-at-once-on-429": ("REQ-OAPI-RATE",),
    "list-call-with-51-items": ("REQ-OAPI-BATCH",),
}


def test_every_payment_defect_is_registered_with_the_requirements_it_violates() -> None:
    registered = {d.name: d.violates for d in defects()}
    assert {name: registered.get(name) for name in CLAIMS} == CLAIMS


def test_issuing_md5_defect_is_still_there() -> None:
    assert {d.name: d.violates for d in defects()}["md5-without-crc"] == ("REQ-KHQR-ISS-MD5",)


async def _observe(defect: str | None, scenario: Scenario) -> Any:
    bakong = FakeBakong()
    sandbox = Sandbox(bakong, () if defect is None else (defect,))
    await sandbox.connect()
    return await scenario(sandbox, bakong)


async def _pay(sandbox: Sandbox, qr: str, currency: str = "KHR", balance: str = "100000",
               key: str = "key-0000000000000001", **extra: Any) -> tuple[httpx.Response, str]:
    account = await sandbox.open_account(currency, balance)
    return await sandbox.pay(account, qr, key, **extra), account


# --- scenarios --------------------------------------------------------------------------------------------------
async def sent_amount_usd(sandbox: Sandbox, bakong: FakeBakong) -> Any:
    await _pay(sandbox, DYNAMIC_USD, "USD", "10.00")
    await _pay(sandbox, DYNAMIC_KHR, key="key-0000000000000002")
    return [(i["amount"], i["currency"]) for i in bakong.instructions()]


async def sent_as(sandbox: Sandbox, bakong: FakeBakong) -> Any:
    await _pay(sandbox, DYNAMIC_KHR)
    return bakong.instructions()[0]["participantId"], bakong.instruction_authorizations()


async def md5s(sandbox: Sandbox, bakong: FakeBakong) -> Any:
    response, _ = await _pay(sandbox, DYNAMIC_KHR)
    return bakong.instructions()[0]["md5"], response.json()["md5"]


async def static_usd(sandbox: Sandbox, bakong: FakeBakong) -> Any:
    response, account = await _pay(sandbox, STATIC_USD, "USD", "20.00", amount="12.75")
    return bakong.instructions()[0]["amount"], response.json()["amount"], await sandbox.balance(account)


async def dynamic_other_amount(sandbox: Sandbox, bakong: FakeBakong) -> Any:
    response, account = await _pay(sandbox, DYNAMIC_KHR, amount="600")
    return response.status_code, [i["amount"] for i in bakong.instructions()], await sandbox.balance(account)


async def expired(sandbox: Sandbox, bakong: FakeBakong) -> Any:
    response, _ = await _pay(sandbox, DYNAMIC_KHR, sandboxNow=NOW + 61_000)
    return response.status_code, len(bakong.instructions())


async def bad_crc(sandbox: Sandbox, bakong: FakeBakong) -> Any:
    response, _ = await _pay(sandbox, DYNAMIC_KHR[:-4] + "0000")
    return response.status_code, len(bakong.instructions())


async def over_balance(sandbox: Sandbox, bakong: FakeBakong) -> Any:
    response, account = await _pay(sandbox, DYNAMIC_KHR, "KHR", "100")
    return response.status_code, await sandbox.balance(account)


async def retried(sandbox: Sandbox, bakong: FakeBakong) -> Any:
    response, account = await _pay(sandbox, DYNAMIC_KHR)
    again = await sandbox.pay(account, DYNAMIC_KHR)
    keys = [i["idempotencyKey"] for i in bakong.instructions()]
    return len(keys), len(set(keys)), response.json()["paymentId"] == again.json()["paymentId"], \
        await sandbox.balance(account)


async def timed_out_then_found(sandbox: Sandbox, bakong: FakeBakong) -> Any:
    bakong.instruct.side_effect = [httpx.ReadTimeout, committed()]
    response, _ = await _pay(sandbox, DYNAMIC_KHR)
    return response.json()["status"], response.json()["bakongHash"] == HASH, bakong.by_ref.called


async def timed_out_keys(sandbox: Sandbox, bakong: FakeBakong) -> Any:
    bakong.instruct.side_effect = [httpx.ReadTimeout, committed()]
    await _pay(sandbox, DYNAMIC_KHR)
    keys = [i["idempotencyKey"] for i in bakong.instructions()]
    return len(set(keys)), bakong.by_ref.called


async def duplicate(sandbox: Sandbox, bakong: FakeBakong) -> Any:
    bakong.instruct.side_effect = [httpx.ReadTimeout, committed(duplicate=True)]
    response, account = await _pay(sandbox, DYNAMIC_KHR)
    return response.json()["status"], await sandbox.balance(account)


async def rejection(sandbox: Sandbox, bakong: FakeBakong) -> Any:
    bakong.instruct.mock(rejected("QR_ALREADY_PAID"))
    response, account = await _pay(sandbox, DYNAMIC_KHR)
    return response.json()["status"], await sandbox.balance(account)


async def reported_hash(sandbox: Sandbox, bakong: FakeBakong) -> Any:
    response, _ = await _pay(sandbox, DYNAMIC_KHR)
    payment = response.json()
    return payment["bakongHash"] == HASH, \
        payment["bakongHash"] == hashlib.sha256(payment["externalRef"].encode()).hexdigest()


async def authorization(sandbox: Sandbox, bakong: FakeBakong) -> Any:
    await sandbox.confirm([order()])
    return bakong.by_md5.calls.last.request.headers["authorization"]


async def not_found(sandbox: Sandbox, bakong: FakeBakong) -> Any:
    bakong.by_md5_list.side_effect = list_answer({})
    return [a["status"] for a in await sandbox.confirm([order()]) + await sandbox.confirm([order("a"), order("b")])]


async def other_amount(sandbox: Sandbox, bakong: FakeBakong) -> Any:
    bakong.by_md5.mock(envelope(transaction(amount=1)))
    return [a["status"] for a in await sandbox.confirm([order()])]


async def expired_token(sandbox: Sandbox, bakong: FakeBakong) -> Any:
    bakong.by_md5.side_effect = [unauthorized(), envelope(transaction())]
    return [a["status"] for a in await sandbox.confirm([order()])], bakong.renew.called


async def rate_limited(sandbox: Sandbox, bakong: FakeBakong) -> Any:
    bakong.by_md5.side_effect = [too_many(60), envelope(error_code=1), envelope(error_code=1)]
    first = await sandbox.confirm([order()])
    calls_in_first = len(bakong.by_md5.calls)
    second = await sandbox.confirm([order()], now=NOW + 10_000)
    return first[0]["status"], calls_in_first, second[0]["status"], len(bakong.by_md5.calls)


async def list_sizes(sandbox: Sandbox, bakong: FakeBakong) -> Any:
    answers = await sandbox.confirm([order(f"order-{n:03d}") for n in range(120)])
    return [len(body) for body in bakong.bodies(bakong.by_md5_list)], len(answers)


CASES = [
    pytest.param("instruction-amount-as-number", sent_amount_usd, [("1.50", "USD"), ("500", "KHR")],
                 [(1.5, "USD"), (500.0, "KHR")], id="instruction-amount-as-number"),
    pytest.param("amount-in-minor-units", sent_amount_usd, [("1.50", "USD"), ("500", "KHR")],
                 [("150", "USD"), ("500", "KHR")], id="amount-in-minor-units"),
    pytest.param("currency-always-khr", sent_amount_usd, [("1.50", "USD"), ("500", "KHR")],
                 [("1.50", "KHR"), ("500", "KHR")], id="currency-always-khr"),
    pytest.param("sends-other-participant-id", sent_as, ("REFBKHPP", [f"Bearer {SWITCH_CREDENTIAL}"]),
                 ("OTHRKHPP", [f"Bearer {SWITCH_CREDENTIAL}"]), id="sends-other-participant-id"),
    pytest.param("switch-without-credential", sent_as, ("REFBKHPP", [f"Bearer {SWITCH_CREDENTIAL}"]),
                 ("REFBKHPP", [None]), id="switch-without-credential"),
    pytest.param("payment-md5-without-crc", md5s, (khqr.md5_hex(DYNAMIC_KHR),) * 2,
                 (khqr.md5_hex(DYNAMIC_KHR[:-8]),) * 2, id="payment-md5-without-crc"),
    pytest.param("static-amount-truncated", static_usd, ("12.75", "12.75", Decimal("7.25")),
                 ("12", "12", Decimal("8")), id="static-amount-truncated"),
    pytest.param("dynamic-amount-overridden", dynamic_other_amount, (422, [], Decimal(100000)),
                 (200, ["600"], Decimal(99400)), id="dynamic-amount-overridden"),
    pytest.param("pays-expired-qr", expired, (422, 0), (200, 1), id="pays-expired-qr"),
    pytest.param("pays-without-crc-check", bad_crc, (422, 0), (200, 1), id="pays-without-crc-check"),
    pytest.param("overdraws-account", over_balance, (422, Decimal(100)), (200, Decimal(-400)),
                 id="overdraws-account"),
    pytest.param("retry-debits-again", retried, (1, 1, True, Decimal(99500)), (2, 2, False, Decimal(99000)),
                 id="retry-debits-again"),
    pytest.param("success-on-timeout", timed_out_then_found, ("SUCCEEDED", True, True),
                 ("SUCCEEDED", False, False), id="success-on-timeout"),
    pytest.param("resends-with-new-key", timed_out_keys, (1, True), (2, False), id="resends-with-new-key"),
    pytest.param("duplicate-answer-as-rejection", duplicate, ("SUCCEEDED", Decimal(99500)),
                 ("REJECTED", Decimal(100000)), id="duplicate-answer-as-rejection"),
    pytest.param("keeps-debit-on-rejection", rejection, ("REJECTED", Decimal(100000)), ("REJECTED", Decimal(99500)),
                 id="keeps-debit-on-rejection"),
    pytest.param("reports-own-reference-as-hash", reported_hash, (True, False), (False, True),
                 id="reports-own-reference-as-hash"),
    pytest.param("open-api-token-without-bearer", authorization, f"Bearer {OPEN_API_TOKEN}", OPEN_API_TOKEN,
                 id="open-api-token-without-bearer"),
    pytest.param("not-found-as-failed", not_found, ["NOT_PAID"] * 3, ["FAILED"] * 3, id="not-found-as-failed"),
    pytest.param("confirms-any-amount", other_amount, ["MISMATCH"], ["PAID"], id="confirms-any-amount"),
    pytest.param("token-not-renewed", expired_token, (["PAID"], True), (["RETRY_LATER"], False),
                 id="token-not-renewed"),
    pytest.param("retries-at-once-on-429", rate_limited, ("RETRY_LATER", 1, "RETRY_LATER", 1),
                 ("NOT_PAID", 2, "NOT_PAID", 3), id="retries-at-once-on-429"),
    pytest.param("list-call-with-51-items", list_sizes, ([50, 50, 20], 120), ([51, 51, 18], 120),
                 id="list-call-with-51-items"),
]


@pytest.mark.parametrize(("defect", "scenario", "correct", "defective"), CASES)
async def test_defect_changes_the_behaviour_it_claims(defect: str, scenario: Scenario, correct: Any,
                                                      defective: Any) -> None:
    assert await _observe(None, scenario) == correct
    assert await _observe(defect, scenario) == defective


def test_every_claimed_defect_has_a_behaviour_test() -> None:
    assert sorted(str(case.values[0]) for case in CASES) == sorted(CLAIMS)
