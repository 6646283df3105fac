"""What the report says about the run (environment, executor), and links into it.

Checked against the sources of allure 3.18.0 (``@allurereport/reader``, ``core``, ``plugin-awesome``) and by
rendering the single-file report in Chromium:

- ``environment.properties`` in the results folder becomes the awesome report's metadata block above the tree
  (one ``key  value`` row each, in file order). The reader decodes Java-properties escapes and reads the file as
  UTF-8, so Khmer text needs no ``\\u`` escapes.
- ``executor.json`` (keys of :data:`EXECUTOR_KEYS`) becomes one more row of that block, ``name · buildName``.
- Categories are *not* read from the results folder by the awesome plugin (``categories.json`` feeds only the
  allure2/classic plugins): they are configured in ``tools/report/allurerc.mjs``.
- A result's page is the hash route ``index.html#<id>``, where ``<id>`` is the hex MD5 of the ``uuid`` field of
  its ``*-result.json`` (the file *name* is a different, random UUID with allure-python).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

__all__ = ["EXECUTOR_KEYS", "result_href", "write_report_metadata"]

EXECUTOR_KEYS = frozenset({
    "name", "type", "url", "buildOrder", "buildName", "buildUrl", "reportName", "reportUrl",
})
"""The ``executor.json`` fields allure 3.18 reads; any other key is refused as a likely typo."""

_ENVIRONMENT_FILE = "environment.properties"
_EXECUTOR_FILE = "executor.json"
_PLAIN_ESCAPES = {"\\": "\\\\", "\n": "\\n", "\r": "\\r", "\t": "\\t", "\f": "\\f"}
_KEY_SYNTAX = frozenset(" =:#!")  # ends a key, or starts a comment


def write_report_metadata(
    results_dir: Path, *, environment: Mapping[str, str], executor: Mapping[str, str]
) -> None:
    """Write ``environment.properties`` and ``executor.json`` into ``results_dir`` for the HTML report.

    Call it after the suite ran and before :func:`~bakong_conformance.report.render_html`. ``environment``
    is shown row by row in the given order; ``executor`` uses allure's field names (:data:`EXECUTOR_KEYS`;
    ``buildOrder`` must be an integer). Existing files of those names are replaced.

    Raises ``ValueError`` on an empty environment key or an unknown or malformed executor field, and
    ``FileNotFoundError`` if ``results_dir`` does not exist.
    """
    properties = "".join(f"{_escape(key, what='key')}={_escape(value, what='value')}\n"
                         for key, value in environment.items())
    executor_json = json.dumps(_executor(executor), indent=2, ensure_ascii=False) + "\n"
    if not results_dir.is_dir():
        raise FileNotFoundError(f"Allure results folder not found: {results_dir}")
    (results_dir / _ENVIRONMENT_FILE).write_text(properties, encoding="utf-8")
    (results_dir / _EXECUTOR_FILE).write_text(executor_json, encoding="utf-8")


def result_href(report_relpath: str, result: Mapping[str, Any]) -> str:
    """A link to the page of one test result in the single-file report at ``report_relpath``.

    ``result`` is one parsed ``*-result.json`` document; the link is ``report_relpath#<md5 of its uuid>``
    (e.g. ``html/index.html#89b8ec17b5214628314ea0b8456d3720``), which opens that scenario in the awesome
    report. A result without a string ``uuid`` gets a random id from allure, so there is nothing stable to
    link to: the link is then the report itself.
    """
    uuid = result.get("uuid")
    if not isinstance(uuid, str) or not uuid:
        return report_relpath
    return f"{report_relpath}#{hashlib.md5(uuid.encode('utf-8')).hexdigest()}"


def _escape(text: str, *, what: str) -> str:
    """``text`` as a Java-properties key or value that allure's reader decodes back to ``text``.

    Backslashes, line breaks, tabs and other control characters are always escaped; in a key also spaces,
    ``=``, ``:``, ``#`` and ``!``; in a value only a leading space (the reader skips it otherwise).
    """
    if what == "key" and not text:
        raise ValueError("environment keys must not be empty")
    out = []
    for index, char in enumerate(text):
        syntax = char in _KEY_SYNTAX if what == "key" else (index == 0 and char == " ")
        if char in _PLAIN_ESCAPES:
            out.append(_PLAIN_ESCAPES[char])
        elif syntax:
            out.append("\\" + char)
        elif ord(char) < 0x20 or 0x7F <= ord(char) <= 0x9F:
            out.append(f"\\u{ord(char):04x}")
        else:
            out.append(char)
    return "".join(out)


def _executor(executor: Mapping[str, str]) -> dict[str, str | int]:
    """``executor`` checked against :data:`EXECUTOR_KEYS`, with ``buildOrder`` as a number."""
    unknown = sorted(set(executor) - EXECUTOR_KEYS)
    if unknown:
        raise ValueError(f"unknown executor field(s) {unknown}; allure reads only {sorted(EXECUTOR_KEYS)}")
    fields: dict[str, str | int] = dict(executor)
    if "buildOrder" in executor:
        try:
            fields["buildOrder"] = int(executor["buildOrder"])
        except ValueError as exc:
            raise ValueError(f"executor buildOrder must be an integer, not {executor['buildOrder']!r}") from exc
    return fields
