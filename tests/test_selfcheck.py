"""The harness can fail: every defect switch fails the requirements it violates; the reference passes all.

Each case runs the whole certification suite (a child pytest) against the in-process reference participant.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from bakong_conformance.catalogue import requirements
from bakong_conformance.certify import evaluate
from bakong_conformance.config import reference_config
from bakong_conformance.reference import defects

DEFECTS = {d.name: d for d in defects()}


@pytest.fixture(scope="module")
def reference_summary(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    return evaluate(reference_config(), tmp_path_factory.mktemp("reference"))


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
def test_defect_fails_the_requirements_it_violates(name: str, tmp_path: Path) -> None:
    summary = evaluate(reference_config([name]), tmp_path)
    failed = {req for req, row in summary["requirements"].items() if row["status"] == "failed"}
    assert summary["verdict"] == "non-conformant"
    assert set(DEFECTS[name].violates) <= failed, f"{name}: failed only {sorted(failed)}"
    assert summary["counts"]["broken"] == 0, "a participant defect must fail scenarios, never break them"


def test_every_mandatory_requirement_has_a_defect_switch_or_a_written_reason_why_none_can_exist() -> None:
    violated = {req for defect in DEFECTS.values() for req in defect.violates}
    unproven = [r.id for r in requirements().values()
                if r.level == "mandatory" and r.id not in violated and not r.no_defect_reason.strip()]
    assert unproven == []


def test_a_written_reason_is_given_only_where_no_defect_exists() -> None:
    violated = {req for defect in DEFECTS.values() for req in defect.violates}
    assert [r.id for r in requirements().values() if r.no_defect_reason and r.id in violated] == []
