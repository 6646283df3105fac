"""Secrets are scrubbed from raw results and found in any form the output could hide them in."""

from __future__ import annotations

import base64
import json
from pathlib import Path

import pytest

from bakong_conformance.certify._secrets import REDACTED, Secret, check_no_secrets, configured_secrets, scrub_files
from bakong_conformance.config import reference_config
from bakong_conformance.errors import HarnessError

TOKEN = Secret("BANK_TOKEN", "tok-3f9a\"b/c+d=e-RECOGNISABLE")


def test_scrubbing_replaces_raw_and_json_escaped_values(tmp_path: Path) -> None:
    path = tmp_path / "result.json"
    path.write_text(json.dumps({"message": f"echoed {TOKEN.value}", "raw": TOKEN.value}), encoding="utf-8")
    scrub_files([path], [TOKEN])
    text = path.read_text(encoding="utf-8")
    assert TOKEN.value not in text
    assert json.dumps(TOKEN.value)[1:-1] not in text
    assert text.count(REDACTED) == 2


@pytest.mark.parametrize("prefix", [b"", b"x", b"xy", b"xyz"])
def test_a_secret_inside_base64_is_found_at_every_alignment(tmp_path: Path, prefix: bytes) -> None:
    embedded = base64.b64encode(prefix + TOKEN.value.encode() + b" trailing data")
    (tmp_path / "index.html").write_bytes(b"<script>const d='" + embedded + b"'</script>")
    with pytest.raises(HarnessError, match=r"index\.html contains the value of BANK_TOKEN") as raised:
        check_no_secrets(tmp_path, [TOKEN])
    assert TOKEN.value not in str(raised.value)


@pytest.mark.parametrize("form", ["raw", "json", "url"])
def test_a_secret_written_plainly_or_escaped_is_found(tmp_path: Path, form: str) -> None:
    from urllib.parse import quote
    written = {"raw": TOKEN.value, "json": json.dumps(TOKEN.value), "url": quote(TOKEN.value, safe="")}[form]
    (tmp_path / "nested").mkdir()
    (tmp_path / "nested" / "log.txt").write_text(f"Authorization: Bearer {written}", encoding="utf-8")
    with pytest.raises(HarnessError, match=r"log\.txt contains the value of BANK_TOKEN"):
        check_no_secrets(tmp_path, [TOKEN])


def test_a_clean_folder_passes(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Authorization: <redacted>", encoding="utf-8")
    check_no_secrets(tmp_path, [TOKEN])


def test_configured_secrets_are_read_from_the_named_variables(monkeypatch: pytest.MonkeyPatch) -> None:
    import dataclasses
    config = dataclasses.replace(reference_config(), token_env="T", secret_envs=("S", "SHORT"),
                                 signing_key_env="K")
    monkeypatch.setenv("T", "token-value-123")
    monkeypatch.setenv("S", "client-secret-456")
    monkeypatch.setenv("SHORT", "abc")
    monkeypatch.delenv("K", raising=False)
    assert [(s.source, s.value) for s in configured_secrets(config)] == [("T", "token-value-123"),
                                                                          ("S", "client-secret-456")]
