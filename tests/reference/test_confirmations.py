"""The reference participant confirms merchant orders with the Bakong Open API correctly (confirmOrders)."""

from __future__ import annotations

import httpx
import pytest

from .bakong_fake import (
    EMAIL,
    HASH,
    NOW,
    OPEN_API_TOKEN,
    RENEWED_TOKEN,
    FakeBakong,
    Sandbox,
    envelope,
    list_answer,
    order,
    too_many,
    transaction,
    unauthorized,
)

pytestmark = pytest.mark.anyio


@pytest.fixture
def bakong() -> FakeBakong:
    return FakeBakong()


@pytest.fixture
async def sandbox(bakong: FakeBakong) -> Sandbox:
    sandbox = Sandbox(bakong)
    await sandbox.connect()
    return sandbox


def statuses(answers: list[dict[str, object]]) -> list[object]:
    return [answer["status"] for answer in answers]


# --- one order ------------------------------------------------------------------------------------------------------
async def test_one_order_is_looked_up_by_md5_with_the_bearer_token(sandbox: Sandbox, bakong: FakeBakong) -> None:
    bakong.by_md5.mock(envelope(transaction()))
    the_order = order()
    assert await sandbox.confirm([the_order]) == [{"orderId": "order-1", "status": "PAID", "bakongHash": HASH}]
    assert bakong.bodies(bakong.by_md5) == [{"md5": the_order["md5"]}]
    assert bakong.by_md5.calls.last.request.headers["authorization"] == f"Bearer {OPEN_API_TOKEN}"
    assert not bakong.by_md5_list.called


@pytest.mark.parametrize(("found", "expected"), [
    pytest.param(transaction(amount=5000.0), "PAID", id="amount-as-float"),
    pytest.param(transaction(amount=4999), "MISMATCH", id="other-amount"),
    pytest.param(transaction(currency="USD"), "MISMATCH", id="other-currency"),
    pytest.param(transaction(to_account="thief@nbcq"), "MISMATCH", id="other-payee"),
])
async def test_transaction_must_match_the_order(sandbox: Sandbox, bakong: FakeBakong, found: dict[str, object],
                                                expected: str) -> None:
    bakong.by_md5.mock(envelope(found))
    (answer,) = await sandbox.confirm([order()])
    assert (answer["status"], answer["bakongHash"]) == (expected, HASH)


async def test_dollar_amount_matches_numerically(sandbox: Sandbox, bakong: FakeBakong) -> None:
    bakong.by_md5.mock(envelope(transaction(amount=12.5, currency="USD")))
    assert statuses(await sandbox.confirm([order(amount="12.50", currency="USD")])) == ["PAID"]


@pytest.mark.parametrize(("answer", "expected"), [
    pytest.param(envelope(error_code=1), "NOT_PAID", id="not-found"),
    pytest.param(envelope(error_code=2), "NOT_PAID", id="static-qr"),
    pytest.param(envelope(error_code=3), "FAILED", id="failed"),
    pytest.param(httpx.Response(500), "RETRY_LATER", id="server-error"),
    pytest.param(httpx.ReadTimeout, "RETRY_LATER", id="timeout"),
    pytest.param(envelope({"hash": "not-a-hash"}), "RETRY_LATER", id="unreadable-transaction"),
])
async def test_single_lookup_answers_are_mapped(sandbox: Sandbox, bakong: FakeBakong,
                                                answer: httpx.Response | type[Exception],
                                                expected: str) -> None:
    bakong.by_md5.side_effect = [answer]
    assert await sandbox.confirm([order()]) == [{"orderId": "order-1", "status": expected, "bakongHash": None}]


# --- lists ----------------------------------------------------------------------------------------------------------
async def test_many_orders_are_looked_up_in_lists_of_at_most_50(sandbox: Sandbox, bakong: FakeBakong) -> None:
    orders = [order(f"order-{n:03d}") for n in range(120)]
    paid = {orders[7]["md5"]: ("SUCCESS", transaction()), orders[60]["md5"]: ("FAILED", None),
            orders[119]["md5"]: ("STATIC_QR", None), orders[100]["md5"]: ("SERVICE_FAILED", None)}
    bakong.by_md5_list.side_effect = list_answer(paid)
    answers = await sandbox.confirm(orders)
    assert [len(body) for body in bakong.bodies(bakong.by_md5_list)] == [50, 50, 20]
    assert [md5 for body in bakong.bodies(bakong.by_md5_list) for md5 in body] == [o["md5"] for o in orders]
    assert [a["orderId"] for a in answers] == [o["orderId"] for o in orders]
    assert (answers[7]["status"], answers[7]["bakongHash"]) == ("PAID", HASH)
    assert (answers[60]["status"], answers[119]["status"], answers[100]["status"]) == \
        ("FAILED", "NOT_PAID", "RETRY_LATER")
    assert statuses(answers).count("NOT_PAID") == 117
    assert not bakong.by_md5.called


async def test_list_transaction_may_come_under_transaction(sandbox: Sandbox, bakong: FakeBakong) -> None:
    orders = [order("a"), order("b")]

    def answer(request: httpx.Request) -> httpx.Response:
        return envelope([{"md5": orders[1]["md5"], "status": "SUCCESS", "message": "", "transaction": transaction()},
                         {"md5": orders[0]["md5"], "status": "NOT_FOUND", "message": "", "transaction": None}])
    bakong.by_md5_list.side_effect = answer
    assert statuses(await sandbox.confirm(orders)) == ["NOT_PAID", "PAID"]


async def test_order_missing_from_the_list_answer_is_retried_later(sandbox: Sandbox, bakong: FakeBakong) -> None:
    bakong.by_md5_list.side_effect = [envelope([])]
    assert statuses(await sandbox.confirm([order("a"), order("b")])) == ["RETRY_LATER", "RETRY_LATER"]


# --- rate limits ----------------------------------------------------------------------------------------------------
async def test_429_stops_calls_until_retry_after_has_passed(sandbox: Sandbox, bakong: FakeBakong) -> None:
    orders = [order(f"order-{n:03d}") for n in range(120)]
    bakong.by_md5_list.side_effect = [envelope([]), too_many(30)]
    answers = await sandbox.confirm(orders)
    assert statuses(answers)[50:] == ["RETRY_LATER"] * 70
    assert len(bakong.by_md5_list.calls) == 2
    assert statuses(await sandbox.confirm([order()], now=NOW + 29_999)) == ["RETRY_LATER"]
    assert not bakong.by_md5.called
    bakong.by_md5.mock(envelope(transaction()))
    assert statuses(await sandbox.confirm([order()], now=NOW + 30_000)) == ["PAID"]


async def test_a_new_connection_forgets_the_wait(sandbox: Sandbox, bakong: FakeBakong) -> None:
    bakong.by_md5.side_effect = [too_many(60), envelope(error_code=1)]
    assert statuses(await sandbox.confirm([order()])) == ["RETRY_LATER"]
    await sandbox.connect()
    assert statuses(await sandbox.confirm([order()])) == ["NOT_PAID"]


async def test_without_retry_after_the_wait_is_one_second(sandbox: Sandbox, bakong: FakeBakong) -> None:
    bakong.by_md5.side_effect = [httpx.Response(429), envelope(error_code=1)]
    assert statuses(await sandbox.confirm([order()])) == ["RETRY_LATER"]
    assert statuses(await sandbox.confirm([order()], now=NOW + 999)) == ["RETRY_LATER"]
    assert statuses(await sandbox.confirm([order()], now=NOW + 1000)) == ["NOT_PAID"]


# --- tokens ---------------------------------------------------------------------------------------------------------
async def test_refused_token_is_renewed_once_and_the_call_made_again(sandbox: Sandbox, bakong: FakeBakong) -> None:
    bakong.by_md5.side_effect = [unauthorized(), envelope(transaction()), envelope(error_code=1)]
    assert statuses(await sandbox.confirm([order()])) == ["PAID"]
    assert bakong.bodies(bakong.renew) == [{"email": EMAIL}]
    first, second = (call.request.headers["authorization"] for call in bakong.by_md5.calls[:2])
    assert (first, second) == (f"Bearer {OPEN_API_TOKEN}", f"Bearer {RENEWED_TOKEN}")
    assert statuses(await sandbox.confirm([order()])) == ["NOT_PAID"]
    assert bakong.by_md5.calls.last.request.headers["authorization"] == f"Bearer {RENEWED_TOKEN}"


async def test_error_code_6_on_http_200_also_renews(sandbox: Sandbox, bakong: FakeBakong) -> None:
    bakong.by_md5.side_effect = [envelope(error_code=6), envelope(error_code=1)]
    assert statuses(await sandbox.confirm([order()])) == ["NOT_PAID"]
    assert bakong.renew.called


async def test_token_that_cannot_be_renewed_means_retry_later(sandbox: Sandbox, bakong: FakeBakong) -> None:
    bakong.by_md5.mock(unauthorized())
    bakong.renew.mock(envelope(error_code=10))
    assert statuses(await sandbox.confirm([order()])) == ["RETRY_LATER"]
    assert len(bakong.by_md5.calls) == 1
    assert len(bakong.renew.calls) == 1


async def test_still_refused_after_renewal_means_retry_later(sandbox: Sandbox, bakong: FakeBakong) -> None:
    bakong.by_md5.mock(unauthorized())
    assert statuses(await sandbox.confirm([order()])) == ["RETRY_LATER"]
    assert len(bakong.by_md5.calls) == 2
    assert len(bakong.renew.calls) == 1


# --- requests -------------------------------------------------------------------------------------------------------
async def test_without_connection_every_order_is_retried_later(bakong: FakeBakong) -> None:
    sandbox = Sandbox(bakong)
    assert statuses(await sandbox.confirm([order("a"), order("b")])) == ["RETRY_LATER", "RETRY_LATER"]
    assert not bakong.router.calls


@pytest.mark.parametrize("body", [
    pytest.param({"orders": []}, id="no-orders"),
    pytest.param({"orders": [order()] * 501}, id="501-orders"),
    pytest.param({"orders": [{**order(), "md5": "A" * 32}]}, id="md5-upper-case"),
    pytest.param({"orders": [{**order(), "currency": "THB"}]}, id="currency"),
    pytest.param({"orders": [{**order(), "note": "x"}]}, id="unknown-member"),
    pytest.param({"orders": [order()], "sandboxNow": -1}, id="negative-now"),
    pytest.param({"orders": "order-1"}, id="not-a-list"),
])
async def test_malformed_confirmation_request_is_a_bad_request(sandbox: Sandbox, body: dict[str, object]) -> None:
    response = await sandbox.call("POST", "/v1/merchant/confirmations", body)
    assert (response.status_code, response.json()["error"]["code"]) == (400, "BAD_REQUEST")
