"""Reports for a conformance run: Allure results rendered into one offline, self-contained HTML page."""

from __future__ import annotations

from bakong_conformance.report._browser import BrowserPage, open_in_chromium
from bakong_conformance.report._html import (
    CONTENT_SECURITY_POLICY,
    remote_references,
    render_html,
    sanitise_html,
)
from bakong_conformance.report._metadata import EXECUTOR_KEYS, result_href, write_report_metadata

__all__ = [
    "CONTENT_SECURITY_POLICY",
    "EXECUTOR_KEYS",
    "BrowserPage",
    "open_in_chromium",
    "remote_references",
    "render_html",
    "result_href",
    "sanitise_html",
    "write_report_metadata",
]
