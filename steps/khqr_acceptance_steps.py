"""Steps for accepting KHQR: hand a named case to the participant's scanner at its time, judge the verdict."""

from __future__ import annotations

from pytest_bdd import given, parsers, then, when

from bakong_conformance import checks, fixtures
from bakong_conformance.fixtures import ScanCase
from bakong_conformance.participant import Participant, ScanResult


@given("the participant's sandbox, which accepts KHQR codes")
def given_sandbox_accepts(participant: Participant) -> None:
    checks.declares_capability(participant, "khqr-acceptor")


@given(parsers.parse('the KHQR of scan case "{name}"'), target_fixture="scan_case")
def given_scan_case(name: str, now_ms: int) -> ScanCase:
    return fixtures.scan_case(name, now_ms)


@when("the payer's wallet hands it to the participant's scanner", target_fixture="scanned")
def when_wallet_hands_to_scanner(participant: Participant, scan_case: ScanCase) -> ScanResult:
    return participant.scan(scan_case.qr, now_ms=scan_case.now_ms)


@then("the participant's scanner accepts it and reads the details exactly as encoded")
def then_scanner_accepts(scanned: ScanResult, scan_case: ScanCase) -> None:
    checks.accepted_with_details(scanned, scan_case.qr, scan_case.requirement)


@then(parsers.parse("the participant's scanner rejects it (official reason: {reason})"))
def then_scanner_rejects(scanned: ScanResult, scan_case: ScanCase, reason: str) -> None:
    checks.rejected_with(scanned, reason, scan_case.requirement)
