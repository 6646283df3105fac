"""The KHQR payload rules as small named checks, run in the official SDK's verification order.

Each check is a function ``(Context) -> Iterable[Finding]`` registered with the rule IDs it can report
(``catalogue/rules.toml``); registering an unknown or already-claimed rule ID fails at import. The registry's
order is the SDK's order (khqr.md §1.6): CRC, structure, dynamic-QR prerequisites, mandatory tags, then each
value in the order it appears in the string, then cross-field rules.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from ..catalogue import rules as catalogue_rules
from ._findings import Finding, finding
from ._payload import Payload
from ._tags import CANONICAL_ORDER, CURRENCY_KHR, CURRENCY_USD, FIELDS, KHQR_TAGS, POI_DYNAMIC, POI_STATIC, Field, Tag
from ._tlv import from_units

__all__ = ["CHECKS", "Context"]

Check = Callable[["Context"], Iterable[Finding]]
CHECKS: list[tuple[tuple[str, ...], Check, bool]] = []
_CLAIMED: set[str] = set()

_CRC_TAIL = re.compile(r"6304[0-9A-Fa-f]{4}\Z")
_DIGITS = re.compile(r"[0-9]+\Z", re.ASCII)
_AMOUNT = re.compile(r"([0-9]+)(?:\.([0-9]+))?\Z", re.ASCII)
_TIMESTAMP = re.compile(r"[0-9]{13}\Z", re.ASCII)
_JS_NUMBER = re.compile(r"\s*[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?\s*\Z", re.ASCII)


@dataclass(frozen=True, slots=True)
class Context:
    """What the checks look at: the payload, the CRC verdict and the clock (epoch ms)."""

    payload: Payload
    now_ms: int

    @property
    def poi(self) -> str | None:
        return self.payload.values.get(Tag.POINT_OF_INITIATION)

    @property
    def dynamic(self) -> bool:
        """Dynamic by its initiation method, or by carrying an amount (which makes it dynamic in KHQR)."""
        return self.poi == POI_DYNAMIC or Tag.TRANSACTION_AMOUNT in self.payload.values


def check(*rule_ids: str, in_string_order: bool = False) -> Callable[[Check], Check]:
    """Register a check for ``rule_ids``, in call order; each rule belongs to one check.

    Findings of consecutive ``in_string_order`` checks are merged in the order their tags appear in the
    payload, as the SDK validates each tag in string order (khqr.md §1.6 step 7).
    """
    known = catalogue_rules()

    def register(fn: Check) -> Check:
        for rule_id in rule_ids:
            if rule_id not in known or rule_id in _CLAIMED:
                raise ValueError(f"{fn.__name__}: rule {rule_id} is unknown or already claimed")
            _CLAIMED.add(rule_id)
        CHECKS.append((rule_ids, fn, in_string_order))
        return fn
    return register


# --- CRC (SDK step 1-2) -----------------------------------------------------------------------------------
@check("KHQR-CRC-FORMAT", "KHQR-CRC-MATCH", "KHQR-CRC-UPPERCASE")
def crc_matches_payload(ctx: Context) -> Iterator[Finding]:
    """The string ends with 6304 and the CRC of everything before the four digits, upper case."""
    from ._crc import crc16
    from ._tlv import utf8
    units = ctx.payload.units
    if len(units) < 12 or not _CRC_TAIL.search(units):
        yield finding("KHQR-CRC-FORMAT", Tag.CRC, "the payload does not end with 6304 and four hex digits")
        return
    declared, expected = units[-4:], f"{crc16(utf8(units[:-4])):04X}"
    if declared.upper() != expected:
        yield finding("KHQR-CRC-MATCH", Tag.CRC, f"CRC is {declared}, the payload's CRC is {expected}")
    elif declared != expected:
        yield finding("KHQR-CRC-UPPERCASE", Tag.CRC, f"CRC {declared} is not upper case")


# --- structure ------------------------------------------------------------------------------------------
@check("KHQR-TEMPLATE-SYNTAX")
def templates_are_well_formed(ctx: Context) -> Iterator[Finding]:
    """Every template's value is a complete sequence of data objects."""
    for error in ctx.payload.template_errors:
        yield finding("KHQR-TEMPLATE-SYNTAX", error.tag, str(error))


@check("KHQR-DUPLICATE-TAG")
def tags_are_unique(ctx: Context) -> Iterator[Finding]:
    """No ID repeats at the top level or inside a template."""
    yield from _duplicates([o.tag for o in ctx.payload.objects], "")
    for tag, inner in ctx.payload.sub_objects.items():
        yield from _duplicates([o.tag for o in inner], f"{tag}.")


def _duplicates(tags: list[str], prefix: str) -> Iterator[Finding]:
    seen: set[str] = set()
    for tag in tags:
        if tag in seen:
            yield finding("KHQR-DUPLICATE-TAG", prefix + tag, f"data object {prefix}{tag} appears more than once")
        seen.add(tag)


@check("KHQR-ORDER-FIRST", "KHQR-ORDER-LAST")
def header_first_crc_last(ctx: Context) -> Iterator[Finding]:
    """00 opens the payload and 63 closes it."""
    tags = [o.tag for o in ctx.payload.objects]
    if Tag.PAYLOAD_FORMAT_INDICATOR in tags and tags[0] != Tag.PAYLOAD_FORMAT_INDICATOR:
        yield finding("KHQR-ORDER-FIRST", "00", f"the first data object is {tags[0]}, not 00")
    if Tag.CRC in tags and tags[-1] != Tag.CRC:
        yield finding("KHQR-ORDER-LAST", "63", f"data object {tags[-1]} follows the CRC")


@check("KHQR-TIMESTAMP-ORDER")
def timestamp_after_initiation(ctx: Context) -> Iterator[Finding]:
    """99 after 01: placed earlier, the official SDK skips the expiry check."""
    tags = [o.tag for o in ctx.payload.objects]
    if Tag.TIMESTAMP in tags and Tag.POINT_OF_INITIATION in tags and \
            tags.index(Tag.TIMESTAMP) < tags.index(Tag.POINT_OF_INITIATION):
        yield finding("KHQR-TIMESTAMP-ORDER", "99", "the timestamp template comes before the initiation method")


@check("KHQR-ORDER-CANONICAL")
def tags_in_generator_order(ctx: Context) -> Iterator[Finding]:
    """Known tags follow the generator's order and sub-tags ascend (a warning: verify does not require it)."""
    slots = {tag: i for i, tag in enumerate(CANONICAL_ORDER)} | {"30": CANONICAL_ORDER.index("29")}
    known = [slots[o.tag] for o in ctx.payload.objects if o.tag in slots]
    if known != sorted(known):
        yield finding("KHQR-ORDER-CANONICAL", None, "data objects are not in the generator's order")
    for tag, inner in ctx.payload.sub_objects.items():
        subs = [o.tag for o in inner]
        if tag in KHQR_TAGS and subs != sorted(subs):
            yield finding("KHQR-ORDER-CANONICAL", tag, f"sub-objects of {tag} are not in ascending order")


@check("KHQR-ACCOUNT-SINGLE")
def one_account_template(ctx: Context) -> Iterator[Finding]:
    """Tag 29 or tag 30, not both."""
    values = ctx.payload.values
    if Tag.INDIVIDUAL_ACCOUNT in values and Tag.MERCHANT_ACCOUNT in values:
        yield finding("KHQR-ACCOUNT-SINGLE", "30", "both an individual (29) and a merchant (30) account")


# --- dynamic prerequisites (SDK steps 4-5) ----------------------------------------------------------------
@check("KHQR-DYNAMIC-AMOUNT")
def dynamic_has_amount(ctx: Context) -> Iterator[Finding]:
    """A dynamic KHQR carries an amount."""
    if ctx.poi == POI_DYNAMIC and Tag.TRANSACTION_AMOUNT not in ctx.payload.values:
        yield finding("KHQR-DYNAMIC-AMOUNT", "54", "a dynamic KHQR without a transaction amount")


@check("KHQR-TIMESTAMP-REQUIRED")
def dynamic_has_timestamp(ctx: Context) -> Iterator[Finding]:
    """A dynamic KHQR (or one with an amount) carries tag 99 (its expiry is checked with the other timestamps,
    where the SDK checks it: when it reaches tag 99)."""
    if ctx.dynamic and Tag.TIMESTAMP not in ctx.payload.values:
        yield finding("KHQR-TIMESTAMP-REQUIRED", "99", "a dynamic KHQR without a timestamp template")


# --- mandatory tags (SDK step 6, in its order) ----------------------------------------------------------
_MANDATORY = (("00", "KHQR-PFI-PRESENT", "payload format indicator"), ("29", "KHQR-ACCOUNT-REQUIRED",
              "merchant account information (29 or 30)"), ("52", "KHQR-MCC-PRESENT", "merchant category code"),
              ("53", "KHQR-CURRENCY-PRESENT", "transaction currency"), ("58", "KHQR-COUNTRY-PRESENT",
              "country code"), ("59", "KHQR-NAME-PRESENT", "merchant name"), ("60", "KHQR-CITY-PRESENT",
              "merchant city"))


@check(*(rule for _, rule, _ in _MANDATORY))
def mandatory_tags_present(ctx: Context) -> Iterator[Finding]:
    """Every mandatory data object is present (the CRC is covered by the CRC check)."""
    values = ctx.payload.values
    for tag, rule_id, name in _MANDATORY:
        present = bool(values.get(tag)) or (tag == "29" and "30" in values)
        if not present:
            yield finding(rule_id, tag, f"the {name} is missing" if tag not in values else f"the {name} is empty")


# --- values, in string order (SDK step 7) ----------------------------------------------------------------
# An empty value breaks this rule instead of the length rule (the SDK's "cannot be null or empty" codes);
# None leaves an empty value to the value check of that tag.
# Empty mandatory top-level values count as missing (mandatory_tags_present), as in the SDK's step 6.
_EMPTY_RULE: dict[str, str | None] = {
    "bakongAccountID": "KHQR-ACCOUNT-ID-REQUIRED", "merchantID": "KHQR-MERCHANT-ID-REQUIRED",
    "acquiringBank": "KHQR-ACQUIRING-BANK-REQUIRED", "pointofInitiationMethod": None,
    **{key: None for key in ("payloadFormatIndicator", "merchantCategoryCode", "transactionCurrency",
                             "countryCode", "merchantName", "merchantCity")},
}
_FORBIDDEN = {"transactionAmount": {"-"}}      # the SDK rejects any '-' in the amount under its length rule (4)
_MERCHANT_REQUIRED = {"merchantID": "KHQR-MERCHANT-ID-REQUIRED", "acquiringBank": "KHQR-ACQUIRING-BANK-REQUIRED"}
_CHECKED_ELSEWHERE = frozenset({"creationTimestamp", "expirationTimestamp"})   # only on dynamic QRs, below
_BOUND_RULES = tuple(dict.fromkeys(f.length_rule for f in FIELDS if f.key not in _CHECKED_ELSEWHERE))


@check(*_BOUND_RULES, "KHQR-ACCOUNT-ID-REQUIRED", "KHQR-MERCHANT-ID-REQUIRED", "KHQR-ACQUIRING-BANK-REQUIRED",
       in_string_order=True)
def values_within_bounds(ctx: Context) -> Iterator[Finding]:
    """Every value of the tag table is within its length bounds, and required sub-values are there."""
    payload, found = ctx.payload, []
    merchant = payload.account_tag == Tag.MERCHANT_ACCOUNT
    for field in _PLANS[merchant]:
        if not _plainly_within(payload, field):
            found += _bounds(payload, field, merchant)
    yield from (f for _, f in sorted(found, key=lambda pair: pair[0]))


def _fields_for(merchant: bool) -> tuple[Field, ...]:
    skip = {"accountInformation" if merchant else "merchantID", *_CHECKED_ELSEWHERE}
    return tuple(field for field in FIELDS if field.key not in skip)


_PLANS = {merchant: _fields_for(merchant) for merchant in (False, True)}


def _plainly_within(payload: Payload, field: Field) -> bool:
    """Fast path: the value is there and within bounds (False means: look closer, with :func:`_bounds`)."""
    tag = (payload.account_tag or "29") if field.sub is not None and field.tag in ("29", "30") else field.tag
    if field.sub is None:
        value = payload.values.get(tag)
        return value is None or (field.min_len <= len(value) <= field.max_len and field.key not in _FORBIDDEN)
    inner = payload.subs.get(tag)
    value = None if inner is None else inner.get(field.sub)
    return inner is None or (value is not None and field.min_len <= len(value) <= field.max_len)


def _bounds(payload: Payload, field: Field, merchant: bool) -> list[tuple[int, Finding]]:
    tag = (payload.account_tag or "29") if field.tag in ("29", "30") else field.tag
    if field.sub is not None and tag not in payload.subs:
        return []                       # template absent, or malformed and reported as such
    value = payload.values.get(tag) if field.sub is None else payload.subs[tag].get(field.sub)
    label, at = (tag if field.sub is None else f"{tag}.{field.sub}"), _offset_of(payload, tag)
    if value is None:
        missing = _missing_rule(field, merchant)
        return [(at, finding(missing, label, f"{field.key} is missing"))] if missing else []
    if field.min_len <= len(value) <= field.max_len and not (set(value) & _FORBIDDEN.get(field.key, set())):
        return []
    rule_id = _EMPTY_RULE.get(field.key, field.length_rule) if not value else field.length_rule
    if rule_id is None:
        return []
    return [(at, finding(rule_id, label, f"{field.key} {from_units(value)!r} is {len(value)} characters long "
                                         f"(allowed {field.min_len} to {field.max_len}, no {_FORBIDDEN.get(field.key)})"
                         if field.key in _FORBIDDEN else
                         f"{field.key} is {len(value)} characters long; allowed {field.min_len} to {field.max_len}"))]


def _missing_rule(field: Field, merchant: bool) -> str | None:
    if field.sub is None:
        return None                     # top-level presence: mandatory_tags_present
    return field.present_rule or (_MERCHANT_REQUIRED.get(field.key) if merchant else None)


def _offset_of(payload: Payload, tag: str) -> int:
    return payload.offsets.get(tag, 0)


@check("KHQR-PFI-VALUE", in_string_order=True)
def format_indicator_is_01(ctx: Context) -> Iterator[Finding]:
    """The payload format indicator is 01."""
    value = ctx.payload.values.get(Tag.PAYLOAD_FORMAT_INDICATOR)
    if value not in (None, "", "01") and len(value) <= 2:
        yield finding("KHQR-PFI-VALUE", "00", f"payload format indicator is {value!r}, not '01'")


@check("KHQR-POI-VALUE", "KHQR-POI-PRESENT", in_string_order=True)
def initiation_is_static_or_dynamic(ctx: Context) -> Iterator[Finding]:
    """The initiation method is 11 or 12; absent, it is accepted but not canonical."""
    poi = ctx.poi
    if poi is None:
        yield finding("KHQR-POI-PRESENT", "01", "no point of initiation method")
    elif poi not in (POI_STATIC, POI_DYNAMIC) and len(poi) <= 2:
        yield finding("KHQR-POI-VALUE", "01", f"point of initiation method is {poi!r}, not 11 or 12")


@check("KHQR-ACCOUNT-ID-FORMAT", in_string_order=True)
def account_id_is_name_at_bank(ctx: Context) -> Iterator[Finding]:
    """The Bakong account ID is name@bank with a single @."""
    tag = ctx.payload.account_tag
    account = ctx.payload.sub(tag, "00") if tag else None
    if account and len(account) <= 32:
        name, at, bank = account.partition("@")
        if not (name and at and bank) or "@" in bank:
            yield finding("KHQR-ACCOUNT-ID-FORMAT", f"{tag}.00", f"account ID {from_units(account)!r} is not name@bank")


@check("KHQR-MCC-VALUE", "KHQR-MCC-DIGITS", in_string_order=True)
def category_code_is_four_digits(ctx: Context) -> Iterator[Finding]:
    """The merchant category code is numeric and exactly four digits."""
    mcc = ctx.payload.values.get(Tag.MERCHANT_CATEGORY_CODE)
    if not mcc or len(mcc) > 4:
        return
    if not _DIGITS.match(mcc):
        yield finding("KHQR-MCC-VALUE", "52", f"merchant category code {from_units(mcc)!r} is not numeric")
    elif len(mcc) != 4:
        yield finding("KHQR-MCC-DIGITS", "52", f"merchant category code {mcc!r} is not four digits")


@check("KHQR-CURRENCY-VALUE", in_string_order=True)
def currency_is_khr_or_usd(ctx: Context) -> Iterator[Finding]:
    """The currency is 116 or 840."""
    currency = ctx.payload.values.get(Tag.TRANSACTION_CURRENCY)
    if currency and len(currency) <= 3 and currency not in (CURRENCY_KHR, CURRENCY_USD):
        yield finding("KHQR-CURRENCY-VALUE", "53", f"currency {from_units(currency)!r} is neither 116 nor 840")


@check("KHQR-AMOUNT-VALUE", "KHQR-AMOUNT-DECIMALS", "KHQR-AMOUNT-CANONICAL", in_string_order=True)
def amount_written_for_currency(ctx: Context) -> Iterator[Finding]:
    """The amount is a positive number with the decimals its currency allows, written canonically."""
    amount = ctx.payload.values.get(Tag.TRANSACTION_AMOUNT)
    if not amount or len(amount) > 13 or "-" in amount:
        return                          # KHQR-AMOUNT-LENGTH
    match = _AMOUNT.match(amount)
    if match is None or not any(ch in "123456789" for ch in amount):
        yield finding("KHQR-AMOUNT-VALUE", "54", f"amount {from_units(amount)!r} is not a positive decimal number")
        return
    yield from _amount_decimals(amount, match.group(1), match.group(2) or "",
                                ctx.payload.values.get(Tag.TRANSACTION_CURRENCY))


def _amount_decimals(amount: str, whole: str, fraction: str, currency: str | None) -> Iterator[Finding]:
    if currency == CURRENCY_KHR and fraction.strip("0"):
        yield finding("KHQR-AMOUNT-DECIMALS", "54", f"riel amount {amount} has a fraction")
    elif currency == CURRENCY_USD and len(fraction) > 2:
        yield finding("KHQR-AMOUNT-DECIMALS", "54", f"dollar amount {amount} has more than two decimals")
    elif _canonical_amount(whole, fraction, currency) != amount:
        yield finding("KHQR-AMOUNT-CANONICAL", "54",
                      f"amount {amount} is written {_canonical_amount(whole, fraction, currency)} by the generator")


def _canonical_amount(whole: str, fraction: str, currency: str | None) -> str:
    whole = whole.lstrip("0") or "0"
    if currency == CURRENCY_USD and fraction.strip("0"):
        return f"{whole}.{fraction.ljust(2, '0')}"
    return whole


@check("KHQR-COUNTRY-VALUE", in_string_order=True)
def country_is_cambodia(ctx: Context) -> Iterator[Finding]:
    """The country code is KH."""
    country = ctx.payload.values.get(Tag.COUNTRY_CODE)
    if country and len(country) <= 3 and country != "KH":
        yield finding("KHQR-COUNTRY-VALUE", "58", f"country code {from_units(country)!r} is not KH")


@check("KHQR-LANGUAGE-PREFERENCE-REQUIRED", "KHQR-LANGUAGE-NAME-REQUIRED", in_string_order=True)
def language_template_complete(ctx: Context) -> Iterator[Finding]:
    """A language template carries both the preference and the alternate-language merchant name."""
    subs = ctx.payload.subs.get(Tag.LANGUAGE_TEMPLATE)
    if subs is None:
        return
    if "00" not in subs:
        yield finding("KHQR-LANGUAGE-PREFERENCE-REQUIRED", "64.00", "language template without language preference")
    elif "01" not in subs:
        yield finding("KHQR-LANGUAGE-NAME-REQUIRED", "64.01", "language template without alternate-language name")


# --- timestamps (SDK tag-99 rule, applied whatever the tag order) -------------------------------------------
@check("KHQR-EXPIRY-LENGTH", "KHQR-CREATION-FORMAT", "KHQR-EXPIRY-ORDER", "KHQR-EXPIRED", "KHQR-TIMESTAMP-STATIC",
       in_string_order=True)
def timestamps_valid_and_current(ctx: Context) -> Iterator[Finding]:
    """A dynamic KHQR's expiry is 13 digits, not before its creation, and not past; a static one has none."""
    subs = ctx.payload.subs.get(Tag.TIMESTAMP)
    if subs is None:
        return
    if not ctx.dynamic:
        yield finding("KHQR-TIMESTAMP-STATIC", "99", "a static KHQR carries a timestamp template")
        return
    yield from _dynamic_timestamps(subs.get("00"), subs.get("01"), ctx.now_ms)


def _dynamic_timestamps(created: str | None, expiry: str | None, now_ms: int) -> Iterator[Finding]:
    if not expiry or not _JS_NUMBER.match(expiry) or not float(expiry):    # the SDK's Number(x) is 0 or NaN
        yield finding("KHQR-TIMESTAMP-REQUIRED", "99.01", "a dynamic KHQR without a usable expiry timestamp")
        return
    if not _TIMESTAMP.match(expiry):
        yield finding("KHQR-EXPIRY-LENGTH", "99.01", f"expiry {from_units(expiry)!r} is not 13 digits")
        return
    if created is not None and not _TIMESTAMP.match(created):
        yield finding("KHQR-CREATION-FORMAT", "99.00", f"creation time {from_units(created)!r} is not 13 digits")
    elif created is not None and int(expiry) < int(created):
        yield finding("KHQR-EXPIRY-ORDER", "99.01", f"expiry {expiry} is before creation {created}")
    if int(expiry) < now_ms:
        yield finding("KHQR-EXPIRED", "99.01", f"expired at {expiry}, now is {now_ms}")


# --- cross-field ----------------------------------------------------------------------------------------------
@check("KHQR-AMOUNT-DYNAMIC")
def amount_only_on_dynamic(ctx: Context) -> Iterator[Finding]:
    """An amount makes the KHQR dynamic: 01 must say 12."""
    if Tag.TRANSACTION_AMOUNT in ctx.payload.values and ctx.poi != POI_DYNAMIC:
        yield finding("KHQR-AMOUNT-DYNAMIC", "01", "a KHQR with an amount is not marked dynamic (12)")


@check("KHQR-UPI-CURRENCY")
def unionpay_not_in_dollars(ctx: Context) -> Iterator[Finding]:
    """A KHQR with a UnionPay account is not in USD."""
    values = ctx.payload.values
    if Tag.UNIONPAY in values and values.get(Tag.TRANSACTION_CURRENCY) == CURRENCY_USD:
        yield finding("KHQR-UPI-CURRENCY", "15", "a UnionPay merchant account with a USD amount")
