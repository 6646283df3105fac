"""The plan of a run and the time bound that follows from it.

Every call to the participant has one deadline (``timeout_s``) and a scenario makes at most
:data:`~bakong_conformance.participant.MAX_CALLS_PER_SCENARIO` calls plus
:data:`~bakong_conformance.participant.PROBES_PER_SCENARIO` liveness checks, so a run can never take longer
than ``applicable scenarios × (calls + checks) × timeout_s``, plus the harness's own work. That bound is
printed before the run starts and the suite is stopped there: a participant that answers every call within
``timeout_s`` always gets its verdict, and one that is slow fails the calls it was slow on.

The scenarios are counted from the feature files, as pytest-bdd collects them (a ``Scenario`` is one, a
``Scenario Outline`` one per example row), with the profile's tag filter and the participant's capabilities
(a scenario of a capability it does not declare makes no call).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from ..catalogue import capabilities, requirements
from ..participant import MAX_CALLS_PER_SCENARIO, PROBES_PER_SCENARIO

__all__ = ["HARNESS_ALLOWANCE_S", "PER_SCENARIO_ALLOWANCE_S", "RUN_NOTES_FORMAT", "Plan", "plan_of"]

RUN_NOTES_FORMAT = "bakong-conformance/run-notes/1"
HARNESS_ALLOWANCE_S = 120.0
"""The harness's own work besides the calls (starting the suite, loading schemas), at most."""
PER_SCENARIO_ALLOWANCE_S = 1.0
"""The harness's own work per scenario (checks, simulators, evidence), at most."""

_SCENARIO = ("Scenario:", "Example:")
_OUTLINE = ("Scenario Outline:", "Scenario Template:")


@dataclass(frozen=True, slots=True)
class Plan:
    """How many scenarios a run selects, how many of them apply to the participant, and its time bound."""

    selected: int
    applicable: int
    timeout_s: float

    @property
    def calls_per_scenario(self) -> int:
        """The most calls (and liveness checks) one scenario makes to the participant."""
        return MAX_CALLS_PER_SCENARIO + PROBES_PER_SCENARIO

    @property
    def bound_s(self) -> float:
        """The longest the run can take: every call of every applicable scenario at its deadline, plus the
        harness's own work."""
        return (self.applicable * self.calls_per_scenario * self.timeout_s
                + self.selected * PER_SCENARIO_ALLOWANCE_S + HARNESS_ALLOWANCE_S)

    def describe(self) -> str:
        """One line for the terminal, before the run starts."""
        return (f"time bound: {self.selected} scenarios ({self.applicable} apply to the participant), each at "
                f"most {self.calls_per_scenario} calls of at most {self.timeout_s:g} s, plus the harness's own "
                f"work: {_duration(self.bound_s)} at most. A sandbox answering every call within "
                f"{self.timeout_s:g} s always gets its verdict; most runs take seconds.")


def plan_of(features: Path, *, smoke_only: bool, has: Callable[[str], bool], timeout_s: float) -> Plan:
    """The plan of a run over the feature files under ``features``: ``smoke_only`` for the smoke profile,
    ``has`` tells whether the participant has a capability."""
    selected = applicable = 0
    for tags, count in _scenarios(features):
        if smoke_only and "smoke" not in tags:
            continue
        selected += count
        needed = {requirements()[t].capability for t in tags if t in requirements()}
        if all(has(c) or capabilities()[c].implied for c in needed):
            applicable += count
    return Plan(selected, applicable, timeout_s)


def _scenarios(features: Path) -> Iterator[tuple[frozenset[str], int]]:
    """(tags, number of collected tests) of every scenario of every ``.feature`` file under ``features``."""
    for path in sorted(features.rglob("*.feature")):
        yield from _file_scenarios(path.read_text(encoding="utf-8").splitlines())


def _file_scenarios(lines: list[str]) -> Iterator[tuple[frozenset[str], int]]:
    feature_tags: frozenset[str] = frozenset()
    rule_tags: frozenset[str] = frozenset()
    pending: set[str] = set()
    outline: frozenset[str] | None = None      # tags of the outline whose example rows are being counted
    rows = 0
    in_examples = in_table = False
    for raw in lines:
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("|"):
            if outline is not None and in_examples:
                rows += 1 if in_table else 0    # the first row of each Examples table is its header
                in_table = True
            continue
        in_table = False
        if line.startswith("@"):
            pending |= {tag.lstrip("@") for tag in line.split()}
            continue
        keyword_line = line.startswith(("Feature:", "Rule:", "Background:", "Examples:", "Scenarios:",
                                        *_SCENARIO, *_OUTLINE))
        if keyword_line and not line.startswith(("Examples:", "Scenarios:")) and outline is not None:
            yield outline, rows
            outline, rows = None, 0
        if line.startswith("Feature:"):
            feature_tags, rule_tags = frozenset(pending), frozenset()
        elif line.startswith("Rule:"):
            rule_tags = frozenset(pending)
        elif line.startswith(_OUTLINE):
            outline = feature_tags | rule_tags | pending
        elif line.startswith(_SCENARIO):
            yield feature_tags | rule_tags | pending, 1
        if keyword_line:
            pending = set()
            in_examples = line.startswith(("Examples:", "Scenarios:"))
    if outline is not None:
        yield outline, rows


def _duration(seconds: float) -> str:
    minutes, secs = divmod(round(seconds), 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours} h {minutes:02d} min" if hours else f"{minutes} min {secs:02d} s"
