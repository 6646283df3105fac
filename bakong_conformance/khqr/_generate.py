"""Generate a KHQR string byte for byte as the official SDK does, without its defects.

:func:`generate` takes the official SDK's field names (``bakong-khqr`` 1.0.20, ``IndividualInfo`` /
``MerchantInfo``) and returns the string and MD5 that ``generateIndividual`` / ``generateMerchant`` return for
the same input at the same ``Date.now()``. It checks in the SDK's order and refuses with the SDK's error code
and message, so a caller sees the code the SDK would report first.

It never emits a payload that the strict policy (``catalogue/rules.toml``, severity "error") rejects: where the
SDK would emit one (a three-digit length, a three-digit MCC, ``a@b@c`` …) or fails without a code, it refuses
with that rule instead, but only once every check of the SDK has passed, so that wherever the SDK refuses, the
code is the SDK's. Every such place is listed in :data:`DEVIATIONS` (input → SDK → ours → why).

Value semantics follow JavaScript, as the SDK sees the JSON a caller would send: lengths in UTF-16 code units;
optional values equal to ``None``, ``""`` or the number 0 are dropped; numbers print as ``String(number)``;
amounts, currencies, category codes and expiry timestamps may be numbers or strings and are read with
``Number`` / ``parseInt`` / ``parseFloat`` rules.

Exceptions::

    ValueError                  a caller bug: unknown ``kind`` or key, a key of the other kind, a value of the
    └── GenerationRefused       wrong type, a lone surrogate, ``now`` not 13-digit epoch ms;
                                the details are not a valid KHQR (``rule``, ``sdk_code``, ``message``)
"""

from __future__ import annotations

import math
import re
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Final

from ..catalogue import Rule
from ..catalogue import rule as catalogue_rule
from ._crc import crc_hex, md5_hex
from ._jsvalue import JsValue, js_empty, js_number, js_parse_float, js_parse_int, js_string, number_string, to_fixed_2
from ._tags import CURRENCY_KHR, CURRENCY_USD, FIELDS, POI_DYNAMIC, POI_STATIC, Field, Tag
from ._tlv import encode, unit_len

__all__ = ["DEVIATIONS", "Deviation", "Generated", "GenerationRefused", "generate"]


@dataclass(frozen=True, slots=True)
class Generated:
    """A generated KHQR: the string and the lower-case hex MD5 of its UTF-8 bytes."""

    qr: str
    md5: str


class GenerationRefused(ValueError):
    """Raised when the details cannot be encoded as a valid KHQR.

    ``rule`` is the payload rule (``catalogue/rules.toml``) the details break, ``sdk_code`` the official SDK's
    error code for this refusal (None where the SDK has none), ``message`` the SDK's message for that code
    (khqr.md §2), or ours where it has none; ``field`` names the request key at fault, when there is one.
    """

    def __init__(self, rule: str, sdk_code: int | None, message: str, field: str | None = None) -> None:
        self.rule, self.sdk_code, self.message, self.field = rule, sdk_code, message, field
        super().__init__(f"{message} [{rule}" + (f", {field}]" if field else "]"))


@dataclass(frozen=True, slots=True)
class Deviation:
    """One place where :func:`generate` knowingly differs from bakong-khqr 1.0.20."""

    input: str
    sdk: str
    ours: str
    why: str
    rule: str | None = None


DEVIATIONS: Final[tuple[Deviation, ...]] = (
    Deviation("a template value over 99 UTF-16 units: tag 62 with five 25-unit subs, tag 30 with 32+32+32",
              "success with a three-digit length (62145…, 30108…) its own verify rejects (24, 25)",
              "refused: KHQR-TEMPLATE-LENGTH, no SDK code", "EMVCo LEN is two digits", "KHQR-TEMPLATE-LENGTH"),
    Deviation("merchantNameAlternateLanguage without languagePreference",
              "status success whose qr is a TypeError object (no code, no string)",
              "refused: KHQR-LANGUAGE-PREFERENCE-REQUIRED, SDK code 37", "SDK defect, not a success",
              "KHQR-LANGUAGE-PREFERENCE-REQUIRED"),
    Deviation("merchantCityAlternateLanguage alone (no preference, no alternate name)",
              "success with tag 64 holding only sub 02", "refused: KHQR-LANGUAGE-PREFERENCE-REQUIRED, code 37",
              "a language template needs its preference (EMVCo)", "KHQR-LANGUAGE-PREFERENCE-REQUIRED"),
    Deviation("merchantCategoryCode of 1 to 3 digits (\"599\", \"0\")", "success (5203599)",
              "refused: KHQR-MCC-DIGITS, no SDK code", "ISO 18245 codes are four digits", "KHQR-MCC-DIGITS"),
    Deviation("bakongAccountID not name@bank (\"a@b@devb\", \"@devb\", \"name@\")", "success",
              "refused: KHQR-ACCOUNT-ID-FORMAT, SDK code 3", "exactly one @ between a name and a bank",
              "KHQR-ACCOUNT-ID-FORMAT"),
    Deviation("an amount the SDK writes as other than a positive decimal: 1e21 (1e+21), USD \"abc\", \" 10\", "
              "\"1e3\", \"NaN.5\" (NaN), \"1e-3.5\" (0.00), 1e-7 USD", "success with that text in tag 54",
              "refused: KHQR-AMOUNT-VALUE, SDK code 4", "EMVCo amounts are digits with an optional fraction",
              "KHQR-AMOUNT-VALUE"),
    Deviation("a non-integer numeric currency in [116, 117) or [840, 841), e.g. 116.5",
              "success with tag 53 = \"116.5\" (parseInt passes)", "refused: KHQR-CURRENCY-LENGTH, SDK code 19",
              "ISO 4217 numeric codes are three digits", "KHQR-CURRENCY-LENGTH"),
    Deviation("currency \"KHR\" or \"USD\" (exact upper case)", "refused, code 28",
              "accepted as 116 / 840", "the harness names currencies by ISO 4217 alpha code; \"usd\" is still 28"),
    Deviation("a text field given as a number, bool, object or array", "String(value), or a thrown string",
              "ValueError", "a caller bug in a typed API; the SDK skips length checks on numbers"),
    Deviation("a string holding a lone surrogate", "throws URIError from md5", "ValueError",
              "not text; cannot be UTF-8 encoded for the CRC"),
    Deviation("merchantID on an individual, accountInformation on a merchant", "silently dropped", "ValueError",
              "a caller bug: the field has no place in that template"),
    Deviation("now (the pinned clock) not a 13-digit epoch-ms integer", "not applicable (Date.now())", "ValueError",
              "the creation timestamp must be 13 digits (KHQR-CREATION-FORMAT)"),
)


# --- the SDK's messages, by code (khqr.md §2; errorCode.js of bakong-khqr 1.0.20) -------------------------
_SDK_MESSAGES: Final[dict[int, str]] = {
    1: "Bakong Account ID cannot be null or empty", 2: "Merchant name cannot be null or empty",
    3: "Bakong Account ID is invalid", 4: "Amount is invalid", 6: "Bakong Account ID Length is Invalid",
    7: "Merchant Name Length is invalid", 10: "Bill Name Length is invalid", 11: "Store Label Length is invalid",
    12: "Terminal Label Length is invalid", 18: "Merchant code Length is invalid",
    19: "Transaction currency Length is invalid", 21: "Merchant city Length is invalid",
    28: "Unsupported currency", 30: "Merchant ID cannot be null or empty",
    31: "Acquiring Bank cannot be null or empty", 32: "Merchant ID Length is invalid",
    33: "Acquiring Bank Length is invalid", 34: "Mobile Number Length is invalid",
    35: "Account Information Length is invalid", 37: "Language Preference cannot be null or empty",
    38: "Language Preference Length is invalid", 39: "Merchant Name Alternate Language cannot be null or empty",
    40: "Merchant Name Alternate Language Length is invalid",
    41: "Merchant City Alternate Language Length is invalid", 42: "Purpose of Transaction Length is invalid",
    43: "Upi Account Information Length is invalid", 44: "Upi Account Information Length does not accept USD",
    45: "Expiration timestamp is required for dynamic KHQR",
    47: "This dynamic KHQR has invalid field transaction amount", 49: "Expiration timestamp length is invalid",
    50: "Expiration timestamp is in the past", 51: "Invalid merchant category code",
}

# Rules refused outside the tag table's present/length columns. Resolved at import: an unknown ID fails here.
_EXTRA_RULES = ("KHQR-ACQUIRING-BANK-REQUIRED", "KHQR-ACCOUNT-ID-FORMAT", "KHQR-MCC-VALUE", "KHQR-MCC-DIGITS",
                "KHQR-CURRENCY-VALUE", "KHQR-UPI-CURRENCY", "KHQR-AMOUNT-DECIMALS", "KHQR-AMOUNT-VALUE",
                "KHQR-TEMPLATE-LENGTH", "KHQR-LANGUAGE-PREFERENCE-REQUIRED", "KHQR-LANGUAGE-NAME-REQUIRED",
                "KHQR-TIMESTAMP-REQUIRED", "KHQR-EXPIRY-ORDER", "KHQR-DYNAMIC-AMOUNT")
_RULES: Final[dict[str, Rule]] = {
    rule_id: catalogue_rule(rule_id)
    for rule_id in (*(f.length_rule for f in FIELDS), *(f.present_rule for f in FIELDS if f.present_rule),
                    *_EXTRA_RULES)
}


def _refusal(rule_id: str, field: str | None = None, detail: str = "") -> GenerationRefused:
    """The refusal for ``rule_id``: its SDK code and the SDK's message, or the rule's title and ``detail``."""
    code = _RULES[rule_id].sdk_code
    message = _SDK_MESSAGES[code] if code is not None else f"{_RULES[rule_id].title} ({detail})"
    return GenerationRefused(rule_id, code, message, field)


# --- the request ---------------------------------------------------------------------------------------------
_FIELD: Final[dict[str, Field]] = {f.key: f for f in FIELDS}
_TEXT_KEYS = frozenset({"bakongAccountID", "merchantName", "merchantCity", "merchantID", "acquiringBank",
                        "accountInformation", "billNumber", "mobileNumber", "storeLabel", "terminalLabel",
                        "purposeOfTransaction", "languagePreference", "merchantNameAlternateLanguage",
                        "merchantCityAlternateLanguage", "upiMerchantAccount"})
_NUMBER_KEYS = frozenset({"currency", "amount", "merchantCategoryCode", "expirationTimestamp"})
_ACCOUNT_TAG: Final[dict[str, str]] = {"individual": Tag.INDIVIDUAL_ACCOUNT, "merchant": Tag.MERCHANT_ACCOUNT}
# Constructor arguments: passed as given ("" included), never filtered like the optional values.
_POSITIONAL: Final[dict[str, frozenset[str]]] = {
    "individual": frozenset({"bakongAccountID", "merchantName", "merchantCity"}),
    "merchant": frozenset({"bakongAccountID", "merchantName", "merchantCity", "merchantID", "acquiringBank"}),
}
_OTHER_KIND_KEY: Final[dict[str, str]] = {"individual": "merchantID", "merchant": "accountInformation"}
_META_KEYS = frozenset({"kind", "now"})
_KEYS: Final[dict[str, frozenset[str]]] = {
    kind: (_TEXT_KEYS | _NUMBER_KEYS | _META_KEYS) - {other} for kind, other in _OTHER_KIND_KEY.items()}
_CURRENCY_ALIASES: Final[dict[str, int]] = {"KHR": int(CURRENCY_KHR), "USD": int(CURRENCY_USD)}
_SURROGATE = re.compile("[\ud800-\udfff]")
_EPOCH_MS_13 = range(10 ** 12, 10 ** 13)


class _Draft:
    """A KHQR being built: the request's values as the SDK holds them, the data objects emitted so far and
    the first strict-policy rule the output breaks (refused only if the SDK itself would not refuse first)."""

    __slots__ = ("currency", "dynamic", "merchant", "now", "parts", "strict", "values")

    def __init__(self, values: dict[str, Any], merchant: bool, now: int) -> None:
        self.values, self.merchant, self.now = values, merchant, now
        self.parts: list[str] = ["000201"]                       # 00: payload format indicator "01"
        self.strict: GenerationRefused | None = None
        self.currency = 0.0
        amount = values.get("amount")
        self.dynamic = amount is not None and js_number(amount) != 0    # JS `amount == 0` (NaN is dynamic)

    def emit(self, tag: str, value: str) -> None:
        """Append data object ``tag`` (as ``_tlv.encode``); over 99 units the SDK writes a three-digit length."""
        size = len(value) if value.isascii() else unit_len(value)
        if size > 99:
            self.defer("KHQR-TEMPLATE-LENGTH", None, f"tag {tag} value is {size} UTF-16 units")
        self.parts.append(f"{tag}{size:02d}{value}")

    def defer(self, rule_id: str, field: str | None = None, detail: str = "") -> None:
        """Record a strict-policy rule the output breaks although the SDK accepts it; the first one wins."""
        if self.strict is None:
            self.strict = _refusal(rule_id, field, detail)


def _read_request(request: Mapping[str, Any], now_ms: int | None) -> _Draft:
    """The request as the SDK's IndividualInfo / MerchantInfo holds it; ValueError on a caller bug."""
    kind = request.get("kind")
    if kind not in _ACCOUNT_TAG:
        raise ValueError(f"kind must be 'individual' or 'merchant', not {kind!r}")
    _check_keys(request, kind)
    positional, values = _POSITIONAL[kind], {}
    for key, value in request.items():
        if value is not None and key not in _META_KEYS:
            if value.__class__ is not str or not value.isascii():     # ASCII text needs no check
                _check_value(key, value)
            if key in positional or not js_empty(value):
                values[key] = value
    values["currency"] = _currency_input(values.get("currency"))
    return _Draft(values, kind == "merchant", _clock(now_ms if now_ms is not None else request.get("now")))


def _check_keys(request: Mapping[str, Any], kind: str) -> None:
    """ValueError for a key that is not an SDK field, or a field of the other kind that is not None."""
    for key in request.keys() - _KEYS[kind]:
        if key != _OTHER_KIND_KEY[kind]:
            raise ValueError(f"unknown request key {key!r}")
        if request[key] is not None:
            raise ValueError(f"{key} has no place in a {kind} KHQR")


def _check_value(key: str, value: object) -> None:
    """ValueError unless ``value`` is a string, or a finite number for the keys that take numbers."""
    if isinstance(value, str):
        if not value.isascii() and _SURROGATE.search(value):
            raise ValueError(f"{key} holds a lone surrogate")
    elif key in _TEXT_KEYS or isinstance(value, bool) or not isinstance(value, int | float) \
            or not math.isfinite(value):
        raise ValueError(f"{key} must be a string{'' if key in _TEXT_KEYS else ' or a finite number'}")


def _currency_input(value: JsValue | None) -> JsValue:
    """The currency the SDK sees: KHR (116) when absent; "KHR" and "USD" are our aliases for 116 and 840."""
    if value is None:
        return int(CURRENCY_KHR)
    return _CURRENCY_ALIASES.get(value, value) if isinstance(value, str) else value


def _clock(now: object) -> int:
    """The creation time in epoch ms: ``now`` if given (13 digits), else the wall clock."""
    if now is None:
        return time.time_ns() // 1_000_000
    if isinstance(now, bool) or not isinstance(now, int) or now not in _EPOCH_MS_13:
        raise ValueError(f"now must be epoch milliseconds of 13 digits, not {now!r}")
    return now


# --- the data objects, in the SDK's order of construction (= its order of checks) ---------------------------
def _bounded(field: Field, value: str, key: str) -> str:
    """``value`` if within the field's length; else the field's length rule (the SDK's length code)."""
    if (len(value) if value.isascii() else unit_len(value)) > field.max_len:
        raise _refusal(field.length_rule, key, f"{unit_len(value)} > {field.max_len}")
    return value


_INITIATION = {True: encode(Tag.POINT_OF_INITIATION, POI_DYNAMIC), False: encode(Tag.POINT_OF_INITIATION, POI_STATIC)}


def _initiation(draft: _Draft) -> None:
    """01: dynamic (12) when there is a non-zero amount, else static (11)."""
    draft.parts.append(_INITIATION[draft.dynamic])


def _unionpay(draft: _Draft) -> None:
    """15: the UnionPay merchant account, when given (≤ 99 units, code 43)."""
    value = draft.values.get("upiMerchantAccount")
    if value:
        draft.emit(Tag.UNIONPAY, _bounded(_FIELD["unionPayMerchant"], value, "upiMerchantAccount"))


_ACCOUNT_TEMPLATE_FIELDS = tuple(sorted((f for f in FIELDS if f.tag in (Tag.INDIVIDUAL_ACCOUNT, Tag.MERCHANT_ACCOUNT)),
                                         key=lambda f: f.sub or ""))      # 00, then 01, then 02
_ACCOUNT_FIELDS: Final[dict[bool, tuple[Field, ...]]] = {
    merchant: tuple(f for f in _ACCOUNT_TEMPLATE_FIELDS if f.key != _OTHER_KIND_KEY[kind])
    for merchant, kind in ((False, "individual"), (True, "merchant"))
}
_REQUIRED_IN_MERCHANT: Final[dict[str, str]] = {
    f.key: f.present_rule or "KHQR-ACQUIRING-BANK-REQUIRED" for f in _ACCOUNT_FIELDS[True]}


def _account(draft: _Draft) -> None:
    """29 (individual) or 30 (merchant): account ID, then account information or merchant ID, then bank."""
    body = ""
    for field in _ACCOUNT_FIELDS[draft.merchant]:
        value = _account_value(draft, field)
        if value is not None:
            body += encode(field.sub or "", value)
    draft.emit(Tag.MERCHANT_ACCOUNT if draft.merchant else Tag.INDIVIDUAL_ACCOUNT, body)


def _account_value(draft: _Draft, field: Field) -> str | None:
    """One sub-value: required ones (1, 30, 31) first, then its length, then the account ID's form."""
    value: str | None = draft.values.get(field.key)
    if not value and (draft.merchant or field.present_rule):
        raise _refusal(field.present_rule or _REQUIRED_IN_MERCHANT[field.key], field.key)
    if value is None:
        return None
    _bounded(field, value, field.key)
    if field.key == "bakongAccountID":
        _account_id_form(draft, value)
    return value


def _account_id_form(draft: _Draft, account: str) -> None:
    """The SDK wants an @ (code 3); the strict policy wants exactly one, with a name before and a bank after."""
    if "@" not in account:
        raise _refusal("KHQR-ACCOUNT-ID-FORMAT", "bakongAccountID")
    name, _, bank = account.partition("@")
    if not name or not bank or "@" in bank:
        draft.defer("KHQR-ACCOUNT-ID-FORMAT", "bakongAccountID")


_DEFAULT_MCC = "5999"
_DIGITS = re.compile(r"[0-9]+", re.ASCII)


def _category_code(draft: _Draft) -> None:
    """52: the given code or 5999; ≤ 4 units (18), digits only (51), and four of them (strict)."""
    raw = draft.values.get("merchantCategoryCode")
    code = _DEFAULT_MCC if raw is None else js_string(raw)
    _bounded(_FIELD["merchantCategoryCode"], code, "merchantCategoryCode")
    if not _DIGITS.fullmatch(code):
        raise _refusal("KHQR-MCC-VALUE", "merchantCategoryCode")
    if len(code) != 4:
        draft.defer("KHQR-MCC-DIGITS", "merchantCategoryCode", f"{code!r} is not four digits")
    draft.emit(Tag.MERCHANT_CATEGORY_CODE, code)


def _currency(draft: _Draft) -> None:
    """53: a string over 3 units (19); ``parseInt`` not 116 or 840 (28); written as ``String(currency)``."""
    raw = draft.values["currency"]
    if isinstance(raw, str):
        _bounded(_FIELD["transactionCurrency"], raw, "currency")
    text = js_string(raw)
    if text not in (CURRENCY_KHR, CURRENCY_USD):
        if js_parse_int(text) not in (116, 840):
            raise _refusal("KHQR-CURRENCY-VALUE", "currency")
        draft.defer("KHQR-CURRENCY-LENGTH", "currency", f"{text!r} is not three digits")   # 116.5 passes parseInt
    draft.currency = js_number(raw)
    draft.emit(Tag.TRANSACTION_CURRENCY, text)


def _unionpay_currency(draft: _Draft) -> None:
    """A UnionPay account with USD (currency == 840) is refused (44)."""
    if draft.values.get("upiMerchantAccount") and draft.currency == 840:
        raise _refusal("KHQR-UPI-CURRENCY", "upiMerchantAccount")


_POSITIVE_DECIMAL = re.compile(r"[0-9]*[1-9][0-9]*(?:\.[0-9]+)?|[0-9]+\.[0-9]*[1-9][0-9]*", re.ASCII)


def _amount(draft: _Draft) -> None:
    """54, dynamic only: KHR (currency == 116) integer, else at most two decimals; then ≤ 13 units, no '-'."""
    if not draft.dynamic:
        return
    raw = draft.values["amount"]
    text = _riel_amount(raw) if draft.currency == 116 else _dollar_amount(raw)
    if unit_len(text) > _FIELD["transactionAmount"].max_len or "-" in text:
        raise _refusal("KHQR-AMOUNT-LENGTH", "amount")
    if not _POSITIVE_DECIMAL.fullmatch(text):
        draft.defer("KHQR-AMOUNT-VALUE", "amount", f"{text!r} is not a positive decimal number")
    draft.emit(Tag.TRANSACTION_AMOUNT, text)


def _riel_amount(raw: JsValue) -> str:
    """KHR: ``amount % 1 == 0`` or code 4; written as the number (``Math.round`` of an integer)."""
    number = js_number(raw)
    if not math.isfinite(number):
        raise _refusal("KHQR-AMOUNT-VALUE", "amount")
    if not number.is_integer():
        raise _refusal("KHQR-AMOUNT-DECIMALS", "amount")
    return number_string(number)


def _dollar_amount(raw: JsValue) -> str:
    """Not KHR: over two characters after the first '.' is code 4; with a '.', ``parseFloat().toFixed(2)``."""
    text = js_string(raw)
    if "." not in text:
        return text
    if unit_len(text.split(".")[1]) > 2:
        raise _refusal("KHQR-AMOUNT-DECIMALS", "amount")
    return to_fixed_2(js_parse_float(text))


def amount_text(amount: JsValue, currency: str) -> str:
    """Tag 54 as the official SDK writes ``amount`` in ``currency`` ("KHR" or "USD"); ``GenerationRefused`` when
    the SDK would refuse it."""
    return _riel_amount(amount) if currency == "KHR" else _dollar_amount(amount)


_COUNTRY = encode(Tag.COUNTRY_CODE, "KH")


def _country(draft: _Draft) -> None:
    """58: always KH."""
    draft.parts.append(_COUNTRY)


def _name(draft: _Draft) -> None:
    """59: required (2), ≤ 25 units (7)."""
    value = draft.values.get("merchantName")
    if not value:
        raise _refusal("KHQR-NAME-PRESENT", "merchantName")
    draft.emit(Tag.MERCHANT_NAME, _bounded(_FIELD["merchantName"], value, "merchantName"))


_DEFAULT_CITY = "Phnom Penh"


def _city(draft: _Draft) -> None:
    """60: the given city or Phnom Penh; ≤ 15 units (21)."""
    value = draft.values.get("merchantCity") or _DEFAULT_CITY
    draft.emit(Tag.MERCHANT_CITY, _bounded(_FIELD["merchantCity"], value, "merchantCity"))


_ADDITIONAL_FIELDS = tuple(f for f in FIELDS if f.tag == Tag.ADDITIONAL_DATA)     # 01, 02, 03, 07, 08
_LANGUAGE_FIELDS = tuple(f for f in FIELDS if f.tag == Tag.LANGUAGE_TEMPLATE)     # 00, 01, 02


def _template(draft: _Draft, tag: str, fields: tuple[Field, ...]) -> None:
    """A template of the given sub-values, each within its length, in table order; omitted when empty."""
    body = "".join(encode(f.sub or "", _bounded(f, draft.values[f.key], f.key))
                   for f in fields if f.key in draft.values)
    if body:
        draft.emit(tag, body)


def _additional_data(draft: _Draft) -> None:
    """62: bill number (10), mobile (34), store (11), terminal (12), purpose (42), each ≤ 25 units."""
    _template(draft, Tag.ADDITIONAL_DATA, _ADDITIONAL_FIELDS)


def _language(draft: _Draft) -> None:
    """64: preference without name (39); name without preference (SDK TypeError; 37); city alone (strict 37)."""
    preference, name, city = (draft.values.get(f.key) for f in _LANGUAGE_FIELDS)
    if preference is not None and name is None:
        raise _refusal("KHQR-LANGUAGE-NAME-REQUIRED", "merchantNameAlternateLanguage")
    if name is not None and preference is None:
        raise _refusal("KHQR-LANGUAGE-PREFERENCE-REQUIRED", "languagePreference")
    if city is not None and name is None:
        draft.defer("KHQR-LANGUAGE-PREFERENCE-REQUIRED", "languagePreference", "tag 64 would hold only sub 02")
    _template(draft, Tag.LANGUAGE_TEMPLATE, _LANGUAGE_FIELDS)


_CREATION_SUB, _EXPIRY_SUB = _FIELD["creationTimestamp"].sub or "", _FIELD["expirationTimestamp"].sub or ""
_DATE_LIMIT = 8.64e15                                    # ECMAScript TimeClip: beyond it a Date is invalid


def _timestamp(draft: _Draft) -> None:
    """99, dynamic only: creation ``now`` and ``Number(expirationTimestamp)``: required and non-zero (45),
    13 characters (49), a valid date (47), not before creation (50)."""
    if not draft.dynamic:
        return
    expiry = js_number(draft.values.get("expirationTimestamp", 0))
    if expiry == 0 or math.isnan(expiry):
        raise _refusal("KHQR-TIMESTAMP-REQUIRED", "expirationTimestamp")
    text = number_string(expiry)
    if len(text) != 13:
        raise _refusal("KHQR-EXPIRY-LENGTH", "expirationTimestamp")
    if abs(expiry) > _DATE_LIMIT:
        raise _refusal("KHQR-DYNAMIC-AMOUNT", "expirationTimestamp")  # the SDK's code 47 for an invalid Date
    if expiry < draft.now:
        raise _refusal("KHQR-EXPIRY-ORDER", "expirationTimestamp")
    draft.emit(Tag.TIMESTAMP, encode(_CREATION_SUB, str(draft.now)) + encode(_EXPIRY_SUB, text))


_STEPS: Final[tuple[Callable[[_Draft], None], ...]] = (
    _initiation, _unionpay, _account, _category_code, _currency, _unionpay_currency, _amount, _country, _name,
    _city, _additional_data, _language, _timestamp,
)


def _build(request: Mapping[str, Any], now_ms: int | None) -> tuple[Generated, GenerationRefused | None]:
    """The SDK's output for ``request`` and the first strict-policy rule it breaks; raises the SDK's refusals."""
    draft = _read_request(request, now_ms)
    for step in _STEPS:
        step(draft)
    payload = "".join(draft.parts) + Tag.CRC + "04"
    qr = payload + crc_hex(payload)
    return Generated(qr, md5_hex(qr)), draft.strict


def generate(request: Mapping[str, Any], *, now_ms: int | None = None) -> Generated:
    """The KHQR for ``request`` (``kind`` "individual" | "merchant" plus the SDK's field names, optional ``now``).

    ``now_ms`` (else ``request["now"]``, else the wall clock) is the creation timestamp of a dynamic KHQR.
    Raises :class:`GenerationRefused` where the SDK refuses (same code, same order) and where its output would
    break the strict policy (see :data:`DEVIATIONS`); ``ValueError`` on a caller bug (module docstring).
    """
    generated, strict = _build(request, now_ms)
    if strict is not None:
        raise strict
    return generated


def _generate_as_sdk(request: Mapping[str, Any], *, now_ms: int | None = None) -> Generated:
    """What the SDK emits, strict-policy violations included (three-digit lengths, ``599``, ``a@b@c`` …).

    For differential tests and for building known-bad fixtures only; never hand its output to a participant.
    The SDK defects that yield no string (the tag-64 TypeError) and the input checks still raise.
    """
    return _build(request, now_ms)[0]
