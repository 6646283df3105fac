"""Secrets are scrubbed from raw results and found in any form the output could hide them in (as written, JSON-
and URL-escaped, base64 standard and URL-safe at every alignment, padded or not, hex in both cases); a file found
holding one is removed; a registered secret never stays in an exchange record or a failure message."""

from __future__ import annotations

import base64
import json
from pathlib import Path
from urllib.parse import quote, quote_plus

import pytest

from bakong_conformance.certify._secrets import REDACTED, Secret, check_no_secrets, configured_secrets, scrub_files
from bakong_conformance.config import reference_config
from bakong_conformance.errors import HarnessError, OutcomeMismatch
from bakong_conformance.evidence import (
    Exchange,
    SecretScrubber,
    register_secret,
    scrub,
    secret_encodings_in,
    secret_forms,
    secrets_in,
    secrets_of_one_run,
)

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



# --- every form, everywhere ---------------------------------------------------------------------------------------
SECRET = 'tok 3f9a"b/c+d=e~RECOGNISABLE>?'     # escapes differently in JSON, quote and quote_plus; base64 has + and /
FORM_SECRET = Secret("BANK_TOKEN", SECRET)
REGISTERED = 'reg 7Qx"k/m+n=p~REGISTERED-TOKEN>?'
register_secret("the test's bearer token", REGISTERED)


def _base64(value: str, alphabet: str, offset: int, end: str) -> str:
    """``value`` inside base64 of ``alphabet`` after ``offset`` other bytes: last (padded or not) or followed."""
    encode = base64.b64encode if alphabet == "standard" else base64.urlsafe_b64encode
    encoded = encode(b"xyz"[:offset] + value.encode() + (b" and more" if end == "followed" else b"")).decode()
    return encoded.rstrip("=") if end == "unpadded" else encoded


def written(value: str) -> dict[str, str]:
    """``value`` written in each form a report could hide it in, by name."""
    return {"raw": value, "json": json.dumps(value)[1:-1], "url-quote": quote(value, safe=""),
            "url-quote-plus": quote_plus(value), "hex": value.encode().hex(), "hex-upper": value.encode().hex().upper(),
            **{f"base64-{alphabet}-at-{offset}-{end}": _base64(value, alphabet, offset, end)
               for alphabet in ("standard", "url-safe") for offset in range(3)
               for end in ("padded", "unpadded", "followed")}}


WRITTEN = written(SECRET)
ENCODING_NAMES = {"raw": "as written", "json": "JSON-escaped", "url-quote": "URL-escaped",
                  "url-quote-plus": "URL-escaped", "hex": "hex",
                  "hex-upper": "upper-case hex"}       # base64 forms: "base64" or "URL-safe base64"
PLACES = {"body": '{{"response": {{"body": {{"echo": "{}"}}}}}}', "header": '{{"headers": {{"X-Debug-Token": "{}"}}}}',
          "message": '<failure message="The participant echoed {} back"/>'}


def test_the_forms_under_test_differ_where_the_encodings_do() -> None:
    assert len(set(WRITTEN.values())) == len(WRITTEN) - 2   # at offset 2 the secret fills whole groups: no padding
    assert base64.b64encode(SECRET.encode()) != base64.urlsafe_b64encode(SECRET.encode())
    assert FORM_SECRET.forms() == {form.encode() for form in secret_forms(SECRET)}


@pytest.mark.parametrize("place", sorted(PLACES))
@pytest.mark.parametrize("form", sorted(WRITTEN))
def test_scrubbing_replaces_every_form_in_bodies_headers_and_messages(tmp_path: Path, form: str, place: str) -> None:
    path = tmp_path / "junit.xml"
    path.write_text(PLACES[place].format(WRITTEN[form]), encoding="utf-8")
    scrub_files([path], [FORM_SECRET])
    assert REDACTED in path.read_text(encoding="utf-8")
    check_no_secrets(tmp_path, [FORM_SECRET])       # nothing of the secret is left to find
    assert path.exists()


@pytest.mark.parametrize("form", sorted(WRITTEN))
def test_a_file_holding_any_form_is_removed_and_named_never_the_value(tmp_path: Path, form: str) -> None:
    (tmp_path / "html").mkdir()
    leaking, clean = tmp_path / "html" / "index.html", tmp_path / "summary.json"
    leaking.write_text(f"<script>const d='{WRITTEN[form]}'</script>", encoding="utf-8")
    clean.write_text('{"verdict": "conformant"}', encoding="utf-8")
    with pytest.raises(HarnessError, match=r"html/index\.html contains the value of BANK_TOKEN") as raised:
        check_no_secrets(tmp_path, [FORM_SECRET])
    assert not leaking.exists()
    assert clean.exists()
    assert not [f for f in secret_forms(SECRET) if f in str(raised.value)]
    assert "summary.json" not in str(raised.value)


def test_every_file_holding_a_secret_is_removed_and_listed(tmp_path: Path) -> None:
    for name in ("junit.xml", "summary.json"):
        (tmp_path / name).write_text(f"echo {WRITTEN['hex']} {TOKEN.value}", encoding="utf-8")
    with pytest.raises(HarnessError) as raised:
        check_no_secrets(tmp_path, [FORM_SECRET, TOKEN])
    assert list(tmp_path.iterdir()) == []
    assert "junit.xml contains the value of BANK_TOKEN" in str(raised.value)
    assert "summary.json contains the value of BANK_TOKEN" in str(raised.value)


# --- the registry: exchanges and failure messages are scrubbed as they are made -----------------------------------
@pytest.mark.parametrize("form", sorted(WRITTEN))
def test_a_registered_secret_is_found_in_every_form_by_its_label(form: str) -> None:
    data = f"X-Debug: {written(REGISTERED)[form]}"
    assert secrets_in(data) == secrets_in(data.encode()) == ["the test's bearer token"]
    ((label, encoding),) = secret_encodings_in(data)
    assert label == "the test's bearer token"
    assert encoding.endswith(ENCODING_NAMES.get(form, "base64"))
    assert secrets_in(scrub(data)) == secrets_in(scrub(data.encode())) == []


@pytest.mark.parametrize("form", sorted(WRITTEN))
def test_an_exchange_keeps_no_form_of_a_registered_secret_in_headers_or_bodies(form: str) -> None:
    echoed = written(REGISTERED)[form]
    exchange = Exchange("getInfo", {"headers": {"X-Token": echoed}, "body": None},
                        {"headers": {"X-Debug-Token": echoed, echoed: "as a name"}, "body": {"echo": [echoed]}})
    assert secrets_in(exchange.as_json()) == secrets_in(repr(exchange)) == []
    assert REDACTED in exchange.response["body"]["echo"][0]
    assert REDACTED in exchange.request["headers"]["X-Token"]


@pytest.mark.parametrize("form", sorted(WRITTEN))
def test_failure_and_harness_error_messages_keep_no_form_of_a_registered_secret(form: str) -> None:
    echoed = written(REGISTERED)[form]
    failure = OutcomeMismatch(f"The participant echoed {echoed}", expected="nothing", actual=echoed)
    broken = HarnessError(f"the sandbox answered {echoed}")
    assert secrets_in(str(failure)) == secrets_in(failure.actual) == secrets_in(str(broken)) == []
    assert REDACTED in str(failure)
    assert REDACTED in str(broken)


def test_a_value_too_short_to_match_safely_is_not_registered() -> None:
    register_secret("a short value", "abc1234")
    assert scrub("abc1234") == "abc1234"
    assert secrets_in("abc1234") == []


def test_scrub_walks_bytes_dicts_lists_and_tuples_and_leaves_other_values() -> None:
    value = {REGISTERED: (REGISTERED.encode(), [REGISTERED, 7, None])}
    assert scrub(value) == {REDACTED: (REDACTED.encode(), [REDACTED, 7, None])}


def test_secrets_of_one_run_are_forgotten_when_it_ends_and_those_known_before_stay() -> None:
    inside, later = "run-one-secret-4b1d9e7c", "run-two-secret-8a2f6c0d"
    with secrets_of_one_run():
        register_secret("a credential of run one", inside)
        register_secret("registered before, again", REGISTERED)
        assert scrub(inside) == REDACTED
    assert scrub(inside) == inside
    assert scrub(REGISTERED) == REDACTED
    with secrets_of_one_run():
        register_secret("a credential of run two", later)
        assert secrets_in(f"{later} {inside}") == ["a credential of run two"]
    assert secrets_in(later) == []
    assert secrets_in(REGISTERED) == ["the test's bearer token"]


def test_a_scrubber_forgets_exactly_what_was_added_since_a_checkpoint() -> None:
    scrubber = SecretScrubber([("kept", "kept-secret-0123456789")])
    mark = scrubber.checkpoint()
    scrubber.add("gone", "gone-secret-9876543210")
    assert scrubber.labels_in("kept-secret-0123456789 gone-secret-9876543210") == ["kept", "gone"]
    scrubber.forget_since(mark)
    assert scrubber.labels_in("kept-secret-0123456789 gone-secret-9876543210") == ["kept"]
    scrubber.forget_since(mark)                         # nothing added since: nothing to forget
    scrubber.add("gone", "gone-secret-9876543210")      # and it can be known again
    assert scrubber.scrub("gone-secret-9876543210") == REDACTED
