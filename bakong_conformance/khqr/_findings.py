"""Findings: what validation reports, one per broken payload rule."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from ..catalogue import rule as catalogue_rule

__all__ = ["Finding", "finding", "primary_error"]


@dataclass(frozen=True, slots=True)
class Finding:
    """One broken rule: ``rule`` (catalogue ID), ``sdk_code`` (official SDK code or None), ``tag`` (e.g. "54",
    "62.01", or None), ``severity`` and a readable ``message``."""

    rule: str
    sdk_code: int | None
    tag: str | None
    severity: Literal["error", "warning"]
    message: str

    def as_dict(self) -> dict[str, object]:
        """The finding as the CLI and the participant API write it."""
        return {"rule": self.rule, "sdkCode": self.sdk_code, "tag": self.tag, "severity": self.severity,
                "message": self.message}


def finding(rule_id: str, tag: str | None, message: str) -> Finding:
    """A finding for ``rule_id``, with the severity and SDK code the policy table gives it (the code the SDK's
    verify raises, where that differs from its generator's)."""
    row = catalogue_rule(rule_id)
    return Finding(rule_id, row.verify_code or row.sdk_code, tag, row.severity, message)


def primary_error(findings: list[Finding]) -> Finding | None:
    """The reason a scanner reports: the first error the official SDK's verify would also raise, else the first
    error with an SDK code, else the first error.

    Findings come in the SDK's verification order, so this is the SDK's own code whenever the SDK rejects too.
    """
    errors = [f for f in findings if f.severity == "error"]
    by_verify = [f for f in errors if catalogue_rule(f.rule).sdk_verify_code is not None]
    coded = [f for f in errors if f.sdk_code is not None]
    ranked = by_verify or coded or errors
    return ranked[0] if ranked else None
