"""Defects of the reference participant as a KHQR issuer (capability ``khqr-issuer``)."""

from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import Mapping
from typing import Any

from ... import khqr
from .._behaviour import Behaviour, IssueFn
from .._registry import defect
from .._rewrite import Objects, encode_all, inner_objects, objects_of, reseal, rewrite
from ._blocks import objects_changed, post_qr, template_changed, value_of


# --- issuing ------------------------------------------------------------------------------------------------
def _crc_code_points(text: str) -> str:
    crc = 0xFFFF
    for ch in text:                    # feeds code points, not UTF-8 bytes
        crc ^= (ord(ch) << 8) & 0xFFFF
        for _ in range(8):
            crc = ((crc << 1) ^ 0x1021) & 0xFFFF if crc & 0x8000 else (crc << 1) & 0xFFFF
    return f"{crc:04X}"


defect("crc-over-code-points", "Computes the CRC over Unicode code points instead of UTF-8 bytes",
       "REQ-KHQR-ISS-CRC")(post_qr(lambda qr: reseal(qr[:-8], _crc_code_points)))
defect("crc-not-zero-padded", "Writes a CRC below 0x1000 with fewer than four hex digits",
       "REQ-KHQR-ISS-CRC")(post_qr(lambda qr: qr[:-8] + "6304" + qr[-4:].lstrip("0")))
defect("crc-lower-case", "Writes the CRC in lower-case hexadecimal",
       "REQ-KHQR-ISS-CRC")(post_qr(lambda qr: qr[:-4] + qr[-4:].lower()))


def _utf8_len(value: str) -> int:
    return len(value.encode("utf-8"))


def _in_utf8_lengths(qr: str) -> str:
    def fix(objects: Objects) -> Objects:
        return [(t, encode_all(inner_objects(v), _utf8_len) if t in ("29", "30", "62", "64", "99") else v)
                for t, v in objects]
    return reseal(encode_all(fix(objects_of(qr)), _utf8_len))


defect("length-in-utf8-bytes", "Counts data-object lengths in UTF-8 bytes instead of UTF-16 code units",
       "REQ-KHQR-ISS-LENGTH", "REQ-KHQR-ISS-WELL-FORMED")(post_qr(_in_utf8_lengths))


def _khr_decimals(objects: Objects) -> Objects:
    riel = value_of(objects, "53") == "116"
    return [(t, f"{v}.00" if t == "54" and riel else v) for t, v in objects]


def _usd_one_decimal(objects: Objects) -> Objects:
    dollars = value_of(objects, "53") == "840"
    return [(t, v[:-1] if t == "54" and dollars and "." in v and v.endswith("0") else v) for t, v in objects]


defect("khr-amount-with-decimals", "Writes riel amounts with two decimals (5000.00)",
       "REQ-KHQR-ISS-AMOUNT")(objects_changed(_khr_decimals))
defect("usd-amount-one-decimal", "Writes 1.50 US dollars as 1.5",
       "REQ-KHQR-ISS-AMOUNT")(objects_changed(_usd_one_decimal))
defect("dynamic-without-expiry", "Issues dynamic KHQR with a creation time but no expiry",
       "REQ-KHQR-ISS-STATIC-DYNAMIC")(template_changed("99", lambda subs: [(t, v) for t, v in subs if t != "01"]))


def _stamp_static(request: Mapping[str, Any], now_ms: int, issue: IssueFn) -> khqr.Generated:
    qr = issue(request, now_ms).qr
    if value_of(objects_of(qr), "54") is None:    # static: add the legacy creation stamp
        qr = rewrite(qr, lambda objects: [*objects, ("99", encode_all([("00", str(now_ms))]))])
    return khqr.Generated(qr, khqr.md5_hex(qr))


defect("static-with-timestamp", "Stamps static KHQR with a creation time, as SDK 1.0.17 and older did",
       "REQ-KHQR-ISS-STATIC-DYNAMIC")(
    lambda b: dataclasses.replace(b, issue=lambda req, now: _stamp_static(req, now, b.issue)))

_PYPI_ORDER = {"03": 0, "02": 1, "01": 2, "07": 3, "08": 4}
defect("additional-data-out-of-order", "Writes the additional data sub-fields as store, mobile, bill, terminal",
       "REQ-KHQR-ISS-CANONICAL")(
    template_changed("62", lambda subs: sorted(subs, key=lambda s: _PYPI_ORDER.get(s[0], 9))))


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
    template_changed("30", lambda subs: [(t, v) for t, v in subs if t != "02"]))
defect("drops-store-label", "Leaves the store label out of the additional data", "REQ-KHQR-ISS-CONTENT")(
    template_changed("62", lambda subs: [(t, v) for t, v in subs if t != "03"]))


def _refuse_without_code(b: Behaviour) -> Behaviour:
    def issue(request: Mapping[str, Any], now_ms: int) -> khqr.Generated:
        try:
            return b.issue(request, now_ms)
        except khqr.GenerationRefused as refused:
            raise khqr.GenerationRefused(refused.rule, None, "invalid input") from refused
    return dataclasses.replace(b, issue=issue)


defect("refusal-without-sdk-code", "Refuses invalid details without the official SDK's error code",
       "REQ-KHQR-ISS-REFUSE")(_refuse_without_code)
