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

The scope: ``capabilities.assessed`` lists the capabilities the participant has (declared or implied) that this
harness version has requirements for, ``capabilities.notAssessed`` the declared ones it has none for yet (the
certificate says nothing about those). Each failed scenario keeps its failure message in plain words,
``failure = {"title", "sent", "requires", "expected", "actual"}`` (:func:`failure_parts`; each at most
:data:`FAILURE_TEXT_MAX` characters), for the certificate page.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..catalogue import capabilities, requirements
from ..config import ParticipantConfig
from ..errors import ConfigurationError
from ..report import plain_message
from ._waivers import Waiver

__all__ = ["FAILURE_TEXT_MAX", "NOT_APPLICABLE", "STATUSES", "SUMMARY_FORMAT", "ScenarioResult", "changes_since",
           "failure_parts", "load_baseline", "read_results", "scope", "summarise"]

SUMMARY_FORMAT = "bakong-conformance/summary/1"
NOT_APPLICABLE = "not applicable:"
STATUSES = ("passed", "failed", "broken", "skipped", "not-applicable")
_RANK = {"passed": 0, "skipped": 1, "broken": 2, "failed": 3}
FAILURE_TEXT_MAX = 600
_LABELS = {"Sent": "sent", "The standard requires": "requires", "Expected": "expected", "Actual": "actual",
           "Requirement": ""}                     # "": dropped (the certificate shows the requirement)
_LABELLED = re.compile(f"({'|'.join(_LABELS)}): ?(.*)")


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
        """The scenario as written in the summary (a failed one with its ``failure``, see :func:`failure_parts`)."""
        row = {"id": self.id, "name": self.name, "status": self.status, "requirements": list(self.requirements),
               "message": self.message, "result": self.result_file}
        return {**row, "failure": failure_parts(self.message)} if self.status == "failed" else row


def _bounded(lines: list[str]) -> str:
    text = "\n".join(lines).strip()
    return text if len(text) <= FAILURE_TEXT_MAX else text[:FAILURE_TEXT_MAX - 1].rstrip() + "…"


def failure_parts(message: str) -> dict[str, str]:
    """A failure message (a ``ConformanceFailure``: a title line, then ``Sent: ...``, ``The standard requires:
    ...``, ``Expected: ...``, ``Actual: ...``, ``Requirement: ...``, each value possibly over several lines) in
    parts: ``title``, ``sent``, ``requires``, ``expected``, ``actual``, each bounded, "" when absent. The
    exception class path Python prints first is dropped, and so is the requirement line."""
    title, *rest = plain_message(message).splitlines() or [""]
    parts: dict[str, list[str]] = {"title": [title], **{part: [] for part in _LABELS.values() if part}}
    current = "title"
    for line in rest:
        labelled = _LABELLED.fullmatch(line)
        if labelled:
            current, line = _LABELS[labelled.group(1)], labelled.group(2)
        if current:
            parts[current].append(line)
    return {name: _bounded(lines) for name, lines in parts.items()}


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
    return {"title": req.title, "area": req.area, "source": req.source, "level": req.level,
            "capability": req.capability, "applicable": applicable, "status": status, "scenarios": [s.id for s in mine],
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


def scope(config: ParticipantConfig) -> dict[str, list[str]]:
    """``{"assessed": [...], "notAssessed": [...]}``: the capabilities of ``config`` this harness version has
    requirements for, and the declared ones it has none for (capability IDs, in catalogue order)."""
    covered = {req.capability for req in requirements().values()}
    mine = [c for c in capabilities() if config.has(c)]
    return {"assessed": [c for c in mine if c in covered], "notAssessed": [c for c in mine if c not in covered]}


def summarise(scenarios: Iterable[ScenarioResult], config: ParticipantConfig, *, profile: str,
              waivers: Sequence[Waiver] = (), on: dt.date | None = None) -> dict[str, Any]:
    """The verdict part of ``summary.json``: scope, counts, requirements, waivers, scenarios and the verdict.

    ``on`` is the run's date (UTC) against which waivers are judged; default today.
    """
    scenarios = list(scenarios)
    on = on or dt.datetime.now(dt.UTC).date()
    by_req = {w.requirement: w for w in waivers}
    counts = Counter(s.status for s in scenarios)
    per_req = {req_id: _requirement_row(req_id, [s for s in scenarios if req_id in s.requirements], config,
                                        by_req.get(req_id), on) for req_id in requirements()}
    assessed = scope(config)
    return {"verdict": _verdict(per_req, counts, profile), "capabilities": assessed,
            "capability_names": {c: capabilities()[c].name for c in [*assessed["assessed"], *assessed["notAssessed"]]},
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
