"""Allure results made readable before they are rendered: plain failure messages, no machine labels.

allure-pytest-bdd writes a failure's ``statusDetails.message`` as Python prints an exception,
``bakong_conformance.errors.OutcomeMismatch: The participant's scanner ...``: the class path is the harness's
business, not the reader's, and so is the trace (the harness's own files and lines). :func:`tidy_results`
removes both from every *failed* result and step (a participant failure: the message says all the standard
needs), so the failure box opens with the plain message; a *broken* one (a harness error) keeps them, for
whoever fixes the harness. It also drops the labels that mean nothing to a reader (:data:`MACHINE_LABELS`: the
host and thread the suite ran on, the test framework and the Python implementation).
"""

from __future__ import annotations

import json
import re
from collections.abc import MutableMapping
from pathlib import Path
from typing import Any

__all__ = ["MACHINE_LABELS", "plain_message", "tidy_results"]

MACHINE_LABELS = frozenset({"host", "thread", "framework", "language"})
"""Labels allure-pytest-bdd adds by itself; the report is a reader's document (its timeline, drawn per host and
thread, is left empty)."""

# `package.module.ClassName: ` (a dotted path: lower-case modules, a CapWords class), or a bare AssertionError
_CLASS_PATH = re.compile(r"(?:(?:[a-z_][a-z0-9_]*\.)+[A-Z][A-Za-z0-9_]*|AssertionError): ")


def plain_message(message: str) -> str:
    """``message`` without the exception class path Python prints first (``a.b.OutcomeMismatch: ``)."""
    match = _CLASS_PATH.match(message)
    return message[match.end():] if match else message


def _tidy(node: MutableMapping[str, Any]) -> None:
    """One result or step, and its steps below, in place."""
    details = node.get("statusDetails")
    if node.get("status") == "failed" and isinstance(details, dict):
        if isinstance(details.get("message"), str):
            details["message"] = plain_message(details["message"])
        details.pop("trace", None)
    for step in node.get("steps") or []:
        if isinstance(step, dict):
            _tidy(step)


def tidy_results(results_dir: Path) -> None:
    """Tidy every ``*-result.json`` in ``results_dir`` in place (see the module docstring)."""
    for path in sorted(results_dir.glob("*-result.json")):
        result = json.loads(path.read_text(encoding="utf-8"))
        result["labels"] = [label for label in result.get("labels", [])
                            if not (isinstance(label, dict) and label.get("name") in MACHINE_LABELS)]
        _tidy(result)
        path.write_text(json.dumps(result, ensure_ascii=False), encoding="utf-8")
