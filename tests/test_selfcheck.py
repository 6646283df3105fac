"""The harness can fail: every defect switch fails the requirements it violates; the reference passes all.

The reference is the shared certification of the in-process reference participant (``reference_summary``,
tests/conftest.py). The defects are judged in one child pytest run (``certify.evaluate_defect_sets``): each
defect over every scenario of the capabilities it touches (those of the requirements it violates), as a run of
its own, and judged as a certification run is. That a defect changes nothing else is the reference run's proof.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from bakong_conformance.catalogue import requirements
from bakong_conformance.certify import SUITE_ROOT, evaluate_defect_sets
from bakong_conformance.errors import ConfigurationError, HarnessError
from bakong_conformance.reference import defects

DEFECTS = {d.name: d for d in defects()}
TWO_ROLES = ("crc-lower-case", "scanner-accepts-bad-crc")      # a set of defects of two capabilities


@pytest.fixture(scope="module")
def defect_runs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, Any]]:
    """Every defect alone, and :data:`TWO_ROLES` together, all in one child run: the judgement of each, by set id
    (the defect names joined by commas)."""
    sets = [(name,) for name in sorted(DEFECTS)] + [TWO_ROLES]
    return evaluate_defect_sets(sets, tmp_path_factory.mktemp("defects"))


def _touches(scenario: dict[str, Any], touched: frozenset[str]) -> bool:
    return any(requirements()[r].capability in touched for r in scenario["requirements"])


def test_reference_participant_is_conformant_on_every_requirement(reference_summary: dict[str, Any]) -> None:
    statuses = {req: row["status"] for req, row in reference_summary["requirements"].items()}
    assert reference_summary["verdict"] == "conformant"
    assert set(statuses) == set(requirements())
    assert set(statuses.values()) == {"passed"}, statuses


def test_reference_run_has_at_least_80_passed_scenarios_and_nothing_else(reference_summary: dict[str, Any]) -> None:
    counts = reference_summary["counts"]
    assert counts["passed"] >= 80
    assert counts["failed"] == counts["broken"] == counts["skipped"] == counts["not-applicable"] == 0


def test_there_are_at_least_15_defect_switches() -> None:
    assert len(DEFECTS) >= 15


@pytest.mark.parametrize("name", sorted(DEFECTS))
def test_defect_fails_the_requirements_it_violates(name: str, defect_runs: dict[str, dict[str, Any]]) -> None:
    summary = defect_runs[name]
    failed = {req for req, row in summary["requirements"].items() if row["status"] == "failed"}
    assert summary["verdict"] == "non-conformant"
    assert set(DEFECTS[name].violates) <= failed, f"{name}: failed only {sorted(failed)}"
    assert summary["counts"]["broken"] == 0, "a participant defect must fail scenarios, never break them"


@pytest.mark.parametrize("name", sorted(DEFECTS))
def test_each_defect_ran_every_scenario_of_the_capabilities_it_touches_and_no_other(
        name: str, defect_runs: dict[str, dict[str, Any]], reference_summary: dict[str, Any]) -> None:
    touched = DEFECTS[name].capabilities
    summary = defect_runs[name]
    assert set(summary["touched"]) == touched
    assert sorted(s["id"] for s in summary["scenarios"]) == sorted(
        s["id"] for s in reference_summary["scenarios"] if _touches(s, touched))
    assert summary["counts"]["skipped"] == summary["counts"]["not-applicable"] == 0
    assert {row["status"] for row in summary["requirements"].values() if row["capability"] in touched} <= {
        "passed", "failed"}


def test_a_set_of_defects_of_two_capabilities_fails_what_each_violates_over_both(
        defect_runs: dict[str, dict[str, Any]], reference_summary: dict[str, Any]) -> None:
    summary = defect_runs[",".join(TWO_ROLES)]
    touched = DEFECTS[TWO_ROLES[0]].capabilities | DEFECTS[TWO_ROLES[1]].capabilities
    failed = {req for req, row in summary["requirements"].items() if row["status"] == "failed"}
    assert touched == {"khqr-issuer", "khqr-acceptor"}
    assert summary["verdict"] == "non-conformant"
    assert {r for name in TWO_ROLES for r in DEFECTS[name].violates} <= failed
    assert summary["counts"]["broken"] == 0
    assert sorted(s["id"] for s in summary["scenarios"]) == sorted(
        s["id"] for s in reference_summary["scenarios"] if _touches(s, touched))


def test_defect_sets_must_be_distinct_and_none_empty(tmp_path: Path) -> None:
    for sets in ([], [()], [("crc-lower-case",), ("crc-lower-case",)]):
        with pytest.raises(HarnessError, match="distinct and none empty"):
            evaluate_defect_sets(sets, tmp_path)
    with pytest.raises(ConfigurationError, match="unknown defect 'no-such-defect'"):
        evaluate_defect_sets([("no-such-defect",)], tmp_path)
    assert list(tmp_path.iterdir()) == []


def test_the_suite_refuses_defect_sets_for_any_other_participant() -> None:
    done = subprocess.run([sys.executable, "-m", "pytest", "steps/test_scenarios.py", "--collect-only", "-q",
                           "-p", "no:cacheprovider", "--defect-set=crc-lower-case", "--defect=crc-lower-case"],
                          cwd=SUITE_ROOT, capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == pytest.ExitCode.USAGE_ERROR, done.stdout + done.stderr
    assert "--defect-set certifies the bundled reference participant alone" in done.stderr


def test_every_mandatory_requirement_has_a_defect_switch_or_a_written_reason_why_none_can_exist() -> None:
    violated = {req for defect in DEFECTS.values() for req in defect.violates}
    unproven = [r.id for r in requirements().values()
                if r.level == "mandatory" and r.id not in violated and not r.no_defect_reason.strip()]
    assert unproven == []


def test_a_written_reason_is_given_only_where_no_defect_exists() -> None:
    violated = {req for defect in DEFECTS.values() for req in defect.violates}
    assert [r.id for r in requirements().values() if r.no_defect_reason and r.id in violated] == []
