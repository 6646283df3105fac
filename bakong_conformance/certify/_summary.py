"""From Allure result files to the certification summary: scenarios, requirements, waivers, changes, verdict.

Statuses of a scenario: ``passed``, ``failed`` (the participant broke a rule), ``broken`` (the harness could
not judge), ``skipped`` and ``not-applicable`` (its requirement's capability is not declared; recorded as a
skip whose reason starts with :data:`NOT_APPLICABLE`).

A requirement is ``not-applicable`` when the participant lacks its capability; otherwise its status is the
worst of its scenarios' (failed > broken > skipped > passed), ``not-run`` when none ran, and ``waived`` when it
failed under a waiver in force. The verdict:

* ``non-conformant`` when an applicable mandatory or conditional requirement failed (an expired waiver does not
  help);
* otherwise ``inconclusive`` when a scenario broke, when a full run left such a requirement not run, or when
  nothing passed: the harness could not judge, which is never a pass;
* otherwise ``conformant``. Optional requirements are reported and never decide the verdict.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..catalogue import requirements
from ..config import ParticipantConfig
from ..errors import ConfigurationError
from ._waivers import Waiver

__all__ = ["NOT_APPLICABLE", "STATUSES", "SUMMARY_FORMAT", "ScenarioResult", "changes_since", "load_baseline",
           "read_results", "summarise"]

SUMMARY_FORMAT = "bakong-conformance/summary/1"
NOT_APPLICABLE = "not applicable:"
STATUSES = ("passed", "failed", "broken", "skipped", "not-applicable")
_RANK = {"passed": 0, "skipped": 1, "broken": 2, "failed": 3}


@dataclass(frozen=True, slots=True)
class ScenarioResult:
    """One scenario (one Examples row of an outline) as Allure recorded it."""

    id: str                       # stable across runs: feature path and scenario name (with its example values)
    name: str
    status: str
    requirements: tuple[str, ...]
    message: str
    result_file: str = ""         # the ``*-result.json`` it came from (for links into the report)

    def as_json(self) -> dict[str, Any]:
        """The scenario as written in the summary."""
        return {"id": self.id, "name": self.name, "status": self.status, "requirements": list(self.requirements),
                "message": self.message, "result": self.result_file}


def _labels(result: Mapping[str, Any], name: str) -> list[str]:
    return [str(label["value"]) for label in result.get("labels", []) if label.get("name") == name]


def _status(result: Mapping[str, Any], message: str) -> str:
    status = result.get("status", "broken")
    if status == "skipped" and message.removeprefix("Skipped: ").startswith(NOT_APPLICABLE):
        return "not-applicable"
    return status if status in STATUSES else "broken"


def _scenario(result: Mapping[str, Any], file_name: str) -> ScenarioResult:
    known = requirements()
    reqs = tuple(tag for tag in _labels(result, "tag") if tag in known)
    message = str(result.get("statusDetails", {}).get("message", ""))[:2000]
    name = str(result.get("name", "?"))
    return ScenarioResult(str(result.get("fullName", name)), name, _status(result, message), reqs, message, file_name)


def read_results(results_dir: Path) -> list[ScenarioResult]:
    """Every scenario result in an ``allure-results`` folder, ordered by id (ids are made unique)."""
    scenarios = []
    for path in sorted(results_dir.glob("*-result.json")):
        scenarios.append(_scenario(json.loads(path.read_text(encoding="utf-8")), path.name))
    return _unique_ids(sorted(scenarios, key=lambda s: (s.id, s.result_file)))


def _unique_ids(scenarios: list[ScenarioResult]) -> list[ScenarioResult]:
    seen: Counter[str] = Counter()
    out = []
    for s in scenarios:
        seen[s.id] += 1
        out.append(s if seen[s.id] == 1 else ScenarioResult(f"{s.id} #{seen[s.id]}", s.name, s.status,
                                                            s.requirements, s.message, s.result_file))
    return out


def _requirement_row(req_id: str, mine: list[ScenarioResult], config: ParticipantConfig,
                     waiver: Waiver | None, on: dt.date) -> dict[str, Any]:
    req = requirements()[req_id]
    applicable = config.has(req.capability)
    ran = [s.status for s in mine if s.status != "not-applicable"]   # a scenario shared with an absent capability
    status = "not-applicable" if not applicable else max(ran, key=_RANK.__getitem__) if ran else "not-run"
    waiver_state = None
    if waiver is not None:
        waiver_state = ("expired" if not waiver.in_force(on) else "applied" if status == "failed" else "unused")
        if waiver_state == "applied":
            status = "waived"
    return {"title": req.title, "area": req.area, "level": req.level, "capability": req.capability,
            "applicable": applicable, "status": status, "scenarios": [s.id for s in mine],
            "waiver": None if waiver is None else {**waiver.as_json(), "state": waiver_state}}


def _verdict(per_req: Mapping[str, Mapping[str, Any]], counts: Counter[str], profile: str) -> str:
    deciding = [row for req_id, row in per_req.items()
                if row["applicable"] and requirements()[req_id].counts_for_verdict]
    if any(row["status"] == "failed" for row in deciding):
        return "non-conformant"
    not_run = profile == "full" and any(row["status"] == "not-run" for row in deciding)
    if counts["broken"] or not_run or counts["passed"] == 0:
        return "inconclusive"
    return "conformant"


def summarise(scenarios: Iterable[ScenarioResult], config: ParticipantConfig, *, profile: str,
              waivers: Sequence[Waiver] = (), on: dt.date | None = None) -> dict[str, Any]:
    """The verdict part of ``summary.json``: counts, requirements, waivers, scenarios and the verdict.

    ``on`` is the run's date (UTC) against which waivers are judged; default today.
    """
    scenarios = list(scenarios)
    on = on or dt.datetime.now(dt.UTC).date()
    by_req = {w.requirement: w for w in waivers}
    counts = Counter(s.status for s in scenarios)
    per_req = {req_id: _requirement_row(req_id, [s for s in scenarios if req_id in s.requirements], config,
                                        by_req.get(req_id), on) for req_id in requirements()}
    return {"verdict": _verdict(per_req, counts, profile),
            "counts": {status: counts[status] for status in STATUSES},
            "requirements": per_req,
            "waivers": [{**w.as_json(), "state": per_req[w.requirement]["waiver"]["state"]} for w in waivers],
            "scenarios": [s.as_json() for s in scenarios]}


def load_baseline(path: Path) -> dict[str, str]:
    """Scenario id → status from a previous ``summary.json``; ``ConfigurationError`` if it is not one."""
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
        rows = document["scenarios"]
        return {str(row["id"]): str(row["status"]) for row in rows}
    except OSError as error:
        raise ConfigurationError(f"cannot read the baseline {path}: {error.strerror}") from error
    except (ValueError, KeyError, TypeError) as error:
        raise ConfigurationError(f"{path} is not a summary.json written by this harness ({error})") from error


def changes_since(baseline: Mapping[str, str], scenarios: Iterable[Mapping[str, Any]]) -> list[dict[str, str]]:
    """Scenarios whose status differs from ``baseline`` (``absent`` on the side where a scenario is missing)."""
    now = {str(s["id"]): str(s["status"]) for s in scenarios}
    return [{"scenario": sid, "before": baseline.get(sid, "absent"), "after": now.get(sid, "absent")}
            for sid in sorted(set(baseline) | set(now)) if baseline.get(sid, "absent") != now.get(sid, "absent")]
