"""A certification run against a sandbox that echoes its bearer token (base64 and hex, in answer headers): the
credentials requirement fails, the run still ends in a signed certificate, and no form of any credential the
run registered (the bearer token, every Open API token) is in any file of the output folder."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from bakong_conformance.certify import Options, run
from bakong_conformance.certify._secrets import Secret
from bakong_conformance.config import reference_config

HERE = Path(__file__).resolve().parent


@pytest.fixture(scope="module")
def echoing_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[int, Path, list[Secret]]:
    base = tmp_path_factory.mktemp("echoing")
    record = base / "registered.jsonl"                     # outside the output folder
    with pytest.MonkeyPatch.context() as env:
        env.setenv("BAKONG_SECRET_RECORD", str(record))
        env.setenv("PYTEST_ADDOPTS", "-p secret_recorder")
        env.setenv("PYTHONPATH", os.pathsep.join(p for p in (str(HERE), os.environ.get("PYTHONPATH")) if p))
        code = run(reference_config(["echoes-credentials"]), base / "out", Options(profile="smoke"))
    registered = [Secret(label, value) for label, value in map(json.loads, record.read_text("utf-8").splitlines())]
    return code, base / "out", registered


def test_the_echoing_sandbox_fails_the_credentials_requirement_and_is_certified_non_conformant(
        echoing_run: tuple[int, Path, list[Secret]]) -> None:
    code, out, _ = echoing_run
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert summary["requirements"]["REQ-API-NO-CREDENTIALS"]["status"] == "failed"
    assert summary["counts"]["broken"] == 0
    assert (summary["verdict"], code) == ("non-conformant", 1)
    assert (out / "certificate.json").is_file()
    junit = (out / "junit.xml").read_text("utf-8").lower()
    assert "getinfo returned the participant's bearer token in header x-debug-authorization (base64)" in junit
    assert "getinfo returned the participant's bearer token in header x-debug-token (hex)" in junit


def test_no_form_of_any_registered_credential_is_in_any_file_of_the_output(
        echoing_run: tuple[int, Path, list[Secret]]) -> None:
    _, out, registered = echoing_run
    assert "the participant's bearer token" in {secret.source for secret in registered}
    files = sorted(p for p in out.rglob("*") if p.is_file())
    assert len(files) > 10
    leaks = [(path.relative_to(out).as_posix(), secret.source) for path in files for secret in registered
             if any(form in path.read_bytes() for form in secret.forms())]
    assert leaks == []
