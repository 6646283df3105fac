"""The harness's client for Participant API v1: every call bounded, checked against the contract, recorded.

Each operation returns a plain result or raises a :class:`~bakong_conformance.errors.ConformanceFailure`
subclass when the participant breaks the contract (timeout, oversized or malformed answer, wrong status,
schema violation). A participant that cannot be reached at all is a :class:`HarnessError` (nothing to judge).
Every exchange is kept, with secrets redacted, for the step that made it.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any
from urllib.parse import quote

import httpx

from .. import schemas, strict_json
from ..errors import ConfigurationError, ConformanceFailure, ContractViolation, HarnessError, ParticipantTimeout
from ..evidence import (
    Exchange,
    ReturnedCredential,
    redact_body,
    redact_headers,
    register_secret,
    secret_encodings_in,
    utc_text,
)
from ._reader import ACCEPTED_ENCODINGS, AnswerProblem, deadline, read_answer

__all__ = ["DEFAULT_TIMEOUT_S", "MAX_ANSWER_BYTES", "MAX_CALLS_PER_SCENARIO", "PROBES_PER_SCENARIO", "Account",
           "AlipayPlusConfirmation", "AlipayPlusRefund", "AlipayPlusScan", "Exchange", "IssueResult", "Merchant",
           "Participant", "Payment", "PaymentAnswer", "RawAnswer", "SandboxStopped", "ScanResult", "Stop",
           "redact_headers"]

DEFAULT_TIMEOUT_S = 5.0
MAX_ANSWER_BYTES = 64 * 1024
"""The most bytes of one answer the harness reads, once decoded (a gzip bomb is stopped there)."""
MAX_CALLS_PER_SCENARIO = 16
"""The most calls one scenario makes to the participant (the run's time bound rests on it)."""
PROBES_PER_SCENARIO = 2
"""The most liveness checks one scenario makes: one when a call gets no answer, one to see if it is back."""
PROBE_INTERVAL_S = 10.0
"""Once the sandbox stopped answering, how often (wall-clock seconds) a liveness check asks whether it is back."""
HTTP_UNAUTHORIZED = 401
_ASKING = frozenset({"issueKhqr", "scanKhqr", "payKhqr", "confirmOrders", "refundAlipayPlusPayment",
                     "scanAlipayPlusCode", "confirmAlipayPlusPayment"})
_ALIPAY_PLUS = "alipay+"
"""The operation prefix of Alipay+'s own requests to the participant (``alipay+ pushPayment``)."""
TOKEN_LABEL = "the participant's bearer token"
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
    qr: str = ""                     # what was scanned
    now_ms: int | None = None        # the sandbox time it was scanned at


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


@dataclass(frozen=True, slots=True)
class Merchant:
    """A merchant of the participant's sandbox (``openMerchant``): its IDs, what its KHQR shows, its account."""

    merchant_id: str
    account_id: str
    name: str
    city: str
    mcc: str
    currency: str
    kyb: str


@dataclass(frozen=True, slots=True)
class AlipayPlusRefund:
    """The participant's answer to a merchant's refund of an Alipay+ payment."""

    status: str                      # SUCCEEDED | REFUSED | PENDING
    refund_request_id: str | None
    reason: dict[str, Any] | None


@dataclass(frozen=True, slots=True)
class AlipayPlusScan:
    """What the participant's wallet shows a customer who scanned an Alipay+ merchant code."""

    scan_id: str
    status: str                      # SHOWN | REFUSED
    payment_request_id: str | None
    shown: dict[str, Any] | None     # merchantName, paymentAmount, payToAmount, quote
    reason: dict[str, Any] | None


@dataclass(frozen=True, slots=True)
class AlipayPlusConfirmation:
    """The participant's wallet's answer to a customer confirming an Alipay+ payment."""

    status: str                      # SUCCEEDED | FAILED
    payment_request_id: str | None
    payment_id: str | None
    debited: str | None
    reason: dict[str, Any] | None


@dataclass(frozen=True, slots=True)
class RawAnswer:
    """An answer as received (``headers`` with lower-case names), for the one who judges its bytes."""

    status: int
    headers: dict[str, str]
    raw: bytes


def _account(body: Mapping[str, Any]) -> Account:
    return Account(body["accountId"], body["currency"], Decimal(body["balance"]))


def _evidence_body(raw: bytes) -> Any:
    """The body as evidence keeps it: its JSON when strict JSON, else its text (undecodable bytes replaced)."""
    try:
        return strict_json.loads(raw)
    except strict_json.JsonError:
        return raw.decode("utf-8", "replace")


def _json_words(body: Any) -> str:
    """A parsed answer in JSON's own words (``null``, ``true``), cut to 300 characters."""
    text = body if isinstance(body, str) else json.dumps(body, ensure_ascii=False)
    return text if len(text) <= 300 else text[:300] + " …"


def _returned_credentials(operation: str, answer: _Answer) -> list[ReturnedCredential]:
    """The registered credentials found in ``answer``'s headers and body, in any encoding."""
    found = [ReturnedCredential(operation, f"header {name}", label, encoding)
             for name, value in answer.headers.multi_items() for label, encoding in secret_encodings_in(value)]
    return found + [ReturnedCredential(operation, "the answer body", label, encoding)
                    for label, encoding in secret_encodings_in(answer.raw)]


@dataclass(frozen=True, slots=True)
class _Answer:
    status: int
    headers: httpx.Headers
    raw: bytes


@dataclass
class Stop:
    """The sandbox stopped answering during ``scenario`` (at ``operation``); ``followers``: the later scenarios
    whose calls were not made because of it; ``ongoing`` until it answers a liveness check again."""

    scenario: str
    operation: str
    followers: list[str] = field(default_factory=list)
    ongoing: bool = True

    def as_json(self) -> dict[str, Any]:
        """The stop as the run's notes keep it."""
        return {"scenario": self.scenario, "operation": self.operation, "followers": list(self.followers),
                "answeredAgain": not self.ongoing}


class SandboxStopped(ParticipantTimeout):
    """The participant's sandbox stopped answering (a call and the liveness check after it got no answer); raised
    by that call and, without calling, by every later one until the sandbox answers a liveness check again."""


class _Unanswered(Exception):
    """A call that got no complete, bounded answer: ``failure`` says why; ``gone`` when the sandbox may have
    stopped answering (timeout, refused or broken connection), as opposed to an answer breaking a bound."""

    def __init__(self, failure: ConformanceFailure, *, gone: bool, response: dict[str, Any]) -> None:
        super().__init__(str(failure))
        self.failure, self.gone, self.response = failure, gone, response


@dataclass
class Participant:
    """A participant's sandbox, reached through ``client`` (in-process or HTTP) with bearer ``token``.

    Every call has one deadline of ``timeout_s`` (connection, status line, headers and body together) and its
    answer is read within :data:`MAX_ANSWER_BYTES` decoded bytes, as strict JSON with a JSON ``Content-Type``.
    A scenario makes at most :data:`MAX_CALLS_PER_SCENARIO` calls (:meth:`begin` starts one). When a call gets
    no answer and a liveness check right after gets none either, the sandbox has *stopped answering*: later
    calls fail at once, saying so (``on_stop`` is told once), and a liveness check every
    :data:`PROBE_INTERVAL_S` seconds lets a sandbox that answers again be called again.
    """

    client: httpx.Client
    token: str
    timeout_s: float = DEFAULT_TIMEOUT_S
    exchanges: list[Exchange] = field(default_factory=list)
    on_stop: Callable[[str], None] | None = None
    scenario: str = ""
    stops: list[Stop] = field(default_factory=list)
    _calls: int = 0
    _answered: bool = False
    _token_accepted: bool = False
    _last_probe: float = 0.0
    _probes: int = 0
    _returned: list[ReturnedCredential] = field(default_factory=list)
    _asked: tuple[str, Any] | None = None

    def __post_init__(self) -> None:
        register_secret(TOKEN_LABEL, self.token)

    def take_returned_credentials(self) -> list[ReturnedCredential]:
        """Every credential the harness called the sandbox with that came back in an answer since the last take
        (where, in which encoding; never the value)."""
        taken, self._returned = self._returned, []
        return taken

    def begin(self, scenario: str) -> None:
        """Start scenario ``scenario``: its call budget starts afresh; earlier exchanges and returned credentials
        are dropped."""
        self.drain()
        self.take_returned_credentials()
        self._asked = None
        self.scenario, self._calls, self._probes = scenario, 0, 0

    def drain(self) -> list[Exchange]:
        """The exchanges recorded since the last drain."""
        taken, self.exchanges = self.exchanges, []
        return taken

    def what_was_asked(self) -> str:
        """What the scenario last asked the participant to do (issue, scan, pay, confirm), in words, for a failure's
        "Sent" line; empty when it asked none of these."""
        if self._asked is None:
            return ""
        operation, body = self._asked
        shown = {k: v for k, v in (body or {}).items() if k != "sandboxNow"}
        now = (body or {}).get("sandboxNow")
        when = f" at sandbox time {utc_text(now)}" if isinstance(now, int) and not isinstance(now, bool) else ""
        text = {"issueKhqr": "the issuing request {}", "scanKhqr": "the KHQR {} to the participant's scanner",
                "payKhqr": "the payment request {}", "confirmOrders": "the order confirmation request {}",
                "refundAlipayPlusPayment": "the merchant's refund request {}",
                "scanAlipayPlusCode": "the customer's scan of an Alipay+ merchant code {}",
                "confirmAlipayPlusPayment": "the customer's confirmation of the payment screen{}"}.get(
            operation, f"Alipay+'s {operation.removeprefix(_ALIPAY_PLUS).strip()} request {{}}")
        detail = json.dumps(shown.get("qr") if operation == "scanKhqr" else shown, ensure_ascii=False)
        detail = "" if detail == "{}" else detail
        return text.format(detail if len(detail) <= 900 else detail[:900] + " …") + when

    @property
    def stopped(self) -> Stop | None:
        """The stop in force: the sandbox stopped answering and has not answered a liveness check since."""
        return self.stops[-1] if self.stops and self.stops[-1].ongoing else None

    def info(self) -> dict[str, Any]:
        """The participant's self-description (``GET /v1/info``)."""
        return self._json_call("getInfo", "GET", "/v1/info", None, {200: "info"})[1]  # type: ignore[no-any-return]

    def issue(self, request: Mapping[str, Any]) -> IssueResult:
        """Ask the participant to issue a KHQR for ``request`` (official SDK field names + ``kind``)."""
        status, answer = self._json_call("issueKhqr", "POST", "/v1/khqr/issue", dict(request),
                                         {200: "issue-response", 422: "error"})
        if status == 422:
            return IssueResult(None, None, answer["error"])
        return IssueResult(answer["qr"], answer["md5"], None)

    def scan(self, qr: str, *, now_ms: int) -> ScanResult:
        """Ask the participant's scanner to read ``qr`` as if scanned at ``now_ms``."""
        _, answer = self._json_call("scanKhqr", "POST", "/v1/khqr/scan", {"qr": qr, "sandboxNow": now_ms},
                                    {200: "scan-response"})
        return ScanResult(answer["accepted"] is True, answer.get("payment"), answer.get("reason"), qr, now_ms)

    def connect_bakong(self, *, switch_url: str, switch_credential: str, open_api_url: str, email: str,
                       token: str) -> None:
        """Point the sandbox at the simulated Bakong (sandbox-only ``POST /v1/sandbox/bakong``): its payment
        instructions carry ``Authorization: Bearer <switch_credential>`` from now on."""
        body = {"switchUrl": switch_url, "switchCredential": switch_credential, "openApiUrl": open_api_url,
                "openApiEmail": email, "openApiToken": token}
        self._json_call("connectBakong", "POST", "/v1/sandbox/bakong", body, {200: "bakong-connected"})

    def open_account(self, currency: str, balance: str, *, alipay_plus_limit: str | None = None) -> Account:
        """Open a customer account holding ``balance`` (sandbox-only ``POST /v1/sandbox/accounts``); with
        ``alipay_plus_limit``, the most one Alipay+ payment may take from it."""
        request = {"currency": currency, "balance": balance}
        if alipay_plus_limit is not None:
            request["alipayPlusLimit"] = alipay_plus_limit
        _, body = self._json_call("openAccount", "POST", "/v1/sandbox/accounts", request, {200: "account"})
        return _account(body)

    def account(self, account_id: str) -> Account:
        """The account's current balance (sandbox-only ``GET /v1/sandbox/accounts/{accountId}``)."""
        path = f"/v1/sandbox/accounts/{quote(account_id, safe='@')}"
        return _account(self._json_call("getAccount", "GET", path, None, {200: "account"})[1])

    def pay(self, from_account_id: str, qr: str, *, amount: str | None, idempotency_key: str,
            now_ms: int) -> PaymentAnswer:
        """Ask the participant to pay ``qr`` from the customer's account, as its app would after a scan."""
        request: dict[str, Any] = {"fromAccountId": from_account_id, "qr": qr, "idempotencyKey": idempotency_key,
                                   "sandboxNow": now_ms}
        if amount is not None:
            request["amount"] = amount
        status, answer = self._json_call("payKhqr", "POST", "/v1/payments", request,
                                         {200: "payment", 409: "error", 422: "error"})
        if status == 200:
            return PaymentAnswer(Payment.from_json(answer), None)
        return PaymentAnswer(None, answer["error"], conflict=status == 409)

    def payment(self, payment_id: str, *, now_ms: int) -> Payment:
        """The participant's current view of a payment (``GET /v1/payments/{paymentId}``)."""
        path = f"/v1/payments/{quote(payment_id, safe='')}?sandboxNow={now_ms}"
        return Payment.from_json(self._json_call("getPayment", "GET", path, None, {200: "payment"})[1])

    def confirm_orders(self, orders: Sequence[Mapping[str, Any]], *, now_ms: int) -> list[dict[str, Any]]:
        """Ask the participant's merchant system whether ``orders`` are paid (``POST /v1/merchant/confirmations``)."""
        _, body = self._json_call("confirmOrders", "POST", "/v1/merchant/confirmations",
                                  {"orders": [dict(o) for o in orders], "sandboxNow": now_ms},
                                  {200: "confirmation-response"})
        return body["orders"]  # type: ignore[no-any-return]

    # --- Alipay+ (schemas/alipay-plus/README.md) ------------------------------------------------------------
    def connect_alipay_plus(self, *, url: str, public_key_pem: str, key_version: str, khr_minor_units: int,
                            request_time_tolerance_s: int) -> None:
        """Point the sandbox at the simulated Alipay+ (sandbox-only ``POST /v1/sandbox/alipay-plus``)."""
        body = {"alipayPlusUrl": url, "alipayPlusPublicKey": public_key_pem, "alipayPlusKeyVersion": key_version,
                "khrMinorUnits": khr_minor_units, "requestTimeToleranceS": request_time_tolerance_s}
        self._json_call("connectAlipayPlus", "POST", "/v1/sandbox/alipay-plus", body, {200: "alipay-plus-connected"})

    def open_merchant(self, *, name: str, city: str, mcc: str, currency: str, kyb: str) -> Merchant:
        """Open a merchant with an account in ``currency`` and KYB outcome ``kyb`` (``POST /v1/sandbox/merchants``)."""
        request = {"name": name, "city": city, "mcc": mcc, "currency": currency, "kyb": kyb}
        _, body = self._json_call("openMerchant", "POST", "/v1/sandbox/merchants", request, {200: "merchant"})
        return Merchant(body["merchantId"], body["accountId"], body["name"], body["city"], body["mcc"],
                        body["currency"], body["kyb"])

    def refund_alipay_plus(self, payment_id: str, amount: str, *, refund_key: str, now_ms: int) -> AlipayPlusRefund:
        """A merchant refunds ``amount`` of an Alipay+ payment (``POST /v1/sandbox/alipay-plus/refunds``)."""
        request = {"paymentId": payment_id, "refundAmount": amount, "refundKey": refund_key, "sandboxNow": now_ms}
        _, body = self._json_call("refundAlipayPlusPayment", "POST", "/v1/sandbox/alipay-plus/refunds", request,
                                  {200: "alipay-plus-refund"})
        return AlipayPlusRefund(body["status"], body["refundRequestId"], body["reason"])

    def scan_alipay_plus(self, account_id: str, code_value: str, *, now_ms: int) -> AlipayPlusScan:
        """The customer of ``account_id`` scans an Alipay+ merchant code (``POST /v1/sandbox/alipay-plus/scans``)."""
        request = {"accountId": account_id, "codeValue": code_value, "sandboxNow": now_ms}
        _, body = self._json_call("scanAlipayPlusCode", "POST", "/v1/sandbox/alipay-plus/scans", request,
                                  {200: "alipay-plus-scan"})
        return AlipayPlusScan(body["scanId"], body["status"], body["paymentRequestId"], body["shown"], body["reason"])

    def confirm_alipay_plus(self, scan_id: str, *, now_ms: int) -> AlipayPlusConfirmation:
        """The customer confirms the payment screen of ``scan_id`` (``.../scans/{scanId}/confirmation``)."""
        path = f"/v1/sandbox/alipay-plus/scans/{quote(scan_id, safe='')}/confirmation"
        _, body = self._json_call("confirmAlipayPlusPayment", "POST", path, {"sandboxNow": now_ms},
                                  {200: "alipay-plus-confirmation"})
        return AlipayPlusConfirmation(body["status"], body["paymentRequestId"], body["paymentId"], body["debited"],
                                      body["reason"])

    def advance(self, now_ms: int) -> None:
        """The sandbox clock reached ``now_ms``: background work due by then is done (``POST /v1/sandbox/clock``)."""
        self._json_call("advanceSandbox", "POST", "/v1/sandbox/clock", {"sandboxNow": now_ms},
                        {200: "clock-advanced"})

    def alipay_plus(self, operation: str, path: str, raw: bytes, headers: Mapping[str, str], *,
                    shown: Any) -> RawAnswer:
        """Deliver Alipay+'s signed request (``raw``, exactly these bytes, with ``headers`` and no bearer token:
        Alipay+ authenticates by signature) to ``path``; the answer as received, for Alipay+ to read. The same
        deadline, size bound and call budget as every call; ``shown`` is the body the evidence keeps."""
        answer = self._call(f"{_ALIPAY_PLUS} {operation}", "POST", path, shown, headers=dict(headers), content=raw)
        return RawAnswer(answer.status, {name.lower(): value for name, value in answer.headers.items()}, answer.raw)

    def status_without_token(self, token: str | None) -> int:
        """The status the participant answers to ``GET /v1/info`` with ``token`` (None: no header at all)."""
        headers = {} if token is None else {"Authorization": f"Bearer {token}"}
        return self._call("getInfo", "GET", "/v1/info", None, headers=headers).status

    # --- one bounded call ----------------------------------------------------------------------------------
    def _json_call(self, operation: str, method: str, path: str, body: Any,
                   allowed: Mapping[int, str]) -> tuple[int, Any]:
        """Call, then read the answer as a contract message: (status, parsed and schema-checked body)."""
        answer = self._call(operation, method, path, body)
        return answer.status, self._expect(operation, method, path, answer, allowed)

    def _call(self, operation: str, method: str, path: str, body: Any,
              headers: Mapping[str, str] | None = None, content: bytes | None = None) -> _Answer:
        self._calls += 1
        if self._calls > MAX_CALLS_PER_SCENARIO:
            raise HarnessError(f"scenario {self.scenario!r} makes more than {MAX_CALLS_PER_SCENARIO} calls to the "
                               "participant; the run's time bound assumes at most that many")
        stop = self.stopped
        if stop is not None and not self._answers_again(stop):
            if self.scenario != stop.scenario and self.scenario not in stop.followers:
                stop.followers.append(self.scenario)
            raise SandboxStopped(f"{operation}: the participant was not called: its sandbox stopped answering "
                                 f"during the scenario “{stop.scenario}”, and this failure follows from that",
                                 expected=f"an answer within {self.timeout_s:g} s",
                                 actual="no answer to any call or liveness check since")
        sent = dict(headers) if headers is not None else {"Authorization": f"Bearer {self.token}"}
        if operation in _ASKING or operation.startswith(_ALIPAY_PLUS):
            self._asked = (operation, body)
        request = {"method": method, "path": path, "headers": redact_headers(sent), "body": redact_body(body)}
        started = time.monotonic()
        try:
            answer = self._send(method, path, body, sent, content)
        except _Unanswered as unanswered:
            self.exchanges.append(Exchange(operation, request, {
                **unanswered.response, "elapsedMs": round((time.monotonic() - started) * 1000)}))
            if unanswered.gone and not self._probe():
                self._stopped(operation)
                raise SandboxStopped(unanswered.failure.title + "; a liveness check right after got no answer "
                                     "either: the sandbox stopped answering during this scenario",
                                     expected=unanswered.failure.expected, actual=unanswered.failure.actual,
                                     requirement=unanswered.failure.requirement) from None
            raise unanswered.failure from None
        self._answered = True
        self._returned += _returned_credentials(operation, answer)
        if headers is None and answer.status != HTTP_UNAUTHORIZED:
            self._token_accepted = True
        self.exchanges.append(Exchange(operation, request, {
            "status": answer.status, "headers": redact_headers(dict(answer.headers)),
            "body": redact_body(_evidence_body(answer.raw)), "elapsedMs": round((time.monotonic() - started) * 1000)}))
        return answer

    def _send(self, method: str, path: str, body: Any, headers: dict[str, str], content: bytes | None = None
              ) -> _Answer:
        """One request within one deadline (``body`` as JSON, or ``content`` as these exact bytes);
        :class:`_Unanswered` when no complete, bounded answer came."""
        what = f"{method} {path}"
        within = f"an answer within {self.timeout_s:g} s"
        sent = {**headers, "Accept": "application/json", "Accept-Encoding": ACCEPTED_ENCODINGS}
        with deadline(self.timeout_s):
            try:
                with self.client.stream(method, path, json=body if content is None else None, content=content,
                                        headers=sent, timeout=self.timeout_s) as response:
                    status, answer_headers = response.status_code, response.headers
                    try:
                        return _Answer(status, answer_headers, read_answer(response, MAX_ANSWER_BYTES))
                    except AnswerProblem as problem:
                        failure: ConformanceFailure = ContractViolation(
                            f"The participant's answer to {what} breaks the harness's bounds",
                            requirement="REQ-API-CONTRACT", actual=f"the sandbox {problem.reason}",
                            expected=f"{within}, at most {MAX_ANSWER_BYTES} bytes decoded")
                        raise _Unanswered(failure, gone=False, response={
                            "status": status, "headers": redact_headers(dict(answer_headers)),
                            "body": f"<not kept: the sandbox {problem.reason}>"}) from None
            except httpx.TimeoutException:
                failure = ParticipantTimeout(f"The participant did not answer {what} in time", expected=within,
                                             actual=f"no complete answer after {self.timeout_s:g} s")
                raise _Unanswered(failure, gone=True, response={"error": failure.actual}) from None
            except httpx.ConnectError as down:
                if not self._answered:
                    raise HarnessError(f"cannot reach the participant at {self.client.base_url}: {down}") from down
                failure = ParticipantTimeout(f"The participant's sandbox refused the connection for {what}",
                                             expected=within, actual=f"connection refused or failed: {down}")
                raise _Unanswered(failure, gone=True, response={"error": failure.actual}) from None
            except httpx.TransportError as broken:
                failure = ContractViolation(f"The participant broke the connection on {what}",
                                            expected="a complete HTTP answer", actual=str(broken) or repr(broken))
                raise _Unanswered(failure, gone=True, response={"error": failure.actual}) from None

    # --- when the sandbox stops answering ------------------------------------------------------------------
    def _probe(self) -> bool:
        """Whether the sandbox answers a liveness check (``GET /v1/info``, any status) within the deadline; False
        without asking once the scenario made its :data:`PROBES_PER_SCENARIO` checks (the time bound rests on it)."""
        if self._probes >= PROBES_PER_SCENARIO:
            return False
        self._probes += 1
        try:
            answer = self._send("GET", "/v1/info", None, {"Authorization": f"Bearer {self.token}"})
        except (_Unanswered, HarnessError):
            self._last_probe = time.monotonic()
            self.exchanges.append(Exchange("liveness check", {"method": "GET", "path": "/v1/info"},
                                           {"error": f"no answer within {self.timeout_s:g} s"}))
            return False
        self._last_probe = time.monotonic()
        self.exchanges.append(Exchange("liveness check", {"method": "GET", "path": "/v1/info"},
                                       {"status": answer.status}))
        return True

    def _stopped(self, operation: str) -> None:
        self.stops.append(Stop(self.scenario, operation))
        if self.on_stop is not None:
            self.on_stop(f"the sandbox stopped answering during the scenario “{self.scenario}” ({operation}); "
                         "later failures follow from it")

    def _answers_again(self, stop: Stop) -> bool:
        if time.monotonic() - self._last_probe < PROBE_INTERVAL_S or not self._probe():
            return False
        stop.ongoing = False
        if self.on_stop is not None:
            self.on_stop(f"the sandbox answers again (scenario “{self.scenario}”)")
        return True

    # --- reading the answer --------------------------------------------------------------------------------
    def _expect(self, operation: str, method: str, path: str, answer: _Answer, allowed: Mapping[int, str]) -> Any:
        status = answer.status
        if status == HTTP_UNAUTHORIZED and not self._token_accepted:
            raise ConfigurationError(f"{operation}: the participant rejected the harness's token (check the "
                                     "token variable); nothing can be certified without access")
        content_type = answer.headers.get("content-type")
        if not strict_json.is_json_media_type(content_type):
            raise ContractViolation(f"{operation}: the answer to {method} {path} is not announced as JSON",
                                    requirement="REQ-API-CONTRACT", expected="Content-Type: application/json",
                                    actual="no Content-Type" if content_type is None else
                                    f"Content-Type: {content_type}")
        try:
            body = strict_json.loads(answer.raw)
        except strict_json.JsonError as bad:
            raise ContractViolation(f"{operation}: the answer to {method} {path} is not strict JSON",
                                    requirement="REQ-API-CONTRACT",
                                    expected="JSON in UTF-8, no key twice in an object, no NaN or Infinity, "
                                             f"nested at most {strict_json.MAX_DEPTH} levels",
                                    actual=f"HTTP {status}: {bad.reason}") from None
        if status == HTTP_UNAUTHORIZED:
            raise ContractViolation(f"{operation}: the participant refused the harness's token, which it accepted "
                                    "before in this run", requirement="REQ-API-CONTRACT",
                                    expected="the same token is accepted for the whole run",
                                    actual=f"HTTP 401: {_json_words(body)}")
        if status not in allowed:
            raise ContractViolation(f"{operation}: unexpected answer status", requirement="REQ-API-CONTRACT",
                                    expected=f"HTTP {' or '.join(str(s) for s in sorted(allowed))}",
                                    actual=f"HTTP {status}: {_json_words(body)}")
        problems = schemas.violations(body, API, VERSION, allowed[status])
        if problems:
            raise ContractViolation(f"{operation}: the answer does not follow Participant API v1",
                                    expected=f"a {allowed[status]} message", actual="; ".join(problems[:5]),
                                    requirement="REQ-API-CONTRACT")
        return body
