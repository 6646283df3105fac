"""After the verdict: the Allure report, ``certificate.html``, a last search for secrets, ``certificate.json``.

The order matters: every page is written before the certificate, so the certificate's digests cover them, and
the folder is searched for secrets before anything is signed.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from ..certificate import (
    SigningKey,
    fingerprint,
    issuer_statement,
    render_certificate_page,
    sign_certificate,
    suite_digest,
)
from ..config import ParticipantConfig
from ._secrets import Secret, check_no_secrets

__all__ = ["REPORT_PAGE", "certificate_body", "publish"]

REPORT_PAGE = "html/index.html"
_WORST_FIRST = {"failed": 0, "broken": 1, "skipped": 2, "passed": 3, "not-applicable": 4}


def _report_title(config: ParticipantConfig, summary: Mapping[str, Any]) -> str:
    return f"KHQR conformance: {config.describe()}, {summary['profile']} profile ({summary['verdict']})"


def _href(out: Path, scenario: Mapping[str, Any]) -> str:
    from ..report import result_href
    result = json.loads((out / "allure-results" / scenario["result"]).read_text(encoding="utf-8"))
    return result_href(REPORT_PAGE, result)


def _links(out: Path, summary: Mapping[str, Any]) -> dict[str, str]:
    """Requirement → a link into the Allure report at its most telling scenario (the first failure, say)."""
    by_id = {s["id"]: s for s in summary["scenarios"]}
    links = {}
    for req_id, row in summary["requirements"].items():
        mine = sorted((by_id[s] for s in row["scenarios"]), key=lambda s: _WORST_FIRST.get(s["status"], 0))
        if mine:
            links[req_id] = _href(out, mine[0])
    return links


def _failure_links(out: Path, summary: Mapping[str, Any]) -> dict[str, str]:
    """Failed scenario id → a link to its page in the Allure report."""
    return {s["id"]: _href(out, s) for s in summary["scenarios"] if s["status"] == "failed"}


def _names(summary: Mapping[str, Any], kind: str) -> str:
    return ", ".join(summary["capability_names"][c] for c in summary["capabilities"][kind]) or "none"


def _render_report(out: Path, config: ParticipantConfig, summary: Mapping[str, Any]) -> None:
    from ..report import render_html, write_report_metadata
    environment = {"Participant": config.describe(), "Software version": config.software_version,
                   "Sandbox": config.base_url or "bundled reference participant (in-process)",
                   "Capabilities assessed": _names(summary, "assessed"),
                   "Declared, not assessed": _names(summary, "notAssessed"),
                   "Profile": summary["profile"], "Verdict": summary["verdict"],
                   "Harness version": summary["harness"]["version"], "Started (UTC)": summary["started"]}
    executor = {"name": "bakong-conformance", "type": "bakong-conformance",
                "buildName": f"certification {summary['started']}"}
    write_report_metadata(out / "allure-results", environment=environment, executor=executor)
    render_html(out / "allure-results", out / "html", report_name=_report_title(config, summary))


def publish(out: Path, config: ParticipantConfig, summary: dict[str, Any], key: SigningKey,
            secrets: Sequence[Secret], suite_root: Path) -> None:
    """Write the report, ``certificate.html`` and the signed ``certificate.json`` for a judged run in ``out``
    (``suite_root``: the checkout of the suite that judged, whose digest the certificate carries)."""
    _render_report(out, config, summary)
    issuer = issuer_statement(key, config.issuer)
    suite = suite_digest(suite_root)
    page_summary = {**summary, "suite": suite}
    signature = {"fingerprint": fingerprint(key.private.public_key())}
    page = render_certificate_page(page_summary, signature, issuer, _links(out, summary), REPORT_PAGE,
                                   scenario_links=_failure_links(out, summary))
    (out / "certificate.html").write_text(page, encoding="utf-8")
    check_no_secrets(out, secrets)
    sign_certificate(out, certificate_body(summary, suite, issuer), key)


def certificate_body(summary: Mapping[str, Any], suite: Mapping[str, Any], issuer: Mapping[str, str]
                     ) -> dict[str, Any]:
    """What ``certificate.json`` signs (before the files' digests are added), from the run's ``summary``."""
    return {"harness": summary["harness"], "suite": suite, "participant": summary["participant"],
            "capabilities": summary["capabilities"],
            "profile": summary["profile"], "defects": summary["defects"], "started": summary["started"],
            "finished": summary["finished"], "verdict": summary["verdict"], "issuer": issuer,
            "requirements": {req_id: {"status": row["status"], "level": row["level"], "applicable": row["applicable"],
                                      "waiver": row["waiver"]} for req_id, row in summary["requirements"].items()},
            "counts": summary["counts"], "changes": summary["changes"], "time_bound_s": summary["time_bound_s"],
            "sandbox_stops": summary["sandbox_stops"]}
