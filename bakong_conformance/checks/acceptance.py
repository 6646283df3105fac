"""Checks on the participant's scanner: what it accepts, what it reads, and why it rejects."""

from __future__ import annotations

from .. import khqr
from ..errors import OutcomeMismatch
from ..participant import ScanResult
from ._registry import check, statement
from ._text import broken_rule, official_code, reason_text, scanned, violation_if_any

__all__ = ["accepted_with_details", "rejected_with"]

_REJECTING = ("REQ-KHQR-ACC-CRC", "REQ-KHQR-ACC-STRUCTURE", "REQ-KHQR-ACC-MANDATORY", "REQ-KHQR-ACC-HEADER",
              "REQ-KHQR-ACC-DYNAMIC", "REQ-KHQR-ACC-VALUES")


@check("REQ-KHQR-ACC-VALID", "REQ-KHQR-ACC-DYNAMIC")
def accepted_with_details(scan: ScanResult, qr: str, requirement: str = "REQ-KHQR-ACC-VALID") -> None:
    """The scanner accepted ``qr`` and read every detail exactly as encoded (the official decode)."""
    if not scan.accepted:
        raise OutcomeMismatch("The participant's scanner rejected a valid KHQR", expected="accepted",
                              actual=f"rejected: {reason_text(scan.reason)}", requirement=requirement,
                              sent=scanned(qr, scan.now_ms))
    expected, payment = khqr.decode(qr), scan.payment or {}
    wrong = [(key, value, payment.get(key)) for key, value in expected.items() if payment.get(key) != value]
    violation_if_any(wrong, ("detail", "encoded", "read by the scanner"),
                     "The participant's scanner misread the KHQR's details",
                     expected="every detail exactly as encoded", requirement=requirement,
                     sent=scanned(qr, scan.now_ms))


@check(*_REJECTING)
def rejected_with(scan: ScanResult, official_reason: str, requirement: str = "REQ-KHQR-ACC-VALUES") -> None:
    """The scanner rejected the KHQR, with the official SDK's code named by ``official_reason`` (``"code 8"``;
    any reason when it is ``"none, stricter than the SDK"``)."""
    sdk_code = official_code(official_reason)
    if scan.accepted:
        raise OutcomeMismatch("The participant's scanner accepted a KHQR it must reject",
                              expected="rejected" + (f" (official SDK code {sdk_code})" if sdk_code else ""),
                              actual="accepted, with a payment screen", requirement=requirement,
                              sent=scanned(scan.qr, scan.now_ms), requires=_rules(scan, requirement))
    if sdk_code is not None and (scan.reason or {}).get("sdkCode") != sdk_code:
        raise OutcomeMismatch("The participant's scanner rejected the KHQR for the wrong reason",
                              expected=f"official SDK code {sdk_code}", actual=reason_text(scan.reason),
                              requirement=requirement, sent=scanned(scan.qr, scan.now_ms),
                              requires=_rules(scan, requirement))


def _rules(scan: ScanResult, requirement: str) -> str:
    """The payload rule the scanned code breaks, then the requirement it falls under."""
    return "; ".join(part for part in (broken_rule(scan.qr, scan.now_ms), statement(requirement)) if part)
