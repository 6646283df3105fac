"""Steps for paying KHQR through Bakong: set the scene, pay, then judge both sides of the payment."""

from __future__ import annotations

from pytest_bdd import given, parsers, then, when

from bakong_conformance import checks
from bakong_conformance.participant import Account, Participant
from bakong_conformance.payments import PaymentCode, PaymentOutcome, PaymentScene


@given("the participant's sandbox, which pays KHQR codes through Bakong")
def given_sandbox_pays(participant: Participant) -> None:
    checks.declares_capability(participant, "domestic-payer")


@given(parsers.re(r'the KHQR "(?P<name>[^"]+)"'), target_fixture="code")
def given_code(payment_scene: PaymentScene, name: str) -> PaymentCode:
    return payment_scene.code(name)


@given(parsers.re(r'the KHQR "(?P<name>[^"]+)", whose payee has no Bakong account'), target_fixture="code")
def given_code_of_unknown_payee(payment_scene: PaymentScene, name: str) -> PaymentCode:
    return payment_scene.code(name, payee_exists=False)


@given(parsers.parse("a customer of the participant with {balance} {currency} in their account"),
       target_fixture="customer")
def given_customer_with(payment_scene: PaymentScene, balance: str, currency: str) -> Account:
    return payment_scene.customer(balance, currency)


@given("a customer of the participant with enough money in the code's currency", target_fixture="customer")
def given_rich_customer(payment_scene: PaymentScene, code: PaymentCode) -> Account:
    return payment_scene.rich_customer(code)


@given(parsers.parse("Bakong will {what}"))
def given_bakong_will(payment_scene: PaymentScene, what: str) -> None:
    payment_scene.expect(what)


@given("the customer has paid it", target_fixture="first_payment")
def given_customer_has_paid(payment_scene: PaymentScene, customer: Account, code: PaymentCode) -> PaymentOutcome:
    return payment_scene.pay(customer, code)


@given(parsers.re(r"the customer has paid it, entering (?P<amount>[0-9.]+)"), target_fixture="first_payment")
def given_customer_has_paid_entering(payment_scene: PaymentScene, customer: Account, code: PaymentCode,
                                     amount: str) -> PaymentOutcome:
    return payment_scene.pay(customer, code, entered=amount)


@when("the customer pays it", target_fixture="paid")
def when_customer_pays(payment_scene: PaymentScene, customer: Account, code: PaymentCode) -> PaymentOutcome:
    return payment_scene.pay(customer, code)


@when(parsers.re(r"the customer pays it, entering (?P<amount>[0-9.]+)"), target_fixture="paid")
def when_customer_pays_entering(payment_scene: PaymentScene, customer: Account, code: PaymentCode,
                                amount: str) -> PaymentOutcome:
    return payment_scene.pay(customer, code, entered=amount)


@when(parsers.re(r"the customer pays it, entering (?P<amount>[0-9.]+) where the code has no amount"),
      target_fixture="paid")
def when_customer_pays_entering_if_static(payment_scene: PaymentScene, customer: Account, code: PaymentCode,
                                          amount: str) -> PaymentOutcome:
    return payment_scene.pay(customer, code, entered=amount if code.static else None)


@when("the app sends the same payment request again", target_fixture="paid")
def when_app_sends_again(payment_scene: PaymentScene, first_payment: PaymentOutcome) -> PaymentOutcome:
    return payment_scene.pay_again(first_payment)


@when(parsers.re(r"the customer pays it again as a new payment, entering (?P<amount>[0-9.]+)"),
      target_fixture="paid")
def when_customer_pays_anew(payment_scene: PaymentScene, first_payment: PaymentOutcome, amount: str) -> PaymentOutcome:
    return payment_scene.pay_anew(first_payment, entered=amount)


@then("the payment succeeds with Bakong's transaction hash")
def then_payment_succeeds(paid: PaymentOutcome, requirement: str) -> None:
    checks.payment_succeeded(paid, requirement)


@then("Bakong received one payment instruction, in the published format")
def then_instruction_in_format(paid: PaymentOutcome) -> None:
    checks.instructions_follow_contract(paid)


@then("Bakong received every payment instruction in the participant's own name, with the credential Bakong gave it")
def then_instructions_in_own_name(paid: PaymentOutcome) -> None:
    checks.instructions_in_own_name(paid)


@then("Bakong received one payment instruction, with the code's payee, amount and currency and the customer's account")
def then_instruction_carries_code(paid: PaymentOutcome) -> None:
    checks.instruction_carries_code(paid)


@then("the instruction carries the amount the customer entered, in the code's currency")
def then_instruction_carries_entered(paid: PaymentOutcome) -> None:
    checks.instruction_carries_entered_amount(paid)


@then("the instruction carries the md5 of the whole code, CRC included")
def then_instruction_carries_md5(paid: PaymentOutcome) -> None:
    checks.instruction_carries_md5(paid)


@then("the customer's balance went down by the amount, once")
def then_debited_once(paid: PaymentOutcome, requirement: str) -> None:
    checks.debited_once(paid, requirement)


@then(parsers.parse("the participant refuses the payment because {reason}"))
def then_refuses_because(paid: PaymentOutcome, reason: str, requirement: str) -> None:
    checks.payment_refused_for(paid, reason, requirement)


@then("the customer's balance is unchanged")
def then_balance_unchanged(paid: PaymentOutcome, requirement: str) -> None:
    checks.balance_unchanged(paid, requirement)


@then("nothing was sent to Bakong")
def then_nothing_sent(paid: PaymentOutcome, requirement: str) -> None:
    checks.nothing_sent_to_bakong(paid, requirement)


@then("the participant answers with the same payment, made once in Bakong")
def then_same_payment(paid: PaymentOutcome) -> None:
    checks.made_once(paid)


@then("both payments are made in Bakong and debited")
def then_both_made(paid: PaymentOutcome) -> None:
    checks.paid_as_two_payments(paid)


@then("the participant's view of the payment agrees with Bakong's, and nothing was paid twice")
def then_view_agrees(paid: PaymentOutcome) -> None:
    checks.view_agrees_with_bakong(paid)


@then("the participant reports the payment as rejected by Bakong")
def then_reported_rejected(paid: PaymentOutcome) -> None:
    checks.reported_rejected(paid)


@then("Bakong finds the payment by the code's md5, with the same accounts, amount, currency and hash")
def then_found_by_md5(paid: PaymentOutcome, payment_scene: PaymentScene) -> None:
    checks.bakong_finds_by_md5(paid, payment_scene.ask_bakong)


@then("Bakong finds the payment by the hash the participant reported")
def then_found_by_hash(paid: PaymentOutcome, payment_scene: PaymentScene) -> None:
    checks.bakong_finds_by_hash(paid, payment_scene.ask_bakong)


@then("Bakong finds the payment by its short hash, amount and currency")
def then_found_by_short_hash(paid: PaymentOutcome, payment_scene: PaymentScene) -> None:
    checks.bakong_finds_by_short_hash(paid, payment_scene.ask_bakong)


@then("Bakong finds the payment by the participant's reference")
def then_found_by_reference(paid: PaymentOutcome, payment_scene: PaymentScene) -> None:
    checks.bakong_finds_by_external_ref(paid, payment_scene.ask_bakong)


@then("Bakong answers that static codes are not looked up by md5, which shows the payment is under the code's md5")
def then_static_not_by_md5(paid: PaymentOutcome, payment_scene: PaymentScene) -> None:
    checks.bakong_refers_static_code_elsewhere(paid, payment_scene.ask_bakong)
