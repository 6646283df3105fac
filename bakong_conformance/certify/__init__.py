"""Certification runs: the suite against one participant, the summary, the verdict, the report and certificate."""

from __future__ import annotations

from ._plan import RUN_NOTES_FORMAT, Plan, plan_of
from ._run import EXIT_CODES, PROFILES, SUITE_ROOT, Options, evaluate, run
from ._selfcheck import DEFECT_SET_LABEL, defect_set_capabilities, evaluate_defect_sets
from ._summary import (
    FAILURE_TEXT_MAX,
    NOT_APPLICABLE,
    ScenarioResult,
    changes_since,
    failure_parts,
    load_baseline,
    read_results,
    scope,
    summarise,
)
from ._waivers import Waiver, load_waivers

__all__ = ["DEFECT_SET_LABEL", "EXIT_CODES", "FAILURE_TEXT_MAX", "NOT_APPLICABLE", "PROFILES", "RUN_NOTES_FORMAT",
           "SUITE_ROOT", "Options", "Plan", "ScenarioResult", "Waiver", "changes_since", "defect_set_capabilities",
           "evaluate", "evaluate_defect_sets", "failure_parts", "load_baseline", "load_waivers", "plan_of",
           "read_results", "run", "scope", "summarise"]
