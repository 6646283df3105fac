"""Small text helpers that make a failure readable: tables, first differences, refusal summaries."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from .. import khqr
from ..errors import FixtureNotFound, PayloadViolation

__all__ = ["findings_table", "first_difference", "official_code", "reason_text", "table", "violation_if_any"]


def table(header: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    """A plain-text table with left-aligned columns (one line per row, the header first)."""
    cells = [[str(c) for c in header], *[[str(c) for c in row] for row in rows]]
    widths = [max(len(row[i]) for row in cells) for i in range(len(header))]
    lines = ["  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip() for row in cells]
    return "\n" + "\n".join(lines)


def violation_if_any(rows: Sequence[Sequence[object]], header: Sequence[str], title: str, *, expected: str,
                     requirement: str, after: str = "") -> None:
    """Raise :class:`PayloadViolation` listing ``rows`` (what differs) as a table under ``header``, if any."""
    if rows:
        raise PayloadViolation(title, expected=expected, actual=table(header, rows) + after, requirement=requirement)


def findings_table(findings: Sequence[khqr.Finding]) -> str:
    """Findings as a table: rule, official SDK code, data object, message."""
    rows = [(f.rule, "-" if f.sdk_code is None else f.sdk_code, f.tag or "-", f.message) for f in findings]
    return table(("rule", "SDK code", "data object", "what is wrong"), rows)


def first_difference(expected: str, actual: str) -> str:
    """Where two strings first differ: the position and a few characters of each around it."""
    at = next((i for i, (a, b) in enumerate(zip(expected, actual, strict=False)) if a != b),
              min(len(expected), len(actual)))
    start = max(0, at - 12)
    return (f"first difference at character {at + 1}: expected …{expected[start:at + 12]!r}…, "
            f"got …{actual[start:at + 12]!r}…")


def reason_text(reason: Mapping[str, Any] | None) -> str:
    """A refusal or rejection reason as one line: message, official SDK code and rule."""
    if reason is None:
        return "no reason given"
    return f"{reason.get('message')!r} (official SDK code {reason.get('sdkCode')}, rule {reason.get('rule')})"


_NO_CODE = "none, stricter than the SDK"


def official_code(reason: str) -> int | None:
    """The official SDK code a feature names as the reason: ``"code 7"`` → 7, ``"none, stricter than the SDK"``
    → None (a rule the SDK has no code for). Anything else is a mistake in the feature file."""
    if reason == _NO_CODE:
        return None
    number = reason.removeprefix("code ")
    if number == reason or not number.isdigit():
        raise FixtureNotFound(f"official reason {reason!r}: write 'code N' or {_NO_CODE!r}")
    return int(number)
