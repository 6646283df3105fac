"""Steps for issuing KHQR: ask the participant to issue for a named request, then judge what it returned."""

from __future__ import annotations

from pytest_bdd import given, parsers, then, when

from bakong_conformance import checks, fixtures
from bakong_conformance.fixtures import IssuingCase
from bakong_conformance.participant import IssueResult, Participant


@given("the participant's sandbox, which issues KHQR codes")
def given_sandbox_issues(participant: Participant) -> None:
    checks.declares_capability(participant, "khqr-issuer")


@given(parsers.parse('the issuing request "{name}"'), target_fixture="issuing_case")
def given_issuing_request(name: str, now_ms: int) -> IssuingCase:
    return fixtures.issuing_case(name, now_ms)


@when("the participant is asked to issue a KHQR for it", target_fixture="issued")
def when_participant_issues(participant: Participant, issuing_case: IssuingCase) -> IssueResult:
    return participant.issue(issuing_case.request)


@then("the participant issues a KHQR")
def then_participant_issues(issued: IssueResult) -> None:
    checks.issued_not_refused(issued)


@then("the KHQR is well formed")
def then_well_formed(issued: IssueResult, now_ms: int) -> None:
    checks.issued_is_well_formed(issued.qr, now_ms)


@then("every length in the KHQR counts UTF-16 code units")
def then_lengths_in_utf16_units(issued: IssueResult) -> None:
    checks.lengths_count_utf16_units(issued.qr)


@then("the KHQR ends with the right CRC")
def then_crc_right(issued: IssueResult) -> None:
    checks.crc_is_correct(issued.qr)


@then("the KHQR carries the requested details")
def then_carries_details(issued: IssueResult, issuing_case: IssuingCase) -> None:
    checks.carries_requested_details(issued.qr, issuing_case.request)


@then("the KHQR carries the merchant ID and the acquiring bank")
def then_merchant_details(issued: IssueResult) -> None:
    checks.merchant_has_id_and_bank(issued.qr)


@then(parsers.parse('the amount in the KHQR is written "{amount}"'))
def then_amount_written(issued: IssueResult, amount: str) -> None:
    checks.amount_written_for_currency(issued.qr, amount)


@then("the KHQR is static")
def then_static(issued: IssueResult) -> None:
    checks.is_static(issued.qr)


@then("the KHQR is dynamic, created now and expiring as requested")
def then_dynamic(issued: IssueResult, issuing_case: IssuingCase, now_ms: int) -> None:
    checks.is_dynamic_with_expiry(issued.qr, issuing_case.request, now_ms)


@then("the KHQR is the one the official SDK produces for the same details")
def then_canonical(issued: IssueResult, issuing_case: IssuingCase, now_ms: int) -> None:
    checks.issued_is_canonical(issued.qr, issuing_case.request, now_ms)


@then("the reported md5 is that of the whole KHQR")
def then_md5_whole(issued: IssueResult) -> None:
    checks.md5_is_of_whole_qr(issued)


@then(parsers.parse("the participant refuses them (official reason: {reason})"))
def then_refuses(issued: IssueResult, issuing_case: IssuingCase, reason: str) -> None:
    checks.refused_with(issued, reason, issuing_case.rule)
