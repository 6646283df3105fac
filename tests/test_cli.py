"""Contract tests of the ``bakong-conformance`` command line: output shapes and exit codes.

Most tests call :func:`bakong_conformance.cli.main` in-process; the ``subprocess`` ones run the real module.
"""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from bakong_conformance import khqr
from bakong_conformance.catalogue import requirements
from bakong_conformance.cli import main
from bakong_conformance.errors import ConfigurationError

VECTORS = Path(__file__).resolve().parents[1] / "fixtures" / "khqr" / "vectors" / "khqr-vectors.jsonl"


def vector_qr(vector_id: str) -> str:
    """The ``qr`` of vector ``vector_id`` in the shared KHQR vector file."""
    with VECTORS.open(encoding="utf-8") as lines:
        return next(str(v["qr"]) for v in map(json.loads, lines) if v["id"] == vector_id)


# npm bakong-khqr 1.0.20 timestamp test: individual USD 101, dynamic, valid inside [1727249364974,
# 1727249484974], else error 46.
DYNAMIC_QR = vector_qr("npm-ts-expired")
INSIDE_VALIDITY_MS = 1727249400000
AFTER_EXPIRY_MS = 1727249500000
STATIC_QR = vector_qr("go-lang-indiv")  # individual static KHR with Khmer tag 64
KHMER_QR = vector_qr("go-khmer-name")  # individual static KHR, Khmer merchant name
BAD_CRC_QR = STATIC_QR[:-4] + "0000"

VERDICT_KEYS = {"qr", "valid", "md5", "findings", "fields"}

INDIVIDUAL = {"kind": "individual", "bakongAccountID": "john_smith@devb", "merchantName": "John Smith",
              "merchantCity": "Phnom Penh"}
MERCHANT = {"kind": "merchant", "bakongAccountID": "john_smith@devb", "merchantName": "John Smith",
            "merchantCity": "Phnom Penh", "merchantID": "123456", "acquiringBank": "Dev Bank"}
LONG_NAME = "A" * 26

Capsys = pytest.CaptureFixture[str]
MonkeyPatch = pytest.MonkeyPatch


def json_lines(text: str) -> list[dict[str, Any]]:
    """Every stdout line parsed as a JSON object."""
    return [json.loads(line) for line in text.splitlines()]


def run_cli(*args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    """Run the CLI as a real process (``python -m bakong_conformance.cli``)."""
    return subprocess.run([sys.executable, "-m", "bakong_conformance.cli", *args], input=stdin, text=True,
                          encoding="utf-8", capture_output=True, timeout=120, check=False)


def set_stdin(monkeypatch: MonkeyPatch, text: str) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO(text))


# --- khqr verify -------------------------------------------------------------------------------------------


def test_verify__valid_qr_exits_0_with_exactly_the_verdict_keys(capsys: Capsys) -> None:
    assert main(["khqr", "verify", STATIC_QR]) == 0
    [line] = json_lines(capsys.readouterr().out)
    assert set(line) == VERDICT_KEYS
    assert line["qr"] == STATIC_QR
    assert line["valid"] is True
    assert line["md5"] == "95863987758c3bfb7fd45f729d45ea3e"


def test_verify__bad_crc_exits_1_with_a_crc_finding(capsys: Capsys) -> None:
    assert main(["khqr", "verify", BAD_CRC_QR]) == 1
    [line] = json_lines(capsys.readouterr().out)
    assert line["valid"] is False
    assert {"rule": "KHQR-CRC-MATCH", "sdkCode": 8} in [
        {"rule": f["rule"], "sdkCode": f["sdkCode"]} for f in line["findings"]]


def test_verify__file_with_blank_line_gives_one_line_per_qr_in_order(
        tmp_path: Path, capsys: Capsys) -> None:
    qrs = tmp_path / "qrs.txt"
    qrs.write_text(f"{STATIC_QR}\r\n\n{BAD_CRC_QR}\n", encoding="utf-8")
    assert main(["khqr", "verify", KHMER_QR, "--input", str(qrs)]) == 1
    lines = json_lines(capsys.readouterr().out)
    assert [(line["qr"], line["valid"]) for line in lines] == [
        (KHMER_QR, True), (STATIC_QR, True), (BAD_CRC_QR, False)]


def test_verify__input_dash_reads_stdin(monkeypatch: MonkeyPatch, capsys: Capsys) -> None:
    set_stdin(monkeypatch, f"{STATIC_QR}\n{KHMER_QR}\n")
    assert main(["khqr", "verify", "--input", "-"]) == 0
    assert [line["qr"] for line in json_lines(capsys.readouterr().out)] == [STATIC_QR, KHMER_QR]


def test_verify__missing_file_exits_2_without_traceback(
        tmp_path: Path, capsys: Capsys) -> None:
    assert main(["khqr", "verify", "--input", str(tmp_path / "absent.txt")]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "absent.txt" in captured.err
    assert "Traceback" not in captured.err


def test_verify__no_qr_exits_2(capsys: Capsys) -> None:
    assert main(["khqr", "verify"]) == 2
    assert "no QR given" in capsys.readouterr().err


def test_verify__empty_input_file_exits_2(tmp_path: Path, capsys: Capsys) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_text("\n\n", encoding="utf-8")
    assert main(["khqr", "verify", "--input", str(empty)]) == 2
    assert "no QR given" in capsys.readouterr().err


@pytest.mark.parametrize("now_ms", ["soon", "-5", "1.5"])
def test_verify__bad_now_ms_exits_2(now_ms: str, capsys: Capsys) -> None:
    assert main(["khqr", "verify", STATIC_QR, f"--now-ms={now_ms}"]) == 2
    assert "--now-ms" in capsys.readouterr().err


def test_verify__now_ms_inside_validity_is_valid(capsys: Capsys) -> None:
    assert main(["khqr", "verify", DYNAMIC_QR, "--now-ms", str(INSIDE_VALIDITY_MS)]) == 0
    [line] = json_lines(capsys.readouterr().out)
    assert line["valid"] is True


def test_verify__now_ms_after_expiry_is_expired_with_code_46(capsys: Capsys) -> None:
    assert main(["khqr", "verify", DYNAMIC_QR, "--now-ms", str(AFTER_EXPIRY_MS)]) == 1
    [line] = json_lines(capsys.readouterr().out)
    assert line["valid"] is False
    assert 46 in [f["sdkCode"] for f in line["findings"]]


def test_verify__khmer_qr_round_trips_unescaped(capsys: Capsys) -> None:
    assert main(["khqr", "verify", KHMER_QR]) == 0
    out = capsys.readouterr().out
    assert "ចន ស្មីន" in out
    assert "\\u" not in out
    [line] = json_lines(out)
    assert line["qr"] == KHMER_QR
    assert line["fields"]["merchantName"] == "ចន ស្មីន"


def test_verify__subprocess_streams_stdin_and_exits_1_on_an_invalid_qr() -> None:
    result = run_cli("khqr", "verify", "--input", "-", stdin=f"{KHMER_QR}\n\n{BAD_CRC_QR}\n")
    assert result.returncode == 1, result.stderr
    lines = json_lines(result.stdout)
    assert [(line["qr"], line["valid"]) for line in lines] == [(KHMER_QR, True), (BAD_CRC_QR, False)]
    assert result.stderr == ""


def test_verify__subprocess_missing_file_exits_2_without_traceback(tmp_path: Path) -> None:
    result = run_cli("khqr", "verify", "--input", str(tmp_path / "absent.txt"))
    assert result.returncode == 2
    assert result.stdout == ""
    assert "absent.txt" in result.stderr
    assert "Traceback" not in result.stderr


# --- khqr generate -----------------------------------------------------------------------------------------


def test_generate__single_object_prints_qr_and_md5(
        monkeypatch: MonkeyPatch, capsys: Capsys) -> None:
    set_stdin(monkeypatch, json.dumps(INDIVIDUAL, indent=2))
    assert main(["khqr", "generate"]) == 0
    [line] = json_lines(capsys.readouterr().out)
    assert set(line) == {"qr", "md5"}
    assert str(line["qr"]).startswith("000201")
    assert main(["khqr", "verify", str(line["qr"])]) == 0


def test_generate__batch_with_a_refused_request_exits_1_with_two_lines(
        tmp_path: Path, capsys: Capsys) -> None:
    batch = tmp_path / "requests.jsonl"
    batch.write_text(f"{json.dumps(MERCHANT)}\n{json.dumps({**INDIVIDUAL, 'merchantName': LONG_NAME})}\n",
                     encoding="utf-8")
    assert main(["khqr", "generate", "--request", str(batch)]) == 1
    generated, refused = json_lines(capsys.readouterr().out)
    assert set(generated) == {"qr", "md5"}
    assert set(refused) == {"error"}
    error = refused["error"]
    assert error["rule"] == "KHQR-NAME-LENGTH"
    assert error["sdkCode"] == 7
    assert error["message"]


@pytest.mark.parametrize("text", ["{not json", '{"kind": "individual"}\n[1, 2]\n', "", "42"])
def test_generate__invalid_json_or_not_an_object_exits_2(
        text: str, monkeypatch: MonkeyPatch, capsys: Capsys) -> None:
    set_stdin(monkeypatch, text)
    assert main(["khqr", "generate", "--request", "-"]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err


@pytest.mark.parametrize(("text", "reason"), [
    pytest.param('{"kind": "individual", "kind": "merchant"}', 'the key "kind" appears twice', id="repeated-key"),
    pytest.param('{"kind": "individual", "amount": NaN}', "NaN is not a JSON value", id="nan"),
    pytest.param("[" * 3000 + "]" * 3000, "JSON nested 3000 levels deep", id="nested-3000-deep"),
])
def test_generate__json_that_is_not_strict_exits_2_saying_why(text: str, reason: str, monkeypatch: MonkeyPatch,
                                                               capsys: Capsys) -> None:
    set_stdin(monkeypatch, text)
    assert main(["khqr", "generate", "--request", "-"]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert f"request line 1: invalid JSON: {reason}" in captured.err


def test_generate__unknown_kind_exits_2(monkeypatch: MonkeyPatch, capsys: Capsys) -> None:
    set_stdin(monkeypatch, json.dumps({**INDIVIDUAL, "kind": "corporate"}))
    assert main(["khqr", "generate"]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "request 1" in captured.err


@pytest.mark.parametrize(("request_", "kind"), [
    pytest.param(MERCHANT, "merchant", id="merchant-id-means-merchant"),
    pytest.param({**INDIVIDUAL, "accountInformation": "012345678"}, "individual", id="account-information-individual"),
])
def test_generate__without_kind_infers_it_from_the_field_only_one_kind_has(
        request_: dict[str, Any], kind: str, monkeypatch: MonkeyPatch, capsys: Capsys) -> None:
    set_stdin(monkeypatch, json.dumps({k: v for k, v in request_.items() if k != "kind"}))
    assert main(["khqr", "generate"]) == 0
    [line] = json_lines(capsys.readouterr().out)
    generated = khqr.generate({**request_, "kind": kind})       # static: the same string at any time
    assert line == {"qr": generated.qr, "md5": generated.md5}


@pytest.mark.parametrize("request_", [
    pytest.param(INDIVIDUAL, id="neither"),
    pytest.param({**MERCHANT, "accountInformation": "012345678"}, id="both"),
    pytest.param({**MERCHANT, "merchantID": None}, id="merchant-id-null"),
])
def test_generate__without_kind_when_ambiguous_exits_2_asking_for_it(
        request_: dict[str, Any], monkeypatch: MonkeyPatch, capsys: Capsys) -> None:
    set_stdin(monkeypatch, json.dumps({k: v for k, v in request_.items() if k != "kind"}))
    assert main(["khqr", "generate"]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert 'request 1: add "kind": "individual"' in captured.err


def test_generate__subprocess_invalid_json_exits_2_without_traceback() -> None:
    result = run_cli("khqr", "generate", stdin="{not json\n")
    assert result.returncode == 2
    assert result.stdout == ""
    assert "invalid JSON" in result.stderr
    assert "Traceback" not in result.stderr


# --- catalogue listings ------------------------------------------------------------------------------------


def test_requirements_json__lists_every_catalogue_id(capsys: Capsys) -> None:
    assert main(["requirements", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [row["id"] for row in rows] == list(requirements())
    assert set(rows[0]) == {"id", "title", "area", "capability", "level", "severity", "source", "rules",
                            "no_defect_reason"}


def test_requirements__table_shows_id_level_and_title(capsys: Capsys) -> None:
    assert main(["requirements"]) == 0
    out = capsys.readouterr().out
    first = next(iter(requirements().values()))
    assert out.splitlines()[0].split() == ["ID", "LEVEL", "TITLE"]
    assert first.id in out
    assert first.title in out


def test_defects_json__every_switch_violates_catalogue_requirements(capsys: Capsys) -> None:
    assert main(["defects", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert len(rows) >= 15
    for row in rows:
        assert set(row) == {"name", "description", "violates"}
        assert row["violates"]
        assert set(row["violates"]) <= set(requirements())


def test_defects__table_lists_every_name(capsys: Capsys) -> None:
    assert main(["defects", "--json"]) == 0
    names = [row["name"] for row in json.loads(capsys.readouterr().out)]
    assert main(["defects"]) == 0
    table = capsys.readouterr().out.splitlines()
    assert table[0].split() == ["NAME", "VIOLATES", "DESCRIPTION"]
    assert [line.split()[0] for line in table[1:]] == names


# --- delegated commands ------------------------------------------------------------------------------------


def test_certify__config_and_defect_are_exclusive(capsys: Capsys, tmp_path: Path) -> None:
    assert main(["certify", "--config", str(tmp_path / "p.toml"), "--defect", "crc-lower-case"]) == 2
    assert "--defect applies to the bundled reference participant" in capsys.readouterr().err


def test_certify__defaults_to_the_reference_participant_and_reads_a_config(monkeypatch: MonkeyPatch,
                                                                          tmp_path: Path) -> None:
    from bakong_conformance import certify
    from bakong_conformance.config import reference_config

    calls: list[tuple[object, ...]] = []

    def run(*args: object) -> int:
        calls.append(args)
        return 1

    monkeypatch.setattr(certify, "run", run)
    assert main(["certify", "--defect", "crc-lower-case"]) == 1
    config = tmp_path / "p.toml"
    config.write_text('[participant]\nname = "B"\nid = "B1"\nsoftware_version = "1"\nbase_url = "http://bank"\n'
                      'token_env = "T"\ncapabilities = ["khqr-issuer"]\n', encoding="utf-8")
    assert main(["certify", "--config", str(config), "--profile", "smoke", "--out", "o", "--quiet",
                 "--baseline", "b.json", "--waivers", "w.toml"]) == 1
    assert calls[0] == (reference_config(["crc-lower-case"]), Path("reports"), certify.Options(progress=True))
    bank, out, options = calls[1]
    assert (getattr(bank, "base_url", None), out) == ("http://bank", Path("o"))
    assert options == certify.Options(profile="smoke", waivers=Path("w.toml"), baseline=Path("b.json"),
                                      progress=False)


def test_certify__harness_error_exits_2_without_traceback(monkeypatch: MonkeyPatch, capsys: Capsys) -> None:
    from bakong_conformance import certify

    def run(*args: object) -> int:
        raise ConfigurationError("unknown defect 'nope'")

    monkeypatch.setattr(certify, "run", run)
    assert main(["certify", "--defect", "nope"]) == 2
    assert capsys.readouterr().err == "bakong-conformance: error: unknown defect 'nope'\n"


def test_sandbox_serve__unset_token_variable_exits_2(
        monkeypatch: MonkeyPatch, capsys: Capsys) -> None:
    monkeypatch.delenv("CLI_TEST_TOKEN", raising=False)
    assert main(["sandbox", "serve", "--token-env", "CLI_TEST_TOKEN"]) == 2
    assert "CLI_TEST_TOKEN" in capsys.readouterr().err


def test_sandbox_serve__passes_options_and_token_to_reference_serve(monkeypatch: MonkeyPatch) -> None:
    from bakong_conformance import reference

    calls: list[tuple[str, int, str, list[str]]] = []

    def serve(host: str, port: int, token: str, defects: list[str]) -> int:
        calls.append((host, port, token, defects))
        return 0

    monkeypatch.setattr(reference, "serve", serve)
    monkeypatch.setenv("BAKONG_SANDBOX_TOKEN", "s3cret")
    assert main(["sandbox", "serve", "--port", "8123", "--defect", "a", "--defect", "b"]) == 0
    assert calls == [("127.0.0.1", 8123, "s3cret", ["a", "b"])]


def test_usage_error_exits_2(capsys: Capsys) -> None:
    assert main(["khqr", "frobnicate"]) == 2
    assert "usage" in capsys.readouterr().err


def test_a_bug_of_the_harness_exits_2_never_1(monkeypatch: MonkeyPatch, capsys: Capsys) -> None:
    import bakong_conformance.certify as certify

    def crash(*_: object) -> int:
        raise KeyError("a bug")
    monkeypatch.setattr(certify, "run", crash)
    assert main(["certify", "--quiet"]) == 2
    assert "internal error of the harness" in capsys.readouterr().err


def _signed_folder(tmp_path: Path, name: str) -> Path:
    """A certification folder signed with a key made for it, whose participant is called ``name``."""
    from bakong_conformance.certificate import issuer_statement, load_signing_key, sign_certificate

    out = tmp_path / "reports"
    out.mkdir()
    (out / "summary.json").write_text("{}", encoding="utf-8")
    key = load_signing_key(None, None)
    sign_certificate(out, {"verdict": "conformant", "profile": "full", "issuer": issuer_statement(key, None),
                           "participant": {"id": "EXBK", "name": name}}, key)
    return out


def test_certificate_verify_json_is_one_ascii_object_with_exit_0_intact_1_not(tmp_path: Path) -> None:
    folder = _signed_folder(tmp_path, "Bank\u202e KHBN")
    done = run_cli("certificate", "verify", str(folder), "--json")
    assert (done.returncode, done.stdout.isascii(), done.stdout.count("\n")) == (0, True, 1)
    answer = json.loads(done.stdout)
    assert set(answer) == {"intact", "trusted", "signer", "problems"}
    assert (answer["intact"], answer["trusted"], answer["signer"]["kind"]) == (True, False, "self-signed")
    (folder / "summary.json").write_text("[]", encoding="utf-8")
    done = run_cli("certificate", "verify", str(folder), "--json")
    assert (done.returncode, json.loads(done.stdout)["problems"]) == (1, ["changed: summary.json"])


def test_certificate_verify_prints_no_control_character_from_the_folder(tmp_path: Path) -> None:
    folder = _signed_folder(tmp_path, "Bank\x1b[1A\x1b[2K\nSigned with the configured key of National Bank")
    done = run_cli("certificate", "verify", str(folder))
    assert done.returncode == 0
    assert "\x1b" not in done.stdout
    assert len(done.stdout.splitlines()) == 3
    assert "Bank\\x1b[1A\\x1b[2K\\nSigned with the configured key of National Bank" in done.stdout
