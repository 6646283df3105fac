"""What the reference participant decides as an Alipay+ acquirer, as replaceable functions (the correct choices
are the functions below): how it verifies Alipay+'s requests and signs its own messages, how it writes values,
which codes and merchants it pays, how it credits through Bakong, repeats, unknown outcomes, inquiries,
notifications and refunds.

The engines (``_acquiring``, ``_alipay_notify``, ``_alipay_refunds``) and the wire (``_alipay_wire``,
``_alipay_client``) run the steps in a fixed order and ask :class:`AcquirerRules` at each one; a defect switch
(``roles/acquirer.py``) replaces one piece, never the engines. The correct signing, verifying and writing
choices are the ones both Alipay+ roles share (``_alipay_rules``).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Protocol

from .. import khqr
from ..alipay_plus import result
from ._acquirer_books import Merchant, PushPayment
from ._alipay_refusal import Refused
from ._alipay_rules import (
    Signing,
    correct_signing,
    until_acknowledged,
)
from ._bank import PENDING, REJECTED
from ._payments import PaymentRules, correct_payments

__all__ = ["AcquirerRules", "PushLine", "correct_acquirer"]


class PushLine(Protocol):
    """What a repeat or an unknown outcome may do to a pushed payment (the engine, ``_acquiring.Acquirer``)."""

    def credit(self, push: PushPayment) -> None:
        """Credit the merchant with the payment."""

    async def refresh(self, push: PushPayment, now_ms: int) -> None:
        """Learn a pending payment's outcome from Bakong."""


@dataclass(frozen=True, slots=True)
class AcquirerRules:
    """What the acquirer decides at each step."""

    signing: Signing
    khr_digits: Callable[[int], int]
    findings: Callable[[str, int], list[khqr.Finding]]
    remembered: Callable[[Mapping[str, dict[str, Any]], str, bool], dict[str, Any] | None]
    qualified: Callable[[Merchant], bool]
    closed: Callable[[list[PushPayment]], bool]
    credited_amount: Callable[[Decimal, int], Decimal]
    crediting: PaymentRules
    known: Callable[[Mapping[str, PushPayment], str, tuple[str, str, str, str | None]], PushPayment | None]
    repeat: Callable[[PushLine, PushPayment, int], Awaitable[None]]
    unknown: Callable[[PushLine, PushPayment, int], None]
    unknown_inquiry: Callable[[str], dict[str, Any]]
    notifiable: Callable[[PushPayment], bool]
    still_due: Callable[[bool], bool]
    refundable: Callable[[Decimal, Decimal], bool]
    debits_on: Callable[[str | None], bool]
    retry_id: Callable[[str], str]


# --- values -------------------------------------------------------------------------------------------------------
def given_digits(khr_minor_units: int) -> int:
    """Riel amounts are written with the minor units ``connectAlipayPlus`` gave."""
    return khr_minor_units


# --- codes and merchants ------------------------------------------------------------------------------------
def findings_when_decoding(qr: str, now_ms: int) -> list[khqr.Finding]:
    """Every finding of the official SDK's rules for the code at the sandbox time."""
    return khqr.validate(qr, now_ms=now_ms)


def same_answer_for_dynamic(decoded: Mapping[str, dict[str, Any]], code_value: str,
                            dynamic: bool) -> dict[str, Any] | None:
    """A dynamic code decoded before gets the very same answer (same ``paymentRequestId``); a static one none."""
    return decoded.get(code_value) if dynamic else None


def khr_and_kyb_passed(merchant: Merchant) -> bool:
    """Only merchants holding a riel account and qualified by KYB are paid."""
    return merchant.account.currency == "KHR" and merchant.kyb == "PASSED"


def paid_or_paying(pushes: list[PushPayment]) -> bool:
    """A dynamic code is closed once a payment of it did not fail."""
    return any(push.status != REJECTED for push in pushes)


def amount_as_pushed(amount: Decimal, khr_minor_units: int) -> Decimal:
    """The merchant is credited exactly the pushed amount."""
    return amount


# --- repeats, unknown outcomes, inquiries -------------------------------------------------------------------
def repeat_or_inconsistent(pushes: Mapping[str, PushPayment], payment_id: str,
                           fingerprint: tuple[str, str, str, str | None]) -> PushPayment | None:
    """The payment pushed before with this ``paymentId`` (a repeat), None for a new one; ``REPEAT_REQ_INCONSISTENT``
    when the codeValue, paymentAmount or paymentRequestId differ."""
    known = pushes.get(payment_id)
    if known is not None and known.fingerprint != fingerprint:
        raise Refused("REPEAT_REQ_INCONSISTENT", f"paymentId {payment_id} was pushed with another codeValue, "
                                                 "paymentAmount or paymentRequestId")
    return known


async def refresh_repeat(line: PushLine, push: PushPayment, now_ms: int) -> None:
    """A repeat is answered as the first, a pending payment first resolved with Bakong."""
    await line.refresh(push, now_ms)


def stay_pending(line: PushLine, push: PushPayment, now_ms: int) -> None:
    """While Bakong's answer is unknown the payment stays pending and nothing is credited."""


def order_not_exist(payment_id: str) -> dict[str, Any]:
    """An inquiry about a payment never pushed: ``F`` ``ORDER_NOT_EXIST``, no payment result."""
    return {"result": result("ORDER_NOT_EXIST", f"no payment {payment_id} was pushed")}


# --- notifications and refunds ------------------------------------------------------------------------------
def final_only(push: PushPayment) -> bool:
    """Only a final result (S or F) is notified, never U."""
    return push.status != PENDING


def within_what_is_left(left: Decimal, asked: Decimal) -> bool:
    """A refund is at most what is left of the payment."""
    return asked <= left


def only_on_success(status: str | None) -> bool:
    """The merchant is debited for a refund when Alipay+ answered it S, and on nothing else."""
    return status == "S"


def same_request_id(request_id: str) -> str:
    """A refund is asked again with the same ``refundRequestId``."""
    return request_id


def correct_acquirer() -> AcquirerRules:
    """The acquirer rules of a fully conformant participant."""
    return AcquirerRules(
        signing=correct_signing(), khr_digits=given_digits, findings=findings_when_decoding,
        remembered=same_answer_for_dynamic, qualified=khr_and_kyb_passed, closed=paid_or_paying,
        credited_amount=amount_as_pushed, crediting=correct_payments(), known=repeat_or_inconsistent,
        repeat=refresh_repeat, unknown=stay_pending, unknown_inquiry=order_not_exist, notifiable=final_only,
        still_due=until_acknowledged, refundable=within_what_is_left, debits_on=only_on_success,
        retry_id=same_request_id)
