"""The fixture files and their loader: scan cases are up to date, names resolve, unknown names are harness errors."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

from bakong_conformance import khqr
from bakong_conformance.errors import FixtureNotFound, HarnessError
from bakong_conformance.fixtures import FIXTURES_DIR, issuing_case, issuing_names, scan_case, scan_case_names, vectors

NOW = 1763700000000
BUILD = FIXTURES_DIR / "khqr" / "scan" / "build_cases.py"


def _build_module() -> ModuleType:
    spec = importlib.util.spec_from_file_location("build_cases", BUILD)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["build_cases"] = module
    spec.loader.exec_module(module)
    return module


def test_scan_cases_json_is_up_to_date() -> None:
    build = _build_module()
    assert (FIXTURES_DIR / "khqr" / "scan" / "cases.json").read_text(encoding="utf-8") == build.render(build.build())


def test_scan_cases_agree_with_the_codec() -> None:
    build = _build_module()
    assert build.disagreements(build.build(), NOW) == []


def test_every_vector_is_a_scan_case() -> None:
    assert {v["id"] for v in vectors()} <= set(scan_case_names())


@pytest.mark.parametrize("name", issuing_names("valid"))
def test_valid_requests_generate(name: str) -> None:
    case = issuing_case(name, NOW)
    request = {k: v for k, v in case.request.items() if k != "sandboxNow"}
    assert khqr.verify(khqr.generate(request, now_ms=NOW).qr, now_ms=NOW).valid


@pytest.mark.parametrize("name", issuing_names("invalid"))
def test_invalid_requests_are_refused_as_recorded(name: str) -> None:
    case = issuing_case(name, NOW)
    request = {k: v for k, v in case.request.items() if k != "sandboxNow"}
    with pytest.raises(khqr.GenerationRefused) as refused:
        khqr.generate(request, now_ms=NOW)
    # The fixture's code is the one the SDK itself yields for the request (null where it issues it or fails without
    # a code: tests/khqr/test_feature_reasons_vs_sdk.py); the codec names its rule's code even then.
    assert refused.value.rule == case.rule
    assert case.sdk_code in (None, refused.value.sdk_code)


def test_relative_expiry_resolves_against_the_sandbox_clock() -> None:
    case = issuing_case("individual-riel-5000-dynamic", NOW)
    assert case.request["expirationTimestamp"] == NOW + 10 * 60_000
    assert case.request["sandboxNow"] == NOW


def test_boundary_requests_sit_exactly_on_their_limits() -> None:
    longest = issuing_case("longest-name-city-and-account", NOW).request
    assert [len(longest[k]) for k in ("merchantName", "merchantCity", "bakongAccountID")] == [25, 15, 32]
    qr = khqr.generate({k: v for k, v in issuing_case("additional-data-exactly-99-units", NOW).request.items()
                        if k != "sandboxNow"}).qr
    assert len(khqr.read(qr).values["62"]) == 99


def test_low_crc_request_needs_a_leading_zero() -> None:
    request = {k: v for k, v in issuing_case("crc-with-leading-zero", NOW).request.items() if k != "sandboxNow"}
    assert khqr.generate(request).qr[-4] == "0"


def test_unpinned_scan_case_uses_the_scenario_clock() -> None:
    assert scan_case("php-merchant-static", NOW).now_ms == NOW
    assert scan_case("php-indiv-khr500", NOW).now_ms == 1742250595000


@pytest.mark.parametrize("lookup", [lambda: issuing_case("no-such-request", NOW), lambda: scan_case("nope", NOW)])
def test_unknown_names_are_harness_errors_not_failures(lookup: object) -> None:
    with pytest.raises(FixtureNotFound) as error:
        lookup()  # type: ignore[operator]
    assert isinstance(error.value, HarnessError)
    assert not isinstance(error.value, AssertionError)


def test_build_script_names_its_output() -> None:
    assert Path(_build_module().OUT) == FIXTURES_DIR / "khqr" / "scan" / "cases.json"
