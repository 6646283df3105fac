"""One payment scenario's world: the participant's sandbox, the simulated Bakong, and the scenario's clock.

Steps call one method each. Every action returns an immutable record of what happened on both sides (the
participant's answers and balances, what Bakong received and settled), and the checks judge those records.
Opening a scene resets the simulator, authorises the participant under certification on its switch with a fresh
random switch credential, and connects the participant's sandbox to it with that credential and a fresh Open API
token, so no scenario inherits another's payments, faults, credentials or tokens. A failure of the simulator
itself during a step is a :class:`~bakong_conformance.errors.HarnessError` (the scenario is broken, not failed).
"""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from ..errors import HarnessError
from ..networks import BakongSimulator, FakeClock, Fault, InstructionRecord, OpenApiCall, Transaction
from ..participant import Account, Participant, Payment, PaymentAnswer
from ._codes import PaymentCode, payment_code, payment_codes

__all__ = ["BAKONG_BEHAVIOURS", "HARNESS_EMAIL", "PARTICIPANT_EMAIL", "Order", "OrdersOutcome", "PaymentOutcome",
           "PaymentScene"]

PARTICIPANT_EMAIL = "participant@sandbox.example"
"""The e-mail the participant is registered with at the simulated Bakong Open API (it renews tokens with it)."""
HARNESS_EMAIL = "harness@sandbox.example"
"""The harness's own Open API registration, for looking payments up as a merchant would."""
_RICH = {"KHR": "100000000", "USD": "1000000.00"}

BAKONG_BEHAVIOURS: dict[str, Fault] = {
    "answer the payment instruction only after the participant has stopped waiting, having settled it":
        Fault("late", commit=True),
    "answer the payment instruction only after the participant has stopped waiting, without settling it":
        Fault("late", commit=False),
    "lose its answer to the payment instruction after settling it": Fault("drop", commit=True),
    "lose its answer to the payment instruction before settling it": Fault("drop", commit=False),
    "answer the payment instruction as a duplicate of a payment it already settled": Fault("duplicate"),
    "fail with a server error on the payment instruction": Fault("server-error", status=503),
    "refuse the payment instruction because the payee's account is closed":
        Fault("reject", code="PAYEE_ACCOUNT_CLOSED", message="The payee's account is closed"),
    "refuse the payment instruction because the payer's limit is exceeded":
        Fault("reject", code="LIMIT_EXCEEDED", message="The payer's transaction limit is exceeded"),
    "refuse the payment instruction because the switch rejects it":
        Fault("reject", code="SWITCH_REJECTED", message="Bakong rejected the payment"),
}
"""What a scenario says Bakong will do with the next payment instruction ("Bakong will ..."), as a fault."""


@dataclass(frozen=True, slots=True)
class PaymentOutcome:
    """What one payment request did, on the participant's side and on Bakong's."""

    code: PaymentCode
    entered: str | None
    idempotency_key: str
    answer: PaymentAnswer
    later: Payment | None                       # the participant's view when asked again right after
    before: Account
    after: Account
    instructions: tuple[InstructionRecord, ...]  # what Bakong received during this request
    settled_at_answer: tuple[Transaction, ...]   # the customer's payments Bakong had settled when the answer came
    settled: tuple[Transaction, ...]             # ... and after the participant was asked again
    first: PaymentOutcome | None = None          # for a retry: the original request

    @property
    def value(self) -> Decimal:
        """The amount this payment is for."""
        return self.code.value(self.entered)


@dataclass(frozen=True, slots=True)
class Order:
    """A merchant's order, confirmed by the md5 of the KHQR it was shown with, and the answer it should get."""

    order_id: str
    code: PaymentCode
    amount: str
    currency: str
    to_account_id: str
    expected: str                                # PAID | NOT_PAID | MISMATCH

    def as_request(self) -> dict[str, Any]:
        """The order as the participant's merchant system is asked about it."""
        return {"orderId": self.order_id, "md5": self.code.md5, "toAccountId": self.to_account_id,
                "amount": self.amount, "currency": self.currency}


@dataclass(frozen=True, slots=True)
class OrdersOutcome:
    """The participant's answers about some orders, and the Open API calls it made to find them."""

    orders: tuple[Order, ...]
    answers: tuple[dict[str, Any], ...]
    calls: tuple[OpenApiCall, ...]
    settled: tuple[Transaction, ...]
    retry_after_s: int | None = None
    earlier: OrdersOutcome | None = None


@dataclass
class PaymentScene:
    """The payment world of one scenario (see the module docstring); ``clock`` is the simulator's clock, which the
    participant also runs on through ``sandboxNow``; ``participant_id`` is the participant's Bakong participant ID
    (its configuration's), the only one the switch takes instructions from."""

    participant: Participant
    bakong: BakongSimulator
    bakong_url: str
    clock: FakeClock
    participant_id: str
    orders: list[Order] = field(default_factory=list)
    retry_after_s: int | None = None

    def __post_init__(self) -> None:
        self.bakong.reset()
        self._harness_token = self.bakong.issue_token(HARNESS_EMAIL)
        self.connect()

    def connect(self) -> None:
        """Connect the participant's sandbox to the simulated Bakong with a fresh switch credential and Open API
        token (opening the scene does it; a scenario about the connection itself does it again)."""
        credential = secrets.token_urlsafe(32)      # never kept here: the simulator redacts it wherever it appears
        self.bakong.authorise(self.participant_id, credential)
        self.participant.connect_bakong(switch_url=self.bakong_url, switch_credential=credential,
                                        open_api_url=self.bakong_url, email=PARTICIPANT_EMAIL,
                                        token=self.bakong.issue_token(PARTICIPANT_EMAIL))

    # --- the world ---------------------------------------------------------------------------------------------
    def customer(self, balance: str, currency: str) -> Account:
        """A new customer of the participant holding ``balance`` in ``currency``."""
        return self.participant.open_account(currency, balance)

    def rich_customer(self, code: PaymentCode) -> Account:
        """A new customer holding plenty of money in the code's currency (riel when it has none)."""
        currency = code.currency or "KHR"
        return self.participant.open_account(currency, _RICH[currency])

    def code(self, name: str, *, payee_exists: bool = True) -> PaymentCode:
        """The KHQR ``name``, issued now; its payee is an existing Bakong account unless ``payee_exists`` is False."""
        code = payment_code(name, self.clock.now_ms())
        if code.payee and payee_exists:
            self.bakong.register_account(code.payee)
        return code

    def expect(self, behaviour: str) -> None:
        """Bakong meets the next payment instruction as ``behaviour`` says (a key of :data:`BAKONG_BEHAVIOURS`)."""
        if behaviour not in BAKONG_BEHAVIOURS:
            raise HarnessError(f"no simulated Bakong behaviour {behaviour!r}; known: {sorted(BAKONG_BEHAVIOURS)}")
        self.bakong.plan(BAKONG_BEHAVIOURS[behaviour])

    # --- paying ---------------------------------------------------------------------------------------------------
    def pay(self, account: Account, code: PaymentCode, *, entered: str | None = None) -> PaymentOutcome:
        """The customer pays ``code`` from ``account`` (entering ``entered`` for a static code), with a new key."""
        return self._pay(account, code, entered, secrets.token_hex(12), None)

    def pay_again(self, first: PaymentOutcome) -> PaymentOutcome:
        """The same payment request sent again with the same idempotency key (the app retrying)."""
        return self._pay(first.before, first.code, first.entered, first.idempotency_key, first)

    def pay_anew(self, first: PaymentOutcome, *, entered: str | None = None) -> PaymentOutcome:
        """The same customer pays the same code once more, as a new payment (a new key)."""
        return self._pay(first.before, first.code, entered, secrets.token_hex(12), first)

    def _pay(self, account: Account, code: PaymentCode, entered: str | None, key: str,
             first: PaymentOutcome | None) -> PaymentOutcome:
        before = self.participant.account(account.account_id)
        seen = len(self.bakong.instructions)
        answer = self.participant.pay(account.account_id, code.qr, amount=entered, idempotency_key=key,
                                      now_ms=self._now(code))
        settled_at_answer = self._settled(account)
        later = None
        if answer.payment is not None:
            later = self.participant.payment(answer.payment.payment_id, now_ms=self._now(code))
        self._simulator_sound()
        return PaymentOutcome(code, entered, key, answer, later, before,
                              self.participant.account(account.account_id),
                              tuple(self.bakong.instructions[seen:]), settled_at_answer, self._settled(account),
                              first)

    def _simulator_sound(self) -> None:
        """``HarnessError`` if the simulated Bakong failed itself while the participant called it."""
        errors = self.bakong.internal_errors
        if errors:
            raise HarnessError(f"the simulated Bakong failed (a bug of the harness): {'; '.join(errors[:3])}")

    def _now(self, code: PaymentCode) -> int:
        return code.pinned_now_ms if code.pinned_now_ms is not None else self.clock.now_ms()

    def _settled(self, account: Account) -> tuple[Transaction, ...]:
        return tuple(t for t in self.bakong.transactions if t.from_account_id == account.account_id)

    # --- asking Bakong as a merchant would --------------------------------------------------------------------------
    def ask_bakong(self, path: str, body: Any) -> tuple[int, dict[str, Any]]:
        """Call the simulated Bakong Open API as the harness (a merchant), with the harness's own token."""
        return self.bakong.call_open_api(path, body, token=self._harness_token)

    # --- a merchant's orders (Open API client) ----------------------------------------------------------------------
    def order(self, name: str, *, paid: bool, recorded_as: tuple[str, str] | None = None,
              payee: str | None = None) -> Order:
        """An order shown as KHQR ``name``; ``paid``: another bank's customer pays it through Bakong first.

        ``recorded_as`` (amount, currency) and ``payee`` make the merchant's record differ from what the code says.
        """
        return self._add_order(self.code(name), paid, recorded_as, payee)

    def many_orders(self, name: str, count: int, *, paid_every: int) -> tuple[Order, ...]:
        """``count`` orders shown as distinct codes issued from ``name``; every ``paid_every``-th one is paid."""
        codes = payment_codes(name, self.clock.now_ms(), count)
        for code in codes[:1]:
            if code.payee:
                self.bakong.register_account(code.payee)
        return tuple(self._add_order(c, i % paid_every == 0, None, None) for i, c in enumerate(codes))

    def _add_order(self, code: PaymentCode, paid: bool, recorded_as: tuple[str, str] | None,
                   payee: str | None) -> Order:
        if paid:
            self.bakong.settle(code.qr, from_account_id="payer@otherbank")
        amount, currency = recorded_as or (code.amount or "0", code.currency or "KHR")
        differs = recorded_as is not None or payee is not None
        order = Order(f"order-{len(self.orders) + 1:04d}", code, amount, currency, payee or code.payee or "",
                      "NOT_PAID" if not paid else "MISMATCH" if differs else "PAID")
        self.orders.append(order)
        return order

    def expire_token(self) -> None:
        """Every Open API token issued so far has expired (as after its 90 days)."""
        self.bakong.expire_tokens()

    def limit_rate(self, seconds: int) -> None:
        """Bakong answers "too many requests" to every Open API lookup for the next ``seconds``."""
        self.retry_after_s = seconds
        self.bakong.limit_rate(retry_after_s=seconds)

    def confirm(self, orders: Sequence[Order] | None = None, *, earlier: OrdersOutcome | None = None) -> OrdersOutcome:
        """The merchant's system asks the participant whether the orders (default: all of them) are paid."""
        chosen = tuple(self.orders if orders is None else orders)
        seen = len(self.bakong.open_api_calls)
        answers = self.participant.confirm_orders([o.as_request() for o in chosen], now_ms=self.clock.now_ms())
        self._simulator_sound()
        calls = tuple(c for c in self.bakong.open_api_calls[seen:] if not c.by_harness)
        return OrdersOutcome(chosen, tuple(answers), calls, tuple(self.bakong.transactions), self.retry_after_s,
                             earlier)

    def confirm_again_at_once(self, earlier: OrdersOutcome) -> OrdersOutcome:
        """The merchant's system asks about the same orders again without any time passing."""
        return self.confirm(earlier.orders, earlier=earlier)

    def confirm_after_waiting(self, earlier: OrdersOutcome) -> OrdersOutcome:
        """The merchant's system asks again once the time Bakong asked to wait has passed."""
        self.clock.advance(((earlier.retry_after_s or 0) + 1) * 1_000)
        return self.confirm(earlier.orders, earlier=earlier)
