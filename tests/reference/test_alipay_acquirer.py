"""The reference participant as an Alipay+ acquirer (schemas/alipay-plus/README.md §1-3, §6): decoding KHQR,
taking pushed payments and crediting merchants through the real simulated Bakong, inquiries, notifications and
refunds through a small fake Alipay+, signatures both ways; and each acquirer defect switch changing exactly
the behaviour it claims.

Alipay+'s requests are signed here with the test key pair of ``alipay_fake``; every answer of the participant is
checked to verify with the reference participant's public key.
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable, Iterable
from decimal import Decimal
from typing import Any

import httpx
import pytest

from bakong_conformance import khqr, schemas
from bakong_conformance.alipay_plus import public_pem, result
from bakong_conformance.evidence import secrets_in
from bakong_conformance.fixtures import FIXTURES_DIR
from bakong_conformance.networks import SIMULATOR_URL, BakongSimulator, FakeClock, Fault, in_process_transport
from bakong_conformance.reference import (
    ALIPAY_PLUS_CLIENT_ID,
    ALIPAY_PLUS_KEY_VERSION,
    PARTICIPANT_ID,
    alipay_plus_public_key_pem,
    create_app,
    defects,
)

from .alipay_fake import ALIPAY_KEYS, NOW, TOKEN, Answer, FakeAlipayPlus, alipay_request, connection_body

pytestmark = pytest.mark.anyio

EMAIL = "acquirer@example.com"
CREDENTIAL = "switch-credential-of-the-test-01"
ACQUIRER = "/v1/alipay-plus/acquirer/"
FIVE_THOUSAND = {"currency": "KHR", "value": "500000"}
ANSWER_SCHEMAS = {"userInitiatedPay": "user-initiated-pay-answer", "pushPayment": "push-payment-answer",
                  "inquiryPushPayment": "inquiry-push-payment-answer"}
_KEY = re.compile(r"[A-Za-z0-9_-]{16,64}")


# --- the scene ----------------------------------------------------------------------------------------------------
class Scene:
    """The reference participant connected to the real simulated Bakong and the fake Alipay+."""

    def __init__(self, defects: Iterable[str] = ()) -> None:
        self.defects = tuple(defects)
        self.clock = FakeClock(NOW)
        self.bakong = BakongSimulator(self.clock)
        self.bakong.register_email(EMAIL)
        self.alipay_plus = FakeAlipayPlus(self.clock)
        app = create_app(token=TOKEN, defects=defects, clock=self.clock.now_ms,
                         networks_transport=in_process_transport(self.bakong, self.alipay_plus))
        transport = httpx.ASGITransport(app=app)
        self.sandbox = httpx.AsyncClient(transport=transport, base_url="http://participant.test",
                                         headers={"Authorization": f"Bearer {TOKEN}"})
        self.wire = httpx.AsyncClient(transport=transport, base_url="http://participant.test")

    async def connect(self) -> Scene:
        self.bakong.authorise(PARTICIPANT_ID, CREDENTIAL)
        bakong = {"switchUrl": SIMULATOR_URL, "switchCredential": CREDENTIAL, "openApiUrl": SIMULATOR_URL,
                  "openApiEmail": EMAIL, "openApiToken": self.bakong.issue_token(EMAIL)}
        assert (await self.sandbox.post("/v1/sandbox/bakong", json=bakong)).json() == {"connected": True}
        await self.connect_alipay_plus()
        return self

    async def connect_alipay_plus(self) -> None:
        assert await self.operate("/v1/sandbox/alipay-plus", connection_body(), "alipay-plus-connected") == {
            "connected": True}

    async def merchant(self, currency: str = "KHR", kyb: str = "PASSED") -> dict[str, Any]:
        body = {"name": "Angkor Coffee", "city": "Siem Reap", "mcc": "5814", "currency": currency, "kyb": kyb}
        merchant = await self.operate("/v1/sandbox/merchants", body, "merchant")
        self.bakong.register_account(merchant["accountId"])
        return merchant

    def code(self, merchant: dict[str, Any], amount: int | None = 5000, *, currency: str = "KHR",
             **extra: Any) -> str:
        details = {"kind": "merchant", "bakongAccountID": merchant["accountId"], "merchantName": merchant["name"],
                   "merchantCity": merchant["city"], "merchantID": merchant["merchantId"],
                   "acquiringBank": "Reference Bank", "merchantCategoryCode": merchant["mcc"], "currency": currency,
                   **extra}
        if amount is not None:
            details |= {"amount": amount, "expirationTimestamp": self.clock.now_ms() + 600_000}
        return khqr.generate(details, now_ms=self.clock.now_ms()).qr

    async def alipay(self, operation: str, body: dict[str, Any], *, tamper: str | None = None,
                     time: str | None = None) -> Answer:
        """Alipay+'s signed request (spoilt as ``tamper`` says); the participant's answer, which is signed."""
        answer = await alipay_request(self.wire, ACQUIRER + operation, body, self.clock.now_ms(), tamper=tamper,
                                      time=time)
        if not self.defects:
            assert (answer.status, answer.signed) == (200, True), "every answer is HTTP 200 and signed"
            assert schemas.violations(answer.body, "alipay-plus", "v1", ANSWER_SCHEMAS[operation]) == []
        return answer

    async def operate(self, path: str, body: dict[str, Any], schema: str) -> dict[str, Any]:
        """A sandbox operation that succeeds, its answer following ``schema`` (Participant API)."""
        response = await self.sandbox.post(path, json=body)
        assert response.status_code == 200, response.text
        assert schemas.violations(response.json(), "participant-api", "v1", schema) == []
        return dict(response.json())

    async def decode(self, code: str, **tamper: Any) -> Answer:
        return await self.alipay("userInitiatedPay", {"codeValue": code, "acquirerId": "ACQ-REFB",
                                                      "pspId": "PSP-ALIPAYCN", "customerId": "alipay-user-1"},
                                 **tamper)

    async def push(self, payment_id: str, code: str, amount: dict[str, str] | None = None,
                   request_id: str | None = None, **tamper: Any) -> Answer:
        body = {"acquirerId": "ACQ-REFB", "pspId": "PSP-ALIPAYCN", "codeValue": code, "paymentId": payment_id,
                "paymentAmount": amount or FIVE_THOUSAND, "walletBrandName": "Alipay"}
        if request_id is not None:
            body["paymentRequestId"] = request_id
        return await self.alipay("pushPayment", body, **tamper)

    async def inquire(self, payment_id: str, code: str = "x") -> Answer:
        return await self.alipay("inquiryPushPayment", {"acquirerId": "ACQ-REFB", "pspId": "PSP-ALIPAYCN",
                                                        "codeValue": code, "paymentId": payment_id})

    async def balance(self, account_id: str) -> Decimal:
        return Decimal((await self.sandbox.get(f"/v1/sandbox/accounts/{account_id}")).json()["balance"])

    async def refund(self, payment_id: str, amount: str, key: str = "refund-0001") -> dict[str, Any]:
        body = {"paymentId": payment_id, "refundAmount": amount, "refundKey": key, "sandboxNow": self.clock.now_ms()}
        return await self.operate("/v1/sandbox/alipay-plus/refunds", body, "alipay-plus-refund")

    async def advance(self, ms: int) -> None:
        self.clock.advance(ms)
        answer = await self.operate("/v1/sandbox/clock", {"sandboxNow": self.clock.now_ms()}, "clock-advanced")
        assert answer == {"advanced": True}

    def found_by_md5(self, code: str) -> dict[str, Any] | None:
        """The Bakong transaction check_transaction_by_md5 finds for the code's md5."""
        _, envelope = self.bakong.call_open_api("/v1/check_transaction_by_md5", {"md5": khqr.md5_hex(code)},
                                                token=self.bakong.issue_token(EMAIL))
        return envelope["data"] if envelope["responseCode"] == 0 else None


async def _opened(defects: Iterable[str] = ()) -> Scene:
    return await Scene(defects).connect()


async def _paid(scene: Scene, payment_id: str = "pay-0001") -> tuple[dict[str, Any], str, Answer]:
    merchant = await scene.merchant()
    code = scene.code(merchant)
    decoded = await scene.decode(code)
    return merchant, code, await scene.push(payment_id, code, request_id=decoded.body["paymentRequestId"])


# --- userInitiatedPay ---------------------------------------------------------------------------------------------
async def test_a_dynamic_code_decodes_to_its_order_and_merchant() -> None:
    scene = await _opened()
    merchant = await scene.merchant()
    answer = await scene.decode(scene.code(merchant, billNumber="INV-0042"))
    assert (answer.status, answer.signed, answer.code) == (200, True, "SUCCESS")
    body = answer.body
    assert body["codeType"] == "ORDER_CODE"
    assert body["paymentAmount"] == body["order"]["orderAmount"] == FIVE_THOUSAND
    assert body["paymentExpiryTime"] == "2026-12-01T22:15:09.090+08:00"
    assert body["settlementStrategy"] == {"settlementCurrency": "KHR"}
    assert body["order"]["referenceOrderId"] == "INV-0042"
    assert body["order"]["orderDescription"]
    assert body["order"]["merchant"] == {"referenceMerchantId": merchant["merchantId"], "merchantName": "Angkor Coffee",
                                         "merchantMCC": "5814",
                                         "merchantAddress": {"region": "KH", "city": "Siem Reap"}}
    assert len(body["paymentRequestId"]) <= 64


async def test_a_static_code_is_a_store_code_with_a_new_request_id_each_time() -> None:
    scene = await _opened()
    code = scene.code(await scene.merchant(), amount=None)
    first, second = (await scene.decode(code)).body, (await scene.decode(code)).body
    assert first["codeType"] == "STORE_CODE"
    assert {"paymentAmount", "paymentExpiryTime"}.isdisjoint(first)
    assert "orderAmount" not in first["order"]
    assert first["order"]["referenceOrderId"] == first["paymentRequestId"] != second["paymentRequestId"]
    assert "" not in [v for v in first.values() if isinstance(v, str)]


async def test_the_same_dynamic_code_gets_the_very_same_answer() -> None:
    scene = await _opened()
    code = scene.code(await scene.merchant())
    first = await scene.decode(code)
    scene.clock.advance(4_000)
    again = await scene.decode(code)
    assert again.raw == first.raw
    assert again.signed
    assert again.headers["response-time"] != first.headers["response-time"]


def _bad_crc(code: str) -> str:
    return code[:-4] + ("0000" if not code.endswith("0000") else "1111")


REFUSED_CODES = [
    pytest.param("INVALID_CODE", lambda s, m: _bad_crc(s.code(m)), id="bad-crc"),
    pytest.param("INVALID_CODE", lambda s, m: "https://example.com/pay?id=42", id="not-a-khqr"),
    pytest.param("MERCHANT_NOT_REGISTERED", lambda s, m: s.code({**m, "accountId": "shop@nbcq"}), id="not-ours"),
    pytest.param("CURRENCY_NOT_SUPPORT", lambda s, m: s.code(m, currency="USD", amount=None), id="dollars"),
]


@pytest.mark.parametrize(("code", "make"), REFUSED_CODES)
async def test_a_code_that_cannot_be_paid_is_refused_with_its_reason(code: str, make: Callable[..., str]) -> None:
    scene = await _opened()
    answer = await scene.decode(make(scene, await scene.merchant()))
    assert (answer.status, answer.signed, answer.code, answer.body["result"]["resultStatus"]) == (200, True, code, "F")


async def test_an_expired_dynamic_code_is_refused_to_decode_and_to_pay() -> None:
    scene = await _opened()
    merchant = await scene.merchant()
    code = scene.code(merchant)
    scene.clock.advance(600_001)
    assert (await scene.decode(code)).code == "EXPIRED_CODE"
    assert (await scene.push("pay-0001", code)).code == "EXPIRED_CODE"
    assert (await scene.balance(merchant["accountId"]), scene.bakong.instructions) == (0, [])


@pytest.mark.parametrize(("currency", "kyb"), [("USD", "PASSED"), ("KHR", "FAILED")])
async def test_a_merchant_without_riel_account_or_kyb_is_not_qualified(currency: str, kyb: str) -> None:
    scene = await _opened()
    merchant = await scene.merchant(currency, kyb)
    code = scene.code(merchant)
    assert (await scene.decode(code)).code == "MERCHANT_KYB_NOT_QUALIFIED"
    assert (await scene.push("pay-0001", code)).code == "MERCHANT_KYB_NOT_QUALIFIED"
    assert await scene.balance(merchant["accountId"]) == 0


async def test_a_paid_dynamic_code_is_closed() -> None:
    scene = await _opened()
    _, code, _ = await _paid(scene)
    assert (await scene.decode(code)).code == "ORDER_IS_CLOSED"
    assert (await scene.push("pay-0002", code)).code == "ORDER_IS_CLOSED"
    assert len(scene.bakong.instructions) == 1


# --- pushPayment ----------------------------------------------------------------------------------------------------
async def test_a_pushed_payment_credits_the_merchant_through_bakong_under_the_codes_md5() -> None:
    scene = await _opened()
    merchant, code, answer = await _paid(scene)
    assert (answer.signed, answer.code) == (True, "SUCCESS")
    assert answer.body["paymentId"] == "pay-0001"
    assert answer.body["paymentRequestId"].startswith("prq-")
    assert answer.body["paymentTime"] == "2026-12-01T22:05:09.090+08:00"
    assert await scene.balance(merchant["accountId"]) == 5000
    found = scene.found_by_md5(code)
    assert found is not None
    assert (found["toAccountId"], found["amount"], found["currency"]) == (merchant["accountId"], 5000, "KHR")
    sent = scene.bakong.instructions[0].body
    assert (sent["fromAccountId"], sent["qr"], sent["amount"]) == ("alipayplus@refb", code, "5000")
    assert _KEY.fullmatch(sent["idempotencyKey"])


async def test_a_static_code_is_paid_the_amount_the_user_keyed() -> None:
    scene = await _opened()
    merchant = await scene.merchant()
    answer = await scene.push("pay-0001", scene.code(merchant, amount=None), {"currency": "KHR", "value": "123400"})
    assert answer.code == "SUCCESS"
    assert scene.alipay_plus.of("notifyPushPayment")[0].body["paymentRequestId"] == answer.body["paymentRequestId"]
    assert await scene.balance(merchant["accountId"]) == 1234


async def test_a_dynamic_code_is_paid_its_own_amount_only() -> None:
    scene = await _opened()
    merchant = await scene.merchant()
    answer = await scene.push("pay-0001", scene.code(merchant), {"currency": "KHR", "value": "400000"})
    assert (answer.code, await scene.balance(merchant["accountId"]), scene.bakong.instructions) == (
        "PARAM_ILLEGAL", 0, [])


async def test_a_repeated_push_is_answered_as_the_first_and_credits_once() -> None:
    scene = await _opened()
    merchant, code, first = await _paid(scene)
    again = await scene.push("pay-0001", code, request_id=first.body["paymentRequestId"])
    assert again.raw == first.raw
    assert (await scene.balance(merchant["accountId"]), len(scene.bakong.instructions)) == (5000, 1)


async def test_a_push_repeating_a_payment_id_with_another_amount_is_inconsistent() -> None:
    scene = await _opened()
    merchant = await scene.merchant()
    code = scene.code(merchant, amount=None)
    await scene.push("pay-0001", code, {"currency": "KHR", "value": "100000"})
    again = await scene.push("pay-0001", code, {"currency": "KHR", "value": "200000"})
    assert (again.code, await scene.balance(merchant["accountId"])) == ("REPEAT_REQ_INCONSISTENT", 1000)


async def test_a_push_bakong_refuses_fails_and_credits_nothing() -> None:
    scene = await _opened()
    scene.bakong.plan(Fault("reject", code="ACCOUNT_BLOCKED"))
    merchant, _, answer = await _paid(scene)
    assert (answer.code, answer.body["result"]["resultStatus"]) == ("PROCESS_FAIL", "F")
    assert await scene.balance(merchant["accountId"]) == 0


@pytest.mark.parametrize("fault", [Fault("late"), Fault("drop"), Fault("late", commit=False),
                                   Fault("server-error")], ids=["late", "dropped", "late-uncommitted", "5xx"])
async def test_an_unknown_bakong_outcome_is_u_until_an_inquiry_learns_it_then_credited_once(fault: Fault) -> None:
    scene = await _opened()
    scene.bakong.plan(fault)
    merchant, code, answer = await _paid(scene)
    assert (answer.code, answer.body["result"]["resultStatus"], "paymentTime" not in answer.body) == (
        "PAYMENT_IN_PROCESS", "U", True)
    assert await scene.balance(merchant["accountId"]) == 0
    assert scene.alipay_plus.of("notifyPushPayment") == []
    scene.clock.advance(4_000)
    inquiry = await scene.inquire("pay-0001", code)
    assert (inquiry.code, inquiry.body["paymentResult"]["resultCode"]) == ("SUCCESS", "SUCCESS")
    assert "paymentTime" in inquiry.body
    assert (await scene.inquire("pay-0001", code)).body["paymentResult"]["resultStatus"] == "S"
    assert await scene.balance(merchant["accountId"]) == 5000
    assert len(scene.bakong.transactions) == 1
    keys = {record.body["idempotencyKey"] for record in scene.bakong.instructions}
    assert len(keys) == 1


async def test_an_unknown_outcome_is_learnt_at_advance_sandbox_and_at_a_repeated_push() -> None:
    scene = await _opened()
    scene.bakong.plan(Fault("late"), Fault("late"))
    merchant, _, _ = await _paid(scene)
    await scene.advance(4_000)
    assert await scene.balance(merchant["accountId"]) == 5000
    assert [n.body["paymentResult"]["resultStatus"] for n in scene.alipay_plus.of("notifyPushPayment")] == ["S"]
    other = await scene.merchant()
    static = scene.code(other, amount=None)
    assert (await scene.push("pay-0002", static)).code == "PAYMENT_IN_PROCESS"
    assert (await scene.push("pay-0002", static)).code == "SUCCESS"
    assert await scene.balance(other["accountId"]) == 5000


async def test_an_inquiry_about_an_unknown_payment_is_order_not_exist() -> None:
    scene = await _opened()
    answer = await scene.inquire("never-pushed")
    assert (answer.signed, answer.code, "paymentResult" in answer.body) == (True, "ORDER_NOT_EXIST", False)


# --- notifyPushPayment ----------------------------------------------------------------------------------------------
async def test_a_final_result_is_notified_signed_and_sent_again_until_acknowledged() -> None:
    scene = await _opened()
    scene.alipay_plus.plan("notifyPushPayment", "UNKNOWN_EXCEPTION", "late")
    _, _, answer = await _paid(scene)
    assert answer.code == "SUCCESS"
    await scene.advance(4_000)
    await scene.advance(4_000)
    await scene.advance(30_000)
    sent = scene.alipay_plus.of("notifyPushPayment")
    assert len(sent) == 3
    assert all(n.sound for n in sent)
    assert all(n.body == sent[0].body for n in sent)
    assert sent[0].body == {"paymentResult": result("SUCCESS"), "paymentId": "pay-0001",
                            "paymentRequestId": answer.body["paymentRequestId"],
                            "paymentTime": answer.body["paymentTime"]}
    assert sent[0].headers["request-time"] == "2026-12-01T22:05:09+08:00"


async def test_a_failing_notification_does_not_change_the_push_answer() -> None:
    scene = await _opened()
    scene.alipay_plus.plan("notifyPushPayment", "late")
    merchant, _, answer = await _paid(scene)
    assert (answer.code, await scene.balance(merchant["accountId"])) == ("SUCCESS", 5000)


async def test_a_new_alipay_plus_connection_forgets_the_notifications_still_due() -> None:
    scene = await _opened()
    scene.alipay_plus.plan("notifyPushPayment", "UNKNOWN_EXCEPTION")
    await _paid(scene)
    await scene.connect_alipay_plus()
    await scene.advance(4_000)
    assert len(scene.alipay_plus.of("notifyPushPayment")) == 1


# --- refunds ----------------------------------------------------------------------------------------------------------
async def test_partial_refunds_debit_the_merchant_once_each_within_the_payment() -> None:
    scene = await _opened()
    merchant, _, _ = await _paid(scene)
    first = await scene.refund("pay-0001", "2000", "refund-0001")
    assert (first["status"], first["reason"]) == ("SUCCEEDED", None)
    assert await scene.refund("pay-0001", "2000", "refund-0001") == first
    second = await scene.refund("pay-0001", "3000", "refund-0002")
    assert second["status"] == "SUCCEEDED"
    assert second["refundRequestId"] != first["refundRequestId"]
    third = await scene.refund("pay-0001", "1", "refund-0003")
    assert (third["status"], third["refundRequestId"], third["reason"]["code"]) == (
        "REFUSED", None, "REFUND_AMOUNT_EXCEED")
    sent = scene.alipay_plus.of("refund")
    assert [(r.body["refundRequestId"], r.body["refundAmount"]) for r in sent] == [
        (first["refundRequestId"], {"currency": "KHR", "value": "200000"}),
        (second["refundRequestId"], {"currency": "KHR", "value": "300000"})]
    assert all(r.sound for r in sent)
    assert await scene.balance(merchant["accountId"]) == 0


async def test_a_refund_above_the_payment_or_of_an_unknown_payment_is_refused_without_alipay_plus() -> None:
    scene = await _opened()
    merchant, _, _ = await _paid(scene)
    over = await scene.refund("pay-0001", "5001")
    unknown = await scene.refund("pay-9999", "1", "refund-0002")
    assert (over["status"], over["reason"]["code"], unknown["status"], unknown["reason"]["code"]) == (
        "REFUSED", "REFUND_AMOUNT_EXCEED", "REFUSED", "ORDER_NOT_EXIST")
    assert (scene.alipay_plus.of("refund"), await scene.balance(merchant["accountId"])) == ([], 5000)


async def test_a_refund_without_answer_is_asked_again_with_the_same_id_until_alipay_plus_answers() -> None:
    scene = await _opened()
    merchant, _, _ = await _paid(scene)
    scene.alipay_plus.plan("refund", "UNKNOWN_EXCEPTION", "late")
    pending = await scene.refund("pay-0001", "2000")
    assert (pending["status"], await scene.balance(merchant["accountId"])) == ("PENDING", 5000)
    await scene.advance(4_000)
    assert (await scene.refund("pay-0001", "2000"))["status"] == "SUCCEEDED"
    await scene.advance(4_000)
    ids = [r.body["refundRequestId"] for r in scene.alipay_plus.of("refund")]
    assert ids == [pending["refundRequestId"]] * 3
    assert await scene.balance(merchant["accountId"]) == 3000


async def test_a_refund_alipay_plus_refuses_is_refused_and_debits_nothing() -> None:
    scene = await _opened()
    merchant, _, _ = await _paid(scene)
    scene.alipay_plus.plan("refund", "REFUND_AMOUNT_EXCEED")
    refused = await scene.refund("pay-0001", "2000")
    assert (refused["status"], refused["reason"]["code"]) == ("REFUSED", "REFUND_AMOUNT_EXCEED")
    assert await scene.balance(merchant["accountId"]) == 5000


async def test_a_refund_key_reused_for_another_amount_is_a_conflict() -> None:
    scene = await _opened()
    await _paid(scene)
    await scene.refund("pay-0001", "2000")
    body = {"paymentId": "pay-0001", "refundAmount": "1000", "refundKey": "refund-0001"}
    response = await scene.sandbox.post("/v1/sandbox/alipay-plus/refunds", json=body)
    assert (response.status_code, response.json()["error"]["code"]) == (409, "IDEMPOTENCY_CONFLICT")


# --- signatures and times --------------------------------------------------------------------------------------------
@pytest.mark.parametrize(("tamper", "code"), [
    ("bad-signature", "INVALID_SIGNATURE"), ("other-key", "INVALID_SIGNATURE"), ("no-signature", "INVALID_SIGNATURE"),
    ("unknown-key-version", "KEY_NOT_FOUND"), ("other-client-id", "INVALID_CLIENT"), ("stale-time", "PARAM_ILLEGAL"),
    ("not-json", "PARAM_ILLEGAL"),
])
async def test_a_request_that_cannot_be_trusted_is_refused_signed_and_changes_nothing(tamper: str, code: str) -> None:
    scene = await _opened()
    merchant = await scene.merchant()
    qr = scene.code(merchant)
    answer = await scene.push("pay-0001", qr, tamper=tamper)
    assert (answer.status, answer.signed, answer.code, answer.body["result"]["resultStatus"]) == (200, True, code, "F")
    assert (await scene.balance(merchant["accountId"]), scene.bakong.instructions) == (0, [])
    assert (await scene.inquire("pay-0001", qr)).code == "ORDER_NOT_EXIST"
    assert (await scene.push("pay-0001", qr)).code == "SUCCESS"


@pytest.mark.parametrize("time", ["2026-12-01T14:05:09Z", "2026-12-01T14:05:09.09Z", "2026-12-01T22:05:09+08:00",
                                  "2026-12-01T22:05:09.123+08:00", "1796133909090"])
async def test_a_request_time_in_any_iso_form_is_verified_as_written(time: str) -> None:
    scene = await _opened()
    answer = await scene.push("pay-0001", scene.code(await scene.merchant()), time=time)
    assert (answer.signed, answer.code) == (True, "SUCCESS")


async def test_before_connect_alipay_plus_every_request_is_access_denied_signed() -> None:
    scene = Scene()
    answer = await scene.decode("anything")
    assert (answer.status, answer.signed, answer.code) == (200, True, "ACCESS_DENIED")


async def test_alipay_plus_requests_need_no_bearer_token_but_sandbox_operations_do() -> None:
    scene = await _opened()
    assert (await scene.inquire("pay-0001")).code == "ORDER_NOT_EXIST"
    for path in ("/v1/sandbox/alipay-plus", "/v1/sandbox/merchants", "/v1/sandbox/alipay-plus/refunds",
                 "/v1/sandbox/clock"):
        assert (await scene.wire.post(path, json={})).status_code == 401


# --- the sandbox operations -----------------------------------------------------------------------------------------
async def test_a_merchant_is_opened_with_nothing_and_read_like_any_account() -> None:
    scene = Scene()
    body = {"name": "Angkor Coffee", "city": "Siem Reap", "mcc": "5814", "currency": "KHR", "kyb": "PASSED"}
    merchant = (await scene.sandbox.post("/v1/sandbox/merchants", json=body)).json()
    assert merchant == {"merchantId": "m000001", "accountId": "m000001@refb", **body, "balance": "0"}
    account = (await scene.sandbox.get("/v1/sandbox/accounts/m000001@refb")).json()
    assert account == {"accountId": "m000001@refb", "currency": "KHR", "balance": "0"}


@pytest.mark.parametrize(("path", "body"), [
    ("/v1/sandbox/merchants", {"name": "A" * 26, "city": "Siem Reap", "mcc": "5814", "currency": "KHR",
                               "kyb": "PASSED"}),
    ("/v1/sandbox/merchants", {"name": "A", "city": "Siem Reap", "mcc": "58", "currency": "KHR", "kyb": "PASSED"}),
    ("/v1/sandbox/merchants", {"name": "A", "city": "Siem Reap", "mcc": "5814", "currency": "THB", "kyb": "PASSED"}),
    ("/v1/sandbox/alipay-plus", {"alipayPlusUrl": "http://x.invalid", "alipayPlusPublicKey": "not a key",
                                 "alipayPlusKeyVersion": "1"}),
    ("/v1/sandbox/alipay-plus", {"alipayPlusUrl": "ftp://x.invalid", "alipayPlusKeyVersion": "1",
                                 "alipayPlusPublicKey": public_pem(ALIPAY_KEYS.public_key)}),
    ("/v1/sandbox/alipay-plus/refunds", {"paymentId": "p", "refundAmount": "20.5", "refundKey": "k"}),
    ("/v1/sandbox/alipay-plus/refunds", {"paymentId": "p", "refundAmount": "0", "refundKey": "k"}),
    ("/v1/sandbox/clock", {"sandboxNow": "soon"}),
    ("/v1/sandbox/clock", {}),
])
async def test_a_bad_sandbox_body_is_a_bad_request(path: str, body: dict[str, Any]) -> None:
    scene = await _opened()
    response = await scene.sandbox.post(path, json=body)
    assert (response.status_code, response.json()["error"]["code"]) == (400, "BAD_REQUEST")


async def test_the_reference_exports_its_alipay_plus_identity_and_keeps_its_private_key_secret() -> None:
    assert (ALIPAY_PLUS_CLIENT_ID, ALIPAY_PLUS_KEY_VERSION) == ("SANDBOX_REFBKHPP", "1")
    assert alipay_plus_public_key_pem().startswith("-----BEGIN PUBLIC KEY-----")
    info = (await Scene().sandbox.get("/v1/info")).json()
    assert info["apiVersion"] == "1.2"
    assert "alipay-plus-acquirer" in info["capabilities"]
    private = (FIXTURES_DIR / "alipay-plus" / "reference-participant-private.pem").read_text(encoding="ascii")
    assert secrets_in(private) == ["the reference participant's Alipay+ private key"]


# --- the defect switches ----------------------------------------------------------------------------------------------
Scenario = Callable[[Scene], Awaitable[Any]]


def _tampered(tamper: str) -> Scenario:
    async def scenario(scene: Scene) -> Any:
        merchant = await scene.merchant()
        answer = await scene.push("pay-0001", scene.code(merchant), tamper=tamper)
        return answer.code, await scene.balance(merchant["accountId"])
    return scenario


async def utc_request_time(scene: Scene) -> Any:
    return (await scene.push("pay-0001", scene.code(await scene.merchant()), time="2026-12-01T14:05:09Z")).code


async def decode_signed(scene: Scene) -> Any:
    answer = await scene.decode(scene.code(await scene.merchant()))
    return "signature" in answer.headers, answer.signed


async def notification_signed(scene: Scene) -> Any:
    await _paid(scene)
    sent = scene.alipay_plus.of("notifyPushPayment")[0]
    return sent.verified, len(sent.headers["request-time"])


async def static_decode_expiry(scene: Scene) -> Any:
    return (await scene.decode(scene.code(await scene.merchant(), amount=None))).body.get("paymentExpiryTime")


async def amounts(scene: Scene) -> Any:
    merchant = await scene.merchant()
    code = scene.code(merchant)
    decoded = (await scene.decode(code)).body
    await scene.push("pay-0001", code, decoded["paymentAmount"], decoded["paymentRequestId"])
    return decoded["paymentAmount"]["value"], await scene.balance(merchant["accountId"])


async def decoded_twice(scene: Scene) -> Any:
    code = scene.code(await scene.merchant())
    return (await scene.decode(code)).body["paymentRequestId"] == (await scene.decode(code)).body["paymentRequestId"]


async def expired_decode(scene: Scene) -> Any:
    code = scene.code(await scene.merchant())
    scene.clock.advance(600_001)
    return (await scene.decode(code)).code


async def paid_decode(scene: Scene) -> Any:
    _, code, _ = await _paid(scene)
    return (await scene.decode(code)).code


def _merchant_paid(currency: str, kyb: str) -> Scenario:
    async def scenario(scene: Scene) -> Any:
        merchant = await scene.merchant(currency, kyb)
        answer = await scene.push("pay-0001", scene.code(merchant))
        return answer.code, await scene.balance(merchant["accountId"])
    return scenario


async def credited(scene: Scene) -> Any:
    merchant, _, _ = await _paid(scene)
    return await scene.balance(merchant["accountId"])


async def instruction_md5(scene: Scene) -> Any:
    _, code, _ = await _paid(scene)
    return scene.bakong.instructions[0].body["md5"] == khqr.md5_hex(code), scene.found_by_md5(code) is not None


async def repeated(scene: Scene) -> Any:
    merchant, code, first = await _paid(scene)
    await scene.push("pay-0001", code, request_id=first.body["paymentRequestId"])
    return await scene.balance(merchant["accountId"])


async def inconsistent(scene: Scene) -> Any:
    merchant = await scene.merchant()
    code = scene.code(merchant, amount=None)
    await scene.push("pay-0001", code, {"currency": "KHR", "value": "100000"})
    again = await scene.push("pay-0001", code, {"currency": "KHR", "value": "200000"})
    return again.code, await scene.balance(merchant["accountId"])


def _bakong_unknown(fault: Fault) -> Scenario:
    async def scenario(scene: Scene) -> Any:
        scene.bakong.plan(fault)
        merchant, _, answer = await _paid(scene)
        return answer.code, await scene.balance(merchant["accountId"])
    return scenario


async def unknown_inquiry(scene: Scene) -> Any:
    body = (await scene.inquire("never-pushed")).body
    return body["result"]["resultStatus"], body.get("paymentResult", {}).get("resultStatus")


async def notified_while_unknown(scene: Scene) -> Any:
    scene.bakong.plan(Fault("late"))
    _, code, _ = await _paid(scene)
    await scene.inquire("pay-0001", code)
    return [n.body["paymentResult"]["resultStatus"] for n in scene.alipay_plus.of("notifyPushPayment")]


async def notified_again(scene: Scene) -> Any:
    scene.alipay_plus.plan("notifyPushPayment", "UNKNOWN_EXCEPTION")
    await _paid(scene)
    await scene.advance(4_000)
    return len(scene.alipay_plus.of("notifyPushPayment"))


async def over_refund(scene: Scene) -> Any:
    await _paid(scene)
    return (await scene.refund("pay-0001", "6000"))["status"], len(scene.alipay_plus.of("refund"))


async def refund_retried(scene: Scene) -> Any:
    await _paid(scene)
    scene.alipay_plus.plan("refund", "UNKNOWN_EXCEPTION")
    await scene.refund("pay-0001", "2000")
    ids = [r.body["refundRequestId"] for r in scene.alipay_plus.of("refund")]
    return len(ids), len(set(ids))


CASES = [
    pytest.param("accepts-bad-signature", _tampered("bad-signature"), ("INVALID_SIGNATURE", 0), ("SUCCESS", 5000)),
    pytest.param("accepts-any-client-id", _tampered("other-client-id"), ("INVALID_CLIENT", 0), ("SUCCESS", 5000)),
    pytest.param("accepts-stale-request-time", _tampered("stale-time"), ("PARAM_ILLEGAL", 0), ("SUCCESS", 5000)),
    pytest.param("verifies-reformatted-time", utc_request_time, "SUCCESS", "INVALID_SIGNATURE"),
    pytest.param("answers-unsigned", decode_signed, (True, True), (False, False)),
    pytest.param("signs-reserialised-body", decode_signed, (True, True), (True, False)),
    pytest.param("signs-reformatted-request-time", notification_signed, (True, 25), (False, 29)),
    pytest.param("empty-string-for-absent", static_decode_expiry, None, ""),
    pytest.param("amounts-in-major-units", amounts, ("500000", 5000), ("5000", 5000)),
    pytest.param("new-request-id-per-decode", decoded_twice, True, False),
    pytest.param("decodes-expired-code", expired_decode, "EXPIRED_CODE", "SUCCESS"),
    pytest.param("reopens-paid-code", paid_decode, "ORDER_IS_CLOSED", "SUCCESS"),
    pytest.param("usd-merchant-credited", _merchant_paid("USD", "PASSED"), ("MERCHANT_KYB_NOT_QUALIFIED", 0),
                 ("SUCCESS", 5000)),
    pytest.param("ignores-kyb", _merchant_paid("KHR", "FAILED"), ("MERCHANT_KYB_NOT_QUALIFIED", 0),
                 ("SUCCESS", 5000)),
    pytest.param("credits-minor-units", credited, 5000, 500000),
    pytest.param("push-md5-without-crc", instruction_md5, (True, True), (False, False)),
    pytest.param("double-credit-on-repeat", repeated, 5000, 10000),
    pytest.param("ignores-inconsistent-repeat", inconsistent, ("REPEAT_REQ_INCONSISTENT", 1000), ("SUCCESS", 3000)),
    pytest.param("credits-on-unknown", _bakong_unknown(Fault("late")), ("PAYMENT_IN_PROCESS", 0),
                 ("PAYMENT_IN_PROCESS", 5000)),
    pytest.param("success-on-bakong-timeout", _bakong_unknown(Fault("late", commit=False)),
                 ("PAYMENT_IN_PROCESS", 0), ("SUCCESS", 5000)),
    pytest.param("inquiry-unknown-as-success", unknown_inquiry, ("F", None), ("S", "F")),
    pytest.param("notify-with-u", notified_while_unknown, ["S"], ["U", "S"]),
    pytest.param("notify-not-resent", notified_again, 2, 1),
    pytest.param("refund-above-original", over_refund, ("REFUSED", 0), ("SUCCEEDED", 1)),
    pytest.param("refund-retry-new-id", refund_retried, (2, 1), (2, 2)),
]


@pytest.mark.parametrize(("defect", "scenario", "correct", "defective"), CASES,
                         ids=[str(case.values[0]) for case in CASES])
async def test_acquirer_defect_changes_the_behaviour_it_claims(defect: str, scenario: Scenario, correct: Any,
                                                               defective: Any) -> None:
    assert await scenario(await _opened()) == correct
    assert await scenario(await _opened((defect,))) == defective


def test_every_acquirer_defect_has_a_behaviour_test_and_breaks_only_the_acquirer() -> None:
    touching = [d for d in defects() if "alipay-plus-acquirer" in d.capabilities]
    assert sorted(str(case.values[0]) for case in CASES) == sorted(d.name for d in touching)
    assert all(d.capabilities == {"alipay-plus-acquirer"} for d in touching)
