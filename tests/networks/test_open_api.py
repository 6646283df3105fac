"""The Bakong Open API of the simulator: every endpoint's envelope and NBC's error codes (khqr.md §3.2)."""

from __future__ import annotations

from typing import Any

import anyio
import httpx
import pytest

from bakong_conformance import khqr, schemas
from bakong_conformance.networks import SIMULATOR_URL, BakongSimulator, FakeClock, Transaction, in_process_transport

from .support import EMAIL, MINUTE_MS, PAYEE, PAYER, SHOP, Post, envelope_problems

NOT_FOUND = "Transaction could not be found. Please check and try again."


@pytest.fixture
def paid(simulator: BakongSimulator, dynamic_qr: khqr.Generated) -> Transaction:
    """The dynamic QR, settled by another bank's customer."""
    return simulator.settle(dynamic_qr.qr, from_account_id=PAYER)


def check(simulator: BakongSimulator, token: str | None, endpoint: str, body: Any) -> tuple[int, dict[str, Any]]:
    """The harness's own call of ``/v1/<endpoint>``, its envelope checked against the schema."""
    status, envelope = simulator.call_open_api(f"/v1/{endpoint}", body, token=token)
    assert envelope_problems(envelope) == []
    return status, envelope


def assert_found(answer: tuple[int, dict[str, Any]], transaction: Transaction) -> None:
    status, envelope = answer
    assert (status, envelope["responseCode"], envelope["errorCode"]) == (200, 0, None)
    assert envelope["data"] == transaction.as_open_api()
    assert schemas.violations(envelope["data"], "bakong-open-api", "v1", "transaction") == []


def assert_not_found(answer: tuple[int, dict[str, Any]]) -> None:
    assert answer == (200, {"responseCode": 1, "responseMessage": NOT_FOUND, "errorCode": 1, "data": None})


# --- renew_token ---------------------------------------------------------------------------------------------


def test_renew_token__registered_email_gets_a_jwt(simulator: BakongSimulator, clock: FakeClock) -> None:
    status, envelope = check(simulator, None, "renew_token", {"email": EMAIL})
    token = envelope["data"]["token"]
    assert (status, envelope["responseCode"], envelope["responseMessage"]) == (200, 0, "Token has been issued")
    assert token.startswith("eyJ")
    assert token.count(".") == 2
    assert simulator.call_open_api("/v1/check_transaction_by_hash", {"hash": "0" * 64}, token=token)[0] == 200


def test_renew_token__unknown_email_is_error_10(simulator: BakongSimulator) -> None:
    status, envelope = check(simulator, None, "renew_token", {"email": "who@example.com"})
    assert (status, envelope["responseCode"], envelope["errorCode"]) == (200, 1, 10)
    assert envelope["responseMessage"] == "Not registered yet"


def test_renew_token__is_recorded_with_the_token_redacted(simulator: BakongSimulator) -> None:
    _, envelope = simulator.call_open_api("/v1/renew_token", {"email": EMAIL}, token=None)
    (call,) = simulator.open_api_calls
    assert call.envelope["data"]["token"] == "<redacted>"
    assert envelope["data"]["token"] not in repr(call)
    assert (call.path, call.auth, call.by_harness, call.status) == ("/v1/renew_token", "none", True, 200)


# --- check_transaction_* -------------------------------------------------------------------------------------


def test_by_md5__paid_dynamic_qr_is_found(simulator: BakongSimulator, token: str, paid: Transaction) -> None:
    assert_found(check(simulator, token, "check_transaction_by_md5", {"md5": paid.md5}), paid)


def test_by_md5__unpaid_is_not_found_with_http_200(simulator: BakongSimulator, token: str,
                                                  dynamic_qr: khqr.Generated) -> None:
    assert_not_found(check(simulator, token, "check_transaction_by_md5", {"md5": dynamic_qr.md5}))


def test_by_md5__static_qr_is_error_2(simulator: BakongSimulator, token: str, static_qr: khqr.Generated) -> None:
    simulator.settle(static_qr.qr, from_account_id=PAYER, amount="2.50")
    status, envelope = check(simulator, token, "check_transaction_by_md5", {"md5": static_qr.md5})
    assert (status, envelope["responseCode"], envelope["errorCode"], envelope["data"]) == (200, 1, 2, None)


def test_by_hash__found_and_not_found(simulator: BakongSimulator, token: str, paid: Transaction) -> None:
    assert_found(check(simulator, token, "check_transaction_by_hash", {"hash": paid.hash}), paid)
    assert_not_found(check(simulator, token, "check_transaction_by_hash", {"hash": "f" * 64}))


def test_by_short_hash__needs_prefix_amount_and_currency(simulator: BakongSimulator, token: str,
                                                         paid: Transaction) -> None:
    body = {"hash": paid.short_hash, "amount": 5000, "currency": "KHR"}
    assert_found(check(simulator, token, "check_transaction_by_short_hash", body), paid)
    assert_found(check(simulator, token, "check_transaction_by_short_hash", {**body, "amount": 5000.0}), paid)
    assert_not_found(check(simulator, token, "check_transaction_by_short_hash", {**body, "amount": 5001}))
    assert_not_found(check(simulator, token, "check_transaction_by_short_hash", {**body, "currency": "USD"}))


def test_by_short_hash__dollar_amount_matches_by_value(simulator: BakongSimulator, token: str,
                                                       static_qr: khqr.Generated) -> None:
    paid = simulator.settle(static_qr.qr, from_account_id=PAYER, amount="1.50")
    body = {"hash": paid.short_hash, "amount": 1.5, "currency": "USD"}
    assert_found(check(simulator, token, "check_transaction_by_short_hash", body), paid)
    assert paid.as_open_api()["amount"] == 1.5


@pytest.mark.parametrize("short", ["8465d72", "8465D722", "8465d7221"])
def test_by_short_hash__not_8_lower_hex_is_error_5(simulator: BakongSimulator, token: str, short: str) -> None:
    status, envelope = check(simulator, token, "check_transaction_by_short_hash",
                             {"hash": short, "amount": 1, "currency": "KHR"})
    assert (status, envelope["errorCode"]) == (400, 5)


def test_by_instruction_ref_and_external_ref(simulator: BakongSimulator, token: str, paid: Transaction) -> None:
    assert paid.instruction_ref.startswith("BKI")
    assert_found(check(simulator, token, "check_transaction_by_instruction_ref",
                       {"instructionRef": paid.instruction_ref}), paid)
    assert_found(check(simulator, token, "check_transaction_by_external_ref", {"externalRef": paid.external_ref}),
                 paid)
    assert_not_found(check(simulator, token, "check_transaction_by_external_ref", {"externalRef": "nope"}))


def test_md5_list__one_item_per_md5_in_order(simulator: BakongSimulator, token: str, paid: Transaction,
                                            static_qr: khqr.Generated) -> None:
    simulator.settle(static_qr.qr, from_account_id=PAYER, amount="3.00")
    status, envelope = check(simulator, token, "check_transaction_by_md5_list",
                             [static_qr.md5, "0" * 32, paid.md5])
    assert (status, envelope["responseCode"]) == (200, 0)
    assert [(item["md5"], item["status"]) for item in envelope["data"]] == [
        (static_qr.md5, "STATIC_QR"), ("0" * 32, "NOT_FOUND"), (paid.md5, "SUCCESS")]
    assert envelope["data"][2]["data"] == paid.as_open_api()
    for item in envelope["data"]:
        assert schemas.violations(item, "bakong-open-api", "v1", "transaction-list-item") == []


def test_hash_list__found_and_not_found(simulator: BakongSimulator, token: str, paid: Transaction) -> None:
    _, envelope = check(simulator, token, "check_transaction_by_hash_list", [paid.hash, "a" * 64])
    assert [(item["hash"], item["status"], item["data"] is None) for item in envelope["data"]] == [
        (paid.hash, "SUCCESS", False), ("a" * 64, "NOT_FOUND", True)]


@pytest.mark.parametrize("endpoint", ["check_transaction_by_md5_list", "check_transaction_by_hash_list"])
def test_lists__50_items_pass_51_are_error_5(simulator: BakongSimulator, token: str, endpoint: str) -> None:
    fifty = [f"{n:032x}" for n in range(50)]
    status, envelope = check(simulator, token, endpoint, fifty)
    assert (status, envelope["responseCode"], len(envelope["data"])) == (200, 0, 50)
    status, envelope = check(simulator, token, endpoint, [*fifty, "f" * 32])
    assert (status, envelope["responseCode"], envelope["errorCode"], envelope["data"]) == (400, 1, 5, None)
    assert "51 items" in simulator.open_api_calls[-1].problems[0]


@pytest.mark.parametrize(("endpoint", "body", "problem"), [
    pytest.param("check_transaction_by_md5", {}, '"md5" is a required property', id="md5-missing"),
    pytest.param("check_transaction_by_md5", {"md5": 7}, 'is not of type "string"', id="md5-number"),
    pytest.param("check_transaction_by_hash", {"hash": None}, 'is not of type "string"', id="hash-null"),
    pytest.param("check_transaction_by_short_hash", {"hash": "8465d722", "amount": "1", "currency": "KHR"},
                 'is not of type "number"', id="amount-string"),
    pytest.param("check_transaction_by_md5_list", {"md5": "x"}, 'is not of type "array"', id="list-object"),
    pytest.param("check_transaction_by_hash_list", ["a", 1], 'is not of type "string"', id="list-item-number"),
    pytest.param("renew_token", {"mail": EMAIL}, '"email" is a required property', id="email-missing"),
    pytest.param("generate_deeplink_by_qr", {"qr": "x", "sourceInfo": {"appName": "A"}},
                 '"appIconUrl" is a required property', id="source-info-partial"),
])
def test_missing_or_ill_typed_member_is_http_400_error_5(simulator: BakongSimulator, token: str, endpoint: str,
                                                         body: Any, problem: str) -> None:
    status, envelope = check(simulator, token, endpoint, body)
    assert (status, envelope["responseCode"], envelope["errorCode"]) == (400, 1, 5)
    assert any(problem in text for text in simulator.open_api_calls[-1].problems)


# --- check_bakong_account ------------------------------------------------------------------------------------


@pytest.mark.parametrize(("account_id", "expected"), [
    pytest.param(PAYEE, (0, None), id="registered"),
    pytest.param("nobody@nbcq", (1, 11), id="unknown"),
    pytest.param("no-at-sign", (1, 12), id="no-at"),
    pytest.param("a@b@c", (1, 12), id="two-at"),
    pytest.param("a" * 28 + "@nbcq", (1, 12), id="33-characters"),
])
def test_check_bakong_account(simulator: BakongSimulator, account_id: str, expected: tuple[int, int | None]) -> None:
    status, envelope = check(simulator, None, "check_bakong_account", {"accountId": account_id})
    assert (status, envelope["responseCode"], envelope["errorCode"], envelope["data"]) == (200, *expected, None)


def test_check_bakong_account__a_payer_seen_in_the_ledger_exists(simulator: BakongSimulator,
                                                                 paid: Transaction) -> None:
    _, envelope = check(simulator, None, "check_bakong_account", {"accountId": PAYER})
    assert envelope["responseCode"] == 0


# --- generate_deeplink_by_qr ---------------------------------------------------------------------------------


def test_deeplink__valid_qr_gets_a_stable_short_link(simulator: BakongSimulator, static_qr: khqr.Generated) -> None:
    status, envelope = check(simulator, None, "generate_deeplink_by_qr", {"qr": static_qr.qr})
    link = envelope["data"]["shortLink"]
    assert (status, envelope["responseCode"]) == (200, 0)
    assert link.startswith("https://bakongsit.page.link/")
    assert len(link) > len("https://bakongsit.page.link/")
    assert check(simulator, None, "generate_deeplink_by_qr", {"qr": static_qr.qr})[1]["data"]["shortLink"] == link


def test_deeplink__expired_or_broken_qr_is_http_400_error_5(simulator: BakongSimulator, clock: FakeClock,
                                                           dynamic_qr: khqr.Generated) -> None:
    assert check(simulator, None, "generate_deeplink_by_qr", {"qr": dynamic_qr.qr})[0] == 200
    clock.advance(11 * MINUTE_MS)
    status, envelope = check(simulator, None, "generate_deeplink_by_qr", {"qr": dynamic_qr.qr})
    assert (status, envelope["errorCode"]) == (400, 5)
    assert check(simulator, None, "generate_deeplink_by_qr", {"qr": dynamic_qr.qr[:-4] + "0000"})[0] == 400


# --- the wire: paths, methods, bodies --------------------------------------------------------------------------


def test_unknown_path_is_a_404_envelope(post: Post) -> None:
    response = post("/v1/check_transaction_by_nothing", json={})
    assert response.status_code == 404
    assert response.json()["responseCode"] == 1
    assert envelope_problems(response.json()) == []


def test_get_is_405(simulator: BakongSimulator) -> None:
    async def get() -> httpx.Response:
        async with httpx.AsyncClient(transport=in_process_transport(simulator), base_url=SIMULATOR_URL) as client:
            return await client.get("/v1/renew_token")
    response = anyio.run(get)
    assert (response.status_code, response.headers["allow"]) == (405, "POST")
    assert envelope_problems(response.json()) == []


def test_body_that_is_not_json_is_error_5(post: Post, token: str) -> None:
    response = post("/v1/check_transaction_by_md5", content=b"md5=abc", headers={"Authorization": f"Bearer {token}"})
    assert (response.status_code, response.json()["errorCode"]) == (400, 5)


def test_body_over_256_kib_is_413(post: Post, token: str) -> None:
    response = post("/v1/check_transaction_by_md5", json={"md5": "a" * 300_000},
                    headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 413
    assert envelope_problems(response.json()) == []


def test_shop_payee_of_a_static_settlement_becomes_known(simulator: BakongSimulator,
                                                         static_qr: khqr.Generated) -> None:
    fresh = BakongSimulator(simulator.clock)
    fresh.settle(static_qr.qr, from_account_id=PAYER, amount="1.00")
    _, envelope = fresh.call_open_api("/v1/check_bakong_account", {"accountId": SHOP}, token=None)
    assert envelope["responseCode"] == 0
