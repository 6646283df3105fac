"""The simulated Alipay+: one core answering what the participant sends it, and signing what it asks the
participant, whatever delivers the messages (``schemas/alipay-plus/README.md``).

Requests from the participant (as an acquirer ``notifyPushPayment`` and ``refund``, as a wallet
``userInitiatedPay`` and ``notifyPayment``) come through :meth:`AlipayPlusSimulator.handle`,
over a real socket (:attr:`AlipayPlusSimulator.app`, or the app shared with the other networks) or in-process
(the respx route of :attr:`host`). Each is verified over the bytes as received, answered with a signed result,
and kept (:attr:`AlipayPlusSimulator.received`). Requests to the participant are built by
:meth:`AlipayPlusSimulator.request` (signed, or tampered with as the scenario plans) and their answers read by
:meth:`AlipayPlusSimulator.read_answer` (signature, strict JSON, message schema). The participant's client
carries them (the networks never import it). Time comes from the clock shared with the scenario; nothing sleeps.
"""

from __future__ import annotations

import json
from typing import Any, TypeVar

from ... import schemas, strict_json
from ...alipay_plus import (
    KHR_MINOR_UNITS,
    SignatureProblem,
    TimeError,
    content_to_sign,
    format_time,
    parse_time,
    quoted,
    result,
    sign,
    signature_header,
    signed_headers,
    verify_message,
)
from ...errors import HarnessError
from ...evidence import Exchange, scrub
from .._asgi import SimulatorApp
from .._clock import Clock
from .._core import Identity, NetworkCore
from .._evidence import exchange_of
from .._faults import FaultPlan
from .._wire import Decision, WireRequest
from ._acquiring import Payments, notify_push_payment_answer
from ._faults import TAMPERS, AnswerFault, Tamper
from ._identity import ParticipantIdentity, own_keys, public_key_text
from ._records import Answered, Received, SignedRequest
from ._wallet import MerchantOrder, Orders

__all__ = ["ACQUIRER_PATH", "ALIPAY_PLUS_HOST", "ALIPAY_PLUS_URL", "ANSWER_SCHEMAS", "NAME", "OTHER_CLIENT_ID",
           "PREFIX", "RECEIVED_SCHEMAS", "TIME_STYLES", "WALLET_PATH", "AlipayPlusSimulator"]

NAME = "alipay-plus"
ALIPAY_PLUS_HOST = "alipay-plus.simulator.invalid"
"""The host an in-process participant reaches the simulated Alipay+ at (``.invalid``: never resolved)."""
ALIPAY_PLUS_URL = f"http://{ALIPAY_PLUS_HOST}"
PREFIX = "/aps/api/v1/payments/"
OTHER_CLIENT_ID = "SANDBOX_OTHRKHPP"
"""Another participant's Client-Id (the ``other-client-id`` tampering)."""
STALE_MS = 3_600_000
API, VERSION = "alipay-plus", "v1"
TIME_STYLES: dict[str, tuple[int, int]] = {
    "UTC, whole seconds": (0, 0),
    "UTC with two fractional digits": (0, 2),
    "UTC+8, whole seconds": (480, 0),
    "UTC+8 with milliseconds": (480, 3),
}
"""The ways the harness writes its ``Request-Time`` (offset minutes, fractional digits), as Alipay+'s pages do."""
ACQUIRER_PATH = "/v1/alipay-plus/acquirer/"
"""Where the participant serves Alipay+'s calls to it as an acquirer (``+ <operation>``)."""
WALLET_PATH = "/v1/alipay-plus/wallet/"
"""Where the participant serves Alipay+'s calls to it as a wallet (``+ <operation>``)."""
ANSWER_SCHEMAS: dict[str, str] = {
    ACQUIRER_PATH + "userInitiatedPay": "user-initiated-pay-answer",
    ACQUIRER_PATH + "pushPayment": "push-payment-answer",
    ACQUIRER_PATH + "inquiryPushPayment": "inquiry-push-payment-answer",
    WALLET_PATH + "inquiryPayment": "inquiry-payment-answer",
    WALLET_PATH + "cancelPayment": "cancel-payment-answer",
    WALLET_PATH + "refund": "mpp-refund-answer",
}
"""The schema of the participant's answer to each request Alipay+ sends it, by the path it is sent to."""
RECEIVED_SCHEMAS: dict[str, str] = {"notifyPushPayment": "notify-push-payment-request", "refund": "refund-request",
                                    "userInitiatedPay": "mpp-user-initiated-pay-request",
                                    "notifyPayment": "notify-payment-request"}
"""The schema of each request the participant sends Alipay+."""
_HANDLERS = frozenset(RECEIVED_SCHEMAS)
T = TypeVar("T")


class AlipayPlusSimulator(NetworkCore):
    """Alipay+ as the participant meets it (see the module docstring).

    ``participant`` is who Alipay+ signs for and verifies (its Client-Id and public key); ``khr_minor_units`` how
    riel amounts are written (a setting of the contract); ``late_answer_cap_s`` bounds a real-socket ``late``.
    """

    def __init__(self, clock: Clock, participant: ParticipantIdentity, *, khr_minor_units: int = KHR_MINOR_UNITS,
                 late_answer_cap_s: float = 30.0) -> None:
        super().__init__(Identity(NAME, ALIPAY_PLUS_HOST, ("/aps/",), "Alipay+ simulator"), self.failure)
        self.clock, self.participant, self.khr_minor_units = clock, participant, khr_minor_units
        self.keys = own_keys()
        self._faults: FaultPlan[AnswerFault] = FaultPlan()
        self._payments = Payments()
        self._orders = Orders()
        self._received: list[Received] = []
        self.app = SimulatorApp(self, late_answer_cap_s)

    # --- the Network protocol --------------------------------------------------------------------------------
    @property
    def public_key_pem(self) -> str:
        """Alipay+'s public key, as the participant is given it."""
        return public_key_text(self.keys)

    def failure(self, path: str) -> Decision:
        """Alipay+'s answer when the simulator itself failed: ``U`` ``UNKNOWN_EXCEPTION``, signed."""
        return self._signed(path, {"result": result("UNKNOWN_EXCEPTION",
                                                    "the simulated Alipay+ failed (a bug of the harness)")})

    def handle(self, request: WireRequest) -> Decision:
        """Verify, answer and keep a request of the participant (thread-safe; never raises: a failure of the
        simulator itself is answered :meth:`failure` and kept in :attr:`internal_errors`)."""
        return self.guarded(request, lambda: self._decide(request))

    # --- setting the scene -------------------------------------------------------------------------------------
    def reset(self) -> None:
        """Forget payments, refunds, records, evidence, internal errors and planned faults."""
        with self._lock:
            self._faults.clear()
            self._payments.clear()
            self._orders.clear()
            self._received.clear()
            self._forget_records()

    def plan(self, *faults: AnswerFault) -> None:
        """The next requests of each fault's operation meet ``faults``, in order."""
        with self._lock:
            self._faults.extend(faults)

    def payment_succeeded(self, payment_id: str, amount: dict[str, str]) -> None:
        """Alipay+ now holds the push payment ``payment_id`` of ``amount`` as succeeded (it may be refunded)."""
        with self._lock:
            self._payments.succeeded(payment_id, amount)

    def merchant_code(self, merchant_name: str, amount: str, currency: str, *, rate: str,
                      lifetime_ms: int = 900_000) -> MerchantOrder:
        """A new Alipay+ merchant code for ``amount`` ``currency``, paid in riel at ``rate`` riel a unit, valid
        ``lifetime_ms`` from now (a wallet's customer scans it)."""
        with self._lock:
            return self._orders.open(merchant_name, amount, currency, rate, self.clock.now_ms(), lifetime_ms,
                                     self.khr_minor_units)

    def refunded_value(self, payment_id: str) -> int:
        """The minor units Alipay+ has refunded of ``payment_id``."""
        with self._lock:
            return self._payments.refunded_value(payment_id)

    # --- asking the participant --------------------------------------------------------------------------------
    def request(self, operation: str, path: str, body: dict[str, Any], *, time_style: str = "UTC+8, whole seconds",
                spaced: bool = False, tamper: Tamper | None = None) -> SignedRequest:
        """The signed request Alipay+ sends the participant at ``path``: ``body`` written compact or ``spaced``
        (``", "`` and ``": "``), its ``Request-Time`` in ``time_style`` (:data:`TIME_STYLES`), at the clock's
        time, with ``Sandbox-Now``; ``tamper`` spoils it as planned (:data:`TAMPERS`)."""
        if time_style not in TIME_STYLES or (tamper is not None and tamper not in TAMPERS):
            raise HarnessError(f"no time style {time_style!r} or tampering {tamper!r}")
        now = self.clock.now_ms()
        offset, digits = TIME_STYLES[time_style]
        at = now - STALE_MS if tamper == "stale-time" else now
        time = format_time(at, offset_minutes=offset, fraction_digits=digits)
        client_id = OTHER_CLIENT_ID if tamper == "other-client-id" else self.participant.client_id
        raw = _encoded(body, spaced)
        signed = raw + b" " if tamper == "bad-signature" else raw
        value = sign(self.keys.private_key, content_to_sign("POST", path, client_id, time, signed))
        key_version = "2" if tamper == "unknown-key-version" else self.keys.key_version
        sent = _encoded({**body, "pspId": f"{body.get('pspId', '')}X"}, spaced) if tamper == "body-changed" else raw
        headers = {"Content-Type": "application/json; charset=UTF-8", "Client-Id": client_id,
                   "Request-Time": time, "Signature": signature_header(key_version, value),
                   "Sandbox-Now": str(now)}
        return SignedRequest(operation, path, headers, sent, body, tamper)

    def read_answer(self, request: SignedRequest, status: int, headers: dict[str, str], raw: bytes) -> Answered:
        """The participant's answer to ``request`` as Alipay+ reads it: its signature checked over the
        ``Response-Time`` and the body as received, its content as strict JSON against the message schema."""
        lower = {name.lower(): value for name, value in headers.items()}
        problems: list[str] = [] if status == 200 else [f"the answer is HTTP {status}, not 200"]
        try:
            body: Any = strict_json.loads(raw)
        except strict_json.JsonError as bad:
            body = None
            problems.append(f"the answer is not strict JSON: {bad.reason}")
        if body is not None and request.path in ANSWER_SCHEMAS:
            problems += schemas.violations(body, API, VERSION, ANSWER_SCHEMAS[request.path])
        problem = self._answer_signature_problem(request.path, lower, raw)
        answered = Answered(request, status, lower, raw, body, problem, tuple(problems))
        with self._lock:
            verdict = "its signature verifies" if problem is None else f"its signature is refused: {problem}"
            self.exchanges.append(Exchange(f"Alipay+ checked the answer to {request.operation}",
                                            {"path": request.path, "signature": lower.get("signature")},
                                            {"verdict": verdict, "problems": list(problems)}))
        return answered

    def _answer_signature_problem(self, path: str, headers: dict[str, str], raw: bytes) -> str | None:
        if headers.get("client-id") not in (None, self.participant.client_id):
            return f"the answer's Client-Id is {quoted(headers['client-id'])}, not the participant's"
        try:
            verify_message(self.participant.public_keys, headers, path, raw, answer=True)
            parse_time(headers["response-time"])
        except SignatureProblem as bad:
            return bad.reason
        except TimeError as bad:
            return f"its Response-Time is not a date-time: {bad}"
        return None

    # --- reading the records -------------------------------------------------------------------------------------
    @property
    def received(self) -> list[Received]:
        """Every request the participant sent Alipay+ since the last reset, oldest first (a copy)."""
        return self._snapshot(self._received)

    # --- the one core --------------------------------------------------------------------------------------------
    def _decide(self, request: WireRequest) -> Decision:
        operation = request.path[len(PREFIX):] if request.path.startswith(PREFIX) else ""
        if operation not in _HANDLERS or request.method != "POST":
            decision = self._signed(request.path, {"result": result("PARAM_ILLEGAL",
                                                                     f"no Alipay+ operation at {request.path}")})
            self.exchanges.append(exchange_of("Alipay+: unknown operation", request, decision, scrub))
            return decision
        body, problem = self._verified(request)
        fault = self._faults.take(lambda planned: planned.operation == operation)
        answer = self._answer(operation, body, problem, fault)
        decision = self._delivered(request.path, answer, fault)
        self._received.append(Received(operation, request.path, dict(request.headers), request.body, body, problem,
                                       answer,
                                       decision.delivery, self.clock.now_ms()))
        self.exchanges.append(exchange_of(f"Alipay+ {operation}", request, decision, scrub))
        return decision

    def _verified(self, request: WireRequest) -> tuple[Any, str | None]:
        """The request's body (None if not strict JSON) and what is wrong with its signature (None: nothing)."""
        headers = dict(request.headers)
        try:
            body = strict_json.loads(request.body) if not request.too_large else None
        except strict_json.JsonError:
            body = None
        if headers.get("client-id") != self.participant.client_id:
            return body, f"the Client-Id is {quoted(headers.get('client-id'))}, not the participant's"
        try:
            verify_message(self.participant.public_keys, headers, request.path, request.body)
            parse_time(headers["request-time"])
        except SignatureProblem as bad:
            return body, bad.reason
        except TimeError as bad:
            return body, f"its Request-Time is not a date-time: {bad}"
        return body, None

    def _answer(self, operation: str, body: Any, problem: str | None, fault: AnswerFault | None) -> Any:
        if problem is not None:
            code = "INVALID_CLIENT" if problem.startswith("the Client-Id") else "INVALID_SIGNATURE"
            return {"result": result(code, problem[:256])}
        if body is None:
            return {"result": result("PARAM_ILLEGAL", "the body is not strict JSON")}
        if fault is not None and fault.kind in ("unknown", "traffic-limit", "server-error"):
            code = "REQUEST_TRAFFIC_EXCEED_LIMIT" if fault.kind == "traffic-limit" else "UNKNOWN_EXCEPTION"
            return {"result": result(code)}
        if operation == "refund":
            return self._payments.refund(body, self.clock.now_ms(), self.khr_minor_units)
        if operation == "userInitiatedPay":
            return self._orders.scanned(body, self.clock.now_ms())
        if operation == "notifyPayment":
            return self._orders.notification(body)
        return notify_push_payment_answer(body)

    def _delivered(self, path: str, answer: Any, fault: AnswerFault | None) -> Decision:
        if fault is not None and fault.kind == "server-error":
            text = b"<html><body>503 Service Temporarily Unavailable</body></html>"
            return Decision(503, (("content-type", "text/html"), ("content-length", str(len(text)))), text,
                            text.decode(), "answered")
        decision = self._signed(path, answer, spoil=fault is not None and fault.kind == "bad-signature")
        if fault is not None and fault.kind == "late":
            return Decision(decision.status, decision.headers, decision.body, decision.answer, "late")
        return decision

    def _signed(self, path: str, answer: Any, *, spoil: bool = False) -> Decision:
        """HTTP 200 with ``answer``, signed over the path asked, the ``Response-Time`` and the body."""
        raw = _encoded(answer, spaced=False)
        time = format_time(self.clock.now_ms())
        headers = signed_headers(self.keys, path, self.participant.client_id, time, raw + (b" " if spoil else b""),
                                 answer=True)
        headers["Content-Length"] = str(len(raw))
        return Decision(200, tuple((name.lower(), value) for name, value in headers.items()), raw, answer)


def _encoded(body: Any, spaced: bool) -> bytes:
    separators = (", ", ": ") if spaced else (",", ":")
    return json.dumps(body, ensure_ascii=False, separators=separators).encode("utf-8")

