"""Per-rule truth table for ``validate``: every payload rule has a known-bad payload that breaks it and a
near-identical known-good payload that does not (style guide G5, G12).

Payloads are built from data objects with a correct CRC appended, so each case reads as the QR it is.
Adding a rule to ``catalogue/rules.toml`` without a case here fails
``test_every_rule_validate_can_report_has_a_case``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from bakong_conformance.catalogue import rules
from bakong_conformance.khqr import crc_hex, encode, primary_error, validate, verify

NOW = 1_750_000_000_000
CREATED = "1749999990000"
EXPIRES = "1750000600000"
VECTORS = Path(__file__).resolve().parents[2] / "fixtures" / "khqr" / "vectors" / "khqr-vectors.jsonl"

# Rules only the generator can break: a read payload cannot carry a 3-digit length.
GENERATION_ONLY = frozenset({"KHQR-UPI-LENGTH", "KHQR-TEMPLATE-LENGTH"})

Obj = tuple[str, str] | str      # (tag, value), or a raw fragment written as it is


def sub(*objects: tuple[str, str]) -> str:
    """The value of a template: its data objects, concatenated."""
    return "".join(encode(tag, value) for tag, value in objects)


def qr(*objects: Obj, crc: bool = True) -> str:
    """A payload made of ``objects``, closed by ``6304`` and its correct CRC (unless ``crc`` is False)."""
    body = "".join(o if isinstance(o, str) else encode(*o) for o in objects)
    return body + "6304" + crc_hex(body + "6304") if crc else body


_SLOT = {t: i for i, t in enumerate(("00", "01", "15", "29", "30", "52", "53", "54", "58", "59", "60", "62",
                                     "64", "99"))}


def edit(objects: tuple[tuple[str, str], ...], changes: dict[str, str | None]) -> tuple[tuple[str, str], ...]:
    """``objects`` with values replaced, dropped (None) or added in the generator's place."""
    out = [(t, changes.get(t, v)) for t, v in objects if changes.get(t, v) is not None]
    for tag, value in changes.items():
        if value is not None and tag not in dict(objects):
            at = next((i for i, (t, _) in enumerate(out) if _SLOT.get(t, 99) > _SLOT[tag]), len(out))
            out.insert(at, (tag, value))
    return tuple(out)


ACCOUNT = sub(("00", "jonhsmith@nbcq"))
MERCHANT_ACCOUNT = sub(("00", "jonhsmith@nbcq"), ("01", "123456"), ("02", "Dev Bank"))
STATIC = (("00", "01"), ("01", "11"), ("29", ACCOUNT), ("52", "5999"), ("53", "116"), ("58", "KH"),
          ("59", "Jonh Smith"), ("60", "Phnom Penh"))
DYNAMIC = (("00", "01"), ("01", "12"), ("29", ACCOUNT), ("52", "5999"), ("53", "840"), ("54", "1.50"),
           ("58", "KH"), ("59", "Jonh Smith"), ("60", "Phnom Penh"),
           ("99", sub(("00", CREATED), ("01", EXPIRES))))
MERCHANT = edit(STATIC, {"29": None, "30": MERCHANT_ACCOUNT})


def static(changes: dict[str, str | None] | None = None) -> str:
    """The static individual KHQR, edited."""
    return qr(*edit(STATIC, changes or {}))


def dynamic(changes: dict[str, str | None] | None = None) -> str:
    """The dynamic individual USD KHQR (valid at NOW), edited."""
    return qr(*edit(DYNAMIC, changes or {}))


def merchant(changes: dict[str, str | None] | None = None) -> str:
    """The static merchant KHQR, edited."""
    return qr(*edit(MERCHANT, changes or {}))


def padded(units: int) -> str:
    """The static KHQR padded with unknown tags 65, 66, ... to exactly ``units`` characters."""
    fillers: list[tuple[str, str]] = []
    while len(qr(*STATIC, *fillers)) < units:
        missing = units - len(qr(*STATIC, *fillers)) - 4
        fillers.append((str(65 + len(fillers)), "x" * max(0, min(99, missing))))
    return qr(*STATIC, *fillers)


@dataclass(frozen=True)
class Case:
    """A truth-table row: ``bad`` breaks ``rule`` (and only ``also`` besides); ``good`` breaks nothing."""

    rule: str
    severity: str
    sdk_code: int | None
    tag: str | None
    bad: str
    good: str
    also: frozenset[str] = field(default_factory=frozenset)
    now_bad: int = NOW
    now_good: int = NOW


def case(rule: str, severity: str, sdk_code: int | None, tag: str | None, bad: str, good: str, *,
         also: tuple[str, ...] = (), now_bad: int = NOW, now_good: int = NOW, id: str) -> object:
    row = Case(rule, severity, sdk_code, tag, bad, good, frozenset(also), now_bad, now_good)
    return pytest.param(row, id=id)


LONG_ID = "a" * 28 + "@nbcq"          # 33 characters
S26, S25, S16, S15 = "S" * 26, "S" * 25, "C" * 16, "C" * 15
UPI = "1974011600520446ACLB10002312081"
GOOD_CRC = static()                   # ends in 856B: has a letter to lower-case

CASES = [
    # --- input and structure
    case("KHQR-INPUT-SIZE", "error", None, None, padded(513), padded(512), id="input-513-units"),
    case("KHQR-TLV-SYNTAX", "error", None, "55", qr(*STATIC, "55xxab"), qr(*STATIC, ("55", "ab")),
         id="length-not-digits"),
    case("KHQR-TEMPLATE-SYNTAX", "error", None, "29", static({"29": "hello"}), static(), id="2905hello"),
    case("KHQR-TEMPLATE-SYNTAX", "error", None, "62", static({"62": "abc"}),
         static({"62": sub(("01", "abc"))}), id="6203abc"),
    case("KHQR-DUPLICATE-TAG", "error", None, "59", qr(*STATIC[:7], ("59", "Jonh Smith"), *STATIC[7:]),
         static(), id="top-level-59-twice"),
    case("KHQR-DUPLICATE-TAG", "error", None, "62.01", static({"62": sub(("01", "A"), ("01", "B"))}),
         static({"62": sub(("01", "A"), ("02", "B"))}), id="62.01-twice"),
    # --- CRC
    case("KHQR-CRC-FORMAT", "error", 8, "63", qr(*STATIC, crc=False), static(), id="missing-6304"),
    case("KHQR-CRC-MATCH", "error", 8, "63", GOOD_CRC[:-4] + "0000", GOOD_CRC, id="wrong-crc"),
    case("KHQR-CRC-UPPERCASE", "warning", None, "63", GOOD_CRC[:-4] + GOOD_CRC[-4:].lower(), GOOD_CRC,
         id="lower-case-crc"),
    # --- order
    case("KHQR-ORDER-FIRST", "error", None, "00", qr(STATIC[1], STATIC[0], *STATIC[2:]), static(),
         also=("KHQR-ORDER-CANONICAL",), id="00-not-first"),
    case("KHQR-ORDER-LAST", "error", None, "63", qr(*STATIC, ("63", "1234"), "6508"), static(),
         id="data-after-63"),
    case("KHQR-ORDER-CANONICAL", "warning", None, None, qr(*STATIC[:6], STATIC[7], STATIC[6]), static(),
         id="60-before-59"),
    case("KHQR-ORDER-CANONICAL", "warning", None, "62", static({"62": sub(("07", "T1"), ("01", "B1"))}),
         static({"62": sub(("01", "B1"), ("07", "T1"))}), id="62-subs-descending"),
    # --- header
    case("KHQR-PFI-PRESENT", "error", 23, "00", static({"00": None}), static(), id="missing-00"),
    case("KHQR-PFI-LENGTH", "error", 16, "00", static({"00": "001"}), static(), id="pfi-001"),
    case("KHQR-PFI-VALUE", "error", None, "00", static({"00": "02"}), static(), id="pfi-02"),
    case("KHQR-POI-PRESENT", "warning", None, "01", static({"01": None}), static(), id="missing-01"),
    case("KHQR-POI-LENGTH", "error", 17, "01", static({"01": "111"}), static(), id="poi-111"),
    case("KHQR-POI-VALUE", "error", 48, "01", static({"01": "13"}), static(), id="poi-13"),
    # --- dynamic QRs and timestamps
    case("KHQR-DYNAMIC-AMOUNT", "error", 47, "54", dynamic({"54": None}), dynamic(), id="dynamic-no-amount"),
    case("KHQR-AMOUNT-DYNAMIC", "error", None, "01", dynamic({"01": "11"}), dynamic(),
         id="amount-with-poi-11"),
    case("KHQR-TIMESTAMP-REQUIRED", "error", 45, "99", dynamic({"99": None}), dynamic(), id="dynamic-no-99"),
    case("KHQR-TIMESTAMP-REQUIRED", "error", 45, "99.01", dynamic({"99": sub(("00", CREATED))}), dynamic(),
         id="dynamic-legacy-99"),
    case("KHQR-TIMESTAMP-ORDER", "error", None, "99", qr(DYNAMIC[0], DYNAMIC[9], *DYNAMIC[1:9]), dynamic(),
         also=("KHQR-ORDER-CANONICAL",), id="99-before-01"),
    case("KHQR-TIMESTAMP-STATIC", "warning", None, "99", static({"99": sub(("00", CREATED))}), static(),
         id="static-legacy-99"),
    case("KHQR-CREATION-FORMAT", "error", None, "99.00",
         dynamic({"99": sub(("00", CREATED[:12]), ("01", EXPIRES))}), dynamic(), id="creation-12-digits"),
    case("KHQR-EXPIRY-LENGTH", "error", 49, "99.01",
         dynamic({"99": sub(("00", CREATED), ("01", EXPIRES[:12]))}), dynamic(), id="expiry-12-digits"),
    case("KHQR-EXPIRY-ORDER", "error", 50, "99.01",
         dynamic({"99": sub(("00", str(int(EXPIRES) + 1)), ("01", EXPIRES))}), dynamic(),
         id="expiry-before-creation"),
    case("KHQR-EXPIRED", "error", 46, "99.01", dynamic(), dynamic(), now_bad=int(EXPIRES) + 1,
         now_good=int(EXPIRES), id="expired-1ms-ago"),
    # --- merchant account
    case("KHQR-ACCOUNT-REQUIRED", "error", 5, "29", static({"29": None}), static(), id="missing-29-and-30"),
    case("KHQR-ACCOUNT-SINGLE", "error", None, "30", static({"30": MERCHANT_ACCOUNT}), static(),
         id="both-29-and-30"),
    case("KHQR-ACCOUNT-ID-REQUIRED", "error", 1, "29.00", static({"29": sub(("01", "012345678"))}),
         static({"29": sub(("00", "jonhsmith@nbcq"), ("01", "012345678"))}), id="29-without-00"),
    case("KHQR-ACCOUNT-ID-REQUIRED", "error", 1, "29.00", static({"29": sub(("00", ""))}), static(),
         id="29.00-empty"),
    case("KHQR-ACCOUNT-ID-LENGTH", "error", 6, "29.00", static({"29": sub(("00", LONG_ID))}),
         static({"29": sub(("00", LONG_ID[1:]))}), id="account-id-33"),
    case("KHQR-ACCOUNT-ID-FORMAT", "error", 3, "29.00", static({"29": sub(("00", "a@b@nbcq"))}),
         static({"29": sub(("00", "ab@nbcq"))}), id="several-at-signs"),
    case("KHQR-ACCOUNT-ID-FORMAT", "error", 3, "29.00", static({"29": sub(("00", "jonhsmith"))}), static(),
         id="no-at-sign"),
    case("KHQR-ACCOUNT-INFO-LENGTH", "error", 35, "29.01", static({"29": ACCOUNT + encode("01", "9" * 33)}),
         static({"29": ACCOUNT + encode("01", "9" * 32)}), id="account-info-33"),
    case("KHQR-MERCHANT-ID-REQUIRED", "error", 30, "30.01",
         merchant({"30": sub(("00", "jonhsmith@nbcq"), ("02", "Dev Bank"))}), merchant(),
         id="merchant-without-merchant-id"),
    case("KHQR-MERCHANT-ID-LENGTH", "error", 35, "30.01",
         merchant({"30": sub(("00", "jonhsmith@nbcq"), ("01", "1" * 33), ("02", "Dev Bank"))}),
         merchant({"30": sub(("00", "jonhsmith@nbcq"), ("01", "1" * 32), ("02", "Dev Bank"))}),
         id="merchant-id-33"),
    case("KHQR-ACQUIRING-BANK-REQUIRED", "error", 31, "30.02",
         merchant({"30": sub(("00", "jonhsmith@nbcq"), ("01", "123456"))}), merchant(),
         id="merchant-without-bank"),
    case("KHQR-ACQUIRING-BANK-REQUIRED", "error", 31, "29.02", static({"29": ACCOUNT + encode("02", "")}),
         static({"29": ACCOUNT + encode("02", "Dev Bank")}), id="individual-empty-bank"),
    case("KHQR-ACQUIRING-BANK-LENGTH", "error", 33, "30.02",
         merchant({"30": sub(("00", "jonhsmith@nbcq"), ("01", "123456"), ("02", "B" * 33))}),
         merchant({"30": sub(("00", "jonhsmith@nbcq"), ("01", "123456"), ("02", "B" * 32))}), id="bank-33"),
    case("KHQR-UPI-CURRENCY", "error", 44, "15", static({"15": UPI, "53": "840"}), static({"15": UPI}),
         id="unionpay-with-usd"),
    # --- category, currency, amount
    case("KHQR-MCC-PRESENT", "error", 25, "52", static({"52": None}), static(), id="missing-52"),
    case("KHQR-MCC-LENGTH", "error", 18, "52", static({"52": "59999"}), static(), id="mcc-5-digits"),
    case("KHQR-MCC-VALUE", "error", 51, "52", static({"52": "abc"}), static(), id="mcc-abc"),
    case("KHQR-MCC-VALUE", "error", 51, "52", static({"52": "-100"}), static({"52": "0100"}),
         id="mcc-negative"),
    case("KHQR-MCC-DIGITS", "error", None, "52", static({"52": "599"}), static({"52": "0599"}),
         id="mcc-3-digits"),
    case("KHQR-CURRENCY-PRESENT", "error", 9, "53", static({"53": None}), static(), id="missing-53"),
    case("KHQR-CURRENCY-LENGTH", "error", 19, "53", static({"53": "0840"}), static({"53": "840"}),
         id="currency-0840"),
    case("KHQR-CURRENCY-VALUE", "error", 28, "53", static({"53": "999"}), static({"53": "840"}),
         id="currency-999"),
    case("KHQR-AMOUNT-LENGTH", "error", 4, "54", dynamic({"54": "12345678901.50"}),
         dynamic({"54": "1234567890.50"}), id="amount-14-chars"),
    case("KHQR-AMOUNT-LENGTH", "error", 4, "54", dynamic({"54": ""}), dynamic(), id="amount-empty"),
    case("KHQR-AMOUNT-LENGTH", "error", 4, "54", dynamic({"54": "-1.50"}), dynamic(), id="amount-negative"),
    case("KHQR-AMOUNT-VALUE", "error", 4, "54", dynamic({"54": "abc"}), dynamic(), id="amount-abc"),
    case("KHQR-AMOUNT-VALUE", "error", 4, "54", dynamic({"54": "0"}), dynamic({"54": "1"}), id="amount-0"),
    case("KHQR-AMOUNT-DECIMALS", "error", 4, "54", dynamic({"53": "116", "54": "5000.5"}),
         dynamic({"53": "116", "54": "5000"}), id="khr-5000.5"),
    case("KHQR-AMOUNT-DECIMALS", "error", 4, "54", dynamic({"54": "1.234"}), dynamic({"54": "1.23"}),
         id="usd-1.234"),
    case("KHQR-AMOUNT-CANONICAL", "warning", None, "54", dynamic({"53": "116", "54": "5000.0"}),
         dynamic({"53": "116", "54": "5000"}), id="khr-5000.0"),
    case("KHQR-AMOUNT-CANONICAL", "warning", None, "54", dynamic({"54": "1.5"}), dynamic({"54": "1.50"}),
         id="usd-1.5"),
    # --- country, name, city
    case("KHQR-COUNTRY-PRESENT", "error", 26, "58", static({"58": None}), static(), id="missing-58"),
    case("KHQR-COUNTRY-LENGTH", "error", 20, "58", static({"58": "KHMR"}), static(), id="country-4-chars"),
    case("KHQR-COUNTRY-VALUE", "error", None, "58", static({"58": "KHM"}), static(), id="country-KHM"),
    case("KHQR-COUNTRY-VALUE", "error", None, "58", static({"58": "TH"}), static(), id="country-TH"),
    case("KHQR-NAME-PRESENT", "error", 2, "59", static({"59": None}), static(), id="missing-59"),
    case("KHQR-NAME-PRESENT", "error", 2, "59", static({"59": ""}), static(), id="empty-59"),
    case("KHQR-NAME-LENGTH", "error", 7, "59", static({"59": S26}), static({"59": S25}), id="name-26"),
    case("KHQR-CITY-PRESENT", "error", 27, "60", static({"60": None}), static(), id="missing-60"),
    case("KHQR-CITY-LENGTH", "error", 21, "60", static({"60": S16}), static({"60": S15}), id="city-16"),
    # --- additional data (62)
    *(case(rule, "error", code, f"62.{sub_id}", static({"62": sub((sub_id, S26))}),
           static({"62": sub((sub_id, S25))}), id=f"62.{sub_id}-26")
      for rule, code, sub_id in (("KHQR-BILL-NUMBER", 10, "01"), ("KHQR-MOBILE-NUMBER", 34, "02"),
                                 ("KHQR-STORE-LABEL", 11, "03"), ("KHQR-TERMINAL-LABEL", 12, "07"),
                                 ("KHQR-PURPOSE", 42, "08"))),
    case("KHQR-STORE-LABEL", "error", 11, "62.03", static({"62": sub(("03", ""))}),
         static({"62": sub(("03", "S"))}), id="62.03-empty"),
    # --- language template (64)
    case("KHQR-LANGUAGE-PREFERENCE", "error", 38, "64.00", static({"64": sub(("00", "kmr"), ("01", "ចន"))}),
         static({"64": sub(("00", "km"), ("01", "ចន"))}), id="preference-3-chars"),
    case("KHQR-LANGUAGE-PREFERENCE-REQUIRED", "error", 37, "64.00", static({"64": sub(("01", "ចន"))}),
         static({"64": sub(("00", "km"), ("01", "ចន"))}), id="64-with-01-without-00"),
    case("KHQR-LANGUAGE-PREFERENCE-REQUIRED", "error", 37, "64.00", static({"64": sub(("02", "ភ្នំពេញ"))}),
         static({"64": sub(("00", "km"), ("01", "ចន"), ("02", "ភ្នំពេញ"))}), id="64-with-only-02"),
    case("KHQR-LANGUAGE-NAME-REQUIRED", "error", 39, "64.01", static({"64": sub(("00", "km"))}),
         static({"64": sub(("00", "km"), ("01", "ចន"))}), id="64-with-00-without-01"),
    case("KHQR-LANGUAGE-NAME-LENGTH", "error", 40, "64.01",
         static({"64": sub(("00", "km"), ("01", "ក" * 26))}),
         static({"64": sub(("00", "km"), ("01", "ក" * 25))}), id="alternate-name-26"),
    case("KHQR-LANGUAGE-CITY-LENGTH", "error", 41, "64.02",
         static({"64": sub(("00", "km"), ("01", "ចន"), ("02", "ក" * 16))}),
         static({"64": sub(("00", "km"), ("01", "ចន"), ("02", "ក" * 15))}), id="alternate-city-16"),
]


def _rules_of(text: str, now: int) -> set[str]:
    return {f.rule for f in validate(text, now_ms=now)}


def test_every_rule_validate_can_report_has_a_case() -> None:
    tested = {param.values[0].rule for param in CASES}      # type: ignore[attr-defined]
    assert tested == set(rules()) - GENERATION_ONLY


def test_the_truth_table_pins_the_policy_table() -> None:
    for param in CASES:
        c: Case = param.values[0]                               # type: ignore[attr-defined]
        row = rules()[c.rule]
        assert (c.severity, c.sdk_code) == (row.severity, row.verify_code or row.sdk_code), c.rule


@pytest.mark.parametrize("c", CASES)
def test_known_bad_payload_breaks_its_rule_with_its_severity_code_and_tag(c: Case) -> None:
    hits = [f for f in validate(c.bad, now_ms=c.now_bad) if f.rule == c.rule]
    assert hits, f"{c.bad!r} does not break {c.rule}"
    assert {(f.severity, f.sdk_code, f.tag) for f in hits} == {(c.severity, c.sdk_code, c.tag)}


@pytest.mark.parametrize("c", CASES)
def test_known_bad_payload_breaks_no_other_rule(c: Case) -> None:
    assert _rules_of(c.bad, c.now_bad) == {c.rule} | c.also


@pytest.mark.parametrize("c", CASES)
def test_near_identical_good_payload_has_no_finding(c: Case) -> None:
    assert validate(c.good, now_ms=c.now_good) == []


@pytest.mark.parametrize("c", CASES)
def test_a_payload_is_valid_exactly_when_it_has_only_warnings(c: Case) -> None:
    only_warnings = all(rules()[r].severity == "warning" for r in {c.rule} | c.also)
    assert verify(c.bad, now_ms=c.now_bad).valid is only_warnings
    assert verify(c.good, now_ms=c.now_good).valid is True


def test_a_malformed_template_is_reported_without_hanging() -> None:
    # The official SDK loops forever on 2905hello; the reader consumes input at every step, so this returns.
    assert _primary(static({"29": "hello"})) == ("KHQR-TEMPLATE-SYNTAX", None)


def test_input_over_512_units_gives_a_single_input_size_finding() -> None:
    assert [f.rule for f in validate(padded(600) + "😀", now_ms=NOW)] == ["KHQR-INPUT-SIZE"]


# --- primary_error and the SDK's order --------------------------------------------------------------------
def _primary(text: str, now: int = NOW) -> tuple[str, int | None] | None:
    primary = primary_error(validate(text, now_ms=now))
    return None if primary is None else (primary.rule, primary.sdk_code)


def _vector(vector_id: str) -> dict[str, object]:
    with VECTORS.open(encoding="utf-8") as lines:
        return next(v for v in map(json.loads, lines) if v["id"] == vector_id)


def test_primary_error_is_the_sdk_code_for_the_npm_readme_vector() -> None:
    vector = _vector("npm-readme")
    assert _primary(str(vector["qr"]), int(str(vector["now"]))) == ("KHQR-TERMINAL-LABEL", 12)


def test_primary_error_is_none_when_there_are_only_warnings() -> None:
    assert primary_error(validate(static({"01": None, "52": "0599"}), now_ms=NOW)) is None


def test_primary_error_prefers_a_code_the_sdk_verify_raises_over_a_generator_only_code() -> None:
    # 30 without merchant ID (30, generator only) comes first, but the SDK's verify reports the 62.07 length.
    findings = validate(merchant({"30": sub(("00", "jonhsmith@nbcq"), ("02", "Dev Bank")),
                                  "62": sub(("07", S26))}), now_ms=NOW)
    assert [f.sdk_code for f in findings] == [30, 12]
    assert primary_error(findings) == findings[1]


def test_primary_error_falls_back_to_an_error_without_code() -> None:
    assert _primary(static({"58": "TH", "00": "02"})) == ("KHQR-PFI-VALUE", None)


def test_a_crc_mismatch_comes_before_every_other_finding() -> None:
    bad = static({"59": None, "52": "abc"})
    findings = validate(bad[:-4] + "0000", now_ms=NOW)
    assert findings[0].rule == "KHQR-CRC-MATCH"
    assert primary_error(findings) == findings[0]


def test_dynamic_prerequisites_come_before_missing_tags() -> None:
    # SDK §1.6: 47 and 45 (steps 4-5) before the first missing tag (step 6).
    findings = validate(dynamic({"54": None, "99": None, "52": None}), now_ms=NOW)
    assert [f.sdk_code for f in findings] == [47, 45, 25]


def test_missing_mandatory_tags_are_reported_in_the_sdk_order() -> None:
    findings = validate(qr(("01", "11")), now_ms=NOW)
    assert [f.sdk_code for f in findings] == [23, 5, 25, 9, 26, 2, 27]


def test_value_findings_follow_the_string_order() -> None:
    findings = validate(static({"52": "59999", "59": S26, "62": sub(("07", S26))}), now_ms=NOW)
    assert [f.sdk_code for f in findings] == [18, 7, 12]


@pytest.mark.parametrize(("changes", "sdk_code"), [
    pytest.param({"01": "13", "59": S26}, 48, id="poi-13-before-long-name"),
    pytest.param({"52": "abc", "59": S26}, 51, id="mcc-abc-before-long-name"),
    pytest.param({"53": "999", "59": S26}, 28, id="currency-999-before-long-name"),
])
def test_primary_error_is_the_first_tag_in_string_order_the_sdk_rejects(changes: dict[str, str | None],
                                                                        sdk_code: int) -> None:
    # SDK §1.6 step 7 validates each tag in string order, value and length together.
    primary = _primary(static(changes))
    assert primary is not None
    assert primary[1] == sdk_code


# Minimal payloads and the code the official SDK 1.0.20 gives each (every row checked with tests/khqr/sdk_oracle).
def _bug(reason: str) -> pytest.MarkDecorator:
    return pytest.mark.xfail(strict=True, reason=f"library differs from the SDK: {reason}")


_LEGACY_99 = sub(("00", CREATED))                      # creation only: the SDK's tag-99 rule gives 45 in place
SDK_CODES = [
    pytest.param(static({"01": ""}), 48, id="empty-01"),
    pytest.param(static({"58": ""}), 26, id="empty-58"),
    pytest.param(static({"59": ""}), 2, id="empty-59"),
    pytest.param(static({"60": ""}), 27, id="empty-60"),
    pytest.param(dynamic({"54": ""}), 4, id="empty-54"),
    pytest.param(dynamic({"54": "-1.50"}), 4, id="negative-amount"),
    pytest.param(dynamic({"99": sub(("00", CREATED), ("01", ""))}), 45, id="empty-expiry"),
    pytest.param(dynamic({"99": sub(("00", CREATED), ("01", "0"))}), 45, id="expiry-0"),
    pytest.param(dynamic({"99": _LEGACY_99}), 45, id="legacy-99-alone"),
    pytest.param(static({"29": ACCOUNT + encode("02", "")}), 31, id="empty-29.02"),
    pytest.param(static({"29": sub(("00", "jonhsmith"))}), 3, id="account-without-at"),
    pytest.param(static({"52": "abc", "59": S26}), 51, id="mcc-abc-then-long-name"),
    pytest.param(static({"00": ""}), 23, id="empty-00"),
    pytest.param(static({"52": ""}), 25, id="empty-52"),
    pytest.param(static({"53": ""}), 9, id="empty-53"),
    pytest.param(dynamic({"99": _LEGACY_99, "00": "001"}), 16, id="legacy-99-and-pfi-001"),
    pytest.param(dynamic({"99": _LEGACY_99, "59": None}), 2, id="legacy-99-and-no-name"),
    pytest.param(dynamic({"99": sub(("00", CREATED), ("01", EXPIRES[:11] + "@2"))}), 45, id="expiry-not-a-number"),
    pytest.param(merchant({"30": sub(("00", "jonhsmith@nbcq"), ("01", "1" * 33), ("02", "Dev Bank"))}), 35,
                 id="merchant-id-33"),
    pytest.param(qr(*STATIC[:6], STATIC[5], *STATIC[6:]), 2, id="58-twice-in-a-row",
                 marks=_bug("the SDK stops reading at a repeated ID (59 then missing: 2); we report "
                            "KHQR-DUPLICATE-TAG, which has no code")),
    pytest.param(qr(*STATIC[:4], "530311", *STATIC[5:]), 26, id="53-one-digit-short",
                 marks=_bug("a broken top-level length gives KHQR-TLV-SYNTAX without a code; the SDK reads on "
                            "and reports what it then misses")),
]


@pytest.mark.parametrize(("text", "sdk_code"), SDK_CODES)
def test_primary_error_is_the_sdk_code_for_a_minimal_payload(text: str, sdk_code: int) -> None:
    primary = _primary(text)
    assert primary is not None
    assert primary[1] == sdk_code
