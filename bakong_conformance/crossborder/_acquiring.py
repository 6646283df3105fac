"""One Alipay+ acquiring scenario's world: the participant as ACQP for its KHQR merchants, the simulated Alipay+
asking it (decode, push, inquire) and being asked (notifications, refunds), the simulated Bakong it credits
merchants through, and the scenario's clock.

Steps call one method each. Opening a scene opens the Bakong scene (:class:`~..payments.PaymentScene`: Bakong
reset, the participant authorised on its switch and connected), resets the simulated Alipay+ and connects the
participant to it. Every Alipay+ request is signed as the scenario plans (its time written in the scenario's
style, tampered with when it says so) and every answer is read by Alipay+ (signature, strict JSON, schema), then
kept for the checks with the merchant's balance and what Bakong settled. Time passes only when a step says so,
and the participant is told (``advanceSandbox``). A failure of a simulator itself is a
:class:`~bakong_conformance.errors.HarnessError` (the scenario is broken, not failed).
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from ..alipay_plus import KHR_MINOR_UNITS, format_time, from_minor, to_minor
from ..errors import HarnessError
from ..networks import AlipayPlusSimulator, Answered, InstructionRecord, Received, Transaction
from ..networks.alipay_plus import ACQUIRER_PATH, Tamper
from ..participant import AlipayPlusRefund, Merchant, Participant
from ..payments import PaymentScene
from ._merchant_codes import MerchantCode, merchant_code

__all__ = ["ACQUIRER_ID", "DEFAULT_TIME_STYLE", "INQUIRY_SCHEDULE_S", "PSP_ID", "REQUEST_TIME_TOLERANCE_S",
           "AcquiringScene", "Inquiries", "Push", "Refund"]

ACQUIRER_ID = "1022188000000000001"
"""The id Alipay+ gave the participant as an acquirer (``acquirerId``) in the scenarios."""
PSP_ID = "1022172000000000001"
"""The foreign wallet (``pspId``) whose user pays in the scenarios."""
CUSTOMER_ID = "208810000000000001"
WALLET_BRAND = "Alipay"
REQUEST_TIME_TOLERANCE_S = 300
"""How far a ``Request-Time`` may be from the sandbox clock (a setting of the contract, given to the sandbox)."""
INQUIRY_SCHEDULE_S = (4, 4, 30, 60, 60, 60, 300, 300)
"""When Alipay+ inquires about a payment with no final result: seconds after the previous try (Alipay+ Push Mode,
inquiryPushPayment)."""
DEFAULT_TIME_STYLE = "UTC+8, whole seconds"


@dataclass(frozen=True, slots=True)
class Push:
    """A payment Alipay+ pushed to the participant, and what it did on both sides."""

    code: MerchantCode
    payment_id: str
    amount: dict[str, str]                      # the Alipay+ amount pushed
    answer: Answered
    before: Decimal                             # the merchant's balance before
    after: Decimal                              # ... and right after the answer
    instructions: tuple[InstructionRecord, ...]  # what Bakong received during the push
    settled: tuple[Transaction, ...]            # Bakong's transactions of the code's md5 after it
    first: Push | None = None                   # for a repeat: the first push of this paymentId

    @property
    def value(self) -> Decimal:
        """The amount pushed, in riel (major units)."""
        return from_minor(self.amount, khr_minor_units=KHR_MINOR_UNITS)[1]


@dataclass(frozen=True, slots=True)
class Inquiries:
    """Alipay+'s inquiries about a push until its result was final (or its schedule ended)."""

    push: Push
    answers: tuple[Answered, ...]
    after: Decimal
    settled: tuple[Transaction, ...]


@dataclass(frozen=True, slots=True)
class Refund:
    """A merchant's refund of an Alipay+ payment: the participant's answer and what Alipay+ was asked."""

    push: Push
    amount: Decimal
    key: str
    answer: AlipayPlusRefund
    before: Decimal
    after: Decimal
    requests: tuple[Received, ...]              # refund requests Alipay+ received during it


@dataclass
class AcquiringScene:
    """The Alipay+ acquiring world of one scenario (see the module docstring)."""

    bakong: PaymentScene
    alipay: AlipayPlusSimulator
    alipay_url: str
    answers: list[Answered] = field(default_factory=list)   # every answer the participant gave Alipay+
    merchant: Merchant | None = None                        # the scenario's merchant, once opened
    codes: list[MerchantCode] = field(default_factory=list)  # the codes shown, latest last
    decodes: list[Answered] = field(default_factory=list)
    pushes: list[Push] = field(default_factory=list)
    refunds: list[Refund] = field(default_factory=list)
    _own: set[str] = field(default_factory=set)

    def __post_init__(self) -> None:
        connect_afresh(self.participant, self.alipay, self.alipay_url)

    @property
    def participant(self) -> Participant:
        """The participant under certification."""
        return self.bakong.participant

    @property
    def now_ms(self) -> int:
        """The scenario's clock."""
        return self.bakong.clock.now_ms()

    # --- the world ---------------------------------------------------------------------------------------------
    def open_merchant(self, *, currency: str = "KHR", kyb: str = "PASSED") -> Merchant:
        """A new merchant of the participant with an account in ``currency`` and KYB ``kyb``, existing in Bakong."""
        self.merchant = self.participant.open_merchant(name="Angkor Coffee", city="Siem Reap", mcc="5814",
                                                       currency=currency, kyb=kyb)
        self.bakong.bakong.register_account(self.merchant.account_id)
        self._own.add(self.merchant.account_id)
        return self.merchant

    def code(self, merchant: Merchant, *, amount: str | None = None, currency: str = "KHR",
             lifetime_ms: int = 600_000, bill_number: str | None = None) -> MerchantCode:
        """The merchant's KHQR, issued now (dynamic for ``amount``); its account exists in Bakong."""
        self.bakong.bakong.register_account(merchant.account_id)
        code = merchant_code(merchant, self.now_ms, amount=amount, currency=currency, lifetime_ms=lifetime_ms,
                             bill_number=bill_number)
        self.codes.append(code)
        return code

    def show(self, code: MerchantCode) -> MerchantCode:
        """``code`` is the one the scenario's wallet user scans from now on."""
        self.codes.append(code)
        return code

    def let_time_pass(self, seconds: int) -> None:
        """``seconds`` pass on the scenario's clock, and the participant is told (it does its background work)."""
        self.bakong.clock.advance(seconds * 1_000)
        self.participant.advance(self.now_ms)
        self._sound()

    def balance(self, merchant: Merchant) -> Decimal:
        """The merchant's balance in the participant's books."""
        return self.participant.account(merchant.account_id).balance

    # --- Alipay+ asks ------------------------------------------------------------------------------------------
    def decode(self, code: MerchantCode, *, time_style: str = DEFAULT_TIME_STYLE, spaced: bool = False) -> Answered:
        """Alipay+ asks the participant to decode ``code`` for a wallet user who scanned it."""
        body = {"acquirerId": ACQUIRER_ID, "pspId": PSP_ID, "codeValue": code.qr, "customerId": CUSTOMER_ID}
        answer = self._ask("userInitiatedPay", body, time_style=time_style, spaced=spaced)
        self.decodes.append(answer)
        return answer

    def push(self, code: MerchantCode, *, amount: str | None = None, decoded: Answered | None = None,
             tamper: Tamper | None = None, first: Push | None = None, new_payment: bool = False) -> Push:
        """Alipay+ pushes the payment of ``code`` (its own amount, or ``amount`` riel keyed by the user), carrying
        the ``paymentRequestId`` of ``decoded``; a repeat of ``first`` keeps its ``paymentId``."""
        value = amount if amount is not None else (str(code.amount) if code.amount is not None else None)
        if value is None:
            raise HarnessError("a static code's payment is pushed with the amount the user keyed")
        paid = to_minor(Decimal(value), "KHR", khr_minor_units=self.alipay.khr_minor_units)
        payment_id = first.payment_id if first is not None and not new_payment else self._payment_id()
        body: dict[str, Any] = {"acquirerId": ACQUIRER_ID, "pspId": PSP_ID, "codeValue": code.qr,
                                "paymentId": payment_id, "paymentAmount": paid}
        request_id = _request_id(decoded)
        if request_id is not None:
            body["paymentRequestId"] = request_id
        body.update(paymentTime=format_time(self.now_ms), customerId=CUSTOMER_ID, walletBrandName=WALLET_BRAND)
        merchant = code.merchant
        before = first.after if first is not None else self._balance_or_zero(merchant)
        seen = len(self.bakong.bakong.instructions)
        answer = self._ask("pushPayment", body, tamper=tamper)
        if answer.status_letter == "S":
            self.alipay.payment_succeeded(payment_id, paid)
        pushed = Push(code, payment_id, paid, answer, before, self._balance_or_zero(merchant),
                      tuple(self.bakong.bakong.instructions[seen:]), self._settled(code), first)
        self.pushes.append(pushed)
        return pushed

    def inquire(self, push: Push | None, *, payment_id: str | None = None, code: MerchantCode | None = None
                ) -> Answered:
        """Alipay+ asks the participant about ``push`` (or about ``payment_id`` for ``code``)."""
        chosen = push.code if push is not None else code
        if chosen is None:
            raise HarnessError("an inquiry is about a push, or a payment id and a code")
        body: dict[str, Any] = {"acquirerId": ACQUIRER_ID, "pspId": PSP_ID, "codeValue": chosen.qr,
                                "paymentId": push.payment_id if push is not None else payment_id}
        request_id = _request_id(push.answer) if push is not None else None
        if request_id is not None:
            body["paymentRequestId"] = request_id
        answer = self._ask("inquiryPushPayment", body)
        payment = answer.body.get("paymentResult") if isinstance(answer.body, dict) else None
        if push is not None and isinstance(payment, dict) and payment.get("resultStatus") == "S":
            self.alipay.payment_succeeded(push.payment_id, push.amount)
        return answer

    def inquire_until_final(self, push: Push) -> Inquiries:
        """Alipay+'s inquiries on its schedule (time passing before each, the participant told), until the
        payment's result is final or the schedule ends."""
        answers: list[Answered] = []
        for wait_s in INQUIRY_SCHEDULE_S:
            self.bakong.clock.advance(wait_s * 1_000)
            answers.append(self.inquire(push))
            payment = answers[-1].body.get("paymentResult") if isinstance(answers[-1].body, dict) else None
            if not isinstance(payment, dict) or payment.get("resultStatus") in ("S", "F"):
                break
        return Inquiries(push, tuple(answers), self._balance_or_zero(push.code.merchant), self._settled(push.code))

    # --- the merchant refunds ------------------------------------------------------------------------------------
    def refund(self, push: Push, amount: str, *, key: str | None = None) -> Refund:
        """The merchant refunds ``amount`` riel of ``push`` (``key``: its refund request; default a new one)."""
        merchant = push.code.merchant
        before, seen = self.balance(merchant), len(self.alipay.received)
        refund_key = key or self._key("refund")
        answer = self.participant.refund_alipay_plus(push.payment_id, amount, refund_key=refund_key,
                                                     now_ms=self.now_ms)
        self._sound()
        requests = tuple(r for r in self.alipay.received[seen:] if r.operation == "refund")
        made = Refund(push, Decimal(amount), refund_key, answer, before, self.balance(merchant), requests)
        self.refunds.append(made)
        return made

    # --- what Alipay+ holds -------------------------------------------------------------------------------------------
    def received(self, operation: str | None = None) -> tuple[Received, ...]:
        """Every request (of ``operation``) the participant sent Alipay+ in this scenario."""
        return tuple(r for r in self.alipay.received if operation is None or r.operation == operation)

    def settled_md5s(self) -> frozenset[str]:
        """The md5 of every code Bakong holds a transaction of, by now."""
        return frozenset(t.md5 for t in self.bakong.bakong.transactions)

    # --- one signed request -------------------------------------------------------------------------------------
    def _ask(self, operation: str, body: dict[str, Any], *, time_style: str = DEFAULT_TIME_STYLE,
             spaced: bool = False, tamper: Tamper | None = None) -> Answered:
        request = self.alipay.request(operation, ACQUIRER_PATH + operation, body, time_style=time_style,
                                      spaced=spaced, tamper=tamper)
        raw = self.participant.alipay_plus(operation, request.path, request.raw, request.headers, shown=body)
        answered = self.alipay.read_answer(request, raw.status, raw.headers, raw.raw)
        self._sound()
        self.answers.append(answered)
        return answered

    def _sound(self) -> None:
        """``HarnessError`` if a simulator failed itself (a bug of the harness)."""
        errors = self.alipay.internal_errors + self.bakong.bakong.internal_errors
        if errors:
            raise HarnessError(f"a simulated network failed (a bug of the harness): {'; '.join(errors[:3])}")

    def _settled(self, code: MerchantCode) -> tuple[Transaction, ...]:
        return tuple(t for t in self.bakong.bakong.transactions if t.md5 == code.md5)

    def _balance_or_zero(self, merchant: Merchant) -> Decimal:
        """The merchant's balance; zero for a merchant of another bank (the participant holds no account)."""
        return self.balance(merchant) if merchant.account_id in self._own else Decimal(0)

    @staticmethod
    def _payment_id() -> str:
        """A new Alipay+ paymentId: 28 digits, random (the sandbox keeps payments across scenarios)."""
        return f"{secrets.randbelow(10**28):028d}"

    @staticmethod
    def _key(kind: str) -> str:
        return f"{kind}-{secrets.token_hex(12)}"


def connect_afresh(participant: Participant, alipay: AlipayPlusSimulator, url: str) -> None:
    """Reset the simulated Alipay+ and connect the participant to it at ``url`` (every scene opens so)."""
    alipay.reset()
    participant.connect_alipay_plus(url=url, public_key_pem=alipay.public_key_pem,
                                    key_version=alipay.keys.key_version, khr_minor_units=alipay.khr_minor_units,
                                    request_time_tolerance_s=REQUEST_TIME_TOLERANCE_S)


def _request_id(answer: Answered | None) -> str | None:
    """The ``paymentRequestId`` an answer carried, if any."""
    found = answer.body.get("paymentRequestId") if answer is not None and isinstance(answer.body, dict) else None
    return found if isinstance(found, str) and found else None


