"""Steps for confirming orders with the Bakong Open API: orders, Bakong's state, one confirmation, its judgement."""

from __future__ import annotations

from pytest_bdd import given, parsers, then, when

from bakong_conformance import checks
from bakong_conformance.participant import Participant
from bakong_conformance.payments import Order, OrdersOutcome, PaymentScene


@given("the participant's merchant system, which confirms orders with the Bakong Open API")
def given_merchant_system(participant: Participant) -> None:
    checks.declares_capability(participant, "bakong-open-api-client")


@given(parsers.re(r'a merchant\'s order shown as the KHQR "(?P<name>[^"]+)", paid through Bakong'))
def given_paid_order(payment_scene: PaymentScene, name: str) -> Order:
    return payment_scene.order(name, paid=True)


@given(parsers.re(r'a merchant\'s order shown as the KHQR "(?P<name>[^"]+)", not paid yet'))
def given_unpaid_order(payment_scene: PaymentScene, name: str) -> Order:
    return payment_scene.order(name, paid=False)


@given(parsers.re(r'a merchant\'s order shown as the KHQR "(?P<name>[^"]+)" and recorded for (?P<amount>\S+) '
                  r"(?P<currency>[A-Z]{3}), paid through Bakong"))
def given_order_recorded_otherwise(payment_scene: PaymentScene, name: str, amount: str, currency: str) -> Order:
    return payment_scene.order(name, paid=True, recorded_as=(amount, currency))


@given(parsers.re(r'a merchant\'s order shown as the KHQR "(?P<name>[^"]+)" for another payee account, '
                  r"paid through Bakong"))
def given_order_for_another_payee(payment_scene: PaymentScene, name: str) -> Order:
    return payment_scene.order(name, paid=True, payee="another_merchant@devb")


@given(parsers.re(r'(?P<count>\d+) orders of the merchant, shown as KHQR codes issued from "(?P<name>[^"]+)", '
                  r"one in (?P<every>\d+) of them paid"), converters={"count": int, "every": int})
def given_many_orders(payment_scene: PaymentScene, count: int, name: str, every: int) -> tuple[Order, ...]:
    return payment_scene.many_orders(name, count, paid_every=every)


@given("the participant's Bakong Open API token has expired")
def given_token_expired(payment_scene: PaymentScene) -> None:
    payment_scene.expire_token()


@given(parsers.parse("Bakong limits the rate of Open API lookups for the next {seconds:d} seconds"))
def given_rate_limited(payment_scene: PaymentScene, seconds: int) -> None:
    payment_scene.limit_rate(seconds)


@given("the merchant's system has asked the participant to confirm its orders", target_fixture="first_confirmation")
def given_asked_once(payment_scene: PaymentScene) -> OrdersOutcome:
    return payment_scene.confirm()


@when("the merchant's system asks the participant to confirm its orders", target_fixture="confirmation")
def when_asked_to_confirm(payment_scene: PaymentScene) -> OrdersOutcome:
    return payment_scene.confirm()


@when("the merchant's system asks again at once", target_fixture="confirmation")
def when_asked_again_at_once(payment_scene: PaymentScene, first_confirmation: OrdersOutcome) -> OrdersOutcome:
    return payment_scene.confirm_again_at_once(first_confirmation)


@when("the merchant's system asks again once the wait is over", target_fixture="confirmation")
def when_asked_after_wait(payment_scene: PaymentScene, first_confirmation: OrdersOutcome) -> OrdersOutcome:
    return payment_scene.confirm_after_waiting(first_confirmation)


@then("the participant confirms every order as Bakong says: paid with Bakong's hash, not paid yet, or not matching")
def then_orders_answered(confirmation: OrdersOutcome, requirement: str) -> None:
    checks.orders_answered(confirmation, requirement)


@then("the participant asked Bakong as the Open API documentation says")
def then_calls_documented(confirmation: OrdersOutcome) -> None:
    checks.open_api_calls_documented(confirmation)


@then("the participant renewed its token with its registered e-mail and went on")
def then_token_renewed(confirmation: OrdersOutcome) -> None:
    checks.token_renewed(confirmation)


@then("the participant reports every order as to be retried later")
def then_retry_later(confirmation: OrdersOutcome) -> None:
    checks.orders_to_retry_later(confirmation)


@then("the participant made no call to Bakong before the wait was over")
def then_no_call_during_wait(confirmation: OrdersOutcome) -> None:
    checks.no_call_during_wait(confirmation)


@then("every list lookup the participant sent Bakong carried at most 50 codes")
def then_lists_within_limit(confirmation: OrdersOutcome) -> None:
    checks.list_calls_within_limit(confirmation)
