"""The offline HTML report: allure 3 (tools/report) renders, the sanitiser strips analytics and pins a CSP.

The rendering tests run the real pinned allure binary. They never skip: without ``tools/report/node_modules``
they fail with the ``make setup`` hint.
"""

from __future__ import annotations

import base64
import json
import re
import stat
from pathlib import Path

import pytest

from bakong_conformance.errors import ConfigurationError, HarnessError
from bakong_conformance.report import CONTENT_SECURITY_POLICY, remote_references, render_html, sanitise_html

REPORT_NAME = "KHQR conformance report (synthetic)"
START = 1_763_700_000_000


def _labels(epic: str, feature: str, story: str) -> list[dict[str, str]]:
    pairs = (("epic", epic), ("feature", feature), ("story", story))
    return [{"name": name, "value": value} for name, value in pairs]


def _step(name: str, status: str, offset_ms: int) -> dict[str, object]:
    return {"name": name, "status": status, "stage": "finished", "start": START + offset_ms,
            "stop": START + offset_ms + 40, "steps": [], "attachments": [], "parameters": []}


def _result(uuid: str, name: str, status: str, story: str, **extra: object) -> dict[str, object]:
    steps = [_step("Given a static merchant KHQR", "passed", 0), _step("Then the CRC is valid", status, 50)]
    return {"uuid": uuid, "historyId": f"history-{uuid}", "testCaseId": f"case-{uuid}",
            "fullName": f"khqr.{uuid}", "name": name, "status": status, "stage": "finished",
            "start": START, "stop": START + 120,
            "labels": _labels("KHQR payload", "CRC", story), "steps": steps, "attachments": [],
            "parameters": [], **extra}


def _write_results(results: Path) -> None:
    """Three hand-written allure results: two passed, one failed with a text attachment."""
    results.mkdir()
    attachment = {"name": "issued KHQR", "source": "c3-attachment.txt", "type": "text/plain"}
    failed = {"statusDetails": {"message": "CRC mismatch: expected 1A2B, got FFFF", "trace": "Traceback ..."},
              "attachments": [attachment]}
    records = [_result("c1", "Valid CRC is accepted", "passed", "Accept"),
               _result("c2", "Lower-case CRC is accepted", "passed", "Accept"),
               _result("c3", "Wrong CRC is rejected", "failed", "Reject", **failed)]
    for record in records:
        (results / f"{record['uuid']}-result.json").write_text(json.dumps(record), encoding="utf-8")
    (results / "c3-attachment.txt").write_text("00020101021129370016khqr@test6304FFFF\n", encoding="utf-8")


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.mktemp("report")
    _write_results(base / "allure-results")
    return render_html(base / "allure-results", base / "html", report_name=REPORT_NAME)


@pytest.fixture(scope="module")
def page(rendered: Path) -> str:
    return rendered.read_text(encoding="utf-8")


# --- the rendered report ----------------------------------------------------------------------------------


def test_out_dir_holds_only_index_html(rendered: Path) -> None:
    assert [p.name for p in rendered.parent.iterdir()] == ["index.html"]


def test_csp_meta_is_first_child_of_head(page: str) -> None:
    csp = f'<meta http-equiv="Content-Security-Policy" content="{CONTENT_SECURITY_POLICY}">'
    assert re.search(r"<head\b[^>]*>\s*" + re.escape(csp), page)
    assert "default-src 'none'" in CONTENT_SECURITY_POLICY
    assert not re.search(r"https?:|wss?:|//|\*", CONTENT_SECURITY_POLICY), "no remote origin may be allowed"


def test_analytics_removed(page: str) -> None:
    assert "googletagmanager" not in page
    assert "gtag(" not in page
    assert "dataLayer" not in page


def test_nothing_remote_survives(page: str) -> None:
    assert remote_references(page) == []


def _inlined_data(page: str) -> str:
    """Every ``d("path", "<base64>")`` payload the single-file report embeds, decoded and joined."""
    payloads = re.findall(r'\bd\("[^"]+","([A-Za-z0-9+/=]*)"\)', page)
    return "\n".join(base64.b64decode(payload).decode("utf-8", "replace") for payload in payloads)


def test_assets_and_results_are_inlined(page: str) -> None:
    assert len(page.encode("utf-8")) > 100_000
    assert REPORT_NAME in page
    data = _inlined_data(page)
    assert all(name in data for name in ("Valid CRC is accepted", "Wrong CRC is rejected", "CRC mismatch"))
    assert "khqr@test6304FFFF" in data


# --- failures -----------------------------------------------------------------------------------------------


def _fake_tool(tmp_path: Path, script: str) -> Path:
    """A node_dir whose 'allure' is a shell script."""
    binary = tmp_path / "node_modules" / ".bin" / "allure"
    binary.parent.mkdir(parents=True)
    binary.write_text("#!/bin/sh\n" + script + "\n", encoding="utf-8")
    binary.chmod(binary.stat().st_mode | stat.S_IXUSR)
    (tmp_path / "allurerc.mjs").write_text("export default {};\n", encoding="utf-8")
    return tmp_path


def test_missing_tool_says_make_setup(tmp_path: Path) -> None:
    (tmp_path / "results").mkdir()
    with pytest.raises(ConfigurationError, match="make setup"):
        render_html(tmp_path / "results", tmp_path / "out", report_name="x", node_dir=tmp_path / "nowhere")


def test_missing_results_dir_is_a_configuration_error(tmp_path: Path) -> None:
    tool = _fake_tool(tmp_path / "tool", "exit 0")
    with pytest.raises(ConfigurationError, match="results folder"):
        render_html(tmp_path / "absent", tmp_path / "out", report_name="x", node_dir=tool)


def test_allure_failure_carries_stderr_tail(tmp_path: Path) -> None:
    tool = _fake_tool(tmp_path / "tool", "echo 'Error: config is broken' >&2; exit 3")
    (tmp_path / "results").mkdir()
    with pytest.raises(HarnessError, match=r"exit 3\):\nError: config is broken"):
        render_html(tmp_path / "results", tmp_path / "out", report_name="x", node_dir=tool)
    assert not (tmp_path / "out").exists()


def test_missing_node_is_a_configuration_error(tmp_path: Path) -> None:
    tool = _fake_tool(tmp_path / "tool", "echo \"env: 'node': No such file or directory\" >&2; exit 127")
    (tmp_path / "results").mkdir()
    with pytest.raises(ConfigurationError, match=r"'node'.*make setup"):
        render_html(tmp_path / "results", tmp_path / "out", report_name="x", node_dir=tool)


def test_hung_allure_times_out(tmp_path: Path) -> None:
    tool = _fake_tool(tmp_path / "tool", "exec sleep 30")
    (tmp_path / "results").mkdir()
    with pytest.raises(HarnessError, match=r"did not finish within 0\.5 s"):
        render_html(tmp_path / "results", tmp_path / "out", report_name="x", node_dir=tool, timeout_s=0.5)


# --- sanitise_html ------------------------------------------------------------------------------------------

ALLURE_LIKE = """<!DOCTYPE html>
<html dir="ltr" lang="en">
<head>
    <meta charset="utf-8">
    <title> R </title>
</head>
<body>
    <div id="app"></div>
    <script async src="https://www.googletagmanager.com/gtag/js?id=G-LNDJ3J7WT0"></script>
    <script>
        window.dataLayer = window.dataLayer || [];
        function gtag(){dataLayer.push(arguments);}
        gtag('js', new Date());
    </script>
    <script>window.allureReportData = {};</script>
</body>
</html>
"""


def test_sanitise_strips_gtag_and_keeps_other_scripts() -> None:
    clean = sanitise_html(ALLURE_LIKE)
    assert "googletagmanager" not in clean
    assert "gtag" not in clean
    assert "<script>window.allureReportData = {};</script>" in clean
    assert clean.index("Content-Security-Policy") < clean.index('<meta charset="utf-8">')


def test_sanitise_refuses_a_page_without_head() -> None:
    with pytest.raises(HarnessError, match="no <head>"):
        sanitise_html("<html><body></body></html>")


def test_sanitise_refuses_unknown_remote_loads() -> None:
    page = ALLURE_LIKE.replace("</head>", '<script src="https://cdn.example.com/x.js"></script></head>')
    with pytest.raises(HarnessError, match=r"cdn\.example\.com"):
        sanitise_html(page)


# --- remote_references --------------------------------------------------------------------------------------


def _data_url(media_type: str, text: str) -> str:
    return f"data:{media_type};base64,{base64.b64encode(text.encode()).decode()}"


JS_DATA_URL = _data_url("text/javascript", "fetch(`https://a.example.com/`)")
CSS_DATA_URL = _data_url("text/css", "@import url(https://f.example.com/c.css);")
SVG_DATA_URL = _data_url("image/svg+xml", "<svg><image href='//i.example.com/p.png'/></svg>")


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        ('<script src="https://cdn.example.com/a.js"></script>', "https://cdn.example.com/a.js"),
        ('<link rel="stylesheet" href="https://fonts.example.com/f.css">', "https://fonts.example.com/f.css"),
        ('<link rel="preconnect" href="//cdn.example.com">', "//cdn.example.com"),
        ('<style>body { background: url("https://img.example.com/b.png") }</style>', "https://img.example.com/b.png"),
        ("<style>@import 'http://css.example.com/i.css';</style>", "http://css.example.com/i.css"),
        ("<script>s.textContent = 'a{background:url(https://x.example.com/b.png)}';</script>",
         "https://x.example.com/b.png"),
        ('<div style="background:url(//cdn.example.com/x.png)"></div>', "//cdn.example.com/x.png"),
        ('<img src="a.png" srcset="a.png 1x, https://img.example.com/a2.png 2x">', "https://img.example.com/a2.png"),
        ('<iframe src="HTTPS://frame.example.com/"></iframe>', "HTTPS://frame.example.com/"),
        ('<svg><image href="https://img.example.com/s.svg"/></svg>', "https://img.example.com/s.svg"),
        ('<a href="#x" ping="https://track.example.com/p">x</a>', "https://track.example.com/p"),
        ('<meta http-equiv="refresh" content="0; url=https://go.example.com/">', "https://go.example.com/"),
        ('<script>fetch("https://api.example.com/v1")</script>', "https://api.example.com/v1"),
        ("<script>const ws = new WebSocket('wss://live.example.com/s');</script>", "wss://live.example.com/s"),
        ('<script>import("https://esm.example.com/m.js")</script>', "https://esm.example.com/m.js"),
        ('<script>img.src = "https://img.example.com/t.gif";</script>', "https://img.example.com/t.gif"),
        ('<script>h("link", {rel: "stylesheet", href: "https://x.example.com/s.css"})</script>',
         "https://x.example.com/s.css"),
        (f'<script src="{JS_DATA_URL}"></script>', "https://a.example.com/"),
        (f'<link rel="stylesheet" href="{CSS_DATA_URL}">', "https://f.example.com/c.css"),
        (f'<img src="{SVG_DATA_URL}">', "//i.example.com/p.png"),
    ],
)
def test_remote_references_finds_loads(html: str, expected: str) -> None:
    assert remote_references(html) == [expected]


@pytest.mark.parametrize(
    "html",
    [
        '<a href="https://allurereport.org">Powered by Allure</a>',
        '<map><area href="https://example.com/area" alt="x"></map>',
        '<svg xmlns="http://www.w3.org/2000/svg"><path d="M0 0"/></svg>',
        '<link rel="icon" href="data:image/svg+xml,%3Csvg xmlns=\'http://www.w3.org/2000/svg\'%3E%3C/svg%3E">',
        '<img src="data:image/png;base64,iVBORw0KGgo=">',
        '<script src="./main.js"></script><link rel="stylesheet" href="styles/main.css">',
        '<script>r.n("a", {className: "x", href: "https://allurereport.org", children: "Allure"})</script>',
        "<script>const base = document.querySelector('base')?.href ?? \"https://localhost\";</script>",
        "<p>See https://bakong.nbc.gov.kh for the standard.</p>",
        '<script>const spec = new URL("https://bakong.nbc.gov.kh/khqr");</script>',
        "<script>el.style.background = 'url(' + blobUrl + ')';</script>",
        '<div style="fill: url(#gradient)"></div>',
    ],
)
def test_remote_references_allows_navigation_and_inline(html: str) -> None:
    assert remote_references(html) == []
