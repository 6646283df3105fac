"""Small text helpers that make a failure readable: tables, first differences, refusal summaries."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

from .. import khqr
from ..catalogue import rule
from ..errors import FixtureNotFound, PayloadViolation
from ..evidence import utc_text

__all__ = ["broken_rule", "findings_table", "first_difference", "official_code", "reason_text", "scanned", "table",
           "violation_if_any", "words"]


def table(header: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    """A plain-text table with left-aligned columns (one line per row, the header first)."""
    cells = [[str(c) for c in header], *[[words(c) for c in row] for row in rows]]
    widths = [max(len(row[i]) for row in cells) for i in range(len(header))]
    lines = ["  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip() for row in cells]
    return "\n" + "\n".join(lines)


def violation_if_any(rows: Sequence[Sequence[object]], header: Sequence[str], title: str, *, expected: str,
                     requirement: str, after: str = "", sent: str = "") -> None:
    """Raise :class:`PayloadViolation` listing ``rows`` (what differs) as a table under ``header``, if any."""
    if rows:
        raise PayloadViolation(title, expected=expected, actual=table(header, rows) + after, requirement=requirement,
                               sent=sent)


def findings_table(findings: Sequence[khqr.Finding]) -> str:
    """Findings as a table: rule, official SDK code, data object, message."""
    rows = [(f.rule, "-" if f.sdk_code is None else f.sdk_code, f.tag or "-", f.message) for f in findings]
    return table(("rule", "SDK code", "data object", "what is wrong"), rows)


def first_difference(expected: str, actual: str) -> str:
    """Where two strings first differ: the position and a few characters of each around it."""
    at = next((i for i, (a, b) in enumerate(zip(expected, actual, strict=False)) if a != b),
              min(len(expected), len(actual)))
    start = max(0, at - 12)
    return (f"first difference at character {at + 1}: expected …{words(expected[start:at + 12], quoted=True)}…, "
            f"got …{words(actual[start:at + 12], quoted=True)}…")


def reason_text(reason: Mapping[str, Any] | None) -> str:
    """A refusal or rejection reason as one line: message, official SDK code and rule."""
    if reason is None:
        return "no reason given"
    return (f"{words(reason.get('message'), quoted=True)} (official SDK code {words(reason.get('sdkCode'))}, "
            f"rule {words(reason.get('rule'))})")


def scanned(qr: str, now_ms: int | None) -> str:
    """What the payer's wallet handed the scanner, as a failure's "Sent" line: the code itself and the time."""
    when = "" if now_ms is None else f", scanned at {utc_text(now_ms)}"
    return f"the KHQR {words(qr, quoted=True)} to the participant's scanner{when}"


def broken_rule(qr: str, now_ms: int | None) -> str:
    """The first payload rule ``qr`` breaks, with its statement and source (empty when it breaks none)."""
    errors = [f for f in khqr.validate(qr, now_ms=now_ms) if f.severity == "error"] if qr else []
    if not errors:
        return ""
    found = rule(errors[0].rule)
    return f"rule {found.id}: {found.title} (source: {found.source}); here: {errors[0].message}"


def words(value: Any, *, quoted: bool = False) -> str:
    """``value`` as a message shows it, in JSON's words: ``null``, ``true``, ``false``, objects and lists as JSON;
    text as it is (``quoted``: as a JSON string, so its ends and escapes are visible)."""
    if isinstance(value, str) and not quoted:
        return value
    return json.dumps(value, ensure_ascii=False, default=str)


_NO_CODE = "none, stricter than the SDK"
_NO_SDK_CODE = "none, the SDK gives no code"     # the SDK refuses too, but yields no code for that input


def official_code(reason: str) -> int | None:
    """The official SDK code a feature names as the reason: ``"code 7"`` → 7 (demanded: the SDK yields 7 for that
    input), ``"none, stricter than the SDK"`` or ``"none, the SDK gives no code"`` → None (no code demanded).
    Anything else is a mistake in the feature file."""
    if reason in (_NO_CODE, _NO_SDK_CODE):
        return None
    number = reason.removeprefix("code ")
    if number == reason or not number.isdigit():
        raise FixtureNotFound(f"official reason {reason!r}: write 'code N', {_NO_CODE!r} or {_NO_SDK_CODE!r}")
    return int(number)
