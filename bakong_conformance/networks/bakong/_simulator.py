"""The simulated Bakong: one core answering the switch and the Open API, whatever delivers the request.

Every request, whether it came over a real socket (:attr:`BakongSimulator.app`) or in-process
(:func:`~bakong_conformance.networks.in_process_transport`), goes through :meth:`BakongSimulator.handle`, which
returns a :class:`~bakong_conformance.networks._wire.Decision`; the deliveries only carry it out. The harness
sets the scene (the participant authorised on the switch and its credential, accounts, e-mails, tokens, faults,
rate limit, other banks' payments) and reads the records. Should the core itself fail (a bug of the harness), the
request is answered a documented HTTP 500 (``_failure``), the simulator keeps serving, and the failure is kept in
:attr:`BakongSimulator.internal_errors` and in the evidence, never passed off as the participant's doing.
"""

from __future__ import annotations

import json
import re
from typing import Any, TypeVar

from ...errors import HarnessError
from ...khqr import md5_hex
from .._asgi import SimulatorApp
from .._clock import Clock
from .._core import Identity, NetworkCore
from .._evidence import exchange_of
from .._wire import MAX_BODY_BYTES, Decision, WireRequest
from ._failure import failure_decision
from ._faults import Fault
from ._ledger import Payment, Transaction
from ._open_api import PREFIX, handle_open_api, operation_name
from ._qr import QrFacts, facts
from ._records import InstructionRecord, OpenApiCall
from ._services import valid_account_id
from ._switch import SWITCH_OPERATION, SWITCH_PATH, handle_instruction
from ._tokens import Tokens
from ._world import World

__all__ = ["NAME", "SIMULATOR_HOST", "SIMULATOR_URL", "BakongSimulator"]

NAME = "bakong"
SIMULATOR_HOST = "bakong.simulator.invalid"
"""The host an in-process participant reaches the simulated Bakong at (``.invalid``: never resolved)."""
SIMULATOR_URL = f"http://{SIMULATOR_HOST}"
T = TypeVar("T")

DAY_MS = 86_400_000
MAX_EMAIL = 30  # NBC's registration form (khqr.md §3.2, renew_token)
SETTLING_PARTICIPANT = "bakong-simulator"
_DECIMAL = re.compile(r"[0-9]+(\.[0-9]+)?")


class BakongSimulator(NetworkCore):
    """Bakong as a participant meets it: the switch it pays through and the Open API it asks.

    ``clock`` decides token expiry, QR validity and rate-limit windows; ``list_limit`` is the most items a
    ``*_list`` call may hold; ``late_answer_cap_s`` bounds how long a real-socket ``late`` answer waits for the
    client to give up. :attr:`app` serves both on real sockets (raw ASGI).
    """

    def __init__(self, clock: Clock, *, token_lifetime_ms: int = 90 * DAY_MS, list_limit: int = 50,
                 late_answer_cap_s: float = 30.0) -> None:
        if list_limit < 1:
            raise ValueError(f"a list limit is at least 1, not {list_limit}")
        super().__init__(Identity(NAME, SIMULATOR_HOST, ("/switch/", "/v1/"), "Bakong simulator"), failure_decision)
        self.clock = clock
        self._world = World(clock, Tokens(token_lifetime_ms), list_limit)
        self._instructions: list[InstructionRecord] = []
        self._calls: list[OpenApiCall] = []
        self.app = SimulatorApp(self, late_answer_cap_s)

    # --- the one core --------------------------------------------------------------------------------------

    def failure(self, path: str) -> Decision:
        """The documented HTTP 500 of ``path`` when the simulator itself failed."""
        return failure_decision(path)

    def handle(self, request: WireRequest, *, by_harness: bool = False) -> Decision:
        """Decide the answer to ``request`` and record it (used by both deliveries; thread-safe; never raises:
        a failure of the simulator itself is answered HTTP 500 and kept in :attr:`internal_errors`)."""
        return self.guarded(request, lambda: self._decide(request, by_harness), self._world.scrub)

    def _decide(self, request: WireRequest, by_harness: bool) -> Decision:
        if request.path == SWITCH_PATH:
            decision, record = handle_instruction(self._world, request)
            self._instructions.append(record)
            operation = SWITCH_OPERATION
        else:
            decision, call = handle_open_api(self._world, request, by_harness=by_harness)
            self._calls.append(call)
            operation = operation_name(request.path, by_harness=by_harness)
        self.exchanges.append(exchange_of(operation, request, decision, self._world.scrub))
        return decision

    # --- setting the scene ---------------------------------------------------------------------------------

    def reset(self) -> None:
        """Forget the ledger, accounts, records, evidence, internal errors, planned faults, rate limit and the
        participant authorised on the switch; keep e-mails and tokens."""
        with self._lock:
            self._world.switch.clear()
            self._forget_records()
            self._world.ledger.clear()
            self._world.accounts.clear()
            self._world.faults.clear()
            self._world.rate.clear()
            self._instructions.clear()
            self._calls.clear()

    def authorise(self, participant_id: str, credential: str) -> None:
        """From now on (until the next reset) only ``participant_id`` may send payment instructions, each with
        ``Authorization: Bearer <credential>``; any other credential is 401, another ``participantId`` 403.

        ``HarnessError`` for an ID the instruction cannot carry (1 to 64 characters) or a credential that is not
        16 to 512 printable ASCII characters without spaces. The credential is redacted wherever it appears.
        """
        with self._lock:
            self._world.switch.authorise(participant_id, credential)

    def register_account(self, account_id: str) -> None:
        """Make ``account_id`` a Bakong account that exists (a payee must be one; a payer need not)."""
        if not valid_account_id(account_id):
            raise HarnessError(f"not a Bakong account ID (one '@', at most 32 characters): {account_id!r}")
        with self._lock:
            self._world.accounts.add(account_id)

    def register_email(self, email: str) -> None:
        """Register ``email`` for the Open API (``renew_token`` then issues tokens for it)."""
        if not 0 < len(email) <= MAX_EMAIL or "@" not in email:
            raise HarnessError(f"not an e-mail NBC registers (at most {MAX_EMAIL} characters): {email!r}")
        with self._lock:
            self._world.emails.add(email)

    def issue_token(self, email: str) -> str:
        """A token for ``email``, as ``renew_token`` would issue it; ``HarnessError`` if it is not registered."""
        with self._lock:
            if email not in self._world.emails:
                raise HarnessError(f"the e-mail {email!r} is not registered with the simulated Open API")
            return self._world.tokens.issue(email, self.clock.now_ms())

    def expire_tokens(self) -> None:
        """Every token issued so far is expired from now on (tokens issued later are not)."""
        with self._lock:
            self._world.tokens.expire_all()

    def plan(self, *faults: Fault) -> None:
        """The next schema-valid instructions meet ``faults``, one each, in order."""
        with self._lock:
            self._world.faults.extend(faults)

    def limit_rate(self, *, retry_after_s: int = 60) -> None:
        """Every ``check_transaction_*`` call answers 429 until ``retry_after_s`` of clock time has passed."""
        with self._lock:
            self._world.rate.start(self.clock.now_ms(), retry_after_s)

    def settle(self, qr: str, *, from_account_id: str, amount: str | None = None) -> Transaction:
        """Another bank's customer pays ``qr``: a transaction committed directly, no instruction.

        ``amount``: a dynamic QR's own (may be omitted); required for a static one. The payee (the QR's Bakong
        account) is registered. ``HarnessError`` for a QR without payee or currency, a missing or different
        amount, or a dynamic QR already paid.
        """
        found = facts(qr)
        paid = _settled_amount(found, amount)
        with self._lock:
            ledger = self._world.ledger
            if not found.static and ledger.first(lambda t: t.qr == qr) is not None:
                raise HarnessError("this dynamic KHQR is already paid; Bakong would refuse a second payment")
            self._world.accounts.add(found.account_id)
            number = ledger.next_sequence()
            payment = Payment(from_account_id=from_account_id, to_account_id=found.account_id,
                              currency=found.currency, amount=paid, md5=md5_hex(qr), qr=qr, static=found.static,
                              external_ref=f"SIM{number:09d}", idempotency_key=f"simulator-settle-{number:09d}",
                              participant_id=SETTLING_PARTICIPANT, description=None)
            return ledger.commit(payment, self.clock.now_ms())

    # --- reading the records -------------------------------------------------------------------------------

    @property
    def instructions(self) -> list[InstructionRecord]:
        """Every payment instruction received since the last reset, oldest first (a copy)."""
        return self._snapshot(self._instructions)

    @property
    def open_api_calls(self) -> list[OpenApiCall]:
        """Every Open API call (the participant's and the harness's) since the last reset (a copy)."""
        return self._snapshot(self._calls)

    @property
    def transactions(self) -> list[Transaction]:
        """Every transaction in the ledger, oldest first (a copy)."""
        with self._lock:
            return self._world.ledger.all()

    def call_open_api(self, path: str, body: Any, *, token: str | None) -> tuple[int, dict[str, Any]]:
        """The harness's own Open API call through the same handlers: (HTTP status, envelope).

        Recorded with ``by_harness=True``. The envelope is returned as answered (a renewed token included).
        ``HarnessError`` if the simulator failed itself on the call (never judged as the participant's doing).
        """
        if not path.startswith(PREFIX):
            raise HarnessError(f"not an Open API path (under {PREFIX}): {path!r}")
        raw = json.dumps(body).encode("utf-8")
        headers: tuple[tuple[str, str], ...] = (("content-type", "application/json"),)
        if token is not None:
            headers += (("authorization", f"Bearer {token}"),)
        failures = len(self.internal_errors)
        decision = self.handle(WireRequest("POST", path, headers, raw, len(raw) > MAX_BODY_BYTES), by_harness=True)
        if len(self.internal_errors) > failures:
            raise HarnessError(f"the simulated Bakong failed on the harness's own call: {self.internal_errors[-1]}")
        return decision.status, decision.answer


def _settled_amount(found: QrFacts, amount: str | None) -> str:
    """The amount another bank's customer pays: the QR's own for a dynamic QR, the given one for a static QR."""
    if found.amount is not None and amount not in (None, found.amount):
        raise HarnessError(f"a dynamic KHQR is paid its own amount {found.amount}, not {amount}")
    paid = found.amount if found.amount is not None else amount
    if paid is None:
        raise HarnessError("a static KHQR (or one without amount) is settled with an amount: pass amount=")
    if not _DECIMAL.fullmatch(paid):
        raise HarnessError(f"not a decimal amount: {paid!r}")
    return paid
