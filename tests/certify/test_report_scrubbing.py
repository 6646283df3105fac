"""The suite's own net (conftest.py): a registered secret echoed in a failure (in the exception, a chained cause,
the captured output) reaches neither junit.xml nor the Allure results, in any form.

A tiny scenario runs in a child pytest with the suite's conftest as a plugin, as a certification run would.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from bakong_conformance.certify._secrets import Secret

ROOT = Path(__file__).resolve().parents[2]
TOKEN = "echoed-in-a-failure-RECOGNISABLE-7f3a"
FEATURE = """Feature: Echoing
  Scenario: The token is echoed in a failure
    When the token is echoed
    Then the failure says so

  Scenario: The token is echoed in a chained error
    When the token is echoed
    Then an error says so
"""
STEPS = f'''
import base64, sys
from pytest_bdd import scenarios, then, when
from bakong_conformance.evidence import register_secret

TOKEN = "{TOKEN}"
register_secret("the test token", TOKEN)
scenarios("echo.feature")


@when("the token is echoed", target_fixture="echoed")
def when_echoed():
    print("captured", base64.b64encode(b"x" + TOKEN.encode()).decode())
    sys.stderr.write("captured " + TOKEN.encode().hex().upper() + "\\n")
    return {{"X-Debug": base64.urlsafe_b64encode(TOKEN.encode()).decode().rstrip("=")}}


@then("the failure says so")
def then_failure(echoed):
    assert echoed == {{}}, f"the sandbox echoed {{TOKEN}}"


@then("an error says so")
def then_error(echoed):
    try:
        {{}}[TOKEN.encode().hex()]
    except KeyError as missing:
        raise RuntimeError("echoed " + echoed["X-Debug"]) from missing
'''


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> Path:
    here = tmp_path_factory.mktemp("echo")
    (here / "echo.feature").write_text(FEATURE, encoding="utf-8")
    (here / "test_echo.py").write_text(STEPS, encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in (str(ROOT), os.environ.get("PYTHONPATH")) if p)}
    done = subprocess.run([sys.executable, "-m", "pytest", "-p", "conftest", "-p", "no:cacheprovider", "-q",
                           f"--rootdir={here}", f"--junitxml={here / 'junit.xml'}", "-o", "junit_logging=all",
                           f"--alluredir={here / 'allure-results'}", str(here / "test_echo.py")],
                          cwd=here, env=env, capture_output=True, text=True, check=False, timeout=120)
    assert done.returncode == 1, done.stdout + done.stderr
    assert TOKEN not in done.stdout
    return here


def test_junit_keeps_no_form_of_a_secret_echoed_in_failures_and_output(written: Path) -> None:
    junit = (written / "junit.xml").read_bytes()
    assert junit.count(b"<failure") == 2
    assert b"the sandbox echoed &lt;redacted&gt;" in junit
    assert not [form for form in Secret("T", TOKEN).forms() if form in junit]


def test_allure_results_keep_no_form_of_a_secret_echoed_in_failures_and_output(written: Path) -> None:
    files = sorted((written / "allure-results").iterdir())
    assert len([f for f in files if f.name.endswith("-result.json")]) == 2
    leaks = [f.name for f in files for form in Secret("T", TOKEN).forms() if form in f.read_bytes()]
    assert leaks == []
    assert any(b"echoed <redacted>" in f.read_bytes() for f in files)
