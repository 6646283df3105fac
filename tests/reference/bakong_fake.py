"""A canned Bakong for the reference participant's tests: named respx routes for the switch and the Open API,
answer builders, and a client for the participant's sandbox (in-process, over ``httpx.ASGITransport``).

Deliberately independent of ``bakong_conformance.networks`` (the real simulator): each test writes the answers
it needs, so the participant's behaviour is pinned down answer by answer.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

import httpx
import respx

from bakong_conformance import khqr, schemas
from bakong_conformance.reference import create_app
from bakong_conformance.reference._rewrite import rewrite

TOKEN = "participant-token"
SWITCH = "http://switch.bakong.test"
OPEN_API = "http://open-api.bakong.test"
EMAIL = "psp@example.com"
SWITCH_CREDENTIAL = "switch-credential-of-the-fake-0001"
OPEN_API_TOKEN = "first-open-api-token"
RENEWED_TOKEN = "renewed-open-api-token"
NOW = 1742250600000
HASH = hashlib.sha256(b"bakong transaction").hexdigest()
OTHER_HASH = hashlib.sha256(b"another bakong transaction").hexdigest()

_MERCHANT = {"kind": "merchant", "bakongAccountID": "shop@nbcq", "merchantName": "Coffee Shop",
             "merchantCity": "Phnom Penh", "merchantID": "123456", "acquiringBank": "Dev Bank"}
_INDIVIDUAL = {"kind": "individual", "bakongAccountID": "jonhsmith@nbcq", "merchantName": "Jonh Smith",
               "merchantCity": "Phnom Penh"}


def _qr(details: dict[str, Any]) -> str:
    return khqr.generate(details, now_ms=NOW).qr


STATIC_KHR = _qr({**_MERCHANT, "currency": "KHR"})
STATIC_USD = _qr({**_INDIVIDUAL, "currency": "USD"})
DYNAMIC_KHR = _qr({**_INDIVIDUAL, "currency": "KHR", "amount": 500, "expirationTimestamp": NOW + 60_000})
DYNAMIC_USD = _qr({**_INDIVIDUAL, "currency": "USD", "amount": 1.5, "expirationTimestamp": NOW + 60_000})
BAD_CRC = STATIC_KHR[:-4] + ("0000" if not STATIC_KHR.endswith("0000") else "1111")
THAI_BAHT = rewrite(STATIC_KHR, lambda objects: [(t, "764" if t == "53" else v) for t, v in objects])


# --- answers ---------------------------------------------------------------------------------------------------
def committed(bakong_hash: str = HASH, *, duplicate: bool = False) -> httpx.Response:
    """The switch settled the instruction."""
    return httpx.Response(200, json={"status": "COMMITTED", "hash": bakong_hash, "instructionRef": "IR-1",
                                     "externalRef": "x", "duplicate": duplicate, "acknowledgedDateMs": NOW})


def rejected(code: str = "PAYEE_NOT_FOUND", status: int = 200) -> httpx.Response:
    """The switch refused the instruction."""
    return httpx.Response(status, json={"status": "REJECTED", "reason": {"code": code, "message": f"{code} here"},
                                        "externalRef": "x", "duplicate": False, "acknowledgedDateMs": NOW})


def envelope(data: Any = None, error_code: int | None = None, status: int = 200,
             headers: dict[str, str] | None = None) -> httpx.Response:
    """An Open API answer: success when ``error_code`` is None."""
    body = {"responseCode": 0 if error_code is None else 1, "responseMessage": "...", "errorCode": error_code,
            "data": data}
    return httpx.Response(status, json=body, headers=headers)


def transaction(to_account: str = "shop@nbcq", amount: float = 5000, currency: str = "KHR",
                bakong_hash: str = HASH) -> dict[str, Any]:
    """A Bakong transaction object."""
    return {"hash": bakong_hash, "fromAccountId": "c000001@refb", "toAccountId": to_account, "currency": currency,
            "amount": amount, "description": None, "createdDateMs": NOW, "acknowledgedDateMs": NOW,
            "externalRef": "RB000000000001"}


NOT_FOUND = 1
UNAUTHORIZED = 6


def unauthorized() -> httpx.Response:
    """The Open API refuses the token."""
    return envelope(error_code=UNAUTHORIZED, status=401)


def too_many(retry_after_s: int) -> httpx.Response:
    """The Open API asks to wait."""
    return envelope(error_code=None, status=429, headers={"Retry-After": str(retry_after_s)})


# --- the fake ---------------------------------------------------------------------------------------------------
class FakeBakong:
    """Named routes for the switch and the Open API on one respx router; every other URL is an error."""

    def __init__(self) -> None:
        self.router = respx.Router(assert_all_mocked=True, assert_all_called=False)
        self.instruct = self.router.post(f"{SWITCH}/switch/v1/instructions", name="instruct").mock(committed())
        self.renew = self.router.post(f"{OPEN_API}/v1/renew_token", name="renew_token").mock(
            envelope({"token": RENEWED_TOKEN}))
        not_found = envelope(error_code=NOT_FOUND)
        self.by_ref = self.router.post(f"{OPEN_API}/v1/check_transaction_by_external_ref", name="by_ref").mock(
            not_found)
        self.by_md5 = self.router.post(f"{OPEN_API}/v1/check_transaction_by_md5", name="by_md5").mock(not_found)
        self.by_md5_list = self.router.post(f"{OPEN_API}/v1/check_transaction_by_md5_list", name="by_md5_list")
        self.by_md5_list.side_effect = _all_not_found
        self.transport = httpx.MockTransport(self.router.async_handler)

    def instructions(self) -> list[dict[str, Any]]:
        """Every instruction body sent, in order."""
        return [json.loads(call.request.content) for call in self.instruct.calls]

    def instruction_authorizations(self) -> list[str | None]:
        """The Authorization header of every instruction sent, in order (None: none)."""
        return [call.request.headers.get("authorization") for call in self.instruct.calls]

    def bodies(self, route: respx.Route) -> list[Any]:
        """Every JSON body sent to ``route``."""
        return [json.loads(call.request.content) for call in route.calls]


def _all_not_found(request: httpx.Request) -> httpx.Response:
    items = [{"md5": md5, "status": "NOT_FOUND", "message": "not found", "data": None}
             for md5 in json.loads(request.content)]
    return envelope(items)


def list_answer(statuses: dict[str, tuple[str, dict[str, Any] | None]]) -> Any:
    """A list side effect answering each md5 with ``statuses[md5]`` (default NOT_FOUND)."""
    def answer(request: httpx.Request) -> httpx.Response:
        items = []
        for md5 in json.loads(request.content):
            status, data = statuses.get(md5, ("NOT_FOUND", None))
            items.append({"md5": md5, "status": status, "message": status, "data": data})
        return envelope(items)
    return answer


# --- the participant --------------------------------------------------------------------------------------------
class Sandbox:
    """The reference participant's sandbox, called in-process; every answer is checked against the contract."""

    def __init__(self, bakong: FakeBakong, defects: Iterable[str] = (), timeout_s: float = 1.0) -> None:
        app = create_app(token=TOKEN, defects=defects, clock=lambda: NOW, networks_transport=bakong.transport,
                         bakong_timeout_s=timeout_s)
        self.client = httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://participant.test",
                                        headers={"Authorization": f"Bearer {TOKEN}"})

    async def call(self, method: str, path: str, body: Any = None, **schema_of: str) -> httpx.Response:
        """One call; ``schema_of`` maps ``_<status>`` to the schema its answer must follow."""
        response = await self.client.request(method, path, json=body)
        schema = schema_of.get(f"_{response.status_code}", "error" if response.status_code != 200 else None)
        if schema is not None:
            assert schemas.violations(response.json(), "participant-api", "v1", schema) == []
        return response

    async def connect(self, token: str = OPEN_API_TOKEN) -> None:
        """Tell the sandbox where the fake Bakong is."""
        body = {"switchUrl": SWITCH, "switchCredential": SWITCH_CREDENTIAL, "openApiUrl": OPEN_API,
                "openApiEmail": EMAIL, "openApiToken": token}
        response = await self.call("POST", "/v1/sandbox/bakong", body, _200="bakong-connected")
        assert response.json() == {"connected": True}

    async def open_account(self, currency: str = "KHR", balance: str = "100000") -> str:
        """A new account's ID."""
        response = await self.call("POST", "/v1/sandbox/accounts", {"currency": currency, "balance": balance},
                                   _200="account")
        return str(response.json()["accountId"])

    async def balance(self, account_id: str) -> Decimal:
        """The account's balance now."""
        response = await self.call("GET", f"/v1/sandbox/accounts/{account_id}", _200="account")
        return Decimal(response.json()["balance"])

    async def pay(self, account_id: str, qr: str, key: str = "key-0000000000000001", **extra: Any) -> httpx.Response:
        """``POST /v1/payments`` (the answer checked against its schema)."""
        body = {"fromAccountId": account_id, "qr": qr, "idempotencyKey": key, "sandboxNow": NOW, **extra}
        return await self.call("POST", "/v1/payments", body, _200="payment")

    async def payment(self, payment_id: str, now: int = NOW) -> httpx.Response:
        """``GET /v1/payments/{paymentId}``."""
        return await self.call("GET", f"/v1/payments/{payment_id}?sandboxNow={now}", _200="payment")

    async def confirm(self, orders: list[dict[str, Any]], now: int = NOW) -> list[dict[str, Any]]:
        """``POST /v1/merchant/confirmations``: the answers."""
        response = await self.call("POST", "/v1/merchant/confirmations", {"orders": orders, "sandboxNow": now},
                                   _200="confirmation-response")
        assert response.status_code == 200, response.text
        return list(response.json()["orders"])


def order(order_id: str = "order-1", md5: str | None = None, *, to_account: str = "shop@nbcq",
          amount: str = "5000", currency: str = "KHR") -> dict[str, Any]:
    """An order of the confirmation request."""
    md5 = md5 or hashlib.md5(order_id.encode()).hexdigest()
    return {"orderId": order_id, "md5": md5, "toAccountId": to_account, "amount": amount, "currency": currency}
