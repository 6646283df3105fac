"""The pieces every part of ``certificate.html`` is written with: escaping, isolation, the words for statuses."""

from __future__ import annotations

from html import escape

from ._text import shown_controls, visible

__all__ = ["LEVEL_WORDS", "STATUS_WORDS", "bdi", "e", "isolated", "req_id", "supplied_text"]

STATUS_WORDS = {
    "passed": "Met", "failed": "Not met", "waived": "Not met, waived", "broken": "Could not be tested",
    "not-run": "Not tested", "not-applicable": "Not applicable", "skipped": "Not tested",
}
LEVEL_WORDS = {"mandatory": "Mandatory", "conditional": "Conditional", "optional": "Optional"}


def e(value: object) -> str:
    """``value`` as HTML text or an attribute value."""
    return escape(str(value), quote=True)


def bdi(value: object) -> str:
    """Supplied text, escaped and isolated: its direction cannot leak into what surrounds it."""
    return f"<bdi>{e(value)}</bdi>"


def supplied_text(value: str) -> str:
    """Longer supplied text (a failure message quoting the participant's answer): controls shown as escapes,
    line breaks kept, escaped and isolated."""
    return f'<bdi class="quoted">{e(shown_controls(value))}</bdi>'


def isolated(value: object) -> str:
    """Supplied text for a plain-text context (``<title>``): controls shown, between FSI and PDI."""
    return f"\u2068{visible(str(value))}\u2069"


def req_id(value: str) -> str:
    """A requirement ID, which never breaks across lines (``REQ-KHQR-ISS-LENGTH``, not ``…LENGT`` / ``H``)."""
    return f'<code class="req-id">{e(value)}</code>'
