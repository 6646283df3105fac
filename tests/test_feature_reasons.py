"""The official reason a feature file shows for each refusal or rejection is the one the fixture data (checked
against the codec and the official SDK elsewhere) expects: what the regulator reads is what is tested."""

from __future__ import annotations

from pathlib import Path

import pytest

from bakong_conformance import fixtures
from bakong_conformance.checks._text import official_code

FEATURES = Path(__file__).resolve().parents[1] / "features"
NOW = 1_760_000_000_000


def _reason_rows(path: Path) -> list[tuple[str, str]]:
    rows, armed, header = [], False, None
    for line in path.read_text(encoding="utf-8").splitlines():
        text = line.strip()
        if "(official reason: <reason>)" in text:
            armed, header = True, None
        elif armed and text.startswith("|"):
            cells = [c.strip() for c in text.strip("|").split("|")]
            if header is None:
                header = cells
            else:
                rows.append((cells[0], cells[header.index("reason")]))
        elif armed and header is not None and not text.startswith("|"):
            armed = False
    return rows


ROWS = [(path.name, name, reason) for path in sorted(FEATURES.rglob("*.feature")) for name, reason in
        _reason_rows(path)]


def test_refusal_and_rejection_outlines_show_their_reasons() -> None:
    assert len(ROWS) >= 40


@pytest.mark.parametrize(("feature", "name", "reason"), ROWS, ids=[f"{f}:{n}" for f, n, _ in ROWS])
def test_feature_reason_matches_the_fixture(feature: str, name: str, reason: str) -> None:
    case = fixtures.issuing_case(name, NOW) if feature == "issuing.feature" else fixtures.scan_case(name, NOW)
    assert official_code(reason) == case.sdk_code
