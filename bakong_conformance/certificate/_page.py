"""``certificate.html``: the one page a regulator reads first, self-contained and offline.

It shows the verdict in words, who was certified and when, who signed and the key's fingerprint, then the
requirement matrix (each requirement with its status and a link to its evidence in the Allure report), the
waivers, and the scenarios whose status changed since the baseline. No script, no remote resource: a strict
Content-Security-Policy forbids both.

Text the participant or the operator supplied (names, IDs, versions, the sandbox address, the issuer's words,
waiver reasons) is escaped and isolated in ``<bdi>`` (in the title, between U+2068 and U+2069, with any control
character shown as an escape), so a right-to-left override in a name cannot reorder the text around it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from html import escape
from typing import Any

from ._text import visible

__all__ = ["STATUS_WORDS", "render_certificate_page", "stop_sentences"]

CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'"
STATUS_WORDS = {
    "passed": "Met", "failed": "Not met", "waived": "Not met, waived", "broken": "Could not be tested",
    "not-run": "Not tested", "not-applicable": "Not applicable", "skipped": "Not tested",
}
_VERDICT_WORDS = {"conformant": "Conformant", "non-conformant": "Not conformant", "inconclusive": "Inconclusive"}
_LEVEL_WORDS = {"mandatory": "Mandatory", "conditional": "Conditional", "optional": "Optional"}
_STYLE = """
body{font:15px/1.45 system-ui,sans-serif;color:#1b1f24;margin:0;background:#f5f6f8}
main{max-width:1100px;margin:0 auto;padding:24px 32px 48px;background:#fff}
h1{font-size:26px;margin:0 0 4px}h2{font-size:19px;margin:32px 0 8px}
.verdict{display:inline-block;font-size:22px;font-weight:700;padding:6px 16px;border-radius:6px;margin:12px 0 4px}
.verdict-conformant{background:#dff3e4;color:#0f5323}.verdict-non-conformant{background:#fbe0e0;color:#8a1010}
.verdict-inconclusive{background:#fff1cc;color:#6b4a00}
.note{background:#fff8e1;border-left:4px solid #e0a800;padding:8px 12px;margin:12px 0}
table{border-collapse:collapse;width:100%;margin:8px 0}th,td{text-align:left;vertical-align:top;padding:6px 8px;
border-bottom:1px solid #e3e6ea}th{background:#f0f2f5;font-weight:600}
table.facts th{width:210px;background:none}
.status{font-weight:600;white-space:nowrap}.status-passed{color:#0f5323}.status-failed{color:#8a1010}
.status-waived{color:#8a5a00}.status-broken,.status-not-run,.status-skipped{color:#6b4a00}
.status-not-applicable{color:#5c6670}
code{font-size:13px;word-break:break-all}footer{margin-top:32px;color:#5c6670;font-size:13px}
"""


def _e(value: object) -> str:
    return escape(str(value), quote=True)


def _bdi(value: object) -> str:
    """Supplied text, escaped and isolated: its direction cannot leak into what surrounds it."""
    return f"<bdi>{_e(value)}</bdi>"


def _isolated(value: object) -> str:
    """Supplied text for a plain-text context (``<title>``): controls shown, between FSI and PDI."""
    return f"\u2068{visible(str(value))}\u2069"


def _explanation(summary: Mapping[str, Any]) -> str:
    reqs = summary["requirements"]
    failed = [r for r, row in reqs.items() if row["applicable"] and row["status"] == "failed"]
    verdict = summary["verdict"]
    if verdict == "conformant":
        return "The participant met every requirement that applies to it."
    if verdict == "non-conformant":
        return f"The participant did not meet {len(failed)} requirement(s) that apply to it: {', '.join(failed)}."
    broken = summary["counts"].get("broken", 0)
    return (f"The harness could not judge every requirement ({broken} scenario(s) could not be tested: a harness "
            "or configuration problem, not a finding about the participant). An inconclusive run is not a pass.")


def _notes(summary: Mapping[str, Any]) -> str:
    notes = []
    if summary["profile"] != "full":
        notes.append(f"Profile “{summary['profile']}”: a quick subset a participant runs on every change. "
                     "It is not a certification.")
    if summary.get("defects"):
        notes.append("The bundled reference participant ran with defect switches on "
                     f"({', '.join(summary['defects'])}): a self-test of the harness, not a certification.")
    page = "".join(f'<p class="note">{_e(n)}</p>' for n in notes)
    return page + "".join(f'<p class="note sandbox-stop">{_e(n)}</p>'
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
        ("Declared capabilities", ", ".join(p["capabilities"]) or "none"),
        ("Profile", summary["profile"]), ("Started (UTC)", summary["started"]), ("Finished (UTC)", summary["finished"]),
        ("Harness", f"bakong-conformance {summary['harness']['version']}"),
        ("Suite digest (sha256)", summary["suite"]["sha256"]),
        ("Signed by", issuer["statement"]), ("Signature key fingerprint", signature["fingerprint"]),
    ]
    body = "".join(f'<tr><th>{_e(k)}</th><td dir="auto">{_bdi(v)}</td></tr>' for k, v in rows)
    return f'<table class="facts" id="facts">{body}</table>'


def _matrix(summary: Mapping[str, Any], links: Mapping[str, str]) -> str:
    scenario_status = {s["id"]: s["status"] for s in summary["scenarios"]}
    rows = []
    for req_id, row in summary["requirements"].items():
        ran = [scenario_status[s] for s in row["scenarios"] if scenario_status.get(s) != "not-applicable"]
        passed = sum(1 for status in ran if status == "passed")
        link = links.get(req_id)
        evidence = f'<a href="{_e(link)}">evidence</a>' if link and ran else ""
        rows.append(
            f'<tr class="requirement" data-requirement="{_e(req_id)}" data-status="{_e(row["status"])}">'
            f"<td><code>{_e(req_id)}</code></td><td>{_e(row['title'])}</td>"
            f"<td>{_e(_LEVEL_WORDS.get(row['level'], row['level']))}</td>"
            f'<td class="status status-{_e(row["status"])}">{_e(STATUS_WORDS.get(row["status"], row["status"]))}</td>'
            f"<td>{passed} of {len(ran)} passed</td><td>{evidence}</td></tr>")
    head = ("<tr><th>Requirement</th><th>What it requires</th><th>Level</th><th>Status</th><th>Scenarios</th>"
            "<th>Report</th></tr>")
    return f'<table id="requirements"><thead>{head}</thead><tbody>{"".join(rows)}</tbody></table>'


def _waivers(summary: Mapping[str, Any]) -> str:
    waivers = summary.get("waivers", [])
    if not waivers:
        return '<p id="waivers">No waivers.</p>'
    states = {"applied": "In force: covers a failure", "unused": "In force: not needed", "expired": "Expired"}
    rows = "".join(f'<tr class="waiver" data-state="{_e(w["state"])}"><td><code>{_e(w["requirement"])}</code></td>'
                   f'<td dir="auto">{_bdi(w["reason"])}</td><td dir="auto">{_bdi(w["issued_by"])}</td>'
                   f"<td>{_e(w['expires'])}</td>"
                   f"<td>{_e(states.get(w['state'], w['state']))}</td></tr>" for w in waivers)
    head = "<tr><th>Requirement</th><th>Reason</th><th>Issued by</th><th>Expires</th><th>State</th></tr>"
    return f'<table id="waivers"><thead>{head}</thead><tbody>{rows}</tbody></table>'


def _changes(summary: Mapping[str, Any]) -> str:
    changes = summary.get("changes")
    if changes is None:
        return '<p id="changes">No baseline was given for this run.</p>'
    if not changes:
        return '<p id="changes">No scenario changed status since the baseline.</p>'
    rows = "".join(f'<tr class="change"><td>{_e(c["scenario"])}</td><td>{_e(c["before"])}</td>'
                   f"<td>{_e(c['after'])}</td></tr>" for c in changes)
    head = "<tr><th>Scenario</th><th>Before</th><th>Now</th></tr>"
    return f'<table id="changes"><thead>{head}</thead><tbody>{rows}</tbody></table>'


def render_certificate_page(summary: Mapping[str, Any], signature: Mapping[str, Any], issuer: Mapping[str, str],
                            links: Mapping[str, str], report_href: str) -> str:
    """The HTML of ``certificate.html`` for a run's ``summary`` (as in summary.json) and its signer."""
    verdict = summary["verdict"]
    participant = summary["participant"]
    title = "KHQR conformance certificate: "
    heading = f"{_e(title)}{_bdi(participant['name'])} ({_bdi(participant['id'])})"
    title += f"{_isolated(participant['name'])} ({_isolated(participant['id'])})"
    words = _VERDICT_WORDS.get(verdict, verdict)
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{CSP}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{_e(title)}: {_e(words)}</title><style>{_STYLE}</style></head>
<body><main id="certificate">
<h1>{heading}</h1>
<p id="verdict" class="verdict verdict-{_e(verdict)}" data-verdict="{_e(verdict)}">{_e(words)}</p>
<p>{_e(_explanation(summary))}</p>{_notes(summary)}
{_facts(summary, signature, issuer)}
<h2>Requirements</h2>
<p>Each requirement with its status; “evidence” opens its scenarios in the
<a href="{_e(report_href)}">full report</a>.</p>
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
