"""``write_report_metadata`` and ``result_href``: the files allure 3.18 reads, and its id for a result's page.

The properties round trip runs allure's own reader (``@allurereport/reader`` in ``tools/report/node_modules``)
under node, so ``make setup`` must have run. That the report then shows these values, and that the link opens
the scenario, is checked in Chromium by ``test_browser.py``.
"""

from __future__ import annotations

import hashlib
import json
import subprocess
from pathlib import Path

import pytest

from bakong_conformance.report import EXECUTOR_KEYS, result_href, write_report_metadata

REPO = Path(__file__).resolve().parents[2]
ALLURE_READER = REPO / "tools" / "report" / "node_modules" / "@allurereport" / "reader" / "dist" / "properties.js"

ENVIRONMENT = {"Participant": "Example Bank (EXBKKHPP)", "Profile": "full", "Harness version": "0.1.0",
               "Verdict": "conformant", "Capabilities": "khqr-issuer, khqr-acceptor"}
EXECUTOR = {"name": "bakong-conformance", "type": "bakong-conformance",
            "buildName": "certification 2026-11-21T10:00:00Z"}


def _allure_reads_properties(path: Path) -> dict[str, str]:
    """``path`` parsed by allure's own ``parseProperties``, in file order."""
    script = ("import { readFileSync } from 'node:fs';"
              f"import {{ parseProperties }} from {json.dumps(ALLURE_READER.as_uri())};"
              "const text = readFileSync(process.argv[1], 'utf8');"
              "process.stdout.write(JSON.stringify(Object.entries(parseProperties(text))));")
    done = subprocess.run(["node", "--input-type=module", "-e", script, str(path)],
                          capture_output=True, text=True, check=True, timeout=30)
    return dict(json.loads(done.stdout))


def test_writes_environment_and_executor(tmp_path: Path) -> None:
    write_report_metadata(tmp_path, environment=ENVIRONMENT, executor=EXECUTOR)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["environment.properties", "executor.json"]
    assert (tmp_path / "environment.properties").read_text(encoding="utf-8").splitlines() == [
        "Participant=Example Bank (EXBKKHPP)", "Profile=full", "Harness\\ version=0.1.0", "Verdict=conformant",
        "Capabilities=khqr-issuer, khqr-acceptor"]
    assert json.loads((tmp_path / "executor.json").read_text(encoding="utf-8")) == EXECUTOR


def test_allure_reads_the_environment_back_exactly(tmp_path: Path) -> None:
    awkward = {**ENVIRONMENT, " key: with = all # the ! syntax": " leading space, = : # ! \\ trailing\\",
               "multi\nline": "tab\there\r\nnext\fpage\x01\x7f", "ឈ្មោះ": "ធនាគារ ABA 😀", "#not-a-comment": "!v",
               "empty": ""}
    write_report_metadata(tmp_path, environment=awkward, executor={})
    read = _allure_reads_properties(tmp_path / "environment.properties")
    assert read == awkward
    assert list(read) == list(awkward)


def test_executor_build_order_is_a_number(tmp_path: Path) -> None:
    write_report_metadata(tmp_path, environment={}, executor={**EXECUTOR, "buildOrder": "42"})
    assert json.loads((tmp_path / "executor.json").read_text(encoding="utf-8"))["buildOrder"] == 42


def test_rewrites_existing_files(tmp_path: Path) -> None:
    write_report_metadata(tmp_path, environment={"Verdict": "conformant"}, executor=EXECUTOR)
    write_report_metadata(tmp_path, environment={"Verdict": "non-conformant"}, executor={"name": "again"})
    assert (tmp_path / "environment.properties").read_text(encoding="utf-8") == "Verdict=non-conformant\n"
    assert json.loads((tmp_path / "executor.json").read_text(encoding="utf-8")) == {"name": "again"}


@pytest.mark.parametrize(
    ("environment", "executor", "message"),
    [
        ({"": "x"}, {}, "environment keys must not be empty"),
        ({}, {"buildname": "x"}, r"unknown executor field\(s\) \['buildname'\]"),
        ({}, {"buildOrder": "first"}, "buildOrder must be an integer"),
    ],
)
def test_refuses_what_allure_would_drop(tmp_path: Path, environment: dict[str, str], executor: dict[str, str],
                                        message: str) -> None:
    with pytest.raises(ValueError, match=message):
        write_report_metadata(tmp_path, environment=environment, executor=executor)
    assert list(tmp_path.iterdir()) == [], "nothing half-written"


def test_missing_results_dir(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="results folder not found"):
        write_report_metadata(tmp_path / "absent", environment=ENVIRONMENT, executor=EXECUTOR)


def test_executor_keys_are_those_allure_reads() -> None:
    reader = (ALLURE_READER.parent / "allure2" / "index.js").read_text(encoding="utf-8")
    block = reader[reader.index("allure2_executor: {"):]
    block = block[: block.index("}")]
    assert {line.strip().split(":")[0] for line in block.splitlines()[1:] if line.strip()} == EXECUTOR_KEYS


# --- result_href ------------------------------------------------------------------------------------------


def test_result_href_is_the_md5_of_the_uuid() -> None:
    result = {"uuid": "380b2f85-a96c-4f28-b4f0-1fd8318043a2", "historyId": "a6fa.d41d", "name": "x"}
    expected = hashlib.md5(b"380b2f85-a96c-4f28-b4f0-1fd8318043a2").hexdigest()
    assert result_href("html/index.html", result) == f"html/index.html#{expected}"
    assert result_href("index.html", result) == f"index.html#{expected}"


@pytest.mark.parametrize("result", [{}, {"uuid": ""}, {"uuid": 7}, {"uuid": None, "historyId": "h"}])
def test_result_href_without_a_uuid_is_the_report(result: dict[str, object]) -> None:
    assert result_href("html/index.html", result) == "html/index.html"
