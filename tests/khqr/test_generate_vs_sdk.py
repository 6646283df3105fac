"""Differential tests: our generator against the official SDK (bakong-khqr 1.0.20) run as an oracle.

(a) ~2,400 seeded requests, one oracle subprocess: where the SDK returns a string, ours is byte-identical (or
refuses with a documented deviation rule the SDK's string really breaks); where the SDK refuses, ours refuses
with the same code and message. (b) Hand-written cases for every SDK code the generator raises, the SDK's
defects, the strict-policy deviations, golden strings and caller bugs.
"""

from __future__ import annotations

import json
import random
import re
from collections.abc import Callable
from typing import Any

import pytest
from sdk_oracle import run_oracle

from bakong_conformance.catalogue import rule as catalogue_rule
from bakong_conformance.khqr._generate import DEVIATIONS, Generated, GenerationRefused, _generate_as_sdk, generate
from bakong_conformance.khqr._tlv import to_units, unit_len

NOW = 1_727_000_000_000
SEED = 20_240_926
COUNT = 2_400

# --- (a) the seeded request generator ------------------------------------------------------------------------
LIMITS = {"bakongAccountID": 32, "accountInformation": 32, "merchantID": 32, "acquiringBank": 32,
          "merchantName": 25, "merchantCity": 15, "billNumber": 25, "mobileNumber": 25, "storeLabel": 25,
          "terminalLabel": 25, "purposeOfTransaction": 25, "languagePreference": 2,
          "merchantNameAlternateLanguage": 25, "merchantCityAlternateLanguage": 15, "upiMerchantAccount": 99}
OPTIONAL_TEXT = ("billNumber", "mobileNumber", "storeLabel", "terminalLabel", "purposeOfTransaction",
                 "languagePreference", "merchantNameAlternateLanguage", "merchantCityAlternateLanguage",
                 "upiMerchantAccount")
ALPHABETS = {"ascii": "ABCXYZabcxyz0189 -_.#", "khmer": "កខគឃងចឆជឈញ ស្មីនាំ", "chinese": "张三商店北京银行有限公司",
             "emoji": "😀🎉🇰🇭é"}
CURRENCIES = (("KHR", "USD", 116, 840, "116", "840", 840.0, None),
              ("0840", "EUR", "usd", "", 0, 116.5, "116.0", "84", 999, " 116", "0x74"))
AMOUNTS = ((100, 1, 1.5, 1.25, 10.0, 0.01, 9999999999.99, "100", "1.50", "1.5", 50000, 123.4, 5000.0, 0, "0", ""),
           (-5, 1.255, 0.1 + 0.2, 1234567890123.01, 1e21, "abc", " 10", "1e3", "-1", "0.00", "00", "12345678901234",
            1234567890123, "1.", ".5", "1.2.3", "0x10", "Infinity", 1e-7, "1e-3.5", "NaN.5", 2 ** 60, 1.005, "1.5a",
            "007"))
MCCS = (("5999", "0000", 5999, "5812", 0, ""),
        ("599", "abc", "-1", "59999", "0", "5", "12", " 599", "５９９９", 5999.0, 4.5))
EXPIRIES = ((NOW + 3_600_000, NOW, str(NOW + 60_000), "1.8e12", hex(NOW + 1_000_000), f" {NOW + 5} "),
            (NOW - 1, NOW - 86_400_000, 999_999_999_999, 10_000_000_000_000, "abc", 0, "0", "", NOW + 0.5,
             1.2345678e21, "1.7e12", None))
LANGUAGE = ("languagePreference", "merchantNameAlternateLanguage", "merchantCityAlternateLanguage")


def text(rng: random.Random, units: int) -> str:
    """A string of exactly ``units`` UTF-16 code units, from one alphabet (emoji count two)."""
    alphabet, out = ALPHABETS[rng.choice(tuple(ALPHABETS))], ""
    while unit_len(out) < units:
        ch = rng.choice(alphabet)
        out += ch if unit_len(out + ch) <= units else "a"
    return out


def length_for(rng: random.Random, key: str, p_bad: float) -> int:
    """Around the limit: 0, 1, max, max+1 or anything in between; over the limit with probability ``p_bad``."""
    limit = LIMITS[key]
    if rng.random() < p_bad:
        return rng.choice((0, limit + 1, limit + rng.randint(2, 9)))
    return rng.choice((1, limit, limit, rng.randint(1, limit), rng.randint(1, limit)))


def account_id(rng: random.Random, p_bad: float) -> str:
    """Mostly name@bank at lengths up to 32; sometimes empty, too long, without @ or with a bad shape."""
    if rng.random() < p_bad:
        return rng.choice(("", "nobank", "a@b@devb", "@devb", "name@", "x" * 28 + "@devb", "é" * 28 + "@dev"))
    size = rng.choice((6, 14, 32, rng.randint(6, 32)))
    return text(rng, size - 5).replace("@", "a") + "@devb"


def pick(rng: random.Random, request: dict[str, Any], key: str, p: float, pools: tuple[tuple[Any, ...], ...],
         p_odd: float) -> None:
    """Maybe set ``key``: from the odd pool with probability ``p_odd``, else from the usual values."""
    if rng.random() < p:
        request[key] = rng.choice(pools[1] if rng.random() < p_odd else pools[0])


def add_text(rng: random.Random, request: dict[str, Any], key: str, p: float, p_bad: float) -> None:
    if rng.random() < p:
        request[key] = rng.choice((None, text(rng, length_for(rng, key, p_bad)))) if rng.random() < 0.05 \
            else text(rng, length_for(rng, key, p_bad))


def seeded_request(rng: random.Random) -> dict[str, Any]:
    """One random request: both kinds, every field, lengths around every limit, odd amounts and codes."""
    kind, p_bad = rng.choice(("individual", "merchant")), rng.choice((0.0, 0.0, 0.03, 0.15))
    p_odd = rng.choice((0.0, 0.15, 0.5))
    request: dict[str, Any] = {"kind": kind, "now": NOW, "bakongAccountID": account_id(rng, p_bad)}
    add_text(rng, request, "merchantName", 1.0, p_bad)
    add_text(rng, request, "merchantCity", 0.7, p_bad)
    for key in ("merchantID", "acquiringBank") if kind == "merchant" else ("accountInformation", "acquiringBank"):
        add_text(rng, request, key, 0.97 if kind == "merchant" else 0.3, p_bad)
    for key in (*OPTIONAL_TEXT[:5], "upiMerchantAccount"):
        add_text(rng, request, key, 0.08 if key == "upiMerchantAccount" else 0.2, p_bad)
    add_language(rng, request, p_bad)
    pick(rng, request, "currency", 0.8, CURRENCIES, p_odd)
    pick(rng, request, "amount", 0.6, AMOUNTS, p_odd)
    pick(rng, request, "merchantCategoryCode", 0.3, MCCS, p_odd)
    pick(rng, request, "expirationTimestamp", 0.95 if "amount" in request else 0.1, EXPIRIES, p_odd / 2)
    return request


def add_language(rng: random.Random, request: dict[str, Any], p_bad: float) -> None:
    """Mostly a coherent language template (preference + name, maybe city); sometimes any subset."""
    roll = rng.random()
    keys = LANGUAGE[:2] + LANGUAGE[2:] * rng.randint(0, 1) if roll < 0.2 else \
        tuple(k for k in LANGUAGE if rng.random() < 0.5) if roll < 0.3 else ()
    for key in keys:
        add_text(rng, request, key, 1.0, p_bad)


def long_templates(rng: random.Random) -> dict[str, Any]:
    """A request aimed at the two-digit length limit: full tag 62 and/or a 32+32+32 merchant account."""
    request = {"kind": "merchant", "now": NOW, "bakongAccountID": "m" * 27 + "@devb", "merchantName": "Shop",
               "merchantID": text(rng, rng.choice((30, 32))), "acquiringBank": text(rng, rng.choice((31, 32)))}
    for key in OPTIONAL_TEXT[:5]:
        if rng.random() < 0.85:
            request[key] = text(rng, rng.choice((20, 25)))
    return request


def seeded_requests() -> list[dict[str, Any]]:
    rng = random.Random(SEED)
    return [long_templates(rng) if i % 20 == 0 else seeded_request(rng) for i in range(COUNT)]


# --- comparing one answer ---------------------------------------------------------------------------------------
ALIASES = {"KHR": 116, "USD": 840}


def sdk_item(request: dict[str, Any]) -> dict[str, Any]:
    """The oracle item; "KHR"/"USD" become 116/840 (our documented alias; the SDK itself refuses them: 28)."""
    currency = request.get("currency")
    alias = {"currency": ALIASES[currency]} if isinstance(currency, str) and currency in ALIASES else {}
    return {"op": "generate", **request, **alias}


def ours(request: dict[str, Any]) -> Generated | Exception:
    try:
        return generate(request)
    except ValueError as error:                 # GenerationRefused, or a caller bug the test does not expect
        return error


def top_level(qr: str) -> dict[str, str]:
    """Top-level values of a (possibly SDK-broken) KHQR, read until the first unreadable length."""
    units, values, pos = to_units(qr), {}, 0
    while pos + 4 <= len(units) and units[pos + 2:pos + 4].isdigit():
        size = int(units[pos + 2:pos + 4])
        values[units[pos:pos + 2]] = units[pos + 4:pos + 4 + size]
        pos += 4 + size
    return values


def _over_99(request: dict[str, Any], keys: tuple[str, ...]) -> bool:
    return sum(4 + unit_len(request[k]) for k in keys if request.get(k)) > 99


# Independent evidence that the SDK's string breaks the rule we refused with (test-side reading, not ours).
SDK_BREAKS: dict[str, Callable[[dict[str, Any], dict[str, str]], bool]] = {
    "KHQR-TEMPLATE-LENGTH": lambda r, t: _over_99(r, OPTIONAL_TEXT[:5])
    or _over_99(r, ("bakongAccountID", "merchantID", "accountInformation", "acquiringBank")),
    "KHQR-MCC-DIGITS": lambda r, t: re.fullmatch(r"[0-9]{1,3}", t.get("52", "")) is not None,
    "KHQR-ACCOUNT-ID-FORMAT": lambda r, t: re.fullmatch(r"[^@]+@[^@]+", r["bakongAccountID"]) is None,
    "KHQR-LANGUAGE-PREFERENCE-REQUIRED": lambda r, t: t.get("64", "").startswith("02"),
    "KHQR-AMOUNT-VALUE": lambda r, t: re.fullmatch(r"[0-9]+(\.[0-9]+)?", t["54"], re.ASCII) is None
    or not set(t["54"]) & set("123456789"),
    "KHQR-CURRENCY-LENGTH": lambda r, t: len(t["53"]) > 3,
}
DEVIATION_RULES = {d.rule for d in DEVIATIONS if d.rule}


def mismatch(request: dict[str, Any], sdk: dict[str, Any]) -> str | None:
    """Why our answer differs from the SDK's, or None when it agrees."""
    got = ours(request)
    if sdk.get("code") == 0 and sdk.get("qr") is not None:
        return _vs_success(request, sdk, got)
    if sdk.get("code") == 0:                    # the SDK's "success" without a string: the tag-64 TypeError
        return _vs_refusal(got, 37, "Language Preference cannot be null or empty", "KHQR-LANGUAGE-PREFERENCE-REQUIRED")
    if sdk.get("code") == 1:
        return _vs_refusal(got, sdk["errorCode"], sdk["message"])
    return f"unexpected SDK answer {sdk}"


def _vs_success(request: dict[str, Any], sdk: dict[str, Any], got: Generated | Exception) -> str | None:
    if isinstance(got, Generated):
        return None if (got.qr, got.md5) == (sdk["qr"], sdk["md5"]) else f"ours {got.qr}"
    if not isinstance(got, GenerationRefused) or got.rule not in DEVIATION_RULES:
        return f"ours {got!r}"
    if _generate_as_sdk(request).qr != sdk["qr"]:
        return f"as-SDK output differs: {_generate_as_sdk(request).qr}"
    return None if SDK_BREAKS[got.rule](request, top_level(sdk["qr"])) else f"SDK output does not break {got.rule}"


def _vs_refusal(got: Generated | Exception, code: int, message: str, rule: str | None = None) -> str | None:
    if not isinstance(got, GenerationRefused):
        return f"ours {got!r}"
    if (got.sdk_code, got.message) != (code, message) or (rule is not None and got.rule != rule):
        return f"ours {got.rule} {got.sdk_code} {got.message!r}"
    return None


def describe(sdk: dict[str, Any]) -> str:
    if sdk.get("code") == 1:
        return f"refused {sdk['errorCode']}"
    return f"qr {sdk.get('qr')}" if sdk.get("qr") else f"{sdk}"


def mismatch_table(rows: list[tuple[int, dict[str, Any], dict[str, Any], str]]) -> str:
    lines = [f"{len(rows)} of {COUNT} requests differ from the SDK (first 25):"]
    for index, request, sdk, why in rows[:25]:
        lines.append(f"#{index:<5} SDK: {describe(sdk)[:90]}\n       why: {why[:150]}\n"
                     f"       request: {json.dumps(request, ensure_ascii=False)[:300]}")
    return "\n".join(lines)


def test_generate_matches_sdk_on_seeded_requests() -> None:
    requests = seeded_requests()
    answers = run_oracle([sdk_item(r) for r in requests])
    rows = [(i, r, a, why) for i, (r, a) in enumerate(zip(requests, answers, strict=True))
            if (why := mismatch(r, a)) is not None]
    assert not rows, mismatch_table(rows)


def test_seeded_requests_reach_every_outcome() -> None:
    """The batch is not vacuous: many successes, the deviations, and most SDK codes occur."""
    outcomes = [ours(r) for r in seeded_requests()]
    codes = {o.sdk_code for o in outcomes if isinstance(o, GenerationRefused)}
    rules = {o.rule for o in outcomes if isinstance(o, GenerationRefused)}
    assert sum(isinstance(o, Generated) for o in outcomes) > COUNT // 4
    assert {1, 2, 3, 4, 6, 7, 10, 11, 12, 18, 19, 21, 28, 30, 32, 33, 34, 37, 38, 39, 40, 41, 42, 44, 45, 49, 50,
            51} <= codes
    assert rules >= DEVIATION_RULES


# --- (b) hand-written cases -------------------------------------------------------------------------------------
INDIVIDUAL = {"kind": "individual", "now": NOW, "bakongAccountID": "jonhsmith@devb", "merchantName": "Jonh Smith"}
MERCHANT = {**INDIVIDUAL, "kind": "merchant", "merchantID": "123456", "acquiringBank": "Dev Bank"}
DYNAMIC = {"amount": 500, "expirationTimestamp": NOW + 600_000}
FIVE_FULL_SUBS = {key: chr(65 + i) * 25 for i, key in enumerate(OPTIONAL_TEXT[:5])}

# id -> (request, rule, SDK code); the SDK must refuse with that code, ours with that rule and code.
REFUSALS: dict[str, tuple[dict[str, Any], str, int]] = {
    "1-account-empty": ({**INDIVIDUAL, "bakongAccountID": ""}, "KHQR-ACCOUNT-ID-REQUIRED", 1),
    "1-account-null": ({**MERCHANT, "bakongAccountID": None}, "KHQR-ACCOUNT-ID-REQUIRED", 1),
    "2-name-empty": ({**INDIVIDUAL, "merchantName": ""}, "KHQR-NAME-PRESENT", 2),
    "3-no-at": ({**INDIVIDUAL, "bakongAccountID": "jonhsmith"}, "KHQR-ACCOUNT-ID-FORMAT", 3),
    "4-khr-fraction": ({**INDIVIDUAL, **DYNAMIC, "amount": 1.5}, "KHQR-AMOUNT-DECIMALS", 4),
    "4-usd-3-decimals": ({**INDIVIDUAL, **DYNAMIC, "currency": 840, "amount": 1.234}, "KHQR-AMOUNT-DECIMALS", 4),
    "4-float-artefact": ({**INDIVIDUAL, **DYNAMIC, "currency": "840", "amount": 0.1 + 0.2},
                         "KHQR-AMOUNT-DECIMALS", 4),
    "4-14-digits": ({**INDIVIDUAL, **DYNAMIC, "amount": 12345678901234}, "KHQR-AMOUNT-LENGTH", 4),
    "4-usd-16-chars": ({**INDIVIDUAL, **DYNAMIC, "currency": 840, "amount": 1234567890123.01},
                       "KHQR-AMOUNT-LENGTH", 4),
    "4-negative": ({**INDIVIDUAL, **DYNAMIC, "amount": -5}, "KHQR-AMOUNT-LENGTH", 4),
    "4-khr-not-a-number": ({**INDIVIDUAL, **DYNAMIC, "amount": "abc"}, "KHQR-AMOUNT-VALUE", 4),
    "6-account-33": ({**INDIVIDUAL, "bakongAccountID": "a" * 28 + "@devb"}, "KHQR-ACCOUNT-ID-LENGTH", 6),
    "6-before-3": ({**INDIVIDUAL, "bakongAccountID": "a" * 33}, "KHQR-ACCOUNT-ID-LENGTH", 6),
    "7-name-26": ({**INDIVIDUAL, "merchantName": "n" * 26}, "KHQR-NAME-LENGTH", 7),
    "7-name-emoji-26-units": ({**INDIVIDUAL, "merchantName": "😀" * 13}, "KHQR-NAME-LENGTH", 7),
    "10-bill-26": ({**INDIVIDUAL, "billNumber": "b" * 26}, "KHQR-BILL-NUMBER", 10),
    "11-store-26": ({**INDIVIDUAL, "storeLabel": "s" * 26}, "KHQR-STORE-LABEL", 11),
    "12-terminal-26": ({**INDIVIDUAL, "terminalLabel": "t" * 26}, "KHQR-TERMINAL-LABEL", 12),
    "18-mcc-5-digits": ({**INDIVIDUAL, "merchantCategoryCode": "59999"}, "KHQR-MCC-LENGTH", 18),
    "19-currency-0840": ({**INDIVIDUAL, "currency": "0840"}, "KHQR-CURRENCY-LENGTH", 19),
    "21-city-16": ({**INDIVIDUAL, "merchantCity": "c" * 16}, "KHQR-CITY-LENGTH", 21),
    "28-eur": ({**INDIVIDUAL, "currency": "EUR"}, "KHQR-CURRENCY-VALUE", 28),
    "28-lower-usd": ({**INDIVIDUAL, "currency": "usd"}, "KHQR-CURRENCY-VALUE", 28),
    "28-number": ({**INDIVIDUAL, "currency": 978}, "KHQR-CURRENCY-VALUE", 28),
    "30-merchant-id-empty": ({**MERCHANT, "merchantID": ""}, "KHQR-MERCHANT-ID-REQUIRED", 30),
    "31-bank-missing": ({**MERCHANT, "acquiringBank": None}, "KHQR-ACQUIRING-BANK-REQUIRED", 31),
    "32-merchant-id-33": ({**MERCHANT, "merchantID": "9" * 33}, "KHQR-MERCHANT-ID-LENGTH", 32),
    "33-bank-33": ({**MERCHANT, "acquiringBank": "B" * 33}, "KHQR-ACQUIRING-BANK-LENGTH", 33),
    "33-individual-bank-33": ({**INDIVIDUAL, "acquiringBank": "B" * 33}, "KHQR-ACQUIRING-BANK-LENGTH", 33),
    "34-mobile-26": ({**INDIVIDUAL, "mobileNumber": "8" * 26}, "KHQR-MOBILE-NUMBER", 34),
    "35-account-info-33": ({**INDIVIDUAL, "accountInformation": "i" * 33}, "KHQR-ACCOUNT-INFO-LENGTH", 35),
    "38-preference-3": ({**INDIVIDUAL, "languagePreference": "khm", "merchantNameAlternateLanguage": "ចន"},
                        "KHQR-LANGUAGE-PREFERENCE", 38),
    "39-preference-alone": ({**INDIVIDUAL, "languagePreference": "km"}, "KHQR-LANGUAGE-NAME-REQUIRED", 39),
    "40-alt-name-26": ({**INDIVIDUAL, "languagePreference": "km", "merchantNameAlternateLanguage": "ន" * 26},
                       "KHQR-LANGUAGE-NAME-LENGTH", 40),
    "41-alt-city-16": ({**INDIVIDUAL, "languagePreference": "km", "merchantNameAlternateLanguage": "ចន",
                        "merchantCityAlternateLanguage": "ភ" * 16}, "KHQR-LANGUAGE-CITY-LENGTH", 41),
    "42-purpose-26": ({**INDIVIDUAL, "purposeOfTransaction": "p" * 26}, "KHQR-PURPOSE", 42),
    "43-upi-100": ({**INDIVIDUAL, "upiMerchantAccount": "u" * 100}, "KHQR-UPI-LENGTH", 43),
    "44-upi-usd": ({**INDIVIDUAL, "upiMerchantAccount": "1974011600520446ACLB10002312081", "currency": 840},
                   "KHQR-UPI-CURRENCY", 44),
    "45-no-expiry": ({**INDIVIDUAL, "amount": 500}, "KHQR-TIMESTAMP-REQUIRED", 45),
    "45-expiry-not-a-number": ({**INDIVIDUAL, **DYNAMIC, "expirationTimestamp": "abc"},
                               "KHQR-TIMESTAMP-REQUIRED", 45),
    "47-expiry-not-a-date": ({**INDIVIDUAL, **DYNAMIC, "expirationTimestamp": 1.2345678e21},
                             "KHQR-DYNAMIC-AMOUNT", 47),
    "49-expiry-12-digits": ({**INDIVIDUAL, **DYNAMIC, "expirationTimestamp": 999_999_999_999},
                            "KHQR-EXPIRY-LENGTH", 49),
    "50-expiry-past": ({**INDIVIDUAL, **DYNAMIC, "expirationTimestamp": NOW - 1}, "KHQR-EXPIRY-ORDER", 50),
    "51-mcc-letters": ({**INDIVIDUAL, "merchantCategoryCode": "abc"}, "KHQR-MCC-VALUE", 51),
    "51-mcc-negative": ({**INDIVIDUAL, "merchantCategoryCode": "-1"}, "KHQR-MCC-VALUE", 51),
    "order-account-before-name": ({**INDIVIDUAL, "bakongAccountID": "", "merchantName": ""},
                                  "KHQR-ACCOUNT-ID-REQUIRED", 1),
    "order-mcc-before-currency": ({**INDIVIDUAL, "merchantCategoryCode": "x", "currency": "EUR"},
                                  "KHQR-MCC-VALUE", 51),
    "order-amount-before-name": ({**INDIVIDUAL, **DYNAMIC, "amount": -1, "merchantName": ""},
                                 "KHQR-AMOUNT-LENGTH", 4),
    "order-bill-before-expiry": ({**INDIVIDUAL, "amount": 5, "billNumber": "b" * 26}, "KHQR-BILL-NUMBER", 10),
    "order-sdk-code-before-deviation": ({**INDIVIDUAL, "merchantCategoryCode": "599", "merchantName": ""},
                                        "KHQR-NAME-PRESENT", 2),
}

# id -> (request, rule, code): the SDK "succeeds" but ours refuses (a DEVIATIONS entry).
DEVIATION_CASES: dict[str, tuple[dict[str, Any], str, int | None]] = {
    "template-62-five-full-subs": ({**INDIVIDUAL, **FIVE_FULL_SUBS}, "KHQR-TEMPLATE-LENGTH", None),
    "template-30-32-32-32": ({**MERCHANT, "bakongAccountID": "m" * 27 + "@devb", "merchantID": "9" * 32,
                              "acquiringBank": "B" * 32}, "KHQR-TEMPLATE-LENGTH", None),
    "alt-name-without-preference": ({**INDIVIDUAL, **DYNAMIC, "merchantNameAlternateLanguage": "ចន ស្មីន"},
                                    "KHQR-LANGUAGE-PREFERENCE-REQUIRED", 37),
    "alt-city-alone": ({**INDIVIDUAL, "merchantCityAlternateLanguage": "ភ្នំពេញ"},
                       "KHQR-LANGUAGE-PREFERENCE-REQUIRED", 37),
    "mcc-3-digits": ({**INDIVIDUAL, "merchantCategoryCode": "599"}, "KHQR-MCC-DIGITS", None),
    "account-two-at": ({**INDIVIDUAL, "bakongAccountID": "a@b@devb"}, "KHQR-ACCOUNT-ID-FORMAT", 3),
    "amount-1e21": ({**INDIVIDUAL, **DYNAMIC, "amount": 1e21}, "KHQR-AMOUNT-VALUE", 4),
    "amount-usd-letters": ({**INDIVIDUAL, **DYNAMIC, "currency": 840, "amount": "abc"}, "KHQR-AMOUNT-VALUE", 4),
    "currency-116.5": ({**INDIVIDUAL, "currency": 116.5}, "KHQR-CURRENCY-LENGTH", 19),
}

PHP_MERCHANT_STATIC = ("00020101021130400014jonhsmith@nbcq01061234560208Dev Bank5204599953031165802KH5910Jonh Smith"
                       "6009Siem Reap621502118551234567863048C75")
LOW_CRC = ("00020101021129180014jonhsmith@devb5204599953031165802KH5910Jonh Smith6010Phnom Penh62120108INV-0286"
           "630400DC")
# id -> (request, expected qr or None to take the SDK's); ours must equal the SDK's string and md5.
GOLDEN: dict[str, tuple[dict[str, Any], str | None]] = {
    "php-merchant-static": ({**MERCHANT, "bakongAccountID": "jonhsmith@nbcq", "merchantCity": "Siem Reap",
                             "mobileNumber": "85512345678", "currency": "KHR"}, PHP_MERCHANT_STATIC),
    "crc-below-0x1000": ({**INDIVIDUAL, "billNumber": "INV-0286"}, LOW_CRC),
    "dynamic-usd-all-fields": ({**INDIVIDUAL, **DYNAMIC, "currency": "840", "amount": "1.5",
                                "accountInformation": "012345678", "acquiringBank": "Dev Bank",
                                "billNumber": "INV-1", "mobileNumber": "85512345678", "storeLabel": "Store",
                                "terminalLabel": "T1", "purposeOfTransaction": "Coffee", "languagePreference": "km",
                                "merchantNameAlternateLanguage": "ចន ស្មីន", "merchantCityAlternateLanguage": "ភ្នំពេញ",
                                "merchantCategoryCode": "5812"}, None),
    "emoji-two-units": ({**INDIVIDUAL, "merchantName": "Café 😀", "merchantCity": "北京"}, None),
    "amount-zero-string-is-static": ({**INDIVIDUAL, "amount": "0", "expirationTimestamp": "junk"}, None),
    "mcc-0000-upi-khr": ({**MERCHANT, "merchantCategoryCode": "0000",
                          "upiMerchantAccount": "1974011600520446ACLB10002312081"}, None),
    "expiry-string-hex": ({**INDIVIDUAL, **DYNAMIC, "currency": 840, "amount": 0.01,
                           "expirationTimestamp": hex(NOW + 1)}, None),
}
ALIAS_CASES = ("USD", "KHR")


def _cases() -> list[dict[str, Any]]:
    requests = [r for r, _, _ in (*REFUSALS.values(), *DEVIATION_CASES.values())] + [r for r, _ in GOLDEN.values()]
    aliases = [{**INDIVIDUAL, **DYNAMIC, "currency": c} for c in ALIAS_CASES]
    return [sdk_item(r) for r in requests + aliases] + [{"op": "generate", **r} for r in aliases]


@pytest.fixture(scope="module")
def sdk() -> dict[str, dict[str, Any]]:
    """The SDK's answer to every hand-written case (one oracle run), keyed by the case's JSON."""
    cases = _cases()
    return {json.dumps(c, sort_keys=True): a for c, a in zip(cases, run_oracle(cases), strict=True)}


def sdk_answer(sdk: dict[str, dict[str, Any]], request: dict[str, Any], *, raw: bool = False) -> dict[str, Any]:
    """The SDK's answer to ``request`` (with our currency aliases mapped unless ``raw``)."""
    return sdk[json.dumps({"op": "generate", **request} if raw else sdk_item(request), sort_keys=True)]


@pytest.mark.parametrize(("request_", "rule", "code"), REFUSALS.values(), ids=REFUSALS.keys())
def test_generate_refuses_like_the_sdk(sdk: dict[str, dict[str, Any]], request_: dict[str, Any], rule: str,
                                       code: int) -> None:
    answer = sdk_answer(sdk, request_)
    assert (answer["code"], answer["errorCode"]) == (1, code)
    with pytest.raises(GenerationRefused) as refused:
        generate(request_)
    assert (refused.value.rule, refused.value.sdk_code, refused.value.message) == (rule, code, answer["message"])


@pytest.mark.parametrize(("request_", "rule", "code"), DEVIATION_CASES.values(), ids=DEVIATION_CASES.keys())
def test_generate_refuses_what_the_sdk_gets_wrong(sdk: dict[str, dict[str, Any]], request_: dict[str, Any],
                                                  rule: str, code: int | None) -> None:
    answer = sdk_answer(sdk, request_)
    assert answer["code"] == 0
    if answer["qr"] is not None:                # the SDK's string, broken as documented
        assert _generate_as_sdk(request_).qr == answer["qr"]
    with pytest.raises(GenerationRefused) as refused:
        generate(request_)
    assert (refused.value.rule, refused.value.sdk_code) == (rule, code)
    assert rule in DEVIATION_RULES


def test_sdk_defects_show_as_documented(sdk: dict[str, dict[str, Any]]) -> None:
    """Three-digit lengths and the TypeError "success", as khqr.md §1.1 and §1.3 describe them."""
    assert "62145" in sdk_answer(sdk, DEVIATION_CASES["template-62-five-full-subs"][0])["qr"]
    assert "30108" in sdk_answer(sdk, DEVIATION_CASES["template-30-32-32-32"][0])["qr"]
    assert sdk_answer(sdk, DEVIATION_CASES["alt-name-without-preference"][0])["qr"] is None


@pytest.mark.parametrize(("request_", "expected"), GOLDEN.values(), ids=GOLDEN.keys())
def test_generate_reproduces_golden_strings(sdk: dict[str, dict[str, Any]], request_: dict[str, Any],
                                            expected: str | None) -> None:
    answer = sdk_answer(sdk, request_)
    assert generate(request_) == Generated(answer["qr"], answer["md5"])
    assert expected in (None, answer["qr"])


def test_golden_php_merchant_md5() -> None:
    generated = generate(GOLDEN["php-merchant-static"][0])
    assert generated == Generated(PHP_MERCHANT_STATIC, "3a1d545dfba97b39817bf43337e621ec")


def test_crc_below_0x1000_is_zero_padded() -> None:
    assert generate(GOLDEN["crc-below-0x1000"][0]).qr.endswith("630400DC")


@pytest.mark.parametrize("alias", ALIAS_CASES)
def test_currency_alias_matches_numeric_code(sdk: dict[str, dict[str, Any]], alias: str) -> None:
    """"USD"/"KHR" are our aliases: the SDK refuses them (28); ours equals the SDK's output for 840/116."""
    request_ = {**INDIVIDUAL, **DYNAMIC, "currency": alias}
    assert sdk_answer(sdk, request_, raw=True)["errorCode"] == 28
    numeric = sdk_answer(sdk, request_)
    assert generate(request_) == Generated(numeric["qr"], numeric["md5"])


@pytest.mark.parametrize("request_", [
    {**INDIVIDUAL, "kind": "person"},
    {**INDIVIDUAL, "colour": "red"},
    {**INDIVIDUAL, "merchantID": "123"},
    {**MERCHANT, "accountInformation": "123"},
    {**INDIVIDUAL, "mobileNumber": 85512345678},
    {**INDIVIDUAL, "amount": True},
    {**INDIVIDUAL, "amount": float("nan")},
    {**INDIVIDUAL, "currency": [840]},
    {**INDIVIDUAL, "merchantName": "bad \ud800"},
    {**INDIVIDUAL, "now": 1_727_000_000},
    {**INDIVIDUAL, "now": "1727000000000"},
], ids=["kind", "unknown-key", "merchant-id-on-individual", "account-info-on-merchant", "number-as-text",
        "bool", "nan", "list", "lone-surrogate", "now-seconds", "now-string"])
def test_caller_bugs_raise_value_error(request_: dict[str, Any]) -> None:
    with pytest.raises(ValueError, match=r".") as raised:
        generate(request_)
    assert not isinstance(raised.value, GenerationRefused)


def test_now_argument_wins_and_stamps_creation() -> None:
    request_ = {**INDIVIDUAL, **DYNAMIC, "now": NOW - 5}
    assert f"0013{NOW}" in generate(request_, now_ms=NOW).qr


def test_none_values_are_absent() -> None:
    assert generate({**INDIVIDUAL, "billNumber": None, "merchantCity": None}) == generate(INDIVIDUAL)


def test_deviations_are_documented_with_known_rules() -> None:
    for deviation in DEVIATIONS:
        assert all((deviation.input, deviation.sdk, deviation.ours, deviation.why))
        if deviation.rule is not None:
            assert catalogue_rule(deviation.rule).severity == "error"
    assert set(SDK_BREAKS) == DEVIATION_RULES


def test_refusal_messages_are_the_sdks(sdk: dict[str, dict[str, Any]]) -> None:
    """Every code ours raises carries the SDK's message text for it."""
    for request_, _, code in REFUSALS.values():
        with pytest.raises(GenerationRefused) as refused:
            generate(request_)
        assert refused.value.message == sdk_answer(sdk, request_)["message"], code


def test_oracle_verify_answers_and_survives_a_hang() -> None:
    """verify: the valid golden, a CRC error (8), and a template that hangs the SDK, in one batch."""
    hang = "0002010102112905hello5204599953031165802KH5901x6002PP6304E59C"
    answers = run_oracle([{"op": "verify", "qr": qr, "now": NOW} for qr in
                          (PHP_MERCHANT_STATIC, hang, PHP_MERCHANT_STATIC[:-1] + "6")], verify_timeout_ms=500)
    assert answers == [{"isValid": True, "errorCode": None}, {"hang": True}, {"isValid": False, "errorCode": 8}]
