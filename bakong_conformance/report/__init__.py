"""Reports for a conformance run: Allure results rendered into one offline, self-contained HTML page."""

from __future__ import annotations

from bakong_conformance.report._html import (
    CONTENT_SECURITY_POLICY,
    remote_references,
    render_html,
    sanitise_html,
)

__all__ = ["CONTENT_SECURITY_POLICY", "remote_references", "render_html", "sanitise_html"]
