"""The harness's client for Participant API v1: every call bounded, checked against the contract, recorded.

Each operation returns a plain result or raises a :class:`~bakong_conformance.errors.ConformanceFailure`
subclass when the participant breaks the contract (timeout, oversized or malformed answer, wrong status,
schema violation). A participant that cannot be reached at all is a :class:`HarnessError` (nothing to judge).
Every exchange is kept, with secrets redacted, for the step that made it.
"""

from __future__ import annotations

import json
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any
from urllib.parse import quote

import httpx

from .. import schemas
from ..errors import ConfigurationError, ContractViolation, HarnessError, ParticipantTimeout
from ..evidence import Exchange, redact_body, redact_headers

__all__ = ["DEFAULT_TIMEOUT_S", "MAX_ANSWER_BYTES", "Account", "Exchange", "IssueResult", "Participant", "Payment",
           "PaymentAnswer", "ScanResult", "redact_headers"]

DEFAULT_TIMEOUT_S = 5.0
MAX_ANSWER_BYTES = 64 * 1024
API, VERSION = "participant-api", "v1"


@dataclass(frozen=True, slots=True)
class IssueResult:
    """The participant's answer to an issue request: a QR and its md5, or a refusal."""

    qr: str | None
    md5: str | None
    refusal: dict[str, Any] | None


@dataclass(frozen=True, slots=True)
class ScanResult:
    """The participant's scanner verdict: accepted with the payment details, or rejected with a reason."""

    accepted: bool
    payment: dict[str, Any] | None
    reason: dict[str, Any] | None


@dataclass(frozen=True, slots=True)
class Account:
    """A customer account in the participant's sandbox: its Bakong account ID, currency and balance."""

    account_id: str
    currency: str
    balance: Decimal


@dataclass(frozen=True, slots=True)
class Payment:
    """The participant's view of a KHQR payment (Participant API v1 ``payment``)."""

    payment_id: str
    idempotency_key: str
    status: str                      # SUCCEEDED | PENDING | REJECTED
    from_account_id: str
    to_account_id: str
    amount: str
    currency: str
    md5: str
    external_ref: str
    bakong_hash: str | None
    reason: dict[str, Any] | None

    @classmethod
    def from_json(cls, body: Mapping[str, Any]) -> Payment:
        """The payment of a contract-checked ``payment`` body."""
        return cls(body["paymentId"], body["idempotencyKey"], body["status"], body["fromAccountId"],
                   body["toAccountId"], body["amount"], body["currency"], body["md5"], body["externalRef"],
                   body["bakongHash"], body["reason"])


@dataclass(frozen=True, slots=True)
class PaymentAnswer:
    """The participant's answer to a payment request: a payment, or a refusal (422) or key conflict (409)."""

    payment: Payment | None
    refusal: dict[str, Any] | None
    conflict: bool = False


def _account(body: Mapping[str, Any]) -> Account:
    return Account(body["accountId"], body["currency"], Decimal(body["balance"]))


def _body_of(raw: bytes) -> Any:
    try:
        return json.loads(raw)
    except ValueError:
        return raw.decode("utf-8", "replace")


@dataclass
class Participant:
    """A participant's sandbox, reached through ``client`` (in-process or HTTP) with bearer ``token``."""

    client: httpx.Client
    token: str
    timeout_s: float = DEFAULT_TIMEOUT_S
    exchanges: list[Exchange] = field(default_factory=list)

    def drain(self) -> list[Exchange]:
        """The exchanges recorded since the last drain."""
        taken, self.exchanges = self.exchanges, []
        return taken

    def info(self) -> dict[str, Any]:
        """The participant's self-description (``GET /v1/info``)."""
        status, body = self._call("getInfo", "GET", "/v1/info", None)
        return self._expect("getInfo", status, body, {200: "info"})  # type: ignore[no-any-return]

    def issue(self, request: Mapping[str, Any]) -> IssueResult:
        """Ask the participant to issue a KHQR for ``request`` (official SDK field names + ``kind``)."""
        status, body = self._call("issueKhqr", "POST", "/v1/khqr/issue", dict(request))
        answer = self._expect("issueKhqr", status, body, {200: "issue-response", 422: "error"})
        if status == 422:
            return IssueResult(None, None, answer["error"])
        return IssueResult(answer["qr"], answer["md5"], None)

    def scan(self, qr: str, *, now_ms: int) -> ScanResult:
        """Ask the participant's scanner to read ``qr`` as if scanned at ``now_ms``."""
        status, body = self._call("scanKhqr", "POST", "/v1/khqr/scan", {"qr": qr, "sandboxNow": now_ms})
        answer = self._expect("scanKhqr", status, body, {200: "scan-response"})
        return ScanResult(answer["accepted"] is True, answer.get("payment"), answer.get("reason"))

    def connect_bakong(self, *, switch_url: str, open_api_url: str, email: str, token: str) -> None:
        """Point the sandbox at the simulated Bakong (sandbox-only ``POST /v1/sandbox/bakong``)."""
        body = {"switchUrl": switch_url, "openApiUrl": open_api_url, "openApiEmail": email, "openApiToken": token}
        status, answer = self._call("connectBakong", "POST", "/v1/sandbox/bakong", body)
        self._expect("connectBakong", status, answer, {200: "bakong-connected"})

    def open_account(self, currency: str, balance: str) -> Account:
        """Open a customer account holding ``balance`` (sandbox-only ``POST /v1/sandbox/accounts``)."""
        status, body = self._call("openAccount", "POST", "/v1/sandbox/accounts",
                                  {"currency": currency, "balance": balance})
        return _account(self._expect("openAccount", status, body, {200: "account"}))

    def account(self, account_id: str) -> Account:
        """The account's current balance (sandbox-only ``GET /v1/sandbox/accounts/{accountId}``)."""
        path = f"/v1/sandbox/accounts/{quote(account_id, safe='@')}"
        status, body = self._call("getAccount", "GET", path, None)
        return _account(self._expect("getAccount", status, body, {200: "account"}))

    def pay(self, from_account_id: str, qr: str, *, amount: str | None, idempotency_key: str,
            now_ms: int) -> PaymentAnswer:
        """Ask the participant to pay ``qr`` from the customer's account, as its app would after a scan."""
        request: dict[str, Any] = {"fromAccountId": from_account_id, "qr": qr, "idempotencyKey": idempotency_key,
                                   "sandboxNow": now_ms}
        if amount is not None:
            request["amount"] = amount
        status, body = self._call("payKhqr", "POST", "/v1/payments", request)
        answer = self._expect("payKhqr", status, body, {200: "payment", 409: "error", 422: "error"})
        if status == 200:
            return PaymentAnswer(Payment.from_json(answer), None)
        return PaymentAnswer(None, answer["error"], conflict=status == 409)

    def payment(self, payment_id: str, *, now_ms: int) -> Payment:
        """The participant's current view of a payment (``GET /v1/payments/{paymentId}``)."""
        path = f"/v1/payments/{quote(payment_id, safe='')}?sandboxNow={now_ms}"
        status, body = self._call("getPayment", "GET", path, None)
        return Payment.from_json(self._expect("getPayment", status, body, {200: "payment"}))

    def confirm_orders(self, orders: Sequence[Mapping[str, Any]], *, now_ms: int) -> list[dict[str, Any]]:
        """Ask the participant's merchant system whether ``orders`` are paid (``POST /v1/merchant/confirmations``)."""
        status, body = self._call("confirmOrders", "POST", "/v1/merchant/confirmations",
                                  {"orders": [dict(o) for o in orders], "sandboxNow": now_ms})
        return self._expect("confirmOrders", status, body, {200: "confirmation-response"})["orders"]  # type: ignore[no-any-return]

    def status_without_token(self, token: str | None) -> int:
        """The status the participant answers to ``GET /v1/info`` with ``token`` (None: no header at all)."""
        headers = {} if token is None else {"Authorization": f"Bearer {token}"}
        return self._call("getInfo", "GET", "/v1/info", None, headers=headers)[0]

    def _call(self, operation: str, method: str, path: str, body: Any,
              headers: Mapping[str, str] | None = None) -> tuple[int, Any]:
        sent = dict(headers) if headers is not None else {"Authorization": f"Bearer {self.token}"}
        started = time.monotonic()
        status, answer_headers, raw = self._send(method, path, body, sent)
        self.exchanges.append(Exchange(operation, {"method": method, "path": path,
                                                   "headers": redact_headers(sent), "body": redact_body(body)},
                                       {"status": status, "headers": redact_headers(answer_headers),
                                        "body": redact_body(_body_of(raw)),
                                        "elapsedMs": round((time.monotonic() - started) * 1000)}))
        return status, _body_of(raw)

    def _send(self, method: str, path: str, body: Any, headers: dict[str, str]) -> tuple[int, dict[str, str], bytes]:
        try:
            with self.client.stream(method, path, json=body, headers=headers, timeout=self.timeout_s) as response:
                return response.status_code, dict(response.headers), self._read_capped(response)
        except httpx.TimeoutException as slow:
            raise ParticipantTimeout(f"The participant did not answer {method} {path} in time",
                                     expected=f"an answer within {self.timeout_s:g} s", actual=str(slow)) from None
        except httpx.ConnectError as down:
            raise HarnessError(f"cannot reach the participant at {self.client.base_url}: {down}") from down
        except httpx.TransportError as broken:
            raise ContractViolation(f"The participant broke the connection on {method} {path}",
                                    expected="a complete HTTP answer", actual=repr(broken)) from None

    def _read_capped(self, response: httpx.Response) -> bytes:
        chunks, size, deadline = [], 0, time.monotonic() + self.timeout_s
        for chunk in response.iter_bytes():
            chunks.append(chunk)
            size += len(chunk)
            if size > MAX_ANSWER_BYTES or time.monotonic() > deadline:
                raise ContractViolation("The participant's answer is too large or too slow",
                                        expected=f"at most {MAX_ANSWER_BYTES} bytes within {self.timeout_s:g} s",
                                        actual=f"{size} bytes so far")
        return b"".join(chunks)

    def _expect(self, operation: str, status: int, body: Any, allowed: Mapping[int, str]) -> Any:
        if status == 401:
            raise ConfigurationError(f"{operation}: the participant rejected the harness's token (check the "
                                     "token variable); nothing can be certified without access")
        if status not in allowed:
            raise ContractViolation(f"{operation}: unexpected answer status", requirement="REQ-API-CONTRACT",
                                    expected=f"one of {sorted(allowed)}", actual=f"{status}: {str(body)[:300]}")
        problems = schemas.violations(body, API, VERSION, allowed[status])
        if problems:
            raise ContractViolation(f"{operation}: the answer does not follow Participant API v1",
                                    expected=f"a {allowed[status]} message", actual="; ".join(problems[:5]),
                                    requirement="REQ-API-CONTRACT")
        return body
