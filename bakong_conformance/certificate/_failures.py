""""What failed and why": the top of a certificate whose participant did not meet a requirement.

Each requirement not met (failed, or failed under a waiver) with its failed scenarios by name, each linked to
its evidence in the Allure report. The first :data:`DETAILED_SCENARIOS` show the failure in plain words (its
title, what was sent, what the standard requires beyond the requirement itself, what was expected, what the
participant did: the ``failure`` parts the summary keeps); the others are named, up to :data:`NAMED_SCENARIOS`,
and the page says how many more the report holds. A scenario that failed only because the sandbox had stopped
answering earlier (a follower of a stop, which the page says once, above) is named, never detailed.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ._markup import LEVEL_WORDS, STATUS_WORDS, e, req_id, supplied_text

__all__ = ["DETAILED_SCENARIOS", "NAMED_SCENARIOS", "failures_section"]

DETAILED_SCENARIOS = 3
NAMED_SCENARIOS = 30
_NOT_MET = ("failed", "waived")
_FALLBACK_MAX = 600        # an old summary without ``failure`` parts: its message, cut
_FOLLOWER = " (not called: the sandbox had stopped answering, see above)"
_PARTS = (("What was sent", "sent"), ("The standard requires", "requires"), ("Expected", "expected"),
          ("Actual", "actual"))


def _parts(scenario: Mapping[str, Any]) -> Mapping[str, str]:
    failure = scenario.get("failure")
    if isinstance(failure, dict):
        return failure
    return {"title": str(scenario.get("message", ""))[:_FALLBACK_MAX]}


def _evidence(scenario: Mapping[str, Any], links: Mapping[str, str]) -> str:
    link = links.get(scenario["id"])
    return f' <a class="evidence" href="{e(link)}">evidence</a>' if link else ""


def _beyond(requires: str, req: str, row: Mapping[str, Any]) -> str:
    """What the standard requires, without the requirement's own statement (the heading gives it)."""
    statement = f"{req}: {row['title']}"
    for own in (f"{statement} (source: {row.get('source', '')})", statement):
        requires = requires.replace(f"; {own}", "").replace(f"{own}; ", "").replace(own, "")
    return requires.strip("; ")


def _scenario(scenario: Mapping[str, Any], req: str, row: Mapping[str, Any], links: Mapping[str, str]) -> str:
    parts = {**_parts(scenario)}
    parts["requires"] = _beyond(parts.get("requires", ""), req, row)
    pairs = "".join(f'<dt>{label}</dt><dd class="{key}">{supplied_text(parts[key])}</dd>'
                    for label, key in _PARTS if parts.get(key))
    return (f'<li class="failed-scenario" data-scenario="{e(scenario["id"])}">'
            f'<p class="scenario-name">{e(scenario["name"])}{_evidence(scenario, links)}</p>'
            f'<p class="failure-title">{supplied_text(parts.get("title", ""))}</p>'
            f'{f"<dl>{pairs}</dl>" if pairs else ""}</li>')


def _named(failed: list[Mapping[str, Any]], links: Mapping[str, str], followers: frozenset[str]) -> str:
    """The failed scenarios after the detailed ones, by name, and how many more the report holds."""
    named = "".join(f'<li class="failed-scenario named" data-scenario="{e(s["id"])}">{e(s["name"])}'
                    f"{_FOLLOWER if s['name'] in followers else ''}{_evidence(s, links)}</li>"
                    for s in failed[:NAMED_SCENARIOS])
    rest = len(failed) - NAMED_SCENARIOS
    more = f'<p class="more-failures">and {rest} more, in the full report.</p>' if rest > 0 else ""
    return f'<p class="also-failed">Also failed:</p><ul class="also-failed">{named}</ul>{more}' if named else ""


def _requirement(req: str, row: Mapping[str, Any], scenarios: Mapping[str, Mapping[str, Any]],
                 links: Mapping[str, str], followers: frozenset[str]) -> str:
    mine = [scenarios[s] for s in row["scenarios"] if s in scenarios]
    ran = [s for s in mine if s["status"] != "not-applicable"]
    failed = [s for s in ran if s["status"] == "failed"]
    facts = [LEVEL_WORDS.get(row["level"], row["level"]), STATUS_WORDS.get(row["status"], row["status"]),
             f"{len(failed)} of {len(ran)} scenario(s) failed"]
    source = f" · Source: {e(row['source'])}" if row.get("source") else ""
    waived = ('<p class="note">A waiver in force covers this failure (see Waivers): it does not fail the '
              "verdict.</p>" if row["status"] == "waived" else "")
    failed.sort(key=lambda s: s["name"] in followers)      # stable: the participant's own failures first
    detail = [s for s in failed if s["name"] not in followers][:DETAILED_SCENARIOS]
    detailed = "".join(_scenario(s, req, row, links) for s in detail)
    return (f'<article class="failure" data-requirement="{e(req)}" data-status="{e(row["status"])}">'
            f"<h3>{req_id(req)} {e(row['title'])}</h3>"
            f'<p class="failure-facts">{e(" · ".join(facts))}{source}</p>{waived}'
            f'<ol class="failed-scenarios">{detailed}</ol>{_named(failed[len(detail):], links, followers)}</article>')


def failures_section(summary: Mapping[str, Any], links: Mapping[str, str]) -> str:
    """The section for the applicable requirements not met in ``summary`` (failed first, then waived); "" when
    there is none. ``links``: failed scenario id → its page in the report."""
    rows = [(r, row) for r, row in summary["requirements"].items() if row["applicable"] and row["status"] in _NOT_MET]
    if not rows:
        return ""
    rows.sort(key=lambda item: _NOT_MET.index(item[1]["status"]))
    scenarios = {s["id"]: s for s in summary["scenarios"]}
    followers = frozenset(name for stop in summary.get("sandbox_stops", []) for name in stop["followers"])
    blocks = "".join(_requirement(r, row, scenarios, links, followers) for r, row in rows)
    return ('<section id="failures"><h2>What failed and why</h2>'
            "<p>Each requirement not met, with its failed scenarios: what the standard expects, what the "
            "participant did, and a link to the evidence (every request and answer) in the full report.</p>"
            f"{blocks}</section>")
