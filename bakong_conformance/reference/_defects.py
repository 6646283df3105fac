"""Defect switches: named, deliberate non-conformances a real bank could ship.

Each defect is a function ``Behaviour -> Behaviour`` registered with the requirement IDs it violates; the payment
and order-confirmation defects each replace one piece of ``Behaviour.payments`` / ``Behaviour.orders``. The
certification suite must fail exactly those requirements when the switch is on (tests/selfcheck proves it).
Registering a duplicate name or an unknown requirement fails at import.
"""

from __future__ import annotations

import base64
import dataclasses
import hashlib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import anyio

from .. import khqr
from ..catalogue import requirements
from ..errors import ConfigurationError
from ._behaviour import Behaviour, IssueFn, correct_behaviour, scanner
from ._rewrite import Objects, encode_all, inner_objects, objects_of, reseal, rewrite

__all__ = ["DEFECTS", "Defect", "behaviour_with", "defects"]

Transform = Callable[[Behaviour], Behaviour]


@dataclass(frozen=True, slots=True)
class Defect:
    """A defect switch: ``name``, what it does, the requirements it ``violates``, and how it changes behaviour."""

    name: str
    description: str
    violates: tuple[str, ...]
    apply: Transform

    @property
    def capabilities(self) -> frozenset[str]:
        """The capabilities it touches: those of the requirements it violates (where its failures must show)."""
        return frozenset(requirements()[r].capability for r in self.violates)


DEFECTS: dict[str, Defect] = {}


def defect(name: str, description: str, *violates: str) -> Callable[[Transform], Transform]:
    """Register a defect switch."""
    def register(apply: Transform) -> Transform:
        unknown = [r for r in violates if r not in requirements()]
        if name in DEFECTS or unknown or not violates:
            raise ValueError(f"defect {name}: duplicate name or bad requirements {unknown}")
        DEFECTS[name] = Defect(name, description, violates, apply)
        return apply
    return register


def defects() -> tuple[Defect, ...]:
    """Every defect switch, in registration order."""
    return tuple(DEFECTS.values())


def behaviour_with(names: Iterable[str]) -> Behaviour:
    """The correct behaviour with the named defects switched on; ``ConfigurationError`` for unknown names."""
    behaviour = correct_behaviour()
    for name in names:
        if name not in DEFECTS:
            raise ConfigurationError(f"unknown defect {name!r}; see `bakong-conformance defects`")
        behaviour = DEFECTS[name].apply(behaviour)
    return behaviour


# --- building blocks --------------------------------------------------------------------------------------
def _post_qr(change: Callable[[str], str]) -> Transform:
    """A defect that post-processes every issued QR (the md5 stays consistent with what is returned)."""
    def apply(b: Behaviour) -> Behaviour:
        def issue(request: Mapping[str, Any], now_ms: int) -> khqr.Generated:
            qr = change(b.issue(request, now_ms).qr)
            return khqr.Generated(qr, khqr.md5_hex(qr))
        return dataclasses.replace(b, issue=issue)
    return apply


def _objects(change: Callable[[Objects], Objects]) -> Transform:
    return _post_qr(lambda qr: rewrite(qr, change))


def _template(tag: str, change: Callable[[Objects], Objects]) -> Transform:
    def outer(objects: Objects) -> Objects:
        return [(t, encode_all(change(inner_objects(v))) if t == tag else v) for t, v in objects]
    return _objects(outer)


def _ignoring(*rules: str) -> Transform:
    """A scanner that does not apply ``rules``."""
    def apply(b: Behaviour) -> Behaviour:
        def findings(qr: str, now_ms: int) -> list[khqr.Finding]:
            return [f for f in b.findings(qr, now_ms) if f.rule not in rules]
        return dataclasses.replace(b, findings=findings, scan=scanner(findings))
    return apply


def _value(objects: Objects, tag: str) -> str | None:
    return next((v for t, v in objects if t == tag), None)


# --- issuing ------------------------------------------------------------------------------------------------
def _crc_code_points(text: str) -> str:
    crc = 0xFFFF
    for ch in text:                    # feeds code points, not UTF-8 bytes
        crc ^= (ord(ch) << 8) & 0xFFFF
        for _ in range(8):
            crc = ((crc << 1) ^ 0x1021) & 0xFFFF if crc & 0x8000 else (crc << 1) & 0xFFFF
    return f"{crc:04X}"


defect("crc-over-code-points", "Computes the CRC over Unicode code points instead of UTF-8 bytes",
       "REQ-KHQR-ISS-CRC")(_post_qr(lambda qr: reseal(qr[:-8], _crc_code_points)))
defect("crc-not-zero-padded", "Writes a CRC below 0x1000 with fewer than four hex digits",
       "REQ-KHQR-ISS-CRC")(_post_qr(lambda qr: qr[:-8] + "6304" + qr[-4:].lstrip("0")))
defect("crc-lower-case", "Writes the CRC in lower-case hexadecimal",
       "REQ-KHQR-ISS-CRC")(_post_qr(lambda qr: qr[:-4] + qr[-4:].lower()))


def _utf8_len(value: str) -> int:
    return len(value.encode("utf-8"))


def _in_utf8_lengths(qr: str) -> str:
    def fix(objects: Objects) -> Objects:
        return [(t, encode_all(inner_objects(v), _utf8_len) if t in ("29", "30", "62", "64", "99") else v)
                for t, v in objects]
    return reseal(encode_all(fix(objects_of(qr)), _utf8_len))


defect("length-in-utf8-bytes", "Counts data-object lengths in UTF-8 bytes instead of UTF-16 code units",
       "REQ-KHQR-ISS-LENGTH", "REQ-KHQR-ISS-WELL-FORMED")(_post_qr(_in_utf8_lengths))


def _khr_decimals(objects: Objects) -> Objects:
    riel = _value(objects, "53") == "116"
    return [(t, f"{v}.00" if t == "54" and riel else v) for t, v in objects]


def _usd_one_decimal(objects: Objects) -> Objects:
    dollars = _value(objects, "53") == "840"
    return [(t, v[:-1] if t == "54" and dollars and "." in v and v.endswith("0") else v) for t, v in objects]


defect("khr-amount-with-decimals", "Writes riel amounts with two decimals (5000.00)",
       "REQ-KHQR-ISS-AMOUNT")(_objects(_khr_decimals))
defect("usd-amount-one-decimal", "Writes 1.50 US dollars as 1.5",
       "REQ-KHQR-ISS-AMOUNT")(_objects(_usd_one_decimal))
defect("dynamic-without-expiry", "Issues dynamic KHQR with a creation time but no expiry",
       "REQ-KHQR-ISS-STATIC-DYNAMIC")(_template("99", lambda subs: [(t, v) for t, v in subs if t != "01"]))


def _stamp_static(request: Mapping[str, Any], now_ms: int, issue: IssueFn) -> khqr.Generated:
    qr = issue(request, now_ms).qr
    if _value(objects_of(qr), "54") is None:    # static: add the legacy creation stamp
        qr = rewrite(qr, lambda objects: [*objects, ("99", encode_all([("00", str(now_ms))]))])
    return khqr.Generated(qr, khqr.md5_hex(qr))


defect("static-with-timestamp", "Stamps static KHQR with a creation time, as SDK 1.0.17 and older did",
       "REQ-KHQR-ISS-STATIC-DYNAMIC")(
    lambda b: dataclasses.replace(b, issue=lambda req, now: _stamp_static(req, now, b.issue)))

_PYPI_ORDER = {"03": 0, "02": 1, "01": 2, "07": 3, "08": 4}
defect("additional-data-out-of-order", "Writes the additional data sub-fields as store, mobile, bill, terminal",
       "REQ-KHQR-ISS-CANONICAL")(
    _template("62", lambda subs: sorted(subs, key=lambda s: _PYPI_ORDER.get(s[0], 9))))


def _three_digit(request: Mapping[str, Any], now_ms: int, issue: IssueFn) -> khqr.Generated:
    try:
        return issue(request, now_ms)
    except khqr.GenerationRefused as refused:
        if refused.rule != "KHQR-TEMPLATE-LENGTH":
            raise
    extra = {k: v for k, v in request.items() if k in _SUBS_62}
    qr = issue({k: v for k, v in request.items() if k not in _SUBS_62}, now_ms).qr
    inner = encode_all([(_SUBS_62[k], str(v)) for k, v in sorted(extra.items(), key=lambda kv: _SUBS_62[kv[0]])])
    before = [o for o in objects_of(qr) if o[0] < "62"]
    after = [o for o in objects_of(qr) if o[0] > "62"]
    sealed = reseal(encode_all(before) + f"62{len(inner)}{inner}" + encode_all(after))
    return khqr.Generated(sealed, khqr.md5_hex(sealed))


_SUBS_62 = {"billNumber": "01", "mobileNumber": "02", "storeLabel": "03", "terminalLabel": "07",
            "purposeOfTransaction": "08"}
defect("three-digit-length", "Encodes over-long additional data with a three-digit length instead of refusing",
       "REQ-KHQR-ISS-REFUSE")(
    lambda b: dataclasses.replace(b, issue=lambda req, now: _three_digit(req, now, b.issue)))


def _md5_without_crc(b: Behaviour) -> Behaviour:
    def issue(request: Mapping[str, Any], now_ms: int) -> khqr.Generated:
        qr = b.issue(request, now_ms).qr
        return khqr.Generated(qr, hashlib.md5(qr[:-8].encode("utf-8")).hexdigest())
    return dataclasses.replace(b, issue=issue)


defect("md5-without-crc", "Reports the md5 of the QR without its CRC data object", "REQ-KHQR-ISS-MD5")(
    _md5_without_crc)
defect("merchant-without-acquiring-bank", "Leaves the acquiring bank out of merchant KHQR",
       "REQ-KHQR-ISS-MERCHANT", "REQ-KHQR-ISS-CONTENT")(
    _template("30", lambda subs: [(t, v) for t, v in subs if t != "02"]))
defect("drops-store-label", "Leaves the store label out of the additional data", "REQ-KHQR-ISS-CONTENT")(
    _template("62", lambda subs: [(t, v) for t, v in subs if t != "03"]))


def _refuse_without_code(b: Behaviour) -> Behaviour:
    def issue(request: Mapping[str, Any], now_ms: int) -> khqr.Generated:
        try:
            return b.issue(request, now_ms)
        except khqr.GenerationRefused as refused:
            raise khqr.GenerationRefused(refused.rule, None, "invalid input") from refused
    return dataclasses.replace(b, issue=issue)


defect("refusal-without-sdk-code", "Refuses invalid details without the official SDK's error code",
       "REQ-KHQR-ISS-REFUSE")(_refuse_without_code)

# --- accepting -------------------------------------------------------------------------------------------------
defect("scanner-accepts-bad-crc", "The scanner does not check the CRC",
       "REQ-KHQR-ACC-CRC")(_ignoring("KHQR-CRC-MATCH", "KHQR-CRC-FORMAT"))
defect("scanner-accepts-expired", "The scanner accepts a dynamic KHQR after its expiry",
       "REQ-KHQR-ACC-DYNAMIC")(_ignoring("KHQR-EXPIRED"))
defect("scanner-accepts-pfi-02", "The scanner accepts any payload format indicator (as the official SDK does)",
       "REQ-KHQR-ACC-HEADER")(_ignoring("KHQR-PFI-VALUE"))
defect("scanner-accepts-poi-13", "The scanner accepts a point of initiation method other than 11 or 12",
       "REQ-KHQR-ACC-HEADER")(_ignoring("KHQR-POI-VALUE"))
defect("scanner-accepts-missing-city", "The scanner accepts a KHQR without a merchant city",
       "REQ-KHQR-ACC-MANDATORY")(_ignoring("KHQR-CITY-PRESENT"))
defect("scanner-accepts-long-name", "The scanner accepts a merchant name over 25 characters",
       "REQ-KHQR-ACC-VALUES")(_ignoring("KHQR-NAME-LENGTH"))


def _hangs(b: Behaviour) -> Behaviour:
    async def scan(qr: str, now_ms: int) -> dict[str, Any]:
        if any(f.rule == "KHQR-TEMPLATE-SYNTAX" for f in b.findings(qr, now_ms)):
            await anyio.sleep_forever()        # like the official SDK's endless sub-tag loop
        return await b.scan(qr, now_ms)
    return dataclasses.replace(b, scan=scan)


defect("scanner-hangs-on-malformed-template", "The scanner never answers when a template is not well formed",
       "REQ-KHQR-ACC-STRUCTURE")(_hangs)


def _reason_without_code(b: Behaviour) -> Behaviour:
    async def scan(qr: str, now_ms: int) -> dict[str, Any]:
        answer = await b.scan(qr, now_ms)
        if not answer["accepted"]:
            answer["reason"]["sdkCode"] = None
        return answer
    return dataclasses.replace(b, scan=scan)


defect("scanner-reason-without-code", "The scanner rejects without the official SDK's error code",
       "REQ-KHQR-ACC-CRC", "REQ-KHQR-ACC-MANDATORY", "REQ-KHQR-ACC-DYNAMIC")(_reason_without_code)


def _normalised_amount(b: Behaviour) -> Behaviour:
    async def scan(qr: str, now_ms: int) -> dict[str, Any]:
        answer = await b.scan(qr, now_ms)
        amount = answer.get("payment", {}).get("transactionAmount")
        if amount and "." in amount:
            answer["payment"]["transactionAmount"] = amount.rstrip("0").rstrip(".")
        return answer
    return dataclasses.replace(b, scan=scan)


defect("scanner-normalises-amount", "The scanner reports 100.0 as 100 instead of the amount as encoded",
       "REQ-KHQR-ACC-VALID")(_normalised_amount)

# --- the interface -------------------------------------------------------------------------------------------
defect("no-authentication", "The certification interface answers requests without an access token",
       "REQ-API-AUTH")(lambda b: dataclasses.replace(b, require_auth=False))


def _echoed_credentials(authorization: str) -> Mapping[str, str]:
    token = authorization.removeprefix("Bearer ")
    return {"X-Debug-Authorization": base64.b64encode(authorization.encode("utf-8")).decode("ascii"),
            "X-Debug-Token": token.encode("utf-8").hex()}


defect("echoes-credentials", "Returns the bearer token it was called with in its answers' headers, base64- and "
       "hex-encoded", "REQ-API-NO-CREDENTIALS")(lambda b: dataclasses.replace(b, answer_headers=_echoed_credentials))


def _off_contract(b: Behaviour) -> Behaviour:
    async def scan(qr: str, now_ms: int) -> dict[str, Any]:
        answer = await b.scan(qr, now_ms)
        return {**answer, "accepted": "yes" if answer["accepted"] else "no"}
    return dataclasses.replace(b, scan=scan)


defect("scan-answer-off-contract", "The scanner answers 'yes'/'no' instead of true/false",
       "REQ-API-CONTRACT")(_off_contract)


# The payment and order-confirmation defects live in their own module; importing it registers them.
from . import _payment_defects  # noqa: E402,F401
