"""Certification runs: the suite against one participant, the summary, the verdict, the report and certificate."""

from __future__ import annotations

from ._plan import RUN_NOTES_FORMAT, Plan, plan_of
from ._run import EXIT_CODES, PROFILES, SUITE_ROOT, Options, evaluate, run
from ._summary import NOT_APPLICABLE, ScenarioResult, changes_since, load_baseline, read_results, summarise
from ._waivers import Waiver, load_waivers

__all__ = ["EXIT_CODES", "NOT_APPLICABLE", "PROFILES", "RUN_NOTES_FORMAT", "SUITE_ROOT", "Options", "Plan",
           "ScenarioResult", "Waiver", "changes_since", "evaluate", "load_baseline", "load_waivers", "plan_of",
           "read_results", "run", "summarise"]
