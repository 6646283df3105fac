"""The schema folders of the simulated Bakong: the switch contract (``bakong-switch/v1``) and the mirror of
NBC's Open API (``bakong-open-api/v1``), in the house style of ``participant-api/v1``."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from bakong_conformance import schemas

FOLDERS = ("bakong-switch", "bakong-open-api", "alipay-plus")
ENDPOINTS = ("renew_token", "check_transaction_by_md5", "check_transaction_by_hash",
             "check_transaction_by_short_hash", "check_transaction_by_instruction_ref",
             "check_transaction_by_external_ref", "check_transaction_by_md5_list",
             "check_transaction_by_hash_list", "check_bakong_account", "generate_deeplink_by_qr")
SCHEMAS = [(api, name) for api in FOLDERS for name in schemas.names(api, "v1")]
EXAMPLES = [(api, path) for api in FOLDERS
            for path in sorted((schemas.SCHEMA_ROOT / api / "v1" / "examples").glob("*.json"))]


def _properties(node: Any, where: str = "$") -> Iterator[tuple[str, dict[str, Any]]]:
    """Every (location, property schema) under a ``properties`` keyword, at any depth, except in conditions
    (``if``/``then``/``else``, which only restate members) and except bare ``$ref``s (the target has them)."""
    if isinstance(node, dict):
        for name, spec in node.get("properties", {}).items():
            if set(spec) != {"$ref"}:
                yield f"{where}.{name}", spec
        for key, value in node.items():
            if key not in ("if", "then", "else"):
                yield from _properties(value, f"{where}/{key}")
    elif isinstance(node, list):
        for index, item in enumerate(node):
            yield from _properties(item, f"{where}[{index}]")


def test_the_switch_folder_holds_the_instruction_and_its_answer() -> None:
    assert schemas.names("bakong-switch", "v1") == ("instruction", "instruction-answer")


def test_the_open_api_folder_has_a_request_schema_per_endpoint() -> None:
    names = set(schemas.names("bakong-open-api", "v1"))
    assert {f"{endpoint.replace('_', '-')}-request" for endpoint in ENDPOINTS} | {
        "envelope", "transaction", "transaction-list-item"} == names


@pytest.mark.parametrize(("api", "name"), SCHEMAS)
def test_schema_is_draft_2020_12_with_versioned_id_title_and_description(api: str, name: str) -> None:
    schema = schemas.load(api, "v1", name)
    Draft202012Validator.check_schema(schema)
    assert schema["$id"] == f"https://bakong-conformance.invalid/schemas/{api}/v1/{name}.schema.json"
    assert schema["title"]
    assert len(schema["description"]) > 40


@pytest.mark.parametrize(("api", "name"), SCHEMAS)
def test_every_property_has_a_title_and_a_description(api: str, name: str) -> None:
    for where, spec in _properties(schemas.load(api, "v1", name)):
        assert spec.get("title"), where
        assert spec.get("description"), where


@pytest.mark.parametrize(("api", "name"), SCHEMAS)
def test_every_schema_has_an_example(api: str, name: str) -> None:
    assert any(path.name.startswith(f"{name}.") for folder, path in EXAMPLES if folder == api)


@pytest.mark.parametrize(("api", "path"), EXAMPLES, ids=lambda value: getattr(value, "name", value))
def test_example_is_valid_against_its_schema(api: str, path: Path) -> None:
    name = path.name.split(".")[0]
    assert name in schemas.names(api, "v1"), f"{path.name}: no schema named {name!r}"
    assert schemas.violations(json.loads(path.read_text(encoding="utf-8")), api, "v1", name) == []


def test_instruction_examples_carry_the_md5_of_their_qr() -> None:
    from bakong_conformance.khqr import md5_hex

    for case in ("dynamic-riel", "static-dollar"):
        path = schemas.SCHEMA_ROOT / "bakong-switch" / "v1" / "examples" / f"instruction.{case}.json"
        body = json.loads(path.read_text(encoding="utf-8"))
        assert md5_hex(body["qr"]) == body["md5"]


@pytest.mark.parametrize(("name", "instance", "problem"), [
    pytest.param("instruction-answer", {"status": "COMMITTED", "hash": "ab", "instructionRef": "BKI1",
                 "externalRef": "R", "duplicate": False, "acknowledgedDateMs": 1}, "does not match",
                 id="short-hash"),
    pytest.param("instruction-answer", {"status": "REJECTED", "reason": {"code": "X", "message": "m"},
                 "externalRef": None, "duplicate": True, "acknowledgedDateMs": 1}, "false was expected",
                 id="rejected-duplicate"),
    pytest.param("instruction-answer", {"status": "PENDING"}, "", id="unknown-status"),
])
def test_known_bad_answer_is_reported(name: str, instance: object, problem: str) -> None:
    found = schemas.violations(instance, "bakong-switch", "v1", name)
    assert found
    assert any(problem in text for text in found), found


@pytest.mark.parametrize(("instance", "problem"), [
    pytest.param({"responseCode": 0, "responseMessage": "", "errorCode": 1, "data": None}, "null was expected",
                 id="success-with-error-code"),
    pytest.param({"responseCode": 2, "responseMessage": "", "errorCode": None, "data": None}, "is not one of",
                 id="response-code-2"),
    pytest.param({"responseCode": 1, "responseMessage": "", "errorCode": 13, "data": None}, "maximum",
                 id="error-code-13"),
    pytest.param({"responseCode": 1, "responseMessage": "", "errorCode": None}, '"data" is a required',
                 id="no-data"),
])
def test_known_bad_envelope_is_reported(instance: object, problem: str) -> None:
    found = schemas.violations(instance, "bakong-open-api", "v1", "envelope")
    assert any(problem in text for text in found), found


def test_readme_of_the_open_api_folder_says_it_mirrors_nbc() -> None:
    text = (schemas.SCHEMA_ROOT / "bakong-open-api" / "README.md").read_text(encoding="utf-8")
    assert "mirror" in text
    assert "harness's reading" in text
