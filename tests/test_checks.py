"""Every conformance check proves it can fail (STYLEGUIDE G5): a conforming answer passes, a faulty one fails.

The cases are two tables, ``PASSING`` and ``FAILING``, keyed by check name. The coverage tests read the check
registry, so a check registered without a passing and a failing case fails this module. Good KHQR come from the
codec; bad ones are the same KHQR with a data object changed and re-sealed with a correct CRC (or a CRC edit).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from typing import Any

import pytest
from alipay_check_cases import ALIPAY_FAILING, ALIPAY_PASSING
from alipay_wallet_check_cases import WALLET_FAILING, WALLET_PASSING
from check_case import Case, Reference
from payment_check_cases import PAYMENT_FAILING, PAYMENT_PASSING

from bakong_conformance import checks, khqr
from bakong_conformance.checks import REGISTRY
from bakong_conformance.checks._registry import statement
from bakong_conformance.checks._text import official_code
from bakong_conformance.errors import (
    ConformanceFailure,
    ContractViolation,
    FixtureNotFound,
    HarnessError,
    OutcomeMismatch,
    PayloadViolation,
)
from bakong_conformance.evidence import ReturnedCredential
from bakong_conformance.participant import IssueResult, ScanResult
from bakong_conformance.reference._rewrite import Objects, encode_all, inner_objects, objects_of, reseal, rewrite

NOW = 1_750_000_000_000
PYTHON_WORDS = re.compile(r"\b(None|True|False)\b|\{'|\['")
HELPERS = {"REGISTRY", "RegisteredCheck", "check", "checks_for", "amount_text",   # exported, but not checks
           "REFUSALS", "DOCUMENTED_PATHS"}

MERCHANT = {"kind": "merchant", "bakongAccountID": "coffee@aclb", "merchantName": "ស្រីពៅ", "merchantID": "MID-0042",
            "acquiringBank": "ACLEDA Bank", "currency": "USD", "amount": "1.50", "billNumber": "B-77",
            "storeLabel": "Riverside", "terminalLabel": "Till 2", "expirationTimestamp": NOW + 600_000}
STATIC = {"kind": "individual", "bakongAccountID": "john_smith@devb", "merchantName": "John Smith"}


def issue(request: dict[str, Any]) -> IssueResult:
    """What a conforming participant answers: the codec's KHQR and md5, or its refusal."""
    try:
        generated = khqr.generate(request, now_ms=NOW)
    except khqr.GenerationRefused as refused:
        return IssueResult(None, None, {"code": "KHQR_REFUSED", "message": refused.message, "rule": refused.rule,
                                        "sdkCode": refused.sdk_code})
    return IssueResult(generated.qr, generated.md5, None)


def in_template(tag: str, change: Callable[[Objects], Objects]) -> Callable[[Objects], Objects]:
    return lambda objects: [(t, encode_all(change(inner_objects(v))) if t == tag else v) for t, v in objects]


def without(sub: str) -> Callable[[Objects], Objects]:
    return lambda subs: [(t, v) for t, v in subs if t != sub]


def replaced(tag: str, value: str) -> Callable[[Objects], Objects]:
    return lambda objects: [(t, value if t == tag else v) for t, v in objects]


def in_utf8_lengths(qr: str) -> str:
    """``qr`` with every length (templates included) counted in UTF-8 bytes, re-sealed."""
    def utf8(value: str) -> int:
        return len(value.encode("utf-8"))
    objects = [(t, encode_all(inner_objects(v), utf8) if t in ("29", "30", "62", "64", "99") else v)
               for t, v in objects_of(qr)]
    return reseal(encode_all(objects, utf8))


def static_qr_whose_crc(test: Callable[[str], bool]) -> str:
    """The first static KHQR (bill number B0, B1, …) whose four CRC digits pass ``test``."""
    return next(qr for i in range(100_000) if test((qr := issue({**STATIC, "billNumber": f"B{i}"}).qr or "")[-4:]))


GOOD = issue(MERCHANT)                                   # dynamic USD 1.50, merchant, Khmer name, tag 62: 01 03 07
QR = GOOD.qr or ""
STATIC_QR = issue(STATIC).qr or ""
REFUSED = issue({**STATIC, "merchantName": "x" * 26})    # SDK code 7, KHQR-NAME-LENGTH
STRICT_REFUSED = issue({**STATIC, "merchantCategoryCode": "599"})   # no SDK code, KHQR-MCC-DIGITS
CRC = QR[-4:]
WRONG_CRC = QR[:-4] + ("0000" if CRC != "0000" else "FFFF")
PADDED = static_qr_whose_crc(lambda crc: crc[0] == "0" and crc[1:] != crc[1:].lower())
UNPADDED = PADDED[:-4] + PADDED[-3:]
CRC_6304 = static_qr_whose_crc(lambda crc: crc == "6304")   # a valid KHQR whose CRC reads "6304"
ONE_DECIMAL = rewrite(QR, replaced("54", "1.5"))
CRC_REASON = {"sdkCode": 8, "rule": "KHQR-CRC-MATCH", "message": "CRC is 0000"}
NO_TOKEN = ("no-authentication",)
ECHOED = [ReturnedCredential("getInfo", "header X-Debug-Token", "the participant's bearer token", "hex"),
          ReturnedCredential("scanKhqr", "the answer body", "an Open API token issued by the simulated Bakong")] * 2


PASSING = [
    Case("issued_not_refused", "issued", (GOOD,)),
    Case("issued_is_well_formed", "codec_output", (QR, NOW)),
    Case("lengths_count_utf16_units", "khmer_name_in_utf16_units", (QR,)),
    Case("crc_is_correct", "upper_case", (QR,)),
    Case("crc_is_correct", "leading_zero_kept", (PADDED,)),
    Case("issued_is_canonical", "sdk_order_of_tag_62", (QR, MERCHANT, NOW)),
    Case("carries_requested_details", "all_details", (QR, MERCHANT)),
    Case("carries_requested_details", "defaults_for_static", (STATIC_QR, STATIC)),
    Case("md5_is_of_whole_qr", "crc_included", (GOOD,)),
    Case("is_static", "no_amount_no_timestamp", (STATIC_QR,)),
    Case("is_dynamic_with_expiry", "creation_and_expiry", (QR, MERCHANT, NOW)),
    Case("merchant_has_id_and_bank", "both_present", (QR,)),
    Case("amount_written_for_currency", "two_decimals", (QR, "1.50")),
    Case("refused_with", "right_code_and_rule", (REFUSED, "code 7", "KHQR-NAME-LENGTH")),
    Case("refused_with", "stricter_than_sdk", (STRICT_REFUSED, "none, stricter than the SDK", "KHQR-MCC-DIGITS")),
    Case("accepted_with_details", "exactly_as_encoded", (ScanResult(True, khqr.decode(QR), None), QR)),
    Case("rejected_with", "right_code", (ScanResult(False, None, CRC_REASON), "code 8", "REQ-KHQR-ACC-CRC")),
    Case("rejected_with", "stricter_than_sdk", (ScanResult(False, None, {"sdkCode": None}),
                                                "none, stricter than the SDK")),
    Case("answers_only_with_token", "no_token", (Reference(lambda p: p.status_without_token(None)),)),
    Case("answers_only_with_token", "wrong_token", (Reference(lambda p: p.status_without_token("wrong")),)),
    Case("declares_capability", "issuer", (Reference(), "khqr-issuer")),
    Case("declares_capability", "any", (Reference(), None)),
    Case("answer_follows_contract", "info", (Reference(lambda p: p.info()),)),
    Case("answer_follows_contract", "issued", (GOOD,)),
    Case("answer_follows_contract", "refused", (REFUSED,)),
    Case("answer_follows_contract", "accepted", (ScanResult(True, khqr.decode(QR), None),)),
    Case("answer_follows_contract", "rejected", (ScanResult(False, None, CRC_REASON),)),
    Case("answers_carry_no_credentials", "none_returned", ([],)),
    *PAYMENT_PASSING,   # paying through Bakong, confirming orders (payment_check_cases)
    *ALIPAY_PASSING,    # acquiring for merchants paid by Alipay+ wallets (alipay_check_cases)
    *WALLET_PASSING,    # the wallet paying Alipay+ merchants (alipay_wallet_check_cases)
]

PV, OM, CV = PayloadViolation, OutcomeMismatch, ContractViolation
FAILING = [
    Case("issued_not_refused", "refused", (REFUSED,), OM, "REQ-KHQR-ISS-CONTENT", "Merchant Name Length is invalid"),
    Case("issued_is_well_formed", "malformed_template", (rewrite(QR, replaced("62", "0199x")), NOW), PV,
         "REQ-KHQR-ISS-WELL-FORMED", "KHQR-TEMPLATE-SYNTAX"),
    Case("issued_is_well_formed", "refused", (None, NOW), OM, "REQ-KHQR-ISS-WELL-FORMED", "a refusal"),
    Case("lengths_count_utf16_units", "khmer_name_in_utf8_bytes", (in_utf8_lengths(QR),), PV,
         "REQ-KHQR-ISS-LENGTH", "is not two digits"),
    Case("crc_is_correct", "wrong", (WRONG_CRC,), PV, "REQ-KHQR-ISS-CRC", f"Expected: {CRC}"),
    Case("crc_is_correct", "lower_case", (QR[:-4] + CRC.lower(),), PV, "REQ-KHQR-ISS-CRC", f"Actual: {CRC.lower()}"),
    Case("crc_is_correct", "not_zero_padded", (UNPADDED,), PV, "REQ-KHQR-ISS-CRC", f"Actual: {UNPADDED[-3:]}\n"),
    Case("crc_is_correct", "missing", (QR[:-8],), PV, "REQ-KHQR-ISS-CRC", "Actual: no CRC"),
    Case("issued_is_canonical", "tag_62_reordered", (rewrite(QR, in_template("62", lambda s: s[::-1])), MERCHANT,
                                                     NOW), PV, "REQ-KHQR-ISS-CANONICAL", "first difference"),
    Case("carries_requested_details", "store_label_dropped", (rewrite(QR, in_template("62", without("03"))),
                                                              MERCHANT), PV, "REQ-KHQR-ISS-CONTENT", "storeLabel"),
    Case("md5_is_of_whole_qr", "md5_without_crc", (IssueResult(QR, hashlib.md5(QR[:-8].encode()).hexdigest(), None),),
         PV, "REQ-KHQR-ISS-MD5", f"Actual: {hashlib.md5(QR[:-8].encode()).hexdigest()}"),
    Case("is_static", "with_timestamp", (rewrite(STATIC_QR, lambda o: [*o, ("99", f"0013{NOW}")]),), PV,
         "REQ-KHQR-ISS-STATIC-DYNAMIC", f"0013{NOW}"),
    Case("is_static", "with_amount", (QR,), PV, "REQ-KHQR-ISS-STATIC-DYNAMIC", "amount"),
    Case("is_dynamic_with_expiry", "without_expiry", (rewrite(QR, in_template("99", without("01"))), MERCHANT, NOW),
         PV, "REQ-KHQR-ISS-STATIC-DYNAMIC", "expirationTimestamp"),
    Case("merchant_has_id_and_bank", "bank_missing", (rewrite(QR, in_template("30", without("02"))),), PV,
         "REQ-KHQR-ISS-MERCHANT", "missing: acquiringBank"),
    Case("merchant_has_id_and_bank", "individual_template", (STATIC_QR,), PV, "REQ-KHQR-ISS-MERCHANT",
         "merchantID, acquiringBank, merchant account template"),
    Case("amount_written_for_currency", "one_decimal", (ONE_DECIMAL, "1.50"), PV, "REQ-KHQR-ISS-AMOUNT",
         "Actual: 1.5\n"),
    Case("refused_with", "wrong_code", (IssueResult(None, None, {**(REFUSED.refusal or {}), "sdkCode": 4}), "code 7",
                                        "KHQR-NAME-LENGTH"), OM, "REQ-KHQR-ISS-REFUSE", "official SDK code 4"),
    Case("refused_with", "wrong_rule", (REFUSED, "code 7", "KHQR-CITY-LENGTH"), OM, "REQ-KHQR-ISS-REFUSE",
         "rule KHQR-NAME-LENGTH"),
    Case("refused_with", "issued_instead", (GOOD, "code 7", "KHQR-NAME-LENGTH"), OM, "REQ-KHQR-ISS-REFUSE",
         f"a KHQR: {QR}"),
    Case("accepted_with_details", "amount_normalised",
         (ScanResult(True, {**khqr.decode(QR), "transactionAmount": "1.5"}, None), QR), PV, "REQ-KHQR-ACC-VALID",
         "transactionAmount"),
    Case("accepted_with_details", "rejected", (ScanResult(False, None, CRC_REASON), QR, "REQ-KHQR-ACC-DYNAMIC"), OM,
         "REQ-KHQR-ACC-DYNAMIC", 'rejected: "CRC is 0000"'),
    Case("rejected_with", "wrong_code", (ScanResult(False, None, {**CRC_REASON, "sdkCode": None}), "code 8",
                                         "REQ-KHQR-ACC-CRC"), OM, "REQ-KHQR-ACC-CRC", "official SDK code null"),
    Case("rejected_with", "accepted", (ScanResult(True, khqr.decode(WRONG_CRC), None), "code 8", "REQ-KHQR-ACC-CRC"),
         OM, "REQ-KHQR-ACC-CRC", "accepted, with a payment screen"),
    Case("answers_only_with_token", "no_authentication",
         (Reference(lambda p: p.status_without_token(None), NO_TOKEN),), OM, "REQ-API-AUTH", "HTTP 200"),
    Case("declares_capability", "capability_not_declared", (Reference(), "khqr-refunds"), OM, "REQ-API-CONTRACT",
         "Actual: khqr-issuer, khqr-acceptor"),
    Case("answer_follows_contract", "qr_without_md5", (IssueResult(QR, None, None),), CV, "REQ-API-CONTRACT",
         '"md5": null'),
    Case("answer_follows_contract", "rejected_without_reason", (ScanResult(False, None, None),), CV,
         "REQ-API-CONTRACT", '"accepted": false'),
    Case("answer_follows_contract", "info_without_participant", ({"apiVersion": "1.0"},), CV, "REQ-API-CONTRACT",
         '{"apiVersion": "1.0"}'),
    Case("answers_carry_no_credentials", "token_in_a_header_as_hex", (ECHOED,), OM, "REQ-API-NO-CREDENTIALS",
         "getInfo returned the participant's bearer token in header X-Debug-Token (hex); scanKhqr returned"),
    *PAYMENT_FAILING,
    *ALIPAY_FAILING,
    *WALLET_FAILING,
]

# Regressions: conforming answers these checks once failed.
REGRESSIONS = [
    Case("crc_is_correct", "crc_reading_6304", (CRC_6304,)),   # the CRC itself reads 6304
    Case("carries_requested_details", "usd_amount_given_as_1_00",   # the SDK writes "1.00" for the string "1.00"
         (issue({**MERCHANT, "amount": "1.00"}).qr, {**MERCHANT, "amount": "1.00"})),
]


def case_id(case: Case) -> str:
    return f"{case.check}__{case.variant}"


@pytest.mark.parametrize("name", sorted(REGISTRY))
def test_every_registered_check_has_a_passing_and_a_failing_case(name: str) -> None:
    assert name in {c.check for c in PASSING}, f"no known-good case for check {name}"
    assert name in {c.check for c in FAILING}, f"no known-bad case for check {name}"


def test_every_exported_check_is_registered_and_every_case_names_one() -> None:
    assert set(checks.__all__) - HELPERS == set(REGISTRY)
    assert {c.check for c in PASSING + FAILING + REGRESSIONS} <= set(REGISTRY)


@pytest.mark.parametrize("case", PASSING, ids=case_id)
def test_check_passes_a_conforming_answer(case: Case) -> None:
    case.run()


@pytest.mark.parametrize("case", FAILING, ids=case_id)
def test_check_fails_a_faulty_answer_with_its_requirement(case: Case) -> None:
    with pytest.raises(ConformanceFailure) as caught:
        case.run()
    failure = caught.value
    assert type(failure) is case.fails_with
    assert isinstance(failure, AssertionError)
    assert failure.requirement == case.requirement
    assert case.requirement in REGISTRY[case.check].requirements
    assert case.names in str(failure)


@pytest.mark.parametrize("case", FAILING, ids=case_id)
def test_a_failure_states_the_standard_in_json_words(case: Case) -> None:
    with pytest.raises(ConformanceFailure) as caught:
        case.run()
    text = str(caught.value)
    assert statement(case.requirement) in text.split("The standard requires: ", 1)[-1]
    assert not PYTHON_WORDS.search(text), f"Python words in a participant failure: {text}"


@pytest.mark.parametrize("case", REGRESSIONS, ids=case_id)
def test_check_passes_a_conforming_answer__regression(case: Case) -> None:
    assert not [f for f in khqr.validate(case.args[0], now_ms=NOW) if f.severity == "error"]
    case.run()


@pytest.mark.parametrize(("reason", "code"), [("code 7", 7), ("code 45", 45), ("none, stricter than the SDK", None),
                                             ("none, the SDK gives no code", None)])
def test_official_code_reads_the_reason_a_feature_names(reason: str, code: int | None) -> None:
    assert official_code(reason) == code


@pytest.mark.parametrize("reason", ["7", "Code 7", "code seven", "code ", "code -7", "none", ""])
def test_official_code_of_a_badly_written_reason_is_a_harness_error_not_a_failure(reason: str) -> None:
    with pytest.raises(FixtureNotFound) as caught:
        official_code(reason)
    assert isinstance(caught.value, HarnessError)
    assert not isinstance(caught.value, AssertionError)
    assert repr(reason) in str(caught.value)


def test_refused_with_a_badly_written_reason_is_broken_not_failed() -> None:
    with pytest.raises(FixtureNotFound):
        checks.refused_with(REFUSED, "seven", "KHQR-NAME-LENGTH")
