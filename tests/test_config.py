"""The participant configuration file: what it accepts, and every mistake refused with a clear reason."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bakong_conformance.config import load_config, reference_config
from bakong_conformance.errors import ConfigurationError
from bakong_conformance.reference import CAPABILITIES as REFERENCE_CAPABILITIES

GOOD = """
[participant]
name = "Example Bank Plc"
id = "exbkkhpp"
software_version = "2.4.1"
base_url = "http://127.0.0.1:8000"
token_env = "EXAMPLE_TOKEN"
capabilities = ["khqr-issuer"]

[networks]
host = "127.0.0.1"
port = 8900

[certification]
profile = "smoke"
waivers = "waivers.toml"
signing_key_env = "ISSUER_KEY"
"""


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "participant.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_complete_file_loads_with_paths_relative_to_it(tmp_path: Path) -> None:
    config = load_config(_write(tmp_path, GOOD))
    assert (config.participant_id, config.base_url, config.token_env) == ("exbkkhpp", "http://127.0.0.1:8000",
                                                                         "EXAMPLE_TOKEN")
    assert config.capabilities == {"khqr-issuer"}
    assert config.has("khqr-issuer")
    assert config.has("participant-api")
    assert not config.has("khqr-acceptor")
    assert (config.networks_host, config.networks_port, config.profile) == ("127.0.0.1", 8900, "smoke")
    assert config.waivers == (tmp_path / "waivers.toml").resolve()
    assert not config.is_reference


def test_the_reference_configuration_declares_what_the_reference_implements_and_nothing_else() -> None:
    config = reference_config(["crc-lower-case"])
    assert config.is_reference
    assert config.defects == ("crc-lower-case",)
    assert config.capabilities == {*REFERENCE_CAPABILITIES, "participant-api"}
    assert config.has("alipay-plus-acquirer")
    assert config.has("alipay-plus-wallet")
    assert not config.has("link-thai-qr")


@pytest.mark.parametrize(("change", "reason"), [
    (('token_env = "EXAMPLE_TOKEN"', 'token_env = "EXAMPLE_TOKEN"\ntoken = "abc"'), "secrets never go in this file"),
    (('software_version = "2.4.1"', 'software_version = "2.4.1"\ncolour = "red"'), "has no key 'colour'"),
    (('base_url = "http://127.0.0.1:8000"\n', ""), "give the participant's sandbox as base_url"),
    (('base_url = "http://127.0.0.1:8000"', 'base_url = "http://127.0.0.1:8000"\nreference = true'),
     "give the participant's sandbox as base_url"),
    (('token_env = "EXAMPLE_TOKEN"\n', ""), "token_env"),
    (('token_env = "EXAMPLE_TOKEN"', 'token_env = "NOT A NAME"'), "not an environment variable name"),
    (('["khqr-issuer"]', '["khqr-issuer", "teleportation"]'), "unknown capabilities ['teleportation']"),
    (('host = "127.0.0.1"', 'host = "0.0.0.0"'), "must be a loopback address"),
    (("port = 8900", "port = 70000"), "port must be 0"),
    (('profile = "smoke"', 'profile = "fastest"'), "unknown profile"),
    (('base_url = "http://127.0.0.1:8000"', 'base_url = "ftp://bank"'), "http or https URL"),
    (('base_url = "http://127.0.0.1:8000"', 'base_url = "http://u:p@127.0.0.1:8000"'), "must not carry credentials"),
    (('id = "exbkkhpp"\n', ""), "id is required"),
    (('capabilities = ["khqr-issuer"]', 'capabilities = ["khqr-issuer"]\ndefects = ["crc-lower-case"]'),
     "defects apply to the bundled reference participant only"),
    (("[networks]", "[network]"), "unknown section [network]"),
])
def test_mistakes_are_refused_with_their_reason(tmp_path: Path, change: tuple[str, str], reason: str) -> None:
    assert change[0] in GOOD
    with pytest.raises(ConfigurationError, match=re.escape(reason)):
        load_config(_write(tmp_path, GOOD.replace(change[0], change[1], 1)))


def test_the_reference_is_chosen_only_explicitly(tmp_path: Path) -> None:
    text = '[participant]\nname = "Ref"\nid = "REF"\nsoftware_version = "1"\nreference = true\n' \
           'capabilities = ["khqr-issuer"]\ndefects = ["crc-lower-case"]\n'
    config = load_config(_write(tmp_path, text))
    assert config.is_reference
    assert config.defects == ("crc-lower-case",)


def test_unreadable_and_invalid_files_are_configuration_errors(tmp_path: Path) -> None:
    with pytest.raises(ConfigurationError, match="cannot read"):
        load_config(tmp_path / "missing.toml")
    with pytest.raises(ConfigurationError, match="not valid TOML"):
        load_config(_write(tmp_path, "[participant\n"))


@pytest.mark.parametrize(("change", "refused"), [
    (('id = "exbkkhpp"', 'id = "exbk\\u001B[2Kkhpp"'), "[participant] id must not contain U+001B ESCAPE"),
    (('id = "exbkkhpp"', 'id = "exbk\\nSigned with the configured key of National Bank of Cambodia"'),
     "[participant] id must not contain U+000A LINE FEED"),
    (('id = "exbkkhpp"', 'id = "exbk\\u202Ekhpp"'), "[participant] id must not contain U+202E RIGHT-TO-LEFT OVERRIDE"),
    (('name = "Example Bank Plc"', 'name = "Example\\u2066 Bank"'),
     "[participant] name must not contain U+2066 LEFT-TO-RIGHT ISOLATE"),
    (('software_version = "2.4.1"', 'software_version = "2.4.1\\u0085"'),
     "[participant] software_version must not contain U+0085 NEXT LINE"),
    (('software_version = "2.4.1"', 'software_version = "2.4.1\\u007F"'),
     "[participant] software_version must not contain U+007F DELETE"),
    (('signing_key_env = "ISSUER_KEY"', 'signing_key_env = "ISSUER_KEY"\nissuer = "National Bank\\u200F"'),
     "[certification] issuer must not contain U+200F RIGHT-TO-LEFT MARK"),
])
def test_control_and_bidirectional_characters_in_labels_are_refused(tmp_path: Path, change: tuple[str, str],
                                                                    refused: str) -> None:
    assert change[0] in GOOD
    with pytest.raises(ConfigurationError, match=re.escape(refused)):
        load_config(_write(tmp_path, GOOD.replace(change[0], change[1], 1)))


def test_labels_in_any_script_load(tmp_path: Path) -> None:
    config = load_config(_write(tmp_path, GOOD.replace('"Example Bank Plc"', '"ធនាគារ Example Bank Plc"')))
    assert config.name == "ធនាគារ Example Bank Plc"
