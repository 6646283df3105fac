"""The reference participant as an Alipay+ wallet (schemas/alipay-plus/README.md §1-2, §4, §6): its customers scan
Alipay+ merchants' codes, are shown the order as Alipay+ gave it, confirm and are debited exactly payToAmount,
notifications sent again until acknowledged, Alipay+'s inquiries, cancels and refunds, signatures both ways,
through the fake Alipay+ of ``alipay_fake``; and each wallet defect switch changing exactly the behaviour it
claims.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable
from decimal import Decimal
from typing import Any

import httpx
import pytest

from bakong_conformance import schemas
from bakong_conformance.alipay_plus import format_time, parse_time, result
from bakong_conformance.networks import FakeClock, in_process_transport
from bakong_conformance.reference import create_app, defects
from bakong_conformance.reference._wallet_rules import cancel_cutoff

from .alipay_fake import NOW, TAMPERINGS, TOKEN, Answer, FakeAlipayPlus, alipay_request, connection_body

pytestmark = pytest.mark.anyio

WALLET = "/v1/alipay-plus/wallet/"
SCANS = "/v1/sandbox/alipay-plus/scans"
ANSWER_SCHEMAS = {"inquiryPayment": "inquiry-payment-answer", "cancelPayment": "cancel-payment-answer",
                  "refund": "mpp-refund-answer"}
REQUEST_SCHEMAS = {"inquiryPayment": "inquiry-payment-request", "cancelPayment": "cancel-payment-request",
                   "refund": "mpp-refund-request"}
PARTIES = {"acquirerId": "1022188000000000002", "pspId": "1022172000000000009"}     # not sent by the harness
RAMEN = {"currency": "JPY", "value": "1000"}
PAY_TO = {"currency": "KHR", "value": "2712000"}           # KHR 27120, at 27.12 riel a yen
QUOTE = {"quoteId": "Q2026120100000001", "quoteCurrencyPair": "JPY/KHR", "quotePrice": "27.12"}
EXPIRY_MS = 600_000
UNTIL_CUTOFF_MS = cancel_cutoff(NOW) - NOW                  # 2026-12-02T00:30:00+08:00, the payment's T+1


def _order(request_id: str, now_ms: int) -> dict[str, Any]:
    """The order an Alipay+ merchant in Tokyo answers a scan with."""
    expiry = format_time(now_ms + EXPIRY_MS, fraction_digits=3)
    return {"paymentRequestId": request_id,
            "order": {"referenceOrderId": "JP-ORDER-0001", "orderDescription": "Ramen set, Shibuya",
                      "orderAmount": RAMEN,
                      "merchant": {"referenceMerchantId": "M2188120000001", "merchantName": "Shibuya Ramen Ichiban",
                                   "merchantMCC": "5812", "merchantAddress": {"region": "JP", "city": "Tokyo"}}},
            "paymentAmount": RAMEN, "payToAmount": PAY_TO, "paymentQuote": {**QUOTE, "quoteExpiryTime": expiry},
            "paymentExpiryTime": expiry}


class Scene:
    """The reference participant connected to the fake Alipay+ (no Bakong: the wallet debits its own accounts)."""

    def __init__(self, defects: Iterable[str] = ()) -> None:
        self.defects = tuple(defects)
        self.clock = FakeClock(NOW)
        self.alipay_plus = FakeAlipayPlus(self.clock)
        app = create_app(token=TOKEN, defects=defects, clock=self.clock.now_ms,
                         networks_transport=in_process_transport(self.alipay_plus))
        transport = httpx.ASGITransport(app=app)
        self.sandbox = httpx.AsyncClient(transport=transport, base_url="http://participant.test",
                                         headers={"Authorization": f"Bearer {TOKEN}"})
        self.wire = httpx.AsyncClient(transport=transport, base_url="http://participant.test")
        self._codes = 0

    async def connect(self) -> Scene:
        answer = await self.sandbox.post("/v1/sandbox/alipay-plus", json=connection_body())
        assert answer.json() == {"connected": True}
        return self

    async def account(self, balance: str = "100000", currency: str = "KHR", limit: str | None = None) -> str:
        body = {"currency": currency, "balance": balance, **({"alipayPlusLimit": limit} if limit else {})}
        answer = await self.sandbox.post("/v1/sandbox/accounts", json=body)
        return str(answer.json()["accountId"])

    def code(self) -> str:
        """A new Alipay+ merchant code, whose order Alipay+ answers (valid for ten minutes from now)."""
        self._codes += 1
        code = f"28166604009800000012345{self._codes}"
        order = _order(f"2026120119040000000000000{self._codes:03d}", self.clock.now_ms())
        assert schemas.violations({"result": result("SUCCESS"), **order}, "alipay-plus", "v1",
                                  "mpp-user-initiated-pay-answer") == []
        self.alipay_plus.order(code, order)
        return code

    async def scan(self, account_id: str, code: str) -> dict[str, Any]:
        body = {"accountId": account_id, "codeValue": code, "sandboxNow": self.clock.now_ms()}
        response = await self.sandbox.post(SCANS, json=body)
        assert response.status_code == 200, response.text
        assert schemas.violations(response.json(), "participant-api", "v1", "alipay-plus-scan") == []
        return dict(response.json())

    async def confirm(self, scan_id: str) -> dict[str, Any]:
        response = await self.sandbox.post(f"{SCANS}/{scan_id}/confirmation", json={"sandboxNow": self.clock.now_ms()})
        assert response.status_code == 200, response.text
        assert schemas.violations(response.json(), "participant-api", "v1", "alipay-plus-confirmation") == []
        return dict(response.json())

    async def alipay(self, operation: str, body: dict[str, Any], *, tamper: str | None = None,
                     sound: bool = True) -> Answer:
        """Alipay+'s signed request (spoilt as ``tamper`` says; ``sound``: following its schema, as the harness
        sends it); the participant's answer, which is signed."""
        if sound:
            assert schemas.violations(body, "alipay-plus", "v1", REQUEST_SCHEMAS[operation]) == []
        answer = await alipay_request(self.wire, WALLET + operation, body, self.clock.now_ms(), tamper=tamper)
        if not self.defects:
            assert (answer.status, answer.signed) == (200, True), "every answer is HTTP 200 and signed"
            assert schemas.violations(answer.body, "alipay-plus", "v1", ANSWER_SCHEMAS[operation]) == []
        return answer

    async def inquire(self, request_id: str) -> Answer:
        return await self.alipay("inquiryPayment", {"paymentRequestId": request_id})

    async def cancel(self, request_id: str, **tamper: Any) -> Answer:
        return await self.alipay("cancelPayment", {"paymentRequestId": request_id}, **tamper)

    async def refund(self, paid: dict[str, Any], value: str, request_id: str = "2026120219040000000000000301",
                     *, tamper: str | None = None, **extra: Any) -> Answer:
        body = {"paymentRequestId": paid["paymentRequestId"], "refundRequestId": request_id,
                "refundAmount": {"currency": "KHR", "value": value}, **extra}
        return await self.alipay("refund", body, tamper=tamper, sound=not extra)

    async def balance(self, account_id: str) -> Decimal:
        return Decimal((await self.sandbox.get(f"/v1/sandbox/accounts/{account_id}")).json()["balance"])

    async def advance(self, ms: int) -> None:
        self.clock.advance(ms)
        answer = await self.sandbox.post("/v1/sandbox/clock", json={"sandboxNow": self.clock.now_ms()})
        assert answer.json() == {"advanced": True}

    def notifications(self) -> list[dict[str, Any]]:
        return [n.body for n in self.alipay_plus.of("notifyPayment")]


async def _opened(defects: Iterable[str] = ()) -> Scene:
    return await Scene(defects).connect()


async def _shown(scene: Scene, balance: str = "100000") -> tuple[str, dict[str, Any]]:
    account = await scene.account(balance)
    return account, await scene.scan(account, scene.code())


async def _paid(scene: Scene, balance: str = "100000") -> tuple[str, dict[str, Any]]:
    account, shown = await _shown(scene, balance)
    return account, await scene.confirm(shown["scanId"])


# --- scanning -------------------------------------------------------------------------------------------------------
async def test_a_scan_shows_the_order_exactly_as_alipay_plus_gave_it() -> None:
    scene = await _opened()
    account = await scene.account()
    code = scene.code()
    shown = await scene.scan(account, code)
    assert shown["status"] == "SHOWN"
    assert (shown["paymentRequestId"], shown["reason"]) == ("2026120119040000000000000001", None)
    assert shown["shown"] == {"merchantName": "Shibuya Ramen Ichiban", "paymentAmount": RAMEN, "payToAmount": PAY_TO,
                              "quote": QUOTE}
    assert 1 <= len(shown["scanId"]) <= 64
    [asked] = scene.alipay_plus.of("userInitiatedPay")
    assert asked.sound
    assert asked.body == {"codeValue": code, "customerId": asked.body["customerId"]}
    assert asked.raw == f'{{"codeValue":"{code}","customerId":"{asked.body["customerId"]}"}}'.encode()


async def test_the_customer_id_is_the_same_for_every_payment_of_an_account_and_another_for_another() -> None:
    scene = await _opened()
    first, second = await scene.account(), await scene.account()
    for account in (first, first, second):
        await scene.scan(account, scene.code())
    ids = [r.body["customerId"] for r in scene.alipay_plus.of("userInitiatedPay")]
    assert ids[0] == ids[1] != ids[2]
    assert all(1 <= len(i) <= 64 for i in ids)


@pytest.mark.parametrize("planned", ["EXPIRED_CODE", "ORDER_IS_CLOSED", "REPEAT_REQ_INCONSISTENT"])
async def test_a_code_alipay_plus_refuses_is_refused_and_cannot_be_confirmed(planned: str) -> None:
    scene = await _opened()
    scene.alipay_plus.plan("userInitiatedPay", planned)
    account = await scene.account()
    refused = await scene.scan(account, scene.code())
    assert (refused["status"], refused["shown"], refused["paymentRequestId"]) == ("REFUSED", None, None)
    assert refused["reason"]["code"] == planned
    assert refused["reason"]["message"]
    confirmed = await scene.confirm(refused["scanId"])
    assert (confirmed["status"], confirmed["debited"], confirmed["reason"]) == ("FAILED", None, refused["reason"])
    assert (await scene.balance(account), scene.notifications()) == (100000, [])


@pytest.mark.parametrize("planned", ["late", "badly-signed", "UNKNOWN_EXCEPTION"])
async def test_a_scan_without_a_verified_answer_is_refused(planned: str) -> None:
    scene = await _opened()
    scene.alipay_plus.plan("userInitiatedPay", planned)
    refused = await scene.scan(await scene.account(), scene.code())
    assert (refused["status"], refused["shown"]) == ("REFUSED", None)
    assert refused["reason"]["code"] in ("UNKNOWN_EXCEPTION", planned)


@pytest.mark.parametrize(("change", "code"), [
    ({"paymentQuote": None}, "PARAM_ILLEGAL"),
    ({"paymentExpiryTime": "tomorrow"}, "PARAM_ILLEGAL"),
    ({"payToAmount": {"currency": "USD", "value": "700"}}, "CURRENCY_NOT_SUPPORT"),
    ({"payToAmount": {"currency": "KHR", "value": 2712000}}, "PARAM_ILLEGAL"),
    ({"order": {"referenceOrderId": "JP-ORDER-0001"}}, "PARAM_ILLEGAL"),
])
async def test_an_order_that_cannot_be_shown_is_refused(change: dict[str, Any], code: str) -> None:
    scene = await _opened()
    account, code_value = await scene.account(), scene.code()
    scene.alipay_plus.orders[code_value] |= change
    refused = await scene.scan(account, code_value)
    assert (refused["status"], refused["shown"], refused["reason"]["code"]) == ("REFUSED", None, code)


async def test_a_scan_from_a_dollar_account_is_refused_without_asking_alipay_plus() -> None:
    scene = await _opened()
    account = await scene.account("100.00", "USD")
    refused = await scene.scan(account, scene.code())
    assert (refused["status"], refused["reason"]["code"], refused["paymentRequestId"]) == (
        "REFUSED", "CURRENCY_NOT_SUPPORT", None)
    assert scene.alipay_plus.of("userInitiatedPay") == []
    assert (await scene.confirm(refused["scanId"]))["status"] == "FAILED"
    assert await scene.balance(account) == Decimal("100.00")


async def test_the_same_code_scanned_again_is_the_same_payment_debited_once() -> None:
    scene = await _opened()
    account = await scene.account()
    code = scene.code()
    first, again = await scene.scan(account, code), await scene.scan(account, code)
    assert first["scanId"] != again["scanId"]
    assert (first["paymentRequestId"], first["shown"]) == (again["paymentRequestId"], again["shown"])
    assert (await scene.confirm(first["scanId"]))["status"] == "SUCCEEDED"
    assert await scene.confirm(again["scanId"]) == await scene.confirm(first["scanId"])
    assert (await scene.balance(account), len(scene.notifications())) == (72880, 1)


async def test_another_customers_scan_of_a_payment_already_shown_is_refused() -> None:
    scene = await _opened()
    code = scene.code()
    await scene.scan(await scene.account(), code)
    other = await scene.scan(await scene.account(), code)
    assert (other["status"], other["reason"]["code"]) == ("REFUSED", "REPEAT_REQ_INCONSISTENT")


# --- confirming -----------------------------------------------------------------------------------------------------
async def test_a_confirmation_debits_exactly_pay_to_amount_and_notifies_it_signed() -> None:
    scene = await _opened()
    account, shown = await _shown(scene)
    scene.clock.advance(4_000)
    confirmed = await scene.confirm(shown["scanId"])
    assert (confirmed["status"], confirmed["debited"], confirmed["reason"]) == ("SUCCEEDED", "27120", None)
    assert confirmed["paymentRequestId"] == shown["paymentRequestId"]
    assert 1 <= len(confirmed["paymentId"]) <= 64
    assert await scene.balance(account) == 72880
    [sent] = scene.alipay_plus.of("notifyPayment")
    assert sent.sound
    assert sent.body == {"paymentResult": result("SUCCESS"), "paymentRequestId": shown["paymentRequestId"],
                         "paymentId": confirmed["paymentId"], "paymentTime": "2026-12-01T22:05:13.090+08:00",
                         "paymentAmount": RAMEN, "payToAmount": PAY_TO,
                         "customerId": scene.alipay_plus.of("userInitiatedPay")[0].body["customerId"]}
    assert sent.headers["request-time"] == "2026-12-01T22:05:13+08:00"


async def test_confirming_again_answers_the_same_and_debits_nothing_more() -> None:
    scene = await _opened()
    account, shown = await _shown(scene)
    first = await scene.confirm(shown["scanId"])
    scene.clock.advance(4_000)
    assert await scene.confirm(shown["scanId"]) == first
    assert (await scene.balance(account), len(scene.notifications())) == (72880, 1)


async def test_a_balance_too_low_fails_debits_nothing_and_is_notified_f() -> None:
    scene = await _opened()
    account, shown = await _shown(scene, "27119.99")
    failed = await scene.confirm(shown["scanId"])
    assert (failed["status"], failed["debited"], failed["paymentId"], failed["reason"]["code"]) == (
        "FAILED", None, None, "USER_BALANCE_NOT_ENOUGH")
    assert await scene.balance(account) == Decimal("27119.99")
    [sent] = scene.alipay_plus.of("notifyPayment")
    assert sent.sound
    assert sent.body["paymentResult"]["resultCode"] == "USER_BALANCE_NOT_ENOUGH"
    assert {"paymentId", "paymentTime", "payToAmount"}.isdisjoint(sent.body)
    assert await scene.confirm(shown["scanId"]) == failed


async def test_a_balance_of_exactly_pay_to_amount_pays() -> None:
    scene = await _opened()
    account, confirmed = await _paid(scene, "27120")
    assert (confirmed["status"], await scene.balance(account)) == ("SUCCEEDED", 0)


async def test_a_confirmation_after_the_payments_expiry_debits_nothing() -> None:
    scene = await _opened()
    _, shown = await _shown(scene)
    scene.clock.advance(EXPIRY_MS)
    assert (await scene.confirm(shown["scanId"]))["status"] == "SUCCEEDED"
    late_account, late = await _shown(scene)
    scene.clock.advance(EXPIRY_MS + 1)
    failed = await scene.confirm(late["scanId"])
    assert (failed["status"], failed["debited"], failed["reason"]["code"]) == ("FAILED", None, "ORDER_IS_CLOSED")
    assert await scene.balance(late_account) == 100000
    assert scene.notifications()[-1]["paymentResult"]["resultStatus"] == "F"


async def test_unknown_scans_accounts_and_bad_bodies_are_errors() -> None:
    scene = await _opened()
    unknown = await scene.sandbox.post(f"{SCANS}/scan-nope/confirmation", json={})
    assert (unknown.status_code, unknown.json()["error"]["code"]) == (404, "NOT_FOUND")
    nobody = await scene.sandbox.post(SCANS, json={"accountId": "c999999@refb", "codeValue": "x"})
    assert (nobody.status_code, nobody.json()["error"]["code"]) == (404, "NOT_FOUND")
    account = await scene.account()
    for body in ({"accountId": account}, {"accountId": account, "codeValue": ""},
                 {"accountId": account, "codeValue": "x" * 513}, {"accountId": account, "codeValue": 7},
                 {"accountId": account, "codeValue": "x", "amount": "1"},
                 {"accountId": account, "codeValue": "x", "sandboxNow": "soon"}):
        response = await scene.sandbox.post(SCANS, json=body)
        assert (response.status_code, response.json()["error"]["code"]) == (400, "BAD_REQUEST"), body
    shown = await scene.scan(account, scene.code())
    for body in ({"sandboxNow": "soon"}, {"sandboxNow": 1, "extra": True}):
        response = await scene.sandbox.post(f"{SCANS}/{shown['scanId']}/confirmation", json=body)
        assert (response.status_code, response.json()["error"]["code"]) == (400, "BAD_REQUEST"), body
    assert scene.alipay_plus.of("notifyPayment") == []


async def test_a_scan_before_connect_alipay_plus_is_a_bad_request() -> None:
    scene = Scene()
    account = await scene.account()
    response = await scene.sandbox.post(SCANS, json={"accountId": account, "codeValue": "x"})
    assert (response.status_code, response.json()["error"]["code"]) == (400, "BAD_REQUEST")


async def test_sandbox_operations_need_the_bearer_token_and_alipay_plus_requests_do_not() -> None:
    scene = await _opened()
    for path in (SCANS, f"{SCANS}/scan-x/confirmation"):
        assert (await scene.wire.post(path, json={})).status_code == 401
    assert (await scene.inquire("never-shown")).code == "ORDER_NOT_EXIST"


# --- notifyPayment --------------------------------------------------------------------------------------------------
async def test_a_notification_is_sent_again_the_same_until_alipay_plus_acknowledges_it() -> None:
    scene = await _opened()
    scene.alipay_plus.plan("notifyPayment", "UNKNOWN_EXCEPTION", "late", "badly-signed")
    await _paid(scene)
    for _ in range(4):
        await scene.advance(4_000)
    sent = scene.alipay_plus.of("notifyPayment")
    assert len(sent) == 4
    assert all(n.sound for n in sent)
    assert all(n.raw == sent[0].raw for n in sent)
    assert len({n.headers["request-time"] for n in sent}) == 4


async def test_a_new_alipay_plus_connection_forgets_the_wallets_notifications_still_due() -> None:
    scene = await _opened()
    scene.alipay_plus.plan("notifyPayment", "UNKNOWN_EXCEPTION")
    await _paid(scene)
    await scene.connect()
    await scene.advance(4_000)
    assert len(scene.notifications()) == 1


# --- inquiryPayment ---------------------------------------------------------------------------------------------------
async def test_an_inquiry_is_u_before_the_confirmation_then_the_payment() -> None:
    scene = await _opened()
    _, shown = await _shown(scene)
    before = (await scene.inquire(shown["paymentRequestId"])).body
    assert (before["result"]["resultStatus"], before["paymentResult"]) == ("S", result(
        "PAYMENT_IN_PROCESS", "the customer has not confirmed the payment yet"))
    confirmed = await scene.confirm(shown["scanId"])
    after = (await scene.inquire(shown["paymentRequestId"])).body
    notified = {key: value for key, value in scene.notifications()[0].items() if key != "paymentRequestId"}
    assert after == {"result": result("SUCCESS"), **notified}
    assert after["paymentId"] == confirmed["paymentId"]


async def test_an_inquiry_about_a_failed_payment_is_f_with_its_reason() -> None:
    scene = await _opened()
    _, shown = await _shown(scene, "10")
    await scene.confirm(shown["scanId"])
    body = (await scene.inquire(shown["paymentRequestId"])).body
    assert (body["result"]["resultStatus"], body["paymentResult"]["resultStatus"],
            body["paymentResult"]["resultCode"]) == ("S", "F", "USER_BALANCE_NOT_ENOUGH")


async def test_an_inquiry_about_an_unknown_payment_is_order_not_exist() -> None:
    scene = await _opened()
    answer = await scene.inquire("2026120119049999999999999999")
    assert (answer.code, answer.body["result"]["resultStatus"], "paymentResult" in answer.body) == (
        "ORDER_NOT_EXIST", "F", False)


# --- cancelPayment ----------------------------------------------------------------------------------------------------
async def test_a_cancel_before_the_confirmation_closes_the_payment() -> None:
    scene = await _opened()
    account, shown = await _shown(scene)
    assert (await scene.cancel(shown["paymentRequestId"])).code == "SUCCESS"
    failed = await scene.confirm(shown["scanId"])
    assert (failed["status"], failed["debited"], failed["reason"]["code"]) == ("FAILED", None, "ORDER_IS_CLOSED")
    assert (await scene.balance(account), scene.notifications()) == (100000, [])
    paid = (await scene.inquire(shown["paymentRequestId"])).body["paymentResult"]
    assert (paid["resultStatus"], paid["resultCode"]) == ("F", "ORDER_IS_CLOSED")


async def test_a_cancel_after_the_debit_gives_it_back_once_and_a_repeated_cancel_gets_the_same_answer() -> None:
    scene = await _opened()
    scene.alipay_plus.plan("notifyPayment", "UNKNOWN_EXCEPTION")
    account, confirmed = await _paid(scene)
    first = await scene.cancel(confirmed["paymentRequestId"])
    assert (first.code, await scene.balance(account)) == ("SUCCESS", 100000)
    scene.clock.advance(60_000)
    again = await scene.cancel(confirmed["paymentRequestId"])
    assert (again.raw, await scene.balance(account)) == (first.raw, 100000)
    await scene.advance(4_000)
    assert len(scene.notifications()) == 1, "a cancelled payment's notification is not sent again"
    paid = (await scene.inquire(confirmed["paymentRequestId"])).body["paymentResult"]
    assert paid["resultCode"] == "ORDER_IS_CLOSED"


async def test_a_payment_cancelled_after_the_debit_is_not_debited_again_when_confirmed() -> None:
    scene = await _opened()
    account, shown = await _shown(scene)
    await scene.confirm(shown["scanId"])
    await scene.cancel(shown["paymentRequestId"])
    again = await scene.confirm(shown["scanId"])
    assert (again["status"], again["reason"]["code"], await scene.balance(account)) == (
        "FAILED", "ORDER_IS_CLOSED", 100000)


async def test_a_failed_payment_can_be_cancelled_and_gives_nothing_back() -> None:
    scene = await _opened()
    account, shown = await _shown(scene, "10")
    await scene.confirm(shown["scanId"])
    assert (await scene.cancel(shown["paymentRequestId"])).code == "SUCCESS"
    assert await scene.balance(account) == 10


async def test_a_cancel_until_00_30_utc_plus_8_the_next_day_succeeds_and_later_is_window_exceeded() -> None:
    scene = await _opened()
    account, confirmed = await _paid(scene)
    scene.clock.advance(UNTIL_CUTOFF_MS + 1)
    late = await scene.cancel(confirmed["paymentRequestId"])
    assert (late.code, late.body["result"]["resultStatus"], await scene.balance(account)) == (
        "CANCEL_WINDOW_EXCEED", "F", 72880)
    assert (await scene.inquire(confirmed["paymentRequestId"])).body["paymentResult"]["resultStatus"] == "S"
    other = await _opened()
    other_account, other_paid = await _paid(other)
    other.clock.advance(UNTIL_CUTOFF_MS)
    assert ((await other.cancel(other_paid["paymentRequestId"])).code, await other.balance(other_account)) == (
        "SUCCESS", 100000)


@pytest.mark.parametrize(("scanned", "cutoff"), [
    ("2026-12-01T22:05:09+08:00", "2026-12-02T00:30:00+08:00"),
    ("2026-12-01T00:10:00+08:00", "2026-12-02T00:30:00+08:00"),
    ("2026-12-01T23:59:59+08:00", "2026-12-02T00:30:00+08:00"),
    ("2026-12-01T16:00:00Z", "2026-12-03T00:30:00+08:00"),
])
def test_the_cancel_cutoff_is_00_30_utc_plus_8_on_the_day_after_the_payment(scanned: str, cutoff: str) -> None:
    assert cancel_cutoff(parse_time(scanned)) == parse_time(cutoff)


async def test_a_cancel_of_an_unknown_payment_is_order_not_exist() -> None:
    scene = await _opened()
    assert (await scene.cancel("2026120119049999999999999999")).code == "ORDER_NOT_EXIST"


# --- refund -----------------------------------------------------------------------------------------------------------
async def test_a_refund_credits_the_customer_once_per_refund_request_id() -> None:
    scene = await _opened()
    account, paid = await _paid(scene)
    first = await scene.refund(paid, "1356000")
    assert (first.code, await scene.balance(account)) == ("SUCCESS", 86440)
    assert 1 <= len(first.body["refundId"]) <= 64
    assert first.body["refundTime"] == "2026-12-01T22:05:09.090+08:00"
    scene.clock.advance(4_000)
    again = await scene.refund(paid, "1356000")
    assert (again.raw, await scene.balance(account)) == (first.raw, 86440)
    second = await scene.refund(paid, "1356000", "2026120219040000000000000302")
    assert (second.code, await scene.balance(account)) == ("SUCCESS", 100000)
    assert second.body["refundId"] != first.body["refundId"]


async def test_a_refund_id_repeated_with_another_amount_is_inconsistent() -> None:
    scene = await _opened()
    account, paid = await _paid(scene)
    await scene.refund(paid, "1000000")
    inconsistent = await scene.refund(paid, "2000000")
    assert (inconsistent.code, await scene.balance(account)) == ("REPEAT_REQ_INCONSISTENT", 82880)


async def test_a_refund_above_what_is_left_is_refused() -> None:
    scene = await _opened()
    account, paid = await _paid(scene)
    assert (await scene.refund(paid, "2712001")).code == "REFUND_AMOUNT_EXCEED"
    assert (await scene.refund(paid, "2000000")).code == "SUCCESS"
    assert (await scene.refund(paid, "712001", "2026120219040000000000000302")).code == "REFUND_AMOUNT_EXCEED"
    assert (await scene.refund(paid, "712000", "2026120219040000000000000303")).code == "SUCCESS"
    assert await scene.balance(account) == 100000


async def test_a_refund_of_a_payment_not_debited_is_order_not_exist() -> None:
    scene = await _opened()
    account, shown = await _shown(scene, "10")
    assert (await scene.refund(shown, "100")).code == "ORDER_NOT_EXIST"
    await scene.confirm(shown["scanId"])
    assert (await scene.refund(shown, "100")).code == "ORDER_NOT_EXIST"
    assert (await scene.refund({"paymentRequestId": "2026120119049999999999999999"}, "100")).code == "ORDER_NOT_EXIST"
    paid_account, paid = await _paid(scene)
    await scene.cancel(paid["paymentRequestId"])
    assert (await scene.refund(paid, "100")).code == "ORDER_NOT_EXIST"
    assert (await scene.balance(account), await scene.balance(paid_account)) == (10, 100000)


async def test_a_refund_may_name_the_wallets_payment_id_and_more_alipay_plus_fields() -> None:
    scene = await _opened()
    account, paid = await _paid(scene)
    other = await scene.refund(paid, "100", paymentId="mpp-other-000001")
    assert (other.code, await scene.balance(account)) == ("ORDER_NOT_EXIST", 72880)
    named = await scene.refund(paid, "100", paymentId=paid["paymentId"], refundReason="Cold ramen", **PARTIES)
    assert (named.code, await scene.balance(account)) == ("SUCCESS", 72881)
    answer = await scene.alipay("inquiryPayment", {**PARTIES, "paymentRequestId": paid["paymentRequestId"]},
                                sound=False)
    assert answer.body["paymentResult"]["resultStatus"] == "S"


@pytest.mark.parametrize("body", [
    {**PARTIES},
    {"paymentRequestId": ""},
    {"paymentRequestId": 7},
    {"paymentRequestId": "p" * 65},
    {"paymentRequestId": "p", "pspId": 7},
])
@pytest.mark.parametrize("operation", ["inquiryPayment", "cancelPayment"])
async def test_a_request_without_a_good_payment_request_id_is_param_illegal(operation: str,
                                                                         body: dict[str, Any]) -> None:
    scene = await _opened()
    assert (await scene.alipay(operation, body, sound=False)).code == "PARAM_ILLEGAL"


@pytest.mark.parametrize(("amount", "code"), [({"currency": "USD", "value": "100"}, "CURRENCY_NOT_SUPPORT"),
                                              ({"currency": "KHR", "value": "0"}, "PARAM_ILLEGAL"),
                                              ({"currency": "KHR", "value": "1.5"}, "PARAM_ILLEGAL"),
                                              ({"currency": "KHR", "value": 100}, "PARAM_ILLEGAL")])
async def test_a_refund_of_anything_but_riel_is_refused(amount: dict[str, Any], code: str) -> None:
    scene = await _opened()
    account, paid = await _paid(scene)
    body = {"paymentRequestId": paid["paymentRequestId"], "refundRequestId": "r-1", "refundAmount": amount}
    assert ((await scene.alipay("refund", body, sound=False)).code, await scene.balance(account)) == (code, 72880)


# --- signatures -------------------------------------------------------------------------------------------------------
@pytest.mark.parametrize(("tamper", "code"), TAMPERINGS.items())
async def test_a_request_that_cannot_be_trusted_is_refused_signed_and_changes_nothing(tamper: str, code: str) -> None:
    scene = await _opened()
    account, paid = await _paid(scene)
    for answer in (await scene.cancel(paid["paymentRequestId"], tamper=tamper),
                   await scene.refund(paid, "100", tamper=tamper)):
        assert (answer.status, answer.signed, answer.code, answer.body["result"]["resultStatus"]) == (
            200, True, code, "F")
    assert await scene.balance(account) == 72880
    assert (await scene.inquire(paid["paymentRequestId"])).body["paymentResult"]["resultStatus"] == "S"


async def test_before_connect_alipay_plus_the_wallet_answers_access_denied_signed() -> None:
    scene = Scene()
    answer = await scene.inquire("2026120119040000000000000001")
    assert (answer.status, answer.signed, answer.code) == (200, True, "ACCESS_DENIED")


# --- the defect switches ----------------------------------------------------------------------------------------------
Scenario = Callable[[Scene], Awaitable[Any]]


async def inquiry_signed(scene: Scene) -> Any:
    answer = await scene.inquire("2026120119049999999999999999")
    return "signature" in answer.headers, answer.signed


async def notification_verified(scene: Scene) -> Any:
    _, shown = await _shown(scene)
    await scene.confirm(shown["scanId"])
    return [r.verified for r in scene.alipay_plus.received]


async def tampered_cancel(scene: Scene) -> Any:
    account, paid = await _paid(scene)
    return (await scene.cancel(paid["paymentRequestId"], tamper="bad-signature")).code, await scene.balance(account)


async def shown_and_debited(scene: Scene) -> Any:
    _, shown = await _shown(scene)
    confirmed = await scene.confirm(shown["scanId"])
    return shown["shown"]["payToAmount"]["value"], confirmed["debited"], scene.notifications()[0]["payToAmount"]


async def confirmed_twice(scene: Scene) -> Any:
    account, shown = await _shown(scene)
    await scene.confirm(shown["scanId"])
    await scene.confirm(shown["scanId"])
    return await scene.balance(account)


async def short_balance(scene: Scene) -> Any:
    account, confirmed = await _paid(scene, "1000")
    return confirmed["status"], await scene.balance(account)


async def above_the_limit(scene: Scene) -> Any:
    account = await scene.account("100000", limit="20000")
    scanned = await scene.scan(account, scene.code())
    confirmed = await scene.confirm(scanned["scanId"])
    return confirmed["status"], (confirmed["reason"] or {}).get("code"), await scene.balance(account)


async def dollar_account(scene: Scene) -> Any:
    account = await scene.account("100.00", "USD")
    scanned = await scene.scan(account, scene.code())
    confirmed = await scene.confirm(scanned["scanId"])
    return scanned["status"], len(scene.alipay_plus.of("userInitiatedPay")), confirmed["status"], \
        await scene.balance(account)


async def after_expiry(scene: Scene) -> Any:
    account, shown = await _shown(scene)
    scene.clock.advance(EXPIRY_MS + 1)
    return (await scene.confirm(shown["scanId"]))["status"], await scene.balance(account)


async def resent_amounts(scene: Scene) -> Any:
    scene.alipay_plus.plan("notifyPayment", "UNKNOWN_EXCEPTION")
    await _paid(scene)
    await scene.advance(4_000)
    return [n["payToAmount"]["value"] for n in scene.notifications()]


async def resent_count(scene: Scene) -> Any:
    scene.alipay_plus.plan("notifyPayment", "UNKNOWN_EXCEPTION")
    await _paid(scene)
    await scene.advance(4_000)
    return len(scene.notifications())


async def inquiry_before_confirmation(scene: Scene) -> Any:
    _, shown = await _shown(scene)
    return (await scene.inquire(shown["paymentRequestId"])).body["paymentResult"]["resultStatus"]


async def cancel_after_debit(scene: Scene) -> Any:
    account, paid = await _paid(scene)
    return (await scene.cancel(paid["paymentRequestId"])).code, await scene.balance(account)


async def cancel_after_cutoff(scene: Scene) -> Any:
    account, paid = await _paid(scene)
    scene.clock.advance(UNTIL_CUTOFF_MS + 1)
    return (await scene.cancel(paid["paymentRequestId"])).code, await scene.balance(account)


async def refund_repeated(scene: Scene) -> Any:
    account, paid = await _paid(scene)
    await scene.refund(paid, "1000000")
    await scene.refund(paid, "1000000")
    return await scene.balance(account)


CASES = [
    pytest.param("mpp-answers-unsigned", inquiry_signed, (True, True), (False, False)),
    pytest.param("mpp-notify-signed-over-other-body", notification_verified, [True, True], [True, False]),
    pytest.param("mpp-accepts-bad-signature", tampered_cancel, ("INVALID_SIGNATURE", 72880), ("SUCCESS", 100000)),
    pytest.param("shows-own-conversion", shown_and_debited, ("2712000", "27120", PAY_TO),
                 ("2754000", "27120", PAY_TO)),
    pytest.param("debits-own-conversion", shown_and_debited, ("2712000", "27120", PAY_TO),
                 ("2712000", "27540", {"currency": "KHR", "value": "2754000"})),
    pytest.param("debits-twice-on-reconfirm", confirmed_twice, 72880, 45760),
    pytest.param("overdraws-for-alipay", short_balance, ("FAILED", 1000), ("SUCCEEDED", -26120)),
    pytest.param("ignores-alipay-limit", above_the_limit, ("FAILED", "USER_AMOUNT_EXCEED_LIMIT", 100000),
                 ("SUCCEEDED", None, 72880)),
    pytest.param("pays-from-dollar-account", dollar_account, ("REFUSED", 0, "FAILED", Decimal("100.00")),
                 ("SHOWN", 1, "SUCCEEDED", Decimal("93.22"))),
    pytest.param("pays-after-expiry", after_expiry, ("FAILED", 100000), ("SUCCEEDED", 72880)),
    pytest.param("notify-resent-with-other-amount", resent_amounts, ["2712000", "2712000"], ["2712000", "2712001"]),
    pytest.param("mpp-notify-not-resent", resent_count, 2, 1),
    pytest.param("inquiry-final-before-confirmation", inquiry_before_confirmation, "U", "F"),
    pytest.param("cancel-ignored-after-debit", cancel_after_debit, ("SUCCESS", 100000), ("SUCCESS", 72880)),
    pytest.param("cancel-after-cutoff-accepted", cancel_after_cutoff, ("CANCEL_WINDOW_EXCEED", 72880),
                 ("SUCCESS", 100000)),
    pytest.param("refund-credited-twice", refund_repeated, 82880, 92880),
]


@pytest.mark.parametrize(("defect", "scenario", "correct", "defective"), CASES,
                         ids=[str(case.values[0]) for case in CASES])
async def test_wallet_defect_changes_the_behaviour_it_claims(defect: str, scenario: Scenario, correct: Any,
                                                             defective: Any) -> None:
    assert await scenario(await _opened()) == correct
    assert await scenario(await _opened((defect,))) == defective


def test_every_wallet_defect_has_a_behaviour_test_and_breaks_only_the_wallet() -> None:
    touching = [d for d in defects() if "alipay-plus-wallet" in d.capabilities]
    assert sorted(str(case.values[0]) for case in CASES) == sorted(d.name for d in touching)
    assert all(d.capabilities == {"alipay-plus-wallet"} for d in touching)
