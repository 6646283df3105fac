"""Known-good and known-bad inputs of the payment checks (``checks.payments``, ``checks.open_api_client``).

Every input is played on a real simulated Bakong on a fake clock: the participant's instructions are posted to its
switch and its Open API calls made to it, so the records, hashes, answers and lookups are Bakong's own. Only the
participant's side (its answer, its view of the payment, the customer's balance, its answers about orders) is
written here, by a few lines that do what a conforming participant does; a faulty case changes one of them the
way a bank could ship it (the reference participant's defect switches name the same faults).

``PAYMENT_PASSING`` and ``PAYMENT_FAILING`` hold rows in the fields of ``test_checks.Case``
(check, variant, args, fails_with, requirement, names), which ``test_checks`` turns into cases.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import Any

from check_case import Case

from bakong_conformance import khqr
from bakong_conformance.errors import ContractViolation, OutcomeMismatch
from bakong_conformance.networks import BakongSimulator, FakeClock, Fault, InstructionRecord, Transaction
from bakong_conformance.networks._wire import WireRequest
from bakong_conformance.participant import Account, Payment, PaymentAnswer
from bakong_conformance.payments import (
    HARNESS_EMAIL,
    PARTICIPANT_EMAIL,
    Order,
    OrdersOutcome,
    PaymentCode,
    PaymentOutcome,
    payment_code,
    payment_codes,
)

__all__ = ["PAYMENT_FAILING", "PAYMENT_PASSING", "Row"]

NOW = 1_750_000_000_000
PARTICIPANT_ID = "REFBKHPP"
SWITCH_CREDENTIAL = "switch-credential-of-the-check-cases"   # what Bakong gave the participant for the switch
CUSTOMER = "c000001@refb"                  # the participant's customer, who pays
OTHER_PAYER = "payer@otherbank"            # another bank's customer, who pays the merchant's orders
SWITCH = "/switch/v1/instructions"
MD5_LIST = "/v1/check_transaction_by_md5_list"
RENEW = "/v1/renew_token"

DOLLARS = payment_code("individual-dollar-1.50-dynamic", NOW)   # dynamic, 1.50 USD to sokha_chan@abaa
RIEL = payment_code("individual-riel-5000-dynamic", NOW)        # dynamic, 5000 KHR to jonhsmith@nbcq
TEN = payment_code("merchant-dollar-10-dynamic", NOW)           # dynamic, 10 USD to coffee@aclb
SHOP = payment_code("merchant-dollar-static", NOW)              # static, USD, coffee@aclb: the customer enters
RIEL_SHOP = payment_code("merchant-riel-static", NOW)           # static, KHR, jonhsmith@nbcq
EXPIRED = payment_code("dynamic-expired", NOW)                  # 5 USD, paid after its expiry


Row = Case                                   # one case, as tests/test_checks.py runs it


# --- the simulated Bakong ---------------------------------------------------------------------------------------
class Bakong:
    """A simulated Bakong on a fake clock at NOW, knowing the payees of ``codes`` and both Open API e-mails, taking
    instructions of PARTICIPANT_ID with SWITCH_CREDENTIAL."""

    def __init__(self, *codes: PaymentCode, faults: Sequence[Fault] = ()) -> None:
        self.clock = FakeClock(NOW)
        self.simulator = BakongSimulator(self.clock)
        self.simulator.authorise(PARTICIPANT_ID, SWITCH_CREDENTIAL)
        for email in (HARNESS_EMAIL, PARTICIPANT_EMAIL):
            self.simulator.register_email(email)
        self._harness_token = self.simulator.issue_token(HARNESS_EMAIL)
        self.token = self.simulator.issue_token(PARTICIPANT_EMAIL)   # the participant's
        for code in codes:
            if code.payee:
                self.simulator.register_account(code.payee)
        self.simulator.plan(*faults)

    def post(self, path: str, body: Any, *, authorization: str | None = None) -> tuple[int, Any]:
        """A request of the participant: (HTTP status, answer) as the participant reads them."""
        headers: tuple[tuple[str, str], ...] = (("content-type", "application/json"),)
        if authorization is not None:
            headers += (("authorization", authorization),)
        decision = self.simulator.handle(WireRequest("POST", path, headers, json.dumps(body).encode("utf-8")))
        return decision.status, decision.answer

    def send(self, body: dict[str, Any], *, credential: bool = True) -> InstructionRecord:
        """The participant sends a payment instruction (with its switch credential unless ``credential`` is False);
        what the switch recorded of it."""
        self.post(SWITCH, body, authorization=f"Bearer {SWITCH_CREDENTIAL}" if credential else None)
        return self.simulator.instructions[-1]

    def ask(self, path: str, body: Any) -> tuple[int, dict[str, Any]]:
        """The harness looks a payment up as a merchant would (the ``ask`` of the ``bakong_finds_*`` checks)."""
        return self.simulator.call_open_api(path, body, token=self._harness_token)

    def settle_elsewhere(self, *codes: PaymentCode) -> None:
        """Another bank's customer pays each of ``codes``."""
        for code in codes:
            self.simulator.settle(code.qr, from_account_id=OTHER_PAYER)

    def customer_settled(self) -> tuple[Transaction, ...]:
        """The customer's payments Bakong has settled."""
        return tuple(t for t in self.simulator.transactions if t.from_account_id == CUSTOMER)


# --- the participant as a payer ---------------------------------------------------------------------------------
def account(balance: Decimal | str, code: PaymentCode) -> Account:
    return Account(CUSTOMER, code.currency or "KHR", Decimal(balance))


def instruction(code: PaymentCode, *, entered: str | None = None, serial: int = 1, **changes: Any) -> dict[str, Any]:
    """The instruction a conforming participant sends for ``code``, with ``changes``."""
    body = {"participantId": PARTICIPANT_ID, "idempotencyKey": f"pay-key-{serial:012d}",
            "externalRef": f"RB{serial:014d}", "qr": code.qr, "md5": code.md5, "fromAccountId": CUSTOMER,
            "toAccountId": code.payee, "amount": code.amount if code.amount is not None else entered,
            "currency": code.currency}
    return {**body, **changes}


def view(body: dict[str, Any], status: str, bakong_hash: str | None, reason: dict[str, Any] | None = None) -> Payment:
    """The participant's view of the payment it sent as ``body``."""
    return Payment(f"pay-refb-{body['externalRef'][-6:]}", body["idempotencyKey"], status, body["fromAccountId"],
                   body["toAccountId"], str(body["amount"]), body["currency"], body["md5"], body["externalRef"],
                   bakong_hash, reason)


def outcome(bakong: Bakong, code: PaymentCode, answer: PaymentAnswer, *, before: str, after: Decimal | str,
            sent: Sequence[InstructionRecord] = (), later: Payment | None = None, entered: str | None = None,
            key: str = "harness-key-000001", settled_at_answer: Sequence[Transaction] | None = None,
            first: PaymentOutcome | None = None) -> PaymentOutcome:
    """The record the payment scene keeps; ``later`` defaults to the answer, Bakong's side is read from ``bakong``."""
    settled = bakong.customer_settled()
    return PaymentOutcome(code, entered, key, answer, later or answer.payment, account(before, code),
                          account(after, code), tuple(sent),
                          settled if settled_at_answer is None else tuple(settled_at_answer), settled, first)


def pay(bakong: Bakong, code: PaymentCode, *, entered: str | None = None, balance: str = "100.00", serial: int = 1,
        first: PaymentOutcome | None = None, credential: bool = True, **changes: Any) -> PaymentOutcome:
    """What a conforming participant does, but for ``changes`` to the instruction (and, unless ``credential``,
    without its switch credential): it sends the instruction, reports Bakong's answer (SUCCEEDED with its hash, or
    REJECTED with its reason) and debits only a committed payment."""
    body = instruction(code, entered=entered, serial=serial, **changes)
    record = bakong.send(body, credential=credential)
    answer = record.answer or {}
    if answer.get("status") == "COMMITTED":
        payment, after = view(body, "SUCCEEDED", answer["hash"]), Decimal(balance) - code.value(entered)
    else:
        payment, after = view(body, "REJECTED", None, answer.get("reason")), Decimal(balance)
    return outcome(bakong, code, PaymentAnswer(payment, None), before=balance, after=after, sent=(record,),
                   entered=entered, key=f"harness-key-{serial:06d}", first=first)


def refused(code: PaymentCode, reason: str, message: str, *, balance: str = "100.00",
            entered: str | None = None) -> PaymentOutcome:
    """The participant refuses to pay (422 PAYMENT_REFUSED): nothing debited, nothing sent."""
    refusal = {"code": "PAYMENT_REFUSED", "reason": reason, "message": message}
    return outcome(Bakong(code), code, PaymentAnswer(None, refusal), before=balance, after=balance, entered=entered)


def with_view(paid: PaymentOutcome, **changes: Any) -> PaymentOutcome:
    """``paid`` with the participant reporting its payment otherwise (answer and later view alike)."""
    payment = dataclasses.replace(paid.answer.payment, **changes) if paid.answer.payment else None
    return dataclasses.replace(paid, answer=PaymentAnswer(payment, None), later=payment)


def own_hash(text: str) -> str:
    """A hash a participant makes up itself (the sha256 of its own reference)."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


# Refusals.
EXPIRED_REFUSED = refused(EXPIRED, "KHQR_EXPIRED", "the dynamic KHQR expired before it was paid")
SHORT_OF_FUNDS = refused(DOLLARS, "INSUFFICIENT_FUNDS", "the balance does not cover 1.50 USD", balance="1.00")
LOCKED = refused(DOLLARS, "AMOUNT_LOCKED", "the KHQR fixes the amount at 1.50", entered="2.00")
NO_AMOUNT_CALLED_INVALID = refused(RIEL_SHOP, "AMOUNT_INVALID", "the amount is not written the KHQR way")
PAID_EXPIRED = pay(Bakong(EXPIRED), EXPIRED)                         # pays a dynamic KHQR after its expiry
OVERDRAWN = pay(Bakong(DOLLARS), DOLLARS, balance="1.00")            # no balance check: 1.00 - 1.50

# A dynamic KHQR paid as it should be, and the instruction sent wrong in one field.
PAID_AT = Bakong(DOLLARS)
PAID = pay(PAID_AT, DOLLARS)
RIEL_PAID = pay(Bakong(RIEL), RIEL, balance="100000")
IN_CENTS_AT = Bakong(DOLLARS)
IN_CENTS = pay(IN_CENTS_AT, DOLLARS, amount="150")
IN_RIEL = pay(Bakong(DOLLARS), DOLLARS, currency="KHR")
AMOUNT_AS_NUMBER = pay(Bakong(DOLLARS), DOLLARS, amount=1.5)         # refused by the switch's schema
MD5_WITHOUT_CRC = khqr.md5_hex(DOLLARS.qr[:-8])
NO_CRC_AT = Bakong(DOLLARS)
NO_CRC = pay(NO_CRC_AT, DOLLARS, md5=MD5_WITHOUT_CRC)
UPPER_MD5 = pay(Bakong(DOLLARS), DOLLARS, md5=DOLLARS.md5.upper())
IN_OTHER_NAME = pay(Bakong(DOLLARS), DOLLARS, participantId="OTHRKHPP")   # 403 FORBIDDEN_PARTICIPANT
WITHOUT_CREDENTIAL = pay(Bakong(DOLLARS), DOLLARS, credential=False)       # 401 UNAUTHENTICATED
OWN_HASH = with_view(PAID, bakong_hash=own_hash(f"RB{1:014d}"))
OTHER_REF = with_view(PAID, external_ref="pay-refb-000001")           # reports its payment ID as the reference
NOT_SENT = outcome(Bakong(DOLLARS), DOLLARS, PaymentAnswer(view(instruction(DOLLARS), "SUCCEEDED",
                   own_hash(f"RB{1:014d}")), None), before="100.00", after="98.50")   # "paid" without Bakong

# Rejected by Bakong.
CLOSED = Fault("reject", code="PAYEE_ACCOUNT_CLOSED", message="The payee's account is closed")
REJECTED = pay(Bakong(DOLLARS, faults=[CLOSED]), DOLLARS)
KEEPS_DEBIT = dataclasses.replace(REJECTED, after=account("98.50", DOLLARS))
REJECTION_LEFT_PENDING = dataclasses.replace(with_view(REJECTED, status="PENDING", reason=None),
                                             after=account("98.50", DOLLARS))

# A static KHQR: the amount the customer entered.
STATIC_AT = Bakong(SHOP)
STATIC_PAID = pay(STATIC_AT, SHOP, entered="12.75")
CENTS_DROPPED = pay(Bakong(SHOP), SHOP, entered="12.75", amount="12")
STATIC_NO_CRC_AT = Bakong(SHOP)
STATIC_NO_CRC = pay(STATIC_NO_CRC_AT, SHOP, entered="12.75", md5=khqr.md5_hex(SHOP.qr[:-8]))

# Retries with the same key, and a second payment of a static code with a new key.
RETRIED = outcome(PAID_AT, DOLLARS, PAID.answer, before="98.50", after="98.50", key=PAID.idempotency_key, first=PAID)
RETRY_AS_CONFLICT = outcome(PAID_AT, DOLLARS, PaymentAnswer(None, {"code": "IDEMPOTENCY_CONFLICT", "message":
                            "this idempotency key was used before"}, conflict=True), before="98.50", after="98.50",
                            key=PAID.idempotency_key, first=PAID)
AGAIN_AT = Bakong(SHOP)
FIRST_OF_TWO = pay(AGAIN_AT, SHOP, entered="12.75")
RETRY_PAID_AGAIN = dataclasses.replace(pay(AGAIN_AT, SHOP, entered="12.75", balance="87.25", serial=2,
                                           first=FIRST_OF_TWO), idempotency_key=FIRST_OF_TWO.idempotency_key)
TWO_AT = Bakong(SHOP)
SECOND_PAYMENT = pay(TWO_AT, SHOP, entered="3.00", balance="87.25", serial=2, first=pay(TWO_AT, SHOP, entered="12.75"))
SECOND_AS_FIRST = outcome(STATIC_AT, SHOP, STATIC_PAID.answer, before="87.25", after="87.25", entered="3.00",
                          key="harness-key-000002", first=STATIC_PAID)   # one payment per md5


# Bakong's answer lost or late.
def lost(code: PaymentCode, fault: Fault, *,
         entered: str | None = None) -> tuple[Bakong, dict[str, Any], InstructionRecord]:
    """The participant sent ``code``'s instruction and Bakong's answer never reached it (``fault``)."""
    bakong = Bakong(code, faults=[fault])
    body = instruction(code, entered=entered)
    return bakong, body, bakong.send(body)


LOST_AT, LOST_BODY, LOST_RECORD = lost(DOLLARS, Fault("drop", commit=True))
LOST_RESOLVED = outcome(LOST_AT, DOLLARS, PaymentAnswer(view(LOST_BODY, "PENDING", None), None), before="100.00",
                        after="98.50", sent=(LOST_RECORD,),
                        later=view(LOST_BODY, "SUCCEEDED", LOST_AT.customer_settled()[0].hash))
RESENT_AT, RESENT_BODY, RESENT_FIRST = lost(DOLLARS, Fault("drop", commit=True))
RESENT_SECOND = RESENT_AT.send(RESENT_BODY)                           # the same key: Bakong's duplicate answer
RESENT_SAME_KEY = outcome(RESENT_AT, DOLLARS,
                          PaymentAnswer(view(RESENT_BODY, "SUCCEEDED", (RESENT_SECOND.answer or {})["hash"]), None),
                          before="100.00", after="98.50", sent=(RESENT_FIRST, RESENT_SECOND))
NEW_KEY_AT, NEW_KEY_BODY, NEW_KEY_FIRST = lost(SHOP, Fault("drop", commit=True), entered="12.75")
NEW_KEY_SECOND = NEW_KEY_AT.send(instruction(SHOP, entered="12.75", serial=2))   # a static code: paid again
RESENT_NEW_KEY = outcome(NEW_KEY_AT, SHOP, PaymentAnswer(
    view(NEW_KEY_BODY, "SUCCEEDED", (NEW_KEY_SECOND.answer or {})["hash"]), None), before="100.00", after="87.25",
    entered="12.75", sent=(NEW_KEY_FIRST, NEW_KEY_SECOND))
LATE_AT, LATE_BODY, LATE_RECORD = lost(DOLLARS, Fault("late", commit=False))
STILL_PENDING = outcome(LATE_AT, DOLLARS, PaymentAnswer(view(LATE_BODY, "PENDING", None), None), before="100.00",
                        after="98.50", sent=(LATE_RECORD,))
SUCCESS_ON_TIMEOUT = outcome(LATE_AT, DOLLARS, PaymentAnswer(
    view(LATE_BODY, "SUCCEEDED", own_hash(LATE_BODY["externalRef"])), None), before="100.00", after="98.50",
    sent=(LATE_RECORD,))
DUPLICATE_AT = Bakong(DOLLARS, faults=[Fault("duplicate")])
DUPLICATE_BODY = instruction(DOLLARS)
DUPLICATE_RECORD = DUPLICATE_AT.send(DUPLICATE_BODY)                  # COMMITTED, "duplicate": true
DUPLICATE_AS_REJECTION = outcome(DUPLICATE_AT, DOLLARS, PaymentAnswer(view(DUPLICATE_BODY, "REJECTED", None, {
    "code": "DUPLICATE", "message": "Bakong reported a duplicate instruction"}), None), before="100.00",
    after="100.00", sent=(DUPLICATE_RECORD,))
UNAVAILABLE_AT = Bakong(DOLLARS, faults=[Fault("server-error", status=503)])
UNAVAILABLE_RECORD = UNAVAILABLE_AT.send(instruction(DOLLARS))       # nothing committed, the outcome unknown
ERROR_AS_REFUSAL = outcome(UNAVAILABLE_AT, DOLLARS, PaymentAnswer(None, {
    "code": "PAYMENT_REFUSED", "reason": "KHQR_INVALID", "message": "Bakong is unavailable"}), before="100.00",
    after="100.00", sent=(UNAVAILABLE_RECORD,))


# --- the participant as the merchant's Open API client ----------------------------------------------------------
def order_answer(order: Order, status: str, bakong_hash: str | None = None) -> dict[str, Any]:
    return {"orderId": order.order_id, "status": status, "bakongHash": bakong_hash}


def verdict(order: Order, item: dict[str, Any]) -> dict[str, Any]:
    """A conforming verdict on one order from its md5 list item: PAID only when the transaction matches."""
    data = item.get("data")
    if item.get("status") != "SUCCESS" or not isinstance(data, dict):
        return order_answer(order, "NOT_PAID")
    matches = (data["toAccountId"], data["currency"]) == (order.to_account_id, order.currency) and \
        Decimal(str(data["amount"])) == Decimal(order.amount)
    return order_answer(order, "PAID" if matches else "MISMATCH", data["hash"])


def not_found_as_failed(order: Order, item: dict[str, Any]) -> dict[str, Any]:
    return order_answer(order, "FAILED") if item.get("status") == "NOT_FOUND" else verdict(order, item)


def any_amount(order: Order, item: dict[str, Any]) -> dict[str, Any]:
    data = item.get("data")
    return order_answer(order, "PAID", data["hash"]) if isinstance(data, dict) else verdict(order, item)


def bearer(token: str) -> str:
    return f"Bearer {token}"


@dataclasses.dataclass
class MerchantSystem:
    """The participant confirming orders, played by hand: md5 list lookups of at most ``batch`` codes with its
    bearer token, one renewal with its registered e-mail after a 401, ``unanswered`` for every order Bakong could not
    be asked about. Each field is one way a bank could get it wrong."""

    bakong: Bakong
    batch: int = 50
    email: str = PARTICIPANT_EMAIL
    renews: bool = True
    authorization: Callable[[str], str] = bearer
    judge: Callable[[Order, dict[str, Any]], dict[str, Any]] = verdict
    unanswered: str = "RETRY_LATER"
    path: str = MD5_LIST
    body: Callable[[list[str]], Any] = list

    def confirm(self, orders: Sequence[Order], *, earlier: OrdersOutcome | None = None,
                retry_after_s: int | None = None) -> OrdersOutcome:
        seen = len(self.bakong.simulator.open_api_calls)
        answers: list[dict[str, Any]] = []
        for start in range(0, len(orders), self.batch):
            chunk = orders[start:start + self.batch]
            status, envelope = self._lookup([o.code.md5 for o in chunk])
            if status == 200 and envelope.get("responseCode") == 0:
                answers += [self.judge(o, item) for o, item in zip(chunk, envelope["data"], strict=True)]
            else:
                answers += [order_answer(o, self.unanswered) for o in chunk]
        calls = tuple(c for c in self.bakong.simulator.open_api_calls[seen:] if not c.by_harness)
        return OrdersOutcome(tuple(orders), tuple(answers), calls, tuple(self.bakong.simulator.transactions),
                             retry_after_s, earlier)

    def _lookup(self, md5s: list[str]) -> tuple[int, Any]:
        status, envelope = self.bakong.post(self.path, self.body(md5s),
                                            authorization=self.authorization(self.bakong.token))
        if status == 401 and self.renews:
            renewed, answer = self.bakong.post(RENEW, {"email": self.email})
            if renewed == 200 and answer.get("responseCode") == 0:
                self.bakong.token = answer["data"]["token"]
                status, envelope = self.bakong.post(self.path, self.body(md5s),
                                                    authorization=self.authorization(self.bakong.token))
        return status, envelope


def order(number: int, code: PaymentCode, expected: str, *, amount: str | None = None) -> Order:
    return Order(f"order-{number:04d}", code, amount or code.amount or "0", code.currency or "KHR", code.payee or "",
                 expected)


THREE = (order(1, DOLLARS, "PAID"), order(2, RIEL, "NOT_PAID"), order(3, TEN, "MISMATCH", amount="1.00"))
SIXTY_CODES = payment_codes("individual-dollar-1.50-dynamic", NOW, 60)
SIXTY = tuple(order(i + 1, c, "PAID" if i % 3 == 0 else "NOT_PAID") for i, c in enumerate(SIXTY_CODES))


def merchant_bakong(*, limited_s: int | None = None, expired: bool = False, sixty: bool = False) -> Bakong:
    """Bakong after other banks' customers paid the orders marked PAID or MISMATCH (of SIXTY or THREE)."""
    orders = SIXTY if sixty else THREE
    bakong = Bakong(*(o.code for o in orders))
    bakong.settle_elsewhere(*(o.code for o in orders if o.expected != "NOT_PAID"))
    if limited_s is not None:
        bakong.simulator.limit_rate(retry_after_s=limited_s)
    if expired:
        bakong.simulator.expire_tokens()
    return bakong


CONFIRMED = MerchantSystem(merchant_bakong()).confirm(THREE)
NOT_FOUND_AS_FAILED = MerchantSystem(merchant_bakong(), judge=not_found_as_failed).confirm(THREE)
ANY_AMOUNT = MerchantSystem(merchant_bakong(), judge=any_amount).confirm(THREE)
FROM_CACHE = dataclasses.replace(CONFIRMED, calls=())                  # answered without asking Bakong
WITHOUT_BEARER = MerchantSystem(merchant_bakong(), authorization=str).confirm(THREE)
UNDOCUMENTED = MerchantSystem(merchant_bakong(), path="/v1/check_transactions_by_md5_list").confirm(THREE)
WRAPPED_LIST = MerchantSystem(merchant_bakong(), body=lambda md5s: {"md5": md5s}).confirm(THREE)

SIXTY_AT = merchant_bakong(sixty=True)
IN_FIFTIES = MerchantSystem(SIXTY_AT).confirm(SIXTY)
IN_FIFTY_ONES = MerchantSystem(SIXTY_AT, batch=51).confirm(SIXTY)
FIRST_FIFTY_ONLY = dataclasses.replace(MerchantSystem(SIXTY_AT).confirm(SIXTY[:50]), orders=SIXTY)

RENEWED = MerchantSystem(merchant_bakong(expired=True)).confirm(THREE)
GAVE_UP = MerchantSystem(merchant_bakong(expired=True), renews=False).confirm(THREE)
UNREGISTERED_EMAIL = MerchantSystem(merchant_bakong(expired=True), email="payments@refb.example").confirm(THREE)
KEPT_EXPIRED = MerchantSystem(merchant_bakong(expired=True), renews=False, batch=1).confirm(THREE)


def limited_twice(wait_ms: int) -> OrdersOutcome:
    """The merchant's system asks while Bakong limits the rate for 30 s, then again ``wait_ms`` later."""
    client = MerchantSystem(merchant_bakong(limited_s=30))
    first = client.confirm(THREE, retry_after_s=30)
    client.bakong.clock.advance(wait_ms)
    return client.confirm(THREE, earlier=first, retry_after_s=30)


LIMITED = MerchantSystem(merchant_bakong(limited_s=30)).confirm(THREE, retry_after_s=30)
LIMITED_AS_NOT_PAID = MerchantSystem(merchant_bakong(limited_s=30), unanswered="NOT_PAID").confirm(THREE)
WAITED = dataclasses.replace(LIMITED, calls=(), earlier=LIMITED)        # asked again at once: no call, retry later
AFTER_THE_WAIT = limited_twice(31_000)
AT_ONCE = limited_twice(0)
WITHIN_RETRY_AFTER = limited_twice(10_000)


# A first answer still pending, resolved by the retry; a token renewed before Bakong refused it; a list too
# large to read; a token Bakong never issued.
PENDING_FIRST = dataclasses.replace(LOST_RESOLVED, later=None)
RETRY_RESOLVED = outcome(LOST_AT, DOLLARS, PaymentAnswer(
    view(LOST_BODY, "SUCCEEDED", LOST_AT.customer_settled()[0].hash), None), before="98.50", after="98.50",
    key=PENDING_FIRST.idempotency_key, first=PENDING_FIRST)
RENEWED_AHEAD = dataclasses.replace(RENEWED, calls=tuple(c for c in RENEWED.calls if c.status != 401))
UNREADABLE_LIST = dataclasses.replace(IN_FIFTIES, calls=(
    dataclasses.replace(IN_FIFTIES.calls[0], body="<not read: over 262144 bytes>", status=413),))
MADE_UP_TOKEN = dataclasses.replace(CONFIRMED, calls=tuple(
    dataclasses.replace(c, auth="unknown") if c.path.startswith("/v1/check_transaction_") else c
    for c in CONFIRMED.calls))


# --- the cases --------------------------------------------------------------------------------------------------
OM, CV = OutcomeMismatch, ContractViolation
PAYMENT_PASSING = [
    Row("payment_refused_for", "expired_code", (EXPIRED_REFUSED, "the code has expired", "REQ-PAY-REFUSE-INVALID")),
    Row("payment_refused_for", "insufficient_funds", (SHORT_OF_FUNDS, "insufficient funds", "REQ-PAY-FUNDS")),
    Row("payment_refused_for", "amount_locked", (LOCKED, "the amount is fixed by the code", "REQ-PAY-DYNAMIC-LOCKED")),
    Row("balance_unchanged", "refused_for_funds", (SHORT_OF_FUNDS, "REQ-PAY-FUNDS")),
    Row("balance_unchanged", "refunded_after_rejection", (REJECTED, "REQ-PAY-REJECTED")),
    Row("nothing_sent_to_bakong", "refused_expired_code", (EXPIRED_REFUSED, "REQ-PAY-REFUSE-INVALID")),
    Row("instructions_follow_contract", "one_instruction", (PAID,)),
    Row("instructions_follow_contract", "resent_with_the_same_key", (RESENT_SAME_KEY,)),
    Row("instructions_in_own_name", "own_id_and_credential", (PAID,)),
    Row("instructions_in_own_name", "resent_with_the_same_key", (RESENT_SAME_KEY,)),
    Row("instruction_carries_code", "dollars", (PAID,)),
    Row("instruction_carries_code", "riel", (RIEL_PAID,)),
    Row("instruction_carries_entered_amount", "static_code", (STATIC_PAID,)),
    Row("instruction_carries_md5", "crc_included", (PAID,)),
    Row("payment_succeeded", "with_bakongs_hash", (PAID, "REQ-PAY-CONFIRMED")),
    Row("payment_succeeded", "static_code", (STATIC_PAID, "REQ-PAY-STATIC-AMOUNT")),
    Row("payment_succeeded", "resent_with_the_same_key", (RESENT_SAME_KEY, "REQ-PAY-UNCERTAIN")),
    Row("debited_once", "paid", (PAID, "REQ-PAY-DETAILS")),
    Row("debited_once", "retry_answered_from_memory", (RETRIED, "REQ-PAY-IDEMPOTENT")),
    Row("made_once", "retry_answered_from_memory", (RETRIED,)),
    Row("made_once", "pending_first_resolved_by_the_retry", (RETRY_RESOLVED,)),
    Row("paid_as_two_payments", "two_keys_two_payments", (SECOND_PAYMENT,)),
    Row("view_agrees_with_bakong", "lost_answer_resolved", (LOST_RESOLVED,)),
    Row("view_agrees_with_bakong", "resent_with_the_same_key", (RESENT_SAME_KEY,)),
    Row("view_agrees_with_bakong", "unsettled_and_still_pending", (STILL_PENDING,)),
    Row("reported_rejected", "payee_account_closed", (REJECTED,)),
    Row("bakong_finds_by_md5", "dynamic_code", (PAID, PAID_AT.ask)),
    Row("bakong_finds_by_hash", "reported_hash", (PAID, PAID_AT.ask)),
    Row("bakong_finds_by_short_hash", "reported_hash", (PAID, PAID_AT.ask)),
    Row("bakong_finds_by_external_ref", "sent_reference", (PAID, PAID_AT.ask)),
    Row("bakong_refers_static_code_elsewhere", "static_code", (STATIC_PAID, STATIC_AT.ask)),
    Row("orders_answered", "paid_not_paid_mismatch", (CONFIRMED, "REQ-OAPI-CONFIRM")),
    Row("orders_answered", "sixty_in_lists_of_fifty", (IN_FIFTIES, "REQ-OAPI-BATCH")),
    Row("orders_answered", "after_renewing_the_token", (RENEWED, "REQ-OAPI-TOKEN")),
    Row("orders_answered", "after_the_wait", (AFTER_THE_WAIT, "REQ-OAPI-RATE")),
    Row("orders_to_retry_later", "rate_limited", (LIMITED,)),
    Row("open_api_calls_documented", "md5_list_with_bearer_token", (CONFIRMED,)),
    Row("open_api_calls_documented", "renew_token_without_token", (RENEWED,)),
    Row("token_renewed", "renewed_and_went_on", (RENEWED,)),
    Row("token_renewed", "renewed_before_bakong_refused_it", (RENEWED_AHEAD,)),
    Row("no_call_during_wait", "no_call_when_asked_again_at_once", (WAITED,)),
    Row("no_call_during_wait", "called_after_the_wait", (AFTER_THE_WAIT,)),
    Row("list_calls_within_limit", "sixty_in_lists_of_fifty", (IN_FIFTIES,)),
]

PAYMENT_FAILING = [
    Row("list_calls_within_limit", "too_large_to_read", (UNREADABLE_LIST,), OM, "REQ-OAPI-BATCH", "not a list"),
    Row("open_api_calls_documented", "made_up_token", (MADE_UP_TOKEN,), CV, "REQ-OAPI-REQUESTS", "never issued"),
    Row("payment_refused_for", "paid_expired_code", (PAID_EXPIRED, "the code has expired", "REQ-PAY-REFUSE-INVALID"),
        OM, "REQ-PAY-REFUSE-INVALID", "Actual: SUCCEEDED (hash "),
    Row("payment_refused_for", "missing_amount_called_invalid",
        (NO_AMOUNT_CALLED_INVALID, "an amount must be entered", "REQ-PAY-STATIC-AMOUNT"), OM, "REQ-PAY-STATIC-AMOUNT",
        "Actual: AMOUNT_INVALID: the amount is not written the KHQR way"),
    Row("balance_unchanged", "debit_kept_after_rejection", (KEEPS_DEBIT, "REQ-PAY-REJECTED"), OM, "REQ-PAY-REJECTED",
        "Actual: 98.50 USD"),
    Row("balance_unchanged", "overdrawn", (OVERDRAWN, "REQ-PAY-FUNDS"), OM, "REQ-PAY-FUNDS", "Actual: -0.50 USD"),
    Row("nothing_sent_to_bakong", "overdrawn", (OVERDRAWN, "REQ-PAY-FUNDS"), OM, "REQ-PAY-FUNDS", "1 instruction(s)"),
    Row("instructions_follow_contract", "amount_as_number", (AMOUNT_AS_NUMBER,), CV, "REQ-PAY-INSTRUCTION-FORMAT",
        '$.amount: 1.5 is not of type "string"'),
    Row("instructions_follow_contract", "resent_with_a_new_key", (RESENT_NEW_KEY,), OM, "REQ-PAY-INSTRUCTION-FORMAT",
        "2 instructions with keys"),
    Row("instructions_follow_contract", "paid_without_bakong", (NOT_SENT,), OM, "REQ-PAY-INSTRUCTION-FORMAT",
        "Bakong received no payment instruction"),
    Row("instructions_in_own_name", "another_participants_id", (IN_OTHER_NAME,), OM, "REQ-PAY-SWITCH-AUTH",
        'the switch credential; participantId "OTHRKHPP"  403 FORBIDDEN_PARTICIPANT'),
    Row("instructions_in_own_name", "without_the_switch_credential", (WITHOUT_CREDENTIAL,), OM,
        "REQ-PAY-SWITCH-AUTH", 'no Authorization header; participantId "REFBKHPP"  401 UNAUTHENTICATED'),
    Row("instructions_in_own_name", "paid_without_bakong", (NOT_SENT,), OM, "REQ-PAY-SWITCH-AUTH",
        "Bakong received no payment instruction"),
    Row("instruction_carries_code", "amount_in_cents", (IN_CENTS,), OM, "REQ-PAY-DETAILS", "'150'"),
    Row("instruction_carries_code", "currency_always_riel", (IN_RIEL,), OM, "REQ-PAY-DETAILS", "'KHR'"),
    Row("instruction_carries_entered_amount", "cents_dropped", (CENTS_DROPPED,), OM, "REQ-PAY-STATIC-AMOUNT",
        "'12'"),
    Row("instruction_carries_md5", "md5_without_crc", (NO_CRC,), OM, "REQ-PAY-MD5", repr(MD5_WITHOUT_CRC)),
    Row("instruction_carries_md5", "md5_in_upper_case", (UPPER_MD5,), OM, "REQ-PAY-MD5", repr(DOLLARS.md5.upper())),
    Row("payment_succeeded", "made_up_hash", (OWN_HASH, "REQ-PAY-CONFIRMED"), OM, "REQ-PAY-CONFIRMED",
        "a hash Bakong does not know"),
    Row("payment_succeeded", "duplicate_answer_read_as_rejection", (DUPLICATE_AS_REJECTION, "REQ-PAY-UNCERTAIN"), OM,
        "REQ-PAY-UNCERTAIN", "Actual: REJECTED (hash null"),
    Row("debited_once", "retry_debited_again", (RETRY_PAID_AGAIN, "REQ-PAY-IDEMPOTENT"), OM, "REQ-PAY-IDEMPOTENT",
        "Actual: 74.50 USD"),
    Row("made_once", "retry_paid_again", (RETRY_PAID_AGAIN,), OM, "REQ-PAY-IDEMPOTENT",
        "Bakong settled 2 transaction(s)"),
    Row("made_once", "retry_answered_as_conflict", (RETRY_AS_CONFLICT,), OM, "REQ-PAY-IDEMPOTENT",
        "Actual: key conflict"),
    Row("paid_as_two_payments", "second_answered_with_the_first", (SECOND_AS_FIRST,), OM, "REQ-PAY-IDEMPOTENT",
        "1 transaction(s), balance 87.25"),
    Row("view_agrees_with_bakong", "success_on_timeout", (SUCCESS_ON_TIMEOUT,), OM, "REQ-PAY-UNCERTAIN",
        "SUCCEEDED though Bakong has no such transaction"),
    Row("view_agrees_with_bakong", "resent_with_a_new_key", (RESENT_NEW_KEY,), OM, "REQ-PAY-UNCERTAIN",
        "settled 2 transactions for one payment: paid twice"),
    Row("view_agrees_with_bakong", "duplicate_answer_read_as_rejection", (DUPLICATE_AS_REJECTION,), OM,
        "REQ-PAY-UNCERTAIN", "100.00, not 98.50 (debited once)"),
    Row("view_agrees_with_bakong", "server_error_answered_as_refusal", (ERROR_AS_REFUSAL,), OM, "REQ-PAY-UNCERTAIN",
        "refused a payment Bakong could have made"),
    Row("reported_rejected", "left_pending", (REJECTION_LEFT_PENDING,), OM, "REQ-PAY-REJECTED",
        "Actual: PENDING (hash null, reason null); Bakong settled 0"),
    Row("bakong_finds_by_md5", "md5_without_crc", (NO_CRC, NO_CRC_AT.ask), OM, "REQ-PAY-CONFIRMED",
        "errorCode 1: Transaction could not be found"),
    Row("bakong_finds_by_md5", "amount_in_cents", (IN_CENTS, IN_CENTS_AT.ask), OM, "REQ-PAY-CONFIRMED",
        "amount  1.50      150"),
    Row("bakong_finds_by_hash", "made_up_hash", (OWN_HASH, PAID_AT.ask), OM, "REQ-PAY-CONFIRMED",
        "errorCode 1: Transaction could not be found"),
    Row("bakong_finds_by_short_hash", "amount_in_cents", (IN_CENTS, IN_CENTS_AT.ask), OM, "REQ-PAY-CONFIRMED",
        "errorCode 1: Transaction could not be found"),
    Row("bakong_finds_by_external_ref", "reports_another_reference", (OTHER_REF, PAID_AT.ask), OM, "REQ-PAY-CONFIRMED",
        "errorCode 1: Transaction could not be found"),
    Row("bakong_refers_static_code_elsewhere", "md5_without_crc", (STATIC_NO_CRC, STATIC_NO_CRC_AT.ask), OM,
        "REQ-PAY-CONFIRMED", "errorCode 1: Transaction could not be found"),
    Row("orders_answered", "not_found_as_failed", (NOT_FOUND_AS_FAILED, "REQ-OAPI-NOT-FOUND"), OM,
        "REQ-OAPI-NOT-FOUND", "order-0002: FAILED"),
    Row("orders_answered", "confirms_any_amount", (ANY_AMOUNT, "REQ-OAPI-CONFIRM"), OM, "REQ-OAPI-CONFIRM",
        "order-0003: PAID"),
    Row("orders_answered", "first_fifty_of_sixty", (FIRST_FIFTY_ONLY, "REQ-OAPI-BATCH"), OM, "REQ-OAPI-BATCH",
        "Expected: 60 answers\nActual: 50"),
    Row("orders_answered", "rate_limit_read_as_not_paid", (LIMITED_AS_NOT_PAID, "REQ-OAPI-RATE"), OM, "REQ-OAPI-RATE",
        "order-0001: NOT_PAID"),
    Row("orders_to_retry_later", "rate_limit_read_as_not_paid", (LIMITED_AS_NOT_PAID,), OM, "REQ-OAPI-RATE",
        "NOT_PAID"),
    Row("open_api_calls_documented", "answered_from_cache", (FROM_CACHE,), OM, "REQ-OAPI-REQUESTS",
        "did not ask Bakong"),
    Row("open_api_calls_documented", "token_without_bearer", (WITHOUT_BEARER,), CV, "REQ-OAPI-REQUESTS",
        "no 'Authorization: Bearer <token>' header (malformed)"),
    Row("open_api_calls_documented", "undocumented_operation", (UNDOCUMENTED,), CV, "REQ-OAPI-REQUESTS",
        "not an operation of the Bakong Open API"),
    Row("open_api_calls_documented", "list_wrapped_in_an_object", (WRAPPED_LIST,), CV, "REQ-OAPI-REQUESTS",
        'is not of type "array"'),
    Row("token_renewed", "gave_up_after_401", (GAVE_UP,), OM, "REQ-OAPI-TOKEN",
        "did not renew its expired Open API token"),
    Row("token_renewed", "renewed_with_an_unregistered_email", (UNREGISTERED_EMAIL,), OM, "REQ-OAPI-TOKEN", RENEW),
    Row("token_renewed", "kept_the_expired_token", (KEPT_EXPIRED,), OM, "REQ-OAPI-TOKEN", "expired  401"),
    Row("token_renewed", "answered_from_cache", (dataclasses.replace(RENEWED, calls=()),), OM, "REQ-OAPI-TOKEN",
        "no call at all"),
    Row("no_call_during_wait", "asked_again_at_once", (AT_ONCE,), OM, "REQ-OAPI-RATE", "ms after the 429"),
    Row("no_call_during_wait", "asked_again_within_retry_after", (WITHIN_RETRY_AFTER,), OM, "REQ-OAPI-RATE",
        "10000"),
    Row("list_calls_within_limit", "fifty_one_md5_in_a_list", (IN_FIFTY_ONES,), OM, "REQ-OAPI-BATCH",
        f"{MD5_LIST}  51"),
]
