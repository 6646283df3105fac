"""Steps for the participant as an Alipay+ wallet: a customer scans an Alipay+ merchant's code and confirms,
Alipay+ asks, cancels and refunds, then both sides are judged (``features/crossborder/alipay_plus_wallet.feature``)."""

from __future__ import annotations

import secrets

from pytest_bdd import given, parsers, then, when

from bakong_conformance import checks
from bakong_conformance.crossborder import Confirmation, Scan, WalletCall, WalletScene
from bakong_conformance.errors import HarnessError
from bakong_conformance.networks import AnswerFault
from bakong_conformance.participant import Account, Participant

from .alipay_plus_words import ALIPAY_ANSWERS, TAMPERINGS

_CODE = (r"an Alipay\+ merchant's code for (?P<amount>[0-9.]+) (?P<currency>[A-Z]{3}), "
         r"quoted at (?P<rate>[0-9.]+) riel a (?:unit|yen)")


def _scan(scene: WalletScene) -> Scan:
    if not scene.scans:
        raise HarnessError("the customer scanned no code in this scenario yet")
    return scene.scans[-1]


def _confirmation(scene: WalletScene, index: int = -1) -> Confirmation:
    if not scene.confirmations:
        raise HarnessError("the customer confirmed no payment in this scenario yet")
    return scene.confirmations[index]


def _call(scene: WalletScene, index: int = -1) -> WalletCall:
    if not scene.calls:
        raise HarnessError("Alipay+ asked the wallet nothing in this scenario yet")
    return scene.calls[index]


def _payment_request_id(scene: WalletScene) -> str:
    return _scan(scene).order.payment_request_id


def _customer(scene: WalletScene) -> Account:
    if scene.customer is None:
        raise HarnessError("the scenario opened no customer")
    return scene.customer


# --- the scene -----------------------------------------------------------------------------------------------------
@given("the participant's sandbox, whose wallet pays Alipay+ merchants")
def given_sandbox_wallet(participant: Participant) -> None:
    checks.declares_capability(participant, "alipay-plus-wallet")


@given(parsers.re(r"a customer of the participant's wallet with (?P<balance>[0-9.]+) (?P<unit>riel|USD) in their "
                  r"account"))
def given_wallet_customer(wallet_scene: WalletScene, balance: str, unit: str) -> None:
    wallet_scene.open_customer(balance, "KHR" if unit == "riel" else "USD")


@given(parsers.re(r"a customer of the participant's wallet with (?P<balance>[0-9]+) riel in their account and an "
                  r"Alipay\+ limit of (?P<limit>[0-9]+) riel a payment"))
def given_wallet_customer_with_limit(wallet_scene: WalletScene, balance: str, limit: str) -> None:
    wallet_scene.open_customer(balance, "KHR", limit=limit)


@given(parsers.re(_CODE))
def given_merchant_code(wallet_scene: WalletScene, amount: str, currency: str, rate: str) -> None:
    wallet_scene.merchant_code(amount, currency, rate=rate)


@given(parsers.re(_CODE + r", paid by the customer"))
def given_merchant_code_paid(wallet_scene: WalletScene, amount: str, currency: str, rate: str) -> None:
    order = wallet_scene.merchant_code(amount, currency, rate=rate)
    wallet_scene.confirm(wallet_scene.scan(_customer(wallet_scene), order))


@given(parsers.re(r"Alipay\+ will (?P<how>.+) the wallet's next notification"))
def given_alipay_will(wallet_scene: WalletScene, how: str) -> None:
    if how not in ALIPAY_ANSWERS:
        raise HarnessError(f"no Alipay+ answer {how!r}; known: {sorted(ALIPAY_ANSWERS)}")
    wallet_scene.alipay.plan(AnswerFault(ALIPAY_ANSWERS[how], "notifyPayment"))  # type: ignore[arg-type]


@given("the cancel cut-off of the payment has passed")
def given_cut_off_passed(wallet_scene: WalletScene) -> None:
    wallet_scene.pass_the_cut_off(_scan(wallet_scene))


# --- the customer, and Alipay+ asking -------------------------------------------------------------------------------
@when("the customer scans it")
def when_scans(wallet_scene: WalletScene) -> None:
    wallet_scene.scan(_customer(wallet_scene), wallet_scene.orders[-1])


@when("the customer scans it and confirms")
def when_scans_and_confirms(wallet_scene: WalletScene) -> None:
    scan = wallet_scene.scan(_customer(wallet_scene), wallet_scene.orders[-1])
    if scan.answer.status == "SHOWN":
        wallet_scene.confirm(scan)


@when("the customer confirms it")
@when("the customer confirms it again")
def when_confirms(wallet_scene: WalletScene) -> None:
    wallet_scene.confirm(_scan(wallet_scene))


@when("Alipay+ asks the wallet about the payment")
def when_inquires(wallet_scene: WalletScene) -> None:
    wallet_scene.inquire(_payment_request_id(wallet_scene))


@when("Alipay+ asks the wallet about a payment it never saw")
def when_inquires_unknown(wallet_scene: WalletScene) -> None:
    wallet_scene.inquire(f"2026{secrets.randbelow(10**24):024d}")


@when(parsers.re(r"Alipay\+ refunds (?P<amount>[0-9]+) riel of the payment"))
def when_refunds(wallet_scene: WalletScene, amount: str) -> None:
    wallet_scene.refund(_payment_request_id(wallet_scene), amount, f"rf-{secrets.token_hex(10)}")


@when("Alipay+ sends the same refund request again")
def when_refunds_again(wallet_scene: WalletScene) -> None:
    body = _call(wallet_scene).answer.request.body
    amount = str(int(body["refundAmount"]["value"]) // 10 ** wallet_scene.alipay.khr_minor_units)
    wallet_scene.refund(body["paymentRequestId"], amount, body["refundRequestId"])


@when("Alipay+ cancels the payment")
@when("Alipay+ cancels the payment again")
def when_cancels(wallet_scene: WalletScene) -> None:
    wallet_scene.cancel(_payment_request_id(wallet_scene))


@when(parsers.re(r"Alipay\+ cancels the payment with (?P<what>.+)"))
def when_cancels_tampered(wallet_scene: WalletScene, what: str) -> None:
    if what not in TAMPERINGS:
        raise HarnessError(f"no tampering {what!r}; known: {sorted(TAMPERINGS)}")
    wallet_scene.cancel(_payment_request_id(wallet_scene), tamper=TAMPERINGS[what])


# --- judging ----------------------------------------------------------------------------------------------------------
@then("every request the wallet sent Alipay+ is signed with its key over exactly what it sent")
def then_requests_signed(wallet_scene: WalletScene, requirement: str) -> None:
    checks.requests_signed(wallet_scene.received(), requirement)


@then("every answer the wallet gave Alipay+ is signed with its key over exactly what it sent")
def then_answers_signed(wallet_scene: WalletScene, requirement: str) -> None:
    checks.answers_signed(wallet_scene.answers, requirement)


@then(parsers.re(r"the wallet refuses the request with (?P<codes>.+)"))
def then_refuses_with(wallet_scene: WalletScene, codes: str, requirement: str) -> None:
    checks.request_refused_with(_call(wallet_scene).answer, codes, requirement)


@then("the customer's balance did not change")
def then_balance_unchanged(wallet_scene: WalletScene, requirement: str) -> None:
    checks.wallet_balance_unchanged(_call(wallet_scene), requirement)


@then("the wallet shows the merchant's name, both amounts and the quote exactly as Alipay+ gave them")
def then_shown(wallet_scene: WalletScene) -> None:
    checks.shown_as_given(_scan(wallet_scene))


@then("the payment succeeds, debiting exactly the riel amount Alipay+ gave, once")
def then_debited(wallet_scene: WalletScene) -> None:
    checks.debited_pay_to_amount(_confirmation(wallet_scene), wallet_scene.alipay.khr_minor_units)


@then("the wallet notified Alipay+ of the success with the ids and amounts Alipay+ gave")
def then_notified_success(wallet_scene: WalletScene) -> None:
    checks.notified_success_as_given(wallet_scene.received("notifyPayment"), _confirmation(wallet_scene))


@then("the wallet answers as the first time, debiting nothing more")
def then_confirmed_again(wallet_scene: WalletScene) -> None:
    checks.confirmed_again_as_first(_confirmation(wallet_scene), _confirmation(wallet_scene, 0))


@then(parsers.re(r"the payment fails with (?P<code>[A-Z_]+), and nothing is debited"))
def then_fails_with(wallet_scene: WalletScene, code: str, requirement: str) -> None:
    checks.confirmation_failed_without_debit(_confirmation(wallet_scene), code, requirement)


@then("the payment fails, and nothing is debited")
def then_fails(wallet_scene: WalletScene, requirement: str) -> None:
    checks.confirmation_failed_without_debit(_confirmation(wallet_scene), None, requirement)


@then("every notification the wallet sent Alipay+ says the payment failed")
def then_notified_failed(wallet_scene: WalletScene) -> None:
    checks.notifications_say_failed(wallet_scene.received("notifyPayment"))


@then("the wallet refuses to pay from that account, and nothing is debited")
def then_refuses_account(wallet_scene: WalletScene) -> None:
    checks.scan_refused_without_debit(_scan(wallet_scene), wallet_scene.confirmations[-1]
                                      if wallet_scene.confirmations else None)


@then("every notification the wallet sent of the payment is the same")
def then_notifications_same(wallet_scene: WalletScene) -> None:
    checks.notifications_of_payment_are_the_same(wallet_scene.received("notifyPayment"))


@then("every notification the wallet sent that Alipay+ did not acknowledge was sent again")
def then_notifications_resent(wallet_scene: WalletScene, requirement: str) -> None:
    checks.notifications_resent_until_acknowledged(wallet_scene.received("notifyPayment"), requirement)


@then("the wallet answers the call's success and the payment in process")
def then_in_process(wallet_scene: WalletScene) -> None:
    checks.wallet_inquiry_in_process(_call(wallet_scene))


@then("the wallet answers the call's success and the payment's success, with the ids and amounts it paid")
def then_inquiry_paid(wallet_scene: WalletScene) -> None:
    checks.wallet_inquiry_paid(_call(wallet_scene), _confirmation(wallet_scene))


@then(parsers.re(r"the cancel succeeds, giving back (?P<amount>[0-9]+) riel"))
def then_cancel_gave_back(wallet_scene: WalletScene, amount: str, requirement: str) -> None:
    cancels = [c for c in wallet_scene.calls if c.answer.request.operation == "cancelPayment"]
    checks.gave_back(cancels[-1], amount, requirement)


@then("the wallet answers the second cancel as the first, giving nothing more back")
@then("the wallet answers the second refund as the first, crediting nothing more")
def then_repeated_as_first(wallet_scene: WalletScene, requirement: str) -> None:
    checks.repeated_as_first(_call(wallet_scene), _call(wallet_scene, -2), requirement)


@then(parsers.re(r"the refund succeeds, crediting (?P<amount>[0-9]+) riel back"))
def then_refund_credited(wallet_scene: WalletScene, amount: str, requirement: str) -> None:
    checks.gave_back(_call(wallet_scene), amount, requirement)
