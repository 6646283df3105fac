"""The signed certificate: every change to the folder is caught and named; keys and issuers are honest."""

from __future__ import annotations

import dataclasses
import json
import os
import socket
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from bakong_conformance.catalogue import requirements
from bakong_conformance.certificate import (
    CERTIFICATE_FILE,
    MAX_CERTIFICATE_BYTES,
    SELF_SIGNED,
    SigningKey,
    fingerprint,
    generate_pair,
    issuer_statement,
    load_public_key,
    load_signing_key,
    sign_certificate,
    suite_digest,
    verify_certificate,
    visible,
)
from bakong_conformance.certify import ScenarioResult, summarise
from bakong_conformance.certify._publish import certificate_body
from bakong_conformance.cli import main
from bakong_conformance.config import reference_config
from bakong_conformance.errors import ConfigurationError, HarnessError

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


def test_no_folder_is_exempt_a_file_under_screenshots_is_added(folder: Path) -> None:
    (folder / "screenshots").mkdir()
    (folder / "screenshots" / "report.png").write_bytes(b"\x89PNG")
    assert verify_certificate(folder).problems == ["added: screenshots/report.png"]


def test_an_edited_certificate_fails_its_signature(folder: Path) -> None:
    path = folder / CERTIFICATE_FILE
    document = json.loads(path.read_text(encoding="utf-8"))
    document["certificate"]["verdict"] = "conformant!"
    path.write_text(json.dumps(document), encoding="utf-8")
    assert verify_certificate(folder).problems == [f"{CERTIFICATE_FILE}: the signature does not match its content "
                                                   "(changed)"]


def test_a_missing_or_garbled_certificate_is_a_problem_not_a_crash(folder: Path) -> None:
    (folder / CERTIFICATE_FILE).write_text("{not json", encoding="utf-8")
    assert verify_certificate(folder).problems == [f"{CERTIFICATE_FILE}: not JSON: Expecting property name "
                                                   "enclosed in double quotes at line 1 column 2"]
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


# --- forgeries: only what was signed is accepted ------------------------------------------------------------


def _edit(folder: Path, change: Callable[[dict[str, Any]], None]) -> None:
    """Rewrite certificate.json with ``change`` applied to its parsed document (the signed content untouched)."""
    path = folder / CERTIFICATE_FILE
    document = json.loads(path.read_text(encoding="utf-8"))
    change(document)
    path.write_text(json.dumps(document, indent=2), encoding="utf-8")


def _verify_json(folder: Path, capsys: pytest.CaptureFixture[str], *options: str) -> tuple[int, dict[str, Any]]:
    capsys.readouterr()
    code = main(["certificate", "verify", str(folder), "--json", *options])
    out = capsys.readouterr().out
    assert out.count("\n") == 1
    return code, json.loads(out)


def test_an_unsigned_key_at_the_top_level_fails_naming_it(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _edit(folder, lambda d: d.update(issuer="National Bank of Cambodia (official)"))
    assert verify_certificate(folder).problems == [
        f'{CERTIFICATE_FILE}: "issuer" at the top level is not part of the signed content']
    assert main(["certificate", "verify", str(folder)]) == 1
    assert '"issuer" at the top level is not part of the signed content' in capsys.readouterr().out


def test_an_unsigned_key_inside_the_signature_fails_naming_it(folder: Path) -> None:
    _edit(folder, lambda d: d["signature"].update(issuer="National Bank of Cambodia"))
    assert verify_certificate(folder).problems == [
        f'{CERTIFICATE_FILE}: "issuer" in "signature" is not part of the signed content']


def test_a_duplicate_verdict_before_the_signed_one_fails_naming_the_key(folder: Path) -> None:
    path = folder / CERTIFICATE_FILE
    text = path.read_text(encoding="utf-8")
    assert text.count('"verdict": "conformant"') == 1
    path.write_text(text.replace('"verdict": "conformant"', '"verdict": "non-conformant", "verdict": "conformant"'),
                    encoding="utf-8")
    assert verify_certificate(folder).problems == [f'{CERTIFICATE_FILE}: the key "verdict" appears twice in one object']


def test_nan_and_a_huge_certificate_are_refused_before_parsing(folder: Path) -> None:
    path = folder / CERTIFICATE_FILE
    path.write_text(path.read_text(encoding="utf-8").replace('"profile": "full"', '"profile": NaN'), encoding="utf-8")
    assert verify_certificate(folder).problems == [f"{CERTIFICATE_FILE}: NaN is not a JSON value"]
    path.write_bytes(b" " * (MAX_CERTIFICATE_BYTES + 1))
    assert verify_certificate(folder).problems == [f"{CERTIFICATE_FILE}: larger than 16 MiB"]


def test_a_symlink_to_a_file_or_a_folder_is_not_a_regular_file(folder: Path, tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "a.txt").write_text("elsewhere", encoding="utf-8")
    (folder / "html" / "linked.txt").symlink_to(outside / "a.txt")
    (folder / "elsewhere").symlink_to(outside, target_is_directory=True)
    assert verify_certificate(folder).problems == ["not a regular file: elsewhere",
                                                   "not a regular file: html/linked.txt"]


def test_a_symlinked_certificate_is_not_read(folder: Path, tmp_path: Path) -> None:
    (folder / CERTIFICATE_FILE).rename(tmp_path / "real.json")
    (folder / CERTIFICATE_FILE).symlink_to(tmp_path / "real.json")
    assert verify_certificate(folder).problems == [f"{CERTIFICATE_FILE}: not a regular file"]


def test_a_fifo_or_a_socket_is_not_a_regular_file_and_never_blocks_the_reader(folder: Path) -> None:
    os.mkfifo(folder / "html" / "pipe")
    with socket.socket(socket.AF_UNIX) as listener:
        listener.bind(str(folder / "sock"))
        assert verify_certificate(folder).problems == ["not a regular file: html/pipe", "not a regular file: sock"]


@pytest.mark.parametrize("make", [
    lambda out: (out / "link").symlink_to(out / "summary.json"),
    lambda out: os.mkfifo(out / "html" / "pipe"),
], ids=["symlink", "fifo"])
def test_a_folder_holding_a_link_or_special_file_is_never_signed(tmp_path: Path, make: Callable[[Path], None]) -> None:
    out = tmp_path / "reports"
    (out / "html").mkdir(parents=True)
    (out / "summary.json").write_text("{}", encoding="utf-8")
    make(out)
    with pytest.raises(HarnessError, match=r"not a regular file: (link|html/pipe)"):
        sign_certificate(out, dict(BODY), load_signing_key(None, None))
    assert not (out / CERTIFICATE_FILE).exists()


# --- what verify says: escaped labels, what is proven, --json --------------------------------------------------

FORGED_NAME = ("Evil Bank\x1b[1A\x1b[2K\r\nsigned by SHA256:0: Signed with the configured key of National Bank of "
               "Cambodia\u202eKHBN")
FORGED_ID = "EVIL\x1b]0;title\x07\u2066"


def _sign(folder: Path, key: SigningKey, issuer: str | None = None, **participant: str) -> dict[str, Any]:
    body = {**BODY, "participant": {"id": "EXBK", "name": "Example Bank", **participant},
            "issuer": issuer_statement(key, issuer)}
    return sign_certificate(folder, body, key)


@pytest.mark.parametrize(("text", "shown"), [
    ("Example Bank ធនាគារ é", "Example Bank ធនាគារ é"),
    ("a\x1b[2Kb\x07\x00\x7f\x85\x9b", "a\\x1b[2Kb\\x07\\x00\\x7f\\x85\\x9b"),
    ("line\r\nnext\ttab", "line\\r\\nnext\\ttab"),
    ("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u2028\u2029",
     "\\u061c\\u200e\\u200f\\u202a\\u202b\\u202c\\u202d\\u202e\\u2066\\u2067\\u2068\\u2069\\u2028\\u2029"),
    ("a literal \\x1b", "a literal \\\\x1b"),
])
def test_visible_shows_controls_and_bidirectional_controls_as_escapes(text: str, shown: str) -> None:
    assert visible(text) == shown


def test_labels_from_the_document_are_printed_with_controls_escaped(folder: Path,
                                                                    capsys: pytest.CaptureFixture[str]) -> None:
    _sign(folder, load_signing_key(None, None), name=FORGED_NAME, id=FORGED_ID)
    capsys.readouterr()
    assert main(["certificate", "verify", str(folder)]) == 0
    out = capsys.readouterr().out
    assert not set(out) & {"\x1b", "\r", "\x07", "\u202e", "\u2066"}
    lines = out.splitlines()
    assert [line.split(":")[0].split(" ")[0] for line in lines] == ["certificate", "signed", "this"]
    assert lines[0].startswith(f"certificate verified: conformant for {visible(FORGED_NAME)} ({visible(FORGED_ID)})")
    assert "Evil Bank\\x1b[1A\\x1b[2K\\r\\nsigned by SHA256:0: Signed with" in lines[0]
    assert "Cambodia\\u202eKHBN" in lines[0]
    assert "EVIL\\x1b]0;title\\x07\\u2066" in lines[0]
    assert lines[1].endswith(f": {SELF_SIGNED}")


def test_problem_texts_naming_files_are_escaped(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (folder / "html" / "x\x1b[2K\nchanged: nothing.txt").write_text("x", encoding="utf-8")
    capsys.readouterr()
    assert main(["certificate", "verify", str(folder)]) == 1
    assert capsys.readouterr().out.splitlines()[0] == "added: html/x\\x1b[2K\\nchanged: nothing.txt"


def test_a_self_signed_certificate_is_said_to_prove_only_that_the_files_are_unchanged(
        folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _sign(folder, load_signing_key(None, None))
    capsys.readouterr()
    assert main(["certificate", "verify", str(folder)]) == 0
    assert ("this proves the files are unchanged since the run; it does not prove who ran it: the certificate is "
            "self-signed") in capsys.readouterr().out


def test_without_a_public_key_a_configured_key_certificate_proves_no_signer(
        folder: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    generate_pair(tmp_path / "issuer.pem", tmp_path / "issuer.pub.pem")
    _sign(folder, load_signing_key(tmp_path / "issuer.pem", None), "National Bank of Cambodia")
    capsys.readouterr()
    assert main(["certificate", "verify", str(folder)]) == 0
    out = capsys.readouterr().out
    assert ("this proves the files are unchanged since the run; it does not prove who ran it: no --public-key was "
            "given") in out
    assert "holder of the key" not in out
    assert main(["certificate", "verify", str(folder), "--public-key", str(tmp_path / "issuer.pub.pem")]) == 0
    out = capsys.readouterr().out
    assert (f"signed by the holder of the key {tmp_path / 'issuer.pub.pem'}; the certificate names its issuer "
            "National Bank of Cambodia") in out
    assert "does not prove who" not in out


def test_json_of_an_intact_self_signed_folder(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    key = load_signing_key(None, None)
    _sign(folder, key)
    assert _verify_json(folder, capsys) == (0, {
        "intact": True, "trusted": False, "problems": [],
        "signer": {"fingerprint": fingerprint(key.private.public_key()), "kind": "self-signed",
                   "name": "this harness run", "statement": SELF_SIGNED}})


def test_json_of_a_tampered_folder(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (folder / "summary.json").write_text("{}", encoding="utf-8")
    code, answer = _verify_json(folder, capsys)
    assert (code, answer["intact"], answer["trusted"], answer["problems"]) == (1, False, False,
                                                                               ["changed: summary.json"])
    (folder / CERTIFICATE_FILE).write_text("[]", encoding="utf-8")
    assert _verify_json(folder, capsys) == (1, {
        "intact": False, "trusted": False, "signer": None,
        "problems": [f"{CERTIFICATE_FILE}: not a certificate in the format bakong-conformance/certificate/1"]})


def test_json_is_trusted_only_with_the_signing_public_key(folder: Path, tmp_path: Path,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    fingerprint_ = generate_pair(tmp_path / "issuer.pem", tmp_path / "issuer.pub.pem")
    generate_pair(tmp_path / "other.pem", tmp_path / "other.pub.pem")
    _sign(folder, load_signing_key(tmp_path / "issuer.pem", None), "NBC", name=FORGED_NAME)
    code, answer = _verify_json(folder, capsys, "--public-key", str(tmp_path / "issuer.pub.pem"))
    assert (code, answer["intact"], answer["trusted"], answer["problems"]) == (0, True, True, [])
    assert answer["signer"] == {"fingerprint": fingerprint_, "kind": "configured-key", "name": "NBC",
                                "statement": issuer_statement(load_signing_key(tmp_path / "issuer.pem", None),
                                                              "NBC")["statement"]}
    assert _verify_json(folder, capsys)[1]["trusted"] is False
    code, answer = _verify_json(folder, capsys, "--public-key", str(tmp_path / "other.pub.pem"))
    assert (code, answer["intact"], answer["trusted"]) == (1, False, False)
    assert "not by the given key" in answer["problems"][0]


def test_the_certificate_signs_what_was_assessed_and_what_was_declared_but_not(tmp_path: Path) -> None:
    config = dataclasses.replace(reference_config(), capabilities=frozenset({"khqr-issuer", "link-thai-qr"}))
    judged = summarise([ScenarioResult(f"s-{r}", r, "passed", (r,), "") for r in requirements()], config,
                       profile="smoke")
    summary = {**judged, "harness": {"version": "0.1.0"}, "participant": {"id": "EXBK"}, "profile": "smoke",
               "defects": [], "started": "2026-11-21T10:00:00Z", "finished": "2026-11-21T10:01:00Z",
               "changes": None, "time_bound_s": 60, "sandbox_stops": []}
    key = load_signing_key(None, None)
    sign_certificate(tmp_path, certificate_body(summary, {"sha256": "ab" * 32}, issuer_statement(key, None)), key)
    result = verify_certificate(tmp_path)
    assert result.ok, result.problems
    assert result.certificate["capabilities"] == {"assessed": ["participant-api", "khqr-issuer"],
                                                  "notAssessed": ["link-thai-qr"]}
