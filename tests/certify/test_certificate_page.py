"""certificate.html: the verdict in words, one row per requirement, waivers and changes, nothing remote."""

from __future__ import annotations

import datetime as dt
from html.parser import HTMLParser
from typing import Any

from bakong_conformance.catalogue import requirements
from bakong_conformance.certificate import render_certificate_page
from bakong_conformance.certify import ScenarioResult, Waiver, summarise
from bakong_conformance.config import reference_config
from bakong_conformance.report import remote_references

ON = dt.date(2026, 11, 21)


def _summary(**changes: Any) -> dict[str, Any]:
    scenarios = [ScenarioResult(f"s-{r}", r, "failed" if r == "REQ-API-AUTH" else "passed", (r,), "")
                 for r in requirements()]
    judged = summarise(scenarios, reference_config(), profile="full", on=ON,
                       waivers=[Waiver("REQ-API-AUTH", "fix <b>soon</b>", "NBC & co", ON)])
    participant = {"id": "EXBK", "name": "Example <Bank>", "base_url": "http://127.0.0.1:8000",
                   "software_version": "2.4.1", "capabilities": ["khqr-issuer"], "reference": False}
    return {"participant": participant, "profile": "full", "defects": [], "started": "2026-11-21T10:00:00Z",
            "finished": "2026-11-21T10:01:00Z", "harness": {"version": "0.1.0"}, "suite": {"sha256": "ab" * 32},
            "changes": [{"scenario": "s-x", "before": "passed", "after": "failed"}], **judged, **changes}


class _Rows(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.rows: list[dict[str, str | None]] = []
        self.tags: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)
        if tag == "tr" and ("class", "requirement") in attrs:
            self.rows.append(dict(attrs))


def _page(summary: dict[str, Any]) -> str:
    return render_certificate_page(summary, {"fingerprint": "SHA256:" + "0" * 64},
                                   {"statement": "Self-signed: not issued by the regulator"},
                                   {"REQ-API-AUTH": "html/index.html#x"}, "html/index.html")


def test_one_row_per_requirement_with_its_status() -> None:
    parser = _Rows()
    parser.feed(_page(_summary()))
    assert [row["data-requirement"] for row in parser.rows] == list(requirements())
    assert {row["data-requirement"]: row["data-status"] for row in parser.rows}["REQ-API-AUTH"] == "waived"


def test_verdict_participant_signer_waivers_and_changes_are_on_the_page() -> None:
    page = _page(_summary())
    assert 'data-verdict="conformant"' in page
    for text in ("Example &lt;Bank&gt;", "SHA256:" + "0" * 64, "Self-signed: not issued by the regulator",
                 "fix &lt;b&gt;soon&lt;/b&gt;", "NBC &amp; co", "In force: covers a failure", "s-x",
                 'href="html/index.html#x"'):
        assert text in page


def test_the_page_has_no_script_and_no_remote_reference() -> None:
    parser = _Rows()
    page = _page(_summary())
    parser.feed(page)
    assert "script" not in parser.tags
    assert remote_references(page) == []
    assert "default-src 'none'" in page


def test_a_failed_run_names_its_failed_requirements_and_a_smoke_run_says_it_is_not_a_certification() -> None:
    summary = _summary(profile="smoke")
    summary["verdict"] = "non-conformant"
    summary["requirements"]["REQ-API-AUTH"] = {**summary["requirements"]["REQ-API-AUTH"], "status": "failed"}
    page = _page(summary)
    assert "did not meet 1 requirement(s) that apply to it: REQ-API-AUTH" in page
    assert "It is not a certification." in page


def test_without_a_baseline_the_page_says_so() -> None:
    assert "No baseline was given for this run." in _page(_summary(changes=None))
    assert "No scenario changed status since the baseline." in _page(_summary(changes=[]))


class _Isolation(HTMLParser):
    """The text outside any ``<bdi>`` element, and the ``<title>`` text."""

    def __init__(self) -> None:
        super().__init__()
        self.depth = 0
        self.outside: list[str] = []
        self.title: list[str] = []
        self.in_title = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.depth += tag == "bdi"
        self.in_title = self.in_title or tag == "title"

    def handle_endtag(self, tag: str) -> None:
        self.depth -= tag == "bdi"
        self.in_title = self.in_title and tag != "title"

    def handle_data(self, data: str) -> None:
        if self.in_title:
            self.title.append(data)
        elif not self.depth:
            self.outside.append(data)


def test_participant_supplied_text_is_isolated_in_bdi() -> None:
    page = _page(_summary())
    assert "<h1>KHQR conformance certificate: <bdi>Example &lt;Bank&gt;</bdi> (<bdi>EXBK</bdi>)</h1>" in page
    for value in ("Example &lt;Bank&gt;", "EXBK", "2.4.1", "http://127.0.0.1:8000", "fix &lt;b&gt;soon&lt;/b&gt;",
                  "NBC &amp; co", "Self-signed: not issued by the regulator"):
        assert f'<td dir="auto"><bdi>{value}</bdi></td>' in page, value
    assert "<title>KHQR conformance certificate: \u2068Example &lt;Bank&gt;\u2069 (\u2068EXBK\u2069)" in page


def test_a_right_to_left_override_in_the_name_cannot_reorder_the_page() -> None:
    summary = _summary()
    summary["participant"] = {**summary["participant"], "name": "Bank\u202e KHBN", "id": "EX\u2069\u202eBK"}
    waiver = {**summary["waivers"][0], "reason": "soon\u202e", "issued_by": "NBC\u202e"}
    parser = _Isolation()
    parser.feed(_page({**summary, "waivers": [waiver]}))
    assert not [text for text in parser.outside if "\u202e" in text]
    title = "".join(parser.title)
    assert "\u202e" not in title
    assert "\u2068Bank\\u202e KHBN\u2069 (\u2068EX\\u2069\\u202eBK\u2069)" in title
