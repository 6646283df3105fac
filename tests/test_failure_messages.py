"""What a bank engineer reads when a scenario fails: what was sent, the rule and its source, what came back.

One child run of the suite against the reference participant with an issuing defect and a scanner defect;
its Allure results, JUnit file and progress lines are read as a bank's CI would show them.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from typing import Any

import pytest

from bakong_conformance.certify import SUITE_ROOT

PYTHON_WORDS = re.compile(r"\b(None|True|False)\b|\{'|\['")
HARNESS_INSIDES = re.compile(r"bakong_conformance\.|/bakong_conformance/|\.py:\d+")


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    out = tmp_path_factory.mktemp("messages")
    done = subprocess.run([sys.executable, "-m", "pytest", "steps/test_scenarios.py", "-q", "--tb=line",
                           "-p", "no:cacheprovider", "--progress", f"--alluredir={out / 'results'}",
                           f"--junitxml={out / 'junit.xml'}", "--defect=crc-lower-case",
                           "--defect=scanner-accepts-bad-crc"], cwd=SUITE_ROOT, capture_output=True, text=True,
                          timeout=600, check=False)
    assert done.returncode == 1, done.stdout[-2000:] + done.stderr[-2000:]
    results = [json.loads(p.read_text(encoding="utf-8")) for p in (out / "results").glob("*-result.json")]
    return {"stdout": done.stdout, "failed": [r for r in results if r["status"] == "failed"],
            "junit": ET.parse(out / "junit.xml")}


def _message(result: dict[str, Any]) -> str:
    return str(result["statusDetails"]["message"])


def test_every_failure_says_what_was_sent_and_what_the_standard_requires(run: dict[str, Any]) -> None:
    assert run["failed"]
    for result in run["failed"]:
        message = _message(result)
        assert "\nSent: " in message, message
        assert "\nThe standard requires: REQ-" in message or "\nThe standard requires: rule KHQR-" in message
        assert "(source: " in message
        assert not PYTHON_WORDS.search(message), message


def test_an_acceptance_failure_shows_the_scanned_code_and_the_payload_rule_it_breaks(run: dict[str, Any]) -> None:
    scanner = [_message(r) for r in run["failed"] if "scanner accepted a KHQR it must reject" in _message(r)]
    assert scanner
    for message in scanner:
        assert re.search(r'Sent: the KHQR "000201[^"]+" to the participant\'s scanner, scanned at 20\d\d-', message)
        assert "The standard requires: rule KHQR-CRC-" in message
        assert "REQ-KHQR-ACC-CRC: " in message


def test_an_issuing_failure_shows_the_request_it_answered(run: dict[str, Any]) -> None:
    issuing = [_message(r) for r in run["failed"] if "CRC" in _message(r) and "issuing request" in _message(r)]
    assert issuing
    assert all('Sent: the issuing request {"kind": ' in message for message in issuing)


def test_junit_shows_participant_failures_without_harness_class_or_file_paths(run: dict[str, Any]) -> None:
    failures = run["junit"].getroot().iter("failure")
    texts = [(f.get("message") or "") + (f.text or "") for f in failures]
    assert texts
    for text in texts:
        assert not HARNESS_INSIDES.search(text), text


def test_progress_lines_count_failures_in_the_area_they_happened_in(run: dict[str, Any]) -> None:
    lines = [line for line in run["stdout"].splitlines() if line.startswith("[")]
    failed_areas = {line.split("] ", 1)[1].split(":")[0] for line in lines if " failed" in line}
    assert failed_areas == {"KHQR issuing", "KHQR acceptance"}, lines
