"""Untrusted labels made harmless to read: characters that move, hide or recolour text, shown as escapes.

A certificate's labels (participant name and ID, verdict, issuer statement, file names) come from whoever wrote
the configuration or the folder. A terminal obeys the control characters in them (``ESC [`` sequences recolour
or erase lines, a newline starts a fake line of output) and a page or terminal obeys the bidirectional controls
(U+202E RIGHT-TO-LEFT OVERRIDE turns ``Bank (KHBK)`` around). :func:`visible` shows each such character as an
escape (``\\x1b``, ``\\n``, ``\\u202e``; a backslash as ``\\\\``, so an escape in the text cannot pass for one
made here); :func:`hidden_character` names the first one, for a loader that refuses them.

The characters: C0 controls (U+0000–U+001F), DEL (U+007F), C1 controls (U+0080–U+009F), the bidirectional
controls U+061C, U+200E, U+200F, U+202A–U+202E and U+2066–U+2069, the line and paragraph separators U+2028 and
U+2029, and lone surrogates (a file name that is not UTF-8).
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["hidden_character", "shown_controls", "visible"]

_CLASS = "\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff"
_HIDDEN = re.compile(f"[{_CLASS}]")
_SHOWN = re.compile(f"[{_CLASS}\\\\]")
_SHORT = {"\n": "\\n", "\r": "\\r", "\t": "\\t", "\\": "\\\\"}
# Control characters have no Unicode name (unicodedata.name fails); these are the ones worth naming.
_CONTROL_NAMES = {0x00: "NULL", 0x07: "BELL", 0x08: "BACKSPACE", 0x09: "CHARACTER TABULATION", 0x0A: "LINE FEED",
                  0x0D: "CARRIAGE RETURN", 0x1B: "ESCAPE", 0x7F: "DELETE", 0x85: "NEXT LINE",
                  0x9B: "CONTROL SEQUENCE INTRODUCER"}


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    if char in _SHORT:
        return _SHORT[char]
    return f"\\x{ord(char):02x}" if ord(char) < 0x100 else f"\\u{ord(char):04x}"


def visible(text: str) -> str:
    """``text`` with every control, bidirectional control and backslash shown as an escape (``\\x1b``, ``\\n``)."""
    return _SHOWN.sub(_escape, text)


def shown_controls(text: str) -> str:
    """``text`` with every control and bidirectional control but the line break shown as an escape, backslashes
    kept as they are: for longer text quoted on a page (a failure message), read line by line."""
    return "\n".join(_HIDDEN.sub(_escape, line) for line in text.split("\n"))


def _name(char: str) -> str:
    code = ord(char)
    default = "a surrogate (not UTF-8)" if 0xD800 <= code <= 0xDFFF else "a control character"
    return f"U+{code:04X} {_CONTROL_NAMES.get(code) or unicodedata.name(char, default)}"


def hidden_character(text: str) -> str | None:
    """The first character of ``text`` that :func:`visible` would escape (other than ``\\``), named
    (``U+202E RIGHT-TO-LEFT OVERRIDE``); None when there is none."""
    match = _HIDDEN.search(text)
    return None if match is None else _name(match.group())
