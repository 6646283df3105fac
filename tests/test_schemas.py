"""Tests of the Participant API v1 contract files and of ``bakong_conformance.schemas``."""

from __future__ import annotations

import ast
import copy
import hashlib
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from bakong_conformance import schemas
from bakong_conformance.errors import SchemaLoadError

API, VERSION = "participant-api", "v1"
FOLDER = schemas.SCHEMA_ROOT / API / VERSION
EXAMPLES = FOLDER / "examples"
README = schemas.SCHEMA_ROOT / API / "README.md"
ID_BASE = "https://bakong-conformance.invalid/schemas/participant-api/v1/"
SCHEMA_NAMES = schemas.names(API, VERSION)
EXAMPLE_FILES = sorted(EXAMPLES.glob("*.json"))
DELETE = object()

# BakongKHQR.decode keys of the official SDK 1.0.20, in its order (reference khqr.md §1.7).
DECODE_KEYS = (
    "merchantType", "bakongAccountID", "accountInformation", "merchantID", "acquiringBank", "billNumber",
    "mobileNumber", "storeLabel", "terminalLabel", "purposeOfTransaction", "languagePreference",
    "merchantNameAlternateLanguage", "merchantCityAlternateLanguage", "creationTimestamp",
    "expirationTimestamp", "payloadFormatIndicator", "pointofInitiationMethod", "unionPayMerchant",
    "merchantCategoryCode", "transactionCurrency", "transactionAmount", "countryCode", "merchantName",
    "merchantCity", "crc",
)
# Fields of the official SDK's IndividualInfo / MerchantInfo that the issue request passes through.
SDK_FIELDS = (
    "bakongAccountID", "merchantName", "merchantCity", "merchantID", "acquiringBank", "accountInformation",
    "currency", "amount", "billNumber", "mobileNumber", "storeLabel", "terminalLabel", "purposeOfTransaction",
    "languagePreference", "merchantNameAlternateLanguage", "merchantCityAlternateLanguage",
    "upiMerchantAccount", "merchantCategoryCode", "expirationTimestamp",
)


def example(case: str) -> Any:
    """The parsed example file ``examples/<case>.json``."""
    return json.loads((EXAMPLES / f"{case}.json").read_text(encoding="utf-8"))


def changed(case: str, path: tuple[str | int, ...], value: object) -> Any:
    """A copy of example ``case`` with the member at ``path`` set to ``value`` (or removed, for DELETE)."""
    doc = copy.deepcopy(example(case))
    target = doc
    for key in path[:-1]:
        target = target[key]
    if value is DELETE:
        del target[path[-1]]
    else:
        target[path[-1]] = value
    return doc


def check(instance: object, name: str) -> list[str]:
    """Violations of ``instance`` against the v1 schema ``name``."""
    return schemas.violations(instance, API, VERSION, name)


# --- the schema files ---------------------------------------------------------------------------------------


def test_folder_holds_the_documented_schemas() -> None:
    expected = ("account", "account-request", "alipay-plus-confirmation", "alipay-plus-confirmation-request",
                "alipay-plus-connected", "alipay-plus-connection", "alipay-plus-refund", "alipay-plus-refund-request",
                "alipay-plus-scan", "alipay-plus-scan-request", "bakong-connected", "bakong-connection",
                "clock-advanced", "clock-request", "confirmation-request", "confirmation-response", "error", "info",
                "issue-request", "issue-response", "merchant", "merchant-request", "payment", "payment-request",
                "scan-request", "scan-response")
    assert expected == SCHEMA_NAMES


@pytest.mark.parametrize("name", SCHEMA_NAMES)
def test_schema_is_valid_draft_2020_12(name: str) -> None:
    schema = schemas.load(API, VERSION, name)
    Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"


@pytest.mark.parametrize("name", SCHEMA_NAMES)
def test_schema_has_versioned_id_title_and_description(name: str) -> None:
    schema = schemas.load(API, VERSION, name)
    assert schema["$id"] == f"{ID_BASE}{name}.schema.json"
    assert schema["title"]
    assert len(schema["description"]) > 40


@pytest.mark.parametrize("name", SCHEMA_NAMES)
def test_every_schema_has_an_example(name: str) -> None:
    assert any(path.name.startswith(f"{name}.") for path in EXAMPLE_FILES)


def test_payment_has_exactly_the_official_decode_keys() -> None:
    payment = schemas.load(API, VERSION, "scan-response")["$defs"]["payment"]
    assert tuple(payment["properties"]) == DECODE_KEYS
    assert tuple(payment["required"]) == DECODE_KEYS
    assert payment["additionalProperties"] is False


def test_issue_request_uses_the_official_sdk_field_names() -> None:
    properties = schemas.load(API, VERSION, "issue-request")["properties"]
    assert set(properties) == {"kind", "sandboxNow", *SDK_FIELDS}


def test_issue_request_imposes_no_khqr_length_limit() -> None:
    properties = schemas.load(API, VERSION, "issue-request")["properties"]
    capped = {name: spec.get("maxLength") for name, spec in properties.items() if "maxLength" in spec}
    assert set(capped.values()) == {1000}


def test_cross_file_refs_point_at_schema_files() -> None:
    refs = {ref for name in SCHEMA_NAMES for ref in _refs(schemas.load(API, VERSION, name))}
    files = {ref.split("#")[0] for ref in refs if not ref.startswith("#")}
    assert files == {"./error.schema.json"}
    assert all((FOLDER / file).is_file() for file in files)


def _refs(node: object) -> Iterator[str]:
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "$ref" and isinstance(value, str):
                yield value
            yield from _refs(value)
    elif isinstance(node, list):
        for item in node:
            yield from _refs(item)


# --- examples -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("path", EXAMPLE_FILES, ids=lambda path: path.name)
def test_example_is_valid_against_its_schema(path: Path) -> None:
    name = path.name.split(".")[0]
    assert name in SCHEMA_NAMES, f"{path.name}: no schema named {name!r}"
    assert check(json.loads(path.read_text(encoding="utf-8")), name) == []


def test_readme_json_blocks_are_example_files() -> None:
    blocks = re.findall(r"```json\n(.*?)\n```", README.read_text(encoding="utf-8"), flags=re.DOTALL)
    examples = [json.loads(path.read_text(encoding="utf-8")) for path in EXAMPLE_FILES]
    assert len(blocks) >= len(SCHEMA_NAMES)
    for block in blocks:
        assert json.loads(block) in examples, block[:80]


def test_issue_response_examples_carry_the_md5_of_their_qr() -> None:
    for case in ("issue-response.merchant-static", "issue-response.individual-dynamic"):
        body = example(case)
        assert hashlib.md5(body["qr"].encode("utf-8")).hexdigest() == body["md5"]


# --- known-good and known-bad instances ---------------------------------------------------------------------

REQ_M, REQ_D = "issue-request.merchant-static", "issue-request.individual-dynamic"
ISSUED, SCAN = "issue-response.merchant-static", "scan-request.merchant-static"
INFO = "info.issuer-and-acceptor"
ACCEPTED, REJECTED = "scan-response.merchant-static", "scan-response.expired"
REFUSED, BAD, UNAUTH = "error.name-too-long", "error.bad-request", "error.unauthorized"
AP_SCAN = "alipay-plus-scan-request.tokyo-ramen"
AP_SHOWN, AP_REFUSED = "alipay-plus-scan.shown", "alipay-plus-scan.usd-account"
AP_PAID, AP_FAILED = "alipay-plus-confirmation.succeeded", "alipay-plus-confirmation.balance-not-enough"

KNOWN_GOOD = [
    pytest.param(REQ_M, ("merchantName",), "N" * 26, id="name-over-khqr-limit"),
    pytest.param(REQ_M, ("bakongAccountID",), "a" * 40 + "@nbcq", id="account-over-limit"),
    pytest.param(REQ_M, ("merchantCategoryCode",), "59A9", id="mcc-not-digits"),
    pytest.param(REQ_M, ("languagePreference",), "khm", id="language-over-limit"),
    pytest.param(REQ_M, ("bakongAccountID",), "", id="empty-account"),
    pytest.param(REQ_M, ("merchantID",), DELETE, id="merchant-without-id"),
    pytest.param(REQ_D, ("amount",), "1.234", id="amount-three-decimals"),
    pytest.param(REQ_D, ("amount",), -5, id="amount-negative"),
    pytest.param(REQ_D, ("expirationTimestamp",), 174225065418, id="expiry-12-digits"),
    pytest.param(REQ_D, ("sandboxNow",), DELETE, id="no-sandbox-clock"),
    pytest.param(SCAN, ("qr",), "", id="scan-empty-text"),
    pytest.param(ACCEPTED, ("payment", "billNumber"), "", id="decoded-empty-value"),
    pytest.param(REJECTED, ("reason", "rule"), None, id="reason-without-rule"),
    pytest.param(INFO, ("apiVersion",), "1.3", id="later-minor-version"),
    pytest.param(INFO, ("capabilities",), ["khqr-acceptor"], id="acceptor-only"),
    pytest.param(AP_SCAN, ("sandboxNow",), DELETE, id="alipay-scan-no-sandbox-clock"),
    pytest.param(AP_SCAN, ("codeValue",), "x" * 512, id="alipay-code-512"),
    pytest.param(AP_REFUSED, ("paymentRequestId",), "2026120112345678", id="alipay-refused-by-alipay-plus"),
    pytest.param(AP_PAID, ("debited",), "27000.50", id="alipay-debited-with-decimals"),
    pytest.param(AP_FAILED, ("paymentRequestId",), None, id="alipay-failed-without-request-id"),
]


@pytest.mark.parametrize(("case", "path", "value"), KNOWN_GOOD)
def test_known_good_instance_has_no_violation(case: str, path: tuple[str | int, ...], value: object) -> None:
    assert check(changed(case, path, value), case.split(".")[0]) == []


KNOWN_BAD = [
    pytest.param(ISSUED, ("md5",), "3A1D545DFBA97B39817BF43337E621EC", "$.md5: ",
                 "does not match", id="md5-uppercase"),
    pytest.param(ISSUED, ("md5",), DELETE, "$: ", '"md5" is a required', id="no-md5"),
    pytest.param(ISSUED, ("qr",), "00020101021", "$.qr: ", "is too short",
                 id="qr-too-short"),
    pytest.param(ISSUED, ("crc",), "8C75", "$: ", "Additional properties",
                 id="response-extra-field"),
    pytest.param(ACCEPTED, ("payment", "crc"), DELETE, "$.payment: ",
                 '"crc" is a required property (as Accepted)', id="decode-key-missing"),
    pytest.param(ACCEPTED, ("payment", "amount"), "1", "$.payment: ",
                 "Additional properties", id="decode-key-extra"),
    pytest.param(ACCEPTED, ("payment", "transactionCurrency"), 116,
                 "$.payment.transactionCurrency: ", "is not of type", id="decoded-value-number"),
    pytest.param(ACCEPTED, ("payment", "merchantType"), "31", "$.payment.merchantType: ",
                 "is not one of", id="merchant-type-unknown"),
    pytest.param(ACCEPTED, ("payment",), None, "$.payment: ", 'is not of type "object"',
                 id="payment-null"),
    pytest.param(REJECTED, ("reason", "message"), "", "$.reason.message: ",
                 "should be non-empty (as Rejected)", id="reason-empty-message"),
    pytest.param(REJECTED, ("reason", "sdkCode"), 52, "$.reason.sdkCode: ",
                 "greater than the maximum", id="sdk-code-52"),
    pytest.param(REJECTED, ("reason", "sdkCode"), 0, "$.reason.sdkCode: ", "less than the minimum",
                 id="sdk-code-0"),
    pytest.param(REJECTED, ("reason", "sdkCode"), DELETE, "$.reason: ",
                 '"sdkCode" is a required property', id="sdk-code-omitted"),
    pytest.param(REJECTED, ("reason", "rule"), "khqr-expired", "$.reason.rule: ", "does not match",
                 id="rule-lowercase"),
    pytest.param(REJECTED, ("accepted",), True, "$: ", '"payment" is a required property (as Accepted)',
                 id="accepted-with-reason"),
    pytest.param(REQ_M, ("kind",), DELETE, "$: ", '"kind" is a required', id="no-kind"),
    pytest.param(REQ_M, ("kind",), "shop", "$.kind: ", "is not one of", id="kind-shop"),
    pytest.param(REQ_M, ("merchantname",), "x", "$: ", "Additional properties",
                 id="request-unknown-field"),
    pytest.param(REQ_M, ("currency",), 116, "$.currency: ", "is not of type",
                 id="currency-numeric"),
    pytest.param(REQ_D, ("amount",), "1e3", "$.amount: ", "does not match",
                 id="amount-exponent"),
    pytest.param(REQ_D, ("amount",), None, "$.amount: ", "is not of type",
                 id="amount-null"),
    pytest.param(REQ_D, ("sandboxNow",), "1742250594187", "$.sandboxNow: ",
                 'is not of type "integer"', id="sandbox-now-string"),
    pytest.param(REQ_D, ("expirationTimestamp",), 1.5, "$.expirationTimestamp: ",
                 'is not of type "integer"', id="expiry-float"),
    pytest.param(REQ_M, ("merchantName",), "n" * 1001, "$.merchantName: ",
                 "is too long", id="name-over-transport-cap"),
    pytest.param(SCAN, ("qr",), "0" * 4097, "$.qr: ", "is too long", id="scan-too-long"),
    pytest.param(SCAN, ("qr",), DELETE, "$: ", '"qr" is a required', id="scan-no-qr"),
    pytest.param(INFO, ("apiVersion",), "2.0", "$.apiVersion: ", "does not match",
                 id="api-version-2"),
    pytest.param(INFO, ("capabilities",), [], "$.capabilities: ", "should be non-empty",
                 id="no-capability"),
    pytest.param(INFO, ("capabilities", 1), "khqr-issuer", "$.capabilities: ",
                 "non-unique", id="capability-twice"),
    pytest.param(INFO, ("capabilities", 0), "bakong-openapi", "$.capabilities[0]: ",
                 "is not one of", id="capability-unknown"),
    pytest.param(INFO, ("participant", "id"), "", "$.participant.id: ", "should be non-empty",
                 id="participant-id-empty"),
    pytest.param(REFUSED, ("error", "rule"), DELETE, "$.error: ", '"rule" is a required',
                 id="refusal-without-rule"),
    pytest.param(REFUSED, ("error", "sdkCode"), DELETE, "$.error: ", '"sdkCode" is a required',
                 id="refusal-without-sdk-code"),
    pytest.param(BAD, ("error", "code"), "INTERNAL", "$.error.code: ", "is not one of",
                 id="error-code-unknown"),
    pytest.param(UNAUTH, ("error", "message"), "", "$.error.message: ", "should be non-empty",
                 id="error-message-empty"),
    pytest.param(AP_SCAN, ("codeValue",), "x" * 513, "$.codeValue: ", "is too long", id="alipay-code-513"),
    pytest.param(AP_SCAN, ("codeValue",), "", "$.codeValue: ", "should be non-empty", id="alipay-code-empty"),
    pytest.param(AP_SCAN, ("accountId",), DELETE, "$: ", '"accountId" is a required', id="alipay-scan-no-account"),
    pytest.param(AP_SHOWN, ("shown",), None, "$.shown: ", 'is not of type "object"', id="alipay-shown-null"),
    pytest.param(AP_SHOWN, ("paymentRequestId",), None, "$.paymentRequestId: ", 'is not of type "string"',
                 id="alipay-shown-without-request-id"),
    pytest.param(AP_SHOWN, ("shown", "payToAmount", "value"), 2700000, "$.shown.payToAmount.value: ",
                 'is not of type "string"', id="alipay-amount-number"),
    pytest.param(AP_SHOWN, ("shown", "payToAmount", "currency"), "USD", "$.shown.payToAmount.currency: ",
                 '"KHR" was expected', id="alipay-pay-to-not-riel"),
    pytest.param(AP_SHOWN, ("shown", "paymentAmount", "value"), "10.00", "$.shown.paymentAmount.value: ",
                 "does not match", id="alipay-amount-major-units"),
    pytest.param(AP_SHOWN, ("shown", "quote", "quoteExpiryTime"), "2026-12-01T22:15:09+08:00", "$.shown.quote: ",
                 "Additional properties", id="alipay-quote-extra-field"),
    pytest.param(AP_SHOWN, ("scanId",), "s" * 65, "$.scanId: ", "is too long", id="alipay-scan-id-65"),
    pytest.param(AP_REFUSED, ("reason",), None, "$.reason: ", 'is not of type "object"', id="alipay-refused-no-reason"),
    pytest.param(AP_REFUSED, ("status",), "SHOWN", "$.shown: ", 'is not of type "object"',
                 id="alipay-shown-without-screen"),
    pytest.param(AP_PAID, ("debited",), None, "$.debited: ", 'is not of type "string"', id="alipay-paid-no-debit"),
    pytest.param(AP_PAID, ("paymentId",), None, "$.paymentId: ", 'is not of type "string"',
                 id="alipay-paid-no-payment-id"),
    pytest.param(AP_PAID, ("debited",), "27,000", "$.debited: ", "does not match", id="alipay-debited-comma"),
    pytest.param(AP_FAILED, ("reason",), None, "$.reason: ", 'is not of type "object"', id="alipay-failed-no-reason"),
    pytest.param(AP_FAILED, ("debited",), "0", "$.debited: ", 'is not of type "null"', id="alipay-failed-debited"),
    pytest.param(AP_FAILED, ("status",), "PENDING", "$.status: ", "is not one of", id="alipay-confirmation-pending"),
]


@pytest.mark.parametrize(("case", "path", "value", "where", "what"), KNOWN_BAD)
def test_known_bad_instance_is_reported(case: str, path: tuple[str | int, ...], value: object, where: str,
                                        what: str) -> None:
    found = check(changed(case, path, value), case.split(".")[0])
    assert any(message.startswith(where) and what in message for message in found), found


def test_rejection_reports_every_problem_of_the_rejected_branch_sorted_by_path() -> None:
    reason = {"sdkCode": 52, "rule": "bad rule", "message": ""}
    assert check({"accepted": False, "reason": reason}, "scan-response") == [
        '$.reason.message: "" should be non-empty (as Rejected)',
        '$.reason.rule: "bad rule" does not match "^[A-Z][A-Z0-9]*(-[A-Z0-9]+)*$" (as Rejected)',
        "$.reason.sdkCode: 52 is greater than the maximum of 51 (as Rejected)",
    ]


def test_array_positions_sort_numerically() -> None:
    body = changed("info.issuer-and-acceptor", ("capabilities",), [f"x{i}" for i in range(11)])
    found = check(body, "info")
    assert [message.split(":")[0] for message in found] == [f"$.capabilities[{i}]" for i in range(11)]


def test_long_values_are_shortened_but_keep_the_problem() -> None:
    (message,) = check({"qr": "0" * 5000}, "scan-request")
    assert message.startswith('$.qr: "000')
    assert message.endswith("is too long")
    assert len(message) < 300


def test_non_object_instance_is_one_violation() -> None:
    assert check([1], "issue-request") == ['$: [1] is not of type "object"']


# --- openapi.yaml -------------------------------------------------------------------------------------------

OPENAPI = (FOLDER / "openapi.yaml").read_text(encoding="utf-8")
OPENAPI_REFS = re.findall(r"\$ref:\s*['\"]?(\./[^'\"\s#]+)", OPENAPI)
ALIPAY_PLUS_REFS = re.findall(r"\$ref:\s*['\"]?\.\./\.\./alipay-plus/v1/([^'\"\s#]+)\.schema\.json", OPENAPI)
ALIPAY_PLUS_OPERATIONS = ("acquirerUserInitiatedPay", "acquirerPushPayment", "acquirerInquiryPushPayment",
                          "walletInquiryPayment", "walletCancelPayment", "walletRefund")


def test_openapi_declares_version_and_harness_origin() -> None:
    assert re.search(r"^openapi: 3\.1\.0$", OPENAPI, flags=re.MULTILINE)
    assert re.search(r"^  version: 1\.2\.0$", OPENAPI, flags=re.MULTILINE)
    assert "defined by this harness" in OPENAPI


@pytest.mark.parametrize("ref", sorted(set(OPENAPI_REFS)))
def test_openapi_ref_resolves_to_a_file(ref: str) -> None:
    assert (FOLDER / ref).is_file()


def test_openapi_refers_to_every_schema_file() -> None:
    assert {ref.removeprefix("./").removesuffix(".schema.json") for ref in OPENAPI_REFS} == set(SCHEMA_NAMES)


def test_openapi_alipay_plus_bodies_are_files_of_the_alipay_plus_contract() -> None:
    names = set(schemas.names("alipay-plus", VERSION))
    assert set(ALIPAY_PLUS_REFS) == {f"{name}-{part}" for name in (
        "user-initiated-pay", "push-payment", "inquiry-push-payment", "inquiry-payment", "cancel-payment",
        "mpp-refund") for part in ("request", "answer")}
    assert set(ALIPAY_PLUS_REFS) <= names


def test_openapi_operations_each_require_bearer_auth_but_the_alipay_plus_ones() -> None:
    operations = re.split(r"^      operationId: ", OPENAPI, flags=re.MULTILINE)[1:]
    assert [operation.split("\n")[0] for operation in operations] == [
        "getInfo", "issueKhqr", "scanKhqr", "connectBakong", "openAccount", "getAccount", "payKhqr", "getPayment",
        "confirmOrders", "connectAlipayPlus", "openMerchant", "refundAlipayPlusPayment", "scanAlipayPlusCode",
        "confirmAlipayPlusPayment", "advanceSandbox", *ALIPAY_PLUS_OPERATIONS]
    for operation in operations:
        signed = operation.split("\n")[0] in ALIPAY_PLUS_OPERATIONS
        assert ("- bearerAuth: []" in operation) is not signed
        assert ("- alipayPlusSignature: []" in operation) is signed
    assert re.search(r"bearerAuth:\n\s+type: http\n\s+scheme: bearer", OPENAPI)


# --- the loader ---------------------------------------------------------------------------------------------


def test_load_is_cached() -> None:
    assert schemas.load(API, VERSION, "info") is schemas.load(API, VERSION, "info")


def test_library_never_imports_pytest() -> None:
    tree = ast.parse(Path(schemas.__file__).read_text(encoding="utf-8"))
    imported = {alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names}
    imported |= {node.module or "" for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
    assert not {name for name in imported if name.split(".")[0] in {"pytest", "pytest_bdd"}}


@pytest.fixture
def scratch(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A throw-away ``schemas/scratch/v1`` folder; the loader caches are cleared before and after."""
    _clear_caches()
    monkeypatch.setattr(schemas, "SCHEMA_ROOT", tmp_path)
    folder = tmp_path / "scratch" / "v1"
    folder.mkdir(parents=True)
    yield folder
    _clear_caches()


def _clear_caches() -> None:
    for cached in (schemas.load, schemas._registry, schemas._validator):
        cached.cache_clear()


def _write(folder: Path, name: str, content: object) -> None:
    text = content if isinstance(content, str) else json.dumps(content)
    (folder / f"{name}.schema.json").write_text(text, encoding="utf-8")


def _schema(name: str, **body: object) -> dict[str, object]:
    return {"$schema": "https://json-schema.org/draft/2020-12/schema",
            "$id": f"https://bakong-conformance.invalid/schemas/scratch/v1/{name}.schema.json", **body}


@pytest.mark.parametrize(("content", "expected"), [
    pytest.param(None, "not found", id="missing"),
    pytest.param("{not json", "not readable JSON", id="not-json"),
    pytest.param("[]", "does not hold a JSON object", id="not-an-object"),
    pytest.param(_schema("a", type="text"), "not a valid JSON Schema", id="invalid-schema"),
    pytest.param({"$schema": "http://json-schema.org/draft-07/schema#"}, "only", id="draft-07"),
])
def test_load_refuses_a_broken_file(scratch: Path, content: object, expected: str) -> None:
    if content is not None:
        _write(scratch, "a", content)
    with pytest.raises(SchemaLoadError, match=expected):
        schemas.load("scratch", "v1", "a")


@pytest.mark.parametrize("name", ["../v1/a", "A", "", "a/b"])
def test_load_refuses_a_name_that_is_not_a_plain_segment(name: str) -> None:
    with pytest.raises(SchemaLoadError, match="not a schema path segment"):
        schemas.load(API, VERSION, name)


def test_violations_resolve_relative_refs_offline(scratch: Path) -> None:
    _write(scratch, "code", _schema("code", type="integer", maximum=51))
    properties = {"code": {"$ref": "./code.schema.json"}}
    _write(scratch, "answer", _schema("answer", type="object", properties=properties))
    assert schemas.violations({"code": 7}, "scratch", "v1", "answer") == []
    assert schemas.violations({"code": 99}, "scratch", "v1", "answer") == [
        "$.code: 99 is greater than the maximum of 51"]


def test_violations_refuse_an_unresolvable_ref(scratch: Path) -> None:
    _write(scratch, "answer", _schema("answer", properties={"code": {"$ref": "./gone.schema.json"}}))
    with pytest.raises(SchemaLoadError, match="does not resolve"):
        schemas.violations({"code": 1}, "scratch", "v1", "answer")


def test_violations_refuse_a_folder_with_a_schema_without_id(scratch: Path) -> None:
    _write(scratch, "answer", _schema("answer"))
    _write(scratch, "anonymous", {"type": "object"})
    with pytest.raises(SchemaLoadError, match="has no \\$id"):
        schemas.violations({}, "scratch", "v1", "answer")


def test_violations_refuse_two_files_with_one_id(scratch: Path) -> None:
    _write(scratch, "a", _schema("a"))
    _write(scratch, "b", _schema("a"))
    with pytest.raises(SchemaLoadError, match="share the \\$id"):
        schemas.violations({}, "scratch", "v1", "a")
