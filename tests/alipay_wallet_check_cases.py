"""Known-good and known-bad inputs of the Alipay+ wallet checks (``checks.alipay_plus_wallet``, and the acquirer
checks also bound to wallet requirements).

Every input is a record of an Alipay+ wallet scene, written here as the scene writes it: a customer's scans of an
Alipay+ merchant's code and confirmations with the balance around them (``Scan``, ``Confirmation``), Alipay+'s
signed inquiries, cancels and refunds with the wallet's answers as Alipay+ read them (``WalletCall``), and the
requests Alipay+ received from the wallet (``Received``: the scan's ``userInitiatedPay``, notifications). No
network or participant runs. A conforming wallet's messages are the bundled reference participant's
(``schemas/alipay-plus/v1/examples``, ``schemas/participant-api/v1/examples``); a faulty case changes one thing the
way a bank could ship it. The scene: a customer with 100000 riel pays Tokyo Ramen 1000 JPY quoted at 27 riel a
yen, i.e. payToAmount 2700000 KHR minor units (27000 riel).

``WALLET_PASSING`` and ``WALLET_FAILING`` hold rows in the fields of ``check_case.Case``, which ``test_checks``
runs with the others.
"""

from __future__ import annotations

import dataclasses
import json
from decimal import Decimal
from typing import Any

from check_case import Case

from bakong_conformance import schemas
from bakong_conformance.alipay_plus import KHR_MINOR_UNITS, format_time, result, to_minor
from bakong_conformance.crossborder import Confirmation, Scan, WalletCall
from bakong_conformance.errors import ContractViolation, OutcomeMismatch
from bakong_conformance.networks import Answered, Received, SignedRequest
from bakong_conformance.networks.alipay_plus import ANSWER_SCHEMAS, PREFIX, WALLET_PATH, MerchantOrder, Tamper
from bakong_conformance.participant import Account, AlipayPlusConfirmation, AlipayPlusScan

__all__ = ["WALLET_FAILING", "WALLET_PASSING"]

SCANNED_AT = 1_796_133_909_090             # the customer scans the code (Alipay+ opened it just before)
PAID_AT = SCANNED_AT + 4_000               # the customer confirms, the wallet debits
EXPIRES_AT = SCANNED_AT + 900_000          # the order's paymentExpiryTime, 15 minutes on
SIGNS, VERIFY, SHOWN = "REQ-APLUS-MPP-SIGNS", "REQ-APLUS-MPP-VERIFY", "REQ-APLUS-MPP-SHOWN"
DEBIT, REFUSE, NOTIFY = "REQ-APLUS-MPP-DEBIT", "REQ-APLUS-MPP-REFUSE", "REQ-APLUS-MPP-NOTIFY"
INQUIRY, CANCEL, REFUND = "REQ-APLUS-MPP-INQUIRY", "REQ-APLUS-MPP-CANCEL", "REQ-APLUS-MPP-REFUND"

REQUEST_ID = "2026120119040000000000000201"   # Alipay+'s paymentRequestId of the order
NEVER_SEEN = "2026120119040000000000000209"   # a paymentRequestId the wallet never saw
PAYMENT_ID = "w-000001"                       # the wallet's paymentId
CUSTOMER = Account("c000001@refb", "KHR", Decimal(100000))
SHORT_CUSTOMER = Account("c000003@refb", "KHR", Decimal(20000))
USD_CUSTOMER = Account("c000002@refb", "USD", Decimal("100.00"))
YEN, RIEL = to_minor("1000", "JPY"), to_minor("27000", "KHR")   # {"currency": "KHR", "value": "2700000"}
RIEL_IN_MAJOR_UNITS = {"currency": "KHR", "value": "27000"}
QUOTE = {"quoteId": "Q000000000001", "quoteCurrencyPair": "JPY/KHR", "quotePrice": "27",
         "quoteStartTime": format_time(SCANNED_AT - 1_000), "quoteExpiryTime": format_time(EXPIRES_AT)}
ORDER = MerchantOrder("28166604009812345678901234", REQUEST_ID, "Tokyo Ramen", YEN, RIEL, QUOTE, EXPIRES_AT)


def time_text(epoch_ms: int) -> str:
    """A time as the wallet writes it: UTC+8, whole seconds."""
    return format_time(epoch_ms)


def compact(body: Any) -> bytes:
    return json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def received(operation: str, body: dict[str, Any], answer: dict[str, Any], *, at_ms: int,
             signature_problem: str | None = None) -> Received:
    """A request of the wallet that Alipay+ received and answered ``answer``."""
    return Received(operation, PREFIX + operation, {}, compact(body), body, signature_problem, answer, "answered",
                    at_ms)


# --- what the customer saw, and confirmed ----------------------------------------------------------------------
def screen(**changes: Any) -> dict[str, Any]:
    """The payment screen of ORDER as the wallet shows it, with ``changes``."""
    return {"merchantName": ORDER.merchant_name, "paymentAmount": YEN, "payToAmount": RIEL,
            "quote": {key: QUOTE[key] for key in ("quoteId", "quoteCurrencyPair", "quotePrice")}, **changes}


def scan(account: Account = CUSTOMER, *, shown: dict[str, Any] | None = None,
         refused: str | None = None) -> Scan:
    """The customer of ``account`` scanned ORDER's code: shown ``shown`` (default the right screen), or refused
    with ``refused`` without asking Alipay+."""
    if refused is not None:
        reason = {"code": refused, "message": f"Only a KHR account pays through Alipay+; {account.account_id} is a "
                                              f"{account.currency} account"}
        return Scan(account, ORDER, AlipayPlusScan("scan-000002", "REFUSED", None, None, reason), (), SCANNED_AT)
    asked = {"codeValue": ORDER.code_value, "customerId": account.account_id}
    return Scan(account, ORDER, AlipayPlusScan("scan-000001", "SHOWN", REQUEST_ID, shown or screen(), None),
                (received("userInitiatedPay", asked, ORDER.answer(), at_ms=SCANNED_AT),), SCANNED_AT)


def confirmed(of: Scan, before: str, after: str, *, debited: str | None = "27000", payment_id: str | None = PAYMENT_ID,
              failed: str | None = None) -> Confirmation:
    """The customer confirmed ``of``: SUCCEEDED (``debited`` riel, ``payment_id``), or FAILED with ``failed``;
    the balance went from ``before`` to ``after``."""
    if failed is not None:
        answer = AlipayPlusConfirmation("FAILED", REQUEST_ID, None, None, {"code": failed, "message": failed})
    else:
        answer = AlipayPlusConfirmation("SUCCEEDED", REQUEST_ID, payment_id, debited, None)
    return Confirmation(of, answer, Decimal(before), Decimal(after))


SCANNED = scan()
SHORT_SCANNED = scan(SHORT_CUSTOMER)
USD_REFUSED = scan(USD_CUSTOMER, refused="CURRENCY_NOT_SUPPORT")
USD_SHOWN = scan(USD_CUSTOMER)
SHOWN_IN_MAJOR_UNITS = scan(shown=screen(payToAmount=RIEL_IN_MAJOR_UNITS))
CONFIRMED = confirmed(SCANNED, "100000", "73000")
CONFIRMED_AGAIN = confirmed(SCANNED, "73000", "73000")
DEBITED_AGAIN = confirmed(SCANNED, "73000", "46000")
AT_ITS_OWN_RATE = confirmed(SCANNED, "100000", "72880", debited="27120")   # 1000 JPY at its own 27.12
BALANCE_SHORT = confirmed(SHORT_SCANNED, "20000", "20000", failed="USER_BALANCE_NOT_ENOUGH")
OVERDRAWN = confirmed(SHORT_SCANNED, "20000", "-7000")
EXPIRED = confirmed(SCANNED, "100000", "100000", failed="PAYMENT_EXPIRED")
AFTER_CANCEL = confirmed(SCANNED, "100000", "100000", failed="ORDER_IS_CLOSED")
PAID_AFTER_CANCEL = confirmed(SCANNED, "100000", "73000")
USD_CONFIRMATION_REFUSED = confirmed(USD_SHOWN, "100.00", "100.00", failed="CURRENCY_NOT_SUPPORT")
PAID_IN_DOLLARS = confirmed(USD_SHOWN, "100.00", "93.25", debited="6.75")


# --- what the wallet told Alipay+ ------------------------------------------------------------------------------
ACKNOWLEDGED, NOT_ACKNOWLEDGED = {"result": result("SUCCESS")}, {"result": result("UNKNOWN_EXCEPTION")}
INCONSISTENT = {"result": result("PARAM_ILLEGAL", "the notification differs from the order Alipay+ gave")}


def notified(answer: dict[str, Any] = ACKNOWLEDGED, *, at_ms: int = PAID_AT + 1_000, **changes: Any) -> Received:
    """The wallet's ``notifyPayment`` of CONFIRMED's success, with ``changes``, answered ``answer``."""
    body = {"paymentResult": result("SUCCESS"), "paymentRequestId": REQUEST_ID, "paymentId": PAYMENT_ID,
            "paymentTime": time_text(PAID_AT), "paymentAmount": YEN, "payToAmount": RIEL,
            "customerId": CUSTOMER.account_id, **changes}
    return received("notifyPayment", body, answer, at_ms=at_ms)


def notified_failed(code: str = "USER_BALANCE_NOT_ENOUGH") -> Received:
    """The wallet's ``notifyPayment`` of BALANCE_SHORT with ``code`` as the payment's result."""
    body = {"paymentResult": result(code), "paymentRequestId": REQUEST_ID, "customerId": SHORT_CUSTOMER.account_id}
    return received("notifyPayment", body, ACKNOWLEDGED, at_ms=PAID_AT + 1_000)


NOTIFIED = notified()
UNHEARD = notified(NOT_ACKNOWLEDGED)
RESENT = notified(at_ms=PAID_AT + 5_000)
RESENT_RETIMED = notified(at_ms=PAID_AT + 5_000, paymentTime=time_text(PAID_AT + 5_000))
NOTIFIED_IN_MAJOR_UNITS = notified(INCONSISTENT, payToAmount=RIEL_IN_MAJOR_UNITS)
NOTIFIED_FAILED = notified_failed()
NOTIFIED_IN_PROCESS = notified_failed("PAYMENT_IN_PROCESS")
NO_SIGNATURE = "there is no Signature header"


# --- what Alipay+ asked the wallet -----------------------------------------------------------------------------
def called(operation: str, asked: dict[str, Any], answer: dict[str, Any], before: str, after: str, *,
           tamper: Tamper | None = None, signature_problem: str | None = None) -> WalletCall:
    """Alipay+'s ``operation`` request ``asked``, the wallet's answer ``answer`` (HTTP 200) read as Alipay+ reads it
    (the message schema applied, its signature verifying unless ``signature_problem`` says why not), and the
    customer's balance from ``before`` to ``after``. Headers are left out: the checks read the verdict."""
    path = WALLET_PATH + operation
    request = SignedRequest(operation, path, {}, compact(asked), asked, tamper)
    problems = schemas.violations(answer, "alipay-plus", "v1", ANSWER_SCHEMAS[path])
    answered = Answered(request, 200, {}, compact(answer), answer, signature_problem, tuple(problems))
    return WalletCall(answered, Decimal(before), Decimal(after))


ABOUT, ABOUT_UNSEEN = {"paymentRequestId": REQUEST_ID}, {"paymentRequestId": NEVER_SEEN}
SUCCEEDED, REFUSED_SIGNATURE = {"result": result("SUCCESS")}, {"result": result("INVALID_SIGNATURE")}
TOO_LATE, UNKNOWN = {"result": result("CANCEL_WINDOW_EXCEED")}, {"result": result("ORDER_NOT_EXIST")}
IN_PROCESS = {"result": result("SUCCESS"), "paymentResult": result("PAYMENT_IN_PROCESS")}


def paid(**changes: Any) -> dict[str, Any]:
    """The ``inquiryPayment`` answer about CONFIRMED's payment, with ``changes``."""
    return {"result": result("SUCCESS"), "paymentResult": result("SUCCESS"), "paymentId": PAYMENT_ID,
            "paymentTime": time_text(PAID_AT), "paymentAmount": YEN, "payToAmount": RIEL,
            "customerId": CUSTOMER.account_id, **changes}


def refund_asked(riel: str) -> dict[str, Any]:
    return {"paymentRequestId": REQUEST_ID, "refundRequestId": "2026120219040000000000000301",
            "refundAmount": to_minor(riel, "KHR")}


REFUNDED_ANSWER = {"result": result("SUCCESS"), "refundId": "REFB-MRF-000001",
                   "refundTime": time_text(PAID_AT + 60_000)}
REFUND_REFUSED = {"result": result("REFUND_AMOUNT_EXCEED")}

INQUIRED_IN_PROCESS = called("inquiryPayment", ABOUT, IN_PROCESS, "100000", "100000")
INQUIRED_FAILED = called("inquiryPayment", ABOUT, {**IN_PROCESS, "paymentResult": result("PROCESS_FAIL")},
                         "100000", "100000")
INQUIRED_PAID = called("inquiryPayment", ABOUT, paid(), "73000", "73000")
INQUIRED_WITH_REQUEST_ID = called("inquiryPayment", ABOUT, paid(paymentId=REQUEST_ID), "73000", "73000")
INQUIRED_UNSEEN = called("inquiryPayment", ABOUT_UNSEEN, UNKNOWN, "100000", "100000")
UNSEEN_IN_PROCESS = called("inquiryPayment", ABOUT_UNSEEN, IN_PROCESS, "100000", "100000")
CANCELLED = called("cancelPayment", ABOUT, SUCCEEDED, "73000", "100000")
CANCELLED_UNCONFIRMED = called("cancelPayment", ABOUT, SUCCEEDED, "100000", "100000")
CANCELLED_AGAIN = called("cancelPayment", ABOUT, SUCCEEDED, "100000", "100000")
CANCEL_KEPT = called("cancelPayment", ABOUT, SUCCEEDED, "73000", "73000")
CANCELLED_TWICE = called("cancelPayment", ABOUT, SUCCEEDED, "100000", "127000")
TAMPERED_CANCEL = called("cancelPayment", ABOUT, REFUSED_SIGNATURE, "73000", "73000", tamper="bad-signature")
TAMPERED_CANCEL_ACCEPTED = called("cancelPayment", ABOUT, SUCCEEDED, "73000", "100000", tamper="bad-signature")
CANCEL_TOO_LATE = called("cancelPayment", ABOUT, TOO_LATE, "73000", "73000")
CANCELLED_TOO_LATE = called("cancelPayment", ABOUT, SUCCEEDED, "73000", "100000")
REFUNDED = called("refund", refund_asked("5000"), REFUNDED_ANSWER, "73000", "78000")
REFUNDED_AGAIN = called("refund", refund_asked("5000"), REFUNDED_ANSWER, "78000", "78000")
REFUNDED_TWICE = called("refund", refund_asked("5000"), REFUNDED_ANSWER, "78000", "83000")
REFUNDED_IN_MINOR_UNITS = called("refund", refund_asked("5000"), REFUNDED_ANSWER, "73000", "573000")
REFUND_ABOVE = called("refund", refund_asked("30000"), REFUND_REFUSED, "73000", "73000")
REFUND_ABOVE_CREDITED = called("refund", refund_asked("30000"), REFUND_REFUSED, "73000", "103000")
NOT_OVER_THE_BODY = (f"the signature does not verify over POST {WALLET_PATH}refund, Client-Id SANDBOX_REFBKHPP, "
                     f"Response-Time {time_text(PAID_AT + 60_000)} and the body as sent")
REFUND_NOT_OVER_THE_BODY = dataclasses.replace(
    REFUNDED, answer=dataclasses.replace(REFUNDED.answer, signature_problem=NOT_OVER_THE_BODY))


# --- the cases -------------------------------------------------------------------------------------------------
OM, CV = OutcomeMismatch, ContractViolation
SCAN_REQUEST = SCANNED.requests[0]

WALLET_PASSING = [
    Case("answers_signed", "wallet_inquiry_refund_cancel", ([INQUIRED_PAID.answer, REFUNDED.answer,
                                                             CANCELLED.answer], SIGNS)),
    Case("requests_signed", "wallet_scan_and_notification", ([SCAN_REQUEST, NOTIFIED], SIGNS)),
    Case("request_refused_with", "wallet_tampered_cancel", (TAMPERED_CANCEL.answer, "INVALID_SIGNATURE", VERIFY)),
    Case("request_refused_with", "wallet_unseen_payment", (INQUIRED_UNSEEN.answer, "ORDER_NOT_EXIST", INQUIRY)),
    Case("request_refused_with", "wallet_cancel_after_cut_off", (CANCEL_TOO_LATE.answer, "CANCEL_WINDOW_EXCEED",
                                                                 CANCEL)),
    Case("request_refused_with", "wallet_refund_above_payment", (REFUND_ABOVE.answer, "REFUND_AMOUNT_EXCEED", REFUND)),
    Case("wallet_balance_unchanged", "tampered_cancel", (TAMPERED_CANCEL, VERIFY)),
    Case("wallet_balance_unchanged", "cancel_after_cut_off", (CANCEL_TOO_LATE, CANCEL)),
    Case("wallet_balance_unchanged", "refund_above_payment", (REFUND_ABOVE, REFUND)),
    Case("shown_as_given", "as_alipay_gave", (SCANNED,)),
    Case("debited_pay_to_amount", "pay_to_amount_once", (CONFIRMED, KHR_MINOR_UNITS)),
    Case("notified_success_as_given", "acknowledged_success", ([NOTIFIED], CONFIRMED)),
    Case("notified_success_as_given", "acknowledged_when_resent", ([UNHEARD, RESENT], CONFIRMED)),
    Case("confirmed_again_as_first", "same_answer_nothing_more", (CONFIRMED_AGAIN, CONFIRMED)),
    Case("confirmation_failed_without_debit", "balance_not_enough",
         (BALANCE_SHORT, "USER_BALANCE_NOT_ENOUGH", REFUSE)),
    Case("confirmation_failed_without_debit", "confirmed_after_expiry", (EXPIRED, None, REFUSE)),
    Case("confirmation_failed_without_debit", "confirmed_after_cancel", (AFTER_CANCEL, None, CANCEL)),
    Case("scan_refused_without_debit", "usd_account_refused", (USD_REFUSED, None)),
    Case("scan_refused_without_debit", "usd_confirmation_refused", (USD_SHOWN, USD_CONFIRMATION_REFUSED)),
    Case("notifications_say_failed", "failure_notified", ([NOTIFIED_FAILED],)),
    Case("notifications_say_failed", "nothing_notified", ([],)),
    Case("notifications_of_payment_are_the_same", "resent_the_same", ([UNHEARD, RESENT],)),
    Case("notifications_resent_until_acknowledged", "wallet_resent_until_acknowledged", ([UNHEARD, RESENT],
                                                                                          NOTIFY)),
    Case("wallet_inquiry_in_process", "before_confirmation", (INQUIRED_IN_PROCESS,)),
    Case("wallet_inquiry_paid", "after_the_debit", (INQUIRED_PAID, CONFIRMED)),
    Case("gave_back", "cancel_after_the_debit", (CANCELLED, "27000", CANCEL)),
    Case("gave_back", "cancel_before_confirmation", (CANCELLED_UNCONFIRMED, "0", CANCEL)),
    Case("repeated_as_first", "cancel_again", (CANCELLED_AGAIN, CANCELLED, CANCEL)),
    Case("repeated_as_first", "refund_again", (REFUNDED_AGAIN, REFUNDED, REFUND)),
    Case("gave_back", "refund_credited_in_riel", (REFUNDED, "5000", REFUND)),
]

WALLET_FAILING = [
    Case("answers_signed", "wallet_refund_answer_not_over_the_body",
         ([INQUIRED_PAID.answer, REFUND_NOT_OVER_THE_BODY.answer], SIGNS), CV, SIGNS,
         f"refund: {NOT_OVER_THE_BODY}"),
    Case("requests_signed", "wallet_notification_unsigned",
         ([SCAN_REQUEST, dataclasses.replace(NOTIFIED, signature_problem=NO_SIGNATURE)], SIGNS), CV, SIGNS,
         f"notifyPayment: {NO_SIGNATURE}"),
    Case("request_refused_with", "wallet_tampered_cancel_accepted",
         (TAMPERED_CANCEL_ACCEPTED.answer, "INVALID_SIGNATURE", VERIFY), OM, VERIFY,
         'Actual: {"result": {"resultCode": "SUCCESS"'),
    Case("request_refused_with", "wallet_unseen_payment_in_process",
         (UNSEEN_IN_PROCESS.answer, "ORDER_NOT_EXIST", INQUIRY), OM, INQUIRY, '"resultCode": "PAYMENT_IN_PROCESS"'),
    Case("request_refused_with", "wallet_cancelled_after_cut_off",
         (CANCELLED_TOO_LATE.answer, "CANCEL_WINDOW_EXCEED", CANCEL), OM, CANCEL,
         'Actual: {"result": {"resultCode": "SUCCESS"'),
    Case("wallet_balance_unchanged", "tampered_cancel_gave_back", (TAMPERED_CANCEL_ACCEPTED, VERIFY), OM, VERIFY,
         'Actual: 100000 (answered {"result": {"resultCode": "SUCCESS"'),
    Case("wallet_balance_unchanged", "refused_refund_credited", (REFUND_ABOVE_CREDITED, REFUND), OM, REFUND,
         'Actual: 103000 (answered {"result": {"resultCode": "REFUND_AMOUNT_EXCEED"'),
    Case("shown_as_given", "riel_in_major_units", (SHOWN_IN_MAJOR_UNITS,), OM, SHOWN,
         '"payToAmount": {"currency": "KHR", "value": "27000"}'),
    Case("debited_pay_to_amount", "at_its_own_rate", (AT_ITS_OWN_RATE, KHR_MINOR_UNITS), OM, DEBIT,
         "the balance went from 100000 to 72880, debited 27120"),
    Case("notified_success_as_given", "riel_in_major_units", ([NOTIFIED_IN_MAJOR_UNITS], CONFIRMED), OM, DEBIT,
         '"payToAmount": {"currency": "KHR", "value": "27000"}'),
    Case("confirmed_again_as_first", "debited_again", (DEBITED_AGAIN, CONFIRMED), OM, DEBIT,
         "the balance went from 73000 to 46000"),
    Case("confirmation_failed_without_debit", "overdrawn", (OVERDRAWN, "USER_BALANCE_NOT_ENOUGH", REFUSE), OM, REFUSE,
         "status SUCCEEDED, reason null, the balance went from 20000 to -7000"),
    Case("confirmation_failed_without_debit", "paid_after_cancel", (PAID_AFTER_CANCEL, None, CANCEL), OM, CANCEL,
         "status SUCCEEDED, reason null, the balance went from 100000 to 73000"),
    Case("scan_refused_without_debit", "paid_in_dollars", (USD_SHOWN, PAID_IN_DOLLARS), OM, REFUSE,
         "scan SHOWN, confirmation SUCCEEDED, the balance went from 100.00 to 93.25"),
    Case("notifications_say_failed", "in_process_notified", ([NOTIFIED_IN_PROCESS],), OM, REFUSE,
         'paymentResult ["U"]'),
    Case("notifications_of_payment_are_the_same", "resent_with_a_new_time", ([UNHEARD, RESENT_RETIMED],), OM, NOTIFY,
         f'"paymentTime": "{time_text(PAID_AT + 5_000)}"'),
    Case("notifications_of_payment_are_the_same", "nothing_notified", ([],), OM, NOTIFY, "no notification at all"),
    Case("notifications_resent_until_acknowledged", "wallet_not_resent", ([UNHEARD], NOTIFY), OM, NOTIFY,
         f"the last notification of paymentId {PAYMENT_ID} was not acknowledged"),
    Case("wallet_inquiry_in_process", "unconfirmed_called_failed", (INQUIRED_FAILED,), OM, INQUIRY,
         '"paymentResult": {"resultCode": "PROCESS_FAIL", "resultStatus": "F"'),
    Case("wallet_inquiry_paid", "payment_request_id_as_payment_id", (INQUIRED_WITH_REQUEST_ID, CONFIRMED), OM,
         INQUIRY, f'"paymentId": "{REQUEST_ID}"'),
    Case("gave_back", "cancel_kept_the_debit", (CANCEL_KEPT, "27000", CANCEL), OM, CANCEL,
         "the balance went from 73000 to 73000"),
    Case("repeated_as_first", "cancel_gave_back_twice", (CANCELLED_TWICE, CANCELLED, CANCEL), OM, CANCEL,
         "the balance went from 100000 to 127000"),
    Case("repeated_as_first", "refund_credited_twice", (REFUNDED_TWICE, REFUNDED, REFUND), OM, REFUND,
         "the balance went from 78000 to 83000"),
    Case("gave_back", "refund_minor_units_as_riel", (REFUNDED_IN_MINOR_UNITS, "5000", REFUND), OM, REFUND,
         "the balance went from 73000 to 573000"),
]
