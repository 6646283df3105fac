"""Steps for the certification interface: access control, message formats, no credentials returned."""

from __future__ import annotations

from typing import Any

from pytest_bdd import given, then, when

from bakong_conformance import checks
from bakong_conformance.participant import IssueResult, Participant, ScanResult
from bakong_conformance.payments import PaymentScene

WRONG_TOKEN = "not-the-participant-token"


@given("the participant's sandbox, which answers the certification interface")
def given_sandbox_answers(participant: Participant) -> None:
    checks.declares_capability(participant, None)


@when("someone calls the participant's interface without an access token", target_fixture="unauthorised_status")
def when_called_without_token(participant: Participant) -> int:
    return participant.status_without_token(None)


@when("someone calls the participant's interface with a wrong access token", target_fixture="unauthorised_status")
def when_called_with_wrong_token(participant: Participant) -> int:
    return participant.status_without_token(WRONG_TOKEN)


@then("the call is refused as unauthorised")
def then_refused_unauthorised(unauthorised_status: int) -> None:
    checks.answers_only_with_token(unauthorised_status)


@when("the participant is asked to describe itself", target_fixture="description")
def when_asked_to_describe(participant: Participant) -> dict[str, Any]:
    return participant.info()


@then("the description follows the published message format")
def then_description_follows_format(description: dict[str, Any]) -> None:
    checks.answer_follows_contract(description)


@then("the answer to the issuing request follows the published message format")
def then_issue_answer_follows_format(issued: IssueResult) -> None:
    checks.answer_follows_contract(issued)


@then("the scanner's verdict follows the published message format")
def then_verdict_follows_format(scanned: ScanResult) -> None:
    checks.answer_follows_contract(scanned)


@when("the participant's sandbox is connected to Bakong, which hands it an Open API token")
def when_connected_to_bakong(payment_scene: PaymentScene) -> None:
    payment_scene.connect()


@then("no answer carries the credentials it was called with, in any encoding")
def then_no_credentials_returned(participant: Participant) -> None:
    checks.answers_carry_no_credentials(participant.take_returned_credentials())
