"""The requirement catalogue and the KHQR payload policy table, loaded from the TOML data beside this file.

``rules.toml`` lists every payload rule that :func:`bakong_conformance.khqr.validate` can report;
``requirements.toml`` lists what a participant must do, each requirement naming the rules it enforces.
Both are validated on load: duplicate IDs or a requirement naming an unknown rule raise ``ValueError``.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any, Literal

__all__ = ["Requirement", "Rule", "requirement", "requirements", "rule", "rules"]

Severity = Literal["error", "warning"]


@dataclass(frozen=True, slots=True)
class Rule:
    """One KHQR payload rule: a row of the policy table."""

    id: str
    title: str
    severity: Severity
    sdk_code: int | None
    source: str
    sdk: str
    sdk_verify: bool
    verify_code: int | None = None

    @property
    def sdk_verify_code(self) -> int | None:
        """The code the official SDK's verify raises for this rule, or None if verify never raises it."""
        return (self.verify_code or self.sdk_code) if self.sdk_verify else None


@dataclass(frozen=True, slots=True)
class Requirement:
    """One requirement a participant is certified against."""

    id: str
    title: str
    area: str
    capability: str
    level: str
    severity: str
    source: str
    rules: tuple[str, ...]


def _load(name: str) -> dict[str, Any]:
    text = resources.files(__package__).joinpath(name).read_text(encoding="utf-8")
    return tomllib.loads(text)


def _unique(ids: list[str], what: str) -> None:
    seen: set[str] = set()
    for i in ids:
        if i in seen:
            raise ValueError(f"duplicate {what} id {i}")
        seen.add(i)


@cache
def rules() -> dict[str, Rule]:
    """Every payload rule by ID, in table order."""
    rows = _load("rules.toml")["rule"]
    _unique([r["id"] for r in rows], "rule")
    return {r["id"]: Rule(r["id"], r["title"], r["severity"], r.get("sdk_code"), r["source"], r.get("sdk", ""),
                          r.get("verify", True), r.get("verify_code")) for r in rows}


@cache
def requirements() -> dict[str, Requirement]:
    """Every requirement by ID, in catalogue order."""
    rows = _load("requirements.toml")["requirement"]
    _unique([r["id"] for r in rows], "requirement")
    known = rules()
    for r in rows:
        unknown = [x for x in r["rules"] if x not in known]
        if unknown:
            raise ValueError(f"{r['id']} names unknown rules {unknown}")
    return {r["id"]: Requirement(r["id"], r["title"], r["area"], r["capability"], r["level"], r["severity"],
                                 r["source"], tuple(r["rules"])) for r in rows}


def rule(rule_id: str) -> Rule:
    """The payload rule ``rule_id``; ``KeyError`` if there is none."""
    return rules()[rule_id]


def requirement(requirement_id: str) -> Requirement:
    """The requirement ``requirement_id``; ``KeyError`` if there is none."""
    return requirements()[requirement_id]
