"""Steps for the participant as an Alipay+ acquirer: set the scene, let Alipay+ decode, push, inquire, let time
pass and the merchant refund, then judge both sides (``features/crossborder/alipay_plus_acquirer.feature``)."""

from __future__ import annotations

from pytest_bdd import given, parsers, then, when

from bakong_conformance import checks
from bakong_conformance.crossborder import (
    AcquiringScene,
    Inquiries,
    MerchantCode,
    Push,
    other_banks_merchant,
    with_crc_changed,
)
from bakong_conformance.errors import HarnessError
from bakong_conformance.networks import Answered, AnswerFault
from bakong_conformance.participant import Merchant, Participant

from .alipay_plus_words import ALIPAY_ANSWERS, TAMPERINGS

MERCHANTS = {
    "with a riel account": ("KHR", "PASSED"),
    "with a US dollar account": ("USD", "PASSED"),
    "with a riel account, not qualified by KYB": ("KHR", "FAILED"),
}
"""The merchants a scenario opens, in its words: (account currency, KYB outcome)."""
OPERATIONS = {"notification": "notifyPushPayment", "refund": "refund"}


def _last_code(scene: AcquiringScene) -> MerchantCode:
    if not scene.codes:
        raise HarnessError("the scenario shows no KHQR yet")
    return scene.codes[-1]


def _last_push(scene: AcquiringScene) -> Push:
    if not scene.pushes:
        raise HarnessError("Alipay+ pushed no payment in this scenario yet")
    return scene.pushes[-1]


def _first_push(scene: AcquiringScene) -> Push:
    return _last_push(scene) if scene.pushes[-1].first is None else scene.pushes[-1].first


def _last_decode(scene: AcquiringScene) -> Answered | None:
    return scene.decodes[-1] if scene.decodes else None


# --- the scene -----------------------------------------------------------------------------------------------------
@given("the participant's sandbox, which acquires for KHQR merchants paid by Alipay+ wallets")
def given_sandbox_acquires(participant: Participant) -> None:
    checks.declares_capability(participant, "alipay-plus-acquirer")


@given(parsers.re(r"a merchant of the participant (?P<which>with .+)"))
def given_merchant(acquiring_scene: AcquiringScene, which: str) -> None:
    if which not in MERCHANTS:
        raise HarnessError(f"no merchant {which!r}; known: {sorted(MERCHANTS)}")
    currency, kyb = MERCHANTS[which]
    acquiring_scene.open_merchant(currency=currency, kyb=kyb)


def _merchant(scene: AcquiringScene) -> Merchant:
    if scene.merchant is None:
        raise HarnessError("the scenario opened no merchant")
    return scene.merchant


@given(parsers.re(r"the merchant's dynamic KHQR for (?P<amount>[0-9]+) riel"))
def given_dynamic_code(acquiring_scene: AcquiringScene, amount: str) -> None:
    acquiring_scene.code(_merchant(acquiring_scene), amount=amount)


@given(parsers.re(r"the merchant's dynamic KHQR for (?P<amount>[0-9]+) riel, valid for (?P<minutes>[0-9]+) minutes"))
def given_dynamic_code_valid_for(acquiring_scene: AcquiringScene, amount: str, minutes: str) -> None:
    acquiring_scene.code(_merchant(acquiring_scene), amount=amount, lifetime_ms=int(minutes) * 60_000)


@given(parsers.re(r'the merchant\'s dynamic KHQR for (?P<amount>[0-9]+) riel with the bill number "(?P<bill>[^"]+)"'))
def given_dynamic_code_with_bill(acquiring_scene: AcquiringScene, amount: str, bill: str) -> None:
    acquiring_scene.code(_merchant(acquiring_scene), amount=amount, bill_number=bill)


@given(parsers.re(r"the merchant's dynamic KHQR for (?P<amount>[0-9]+) riel, its CRC changed"))
def given_code_with_wrong_crc(acquiring_scene: AcquiringScene, amount: str) -> None:
    acquiring_scene.show(with_crc_changed(acquiring_scene.code(_merchant(acquiring_scene), amount=amount)))


@given(parsers.re(r"the merchant's dynamic KHQR for (?P<amount>[0-9.]+) US dollars"))
def given_dollar_code(acquiring_scene: AcquiringScene, amount: str) -> None:
    acquiring_scene.code(_merchant(acquiring_scene), amount=amount, currency="USD")


@given(parsers.re(r"the dynamic KHQR for (?P<amount>[0-9]+) riel of a merchant of another bank"))
def given_other_banks_code(acquiring_scene: AcquiringScene, amount: str) -> None:
    acquiring_scene.code(other_banks_merchant(), amount=amount)


@given("the merchant's static KHQR")
def given_static_code(acquiring_scene: AcquiringScene) -> None:
    acquiring_scene.code(_merchant(acquiring_scene))


@given(parsers.re(r"the merchant's dynamic KHQR for (?P<amount>[0-9]+) riel, decoded for Alipay\+"))
def given_dynamic_code_decoded(acquiring_scene: AcquiringScene, amount: str) -> None:
    acquiring_scene.decode(acquiring_scene.code(_merchant(acquiring_scene), amount=amount))


@given("the merchant's static KHQR, decoded for Alipay+")
def given_static_code_decoded(acquiring_scene: AcquiringScene) -> None:
    acquiring_scene.decode(acquiring_scene.code(_merchant(acquiring_scene)))


@given(parsers.re(r"the merchant's dynamic KHQR for (?P<amount>[0-9]+) riel, paid by an Alipay\+ wallet"))
def given_dynamic_code_paid(acquiring_scene: AcquiringScene, amount: str) -> None:
    code = acquiring_scene.code(_merchant(acquiring_scene), amount=amount)
    acquiring_scene.push(code, decoded=acquiring_scene.decode(code))


@given(parsers.re(r"the merchant's static KHQR, paid (?P<amount>[0-9]+) riel by an Alipay\+ wallet"))
def given_static_code_paid(acquiring_scene: AcquiringScene, amount: str) -> None:
    code = acquiring_scene.code(_merchant(acquiring_scene))
    acquiring_scene.push(code, amount=amount, decoded=acquiring_scene.decode(code))


@given(parsers.re(r"Alipay\+ will (?P<how>.+) the participant's next (?P<what>notification|refund)"))
def given_alipay_will(acquiring_scene: AcquiringScene, how: str, what: str) -> None:
    if how not in ALIPAY_ANSWERS:
        raise HarnessError(f"no Alipay+ answer {how!r}; known: {sorted(ALIPAY_ANSWERS)}")
    acquiring_scene.alipay.plan(AnswerFault(ALIPAY_ANSWERS[how], OPERATIONS[what]))  # type: ignore[arg-type]


@given("Alipay+ has pushed the payment of it")
def given_pushed(acquiring_scene: AcquiringScene) -> None:
    acquiring_scene.push(_last_code(acquiring_scene), decoded=_last_decode(acquiring_scene))


@given(parsers.re(r"the merchant has refunded (?P<amount>[0-9]+) riel of the payment"))
def given_refunded(acquiring_scene: AcquiringScene, amount: str) -> None:
    acquiring_scene.refund(_first_push(acquiring_scene), amount)


# --- Alipay+ asks, time passes, the merchant refunds ---------------------------------------------------------------
@when("Alipay+ asks the participant to decode it")
@when("Alipay+ asks the participant to decode it again")
def when_decode(acquiring_scene: AcquiringScene) -> None:
    acquiring_scene.decode(_last_code(acquiring_scene))


@when(parsers.re(r"Alipay\+ asks the participant to decode it, writing its Request-Time in (?P<style>.+)"))
def when_decode_in_style(acquiring_scene: AcquiringScene, style: str) -> None:
    acquiring_scene.decode(_last_code(acquiring_scene), time_style=style)


@when("Alipay+ asks the participant to decode it, with spaces between the fields of its message")
def when_decode_spaced(acquiring_scene: AcquiringScene) -> None:
    acquiring_scene.decode(_last_code(acquiring_scene), spaced=True)


@when("Alipay+ pushes the payment of it")
def when_push(acquiring_scene: AcquiringScene) -> None:
    acquiring_scene.push(_last_code(acquiring_scene), decoded=_last_decode(acquiring_scene))


@when(parsers.re(r"Alipay\+ pushes the payment of it with (?P<what>.+)"))
def when_push_tampered(acquiring_scene: AcquiringScene, what: str) -> None:
    if what not in TAMPERINGS:
        raise HarnessError(f"no tampering {what!r}; known: {sorted(TAMPERINGS)}")
    acquiring_scene.push(_last_code(acquiring_scene), decoded=_last_decode(acquiring_scene), tamper=TAMPERINGS[what])


@when(parsers.re(r"Alipay\+ pushes a payment of (?P<amount>[0-9]+) riel for it"))
def when_push_keyed(acquiring_scene: AcquiringScene, amount: str) -> None:
    acquiring_scene.push(_last_code(acquiring_scene), amount=amount, decoded=_last_decode(acquiring_scene))


@when("Alipay+ pushes another payment of it")
def when_push_another(acquiring_scene: AcquiringScene) -> None:
    first = _first_push(acquiring_scene)
    acquiring_scene.push(first.code, decoded=_last_decode(acquiring_scene), first=first, new_payment=True)


@when("Alipay+ pushes the same payment again")
def when_push_again(acquiring_scene: AcquiringScene) -> None:
    first = _first_push(acquiring_scene)
    acquiring_scene.push(first.code, amount=str(first.value), decoded=_last_decode(acquiring_scene), first=first)


@when(parsers.re(r"Alipay\+ pushes the same payment again for (?P<amount>[0-9]+) riel"))
def when_push_again_for(acquiring_scene: AcquiringScene, amount: str) -> None:
    first = _first_push(acquiring_scene)
    acquiring_scene.push(first.code, amount=amount, decoded=_last_decode(acquiring_scene), first=first)


@when("Alipay+ asks the participant about the payment", target_fixture="inquiry")
def when_inquire(acquiring_scene: AcquiringScene) -> Answered:
    return acquiring_scene.inquire(_last_push(acquiring_scene))


@when("Alipay+ asks the participant about a payment of it that it never pushed", target_fixture="inquiry")
def when_inquire_unknown(acquiring_scene: AcquiringScene) -> Answered:
    return acquiring_scene.inquire(None, payment_id="20261201999999999999990001", code=_last_code(acquiring_scene))


@when("Alipay+ asks the participant about the payment on its schedule until the result is final",
      target_fixture="inquiries")
def when_inquire_until_final(acquiring_scene: AcquiringScene) -> Inquiries:
    return acquiring_scene.inquire_until_final(_last_push(acquiring_scene))


@when(parsers.re(r"the merchant refunds (?P<amount>[0-9]+) riel of the payment"))
def when_refund(acquiring_scene: AcquiringScene, amount: str) -> None:
    acquiring_scene.refund(_first_push(acquiring_scene), amount)


@when("the merchant asks again for the same refund")
def when_refund_again(acquiring_scene: AcquiringScene) -> None:
    last = acquiring_scene.refunds[-1]
    acquiring_scene.refund(last.push, str(last.amount), key=last.key)


# --- judging -------------------------------------------------------------------------------------------------------
@then("the participant decodes it for Alipay+")
def then_decodes(acquiring_scene: AcquiringScene, requirement: str) -> None:
    checks.decoded_for_alipay(acquiring_scene.answers[-1], requirement)


@then(parsers.re(r"the participant refuses the request with (?P<codes>.+)"))
def then_refuses_with(acquiring_scene: AcquiringScene, codes: str, requirement: str) -> None:
    checks.request_refused_with(acquiring_scene.answers[-1], codes, requirement)


@then("the merchant was not credited")
def then_not_credited(acquiring_scene: AcquiringScene, requirement: str) -> None:
    checks.merchant_not_credited(_last_push(acquiring_scene), requirement)


@then("Bakong received no payment instruction")
def then_no_instruction(acquiring_scene: AcquiringScene, requirement: str) -> None:
    checks.no_instruction_for(_last_push(acquiring_scene), requirement)


@then("every answer the participant gave Alipay+ is signed with its key over exactly what it sent")
def then_answers_signed(acquiring_scene: AcquiringScene) -> None:
    checks.answers_signed(acquiring_scene.answers)


@then("every request the participant sent Alipay+ is signed with its key over exactly what it sent")
def then_requests_signed(acquiring_scene: AcquiringScene) -> None:
    checks.requests_signed(acquiring_scene.received())


@then("every answer the participant gave Alipay+ follows Alipay+'s message rules")
def then_answers_follow_rules(acquiring_scene: AcquiringScene) -> None:
    checks.answers_follow_rules(acquiring_scene.answers)


@then("every request the participant sent Alipay+ follows Alipay+'s message rules")
def then_requests_follow_rules(acquiring_scene: AcquiringScene) -> None:
    checks.requests_follow_rules(acquiring_scene.received())


@then("the participant answers the merchant's name, city and category code, and the order of the code with its "
      "amount and expiry")
def then_decoded_as_code(acquiring_scene: AcquiringScene) -> None:
    checks.decoded_as_code(acquiring_scene.decodes[-1], _last_code(acquiring_scene),
                              acquiring_scene.alipay.khr_minor_units)


@then("the participant gives an identical answer, with the same paymentRequestId")
def then_decoded_identically(acquiring_scene: AcquiringScene) -> None:
    first, again = acquiring_scene.decodes[0], acquiring_scene.decodes[-1]
    checks.decoded_identically(first, again)


@then("the participant accepts the payment, with its payment time")
def then_accepted(acquiring_scene: AcquiringScene) -> None:
    checks.accepted_with_time(_last_push(acquiring_scene))


@then(parsers.re(r"the merchant was credited (?P<amount>[0-9]+) riel(, once| in all)"))
def then_credited(acquiring_scene: AcquiringScene, amount: str, requirement: str) -> None:
    checks.credited_in_all(acquiring_scene, _last_push(acquiring_scene), amount, requirement)


@then(parsers.re(r"Bakong settled (?P<amount>[0-9]+) riel to the merchant's account under the md5 of the code"))
def then_bakong_settled(acquiring_scene: AcquiringScene, amount: str, requirement: str) -> None:
    checks.bakong_settled_once(_last_push(acquiring_scene), amount, requirement)


@then("Bakong settled one payment of the code")
def then_bakong_settled_one(acquiring_scene: AcquiringScene, requirement: str) -> None:
    first = _first_push(acquiring_scene)
    checks.bakong_settled_once(_last_push(acquiring_scene), str(first.value), requirement)


@then(parsers.re(r"Bakong finds the payment by the md5 of the code, for (?P<amount>[0-9]+) riel to the merchant's "
                 r"account"))
def then_bakong_finds(acquiring_scene: AcquiringScene, amount: str) -> None:
    checks.bakong_finds_pushed_payment(acquiring_scene, _last_push(acquiring_scene), amount)


@then("the participant answers as the first time")
def then_answered_as_first(acquiring_scene: AcquiringScene) -> None:
    checks.answered_as_first(_last_push(acquiring_scene))


@then("the participant first answered the payment in process, or accepted as Bakong settled it, and credited the "
      "merchant only if accepted")
def then_in_process_or_settled(acquiring_scene: AcquiringScene) -> None:
    checks.in_process_or_settled(_last_push(acquiring_scene))


@then("the payment's final result is a success")
def then_final_success(inquiries: Inquiries) -> None:
    checks.final_success(inquiries)


@then("the participant answers that the order does not exist")
def then_order_not_exist(inquiry: Answered) -> None:
    checks.order_not_exist(inquiry)


@then("the participant answers the call's success and the payment's success, with the payment time it gave")
def then_inquiry_success(acquiring_scene: AcquiringScene, inquiry: Answered) -> None:
    checks.inquiry_success(inquiry, _first_push(acquiring_scene))


@then("the participant answers the call's success and the payment's failure")
def then_inquiry_failure(inquiry: Answered) -> None:
    checks.inquiry_failure(inquiry)


@then("every notification the participant sent Alipay+ is final and consistent with the payment")
def then_notifications_final(acquiring_scene: AcquiringScene) -> None:
    checks.notifications_final_and_consistent(acquiring_scene.received("notifyPushPayment"),
                                                 acquiring_scene.pushes, acquiring_scene.settled_md5s())


@then("no notification was sent again after Alipay+ acknowledged it")
def then_notifications_stop(acquiring_scene: AcquiringScene) -> None:
    checks.notifications_stop_once_acknowledged(acquiring_scene.received("notifyPushPayment"))


@then("every notification Alipay+ did not acknowledge was sent again")
def then_notifications_resent(acquiring_scene: AcquiringScene) -> None:
    checks.notifications_resent_until_acknowledged(acquiring_scene.received("notifyPushPayment"))


@then("the refund succeeds through Alipay+")
@then("every refund succeeds through Alipay+, each with its own refundRequestId")
def then_refunds_succeed(acquiring_scene: AcquiringScene) -> None:
    checks.refunds_succeeded(acquiring_scene.refunds)


@then("the participant refuses the refund")
def then_refund_refused(acquiring_scene: AcquiringScene) -> None:
    checks.refund_refused(acquiring_scene.refunds[-1])


@then(parsers.re(r"Alipay\+ refunded (?P<amount>[0-9]+) riel of the payment in all"))
def then_refunded_in_all(acquiring_scene: AcquiringScene, amount: str) -> None:
    checks.refunded_in_all(acquiring_scene, _first_push(acquiring_scene), amount)


@then(parsers.re(r"the merchant was debited (?P<amount>[0-9]+) riel for refunds in all"))
def then_debited_for_refunds(acquiring_scene: AcquiringScene, amount: str) -> None:
    checks.refunds_debited_in_all(acquiring_scene, _first_push(acquiring_scene), amount)


@then("Alipay+ was asked for each refund with one refundRequestId only")
def then_one_refund_id(acquiring_scene: AcquiringScene) -> None:
    checks.one_refund_request_id_each(acquiring_scene.refunds, acquiring_scene.received("refund"))
