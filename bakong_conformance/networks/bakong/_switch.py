"""The Bakong switch: ``POST /switch/v1/instructions`` (schemas/bakong-switch/README.md).

Gates, in order (the first that refuses answers; nothing is paid and no fault is consumed): ``POST`` (else 405);
the switch credential, ``Authorization: Bearer <credential>`` (else 401 ``UNAUTHENTICATED``); a body of at most
256 KiB (else 413); strict JSON (else 400); a ``participantId`` that, when it is a string, is the participant the
credential was given to (else 403 ``FORBIDDEN_PARTICIPANT``); ``instruction.schema.json`` (else 400
``INVALID_INSTRUCTION``). A valid instruction takes the next planned fault, then: same idempotency key as a
committed payment → the original answer with ``duplicate: true`` (same content) or 409 (different content);
unknown payee → ``PAYEE_NOT_FOUND``; a dynamic KHQR paid before → ``QR_ALREADY_PAID``; otherwise committed. The
switch records what it is told: it does not compare the md5 or the amount with the QR (the harness's checks judge
that).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

from ... import schemas
from .._wire import MAX_BODY_BYTES, Decision, Delivery, JsonError, WireRequest, json_decision, parse_json
from ._credentials import SwitchAuth
from ._faults import Fault
from ._ledger import Payment, Transaction
from ._qr import is_static
from ._records import InstructionRecord
from ._world import World

__all__ = ["SWITCH_OPERATION", "SWITCH_PATH", "handle_instruction"]

SWITCH_PATH = "/switch/v1/instructions"
SWITCH_OPERATION = "Bakong switch: payment instruction"
SAME_CONTENT = ("fromAccountId", "toAccountId", "amount", "currency", "md5", "externalRef", "qr")
CHALLENGE = ("www-authenticate", 'Bearer realm="bakong-switch"')
_AUTH_PROBLEMS: dict[SwitchAuth, str] = {
    "none": "no switch credential: every instruction carries 'Authorization: Bearer <switch credential>'",
    "malformed": "the Authorization header is not 'Bearer <switch credential>'",
    "unknown": "the switch credential is not the one Bakong gave the participant for this scenario",
}
_SENDER = "$.participantId: "
_FIELDS = {"fromAccountId": "from_account_id", "toAccountId": "to_account_id", "amount": "amount",
           "currency": "currency", "md5": "md5", "externalRef": "external_ref", "qr": "qr"}


@dataclass(frozen=True, slots=True)
class Outcome:
    """The switch's answer to one instruction and the transaction it committed or found."""

    status: int
    answer: dict[str, Any]
    transaction: Transaction | None = None
    headers: tuple[tuple[str, str], ...] = ()


def handle_instruction(world: World, request: WireRequest) -> tuple[Decision, InstructionRecord]:
    """Decide the answer to one instruction and the record the harness keeps of it."""
    now = world.clock.now_ms()
    auth = world.switch.judge(request.header("authorization"))
    body, status, problems = _read(world, request, auth)
    fault: Fault | None = None
    delivery: Delivery = "answered"
    if problems:
        outcome = _refused(status, problems, now)
    else:
        fault = world.faults.take()
        outcome, delivery = _with_fault(world, body, fault, now)
    scrub = world.scrub
    record = InstructionRecord(now, scrub(body), tuple(scrub(list(problems))), outcome.status, outcome.answer,
                               delivery, fault, outcome.transaction, auth, world.switch.participant_id)
    return json_decision(outcome.status, outcome.answer, delivery=delivery, headers=outcome.headers), record


# --- the gates -----------------------------------------------------------------------------------------------


def _read(world: World, request: WireRequest, auth: SwitchAuth) -> tuple[Any, int, tuple[str, ...]]:
    """(body as recorded, HTTP status if refused, problems); no problems when the instruction passes every gate."""
    if request.method != "POST":
        return request.body_for_record(), 405, (f"$: method {request.method}: instructions are POSTed",)
    if auth != "valid":
        return request.body_for_record(), 401, (f"credential: {_AUTH_PROBLEMS[auth]}",)
    if request.too_large:
        return request.body_for_record(), 413, (f"$: body over {MAX_BODY_BYTES} bytes",)
    try:
        body = parse_json(request.body)
    except JsonError as error:
        return request.body_for_record(), 400, (f"$: not JSON ({error.reason})",)
    sender = body.get("participantId") if isinstance(body, dict) else None
    if isinstance(sender, str) and sender != world.switch.participant_id:
        return body, 403, (f"{_SENDER}{_quoted(sender)} is not {_quoted(world.switch.participant_id)}, the "
                           "participant the switch credential was given to",)
    return body, 400, tuple(schemas.violations(body, "bakong-switch", "v1", "instruction"))


def _quoted(value: str | None) -> str:
    """``value`` in JSON words (``null`` for None), at most 64 characters of it."""
    return json.dumps(value if value is None or len(value) <= 64 else value[:64] + "…", ensure_ascii=False)


def _refused(status: int, problems: tuple[str, ...], now: int) -> Outcome:
    if status == 401:
        message = ("No valid switch credential (send 'Authorization: Bearer <switch credential>', the credential "
                   "Bakong gave the participant); nothing was paid")
        return Outcome(status, _rejection("UNAUTHENTICATED", message, None, now), headers=(CHALLENGE,))
    if status == 403:
        message = (f"participantId {problems[0].removeprefix(_SENDER)}: a participant sends instructions only in "
                   "its own name; nothing was paid")
        return Outcome(status, _rejection("FORBIDDEN_PARTICIPANT", message, None, now))
    message = "the instruction does not follow instruction.schema.json: " + "; ".join(problems[:5])
    return Outcome(status, _rejection("INVALID_INSTRUCTION", message[:2000], None, now))


# --- faults --------------------------------------------------------------------------------------------------

Faulted = tuple[Outcome, Delivery]


def _with_fault(world: World, body: dict[str, Any], fault: Fault | None, now: int) -> Faulted:
    if fault is None:
        return _process(world, body, now), "answered"
    return _FAULTS[fault.kind](world, body, fault, now)


def _reject(world: World, body: dict[str, Any], fault: Fault, now: int) -> Faulted:
    return Outcome(200, _rejection(fault.code, fault.message, body["externalRef"], now)), "answered"


def _server_error(world: World, body: dict[str, Any], fault: Fault, now: int) -> Faulted:
    answer = {"status": "ERROR", "reason": {"code": "SWITCH_UNAVAILABLE", "message": "Bakong is unavailable; "
              "the outcome of this instruction is unknown"}}
    return Outcome(fault.status, answer), "answered"


def _late(world: World, body: dict[str, Any], fault: Fault, now: int) -> Faulted:
    return (_process(world, body, now) if fault.commit else _timed_out()), "late"


def _drop(world: World, body: dict[str, Any], fault: Fault, now: int) -> Faulted:
    return (_process(world, body, now) if fault.commit else _timed_out()), "dropped"


def _duplicate(world: World, body: dict[str, Any], fault: Fault, now: int) -> Faulted:
    outcome = _process(world, body, now)
    if outcome.answer["status"] == "COMMITTED":
        outcome = replace(outcome, answer={**outcome.answer, "duplicate": True})
    return outcome, "answered"


def _timed_out() -> Outcome:
    """What a client still waiting when Bakong gave up on an uncommitted instruction finally gets."""
    answer = {"status": "ERROR", "reason": {"code": "SWITCH_TIMEOUT", "message": "Bakong did not process the "
              "instruction in time; the outcome is unknown"}}
    return Outcome(504, answer)


_FAULTS: dict[str, Callable[[World, dict[str, Any], Fault, int], Faulted]] = {
    "reject": _reject, "server-error": _server_error, "late": _late, "drop": _drop, "duplicate": _duplicate,
}


# --- processing ----------------------------------------------------------------------------------------------


def _process(world: World, body: dict[str, Any], now: int) -> Outcome:
    key, qr, ref = body["idempotencyKey"], body["qr"], body["externalRef"]
    previous = world.ledger.first(lambda t: t.idempotency_key == key)
    if previous is not None:
        return _replayed(previous, body, now)
    if body["toAccountId"] not in world.accounts:
        return Outcome(200, _rejection("PAYEE_NOT_FOUND", "The payee's Bakong account does not exist", ref, now))
    static = is_static(qr)
    if not static and world.ledger.first(lambda t: t.qr == qr) is not None:
        return Outcome(200, _rejection("QR_ALREADY_PAID", "This dynamic KHQR has already been paid", ref, now))
    transaction = world.ledger.commit(_payment(body, static), now)
    return Outcome(200, _committed(transaction, duplicate=False), transaction)


def _replayed(previous: Transaction, body: dict[str, Any], now: int) -> Outcome:
    if all(body[name] == getattr(previous, _FIELDS[name]) for name in SAME_CONTENT):
        return Outcome(200, _committed(previous, duplicate=True), previous)
    message = "This idempotency key was used for a different payment"
    return Outcome(409, _rejection("IDEMPOTENCY_CONFLICT", message, body["externalRef"], now))


def _payment(body: dict[str, Any], static: bool) -> Payment:
    return Payment(from_account_id=body["fromAccountId"], to_account_id=body["toAccountId"],
                   currency=body["currency"], amount=body["amount"], md5=body["md5"], qr=body["qr"],
                   static=static, external_ref=body["externalRef"], idempotency_key=body["idempotencyKey"],
                   participant_id=body["participantId"], description=body.get("description"))


def _committed(transaction: Transaction, *, duplicate: bool) -> dict[str, Any]:
    return {"status": "COMMITTED", "hash": transaction.hash, "instructionRef": transaction.instruction_ref,
            "externalRef": transaction.external_ref, "duplicate": duplicate,
            "acknowledgedDateMs": transaction.acknowledged_ms}


def _rejection(code: str, message: str, external_ref: str | None, now: int) -> dict[str, Any]:
    return {"status": "REJECTED", "reason": {"code": code, "message": message}, "externalRef": external_ref,
            "duplicate": False, "acknowledgedDateMs": now}
