"""A small fake Alipay+ for the reference participant's tests, in either Alipay+ role, and what both roles' tests
share: Alipay+'s key pair of these tests, its signed requests to the participant (spoilt as a test plans) and
the participant's answers, checked to verify with the reference participant's public key.

The fake verifies and keeps every request the participant sends it (``notifyPushPayment``, ``refund`` from the
acquirer; ``userInitiatedPay``, ``notifyPayment`` from the wallet), checks it against its schema, and answers as
planned: a result code, ``late`` (a success answered only after the participant gave up) or ``badly-signed``
(a success signed with another key); ``SUCCESS`` when nothing is planned. A wallet's ``userInitiatedPay`` is
answered, on success, with the order the test gave for the code (:meth:`FakeAlipayPlus.order`).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

import httpx

from bakong_conformance import schemas
from bakong_conformance.alipay_plus import (
    KeyPair,
    SignatureProblem,
    format_time,
    load_public_key,
    public_pem,
    result,
    signed_headers,
    verify_message,
)
from bakong_conformance.networks import FakeClock
from bakong_conformance.networks._wire import Decision, WireRequest
from bakong_conformance.reference import ALIPAY_PLUS_CLIENT_ID, ALIPAY_PLUS_KEY_VERSION, alipay_plus_public_key_pem

NOW = 1_796_133_909_090                                     # 2026-12-01T14:05:09.090Z
TOKEN = "participant-token"
ALIPAY_HOST = "alipay-plus.simulator.invalid"
ALIPAY_KEYS = KeyPair.generate()                            # Alipay+'s key pair in these tests
OTHER_KEYS = KeyPair.generate()
REFERENCE_KEYS = {ALIPAY_PLUS_KEY_VERSION: load_public_key(alipay_plus_public_key_pem())}
REQUEST_SCHEMAS = {"notifyPushPayment": "notify-push-payment-request", "refund": "refund-request",
                   "userInitiatedPay": "mpp-user-initiated-pay-request", "notifyPayment": "notify-payment-request"}
TAMPERINGS = {"bad-signature": "INVALID_SIGNATURE", "other-key": "INVALID_SIGNATURE",
              "no-signature": "INVALID_SIGNATURE", "unknown-key-version": "KEY_NOT_FOUND",
              "other-client-id": "INVALID_CLIENT", "stale-time": "PARAM_ILLEGAL", "not-json": "PARAM_ILLEGAL"}
"""How Alipay+'s request can be spoilt (:func:`alipay_request`), and the result code that refuses it."""


def connection_body(khr_minor_units: int = 2) -> dict[str, Any]:
    """``connectAlipayPlus``'s body for the fake Alipay+."""
    return {"alipayPlusUrl": f"http://{ALIPAY_HOST}", "alipayPlusPublicKey": public_pem(ALIPAY_KEYS.public_key),
            "alipayPlusKeyVersion": "1", "khrMinorUnits": khr_minor_units, "requestTimeToleranceS": 300}


@dataclass(frozen=True)
class Received:
    """A request the participant sent Alipay+, whether its signature verified and how it breaks its schema."""

    operation: str
    headers: dict[str, str]
    raw: bytes
    body: dict[str, Any]
    verified: bool
    problems: list[str]

    @property
    def sound(self) -> bool:
        """Signed by the participant and following its schema."""
        return self.verified and not self.problems


@dataclass
class FakeAlipayPlus:
    """Alipay+ as the participant calls it (see the module)."""

    clock: FakeClock
    name: str = "alipay-plus"
    host: str = ALIPAY_HOST
    received: list[Received] = field(default_factory=list)
    plans: dict[str, list[str]] = field(default_factory=dict)
    orders: dict[str, dict[str, Any]] = field(default_factory=dict)

    def plan(self, operation: str, *answers: str) -> None:
        """The next requests of ``operation`` get ``answers``, in order."""
        self.plans.setdefault(operation, []).extend(answers)

    def order(self, code_value: str, order: dict[str, Any]) -> None:
        """A wallet's ``userInitiatedPay`` of ``code_value`` is answered ``order`` (with ``result`` S)."""
        self.orders[code_value] = order

    def of(self, operation: str) -> list[Received]:
        """Every request of ``operation``, in order."""
        return [r for r in self.received if r.operation == operation]

    def handle(self, request: WireRequest) -> Decision:
        operation = request.path.rsplit("/", 1)[-1]
        headers = dict(request.headers)
        try:
            verify_message(REFERENCE_KEYS, headers, request.path, request.body)
            verified = headers.get("client-id") == ALIPAY_PLUS_CLIENT_ID
        except SignatureProblem:
            verified = False
        body = json.loads(request.body)
        problems = schemas.violations(body, "alipay-plus", "v1", REQUEST_SCHEMAS[operation])
        self.received.append(Received(operation, headers, request.body, body, verified, problems))
        planned = self.plans.get(operation, [])
        kind = planned.pop(0) if planned else "SUCCESS"
        answer: dict[str, Any] = {"result": result("SUCCESS" if kind in ("late", "badly-signed") else kind)}
        if operation == "refund" and answer["result"]["resultStatus"] == "S":
            answer |= {"refundId": f"refund-{len(self.received)}", "refundTime": format_time(self.clock.now_ms()),
                       "refundAmount": body["refundAmount"]}
        if operation == "userInitiatedPay" and answer["result"]["resultStatus"] == "S":
            answer |= self.orders[body["codeValue"]]
        keys = OTHER_KEYS if kind == "badly-signed" else ALIPAY_KEYS
        return self._signed(request.path, answer, "late" if kind == "late" else "answered", keys)

    def failure(self, path: str) -> Decision:
        return self._signed(path, {"result": result("UNKNOWN_EXCEPTION")}, "answered")

    def _signed(self, path: str, answer: dict[str, Any], delivery: Any, keys: KeyPair = ALIPAY_KEYS) -> Decision:
        raw = json.dumps(answer).encode()
        headers = signed_headers(keys, path, ALIPAY_PLUS_CLIENT_ID, format_time(self.clock.now_ms()), raw,
                                 answer=True)
        return Decision(200, tuple((k.lower(), v) for k, v in headers.items()), raw, answer, delivery)


@dataclass(frozen=True)
class Answer:
    """The participant's answer to one of Alipay+'s requests."""

    status: int
    headers: dict[str, str]
    raw: bytes
    path: str

    @property
    def body(self) -> dict[str, Any]:
        return dict(json.loads(self.raw))

    @property
    def code(self) -> str:
        return str(self.body["result"]["resultCode"])

    @property
    def signed(self) -> bool:
        try:
            verify_message(REFERENCE_KEYS, self.headers, self.path, self.raw, answer=True)
        except SignatureProblem:
            return False
        return self.headers.get("client-id") == ALIPAY_PLUS_CLIENT_ID


async def alipay_request(wire: httpx.AsyncClient, path: str, body: dict[str, Any], now_ms: int, *,
                         tamper: str | None = None, time: str | None = None) -> Answer:
    """Alipay+'s request to the participant at ``path``, signed at sandbox time ``now_ms`` (spoilt as ``tamper``
    says, a key of :data:`TAMPERINGS`; ``time``: the Request-Time as written), and the participant's answer."""
    raw = b"{not json" if tamper == "not-json" else json.dumps(body).encode()
    time = format_time(now_ms - 3_600_000) if tamper == "stale-time" else time or format_time(now_ms)
    client_id = "SANDBOX_OTHRKHPP" if tamper == "other-client-id" else ALIPAY_PLUS_CLIENT_ID
    headers = signed_headers(OTHER_KEYS if tamper == "other-key" else ALIPAY_KEYS, path, client_id, time, raw)
    if tamper == "unknown-key-version":
        headers["Signature"] = headers["Signature"].replace("keyVersion=1", "keyVersion=2")
    if tamper == "no-signature":
        del headers["Signature"]
    sent = raw + b" " if tamper == "bad-signature" else raw
    response = await wire.post(path, content=sent, headers={**headers, "Sandbox-Now": str(now_ms)})
    return Answer(response.status_code, dict(response.headers), response.content, path)
