"""The simulated Alipay+: it verifies what the participant sends over the bytes as received, answers with a
signed result (refusing bad signatures with INVALID_SIGNATURE and changing nothing), refunds once per
refundRequestId and never above the payment, misbehaves only as planned, signs (or spoils, as planned) what it
asks the participant and reads the answers; in-process and on a loopback address shared with Bakong."""

from __future__ import annotations

import json
from typing import Any

import anyio
import httpx
import pytest

from bakong_conformance.alipay_plus import KeyPair, parse_time, public_pem, signed_headers, verify_message
from bakong_conformance.networks import (
    ALIPAY_PLUS_URL,
    AlipayPlusSimulator,
    AnswerFault,
    BakongSimulator,
    FakeClock,
    LoopbackServer,
    ParticipantIdentity,
    in_process_transport,
)
from bakong_conformance.networks._asgi import SimulatorApp
from bakong_conformance.networks._wire import WireRequest
from bakong_conformance.networks.alipay_plus import OTHER_CLIENT_ID, TIME_STYLES

from .support import START_MS

CLIENT_ID = "SANDBOX_TESTKHPP"
NOTIFY = "/aps/api/v1/payments/notifyPushPayment"
REFUND = "/aps/api/v1/payments/refund"
PAYMENT = {"currency": "KHR", "value": "500000"}


@pytest.fixture(scope="module")
def participant_keys() -> KeyPair:
    return KeyPair.generate()


@pytest.fixture
def alipay(participant_keys: KeyPair) -> AlipayPlusSimulator:
    identity = ParticipantIdentity.of(CLIENT_ID, public_pem(participant_keys.public_key))
    return AlipayPlusSimulator(FakeClock(START_MS), identity)


def _request(keys: KeyPair, path: str, body: Any, *, client_id: str = CLIENT_ID,
             time: str = "2026-12-01T14:05:09.09Z") -> WireRequest:
    raw = json.dumps(body, separators=(", ", ": ")).encode()
    headers = signed_headers(keys, path, client_id, time, raw)
    return WireRequest("POST", path, tuple((k.lower(), v) for k, v in headers.items()), raw)


def _answer(alipay: AlipayPlusSimulator, path: str, decision: Any) -> dict[str, Any]:
    """The answer's body, after checking it is signed by Alipay+ over exactly what it sent."""
    headers = dict(decision.headers)
    verify_message({"1": alipay.keys.public_key}, headers, path, decision.body, answer=True)
    assert headers["client-id"] == CLIENT_ID
    return json.loads(decision.body)  # type: ignore[no-any-return]


def _refund(refund_id: str, value: str, payment_id: str = "P1") -> dict[str, Any]:
    return {"paymentId": payment_id, "refundRequestId": refund_id,
            "refundAmount": {"currency": "KHR", "value": value}}


def test_a_correctly_signed_notification_is_acknowledged_with_a_signed_success(
        alipay: AlipayPlusSimulator, participant_keys: KeyPair) -> None:
    body = {"paymentId": "P1", "paymentResult": {"resultCode": "SUCCESS", "resultStatus": "S"}}
    answer = _answer(alipay, NOTIFY, alipay.handle(_request(participant_keys, NOTIFY, body)))
    assert answer["result"]["resultStatus"] == "S"
    [received] = alipay.received
    assert (received.operation, received.signature_problem, received.acknowledged) == \
        ("notifyPushPayment", None, True)


@pytest.mark.parametrize(("spoil", "code"), [("other-key", "INVALID_SIGNATURE"), ("client", "INVALID_CLIENT"),
                                             ("body", "INVALID_SIGNATURE")])
def test_a_badly_signed_request_is_refused_signed_and_refunds_nothing(
        alipay: AlipayPlusSimulator, participant_keys: KeyPair, spoil: str, code: str) -> None:
    alipay.payment_succeeded("P1", PAYMENT)
    keys = KeyPair.generate() if spoil == "other-key" else participant_keys
    request = _request(keys, REFUND, _refund("R1", "1000"), client_id=OTHER_CLIENT_ID if spoil == "client"
                       else CLIENT_ID)
    if spoil == "body":
        request = WireRequest(request.method, request.path, request.headers, request.body.replace(b"1000", b"9000"))
    answer = _answer(alipay, REFUND, alipay.handle(request))
    assert (answer["result"]["resultStatus"], answer["result"]["resultCode"]) == ("F", code)
    assert alipay.refunded_value("P1") == 0
    assert alipay.received[0].signature_problem is not None


def test_refunds_are_made_once_per_id_and_never_above_the_payment(
        alipay: AlipayPlusSimulator, participant_keys: KeyPair) -> None:
    alipay.payment_succeeded("P1", PAYMENT)

    def refund(refund_id: str, value: str, payment_id: str = "P1") -> dict[str, Any]:
        return _answer(alipay, REFUND, alipay.handle(_request(participant_keys, REFUND,
                                                             _refund(refund_id, value, payment_id))))
    first = refund("R1", "200000")
    assert first["result"]["resultStatus"] == "S"
    assert refund("R1", "200000") == first                              # a repeat: the first answer, no refund
    assert refund("R1", "100000")["result"]["resultCode"] == "REPEAT_REQ_INCONSISTENT"
    assert refund("R2", "300001")["result"]["resultCode"] == "REFUND_AMOUNT_EXCEED"
    assert refund("R3", "300000")["result"]["resultStatus"] == "S"
    assert refund("R4", "1", "P9")["result"]["resultCode"] == "ORDER_NOT_EXIST"
    assert alipay.refunded_value("P1") == 500000


@pytest.mark.parametrize(("kind", "status", "delivery"), [("unknown", 200, "answered"),
                                                          ("traffic-limit", 200, "answered"),
                                                          ("server-error", 503, "answered"),
                                                          ("late", 200, "late")])
def test_planned_faults_meet_the_next_request_of_their_operation(
        alipay: AlipayPlusSimulator, participant_keys: KeyPair, kind: str, status: int, delivery: str) -> None:
    alipay.payment_succeeded("P1", PAYMENT)
    alipay.plan(AnswerFault(kind, "refund"))  # type: ignore[arg-type]
    note = {"paymentId": "P1", "paymentResult": {"resultCode": "SUCCESS", "resultStatus": "S"}}
    assert alipay.handle(_request(participant_keys, NOTIFY, note)).status == 200   # another operation: untouched
    decision = alipay.handle(_request(participant_keys, REFUND, _refund("R1", "1000")))
    assert (decision.status, decision.delivery) == (status, delivery)
    assert alipay.refunded_value("P1") == (1000 if kind == "late" else 0)
    again = _answer(alipay, REFUND, alipay.handle(_request(participant_keys, REFUND, _refund("R1", "1000"))))
    assert again["result"]["resultStatus"] == "S"
    assert alipay.refunded_value("P1") == 1000


@pytest.mark.parametrize("style", sorted(TIME_STYLES))
def test_its_requests_are_signed_over_the_time_as_written(alipay: AlipayPlusSimulator, style: str) -> None:
    request = alipay.request("pushPayment", "/p", {"pspId": "X", "paymentId": "P1"}, time_style=style, spaced=True)
    headers = {k.lower(): v for k, v in request.headers.items()}
    verify_message({"1": alipay.keys.public_key}, headers, "/p", request.raw)
    assert parse_time(headers["request-time"]) == START_MS // 1000 * 1000 + (
        START_MS % 1000 if TIME_STYLES[style][1] == 3 else START_MS % 1000 // 10 * 10 if TIME_STYLES[style][1] == 2
        else 0)
    assert headers["sandbox-now"] == str(START_MS)
    assert b", " in request.raw


@pytest.mark.parametrize("tamper", ["bad-signature", "unknown-key-version", "other-client-id", "stale-time",
                                    "body-changed"])
def test_each_tampering_spoils_the_request_it_is_planned_for(alipay: AlipayPlusSimulator, tamper: Any) -> None:
    request = alipay.request("pushPayment", "/p", {"pspId": "X"}, tamper=tamper)
    headers = {k.lower(): v for k, v in request.headers.items()}
    keys = {"1": alipay.keys.public_key}
    if tamper == "other-client-id":
        assert headers["client-id"] == OTHER_CLIENT_ID
        verify_message(keys, headers, "/p", request.raw)          # correctly signed, by the wrong client
    elif tamper == "stale-time":
        assert parse_time(headers["request-time"]) == START_MS // 1000 * 1000 - 3_600_000
        verify_message(keys, headers, "/p", request.raw)
    else:
        with pytest.raises(ValueError, match=r"keyVersion|does not verify"):
            verify_message(keys, headers, "/p", request.raw)


def test_answers_are_read_for_their_signature_json_and_schema(alipay: AlipayPlusSimulator,
                                                              participant_keys: KeyPair) -> None:
    request = alipay.request("inquiryPushPayment", "/p", {"paymentId": "P1"})
    raw = json.dumps({"result": {"resultCode": "ORDER_NOT_EXIST", "resultStatus": "F",
                                 "resultMessage": "no such order"}}).encode()
    signed = signed_headers(participant_keys, "/p", CLIENT_ID, "2026-12-01T14:05:09Z", raw, answer=True)
    good = alipay.read_answer(request, 200, signed, raw)
    assert (good.signature_problem, good.code, good.problems) == (None, "ORDER_NOT_EXIST", ())
    unsigned = alipay.read_answer(request, 200, {"Content-Type": "application/json"}, raw)
    assert unsigned.signature_problem == "there is no Signature header"
    broken = alipay.read_answer(request, 500, signed, b"<html>")
    assert broken.body is None
    assert len(broken.problems) == 2


def test_alipay_and_bakong_share_one_loopback_address(alipay: AlipayPlusSimulator,
                                                       participant_keys: KeyPair) -> None:
    bakong = BakongSimulator(alipay.clock)
    note = _request(participant_keys, NOTIFY, {"paymentId": "P1", "paymentResult": {"resultStatus": "S",
                                                                                    "resultCode": "SUCCESS"}})
    with LoopbackServer(SimulatorApp([bakong, alipay], 5.0)) as server, httpx.Client(base_url=server.url) as client:
        answered = client.post(NOTIFY, content=note.body, headers=dict(note.headers))
        bakong_answer = client.post("/v1/renew_token", json={"email": "nobody@example.com"})
    assert answered.json()["result"]["resultStatus"] == "S"
    assert "responseCode" in bakong_answer.json()                       # the Open API's envelope: Bakong answered
    assert [r.operation for r in alipay.received] == ["notifyPushPayment"]


def test_in_process_each_network_answers_at_its_host(alipay: AlipayPlusSimulator, participant_keys: KeyPair) -> None:
    transport = in_process_transport(BakongSimulator(alipay.clock), alipay)
    note = _request(participant_keys, NOTIFY, {"paymentId": "P1", "paymentResult": {"resultStatus": "F",
                                                                                    "resultCode": "PROCESS_FAIL"}})

    async def post() -> httpx.Response:
        async with httpx.AsyncClient(transport=transport) as client:
            return await client.post(ALIPAY_PLUS_URL + NOTIFY, content=note.body, headers=dict(note.headers))
    answered = anyio.run(post)
    assert answered.json()["result"]["resultStatus"] == "S"
    verify_message({"1": alipay.keys.public_key}, {k: v for k, v in answered.headers.items()}, NOTIFY,
                   answered.content, answer=True)


def test_its_private_key_is_a_registered_secret(alipay: AlipayPlusSimulator) -> None:
    from bakong_conformance.evidence import scrub
    pem = alipay.keys.private_pem().decode()
    assert pem not in scrub(f"leaked: {pem}")


# --- the wallet's side ------------------------------------------------------------------------------------------------
SCAN = "/aps/api/v1/payments/userInitiatedPay"
NOTIFY_PAYMENT = "/aps/api/v1/payments/notifyPayment"


def _ask(alipay: AlipayPlusSimulator, keys: KeyPair, path: str, body: Any) -> dict[str, Any]:
    return _answer(alipay, path, alipay.handle(_request(keys, path, body)))


def test_a_merchant_code_is_answered_with_its_order_the_same_way_for_the_same_customer(
        alipay: AlipayPlusSimulator, participant_keys: KeyPair) -> None:
    order = alipay.merchant_code("Tokyo Ramen", "1000", "JPY", rate="27")
    first = _ask(alipay, participant_keys, SCAN, {"codeValue": order.code_value, "customerId": "C1"})
    assert first["payToAmount"] == {"currency": "KHR", "value": "2700000"}
    assert first["paymentAmount"] == {"currency": "JPY", "value": "1000"}
    assert first["order"]["merchant"]["merchantName"] == "Tokyo Ramen"
    assert _ask(alipay, participant_keys, SCAN, {"codeValue": order.code_value, "customerId": "C1"}) == first
    other = _ask(alipay, participant_keys, SCAN, {"codeValue": order.code_value, "customerId": "C2"})
    assert other["result"]["resultCode"] == "REPEAT_REQ_INCONSISTENT"
    unknown = _ask(alipay, participant_keys, SCAN, {"codeValue": "2816660400000", "customerId": "C1"})
    assert unknown["result"]["resultCode"] == "INVALID_CODE"
    alipay.clock.advance(900_001)  # type: ignore[attr-defined]
    expired = _ask(alipay, participant_keys, SCAN, {"codeValue": order.code_value, "customerId": "C1"})
    assert expired["result"]["resultCode"] == "EXPIRED_CODE"


def test_a_notification_is_acknowledged_only_when_it_says_what_alipay_gave(
        alipay: AlipayPlusSimulator, participant_keys: KeyPair) -> None:
    order = alipay.merchant_code("Tokyo Ramen", "1000", "JPY", rate="27")
    _ask(alipay, participant_keys, SCAN, {"codeValue": order.code_value, "customerId": "C1"})
    note = {"paymentRequestId": order.payment_request_id, "paymentId": "W1", "customerId": "C1",
            "paymentResult": {"resultCode": "SUCCESS", "resultStatus": "S"}, "paymentTime": "2026-12-01T22:05:09+08:00",
            "paymentAmount": order.payment_amount, "payToAmount": order.pay_to_amount}
    assert _ask(alipay, participant_keys, NOTIFY_PAYMENT, note)["result"]["resultStatus"] == "S"
    assert _ask(alipay, participant_keys, NOTIFY_PAYMENT, note)["result"]["resultStatus"] == "S"   # the same again
    converted = {**note, "payToAmount": {"currency": "KHR", "value": "2754000"}}
    assert _ask(alipay, participant_keys, NOTIFY_PAYMENT, converted)["result"]["resultCode"] == "PARAM_ILLEGAL"
    other_id = {**note, "paymentId": "W2"}
    assert _ask(alipay, participant_keys, NOTIFY_PAYMENT, other_id)["result"]["resultCode"] == \
        "REPEAT_REQ_INCONSISTENT"
    assert [r.operation for r in alipay.received] == ["userInitiatedPay"] + ["notifyPayment"] * 4
