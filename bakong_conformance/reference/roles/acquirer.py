"""Defects of the reference participant as an Alipay+ acquirer for its KHQR merchants
(capability ``alipay-plus-acquirer``)."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Awaitable, Callable, Mapping
from decimal import Decimal
from itertools import count
from typing import Any

from ... import khqr
from ...alipay_plus import KeyPair, TimeError, format_time, parse_time, result
from .._acquirer_books import Merchant, PushPayment
from .._acquirer_rules import PushLine
from .._alipay_refusal import Refused
from .._alipay_rules import FinishFn, SignAnswerFn, SignRequestFn, VerifyFn
from .._bank import SUCCEEDED
from .._behaviour import Behaviour
from .._payments import PaymentRules
from .._registry import defect
from ._blocks import acquirer_piece, no_verification, signing_piece, unsigned

Qualified = Callable[[Merchant], bool]
Known = Callable[[Mapping[str, PushPayment], str, tuple[str, str, str, str | None]], PushPayment | None]
Repeat = Callable[[PushLine, PushPayment, int], Awaitable[None]]


# --- verifying Alipay+'s requests ---------------------------------------------------------------------------------
def _canonical_time(headers: Mapping[str, str]) -> dict[str, str]:
    """The headers with the Request-Time re-written the participant's own way (UTC+8, whole seconds)."""
    written = headers.get("request-time")
    try:
        return {**headers, "request-time": format_time(parse_time(written))} if written else dict(headers)
    except TimeError:
        return dict(headers)


def _reformatted_time(verify: VerifyFn) -> VerifyFn:
    return lambda keys, headers, path, body: verify(keys, _canonical_time(headers), path, body)


defect("accepts-bad-signature", "Does not verify the signatures of Alipay+'s requests",
       "REQ-APLUS-ACQP-VERIFY")(signing_piece("acquirer", "verify", lambda _: no_verification))
defect("accepts-any-client-id", "Accepts Alipay+'s requests under any Client-Id, not only its own",
       "REQ-APLUS-ACQP-VERIFY")(signing_piece("acquirer", "client_ok", lambda _: lambda given, own: True))
defect("accepts-stale-request-time", "Accepts requests whose Request-Time is far from the sandbox clock",
       "REQ-APLUS-ACQP-VERIFY")(signing_piece("acquirer", "fresh", lambda _: lambda sent, now, tolerance: True))
defect("verifies-reformatted-time", "Re-writes the Request-Time in its own format (UTC+8, whole seconds) before "
       "verifying, so that correctly signed requests in other formats are refused",
       "REQ-APLUS-ACQP-VERIFY")(signing_piece("acquirer", "verify", _reformatted_time))


# --- signing its own messages -------------------------------------------------------------------------------------
def _reserialised(sign: SignAnswerFn) -> SignAnswerFn:
    def answer(keys: KeyPair, path: str, client_id: str, time: str,
               message: dict[str, Any]) -> tuple[dict[str, str], bytes]:
        headers, _ = sign(keys, path, client_id, time, message)     # signed over the compact form
        return headers, json.dumps(message, ensure_ascii=False, indent=1).encode("utf-8")
    return answer


def _time_with_milliseconds(sign: SignRequestFn) -> SignRequestFn:
    def request(keys: KeyPair, path: str, client_id: str, now_ms: int, body: bytes) -> dict[str, str]:
        return {**sign(keys, path, client_id, now_ms, body), "Request-Time": format_time(now_ms, fraction_digits=3)}
    return request


defect("answers-unsigned", "Answers Alipay+'s requests without a Signature header",
       "REQ-APLUS-ACQP-SIGNS")(signing_piece("acquirer", "sign_answer", unsigned))
defect("signs-reserialised-body", "Signs its answers' compact JSON but sends them formatted otherwise (indented)",
       "REQ-APLUS-ACQP-SIGNS")(signing_piece("acquirer", "sign_answer", _reserialised))
defect("signs-reformatted-request-time", "Writes its own requests' Request-Time with milliseconds but signs it "
       "without them", "REQ-APLUS-ACQP-SIGNS")(signing_piece("acquirer", "sign_request", _time_with_milliseconds))


# --- values ---------------------------------------------------------------------------------------------------------
def _blank_absent(message: dict[str, Any]) -> dict[str, Any]:
    return {key: _blank_absent(value) if isinstance(value, dict) else "" if value is None else value
            for key, value in message.items()}


def _blanks(finish: FinishFn) -> FinishFn:
    return lambda message: finish(_blank_absent(message))


defect("empty-string-for-absent", "Writes \"\" for absent optional values (a static code's paymentExpiryTime, "
       "a failed notification's paymentTime, ...)", "REQ-APLUS-ACQP-MESSAGES")(
    signing_piece("acquirer", "finish", _blanks))
defect("amounts-in-major-units", "Writes and reads Alipay+ riel amounts in major units (KHR 5000 as \"5000\")",
       "REQ-APLUS-ACQP-DECODE")(acquirer_piece("khr_digits", lambda _: lambda khr_minor_units: 0))


# --- codes and merchants --------------------------------------------------------------------------------------------
def _expiry_ignored(findings: Callable[[str, int], list[khqr.Finding]]) -> Callable[[str, int], list[khqr.Finding]]:
    return lambda qr, now: [f for f in findings(qr, now) if f.rule != "KHQR-EXPIRED"]


def _any_currency(qualified: Qualified) -> Qualified:
    return lambda merchant: qualified(dataclasses.replace(
        merchant, account=dataclasses.replace(merchant.account, currency="KHR")))


def _kyb_ignored(qualified: Qualified) -> Qualified:
    return lambda merchant: qualified(dataclasses.replace(merchant, kyb="PASSED"))


defect("new-request-id-per-decode", "Gives a dynamic code a new paymentRequestId each time it is decoded",
       "REQ-APLUS-ACQP-DECODE")(acquirer_piece("remembered", lambda _: lambda decoded, code_value, dynamic: None))
defect("decodes-expired-code", "Decodes (and takes payments of) a dynamic code after its expiry",
       "REQ-APLUS-ACQP-REFUSE")(acquirer_piece("findings", _expiry_ignored))
defect("reopens-paid-code", "Decodes a dynamic code already paid, and takes its payment again",
       "REQ-APLUS-ACQP-REFUSE")(acquirer_piece("closed", lambda _: lambda pushes: False))
defect("usd-merchant-credited", "Pays merchants holding a US dollar account",
       "REQ-APLUS-ACQP-KHR")(acquirer_piece("qualified", _any_currency))
defect("ignores-kyb", "Pays merchants whose KYB failed",
       "REQ-APLUS-ACQP-KHR")(acquirer_piece("qualified", _kyb_ignored))


# --- crediting ------------------------------------------------------------------------------------------------------
def _minor_units_as_major(amount: Decimal, khr_minor_units: int) -> Decimal:
    return amount * Decimal(10) ** khr_minor_units


def _md5_without_crc(crediting: PaymentRules) -> PaymentRules:
    return dataclasses.replace(crediting, md5=lambda qr: khqr.md5_hex(qr[:-8]))


defect("credits-minor-units", "Credits the merchant the minor-unit number as riel (100 times the amount)",
       "REQ-APLUS-ACQP-CREDIT")(acquirer_piece("credited_amount", lambda _: _minor_units_as_major))
defect("push-md5-without-crc", "Pays the merchant through Bakong under the md5 of the code without its CRC",
       "REQ-APLUS-ACQP-CREDIT")(acquirer_piece("crediting", _md5_without_crc))


# --- repeats and unknown outcomes ------------------------------------------------------------------------------------
def _credits_again(repeat: Repeat) -> Repeat:
    async def again(line: PushLine, push: PushPayment, now_ms: int) -> None:
        await repeat(line, push, now_ms)
        if push.status == SUCCEEDED:
            line.credit(push)
    return again


def _inconsistent_as_new(known: Known) -> Known:
    def find(pushes: Mapping[str, PushPayment], payment_id: str,
             fingerprint: tuple[str, str, str, str | None]) -> PushPayment | None:
        try:
            return known(pushes, payment_id, fingerprint)
        except Refused:
            return None
    return find


def _credit_at_once(line: PushLine, push: PushPayment, now_ms: int) -> None:
    if not push.credited:
        line.credit(push)


def _succeed_at_once(line: PushLine, push: PushPayment, now_ms: int) -> None:
    push.status, push.paid_at = SUCCEEDED, now_ms
    line.credit(push)


def _found_but_failed(payment_id: str) -> dict[str, Any]:
    return {"result": result("SUCCESS"), "paymentId": payment_id,
            "paymentResult": result("ORDER_NOT_EXIST", f"no payment {payment_id} was pushed")}


defect("double-credit-on-repeat", "Credits the merchant again when Alipay+ repeats a pushPayment",
       "REQ-APLUS-ACQP-IDEMPOTENT")(acquirer_piece("repeat", _credits_again))
defect("ignores-inconsistent-repeat", "Takes a pushPayment repeating a paymentId with another amount as a new "
       "payment", "REQ-APLUS-ACQP-IDEMPOTENT")(acquirer_piece("known", _inconsistent_as_new))
defect("credits-on-unknown", "Credits the merchant while Bakong's answer is unknown (and answers U)",
       "REQ-APLUS-ACQP-UNKNOWN")(acquirer_piece("unknown", lambda _: _credit_at_once))
defect("success-on-bakong-timeout", "Answers S (and credits the merchant) when Bakong's answer is unknown",
       "REQ-APLUS-ACQP-UNKNOWN")(acquirer_piece("unknown", lambda _: _succeed_at_once))
defect("inquiry-unknown-as-success", "Answers an inquiry about an unknown paymentId with result S and payment "
       "result F", "REQ-APLUS-ACQP-INQUIRY")(acquirer_piece("unknown_inquiry", lambda _: _found_but_failed))


# --- notifications and refunds ----------------------------------------------------------------------------------------
_retries = count(1)


def _new_retry_id(request_id: str) -> str:
    return f"{request_id.split('.')[0]}.{next(_retries)}"


defect("notify-with-u", "Notifies Alipay+ of a payment still in process (paymentResult U)",
       "REQ-APLUS-ACQP-NOTIFY")(acquirer_piece("notifiable", lambda _: lambda push: True))
defect("notify-not-resent", "Never sends a notification again, acknowledged or not",
       "REQ-APLUS-ACQP-NOTIFY")(acquirer_piece("still_due", lambda _: lambda acknowledged: False))
def _refunds_beyond_the_payment(behaviour: Behaviour) -> Behaviour:
    """Asks Alipay+ for any refund, and debits the merchant whatever Alipay+ answers."""
    anything = acquirer_piece("refundable", lambda _: lambda left, asked: True)
    return acquirer_piece("debits_on", lambda _: lambda status: status in ("S", "F"))(anything(behaviour))


defect("refund-above-original", "Refunds above what is left of the payment: asks Alipay+ anyway and debits the "
       "merchant even when Alipay+ refuses", "REQ-APLUS-ACQP-REFUND")(_refunds_beyond_the_payment)
defect("refund-retry-new-id", "Asks again about a refund without an answer under a new refundRequestId",
       "REQ-APLUS-ACQP-REFUND")(acquirer_piece("retry_id", lambda _: _new_retry_id))
