"""Reports for a conformance run: Allure results rendered into one offline, self-contained HTML page."""

from __future__ import annotations

from bakong_conformance.report._browser import BrowserPage, PageCheck, open_in_chromium, open_pages_in_chromium
from bakong_conformance.report._html import (
    CONTENT_SECURITY_POLICY,
    remote_references,
    render_html,
    sanitise_html,
)
from bakong_conformance.report._metadata import EXECUTOR_KEYS, result_href, write_report_metadata
from bakong_conformance.report._results import MACHINE_LABELS, plain_message, tidy_results

__all__ = [
    "CONTENT_SECURITY_POLICY",
    "EXECUTOR_KEYS",
    "MACHINE_LABELS",
    "BrowserPage",
    "PageCheck",
    "open_in_chromium",
    "open_pages_in_chromium",
    "plain_message",
    "remote_references",
    "render_html",
    "result_href",
    "sanitise_html",
    "tidy_results",
    "write_report_metadata",
]
