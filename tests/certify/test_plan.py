"""The plan of a run: scenarios counted from the features exactly as pytest-bdd collects them, and the bound."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from bakong_conformance.certify import SUITE_ROOT, plan_of
from bakong_conformance.certify._plan import HARNESS_ALLOWANCE_S, _file_scenarios
from bakong_conformance.participant import MAX_CALLS_PER_SCENARIO, PROBES_PER_SCENARIO


def _collected(*marker: str) -> int:
    done = subprocess.run([sys.executable, "-m", "pytest", "steps/test_scenarios.py", "--collect-only", "-q",
                           "-p", "no:cacheprovider", *marker], cwd=SUITE_ROOT, capture_output=True, text=True,
                          check=True, timeout=120)
    return sum(1 for line in done.stdout.splitlines() if "::" in line)


@pytest.mark.parametrize(("smoke_only", "marker"), [(False, ()), (True, ("-m", "smoke"))])
def test_the_plan_counts_the_scenarios_pytest_collects(smoke_only: bool, marker: tuple[str, ...]) -> None:
    plan = plan_of(SUITE_ROOT / "features", smoke_only=smoke_only, has=lambda _: True, timeout_s=5)
    assert plan.selected == plan.applicable == _collected(*marker)


def test_scenarios_of_undeclared_capabilities_cost_no_calls_in_the_bound() -> None:
    everything = plan_of(SUITE_ROOT / "features", smoke_only=False, has=lambda _: True, timeout_s=5)
    issuer_only = plan_of(SUITE_ROOT / "features", smoke_only=False, has=lambda c: c == "khqr-issuer", timeout_s=5)
    assert issuer_only.selected == everything.selected
    assert 0 < issuer_only.applicable < everything.applicable
    assert issuer_only.bound_s < everything.bound_s


def test_the_bound_covers_every_call_of_every_applicable_scenario_at_its_deadline() -> None:
    plan = plan_of(SUITE_ROOT / "features", smoke_only=False, has=lambda _: True, timeout_s=60)
    calls = plan.applicable * (MAX_CALLS_PER_SCENARIO + PROBES_PER_SCENARIO)
    assert plan.bound_s >= calls * 60 + HARNESS_ALLOWANCE_S
    assert "60 s" in plan.describe()
    assert "h" in plan.describe()


def test_outline_rows_tags_and_rules_are_read_as_pytest_bdd_reads_them() -> None:
    lines = Path(__file__).with_name("plan_sample.feature").read_text(encoding="utf-8").splitlines()
    assert list(_file_scenarios(lines)) == [
        (frozenset({"feature-tag", "REQ-A", "smoke"}), 1),
        (frozenset({"feature-tag", "rule-tag", "REQ-B"}), 3),
        (frozenset({"feature-tag", "rule-tag", "REQ-C"}), 1),
    ]
