"""Fixtures shared by the test modules.

``reference_certified`` is one certification of the bundled reference participant, as ``make certify`` makes
it (the full profile, every product written), run once for all the tests that read it: the self-check's
reference, the certify-run tests, the out-of-process comparison and the browser tests. Read it, never change it:
a test that edits a product works on a copy.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from bakong_conformance.cli import main


@pytest.fixture(scope="session")
def reference_certified(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The folder ``bakong-conformance certify --out`` wrote for the reference participant (it exited 0)."""
    out = tmp_path_factory.mktemp("reference") / "reports"
    assert main(["certify", "--out", str(out), "--quiet"]) == 0
    return out


@pytest.fixture(scope="session")
def reference_summary(reference_certified: Path) -> dict[str, Any]:
    """The ``summary.json`` of :func:`reference_certified`."""
    summary: dict[str, Any] = json.loads((reference_certified / "summary.json").read_text(encoding="utf-8"))
    return summary
