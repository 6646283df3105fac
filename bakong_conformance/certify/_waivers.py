"""Waivers: a regulator's written, dated permission for a requirement to fail for a while.

A waivers file is TOML (format in docs/participant-config.md)::

    [[waiver]]
    requirement = "REQ-KHQR-ACC-VALUES"
    reason = "Merchant city in Khmer script rejected by the scanner; fix scheduled for release 2.5"
    issued_by = "NBC Payment Systems Department, letter PSD/2026/114"
    expires = 2026-12-31

A waiver covers *failed* scenarios of its requirement (never *broken* ones: a harness problem is not waived)
through its expiry day, judged in UTC on the run's start date. A waived failure is shown on the certificate
and does not fail the verdict; after expiry the failure counts again and the waiver is reported as expired.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..catalogue import requirements
from ..config import read_toml
from ..errors import ConfigurationError

__all__ = ["Waiver", "load_waivers"]

_KEYS = frozenset({"requirement", "reason", "issued_by", "expires"})


@dataclass(frozen=True, slots=True)
class Waiver:
    """Permission for ``requirement`` to fail until the end of ``expires`` (UTC)."""

    requirement: str
    reason: str
    issued_by: str
    expires: dt.date

    def in_force(self, on: dt.date) -> bool:
        """Whether the waiver still holds on ``on`` (the expiry day itself included)."""
        return on <= self.expires

    def as_json(self) -> dict[str, str]:
        """The waiver as written in the summary and the certificate."""
        return {"requirement": self.requirement, "reason": self.reason, "issued_by": self.issued_by,
                "expires": self.expires.isoformat()}


def load_waivers(path: Path | None) -> tuple[Waiver, ...]:
    """The waivers in the file at ``path`` (none when ``path`` is None); ``ConfigurationError`` on any mistake."""
    if path is None:
        return ()
    document = read_toml(path, "waivers file")
    rows = document.get("waiver", [])
    if set(document) - {"waiver"} or not isinstance(rows, list):
        raise ConfigurationError(f"{path}: a waivers file holds only [[waiver]] tables")
    waivers = tuple(_waiver(row, f"{path}, waiver {n}") for n, row in enumerate(rows, 1))
    seen = [w.requirement for w in waivers]
    repeated = sorted({r for r in seen if seen.count(r) > 1})
    if repeated:
        raise ConfigurationError(f"{path}: more than one waiver for {', '.join(repeated)}")
    return waivers


def _waiver(row: Any, where: str) -> Waiver:
    if not isinstance(row, dict) or set(row) != _KEYS:
        raise ConfigurationError(f"{where}: needs exactly the keys {', '.join(sorted(_KEYS))}")
    texts = [row[key] for key in ("requirement", "reason", "issued_by")]
    if not all(isinstance(text, str) and text.strip() for text in texts):
        raise ConfigurationError(f"{where}: requirement, reason and issued_by must be non-empty text")
    if row["requirement"] not in requirements():
        raise ConfigurationError(f"{where}: unknown requirement {row['requirement']!r}")
    expires = row["expires"]
    if not isinstance(expires, dt.date) or isinstance(expires, dt.datetime):
        raise ConfigurationError(f"{where}: expires must be a date such as 2026-12-31")
    return Waiver(row["requirement"], row["reason"].strip(), row["issued_by"].strip(), expires)
