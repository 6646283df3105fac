"""The requirement catalogue and the KHQR payload policy table, loaded from the TOML data beside this file.

``rules.toml`` lists every payload rule that :func:`bakong_conformance.khqr.validate` can report;
``requirements.toml`` lists what a participant must do, each requirement naming the rules it enforces and the
capability (``capabilities.toml``) it applies to. All three are validated on load: duplicate IDs, a requirement
naming an unknown rule or capability, or an unknown level raise ``ValueError``.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any, Literal

__all__ = [
    "LEVELS", "Capability", "Requirement", "Rule", "capabilities", "requirement", "requirements", "rule", "rules",
]

Severity = Literal["error", "warning"]
LEVELS = ("mandatory", "conditional", "optional")


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
class Capability:
    """A role a participant declares; ``implied`` ones every participant has; ``name`` is short (a list item)."""

    id: str
    title: str
    implied: bool
    name: str


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
    no_defect_reason: str = ""

    @property
    def counts_for_verdict(self) -> bool:
        """Mandatory and conditional requirements decide the verdict once they apply; optional ones are reported."""
        return self.level != "optional"


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
def capabilities() -> dict[str, Capability]:
    """Every participant capability by ID, in catalogue order."""
    rows = _load("capabilities.toml")["capability"]
    _unique([r["id"] for r in rows], "capability")
    return {r["id"]: Capability(r["id"], r["title"], r.get("implied", False), r["name"]) for r in rows}


def _check_requirement(row: dict[str, Any]) -> None:
    unknown = [x for x in row["rules"] if x not in rules()]
    if unknown:
        raise ValueError(f"{row['id']} names unknown rules {unknown}")
    if row["capability"] not in capabilities():
        raise ValueError(f"{row['id']} names unknown capability {row['capability']!r}")
    if row["level"] not in LEVELS:
        raise ValueError(f"{row['id']} has level {row['level']!r}; choose from {', '.join(LEVELS)}")


@cache
def requirements() -> dict[str, Requirement]:
    """Every requirement by ID, in catalogue order."""
    rows = _load("requirements.toml")["requirement"]
    _unique([r["id"] for r in rows], "requirement")
    for row in rows:
        _check_requirement(row)
    return {r["id"]: Requirement(r["id"], r["title"], r["area"], r["capability"], r["level"], r["severity"],
                                 r["source"], tuple(r["rules"]), r.get("no_defect_reason", "")) for r in rows}


def rule(rule_id: str) -> Rule:
    """The payload rule ``rule_id``; ``KeyError`` if there is none."""
    return rules()[rule_id]


def requirement(requirement_id: str) -> Requirement:
    """The requirement ``requirement_id``; ``KeyError`` if there is none."""
    return requirements()[requirement_id]
