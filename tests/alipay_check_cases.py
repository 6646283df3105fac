"""Known-good and known-bad inputs of the Alipay+ acquiring checks (``checks.alipay_plus_acquirer``).

Every input is a record of an Alipay+ acquiring scene, written here as the simulated networks write it: Alipay+'s
signed requests with its reading of the participant's answers (``Answered``: the message schema applied, the
signature verdict), the requests Alipay+ received from the participant (``Received``), pushes, inquiries and
refunds with the merchant's balances, and what Bakong's switch recorded and settled. No network or participant
runs. A conforming participant's messages are the bundled reference participant's (``schemas/alipay-plus/v1/
examples``); a faulty case changes one thing the way a bank could ship it. The checks that read the scene itself
get a stand-in with only what they read: the merchant's balance, what Alipay+ refunded, Bakong's md5 lookup.

``ALIPAY_PASSING`` and ``ALIPAY_FAILING`` hold rows in the fields of ``check_case.Case``, which ``test_checks``
runs with the others.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, cast

from check_case import Case

from bakong_conformance import schemas
from bakong_conformance.alipay_plus import KHR_MINOR_UNITS, format_time, result, to_minor
from bakong_conformance.crossborder import (
    ACQUIRER_ID,
    PSP_ID,
    AcquiringScene,
    Inquiries,
    Push,
    Refund,
    merchant_code,
)
from bakong_conformance.errors import ContractViolation, OutcomeMismatch
from bakong_conformance.networks import Answered, Fault, InstructionRecord, Received, SignedRequest, Transaction
from bakong_conformance.networks.alipay_plus import ANSWER_SCHEMAS, PREFIX, Tamper
from bakong_conformance.participant import AlipayPlusRefund, Merchant

__all__ = ["ALIPAY_FAILING", "ALIPAY_PASSING"]

NOW = 1_750_000_000_000                    # the merchant's code is issued
PUSHED_AT = NOW + 9_000                    # Alipay+ pushes the payment
PAID_AT = NOW + 10_000                     # Bakong settled it, the participant credited the merchant
VERIFY, SIGNS, MESSAGES = "REQ-APLUS-ACQP-VERIFY", "REQ-APLUS-ACQP-SIGNS", "REQ-APLUS-ACQP-MESSAGES"
DECODE, REFUSE, KHR = "REQ-APLUS-ACQP-DECODE", "REQ-APLUS-ACQP-REFUSE", "REQ-APLUS-ACQP-KHR"
CREDIT, IDEMPOTENT, UNKNOWN = "REQ-APLUS-ACQP-CREDIT", "REQ-APLUS-ACQP-IDEMPOTENT", "REQ-APLUS-ACQP-UNKNOWN"
INQUIRY, NOTIFY, REFUND = "REQ-APLUS-ACQP-INQUIRY", "REQ-APLUS-ACQP-NOTIFY", "REQ-APLUS-ACQP-REFUND"

MERCHANT = Merchant("m000001", "m000001@refb", "Angkor Coffee", "Siem Reap", "5814", "KHR", "PASSED")
CODE = merchant_code(MERCHANT, NOW, amount="5000")   # dynamic, 5000 riel, valid 10 minutes
STORE = merchant_code(MERCHANT, NOW)                  # static: the wallet user keys the amount
PAYMENT_ID = "2026120119040000000000000001"           # Alipay+'s id of the payment
REQUEST_ID = "REFB-APR-000001"                        # the participant's paymentRequestId
PAID = to_minor("5000", "KHR")                        # {"currency": "KHR", "value": "500000"}
SETTLEMENT_ACCOUNT = "alipayplus@refb"                # the participant's account every credit is paid from
ACQUIRER_PATH = "/v1/alipay-plus/acquirer/"
CUSTOMER_ID = "208810000000000001"
BY_MD5 = "/v1/check_transaction_by_md5"


def time_text(epoch_ms: int) -> str:
    """A time as the participant writes it: UTC+8, milliseconds."""
    return format_time(epoch_ms, fraction_digits=3)


def compact(body: Any) -> bytes:
    return json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


# --- what Alipay+ asks, and how it reads the answers ---------------------------------------------------------------
def asked(code_value: str = CODE.qr, **fields: Any) -> dict[str, Any]:
    """The body of a request of Alipay+ about ``code_value``, with ``fields``."""
    return {"acquirerId": ACQUIRER_ID, "pspId": PSP_ID, "codeValue": code_value, **fields}


DECODE_ASKED = asked(customerId=CUSTOMER_ID)
STORE_ASKED = asked(STORE.qr, customerId=CUSTOMER_ID)
PUSH_ASKED = asked(paymentId=PAYMENT_ID, paymentAmount=PAID, paymentRequestId=REQUEST_ID,
                   paymentTime=format_time(PUSHED_AT), customerId=CUSTOMER_ID, walletBrandName="Alipay")
INQUIRY_ASKED = asked(paymentId=PAYMENT_ID, paymentRequestId=REQUEST_ID)
ASKED = {"userInitiatedPay": DECODE_ASKED, "pushPayment": PUSH_ASKED, "inquiryPushPayment": INQUIRY_ASKED}


def answered(operation: str, body: dict[str, Any], *, request: dict[str, Any] | None = None,
             tamper: Tamper | None = None, signature_problem: str | None = None) -> Answered:
    """The participant's answer ``body`` (HTTP 200) to Alipay+'s ``operation`` request (``request``, default the
    scenario's), read as Alipay+ reads it: against the message schema, its signature verifying unless
    ``signature_problem`` says why not. Headers are left out: the signature verdict is what the checks read."""
    sent = ASKED[operation] if request is None else request
    signed = SignedRequest(operation, ACQUIRER_PATH + operation, {}, compact(sent), sent, tamper)
    problems = schemas.violations(body, "alipay-plus", "v1", ANSWER_SCHEMAS[ACQUIRER_PATH + operation])
    return Answered(signed, 200, {}, compact(body), body, signature_problem, tuple(problems))


# --- decoding --------------------------------------------------------------------------------------------------
def decode_answer(*, request_id: str = REQUEST_ID, amount: Any = PAID, static: bool = False) -> dict[str, Any]:
    """What a conforming participant answers for CODE (or STORE when ``static``), with ``amount`` written."""
    order = {"referenceOrderId": request_id, "orderDescription": "Payment to Angkor Coffee",
             "merchant": {"referenceMerchantId": MERCHANT.merchant_id, "merchantName": MERCHANT.name,
                          "merchantMCC": MERCHANT.mcc, "merchantAddress": {"region": "KH", "city": MERCHANT.city}}}
    body = {"result": result("SUCCESS"), "codeType": "STORE_CODE" if static else "ORDER_CODE",
            "paymentRequestId": request_id, "order": order, "settlementStrategy": {"settlementCurrency": "KHR"}}
    if not static:
        order["orderAmount"] = amount
        body.update(paymentAmount=amount, paymentExpiryTime=time_text(CODE.expiry_ms or 0))
    return body


DECODED = answered("userInitiatedPay", decode_answer())
DECODED_AGAIN = answered("userInitiatedPay", decode_answer())
STORE_DECODED = answered("userInitiatedPay", decode_answer(static=True), request=STORE_ASKED)
NEW_REQUEST_ID = answered("userInitiatedPay", decode_answer(request_id="REFB-APR-000002"))
IN_MAJOR_UNITS = answered("userInitiatedPay", decode_answer(amount={"currency": "KHR", "value": "5000"}))
AMOUNT_AS_NUMBER = answered("userInitiatedPay", decode_answer(amount={"currency": "KHR", "value": 500000}))
REFUSED_AS_INVALID_SIGNATURE = answered("userInitiatedPay", {"result": result("INVALID_SIGNATURE")})
EXPIRED_ASKED = asked(merchant_code(MERCHANT, NOW - 700_000, amount="5000").qr, customerId=CUSTOMER_ID)
EXPIRED_REFUSED = answered("userInitiatedPay", {"result": result("EXPIRED_CODE")}, request=EXPIRED_ASKED)
EXPIRED_CALLED_INVALID = answered("userInitiatedPay", {"result": result("INVALID_CODE")}, request=EXPIRED_ASKED)


# --- what Bakong's switch recorded -----------------------------------------------------------------------------
INSTRUCTION = {"participantId": "REFBKHPP", "idempotencyKey": "alipayplus-RB00000000000001",
               "externalRef": "RB00000000000001", "qr": CODE.qr, "md5": CODE.md5, "fromAccountId": SETTLEMENT_ACCOUNT,
               "toAccountId": MERCHANT.account_id, "amount": "5000", "currency": "KHR"}


def transaction(serial: int) -> Transaction:
    """Bakong's transaction of the participant's ``serial``-th instruction crediting the merchant for CODE."""
    reference = f"RB{serial:014d}"
    return Transaction(SETTLEMENT_ACCOUNT, MERCHANT.account_id, "KHR", "5000", CODE.md5, CODE.qr, False, reference,
                       f"alipayplus-{reference}", "REFBKHPP", None, hashlib.sha256(reference.encode()).hexdigest(),
                       f"BKI{serial:09d}", PAID_AT, PAID_AT)


SETTLED, SETTLED_AGAIN = transaction(1), transaction(2)
INSTRUCTED = InstructionRecord(PUSHED_AT, INSTRUCTION, (), 200, {
    "status": "COMMITTED", "hash": SETTLED.hash, "instructionRef": SETTLED.instruction_ref,
    "externalRef": SETTLED.external_ref, "duplicate": False, "acknowledgedDateMs": PAID_AT}, "answered", None,
    SETTLED, "valid", "REFBKHPP")
LOST = InstructionRecord(PUSHED_AT, INSTRUCTION, (), 504, {   # nothing committed, the connection broke
    "status": "ERROR", "reason": {"code": "SWITCH_TIMEOUT", "message": "Bakong did not process the instruction in "
                                                                       "time; the outcome is unknown"}},
    "dropped", Fault("drop", commit=False), None, "valid", "REFBKHPP")


# --- pushes ----------------------------------------------------------------------------------------------------
def push_answer(code: str = "SUCCESS", *, paid_at: int | None = PAID_AT) -> dict[str, Any]:
    """The ``pushPayment`` answer with result ``code`` (and ``paymentTime`` when paid)."""
    body = {"result": result(code), "paymentId": PAYMENT_ID, "paymentRequestId": REQUEST_ID}
    return body if paid_at is None else {**body, "paymentTime": time_text(paid_at)}


def push(body: dict[str, Any], *, before: str = "0", after: str = "5000", tamper: Tamper | None = None,
         instructions: Sequence[InstructionRecord] = (INSTRUCTED,), settled: Sequence[Transaction] = (SETTLED,),
         first: Push | None = None) -> Push:
    """Alipay+ pushed CODE's 5000 riel and the participant answered ``body``; the merchant's balance, what Bakong
    received and settled."""
    return Push(CODE, PAYMENT_ID, PAID, answered("pushPayment", body, tamper=tamper), Decimal(before),
                Decimal(after), tuple(instructions), tuple(settled), first)


REFUSAL = {"result": result("INVALID_SIGNATURE")}
PUSHED = push(push_answer())
REPEATED = push(push_answer(), before="5000", after="5000", instructions=(), first=PUSHED)
REPAID = push(push_answer(), before="5000", after="10000", settled=(SETTLED, SETTLED_AGAIN), first=PUSHED)
RETIMED = push(push_answer(paid_at=PAID_AT + 30_000), before="5000", after="5000", instructions=(), first=PUSHED)
TAMPERED = push(REFUSAL, after="0", tamper="body-changed", instructions=(), settled=())
TAMPERED_ACCEPTED = push(push_answer(), tamper="body-changed")
TAMPERED_CREDITED = push(REFUSAL, after="5000", tamper="body-changed", instructions=(), settled=())
TAMPERED_SENT = push(REFUSAL, after="0", tamper="body-changed")
UNANSWERED = push(push_answer("PAYMENT_IN_PROCESS", paid_at=None), after="0", instructions=(LOST,), settled=())
SUCCESS_ON_LOST_ANSWER = push(push_answer(), instructions=(LOST,), settled=())


# --- inquiries -------------------------------------------------------------------------------------------------
def inquiry_answer(payment: str, *, paid_at: int | None = PAID_AT) -> dict[str, Any]:
    """The ``inquiryPushPayment`` answer: the call's S, the payment's result ``payment``."""
    body = {"result": result("SUCCESS"), "paymentId": PAYMENT_ID, "paymentRequestId": REQUEST_ID,
            "paymentResult": result(payment)}
    return body if paid_at is None else {**body, "paymentTime": time_text(paid_at)}


def inquired(body: dict[str, Any], request: dict[str, Any] | None = None) -> Answered:
    return answered("inquiryPushPayment", body, request=request)


INQUIRED = inquired(inquiry_answer("SUCCESS"))
STILL_IN_PROCESS = inquired(inquiry_answer("PAYMENT_IN_PROCESS", paid_at=None))
INQUIRED_AT_ITS_OWN_TIME = inquired(inquiry_answer("SUCCESS", paid_at=NOW + 60_000))
INQUIRED_FAILED = inquired(inquiry_answer("PROCESS_FAIL", paid_at=None))
CALL_FAILED = inquired({"result": result("PROCESS_FAIL", "Bakong refused the credit")})
NEVER_PUSHED = asked(paymentId="2026120119040000000000000009")
NOT_EXIST = inquired({"result": result("ORDER_NOT_EXIST")}, NEVER_PUSHED)
NOT_EXIST_AS_FAILURE = inquired({"result": result("PROCESS_FAIL")}, NEVER_PUSHED)
RESOLVED = Inquiries(UNANSWERED, (STILL_IN_PROCESS, INQUIRED), Decimal(5000), (SETTLED,))
NEVER_RESOLVED = Inquiries(UNANSWERED, (STILL_IN_PROCESS,) * 8, Decimal(0), ())


# --- what Alipay+ received -------------------------------------------------------------------------------------
ACKNOWLEDGED, NOT_ACKNOWLEDGED = {"result": result("SUCCESS")}, {"result": result("UNKNOWN_EXCEPTION")}


def received(operation: str, body: dict[str, Any], answer: dict[str, Any], *, at_ms: int,
             signature_problem: str | None = None) -> Received:
    """A request of the participant that Alipay+ received and answered ``answer``."""
    return Received(operation, PREFIX + operation, {}, compact(body), body, signature_problem, answer, "answered",
                    at_ms)


def notified(answer: dict[str, Any], *, payment: str = "SUCCESS", at_ms: int = PAID_AT + 1_000) -> Received:
    """The participant's ``notifyPushPayment`` of PUSHED with ``payment`` as its result."""
    body: dict[str, Any] = {"paymentResult": result(payment), "paymentId": PAYMENT_ID}
    if payment == "SUCCESS":
        body.update(paymentRequestId=REQUEST_ID, paymentTime=time_text(PAID_AT))
    return received("notifyPushPayment", body, answer, at_ms=at_ms)


NOTIFIED = notified(ACKNOWLEDGED)
UNHEARD = notified(NOT_ACKNOWLEDGED)
RESENT = notified(ACKNOWLEDGED, at_ms=PAID_AT + 61_000)
NOTIFIED_IN_PROCESS = notified(ACKNOWLEDGED, payment="PAYMENT_IN_PROCESS")


# --- refunds ---------------------------------------------------------------------------------------------------
def refund_asked(request_id: str = "rf-000001", *, signature_problem: str | None = None, **changes: Any) -> Received:
    """The participant's ``refund`` request of 2000 riel of PUSHED under ``request_id``, with ``changes``."""
    body = {"paymentId": PAYMENT_ID, "refundRequestId": request_id, "refundAmount": to_minor("2000", "KHR"),
            **changes}
    refunded = {"result": result("SUCCESS"), "refundId": "2026120119040000000000000101",
                "refundTime": time_text(PAID_AT + 120_000), "refundAmount": to_minor("2000", "KHR")}
    return received("refund", body, refunded, at_ms=PAID_AT + 120_000, signature_problem=signature_problem)


def refund(status: str, request_id: str | None, *, key: str = "refund-key-000001", amount: str = "2000",
           after: str = "3000", requests: Sequence[Received] = ()) -> Refund:
    """The merchant refunded ``amount`` riel of PUSHED (5000 credited) and the participant answered ``status``."""
    reason = {"code": "REFUND_AMOUNT_EXCEED", "message": "6000 KHR asked, 5000 KHR left to refund"} \
        if status == "REFUSED" else None
    return Refund(PUSHED, Decimal(amount), key, AlipayPlusRefund(status, request_id, reason), Decimal(5000),
                  Decimal(after), tuple(requests))


ASKED_REFUND = refund_asked()
UNANSWERED_REFUND = dataclasses.replace(ASKED_REFUND, delivery="dropped", at_ms=ASKED_REFUND.at_ms - 5_000)
REFUNDED = refund("SUCCEEDED", "rf-000001", requests=(ASKED_REFUND,))
REFUNDED_AGAIN = refund("SUCCEEDED", "rf-000002", key="refund-key-000002", amount="1000", after="2000")
SAME_ID_AGAIN = dataclasses.replace(REFUNDED_AGAIN, answer=AlipayPlusRefund("SUCCEEDED", "rf-000001", None))
LEFT_PENDING = refund("PENDING", "rf-000002", key="refund-key-000002", amount="1000", after="3000")
ABOVE_WHAT_IS_LEFT = refund("REFUSED", None, amount="6000", after="5000")
REFUNDED_ABOVE = refund("SUCCEEDED", "rf-000001", amount="6000", after="-1000")


# --- the scene, as the scene checks read it --------------------------------------------------------------------
@dataclass(frozen=True)
class AlipayBooks:
    """What the simulated Alipay+ holds of PAYMENT_ID: the minor units refunded of it."""

    refunded: int
    khr_minor_units: int = KHR_MINOR_UNITS

    def refunded_value(self, payment_id: str) -> int:
        return self.refunded if payment_id == PAYMENT_ID else 0


@dataclass(frozen=True)
class BakongLedger:
    """The simulated Bakong's Open API over ``transactions``, as it answers a merchant's md5 lookup."""

    transactions: tuple[Transaction, ...]

    def ask_bakong(self, path: str, body: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        found = [t for t in self.transactions if path == BY_MD5 and t.md5 == body.get("md5")]
        if not found:
            return 200, {"responseCode": 1, "errorCode": 1, "data": None,
                         "responseMessage": "Transaction could not be found. Please check and try again."}
        return 200, {"responseCode": 0, "responseMessage": "Getting transaction successfully.", "errorCode": None,
                     "data": found[0].as_open_api()}


@dataclass(frozen=True)
class Scene:
    """The little of an AcquiringScene the scene checks read: the merchant's balance now, Alipay+, Bakong."""

    merchant_balance: Decimal
    alipay: AlipayBooks
    bakong: BakongLedger

    def balance(self, merchant: Merchant) -> Decimal:
        return self.merchant_balance


def scene(balance: str, *, refunded: int = 0, settled: Sequence[Transaction] = (SETTLED,)) -> AcquiringScene:
    """The scene at the end of a scenario: the merchant's balance, the minor units Alipay+ refunded of PUSHED,
    Bakong's transactions."""
    return cast(AcquiringScene, Scene(Decimal(balance), AlipayBooks(refunded), BakongLedger(tuple(settled))))


# --- the cases -------------------------------------------------------------------------------------------------
OM, CV = OutcomeMismatch, ContractViolation
NO_SIGNATURE = "there is no Signature header"
NOT_OVER_THE_BODY = (f"the signature does not verify over POST {ACQUIRER_PATH}pushPayment, Client-Id "
                     f"SANDBOX_REFBKHPP, Response-Time {format_time(PAID_AT)} and the body as sent")

ALIPAY_PASSING = [
    Case("decoded_for_alipay", "signed_request_decoded", (DECODED, VERIFY)),
    Case("request_refused_with", "tampered_push_refused", (TAMPERED.answer, "INVALID_SIGNATURE", VERIFY)),
    Case("request_refused_with", "expired_code_refused", (EXPIRED_REFUSED, "EXPIRED_CODE", REFUSE)),
    Case("request_refused_with", "any_failure_code", (EXPIRED_CALLED_INVALID, "any failure code", REFUSE)),
    Case("merchant_not_credited", "tampered_push_refused", (TAMPERED, VERIFY)),
    Case("no_instruction_for", "tampered_push_refused", (TAMPERED, VERIFY)),
    Case("answers_signed", "every_answer_verifies", ([DECODED, PUSHED.answer, INQUIRED],)),
    Case("requests_signed", "notification_and_refund_verify", ([NOTIFIED, ASKED_REFUND],)),
    Case("answers_follow_rules", "decode_push_inquiry", ([DECODED, STORE_DECODED, PUSHED.answer, INQUIRED],)),
    Case("requests_follow_rules", "notification_and_refund", ([NOTIFIED, ASKED_REFUND],)),
    Case("decoded_as_code", "order_code_in_minor_units", (DECODED, CODE, KHR_MINOR_UNITS)),
    Case("decoded_as_code", "store_code_without_amount", (STORE_DECODED, STORE, KHR_MINOR_UNITS)),
    Case("decoded_identically", "same_answer_twice", (DECODED, DECODED_AGAIN)),
    Case("accepted_with_time", "credited_with_its_time", (PUSHED,)),
    Case("credited_in_all", "credited_once", (scene("5000"), PUSHED, "5000", CREDIT)),
    Case("credited_in_all", "repeat_not_credited_again", (scene("5000"), REPEATED, "5000", IDEMPOTENT)),
    Case("bakong_settled_once", "one_instruction", (PUSHED, "5000", CREDIT)),
    Case("bakong_settled_once", "repeat_not_paid_again", (REPEATED, "5000", IDEMPOTENT)),
    Case("bakong_finds_pushed_payment", "by_the_codes_md5", (scene("5000"), PUSHED, "5000")),
    Case("answered_as_first", "same_result_ids_and_time", (REPEATED,)),
    Case("in_process_or_settled", "in_process_not_credited", (UNANSWERED,)),
    Case("in_process_or_settled", "accepted_as_bakong_settled", (PUSHED,)),
    Case("final_success", "resolved_on_the_second_inquiry", (RESOLVED,)),
    Case("order_not_exist", "never_pushed", (NOT_EXIST,)),
    Case("inquiry_success", "same_payment_time", (INQUIRED, PUSHED)),
    Case("inquiry_failure", "payment_failed", (INQUIRED_FAILED,)),
    Case("notifications_final_and_consistent", "success_of_a_settled_payment", ([NOTIFIED], [PUSHED], {CODE.md5})),
    Case("notifications_stop_once_acknowledged", "resent_until_acknowledged", ([UNHEARD, RESENT],)),
    Case("notifications_resent_until_acknowledged", "resent_until_acknowledged", ([UNHEARD, RESENT],)),
    Case("refunds_succeeded", "two_refunds_two_ids", ([REFUNDED, REFUNDED_AGAIN],)),
    Case("refund_refused", "above_what_is_left", (ABOVE_WHAT_IS_LEFT,)),
    Case("refunded_in_all", "part_refunded", (scene("3000", refunded=200_000), PUSHED, "2000")),
    Case("refunds_debited_in_all", "debited_once", (scene("3000"), PUSHED, "2000")),
    Case("one_refund_request_id_each", "asked_again_with_the_same_id", ([REFUNDED], [UNANSWERED_REFUND, ASKED_REFUND])),
]

ALIPAY_FAILING = [
    Case("decoded_for_alipay", "signature_refused", (REFUSED_AS_INVALID_SIGNATURE, VERIFY), OM, VERIFY,
         '"resultCode": "INVALID_SIGNATURE"'),
    Case("request_refused_with", "tampered_push_accepted", (TAMPERED_ACCEPTED.answer, "INVALID_SIGNATURE", VERIFY), OM,
         VERIFY, 'Actual: {"result": {"resultCode": "SUCCESS"'),
    Case("request_refused_with", "expired_code_called_invalid", (EXPIRED_CALLED_INVALID, "EXPIRED_CODE", REFUSE), OM,
         REFUSE, '"resultCode": "INVALID_CODE"'),
    Case("merchant_not_credited", "tampered_push_credited", (TAMPERED_CREDITED, VERIFY), OM, VERIFY,
         "Actual: 5000 after the request"),
    Case("no_instruction_for", "tampered_push_sent_to_bakong", (TAMPERED_SENT, VERIFY), OM, VERIFY,
         '"fromAccountId": "alipayplus@refb"'),
    Case("answers_signed", "push_answer_not_over_the_body",
         ([DECODED, dataclasses.replace(PUSHED.answer, signature_problem=NOT_OVER_THE_BODY)],), CV, SIGNS,
         f"pushPayment: {NOT_OVER_THE_BODY}"),
    Case("requests_signed", "refund_unsigned", ([NOTIFIED, refund_asked(signature_problem=NO_SIGNATURE)],), CV, SIGNS,
         f"refund: {NO_SIGNATURE}"),
    Case("answers_follow_rules", "amount_as_number", ([AMOUNT_AS_NUMBER],), CV, MESSAGES,
         '"value" is 500000, not a string'),
    Case("requests_follow_rules", "empty_refund_reason", ([NOTIFIED, refund_asked(refundReason="")],), CV, MESSAGES,
         'refund: "refundReason" is ""'),
    Case("decoded_as_code", "amount_in_major_units", (IN_MAJOR_UNITS, CODE, KHR_MINOR_UNITS), OM, DECODE,
         'Actual: payment amount {"currency": "KHR", "value": "5000"}; order amount'),
    Case("decoded_identically", "new_payment_request_id", (DECODED, NEW_REQUEST_ID), OM, DECODE,
         '"paymentRequestId": "REFB-APR-000002"'),
    Case("accepted_with_time", "without_payment_time", (push(push_answer(paid_at=None)),), OM, CREDIT,
         '"paymentRequestId": "REFB-APR-000001"}'),
    Case("credited_in_all", "repeat_credited_again", (scene("10000"), REPAID, "5000", IDEMPOTENT), OM, IDEMPOTENT,
         "the balance went from 0 to 10000"),
    Case("bakong_settled_once", "repeat_paid_again", (REPAID, "5000", IDEMPOTENT), OM, IDEMPOTENT,
         '[["m000001@refb", "5000", "KHR"], ["m000001@refb", "5000", "KHR"]]'),
    Case("bakong_finds_pushed_payment", "credited_without_bakong", (scene("5000", settled=()), SUCCESS_ON_LOST_ANSWER,
                                                                    "5000"), OM, CREDIT,
         "Transaction could not be found"),
    Case("answered_as_first", "repeat_answered_with_a_new_time", (RETIMED,), OM, IDEMPOTENT,
         f'"paymentTime": "{time_text(PAID_AT + 30_000)}"'),
    Case("in_process_or_settled", "success_on_a_lost_answer", (SUCCESS_ON_LOST_ANSWER,), OM, UNKNOWN,
         "merchant credited 5000; Bakong had not settled it"),
    Case("final_success", "in_process_to_the_end", (NEVER_RESOLVED,), OM, UNKNOWN, '"PAYMENT_IN_PROCESS"'),
    Case("order_not_exist", "answered_as_a_failure", (NOT_EXIST_AS_FAILURE,), OM, INQUIRY,
         '"resultCode": "PROCESS_FAIL"'),
    Case("inquiry_success", "time_of_the_inquiry", (INQUIRED_AT_ITS_OWN_TIME, PUSHED), OM, INQUIRY,
         f'"paymentTime": "{time_text(NOW + 60_000)}"'),
    Case("inquiry_failure", "call_failed", (CALL_FAILED,), OM, INQUIRY, '"resultStatus": "F"'),
    Case("notifications_final_and_consistent", "in_process_notified", ([NOTIFIED_IN_PROCESS], [PUSHED], {CODE.md5}),
         OM, NOTIFY, "(only S or F is ever notified)"),
    Case("notifications_stop_once_acknowledged", "notified_after_acknowledgement", ([NOTIFIED, RESENT],), OM,
         NOTIFY, f"notified again for paymentId {PAYMENT_ID}"),
    Case("notifications_resent_until_acknowledged", "not_resent", ([UNHEARD],), OM, NOTIFY,
         f"the last notification of paymentId {PAYMENT_ID} was not acknowledged"),
    Case("refunds_succeeded", "second_refund_under_the_first_id", ([REFUNDED, SAME_ID_AGAIN],), OM, REFUND,
         '{"status": "SUCCEEDED", "refundRequestId": "rf-000001", "reason": null}]'),
    Case("refunds_succeeded", "left_pending", ([REFUNDED, LEFT_PENDING],), OM, REFUND, '"status": "PENDING"'),
    Case("refund_refused", "refunded_above_what_is_left", (REFUNDED_ABOVE,), OM, REFUND, '"status": "SUCCEEDED"'),
    Case("refunded_in_all", "refunded_twice", (scene("1000", refunded=400_000), PUSHED, "2000"), OM, REFUND,
         "Actual: 4000 riel refunded"),
    Case("refunds_debited_in_all", "debited_twice", (scene("1000"), PUSHED, "2000"), OM, REFUND,
         "the balance went from 5000 to 1000"),
    Case("one_refund_request_id_each", "asked_again_with_a_new_id",
         ([REFUNDED], [UNANSWERED_REFUND, refund_asked("rf-000002")]), OM, REFUND,
         "refundRequestId(s) rf-000001, rf-000002"),
]
