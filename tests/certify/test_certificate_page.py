"""certificate.html: the verdict in words, what failed and why, the scope, requirements by area, waivers and
changes, a print stylesheet, nothing remote."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from html import escape
from html.parser import HTMLParser
from typing import Any

from bakong_conformance.catalogue import capabilities, requirements
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
    assert "did not meet 1 requirement(s) of the capabilities assessed (Participant interface, KHQR issuing, " \
           "KHQR acceptance, Domestic payments, Bakong Open API client, Alipay+ acquiring, Alipay+ wallet): " \
           "REQ-API-AUTH." in page
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


# --- what failed and why, at the top --------------------------------------------------------------------------

FAILURE = ("bakong_conformance.errors.OutcomeMismatch: The participant's scanner accepted a KHQR it must reject\n"
           'Sent: the KHQR "00020101021129180014jonhsmith@nbcq63040000" to the participant\'s scanner\n'
           "Expected: rejected (official SDK code 8)\n"
           "Actual: accepted <b>anyway</b> \u202eevil\n"
           "Requirement: REQ-KHQR-ACC-CRC")


def _failed(count: int) -> dict[str, Any]:
    """A non-conformant summary: REQ-KHQR-ACC-CRC failed in ``count`` scenarios, everything else passed."""
    passed = [ScenarioResult(f"s-{r}", f"scenario of {r}", "passed", (r,), "") for r in requirements()]
    failed = [ScenarioResult(f"crc-{n}", f'A KHQR with a bad CRC, "case-{n}", is rejected', "failed",
                             ("REQ-KHQR-ACC-CRC",), FAILURE) for n in range(count)]
    judged = summarise(passed + failed, reference_config(), profile="full", on=ON)
    return {**_summary(), **judged, "scenarios": [s.as_json() for s in passed + failed]}


def _failed_page(summary: dict[str, Any]) -> str:
    return render_certificate_page(summary, {"fingerprint": "SHA256:" + "0" * 64}, {"statement": "Self-signed"},
                                   {}, "html/index.html", scenario_links={"crc-0": "html/index.html#c0"})


class _Failures(HTMLParser):
    """The failed-scenario items of the page: (data-scenario, whether it has expected/actual)."""

    def __init__(self) -> None:
        super().__init__()
        self.items: list[list[Any]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        classes = (dict(attrs).get("class") or "").split()
        if tag == "li" and "failed-scenario" in classes:
            self.items.append([dict(attrs)["data-scenario"], False])
        elif tag == "dl" and self.items:
            self.items[-1][1] = True


def test_a_non_conformant_page_opens_with_each_failed_scenario_expected_and_actual() -> None:
    summary = _failed(1)
    assert summary["verdict"] == "non-conformant"
    page = _failed_page(summary)
    assert page.index('id="verdict"') < page.index('id="failures"') < page.index('id="facts"') \
        < page.index('id="requirements"')
    assert '<article class="failure" data-requirement="REQ-KHQR-ACC-CRC" data-status="failed">' in page
    assert "A KHQR with a bad CRC, &quot;case-0&quot;, is rejected" in page
    assert '<a class="evidence" href="html/index.html#c0">evidence</a>' in page
    assert ("<p class=\"failure-title\"><bdi class=\"quoted\">The participant&#x27;s scanner accepted a KHQR it "
            "must reject</bdi></p>") in page
    assert '<dt>Expected</dt><dd class="expected"><bdi class="quoted">rejected (official SDK code 8)</bdi></dd>' in page
    assert "<dt>What was sent</dt>" in page
    assert "bakong_conformance.errors" not in page


def test_participant_text_in_a_failure_is_escaped_isolated_and_its_controls_shown() -> None:
    page = _failed_page(_failed(1))
    assert ('<dt>Actual</dt><dd class="actual"><bdi class="quoted">accepted &lt;b&gt;anyway&lt;/b&gt; \\u202eevil'
            "</bdi></dd>") in page
    assert "\u202e" not in page
    assert "<b>anyway" not in page


def test_every_failed_scenario_is_named_the_first_three_in_detail() -> None:
    parser = _Failures()
    parser.feed(_failed_page(_failed(40)))
    assert [item for item in parser.items if item[1]] == [["crc-0", True], ["crc-1", True], ["crc-2", True]]
    assert [item[0] for item in parser.items if not item[1]] == [f"crc-{n}" for n in range(3, 33)]
    assert "and 7 more, in the full report." in _failed_page(_failed(40))


def test_a_waived_failure_is_shown_with_its_waiver_and_a_clean_run_has_no_failure_section() -> None:
    page = _page(_summary())
    assert '<article class="failure" data-requirement="REQ-API-AUTH" data-status="waived">' in page
    assert "A waiver in force covers this failure" in page
    clean = summarise([ScenarioResult(f"s-{r}", r, "passed", (r,), "") for r in requirements()], reference_config(),
                      profile="full", on=ON)
    assert 'id="failures"' not in _page({**_summary(), **clean})


# --- scope: what was assessed, and what was declared but not assessed --------------------------------------------


def test_capabilities_without_requirements_are_not_assessed_and_the_verdict_names_what_was() -> None:
    config = dataclasses.replace(reference_config(),
                                 capabilities=frozenset({"khqr-issuer", "link-thai-qr", "link-vietqr"}))
    scenarios = [ScenarioResult(f"s-{r}", r, "passed" if req.capability in ("khqr-issuer", "participant-api")
                                else "not-applicable", (r,), "") for r, req in requirements().items()]
    page = _page({**_summary(), **summarise(scenarios, config, profile="full", on=ON)})
    assert ('<p id="explanation">The participant met every requirement of the capabilities assessed: '
            "Participant interface, KHQR issuing.</p>") in page
    not_assessed = re.search(r'<p class="not-assessed" id="not-assessed">(.*?)</p>', page)
    assert not_assessed is not None
    assert "<strong>not assessed</strong>: Thai QR link (PromptPay), VietQR link (NAPAS)." in not_assessed.group(1)
    assert "this certificate says nothing about them" in not_assessed.group(1)
    assert ('<tr><th>Declared, not assessed</th><td dir="auto"><bdi>Thai QR link (PromptPay), VietQR link (NAPAS)'
            "</bdi></td></tr>") in page
    assert ('<tr><th>Capabilities assessed</th><td dir="auto"><bdi>Participant interface, KHQR issuing</bdi></td>'
            "</tr>") in page


def test_the_reference_declares_nothing_it_does_not_assess() -> None:
    page = _page(_summary())
    assert 'id="not-assessed"' not in page
    assert all(capabilities()[c].name not in page for c in ("link-thai-qr", "link-vietqr", "link-lao-qr"))


# --- the requirements: by area, with their source; IDs whole; printable ---------------------------------------------


class _Areas(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.areas: list[tuple[str, int, int]] = []
        self.rows: dict[str, list[str]] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "tbody" and found.get("class") == "area":
            self.areas.append((str(found["data-area"]), int(str(found["data-met"])),
                               int(str(found["data-applicable"]))))
        elif tag == "tr" and found.get("class") == "requirement":
            self.rows.setdefault(self.areas[-1][0], []).append(str(found["data-requirement"]))


def test_requirements_are_grouped_by_area_with_met_of_applicable_per_area() -> None:
    issuer_only = dataclasses.replace(reference_config(), capabilities=frozenset({"khqr-issuer"}))
    scenarios = [ScenarioResult(f"s-{r}", r, "failed" if r == "REQ-KHQR-ISS-CRC" else "passed", (r,), "")
                 for r in requirements()]
    page = _page({**_summary(), **summarise(scenarios, issuer_only, profile="full", on=ON)})
    parser = _Areas()
    parser.feed(page)
    areas = list(dict.fromkeys(req.area for req in requirements().values()))
    assert [area for area, _, _ in parser.areas] == areas
    assert parser.rows == {area: [r for r, req in requirements().items() if req.area == area] for area in areas}
    counts = {area: (met, applicable) for area, met, applicable in parser.areas}
    issuing = sum(1 for req in requirements().values() if req.area == "KHQR issuing")
    assert counts["KHQR issuing"] == (issuing - 1, issuing)
    assert counts["KHQR acceptance"] == (0, 0)
    assert f'<span class="area-count">{issuing - 1} of {issuing} met</span>' in page
    assert '<tr class="area-heading"><th colspan="6" scope="rowgroup">KHQR acceptance<span class="area-count">' \
           "not applicable</span></th></tr>" in page


def test_each_requirement_shows_its_source() -> None:
    page = _page(_summary())
    assert "<th class=\"c-source\">Source</th>" in page
    for req in requirements().values():
        assert f'<td class="source">{escape(req.source)}</td>' in page, req.id


def test_requirement_ids_are_kept_whole_on_one_line() -> None:
    page = _page(_summary())
    for req_id in requirements():
        assert f'<code class="req-id">{req_id}</code>' in page
    style = re.search(r"code\.req-id\{([^}]*)\}", page)
    assert style is not None
    assert "white-space:nowrap" in style.group(1)
    assert "word-break:normal" in style.group(1)


def test_the_page_prints_as_a_clean_a4_document() -> None:
    page = _page(_summary())
    assert "@page{size:A4;" in page
    printed = re.search(r"@media print\{(.*?)\n\}", page, flags=re.DOTALL)
    assert printed is not None
    rules = printed.group(1)
    assert "background:none" in rules                              # no ink on tinted boxes
    assert "tr,.failed-scenario{break-inside:avoid}" in rules       # no row split across pages
    assert "thead{display:table-header-group}" in rules             # the column heads on every page
    assert "a{color:inherit;text-decoration:none}" in rules         # links read as text
    assert ".evidence,.report{display:none}" in rules               # no dead links on paper
    assert 'a.report-href::after{content:" (" attr(href)' in rules  # but where the report is


def test_failures_that_follow_from_a_stopped_sandbox_are_named_not_repeated() -> None:
    summary = _failed(5)
    names = [s["name"] for s in summary["scenarios"] if s["status"] == "failed"]
    summary["sandbox_stops"] = [{"scenario": names[0], "operation": "scanKhqr", "followers": names[1:],
                                 "answeredAgain": False}]
    parser = _Failures()
    page = _failed_page(summary)
    parser.feed(page)
    assert [item for item in parser.items if item[1]] == [["crc-0", True]]
    assert page.count("(not called: the sandbox had stopped answering, see above)") == 4
    assert page.count("stopped answering during the scenario") == 1
