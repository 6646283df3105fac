"""The rendered pages as a reader sees them, opened from ``file://`` in Chromium: the Allure report of the
shared certification of the reference participant (tests/conftest.py), re-rendered with test metadata, one
scenario's deep link, the categories of a synthetic run, two pages that try to load from the network, and the
certificate page of the shared run. Chromium is launched once for all of them (:func:`shown`); only the tests of
the browser check's own failures launch it again.

Needs Debian's ``chromium`` and ``tools/report/node_modules`` (``make setup`` installs both); without them these
tests fail, they do not skip. The screenshots of the overview and of the certificate page are kept in
``build/screenshots/``, outside ``reports/``: a certification folder holds only what its certificate signs.

Selectors (allure 3.18.0 awesome, single file): tree rows are ``[data-testid="tree-section"]`` (groups) and
``[data-testid="tree-leaf"]`` (scenarios); an open group is followed by its ``[data-testid="tree-content"]``.
Groups that hold a failed or broken result start open, the others closed, so the tree is opened first.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from bakong_conformance.catalogue import requirements
from bakong_conformance.errors import HarnessError
from bakong_conformance.report import (
    BrowserPage,
    PageCheck,
    _browser,
    open_in_chromium,
    open_pages_in_chromium,
    render_html,
    result_href,
    write_report_metadata,
)

REPO = Path(__file__).resolve().parents[2]
SCREENSHOT = REPO / "build" / "screenshots" / "allure-report.png"  # never inside a certified folder
CERTIFICATE_SCREENSHOT = REPO / "build" / "screenshots" / "certificate.png"

TREE_GROUP = '[data-testid="tree-section"]'
# a closed group has no [data-testid="tree-content"] after it
COLLAPSED_GROUP_ARROW = ('[data-testid="tree-section"]:not(:has(+ [data-testid="tree-content"]))'
                         ' > [data-testid="tree-arrow"]')
# the groups that hold scenarios directly: with groupBy epic/feature/story, the requirement rows
REQUIREMENT_ROW = '[data-testid="tree-section"]:has(+ [data-testid="tree-content"] > [data-testid="tree-leaf"])'
SCENARIO_ROW = '[data-testid="tree-leaf"]'
METADATA_ROW = '[data-testid="metadata-item"]'
RESULT_TITLE = '[data-testid="test-result-info-title"]'

EXECUTOR = {"name": "bakong-conformance", "type": "bakong-conformance",
            "buildName": "certification 2026-11-21T10:00:00Z"}


def _environment(verdict: str) -> dict[str, str]:
    return {"Participant": "Example Bank (EXBKKHPP)", "Profile": "full", "Harness version": "0.1.0",
            "Verdict": verdict, "Capabilities": "khqr-issuer, khqr-acceptor"}


def _results(results_dir: Path) -> list[dict[str, Any]]:
    return [json.loads(path.read_text(encoding="utf-8")) for path in sorted(results_dir.glob("*-result.json"))]


def _labels(result: dict[str, Any], name: str) -> list[str]:
    return [label["value"] for label in result["labels"] if label["name"] == name]


@pytest.fixture(scope="module")
def certified(reference_certified: Path, reference_summary: dict[str, Any], tmp_path_factory: pytest.TempPathFactory
              ) -> tuple[dict[str, Any], Path, list[dict[str, Any]]]:
    """The shared certification of the reference participant, its results copied, with report metadata,
    rendered: summary, page, results."""
    out = tmp_path_factory.mktemp("certified")
    shutil.copytree(reference_certified / "allure-results", out / "allure-results")
    write_report_metadata(out / "allure-results", environment=_environment(reference_summary["verdict"]),
                          executor=EXECUTOR)
    page = render_html(out / "allure-results", out / "html", report_name="KHQR conformance: browser test")
    return reference_summary, page, _results(out / "allure-results")


def _deep_linked(results: list[dict[str, Any]]) -> dict[str, Any]:
    """The result whose deep link is opened."""
    return next(r for r in results if "crc-does-not-match" in r["name"])


@pytest.fixture(scope="module")
def shown(certified: tuple[dict[str, Any], Path, list[dict[str, Any]]], reference_certified: Path,
          tmp_path_factory: pytest.TempPathFactory) -> dict[str, BrowserPage]:
    """Every page the tests look at, opened with one launch of Chromium, by name."""
    _, page, results = certified
    folder = tmp_path_factory.mktemp("pages")
    checks = {
        "overview": PageCheck(page, TREE_GROUP, SCREENSHOT, count=[REQUIREMENT_ROW, SCENARIO_ROW, METADATA_ROW],
                              expand=[COLLAPSED_GROUP_ARROW]),
        "result": PageCheck(page, RESULT_TITLE, folder / "result.png",
                            fragment=result_href("html/index.html", _deep_linked(results)).partition("#")[2]),
        "categories": PageCheck(_categories_page(folder), TREE_GROUP, folder / "categories.png", count=[TREE_GROUP],
                                fragment="categories"),
        "leaky": PageCheck(_leaky_page(folder / "leaky.html", csp=""), "#done", folder / "leaky.png",
                           count=["p", "img"]),
        "leaky-csp": PageCheck(_leaky_page(folder / "leaky-csp.html", csp=CSP), "#done", folder / "leaky-csp.png"),
        "certificate": PageCheck(reference_certified / "certificate.html", "#requirements", CERTIFICATE_SCREENSHOT,
                                 count=["tr.requirement", "#verdict[data-verdict=conformant]"]),
    }
    CERTIFICATE_SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
    return dict(zip(checks, open_pages_in_chromium(list(checks.values())), strict=True))


@pytest.fixture(scope="module")
def overview(shown: dict[str, BrowserPage]) -> BrowserPage:
    return shown["overview"]


def _row_after(text: str, key: str) -> str:
    """The line after ``key`` in the page text: the value of a metadata row."""
    lines = [line.strip() for line in text.splitlines()]
    return lines[lines.index(key) + 1]


# --- the overview -----------------------------------------------------------------------------------------


def test_report_requests_nothing_from_the_network(overview: BrowserPage) -> None:
    assert overview.requests == ()
    assert overview.console_errors == ()


def test_verdict_is_shown(certified: tuple[dict[str, Any], Path, list[dict[str, Any]]],
                          overview: BrowserPage) -> None:
    summary, _, _ = certified
    assert summary["verdict"] == "conformant"
    assert _row_after(overview.text, "Verdict") == "conformant"


def test_environment_and_executor_are_shown(overview: BrowserPage) -> None:
    for key, value in _environment("conformant").items():
        assert _row_after(overview.text, key) == value
    assert _row_after(overview.text, "executor") == "bakong-conformance · certification 2026-11-21T10:00:00Z"
    assert overview.counts[METADATA_ROW] == len(_environment("conformant")) + 1


def test_tree_has_one_row_per_requirement(certified: tuple[dict[str, Any], Path, list[dict[str, Any]]],
                                          overview: BrowserPage) -> None:
    _, _, results = certified
    stories = {story for result in results for story in _labels(result, "story")}
    assert len(stories) >= 5
    assert overview.counts[REQUIREMENT_ROW] == len(stories)
    assert overview.counts[SCENARIO_ROW] == len(results)
    assert all(story in overview.text for story in stories)


def test_tree_is_grouped_area_then_requirement(certified: tuple[dict[str, Any], Path, list[dict[str, Any]]],
                                               overview: BrowserPage) -> None:
    _, _, results = certified
    text = overview.text
    for result in results:
        (area,), (feature,), (story,) = (_labels(result, name) for name in ("epic", "feature", "story"))
        assert text.index(area) < text.index(feature, text.index(area)) < text.index(story, text.index(area))


def test_screenshot_is_saved(overview: BrowserPage) -> None:
    header = SCREENSHOT.read_bytes()[:24]
    assert header[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = int.from_bytes(header[16:20], "big"), int.from_bytes(header[20:24], "big")
    assert width == 1440
    assert height > 1000, "the whole tree, not just the window"


# --- deep links ---------------------------------------------------------------------------------------------


def test_result_href_opens_that_scenario(certified: tuple[dict[str, Any], Path, list[dict[str, Any]]],
                                         shown: dict[str, BrowserPage]) -> None:
    _, _, results = certified
    result = _deep_linked(results)
    href = result_href("html/index.html", result)
    assert href.startswith("html/index.html#")
    page = shown["result"]
    assert result["name"] in page.text
    assert _labels(result, "story")[0] in page.text
    assert not [r["name"] for r in results if r is not result and r["name"] in page.text]
    assert not {"host", "thread", "framework", "language"} & {line.strip() for line in page.text.splitlines()}
    assert page.requests == ()


# --- categories ---------------------------------------------------------------------------------------------


def _synthetic(uuid: str, status: str, message: str = "") -> dict[str, Any]:
    labels = [{"name": "epic", "value": "KHQR issuing"}, {"name": "feature", "value": "Issuing"},
              {"name": "story", "value": "REQ-KHQR-ISS-CRC CRC"}]
    return {"uuid": uuid, "historyId": f"history-{uuid}", "name": f"scenario {uuid}", "fullName": f"s.{uuid}",
            "status": status, "stage": "finished", "start": 1_763_700_000_000, "stop": 1_763_700_000_100,
            "labels": labels, "statusDetails": {"message": message, "trace": ""}, "steps": []}


def _categories_page(folder: Path) -> Path:
    """The report of a synthetic run: one participant failure, two harness errors, one pass."""
    results = folder / "categories" / "allure-results"
    results.mkdir(parents=True)
    for record in (_synthetic("f1", "failed", "CRC mismatch"), _synthetic("b1", "broken", "FixtureNotFound: x"),
                   _synthetic("b2", "broken", "SchemaLoadError: y"), _synthetic("p1", "passed")):
        (results / f"{record['uuid']}-result.json").write_text(json.dumps(record), encoding="utf-8")
    return render_html(results, folder / "categories" / "html", report_name="categories")


def test_categories_separate_participant_failures_from_harness_errors(shown: dict[str, BrowserPage]) -> None:
    page = shown["categories"]
    assert page.counts[TREE_GROUP] == 2
    assert _row_after(page.text, "Participant failures") == "1"
    assert _row_after(page.text, "Harness errors") == "2"
    assert "Product errors" not in page.text
    assert "Test errors" not in page.text


# --- the certificate page -------------------------------------------------------------------------------------


def test_the_certificate_page_renders_offline_with_the_verdict_and_every_requirement(
        shown: dict[str, BrowserPage]) -> None:
    page = shown["certificate"]
    assert page.requests == ()
    assert page.console_errors == ()
    assert "Conformant" in page.text
    assert page.counts == {"tr.requirement": len(requirements()), "#verdict[data-verdict=conformant]": 1}
    assert CERTIFICATE_SCREENSHOT.stat().st_size > 10_000


# --- the browser check itself ---------------------------------------------------------------------------------

LEAKY_PAGE = """<!DOCTYPE html><html><head><title>leaky</title>{csp}
<link rel="stylesheet" href="https://fonts.example.invalid/f.css"></head>
<body><p id="done">loaded</p><img src="http://img.example.invalid/p.png">
<script>fetch("https://api.example.invalid/v1").catch(() => {{}}); console.error("boom");</script></body></html>
"""
CSP = "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; script-src 'unsafe-inline'\">"


def _leaky_page(path: Path, *, csp: str) -> Path:
    path.write_text(LEAKY_PAGE.format(csp=csp), encoding="utf-8")
    return path


def test_non_local_requests_are_recorded(shown: dict[str, BrowserPage]) -> None:
    page = shown["leaky"]
    assert set(page.requests) == {"https://fonts.example.invalid/f.css", "http://img.example.invalid/p.png",
                                  "https://api.example.invalid/v1"}
    assert page.title == "leaky"
    assert page.text == "loaded"
    assert page.counts == {"p": 1, "img": 1}
    assert "boom" in page.console_errors


def test_loads_refused_by_the_csp_are_recorded_too(shown: dict[str, BrowserPage]) -> None:
    page = shown["leaky-csp"]
    assert {"https://fonts.example.invalid/f.css", "http://img.example.invalid/p.png",
            "https://api.example.invalid/v1"} <= set(page.requests)
    assert any(error.startswith("CSP violation") for error in page.console_errors)


def test_each_page_of_one_launch_is_seen_in_a_context_of_its_own(shown: dict[str, BrowserPage]) -> None:
    assert shown["overview"].requests == shown["certificate"].requests == ()   # the leaky pages' loads stay theirs
    assert shown["certificate"].console_errors == ()
    assert shown["leaky"].title == shown["leaky-csp"].title == "leaky"


def test_missing_chromium_is_a_harness_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    page = tmp_path / "p.html"
    page.write_text("<p>x</p>", encoding="utf-8")
    monkeypatch.setenv("CHROMIUM", str(tmp_path / "no-chromium"))
    with pytest.raises(HarnessError, match=r"Chromium not found at .*no-chromium.*make setup"):
        open_in_chromium(page, wait_for="p", screenshot=tmp_path / "p.png")


def test_missing_node_is_a_harness_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    page = tmp_path / "p.html"
    page.write_text("<p>x</p>", encoding="utf-8")
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(HarnessError, match=r"`node` is not on PATH.*make setup"):
        open_in_chromium(page, wait_for="p", screenshot=tmp_path / "p.png")


def test_a_selector_that_never_shows_fails_with_a_screenshot(tmp_path: Path) -> None:
    page = tmp_path / "p.html"
    page.write_text("<p>x</p>", encoding="utf-8")
    expected = r"exit 1\):\nbrowser-check: file://.*p\.html: waiting for #absent: .*Timeout"
    with pytest.raises(HarnessError, match=expected):
        open_in_chromium(page, wait_for="#absent", screenshot=tmp_path / "p.png", timeout_s=4)
    assert (tmp_path / "p.png").is_file()


def test_a_hung_browser_is_killed_at_the_time_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    page = tmp_path / "p.html"
    page.write_text("<p>x</p>", encoding="utf-8")
    monkeypatch.setattr(_browser, "_TEARDOWN_S", -30)  # the script would wait far longer than allowed
    with pytest.raises(HarnessError, match=r"did not finish within 2 s"):
        open_in_chromium(page, wait_for="#absent", screenshot=tmp_path / "p.png", timeout_s=2)
