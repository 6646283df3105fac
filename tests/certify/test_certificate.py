"""The signed certificate: every change to the folder is caught and named; keys and issuers are honest."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bakong_conformance.certificate import (
    CERTIFICATE_FILE,
    SELF_SIGNED,
    generate_pair,
    issuer_statement,
    load_public_key,
    load_signing_key,
    sign_certificate,
    suite_digest,
    verify_certificate,
)
from bakong_conformance.cli import main
from bakong_conformance.errors import ConfigurationError

ROOT = Path(__file__).resolve().parents[2]
BODY = {"verdict": "conformant", "participant": {"id": "EXBK", "name": "Example Bank"}, "profile": "full",
        "issuer": {"statement": SELF_SIGNED}}


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    out = tmp_path / "reports"
    (out / "html").mkdir(parents=True)
    (out / "summary.json").write_text('{"verdict": "conformant"}\n', encoding="utf-8")
    (out / "html" / "index.html").write_text("<html>report</html>", encoding="utf-8")
    (out / "junit.xml").write_bytes(b"<testsuites/>")
    sign_certificate(out, dict(BODY), load_signing_key(None, None))
    return out


def test_an_untouched_folder_verifies(folder: Path) -> None:
    result = verify_certificate(folder)
    assert result.ok, result.problems
    assert set(result.certificate["files"]) == {"summary.json", "html/index.html", "junit.xml"}


def test_one_changed_byte_is_named(folder: Path) -> None:
    page = folder / "html" / "index.html"
    page.write_bytes(page.read_bytes().replace(b"report", b"rep0rt"))
    assert verify_certificate(folder).problems == ["changed: html/index.html"]


def test_added_and_removed_files_are_named(folder: Path) -> None:
    (folder / "junit.xml").unlink()
    (folder / "html" / "extra.js").write_text("x", encoding="utf-8")
    assert verify_certificate(folder).problems == ["removed: junit.xml", "added: html/extra.js"]


def test_screenshots_from_the_test_suite_are_outside_the_certificate(folder: Path) -> None:
    (folder / "screenshots").mkdir()
    (folder / "screenshots" / "report.png").write_bytes(b"\x89PNG")
    assert verify_certificate(folder).ok


def test_an_edited_certificate_fails_its_signature(folder: Path) -> None:
    path = folder / CERTIFICATE_FILE
    document = json.loads(path.read_text(encoding="utf-8"))
    document["certificate"]["verdict"] = "conformant!"
    path.write_text(json.dumps(document), encoding="utf-8")
    assert verify_certificate(folder).problems == [f"{CERTIFICATE_FILE}: the signature does not match its content "
                                                   "(changed)"]


def test_a_missing_or_garbled_certificate_is_a_problem_not_a_crash(folder: Path) -> None:
    (folder / CERTIFICATE_FILE).write_text("{not json", encoding="utf-8")
    assert verify_certificate(folder).problems == [f"{CERTIFICATE_FILE}: unreadable or not JSON"]
    (folder / CERTIFICATE_FILE).unlink()
    assert verify_certificate(folder).problems == [f"{CERTIFICATE_FILE}: missing"]


def test_an_issuer_key_signs_and_another_key_is_refused(tmp_path: Path, folder: Path) -> None:
    fingerprint = generate_pair(tmp_path / "issuer.pem", tmp_path / "issuer.pub.pem")
    generate_pair(tmp_path / "other.pem", tmp_path / "other.pub.pem")
    key = load_signing_key(tmp_path / "issuer.pem", None)
    assert not key.self_signed
    assert issuer_statement(key, "NBC")["kind"] == "configured-key"
    sign_certificate(folder, dict(BODY), key)
    assert verify_certificate(folder, load_public_key(tmp_path / "issuer.pub.pem")).ok
    assert verify_certificate(folder).fingerprint == fingerprint
    problems = verify_certificate(folder, load_public_key(tmp_path / "other.pub.pem")).problems
    assert len(problems) == 1
    assert "not by the given key" in problems[0]


def test_a_self_signed_certificate_says_it_was_not_issued_by_the_regulator() -> None:
    statement = issuer_statement(load_signing_key(None, None), None)
    assert statement["kind"] == "self-signed"
    assert "not issued by the National Bank of Cambodia" in statement["statement"]


def test_the_signing_key_may_come_from_an_environment_variable(tmp_path: Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    generate_pair(tmp_path / "k.pem", tmp_path / "k.pub.pem")
    monkeypatch.setenv("ISSUER_KEY", (tmp_path / "k.pem").read_text(encoding="utf-8"))
    assert not load_signing_key(None, "ISSUER_KEY").self_signed
    monkeypatch.setenv("ISSUER_KEY", "not a key")
    with pytest.raises(ConfigurationError, match="not an unencrypted PEM private key"):
        load_signing_key(None, "ISSUER_KEY")


def test_keygen_never_overwrites_and_writes_a_private_key_only_its_owner_reads(tmp_path: Path) -> None:
    assert main(["certificate", "keygen", "--private", str(tmp_path / "k.pem"),
                 "--public", str(tmp_path / "k.pub")]) == 0
    assert (tmp_path / "k.pem").stat().st_mode & 0o077 == 0
    assert main(["certificate", "keygen", "--private", str(tmp_path / "k.pem"),
                 "--public", str(tmp_path / "k2.pub")]) == 2


def test_certificate_verify_exit_codes_name_each_problem(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["certificate", "verify", str(folder)]) == 0
    assert "certificate verified: conformant for Example Bank (EXBK)" in capsys.readouterr().out
    (folder / "summary.json").write_text("{}", encoding="utf-8")
    assert main(["certificate", "verify", str(folder)]) == 1
    assert "changed: summary.json" in capsys.readouterr().out
    assert main(["certificate", "verify", str(folder / "nowhere")]) == 2


def test_the_suite_digest_changes_with_any_part_and_names_it(tmp_path: Path) -> None:
    for part in ("features", "steps", "schemas", "fixtures", "bakong_conformance"):
        (tmp_path / part).mkdir()
        (tmp_path / part / "a.txt").write_text(part, encoding="utf-8")
    (tmp_path / "conftest.py").write_text("", encoding="utf-8")
    before = suite_digest(tmp_path)
    (tmp_path / "steps" / "__pycache__").mkdir()
    (tmp_path / "steps" / "__pycache__" / "x.pyc").write_bytes(b"cache")
    assert suite_digest(tmp_path) == before
    (tmp_path / "fixtures" / "a.txt").write_text("changed", encoding="utf-8")
    after = suite_digest(tmp_path)
    assert after["sha256"] != before["sha256"]
    assert [p for p in before["parts"] if before["parts"][p] != after["parts"][p]] == ["fixtures"]  # type: ignore[index]


def test_the_real_suite_digest_is_stable() -> None:
    assert suite_digest(ROOT) == suite_digest(ROOT)
