"""``bakong-conformance certify``: run the certification suite against a participant and write the evidence.

The suite runs as a child ``python -m pytest`` process (this library never imports pytest), writing
``OUT/allure-results`` and ``OUT/junit.xml``; then ``OUT/summary.json`` and the single-file
``OUT/html/index.html`` are produced from the results. Exit codes: 0 conformant, 1 non-conformant,
2 harness or usage error.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ..errors import ConfigurationError, HarnessError
from ..participant import token_from_env
from ..reference import behaviour_with
from ._summary import read_results, summarise

__all__ = ["PROFILES", "SUITE_ROOT", "evaluate", "run"]

SUITE_ROOT = Path(__file__).resolve().parents[2]
PROFILES = {"full": [], "smoke": ["-m", "smoke"]}
SUITE_TIMEOUT_S = 45 * 60
_PYTEST_OK = (0, 1)                     # all passed / some failed; anything else is a harness problem


def _check_options(participant_url: str | None, token_env: str | None, defects: Sequence[str],
                   profile: str) -> None:
    if profile not in PROFILES:
        raise ConfigurationError(f"unknown profile {profile!r}; choose from {', '.join(PROFILES)}")
    if participant_url is not None:
        token_from_env(token_env)
        if defects:
            raise ConfigurationError("--defect switches apply to the bundled reference participant only")
    behaviour_with(defects)             # unknown defect names fail here, before anything runs
    if not (SUITE_ROOT / "steps" / "test_scenarios.py").is_file():
        raise ConfigurationError(f"the certification suite is not at {SUITE_ROOT} (run from a checkout)")


def _pytest_args(out: Path, participant_url: str | None, token_env: str | None, defects: Sequence[str],
                 profile: str) -> list[str]:
    args = [sys.executable, "-m", "pytest", "steps/test_scenarios.py", "-q", "-p", "no:cacheprovider",
            f"--alluredir={out / 'allure-results'}", f"--junitxml={out / 'junit.xml'}", *PROFILES[profile]]
    if participant_url is not None:
        args += [f"--participant-url={participant_url}", f"--token-env={token_env}"]
    return args + [f"--defect={name}" for name in defects]


def _run_suite(args: list[str]) -> int:
    try:
        return subprocess.run(args, cwd=SUITE_ROOT, timeout=SUITE_TIMEOUT_S, check=False).returncode
    except subprocess.TimeoutExpired as slow:
        raise HarnessError(f"the suite did not finish within {SUITE_TIMEOUT_S} s") from slow


def _fresh(out: Path) -> None:
    for name in ("allure-results", "html"):
        shutil.rmtree(out / name, ignore_errors=True)
    out.mkdir(parents=True, exist_ok=True)


def evaluate(participant_url: str | None, token_env: str | None, defects: Sequence[str], profile: str,
             out: Path, *, name: str) -> dict[str, Any]:
    """Run the suite into ``out`` and write ``summary.json``; the summary. No HTML (see :func:`run`)."""
    _check_options(participant_url, token_env, defects, profile)
    _fresh(out)
    code = _run_suite(_pytest_args(out, participant_url, token_env, defects, profile))
    if code not in _PYTEST_OK:
        raise HarnessError(f"the suite could not run (pytest exit code {code}); see the output above")
    summary = summarise(read_results(out / "allure-results"), participant=name, profile=profile, defects=defects)
    (out / "summary.json").write_text(json.dumps(summary, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return summary


def run(participant: str | None, participant_url: str | None, token_env: str | None, defects: Sequence[str],
        profile: str, out: Path) -> int:
    """Certify the participant; write allure-results, junit.xml, summary.json and html/index.html to ``out``."""
    name = participant_url or participant or "reference"
    summary = evaluate(participant_url, token_env, defects, profile, out.resolve(), name=name)
    _render(out.resolve(), name, summary["verdict"])
    _print_table(summary)
    return 0 if summary["verdict"] == "conformant" else 1


def _render(out: Path, name: str, verdict: str) -> None:
    from ..report import render_html
    render_html(out / "allure-results", out / "html", report_name=f"KHQR conformance: {name} ({verdict})")


def _print_table(summary: dict[str, object]) -> None:
    reqs = summary["requirements"]
    assert isinstance(reqs, dict)
    width = max(len(r) for r in reqs)
    print(f"\n{'requirement':<{width}}  status   scenarios")
    for req_id, row in reqs.items():
        print(f"{req_id:<{width}}  {row['status']:<8} {len(row['scenarios'])}")
    print(f"\nverdict: {summary['verdict']}  counts: {summary['counts']}")
