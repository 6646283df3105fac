"""Validation: every finding for a KHQR string, its verdict, and its fields under the official decode keys."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from itertools import groupby

from ._crc import md5_hex
from ._findings import Finding, finding, primary_error
from ._payload import Payload, read_lenient, read_partial
from ._rules import CHECKS, Context
from ._tags import DECODE_KEYS, FIELDS
from ._tlv import DecodeError, from_units, to_units

__all__ = ["Verdict", "decode", "fields_of", "validate", "verify"]

Clock = Callable[[], int]


def wall_clock_ms() -> int:
    """The current time in epoch milliseconds."""
    return time.time_ns() // 1_000_000


@dataclass(frozen=True, slots=True)
class Verdict:
    """The result of :func:`verify`: ``valid`` when no finding is an error."""

    qr: str
    valid: bool
    md5: str
    findings: tuple[Finding, ...]
    fields: dict[str, str | None]

    @property
    def reason(self) -> Finding | None:
        """The error a scanner reports, as the official SDK would where it has a code."""
        return primary_error(list(self.findings))

    def as_dict(self) -> dict[str, object]:
        """The CLI's JSON line: qr, valid, md5, findings, fields."""
        return {"qr": self.qr, "valid": self.valid, "md5": self.md5,
                "findings": [f.as_dict() for f in self.findings], "fields": self.fields}


def _read(text: str) -> tuple[Payload | None, list[Finding]]:
    try:
        return read_lenient(text), []
    except DecodeError as error:
        return None, [finding(error.rule, error.tag, str(error))]


def validate(text: str, *, now_ms: int | None = None, clock: Clock = wall_clock_ms) -> list[Finding]:
    """Every finding for ``text``, in the official SDK's verification order. Never raises for any string.

    ``now_ms`` (or ``clock``) is the time expiry is judged against.
    """
    payload, findings = _read(text)
    return _judge(text, payload, findings, clock() if now_ms is None else now_ms)


def _judge(text: str, payload: Payload | None, findings: list[Finding], now_ms: int) -> list[Finding]:
    if payload is None:
        return _crc_only(text, findings)
    ctx = Context(payload, now_ms)
    for in_order, group in groupby(CHECKS, key=lambda entry: entry[2]):
        found = [f for _, run, _ in group for f in run(ctx)]
        findings.extend(sorted(found, key=lambda f: _position(payload, f)) if in_order else found)
    return findings


def _position(payload: Payload, found: Finding) -> int:
    tag = (found.tag or "").split(".")[0]
    tag = payload.account_tag or tag if tag in ("29", "30") else tag
    return payload.offsets.get(tag, len(payload.units))


def _crc_only(text: str, decode_findings: list[Finding]) -> list[Finding]:
    if decode_findings[0].rule == "KHQR-INPUT-SIZE":
        return decode_findings
    crc_check = CHECKS[0][1]
    return [*crc_check(Context(_bare(text), 0)), *decode_findings]


def _bare(text: str) -> Payload:
    return Payload(text, to_units(text), (), {}, {}, {}, (), {}, None)


def _decode_plan(account: str | None) -> tuple[tuple[str, str, str | None], ...]:
    """(decode key, tag, sub-tag) for every field a payload with this account template decodes."""
    plan = []
    for field in FIELDS:
        if (field.tag == "30" and account != "30") or (field.key == "accountInformation" and account == "30"):
            continue
        plan.append((field.key, (account or "29") if field.tag in ("29", "30") else field.tag, field.sub))
    return tuple(plan)


_DECODE_PLANS = {account: _decode_plan(account) for account in (None, "29", "30")}


def fields_of(payload: Payload) -> dict[str, str | None]:
    """The 25 official decode keys for ``payload`` (absent values None; the last of repeated tags wins)."""
    out: dict[str, str | None] = dict.fromkeys(DECODE_KEYS)
    out["merchantType"] = payload.account_tag
    for key, tag, sub in _DECODE_PLANS[payload.account_tag]:
        value = payload.values.get(tag) if sub is None else payload.sub(tag, sub)
        out[key] = None if value is None else from_units(value)
    crc = payload.values.get("63")
    out["crc"] = None if crc is None else from_units(crc)
    return out


def decode(text: str) -> dict[str, str | None]:
    """The official decode keys of ``text`` without validating it: what can be read up to the first malformed
    data object (all None for input over the size cap)."""
    try:
        return fields_of(read_partial(text))
    except DecodeError:
        return dict.fromkeys(DECODE_KEYS)


def verify(text: str, *, now_ms: int | None = None, clock: Clock = wall_clock_ms) -> Verdict:
    """Validate ``text`` and read its fields: the whole answer for one scanned or linted KHQR."""
    payload, findings = _read(text)
    findings = _judge(text, payload, findings, clock() if now_ms is None else now_ms)
    valid = not any(f.severity == "error" for f in findings)
    fields = fields_of(payload) if payload is not None else decode(text)
    return Verdict(text, valid, md5_hex(text) if _encodable(text) else "", tuple(findings), fields)


def _encodable(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True
