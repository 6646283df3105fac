"""Checks on what the participant issues: the KHQR it returns for a request, or its refusal.

Every check raises a :class:`~bakong_conformance.errors.ConformanceFailure` subclass whose title, expected and
actual values a non-engineer can read; none returns anything useful on success.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .. import khqr
from ..catalogue import requirement, rules
from ..errors import HarnessError, OutcomeMismatch, PayloadViolation
from ..khqr._generate import amount_text as _sdk_amount_text
from ..participant import IssueResult
from ._registry import check, statement
from ._text import findings_table, first_difference, official_code, reason_text, violation_if_any, words

__all__ = [
    "amount_text",
    "amount_written_for_currency",
    "carries_requested_details",
    "crc_is_correct",
    "is_dynamic_with_expiry",
    "is_static",
    "issued_is_canonical",
    "issued_is_well_formed",
    "issued_not_refused",
    "lengths_count_utf16_units",
    "md5_is_of_whole_qr",
    "merchant_has_id_and_bank",
    "refused_with",
]

_CLOCK_KEY = "sandboxNow"
_CURRENCY_CODE = {"KHR": "116", "USD": "840"}
_DEFAULT_CITY, _DEFAULT_MCC = "Phnom Penh", "5999"
_SAME_NAME_KEYS = ("bakongAccountID", "accountInformation", "merchantID", "acquiringBank", "billNumber",
                   "mobileNumber", "storeLabel", "terminalLabel", "purposeOfTransaction", "languagePreference",
                   "merchantNameAlternateLanguage", "merchantCityAlternateLanguage", "merchantName")


def _qr(qr: str | None, requirement_id: str) -> str:
    """The issued QR; a failure when the participant refused instead of issuing one."""
    if qr is None:
        raise OutcomeMismatch("The participant refused to issue a KHQR for valid details",
                              expected="a KHQR", actual="a refusal", requirement=requirement_id)
    return qr


def _details(request: Mapping[str, Any]) -> dict[str, Any]:
    """The request as KHQR details: without the sandbox clock, which is not a KHQR field."""
    return {k: v for k, v in request.items() if k != _CLOCK_KEY}


def _dynamic(request: Mapping[str, Any]) -> bool:
    return request.get("amount") not in (None, 0, "0", "")


def _read(qr: str, requirement_id: str) -> khqr.Payload:
    try:
        return khqr.read(qr)
    except khqr.DecodeError as error:
        raise PayloadViolation("The KHQR cannot be read as data objects", expected="a well-formed KHQR",
                               actual=str(error), requirement=requirement_id) from None


@check("REQ-KHQR-ISS-CONTENT")
def issued_not_refused(result: IssueResult) -> None:
    """The participant issued a KHQR (and did not refuse the valid details it was given)."""
    if result.refusal is not None:
        raise OutcomeMismatch("The participant refused to issue a KHQR for valid details",
                              expected="a KHQR and its md5", actual=f"refused: {reason_text(result.refusal)}",
                              requirement="REQ-KHQR-ISS-CONTENT")


@check("REQ-KHQR-ISS-WELL-FORMED")
def issued_is_well_formed(qr: str | None, now_ms: int) -> None:
    """No error finding of the structural rules listed for REQ-KHQR-ISS-WELL-FORMED."""
    rules = requirement("REQ-KHQR-ISS-WELL-FORMED").rules
    bad = [f for f in khqr.validate(_qr(qr, "REQ-KHQR-ISS-WELL-FORMED"), now_ms=now_ms)
           if f.severity == "error" and f.rule in rules]
    if bad:
        raise PayloadViolation("The issued KHQR is not well formed", expected="no structural finding",
                               actual=findings_table(bad) + f"\nKHQR: {qr}", requirement="REQ-KHQR-ISS-WELL-FORMED")


@check("REQ-KHQR-ISS-LENGTH")
def lengths_count_utf16_units(qr: str | None) -> None:
    """Every length reads back when counted in UTF-16 code units (JavaScript string length)."""
    try:
        khqr.read(_qr(qr, "REQ-KHQR-ISS-LENGTH"))
    except khqr.DecodeError as error:
        raise PayloadViolation("A length in the KHQR does not count UTF-16 code units",
                               expected="each length = the value's UTF-16 code units, as the official SDK writes",
                               actual=f"{error} (lengths in UTF-8 bytes or code points desynchronise the reader)"
                                      f"\nKHQR: {qr}", requirement="REQ-KHQR-ISS-LENGTH") from None


@check("REQ-KHQR-ISS-CRC")
def crc_is_correct(qr: str | None) -> None:
    """The KHQR ends with 6304 and the four upper-case hex digits of CRC-16/CCITT-FALSE over its UTF-8 bytes."""
    text = _qr(qr, "REQ-KHQR-ISS-CRC")
    at = text.rfind("6304", max(0, len(text) - 8), len(text) - 1)   # the CRC object's ID and length, 1-4 from the end
    cut = at + 4 if at >= 0 else len(text)
    expected, declared = khqr.crc_hex(text[:cut]), text[cut:]
    if declared != expected:
        raise PayloadViolation("The KHQR's CRC is wrong",
                               expected=f"{expected} (CRC-16/CCITT-FALSE over UTF-8 bytes, four upper-case hex digits)",
                               actual=declared or "no CRC", requirement="REQ-KHQR-ISS-CRC")


@check("REQ-KHQR-ISS-CANONICAL")
def issued_is_canonical(qr: str | None, request: Mapping[str, Any], now_ms: int) -> None:
    """The KHQR is exactly what the official SDK generates for the same details at the same time."""
    try:
        expected = khqr.generate(_details(request), now_ms=now_ms).qr
    except khqr.GenerationRefused as refused:
        raise HarnessError(f"fixture bug: the valid request is refused by the codec: {refused}") from refused
    actual = _qr(qr, "REQ-KHQR-ISS-CANONICAL")
    if actual != expected:
        raise PayloadViolation("The KHQR differs from the official SDK's encoding of the same details",
                               expected=expected, actual=f"{actual}\n{first_difference(expected, actual)}",
                               requirement="REQ-KHQR-ISS-CANONICAL")


def amount_text(amount: Any, currency: str) -> str:
    """How the official SDK writes ``amount`` in ``currency`` (the codec's own, SDK-identical formatting)."""
    return _sdk_amount_text(amount, currency)


def _expected_fields(request: Mapping[str, Any]) -> dict[str, str | None]:
    currency = str(request.get("currency") or "KHR")
    dynamic = _dynamic(request)
    fields: dict[str, str | None] = {key: request.get(key) or None for key in _SAME_NAME_KEYS}
    return fields | {
        "merchantType": "30" if request.get("kind") == "merchant" else "29",
        "merchantCity": request.get("merchantCity") or _DEFAULT_CITY,
        "merchantCategoryCode": str(request.get("merchantCategoryCode") or _DEFAULT_MCC),
        "transactionCurrency": _CURRENCY_CODE.get(currency, currency), "countryCode": "KH",
        "transactionAmount": amount_text(request["amount"], currency) if dynamic else None,
        "unionPayMerchant": request.get("upiMerchantAccount") or None,
        "expirationTimestamp": str(request["expirationTimestamp"]) if dynamic else None,
    }


@check("REQ-KHQR-ISS-CONTENT")
def carries_requested_details(qr: str | None, request: Mapping[str, Any]) -> None:
    """Every decoded field equals what was requested (defaults: city Phnom Penh, MCC 5999, KHR)."""
    decoded = khqr.decode(_qr(qr, "REQ-KHQR-ISS-CONTENT"))
    wrong = [(key, want, decoded.get(key)) for key, want in _expected_fields(request).items()
             if decoded.get(key) != want]
    violation_if_any(wrong, ("detail", "requested", "in the KHQR"), "The KHQR does not carry the requested details",
                     expected="every requested detail, as requested", requirement="REQ-KHQR-ISS-CONTENT",
                     after=f"\nKHQR: {qr}")


@check("REQ-KHQR-ISS-MD5")
def md5_is_of_whole_qr(result: IssueResult) -> None:
    """The reported md5 is the MD5 of the UTF-8 bytes of the whole KHQR, CRC included."""
    expected = khqr.md5_hex(_qr(result.qr, "REQ-KHQR-ISS-MD5"))
    if result.md5 != expected:
        raise PayloadViolation("The reported md5 is not the MD5 of the whole KHQR",
                               expected=f"{expected} (MD5 of the complete string, CRC included)",
                               actual=words(result.md5), requirement="REQ-KHQR-ISS-MD5")


_ELEMENT_HEADER = ("element", "expected", "in the KHQR")


def _static_problems(values: Mapping[str, str]) -> list[tuple[str, str, str]]:
    problems = [("initiation method", "11 (static)", values.get("01", "absent"))] if values.get("01") != "11" else []
    problems += [("amount", "absent", values["54"])] if "54" in values else []
    return problems + ([("timestamp", "absent", values["99"])] if "99" in values else [])


@check("REQ-KHQR-ISS-STATIC-DYNAMIC")
def is_static(qr: str | None) -> None:
    """A KHQR without an amount: initiation method 11, no amount, no timestamp template."""
    payload = _read(_qr(qr, "REQ-KHQR-ISS-STATIC-DYNAMIC"), "REQ-KHQR-ISS-STATIC-DYNAMIC")
    violation_if_any(_static_problems(payload.values), _ELEMENT_HEADER,
                     "The KHQR for details without an amount is not a static KHQR",
                     expected="a static KHQR: initiation method 11, no amount, no timestamp",
                     requirement="REQ-KHQR-ISS-STATIC-DYNAMIC")


@check("REQ-KHQR-ISS-STATIC-DYNAMIC")
def is_dynamic_with_expiry(qr: str | None, request: Mapping[str, Any], now_ms: int) -> None:
    """A KHQR with an amount: initiation method 12, the amount, created now and expiring when requested."""
    decoded = khqr.decode(_qr(qr, "REQ-KHQR-ISS-STATIC-DYNAMIC"))
    want = {"pointofInitiationMethod": "12", "creationTimestamp": str(now_ms),
            "expirationTimestamp": str(request.get("expirationTimestamp"))}
    wrong = [(key, value, decoded.get(key)) for key, value in want.items() if decoded.get(key) != value]
    wrong += [("transactionAmount", "present", None)] if decoded.get("transactionAmount") is None else []
    violation_if_any(wrong, _ELEMENT_HEADER,
                     "The KHQR for details with an amount is not a dynamic KHQR with its expiry",
                     expected="initiation method 12, the amount, creation and expiry times",
                     requirement="REQ-KHQR-ISS-STATIC-DYNAMIC")


@check("REQ-KHQR-ISS-MERCHANT")
def merchant_has_id_and_bank(qr: str | None) -> None:
    """A merchant KHQR uses the merchant template and carries a merchant ID and an acquiring bank."""
    decoded = khqr.decode(_qr(qr, "REQ-KHQR-ISS-MERCHANT"))
    missing = [key for key in ("merchantID", "acquiringBank") if not decoded.get(key)]
    missing += ["merchant account template"] if decoded.get("merchantType") != "30" else []
    if missing:
        raise PayloadViolation("The merchant KHQR lacks a merchant detail",
                               expected="merchant template with merchant ID and acquiring bank",
                               actual=f"missing: {', '.join(missing)}", requirement="REQ-KHQR-ISS-MERCHANT")


@check("REQ-KHQR-ISS-AMOUNT")
def amount_written_for_currency(qr: str | None, expected_amount_text: str) -> None:
    """The amount is written as the official SDK writes it for its currency (khqr.md §1.4)."""
    actual = khqr.decode(_qr(qr, "REQ-KHQR-ISS-AMOUNT")).get("transactionAmount")
    if actual != expected_amount_text:
        raise PayloadViolation("The amount is not written as the standard requires for its currency",
                               expected=f"{expected_amount_text} (riel: whole number; dollars: none or two decimals)",
                               actual=words(actual), requirement="REQ-KHQR-ISS-AMOUNT")


@check("REQ-KHQR-ISS-REFUSE")
def refused_with(result: IssueResult, official_reason: str, rule: str | None) -> None:
    """The participant refused, with the official SDK's code named by ``official_reason`` (``"code 7"``; any
    refusal when it is ``"none, stricter than the SDK"``) and, if it names a rule, the right one."""
    sdk_code = official_code(official_reason)
    demanded = [f"official SDK code {sdk_code}"] if sdk_code is not None else []
    demanded += [f"rule {rule} if it names one"] if rule is not None else []
    why = f" ({', '.join(demanded)})" if demanded else " (any reason)"
    requires = "; ".join(part for part in (_rule_statement(rule), statement("REQ-KHQR-ISS-REFUSE")) if part)
    if result.refusal is None:
        raise OutcomeMismatch("The participant issued a KHQR for details the standard does not allow",
                              expected="a refusal" + why, actual=f"a KHQR: {result.qr}",
                              requirement="REQ-KHQR-ISS-REFUSE", requires=requires)
    code, named = result.refusal.get("sdkCode"), result.refusal.get("rule")
    if (sdk_code is not None and code != sdk_code) or (named is not None and rule is not None and named != rule):
        raise OutcomeMismatch("The participant refused for the wrong reason", expected="a refusal" + why,
                              actual=reason_text(result.refusal), requirement="REQ-KHQR-ISS-REFUSE",
                              requires=requires)


def _rule_statement(rule_id: str | None) -> str:
    """A payload rule in one sentence with its source (empty for no rule or one the catalogue lacks)."""
    found = rules().get(rule_id or "")
    return "" if found is None else f"rule {found.id}: {found.title} (source: {found.source})"
