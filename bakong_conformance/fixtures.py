"""Named fixtures from the repository's ``fixtures/`` folder: issuing requests, scan cases and KHQR vectors.

Scenarios name their fixtures (``"merchant-riel-static"``, ``"crc-does-not-match"``); this module resolves a
name to data, including the parts that depend on the scenario's sandbox clock (an expiry written as
``{"minutesAfterNow": 10}``, a scan case without a pinned ``now``). An unknown name raises
:class:`~bakong_conformance.errors.FixtureNotFound`: the harness is broken, the participant did nothing wrong.

Layout::

    fixtures/khqr/issue/valid.json      requests a participant must issue     {name: {description, request}}
    fixtures/khqr/issue/invalid.json    requests it must refuse               {name: {description, request, refusal}}
    fixtures/khqr/scan/cases.json       texts for its scanner (built by build_cases.py)
    fixtures/khqr/vectors/khqr-vectors.jsonl   public KHQR vectors (see SOURCES.md there)
"""

from __future__ import annotations

import difflib
import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, Literal

from .errors import FixtureNotFound

__all__ = [
    "FIXTURES_DIR",
    "REPO_ROOT",
    "IssuingCase",
    "ScanCase",
    "issuing_case",
    "issuing_names",
    "scan_case",
    "scan_case_names",
    "vectors",
]

REPO_ROOT = Path(__file__).resolve().parent.parent
FIXTURES_DIR = REPO_ROOT / "fixtures"
_ISSUE_DIR = FIXTURES_DIR / "khqr" / "issue"
_SCAN_CASES = FIXTURES_DIR / "khqr" / "scan" / "cases.json"
_VECTORS = FIXTURES_DIR / "khqr" / "vectors" / "khqr-vectors.jsonl"
_MINUTE_MS = 60_000

Group = Literal["valid", "invalid"]


@dataclass(frozen=True, slots=True)
class IssuingCase:
    """An issuing request resolved for one scenario: the body to send (``sandboxNow`` included) and, for an
    invalid one, the official SDK code and rule the participant must refuse it with."""

    name: str
    description: str
    request: dict[str, Any]
    valid: bool
    sdk_code: int | None
    rule: str | None


@dataclass(frozen=True, slots=True)
class ScanCase:
    """A text for the participant's scanner, the time to scan it at, and the expected outcome."""

    name: str
    description: str
    qr: str
    now_ms: int
    accepted: bool
    sdk_code: int | None
    requirement: str


def _read_json(path: Path) -> dict[str, Any]:
    try:
        return json.loads(path.read_text(encoding="utf-8"))  # type: ignore[no-any-return]
    except (OSError, ValueError) as error:
        raise FixtureNotFound(f"cannot read fixture file {path}: {error}") from error


@cache
def _issuing(group: Group) -> dict[str, dict[str, Any]]:
    entries = _read_json(_ISSUE_DIR / f"{group}.json")
    return {name: entry for name, entry in entries.items() if not name.startswith("_")}


def _unknown(kind: str, name: str, known: list[str]) -> FixtureNotFound:
    close = difflib.get_close_matches(name, known, n=3)
    return FixtureNotFound(f"no {kind} named {name!r}" + (f"; did you mean {', '.join(close)}?" if close else ""))


def issuing_names(group: Group) -> tuple[str, ...]:
    """The names of the valid or invalid issuing requests."""
    return tuple(_issuing(group))


def _resolve(value: Any, now_ms: int) -> Any:
    """A clock-relative value (``{"minutesAfterNow": n}``) as epoch milliseconds; anything else as it is."""
    if isinstance(value, dict) and set(value) == {"minutesAfterNow"}:
        return now_ms + int(value["minutesAfterNow"]) * _MINUTE_MS
    return value


def issuing_case(name: str, now_ms: int) -> IssuingCase:
    """The issuing request ``name`` at sandbox time ``now_ms``; :class:`FixtureNotFound` if there is none."""
    for group in ("valid", "invalid"):
        entry = _issuing(group).get(name)
        if entry is not None:
            request = {key: _resolve(value, now_ms) for key, value in entry["request"].items()}
            refusal = entry.get("refusal") or {}
            return IssuingCase(name, entry["description"], {**request, "sandboxNow": now_ms}, group == "valid",
                               refusal.get("sdkCode"), refusal.get("rule"))
    raise _unknown("issuing request", name, [*issuing_names("valid"), *issuing_names("invalid")])


@cache
def _scan_cases() -> dict[str, dict[str, Any]]:
    return _read_json(_SCAN_CASES)["cases"]  # type: ignore[no-any-return]


def scan_case_names() -> tuple[str, ...]:
    """The names of every scan case."""
    return tuple(_scan_cases())


def scan_case(name: str, now_ms: int) -> ScanCase:
    """Scan case ``name``, at its pinned time or else at ``now_ms``; :class:`FixtureNotFound` if none."""
    entry = _scan_cases().get(name)
    if entry is None:
        raise _unknown("scan case", name, list(_scan_cases()))
    expect = entry["expect"]
    return ScanCase(name, entry["description"], entry["qr"], entry["now"] or now_ms, expect["accepted"],
                    expect["sdkCode"], entry["requirement"])


@cache
def vectors() -> tuple[dict[str, Any], ...]:
    """The public KHQR vectors, one dict per line of ``khqr-vectors.jsonl``."""
    try:
        lines = _VECTORS.read_text(encoding="utf-8").splitlines()
    except OSError as error:
        raise FixtureNotFound(f"cannot read the KHQR vectors at {_VECTORS}: {error}") from error
    return tuple(json.loads(line) for line in lines if line.strip())
