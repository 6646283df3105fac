"""``bakong-conformance certify``: run the certification suite against a participant and write the evidence.

The suite runs as a child ``python -m pytest`` process (this library never imports pytest), writing
``OUT/allure-results`` and ``OUT/junit.xml``. Then, in order: secrets are scrubbed from those files; the
results are tidied for readers (:func:`bakong_conformance.report.tidy_results`); ``OUT/summary.json`` is
written (:func:`evaluate` stops here); the single-file Allure report ``OUT/html/index.html`` and
``OUT/certificate.html`` are rendered; the folder is searched for secrets; and ``OUT/certificate.json`` signs
the sha256 of every file. Exit codes: 0 conformant, 1 non-conformant,
2 inconclusive or a harness / usage error.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
import subprocess
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path
from typing import Any

from ..config import ParticipantConfig
from ..errors import ConfigurationError, HarnessError
from ..participant import token_from_env
from ..reference import behaviour_with
from ._plan import RUN_NOTES_FORMAT, Plan, plan_of
from ._secrets import Secret, configured_secrets, scrub_files
from ._summary import SUMMARY_FORMAT, changes_since, load_baseline, read_results, summarise
from ._waivers import Waiver, load_waivers

__all__ = ["EXIT_CODES", "PROFILES", "SUITE_ROOT", "Options", "evaluate", "run"]

SUITE_ROOT = Path(__file__).resolve().parents[2]
PROFILES = {"full": [], "smoke": ["-m", "smoke"]}
EXIT_CODES = {"conformant": 0, "non-conformant": 1, "inconclusive": 2}
_PYTEST_OK = (0, 1)                     # all passed / some failed; anything else is a harness problem
_RUN_PRODUCTS = ("allure-results", "html", "junit.xml", "summary.json", "certificate.json", "certificate.html",
                 "run-notes.json")
RUN_NOTES = "run-notes.json"


@dataclass(frozen=True, slots=True)
class Options:
    """What a run adds to the participant's configuration: profile, waivers, baseline, terminal progress."""

    profile: str | None = None           # None: the configuration's profile
    waivers: Path | None = None          # None: the configuration's waivers file, if any
    baseline: Path | None = None
    progress: bool = False


def _utc_now() -> str:
    return dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def _check(config: ParticipantConfig, profile: str) -> None:
    if profile not in PROFILES:
        raise ConfigurationError(f"unknown profile {profile!r}; choose from {', '.join(PROFILES)}")
    if not config.is_reference:
        token_from_env(config.token_env)
    behaviour_with(config.defects)      # unknown defect names fail here, before anything runs
    if not (SUITE_ROOT / "steps" / "test_scenarios.py").is_file():
        raise ConfigurationError(f"the certification suite is not at {SUITE_ROOT} (run from a checkout)")


def _declared(config: ParticipantConfig) -> str:
    from ..catalogue import capabilities
    return ",".join(c for c in capabilities() if config.has(c))


def _pytest_args(out: Path, config: ParticipantConfig, profile: str, progress: bool) -> list[str]:
    args = [sys.executable, "-m", "pytest", "steps/test_scenarios.py", "-q", "--tb=line", "-p", "no:cacheprovider",
            f"--alluredir={out / 'allure-results'}", f"--junitxml={out / 'junit.xml'}", *PROFILES[profile],
            f"--capabilities={_declared(config)}", f"--participant-timeout={config.timeout_s}",
            f"--participant-id={config.participant_id}"]
    if progress:
        args.append("--progress")
    if config.base_url is not None:
        args += [f"--participant-url={config.base_url}", f"--token-env={config.token_env}",
                 f"--networks-host={config.networks_host}", f"--networks-port={config.networks_port}"]
    if config.alipay_plus_client_id is not None and config.alipay_plus_public_key is not None:
        args += [f"--alipay-plus-client-id={config.alipay_plus_client_id}",
                 f"--alipay-plus-public-key={config.alipay_plus_public_key}",
                 f"--alipay-plus-key-version={config.alipay_plus_key_version}"]
    return args + [f"--defect={name}" for name in config.defects]


def _plan(config: ParticipantConfig, profile: str) -> Plan:
    return plan_of(SUITE_ROOT / "features", smoke_only=profile == "smoke", has=config.has,
                   timeout_s=config.timeout_s)


def _run_suite(args: list[str], plan: Plan) -> int:
    return _run_suites([args], plan)[0]


def _run_suites(runs: Sequence[list[str]], plan: Plan) -> list[int]:
    """Run each command line of ``runs`` at the same time (one child each), all stopped at ``plan``'s bound; the
    exit codes, in order."""
    children = [subprocess.Popen(args, cwd=SUITE_ROOT) for args in runs]
    deadline = time.monotonic() + plan.bound_s
    try:
        return [child.wait(timeout=max(0.0, deadline - time.monotonic())) for child in children]
    except subprocess.TimeoutExpired as slow:
        raise HarnessError(f"the suite did not finish within its time bound ({plan.bound_s:.0f} s): the harness, "
                           "not the participant, is at fault (every call to the participant has its deadline)"
                           ) from slow
    finally:
        for child in children:
            if child.poll() is None:
                child.kill()
                child.wait()


def _sandbox_stops(out: Path) -> list[dict[str, Any]]:
    """What the run noted about the sandbox stopping to answer (``run-notes.json``, written by the suite)."""
    path = out / RUN_NOTES
    if not path.is_file():
        return []
    notes = json.loads(path.read_text(encoding="utf-8"))
    if notes.get("format") != RUN_NOTES_FORMAT:
        raise HarnessError(f"{RUN_NOTES} is not in the format {RUN_NOTES_FORMAT}")
    return list(notes["sandboxStops"])


def _fresh(out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    for name in _RUN_PRODUCTS:
        target = out / name
        if target.is_dir():
            shutil.rmtree(target)
        else:
            target.unlink(missing_ok=True)


def _participant(config: ParticipantConfig) -> dict[str, Any]:
    return {"id": config.participant_id, "name": config.name, "base_url": config.base_url,
            "software_version": config.software_version, "reference": config.is_reference,
            "capabilities": sorted(config.capabilities)}


def _write_json(path: Path, document: object) -> None:
    path.write_text(json.dumps(document, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def _inputs(config: ParticipantConfig, options: Options) -> tuple[str, tuple[Waiver, ...], dict[str, str] | None]:
    profile = options.profile or config.profile
    _check(config, profile)
    waivers = load_waivers(options.waivers or config.waivers)
    baseline = load_baseline(options.baseline) if options.baseline else None
    return profile, waivers, baseline


def evaluate(config: ParticipantConfig, out: Path, options: Options = Options()) -> dict[str, Any]:
    """Run the suite into ``out`` and write ``summary.json``; the summary. No report or certificate."""
    return _evaluate(config, out.resolve(), options, configured_secrets(config))


def _evaluate(config: ParticipantConfig, out: Path, options: Options, secrets: Sequence[Secret]) -> dict[str, Any]:
    profile, waivers, baseline = _inputs(config, options)
    _fresh(out)
    plan = _plan(config, profile)
    print(plan.describe(), flush=True)
    started = dt.datetime.now(dt.UTC)
    code = _run_suite([*_pytest_args(out, config, profile, options.progress), f"--run-notes={out / RUN_NOTES}"],
                      plan)
    if code not in _PYTEST_OK:
        raise HarnessError(f"the suite could not run (pytest exit code {code}); see the output above")
    written = [*(out / "allure-results").iterdir(), out / "junit.xml", out / RUN_NOTES]
    scrub_files([path for path in written if path.is_file()], secrets)
    from ..report import tidy_results
    tidy_results(out / "allure-results")            # plain failure messages, no machine labels
    judged = summarise(read_results(out / "allure-results"), config, profile=profile, waivers=waivers,
                       on=started.date())
    summary = {"format": SUMMARY_FORMAT, "participant": _participant(config), "profile": profile,
               "defects": list(config.defects), "harness": {"name": "bakong-conformance",
                                                            "version": version("bakong-conformance")},
               "started": started.replace(microsecond=0).isoformat().replace("+00:00", "Z"),
               "finished": _utc_now(), "time_bound_s": round(plan.bound_s), **judged,
               "sandbox_stops": _sandbox_stops(out),
               "baseline": str(options.baseline) if options.baseline else None,
               "changes": None if baseline is None else changes_since(baseline, judged["scenarios"])}
    _write_json(out / "summary.json", summary)
    return summary


def run(config: ParticipantConfig, out: Path, options: Options = Options()) -> int:
    """Certify the participant: the summary, both HTML pages and the signed certificate in ``out``; exit code."""
    from ..certificate import load_signing_key
    out = out.resolve()
    key = load_signing_key(config.signing_key_file, config.signing_key_env)   # a bad key fails before the run
    secrets = configured_secrets(config)
    summary = _evaluate(config, out, options, secrets)
    from ._publish import publish
    publish(out, config, summary, key, secrets, SUITE_ROOT)
    _print_table(summary)
    return EXIT_CODES[summary["verdict"]]


def _print_table(summary: dict[str, Any]) -> None:
    from ..certificate import STATUS_WORDS, stop_sentences
    reqs = summary["requirements"]
    width = max(len(r) for r in reqs)
    print(f"\n{'requirement':<{width}}  {'status':<20} scenarios")
    for req_id, row in reqs.items():
        print(f"{req_id:<{width}}  {STATUS_WORDS.get(row['status'], row['status']):<20} {len(row['scenarios'])}")
    counts = ", ".join(f"{n} {status}" for status, n in summary["counts"].items() if n)
    for line in stop_sentences(summary["sandbox_stops"]):
        print(f"\n{line}")
    print(f"\nverdict: {summary['verdict']}  ({counts})")
    for change in summary["changes"] or []:
        print(f"changed since the baseline: {change['scenario']}: {change['before']} -> {change['after']}")
