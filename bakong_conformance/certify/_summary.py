"""From Allure result files to the certification summary: per-scenario and per-requirement status, verdict.

A requirement's status is the worst of its scenarios' (failed > broken > skipped > passed); the verdict is
``conformant`` only when every requirement ran, none failed or broke, and at least one scenario passed.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..catalogue import requirements

__all__ = ["ScenarioResult", "read_results", "summarise"]

STATUSES = ("passed", "failed", "broken", "skipped")
_RANK = {"passed": 0, "skipped": 1, "broken": 2, "failed": 3, "not-run": 1}


@dataclass(frozen=True, slots=True)
class ScenarioResult:
    """One scenario (one Examples row of an outline) as Allure recorded it."""

    name: str
    status: str
    requirements: tuple[str, ...]
    message: str


def _labels(result: dict[str, Any], name: str) -> list[str]:
    return [str(label["value"]) for label in result.get("labels", []) if label.get("name") == name]


def _scenario(result: dict[str, Any]) -> ScenarioResult:
    known = requirements()
    reqs = tuple(tag for tag in _labels(result, "tag") if tag in known)
    status = result.get("status", "broken")
    message = str(result.get("statusDetails", {}).get("message", ""))[:2000]
    return ScenarioResult(str(result.get("name", "?")), status if status in STATUSES else "broken", reqs, message)


def read_results(results_dir: Path) -> list[ScenarioResult]:
    """Every scenario result in an ``allure-results`` folder, ordered by name."""
    rows = [json.loads(p.read_text(encoding="utf-8")) for p in sorted(results_dir.glob("*-result.json"))]
    return sorted((_scenario(r) for r in rows), key=lambda s: s.name)


def _requirement_status(scenarios: list[ScenarioResult]) -> str:
    return max((s.status for s in scenarios), key=_RANK.__getitem__) if scenarios else "not-run"


def summarise(scenarios: Iterable[ScenarioResult], *, participant: str, profile: str,
              defects: Iterable[str] = ()) -> dict[str, Any]:
    """The ``summary.json`` document for a run."""
    scenarios = list(scenarios)
    counts = Counter(s.status for s in scenarios)
    per_req: dict[str, dict[str, Any]] = {}
    for req_id in requirements():
        mine = [s for s in scenarios if req_id in s.requirements]
        per_req[req_id] = {"status": _requirement_status(mine), "scenarios": [s.name for s in mine]}
    ran_all = profile != "full" or all(r["status"] != "not-run" for r in per_req.values())
    clean = counts["failed"] == 0 and counts["broken"] == 0 and counts["passed"] > 0
    return {"participant": participant, "profile": profile, "defects": list(defects),
            "verdict": "conformant" if clean and ran_all else "non-conformant",
            "counts": {status: counts[status] for status in STATUSES}, "requirements": per_req}
