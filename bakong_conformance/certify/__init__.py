"""Certification runs: the suite against one participant, the summary, the verdict and the HTML report."""

from __future__ import annotations

from ._run import PROFILES, SUITE_ROOT, evaluate, run
from ._summary import ScenarioResult, read_results, summarise

__all__ = ["PROFILES", "SUITE_ROOT", "ScenarioResult", "evaluate", "read_results", "run", "summarise"]
