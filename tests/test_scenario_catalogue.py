"""The feature files against the requirement catalogue and the Gherkin house style (features/README.md).

Parsed with the official Gherkin parser that pytest-bdd itself uses (``gherkin-official``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from gherkin.parser import Parser

from bakong_conformance.catalogue import requirements
from bakong_conformance.fixtures import issuing_names, scan_case, scan_case_names

ROOT = Path(__file__).resolve().parents[1]
FEATURES = sorted((ROOT / "features").rglob("*.feature"))
LEVELS = {"mandatory", "conditional", "optional"}

# Transport details that must stay out of the specification: URLs, HTTP verbs, JSON paths / bodies, status codes.
FORBIDDEN = {
    "a URL or the word http": re.compile(r"https?|://", re.IGNORECASE),
    "an HTTP verb": re.compile(r"\b(GET|POST|PUT|PATCH|DELETE) "),
    "a JSON body or path": re.compile(r"[{}]|\$\.|\$\["),
    "a status code": re.compile(r"(?<![\w.-])[1-5][0-9]{2}(?![\w.-])"),
}


def _document(path: Path) -> dict[str, Any]:
    return Parser().parse(path.read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def _scenarios(feature: dict[str, Any]) -> Iterator[dict[str, Any]]:
    for child in feature["children"]:
        if "scenario" in child:
            yield child["scenario"]
        for grandchild in child.get("rule", {}).get("children", []):
            if "scenario" in grandchild:
                yield grandchild["scenario"]


def _all_scenarios() -> list[tuple[Path, dict[str, Any], set[str]]]:
    out = []
    for path in FEATURES:
        feature = _document(path)["feature"]
        feature_tags = {t["name"][1:] for t in feature["tags"]}
        out += [(path, s, feature_tags | {t["name"][1:] for t in s["tags"]}) for s in _scenarios(feature)]
    return out


def _rows(scenario: dict[str, Any]) -> int:
    return sum(len(examples["tableBody"]) for examples in scenario["examples"]) or 1


def test_features_exist_for_each_area() -> None:
    names = {p.relative_to(ROOT / "features").as_posix() for p in FEATURES}
    assert {"khqr/issuing.feature", "khqr/acceptance.feature", "api/interface.feature"} <= names


def test_every_requirement_has_a_scenario() -> None:
    used = set().union(*(tags for _, _, tags in _all_scenarios()))
    assert sorted(set(requirements()) - used) == []


def test_every_scenario_names_a_requirement_and_its_level() -> None:
    for path, scenario, tags in _all_scenarios():
        reqs = tags & set(requirements())
        assert reqs, f"{path.name}: {scenario['name']} has no requirement tag"
        assert {requirements()[r].level for r in reqs} <= tags & LEVELS, f"{scenario['name']}: level tag"


def test_every_tag_is_a_registered_marker(pytestconfig: pytest.Config) -> None:
    registered = {line.split(":")[0].split("(")[0].strip() for line in pytestconfig.getini("markers")}
    for path, scenario, tags in _all_scenarios():
        assert tags <= registered, f"{path.name}: {scenario['name']} uses {sorted(tags - registered)}"


def test_examples_blocks_carry_no_tags() -> None:
    for _, scenario, _ in _all_scenarios():
        assert all(not examples["tags"] for examples in scenario["examples"]), scenario["name"]


def test_each_scenario_has_exactly_one_when() -> None:
    for _, scenario, _ in _all_scenarios():
        keywords = [step["keyword"].strip() for step in scenario["steps"]]
        assert keywords.count("When") == 1, scenario["name"]


@pytest.mark.parametrize("path", FEATURES, ids=lambda p: p.name)
def test_features_carry_no_transport_details(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    found = {what: pattern.findall(text) for what, pattern in FORBIDDEN.items() if pattern.search(text)}
    assert found == {}


def test_at_least_eighty_scenarios_counting_examples_rows() -> None:
    assert sum(_rows(scenario) for _, scenario, _ in _all_scenarios()) >= 80


def _example_values(column: str) -> Iterator[tuple[set[str], str]]:
    for _, scenario, tags in _all_scenarios():
        for examples in scenario["examples"]:
            header = [cell["value"] for cell in examples["tableHeader"]["cells"]]
            if column in header:
                at = header.index(column)
                yield from ((tags, row["cells"][at]["value"]) for row in examples["tableBody"])


def test_named_fixtures_exist() -> None:
    issuing = {*issuing_names("valid"), *issuing_names("invalid")}
    assert {name for _, name in _example_values("request")} <= issuing
    assert {name for _, name in _example_values("case")} <= set(scan_case_names())
    payable = {*issuing_names("valid"), *scan_case_names()}
    assert {name for _, name in _example_values("code")} <= payable


def test_scan_cases_are_used_under_their_own_requirement() -> None:
    for tags, name in _example_values("case"):
        case = scan_case(name, 0)
        assert case.requirement in tags or "REQ-API-CONTRACT" in tags, f"{name} is a {case.requirement} case"


STEP_TEXT = re.compile(r'@(?:given|when|then)\((?:parsers\.(?:re|parse)\()?\s*r?"((?:[^"\\]|\\.)*)"')


def test_no_two_step_modules_define_the_same_step_text() -> None:
    """A step text defined twice would run whichever module registered last, against that module's world."""
    owners: dict[str, set[str]] = {}
    for path in sorted((ROOT / "steps").glob("*.py")):
        for text in STEP_TEXT.findall(path.read_text(encoding="utf-8")):
            owners.setdefault(text, set()).add(path.name)
    assert {text: sorted(names) for text, names in owners.items() if len(names) > 1} == {}
