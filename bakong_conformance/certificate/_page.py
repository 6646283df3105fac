"""``certificate.html``: the one page a regulator reads first, self-contained and offline.

It shows the verdict in words, naming the capabilities assessed; what failed and why (each failed requirement
with its failed scenarios, expected and actual, and their evidence); what was assessed and what was declared but
not assessed (no requirement for it in this harness version); who was certified and when, who signed and the
key's fingerprint; the requirements grouped by area (met of applicable per area, each with its source, status
and a link to its evidence in the Allure report); the waivers; and the scenarios whose status changed since the
baseline. It prints as an A4 document (``@media print``). No script, no remote resource: a strict
Content-Security-Policy forbids both.

Text the participant or the operator supplied (names, IDs, versions, the sandbox address, the issuer's words,
waiver reasons, and the failure texts, which quote the participant's answers) is escaped and isolated in
``<bdi>`` (in the title, between U+2068 and U+2069, with any control
character shown as an escape), so a right-to-left override in a name cannot reorder the text around it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from ._failures import failures_section
from ._markup import LEVEL_WORDS, STATUS_WORDS, bdi, e, isolated, req_id

__all__ = ["STATUS_WORDS", "render_certificate_page", "stop_sentences"]

CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'"
_VERDICT_WORDS = {"conformant": "Conformant", "non-conformant": "Not conformant", "inconclusive": "Inconclusive"}
_STYLE = """
body{font:15px/1.45 system-ui,sans-serif;color:#1b1f24;margin:0;background:#f5f6f8}
main{max-width:1100px;margin:0 auto;padding:24px 32px 48px;background:#fff}
h1{font-size:26px;margin:0 0 4px}h2{font-size:19px;margin:32px 0 8px}h3{font-size:16px;margin:0 0 4px}
.verdict{display:inline-block;font-size:22px;font-weight:700;padding:6px 16px;border-radius:6px;margin:12px 0 4px}
.verdict-conformant{background:#dff3e4;color:#0f5323}.verdict-non-conformant{background:#fbe0e0;color:#8a1010}
.verdict-inconclusive{background:#fff1cc;color:#6b4a00}
.note{background:#fff8e1;border-left:4px solid #e0a800;padding:8px 12px;margin:12px 0}
table{border-collapse:collapse;width:100%;margin:8px 0}th,td{text-align:left;vertical-align:top;padding:6px 8px;
border-bottom:1px solid #e3e6ea}th{background:#f0f2f5;font-weight:600}
table.facts th{width:210px;background:none}
tr.area-heading th{background:#e4e8ee;font-size:16px;padding-top:10px}.area-count{font-weight:400;margin-left:8px}
td.source{font-size:13px;color:#3d4650;overflow-wrap:anywhere}#requirements{table-layout:fixed}.req-title{margin-top:2px}
.c-req{width:44%}.c-source{width:21%}.c-level{width:9.5%}.c-status{width:9.5%}.c-scenarios{width:9%}.c-report{width:7%}
.status{font-weight:600;white-space:nowrap}.status-passed{color:#0f5323}.status-failed{color:#8a1010}
.status-waived{color:#8a5a00}.status-broken,.status-not-run,.status-skipped{color:#6b4a00}
.status-not-applicable{color:#5c6670}
code{font-size:13px;word-break:break-all}code.req-id{white-space:nowrap;word-break:normal;overflow-wrap:normal;font-weight:600}
h3 code.req-id{font-size:14px}
.failure{border-left:4px solid #b42318;background:#fdf3f2;padding:10px 14px;margin:12px 0}
.failure-facts{margin:0 0 8px;color:#3d4650;font-size:14px}.failed-scenarios{margin:0;padding-left:22px}
.failed-scenario{margin:8px 0 12px}.scenario-name{font-weight:600;margin:0}.failure-title{margin:2px 0}
.failed-scenario dl{display:grid;grid-template-columns:11.5em 1fr;gap:2px 12px;margin:4px 0}
.failed-scenario dt{font-weight:600;color:#3d4650}.failed-scenario dd{margin:0}
.quoted{white-space:pre-wrap;overflow-wrap:anywhere;font-size:14px}.evidence{margin-left:8px;font-weight:400}
p.also-failed{margin:8px 0 2px;font-weight:600}ul.also-failed{margin:0;padding-left:22px;font-size:14px}
.failed-scenario.named{margin:2px 0}
.not-assessed{border-left:4px solid #5c6670;background:#f0f2f5;padding:8px 12px;margin:12px 0}
footer{margin-top:32px;color:#5c6670;font-size:13px}
@page{size:A4;margin:14mm 12mm 16mm}
@media print{
body{font-size:9.5pt;background:none;color:#000}main{max-width:none;margin:0;padding:0}
h1{font-size:16pt}h2{font-size:13pt;margin:14pt 0 4pt}h3{font-size:10.5pt}h2,h3{break-after:avoid}
.verdict{font-size:14pt;padding:2pt 8pt;border:1.5pt solid currentColor}
.verdict,.note,.failure,.not-assessed,th,tr.area-heading th{background:none}
.failure{border-left-width:3pt;padding:4pt 8pt}.note,.not-assessed{border-left-width:3pt;padding:4pt 8pt}
th,td{padding:3pt 4pt}table.facts th{width:38mm}tr.area-heading th{font-size:10.5pt}
.c-req{width:47%}.c-source{width:22%}.c-level{width:11%}.c-status{width:10%}.c-scenarios{width:10%}
code,.quoted,td.source,.failure-facts,ul.also-failed,.area-count,footer{font-size:8.5pt}h3 code.req-id{font-size:9pt}
thead{display:table-header-group}tr,.failed-scenario{break-inside:avoid}
a{color:inherit;text-decoration:none}.evidence,.report{display:none}
a.report-href::after{content:" (" attr(href) ", in this folder)"}
}
"""


def _names(summary: Mapping[str, Any], kind: str) -> list[str]:
    """The capabilities of ``kind`` (``assessed``, ``notAssessed``) by name; [] for a summary without a scope."""
    scope = summary.get("capabilities", {})
    names = summary.get("capability_names", {})
    return [names.get(c, c) for c in scope.get(kind, [])]


def _explanation(summary: Mapping[str, Any]) -> str:
    reqs = summary["requirements"]
    failed = [r for r, row in reqs.items() if row["applicable"] and row["status"] == "failed"]
    assessed = ", ".join(_names(summary, "assessed")) or "none"
    verdict = summary["verdict"]
    if verdict == "conformant":
        return f"The participant met every requirement of the capabilities assessed: {assessed}."
    if verdict == "non-conformant":
        return (f"The participant did not meet {len(failed)} requirement(s) of the capabilities assessed "
                f"({assessed}): {', '.join(failed)}. What failed and why follows.")
    broken = summary["counts"].get("broken", 0)
    return (f"The harness could not judge every requirement of the capabilities assessed ({assessed}): "
            f"{broken} scenario(s) could not be tested, a harness or configuration problem, not a finding about "
            "the participant. An inconclusive run is not a pass.")


def _not_assessed(summary: Mapping[str, Any]) -> str:
    names = _names(summary, "notAssessed")
    if not names:
        return ""
    return (f'<p class="not-assessed" id="not-assessed">Declared but <strong>not assessed</strong>: '
            f"{e(', '.join(names))}. This version of the harness has no requirements for them yet, so this "
            "certificate says nothing about them.</p>")


def _notes(summary: Mapping[str, Any]) -> str:
    notes = []
    if summary["profile"] != "full":
        notes.append(f"Profile “{summary['profile']}”: a quick subset a participant runs on every change. "
                     "It is not a certification.")
    if summary.get("defects"):
        notes.append("The bundled reference participant ran with defect switches on "
                     f"({', '.join(summary['defects'])}): a self-test of the harness, not a certification.")
    page = "".join(f'<p class="note">{e(n)}</p>' for n in notes)
    return page + "".join(f'<p class="note sandbox-stop">{e(n)}</p>'
                          for n in stop_sentences(summary.get("sandbox_stops", [])))


def stop_sentences(stops: Sequence[Mapping[str, Any]]) -> list[str]:
    """Each time the sandbox stopped answering during the run, said once, in words (page, terminal)."""
    lines = []
    for stop in stops:
        later = len(stop["followers"])
        line = (f"The participant's sandbox stopped answering during the scenario “{stop['scenario']}”. "
                f"{later} later scenario(s) failed because of it, without the sandbox being called"
                f"{' (it answered again later)' if stop['answeredAgain'] else ''}; their failures follow "
                "from that one.")
        lines.append(line)
    return lines


def _facts(summary: Mapping[str, Any], signature: Mapping[str, Any], issuer: Mapping[str, str]) -> str:
    p = summary["participant"]
    rows = [
        ("Participant", p["name"]), ("Participant ID", p["id"]),
        ("Sandbox", p["base_url"] or "bundled reference participant, in the harness process"),
        ("Software version", p["software_version"]),
        ("Capabilities assessed", ", ".join(_names(summary, "assessed")) or "none"),
        ("Declared, not assessed", ", ".join(_names(summary, "notAssessed")) or "none"),
        ("Profile", summary["profile"]), ("Started (UTC)", summary["started"]), ("Finished (UTC)", summary["finished"]),
        ("Harness", f"bakong-conformance {summary['harness']['version']}"),
        ("Suite digest (sha256)", summary["suite"]["sha256"]),
        ("Signed by", issuer["statement"]), ("Signature key fingerprint", signature["fingerprint"]),
    ]
    body = "".join(f'<tr><th>{e(k)}</th><td dir="auto">{bdi(v)}</td></tr>' for k, v in rows)
    return f'<table class="facts" id="facts">{body}</table>'


def _row(req: str, row: Mapping[str, Any], statuses: Mapping[str, str], links: Mapping[str, str]) -> str:
    ran = [statuses[s] for s in row["scenarios"] if statuses.get(s) != "not-applicable"]
    passed = sum(1 for status in ran if status == "passed")
    link = links.get(req)
    evidence = f'<a href="{e(link)}">evidence</a>' if link and ran else ""
    return (f'<tr class="requirement" data-requirement="{e(req)}" data-status="{e(row["status"])}">'
            f'<td>{req_id(req)}<div class="req-title">{e(row["title"])}</div></td>'
            f'<td class="source">{e(row.get("source", ""))}</td>'
            f"<td>{e(LEVEL_WORDS.get(row['level'], row['level']))}</td>"
            f'<td class="status status-{e(row["status"])}">{e(STATUS_WORDS.get(row["status"], row["status"]))}</td>'
            f'<td>{passed} of {len(ran)}</td><td class="report">{evidence}</td></tr>')


def _area(area: str, rows: list[tuple[str, Mapping[str, Any]]], statuses: Mapping[str, str],
          links: Mapping[str, str]) -> str:
    applicable = [row for _, row in rows if row["applicable"]]
    met = sum(1 for row in applicable if row["status"] == "passed")
    count = f"{met} of {len(applicable)} met" if applicable else "not applicable"
    if applicable and len(applicable) < len(rows):
        count += f", {len(rows) - len(applicable)} not applicable"
    heading = (f'<tr class="area-heading"><th colspan="6" scope="rowgroup">{e(area)}'
               f'<span class="area-count">{e(count)}</span></th></tr>')
    body = "".join(_row(req, row, statuses, links) for req, row in rows)
    return (f'<tbody class="area" data-area="{e(area)}" data-met="{met}" data-applicable="{len(applicable)}">'
            f"{heading}{body}</tbody>")


def _matrix(summary: Mapping[str, Any], links: Mapping[str, str]) -> str:
    statuses = {s["id"]: s["status"] for s in summary["scenarios"]}
    areas: dict[str, list[tuple[str, Mapping[str, Any]]]] = {}
    for req, row in summary["requirements"].items():
        areas.setdefault(row.get("area", ""), []).append((req, row))
    head = ('<tr><th class="c-req">Requirement: what it requires</th><th class="c-source">Source</th>'
            '<th class="c-level">Level</th><th class="c-status">Status</th>'
            '<th class="c-scenarios">Scenarios passed</th><th class="c-report report">Report</th></tr>')
    groups = "".join(_area(area, rows, statuses, links) for area, rows in areas.items())
    return f'<table id="requirements"><thead>{head}</thead>{groups}</table>'


def _waivers(summary: Mapping[str, Any]) -> str:
    waivers = summary.get("waivers", [])
    if not waivers:
        return '<p id="waivers">No waivers.</p>'
    states = {"applied": "In force: covers a failure", "unused": "In force: not needed", "expired": "Expired"}
    rows = "".join(f'<tr class="waiver" data-state="{e(w["state"])}"><td>{req_id(w["requirement"])}</td>'
                   f'<td dir="auto">{bdi(w["reason"])}</td><td dir="auto">{bdi(w["issued_by"])}</td>'
                   f"<td>{e(w['expires'])}</td>"
                   f"<td>{e(states.get(w['state'], w['state']))}</td></tr>" for w in waivers)
    head = "<tr><th>Requirement</th><th>Reason</th><th>Issued by</th><th>Expires</th><th>State</th></tr>"
    return f'<table id="waivers"><thead>{head}</thead><tbody>{rows}</tbody></table>'


def _changes(summary: Mapping[str, Any]) -> str:
    changes = summary.get("changes")
    if changes is None:
        return '<p id="changes">No baseline was given for this run.</p>'
    if not changes:
        return '<p id="changes">No scenario changed status since the baseline.</p>'
    rows = "".join(f'<tr class="change"><td>{e(c["scenario"])}</td><td>{e(c["before"])}</td>'
                   f"<td>{e(c['after'])}</td></tr>" for c in changes)
    head = "<tr><th>Scenario</th><th>Before</th><th>Now</th></tr>"
    return f'<table id="changes"><thead>{head}</thead><tbody>{rows}</tbody></table>'


def render_certificate_page(summary: Mapping[str, Any], signature: Mapping[str, Any], issuer: Mapping[str, str],
                            links: Mapping[str, str], report_href: str, *,
                            scenario_links: Mapping[str, str] | None = None) -> str:
    """The HTML of ``certificate.html`` for a run's ``summary`` (as in summary.json) and its signer.

    ``links``: requirement ID → its evidence in the report; ``scenario_links``: failed scenario id → its page.
    """
    verdict = summary["verdict"]
    participant = summary["participant"]
    title = "KHQR conformance certificate: "
    heading = f"{e(title)}{bdi(participant['name'])} ({bdi(participant['id'])})"
    title += f"{isolated(participant['name'])} ({isolated(participant['id'])})"
    words = _VERDICT_WORDS.get(verdict, verdict)
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{CSP}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{e(title)}: {e(words)}</title><style>{_STYLE}</style></head>
<body><main id="certificate">
<h1>{heading}</h1>
<p id="verdict" class="verdict verdict-{e(verdict)}" data-verdict="{e(verdict)}">{e(words)}</p>
<p id="explanation">{e(_explanation(summary))}</p>{_not_assessed(summary)}{_notes(summary)}
{failures_section(summary, scenario_links or {})}
<h2>About this run</h2>
{_facts(summary, signature, issuer)}
<h2>Requirements</h2>
<p>Each requirement by area, with its source and status; “evidence” opens its scenarios in the
<a class="report-href" href="{e(report_href)}">full report</a>.</p>
{_matrix(summary, links)}
<h2>Waivers</h2>
{_waivers(summary)}
<h2>Changes since the baseline</h2>
{_changes(summary)}
<footer>Check this certificate offline:
<code>bakong-conformance certificate verify FOLDER --public-key ISSUER.pem</code>.
It verifies the signature and the sha256 of every file in the folder (listed in certificate.json).</footer>
</main></body></html>
"""
