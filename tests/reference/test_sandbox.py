"""The reference participant's sandbox-only operations, its declared capabilities and its access guard."""

from __future__ import annotations

from decimal import Decimal

import httpx
import pytest

from bakong_conformance import schemas
from bakong_conformance.reference import create_app

from .bakong_fake import OPEN_API, SWITCH, TOKEN, FakeBakong, Sandbox

pytestmark = pytest.mark.anyio


@pytest.fixture
def sandbox() -> Sandbox:
    return Sandbox(FakeBakong())


async def test_info_declares_the_capabilities_it_implements(sandbox: Sandbox) -> None:
    info = (await sandbox.call("GET", "/v1/info", _200="info")).json()
    assert info["capabilities"] == ["khqr-issuer", "khqr-acceptor", "domestic-payer", "bakong-open-api-client",
                                    "alipay-plus-acquirer", "alipay-plus-wallet"]


@pytest.mark.parametrize(("currency", "balance", "shown"), [
    ("KHR", "100000", "100000"), ("USD", "25", "25.00"), ("USD", "0.5", "0.50"), ("KHR", "0", "0"),
])
async def test_account_is_opened_with_its_balance(sandbox: Sandbox, currency: str, balance: str, shown: str) -> None:
    account = (await sandbox.call("POST", "/v1/sandbox/accounts", {"currency": currency, "balance": balance},
                                  _200="account")).json()
    assert account["accountId"].endswith("@refb")
    assert len(account["accountId"]) == 12
    assert (account["currency"], account["balance"]) == (currency, shown)
    again = await sandbox.call("GET", f"/v1/sandbox/accounts/{account['accountId']}", _200="account")
    assert again.json() == account


async def test_accounts_get_distinct_ids(sandbox: Sandbox) -> None:
    assert await sandbox.open_account() != await sandbox.open_account()
    assert await sandbox.balance(await sandbox.open_account("USD", "1.25")) == Decimal("1.25")


async def test_unknown_path_is_the_documented_not_found_error(sandbox: Sandbox) -> None:
    response = await sandbox.call("GET", "/v1/merchant/no-such-operation")
    assert response.status_code == 404
    assert not schemas.violations(response.json(), "participant-api", "v1", "error")
    assert response.json()["error"]["code"] == "NOT_FOUND"


async def test_unknown_account_is_not_found(sandbox: Sandbox) -> None:
    response = await sandbox.call("GET", "/v1/sandbox/accounts/c999999@refb")
    assert (response.status_code, response.json()["error"]["code"]) == (404, "NOT_FOUND")


@pytest.mark.parametrize("body", [
    {"currency": "THB", "balance": "1"}, {"currency": "KHR", "balance": "1.234"}, {"currency": "KHR", "balance": 5},
    {"currency": "KHR", "balance": "-5"}, {"currency": "KHR"}, {"currency": "KHR", "balance": "1", "owner": "x"},
])
async def test_malformed_account_request_is_a_bad_request(sandbox: Sandbox, body: dict[str, object]) -> None:
    response = await sandbox.call("POST", "/v1/sandbox/accounts", body)
    assert (response.status_code, response.json()["error"]["code"]) == (400, "BAD_REQUEST")


GOOD_CONNECTION = {"switchUrl": SWITCH, "switchCredential": "example-switch-credential-0001", "openApiUrl": OPEN_API,
                   "openApiEmail": "psp@example.com", "openApiToken": "t"}


@pytest.mark.parametrize("change", [
    {"switchUrl": "ftp://switch.test"}, {"openApiUrl": "not a url"}, {"openApiEmail": "e" * 31},
    {"openApiToken": ""}, {"openApiToken": None}, {"extra": 1}, {"switchCredential": "short"},
    {"switchCredential": "with a space 0123456789"}, {"switchCredential": 12345678901234567},
])
async def test_malformed_connection_is_a_bad_request(sandbox: Sandbox, change: dict[str, object]) -> None:
    response = await sandbox.call("POST", "/v1/sandbox/bakong", {**GOOD_CONNECTION, **change})
    assert (response.status_code, response.json()["error"]["code"]) == (400, "BAD_REQUEST")


async def test_a_connection_without_a_switch_credential_is_a_bad_request(sandbox: Sandbox) -> None:
    body = {k: v for k, v in GOOD_CONNECTION.items() if k != "switchCredential"}
    response = await sandbox.call("POST", "/v1/sandbox/bakong", body)
    assert (response.status_code, response.json()["error"]["code"]) == (400, "BAD_REQUEST")


async def test_a_bad_switch_credential_is_not_repeated_in_the_error(sandbox: Sandbox) -> None:
    response = await sandbox.call("POST", "/v1/sandbox/bakong", {**GOOD_CONNECTION, "switchCredential": "secret 1"})
    assert response.status_code == 400
    assert "secret 1" not in response.text


async def test_connection_example_is_accepted(sandbox: Sandbox) -> None:
    response = await sandbox.call("POST", "/v1/sandbox/bakong", GOOD_CONNECTION, _200="bakong-connected")
    assert response.json() == {"connected": True}


@pytest.mark.parametrize(("method", "path"), [
    ("POST", "/v1/sandbox/bakong"), ("POST", "/v1/sandbox/accounts"), ("GET", "/v1/sandbox/accounts/c000001@refb"),
    ("POST", "/v1/payments"), ("GET", "/v1/payments/pay-1"), ("POST", "/v1/merchant/confirmations"),
])
async def test_banking_operations_need_the_token(sandbox: Sandbox, method: str, path: str) -> None:
    response = await sandbox.client.request(method, path, json={}, headers={"Authorization": "Bearer wrong"})
    assert (response.status_code, response.json()["error"]["code"]) == (401, "UNAUTHORIZED")
    assert schemas.violations(response.json(), "participant-api", "v1", "error") == []


async def test_body_over_the_cap_is_a_bad_request(sandbox: Sandbox) -> None:
    response = await sandbox.client.post("/v1/payments", content=b"{" + b" " * 70_000 + b"}")
    assert response.status_code == 400


async def test_shutdown_closes_the_bakong_client() -> None:
    closed: list[bool] = []

    class Transport(httpx.AsyncBaseTransport):
        async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
            return httpx.Response(500)

        async def aclose(self) -> None:
            closed.append(True)
    app = create_app(token=TOKEN, networks_transport=Transport())
    async with app.router.lifespan_context(app):
        assert closed == []
    assert closed == [True]
