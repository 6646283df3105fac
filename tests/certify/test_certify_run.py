"""A whole certification run as `make certify` makes it: every file written, the certificate verifies and
catches any edited byte, baseline and waivers work end to end. The run is the shared ``reference_certified``
(tests/conftest.py); its certificate page is opened in Chromium by tests/report/test_browser.py, with the
other pages, in one launch.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from bakong_conformance.catalogue import requirements
from bakong_conformance.certify import Options, evaluate
from bakong_conformance.cli import main
from bakong_conformance.config import reference_config

PRODUCTS = ("summary.json", "certificate.json", "certificate.html", "html/index.html", "junit.xml")


@pytest.fixture(scope="module")
def certified(reference_certified: Path) -> Path:
    return reference_certified                  # `certify --out` exited 0 (tests/conftest.py)


def test_a_run_writes_every_product(certified: Path) -> None:
    assert [name for name in PRODUCTS if not (certified / name).is_file()] == []
    summary = json.loads((certified / "summary.json").read_text(encoding="utf-8"))
    certificate = json.loads((certified / "certificate.json").read_text(encoding="utf-8"))["certificate"]
    assert summary["verdict"] == certificate["verdict"] == "conformant"
    assert certificate["participant"]["id"] == "REFBKHPP"
    assert set(certificate["requirements"]) == set(requirements())
    assert len(certificate["suite"]["sha256"]) == 64
    assert certificate["issuer"]["kind"] == "self-signed"
    assert {"summary.json", "certificate.html", "html/index.html", "junit.xml"} <= set(certificate["files"])
    assert any(name.startswith("allure-results/") for name in certificate["files"])


@pytest.mark.parametrize("name", ["summary.json", "html/index.html", "certificate.html", "junit.xml",
                                  "allure-results"])
def test_editing_any_byte_makes_verify_fail_naming_the_file(certified: Path, tmp_path: Path, name: str,
                                                            capsys: pytest.CaptureFixture[str]) -> None:
    copy = tmp_path / "copy"
    shutil.copytree(certified, copy)
    assert main(["certificate", "verify", str(copy)]) == 0
    target = copy / name
    if target.is_dir():
        target = sorted(target.iterdir())[0]
    data = bytearray(target.read_bytes())
    data[len(data) // 2] ^= 0x01
    target.write_bytes(bytes(data))
    capsys.readouterr()
    assert main(["certificate", "verify", str(copy)]) == 1
    assert f"changed: {target.relative_to(copy).as_posix()}" in capsys.readouterr().out


def test_junit_lists_every_scenario(certified: Path) -> None:
    summary = json.loads((certified / "summary.json").read_text(encoding="utf-8"))
    junit = (certified / "junit.xml").read_text(encoding="utf-8")
    assert junit.count("<testcase ") == len(summary["scenarios"])


def test_a_baseline_lists_the_scenarios_whose_status_changed(certified: Path, tmp_path: Path) -> None:
    summary = evaluate(reference_config(["crc-lower-case"]), tmp_path / "now",
                       Options(baseline=certified / "summary.json"))
    changes = summary["changes"]
    assert changes
    assert {(c["before"], c["after"]) for c in changes} == {("passed", "failed")}
    failed_now = {s["id"] for s in summary["scenarios"] if s["status"] == "failed"}
    assert {c["scenario"] for c in changes} == failed_now


def test_a_waiver_keeps_a_failure_from_failing_until_it_expires(tmp_path: Path) -> None:
    waivers = tmp_path / "waivers.toml"
    text = ('[[waiver]]\nrequirement = "REQ-KHQR-ISS-CRC"\nreason = "lower-case CRC, fix in 2.5"\n'
            'issued_by = "NBC PSD"\nexpires = {expires}\n')
    waivers.write_text(text.format(expires="2999-12-31"), encoding="utf-8")
    assert main(["certify", "--defect", "crc-lower-case", "--profile", "smoke", "--waivers", str(waivers),
                 "--out", str(tmp_path / "in-force"), "--quiet"]) == 0
    page = (tmp_path / "in-force" / "certificate.html").read_text(encoding="utf-8")
    assert 'data-requirement="REQ-KHQR-ISS-CRC" data-status="waived"' in page
    waivers.write_text(text.format(expires="2020-01-01"), encoding="utf-8")
    summary = evaluate(reference_config(["crc-lower-case"]), tmp_path / "expired", Options(profile="smoke",
                                                                                           waivers=waivers))
    assert summary["verdict"] == "non-conformant"
    assert summary["waivers"][0]["state"] == "expired"


def test_usage_errors_exit_2_before_anything_runs(tmp_path: Path) -> None:
    assert main(["certify", "--defect", "no-such-defect", "--out", str(tmp_path)]) == 2
    assert main(["certify", "--config", str(tmp_path / "missing.toml"), "--out", str(tmp_path)]) == 2
    assert list(tmp_path.iterdir()) == []
