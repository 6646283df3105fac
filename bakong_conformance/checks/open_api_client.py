"""Checks on the participant as a Bakong Open API client: how it confirms a merchant's orders.

Each check judges an :class:`~bakong_conformance.payments.OrdersOutcome`: the participant's answer per order
next to the Open API calls it made to the simulated Bakong (the harness's own lookups are never counted).
"""

from __future__ import annotations

from ..errors import ContractViolation, OutcomeMismatch
from ..payments import OrdersOutcome
from ._registry import check
from ._text import table, words

__all__ = ["DOCUMENTED_PATHS", "list_calls_within_limit", "no_call_during_wait", "open_api_calls_documented",
           "orders_answered", "orders_to_retry_later", "token_renewed"]

DOCUMENTED_PATHS = frozenset({
    "/v1/renew_token", "/v1/check_transaction_by_md5", "/v1/check_transaction_by_hash",
    "/v1/check_transaction_by_short_hash", "/v1/check_transaction_by_instruction_ref",
    "/v1/check_transaction_by_external_ref", "/v1/check_transaction_by_md5_list",
    "/v1/check_transaction_by_hash_list", "/v1/check_bakong_account", "/v1/generate_deeplink_by_qr",
})
"""The Open API operations NBC documents (Bakong Open API v1.0.5)."""
LIST_LIMIT = 50
_LISTS = ("/v1/check_transaction_by_md5_list", "/v1/check_transaction_by_hash_list")
_LOOKUPS = ("/v1/check_transaction_",)
_ANSWERING = ("REQ-OAPI-CONFIRM", "REQ-OAPI-NOT-FOUND", "REQ-OAPI-BATCH", "REQ-OAPI-TOKEN", "REQ-OAPI-RATE",
              "REQ-OAPI-REQUESTS")


@check(*_ANSWERING)
def orders_answered(outcome: OrdersOutcome, requirement: str) -> None:
    """Every order got its answer, in order: paid (with Bakong's hash), not paid yet, or not matching."""
    hashes = {t.md5: t.hash for t in outcome.settled}
    if len(outcome.answers) != len(outcome.orders):
        raise OutcomeMismatch("The participant did not answer for every order",
                              expected=f"{len(outcome.orders)} answers", actual=f"{len(outcome.answers)}",
                              requirement=requirement)
    wrong = []
    for order, answer in zip(outcome.orders, outcome.answers, strict=True):
        expected_hash = hashes.get(order.code.md5) if order.expected == "PAID" else None
        if (answer.get("orderId"), answer.get("status")) != (order.order_id, order.expected) or \
                (expected_hash is not None and answer.get("bakongHash") != expected_hash):
            wrong.append((order.order_id, f"{order.expected} {expected_hash or ''}".strip(),
                          f"{words(answer.get('orderId'))}: {words(answer.get('status'))} "
                          f"{answer.get('bakongHash') or ''}".strip()))
    if wrong:
        raise OutcomeMismatch(f"{len(wrong)} of {len(outcome.orders)} orders got the wrong answer",
                              expected="paid only when Bakong's transaction matches; not paid while not found",
                              actual=table(("order", "expected", "answered"), wrong[:20]), requirement=requirement)


@check("REQ-OAPI-RATE")
def orders_to_retry_later(outcome: OrdersOutcome) -> None:
    """While Bakong asks to wait, every order is answered "retry later": neither failed, nor unpaid, nor paid."""
    wrong = [(a.get("orderId"), a.get("status")) for a in outcome.answers if a.get("status") != "RETRY_LATER"]
    if wrong or len(outcome.answers) != len(outcome.orders):
        raise OutcomeMismatch("The participant gave a verdict on orders Bakong could not be asked about",
                              expected=f"RETRY_LATER for each of the {len(outcome.orders)} orders",
                              actual=(table(("order", "answered"), wrong) if wrong else "")
                              + f"\n{len(outcome.answers)} answers", requirement="REQ-OAPI-RATE")


@check("REQ-OAPI-REQUESTS")
def open_api_calls_documented(outcome: OrdersOutcome) -> None:
    """The participant asked Bakong, and every call used a documented operation, its fields and the bearer token."""
    if not outcome.calls:
        raise OutcomeMismatch("The participant did not ask Bakong about the orders",
                              expected="at least one Open API call", actual="none", requirement="REQ-OAPI-REQUESTS")
    wrong = []
    for call in outcome.calls:
        if call.path not in DOCUMENTED_PATHS:
            wrong.append((call.path, "not an operation of the Bakong Open API"))
        elif call.path.startswith(_LOOKUPS) and call.auth in ("none", "malformed"):
            wrong.append((call.path, f"no 'Authorization: Bearer <token>' header ({call.auth})"))
        elif call.path.startswith(_LOOKUPS) and call.auth == "unknown":
            wrong.append((call.path, "a token Bakong never issued (not from renew_token)"))
        elif call.problems:
            wrong.append((call.path, "; ".join(call.problems[:3])))
    if wrong:
        raise ContractViolation("A call to the Bakong Open API does not follow its documentation",
                                expected="documented operations, fields and bearer token",
                                actual=table(("operation", "problem"), wrong), requirement="REQ-OAPI-REQUESTS")


@check("REQ-OAPI-TOKEN")
def token_renewed(outcome: OrdersOutcome) -> None:
    """With its token expired, the participant renewed it with its registered e-mail and then asked Bakong with
    the new token (whether it first met the "unauthorised" answer or renewed ahead of it)."""
    renewed = next((i for i, c in enumerate(outcome.calls) if c.path == "/v1/renew_token" and c.status == 200
                    and c.envelope.get("responseCode") == 0), None)
    after = outcome.calls[renewed + 1:] if renewed is not None else ()
    lookups = [c for c in after if c.path.startswith(_LOOKUPS)]
    if renewed is None or not lookups or any(c.auth != "valid" for c in lookups):
        rows = [(c.path, c.auth, c.status) for c in outcome.calls]
        raise OutcomeMismatch("The participant did not renew its expired Open API token and carry on",
                              expected="renew_token with the registered e-mail, then lookups with the new token",
                              actual=table(("operation", "token", "HTTP"), rows) if rows else "no call at all",
                              requirement="REQ-OAPI-TOKEN")


@check("REQ-OAPI-RATE")
def no_call_during_wait(outcome: OrdersOutcome) -> None:
    """No lookup reached Bakong after a "too many requests" answer and before the time it asked to wait."""
    history = [*(outcome.earlier.calls if outcome.earlier else ()), *outcome.calls]
    limited = next((c for c in history if c.status == 429), None)
    if limited is None:
        rows = [(c.path, c.status) for c in history]
        raise OutcomeMismatch("The participant never met Bakong's rate limit, so its waiting cannot be judged",
                              expected="a lookup answered 429, then none until the wait is over",
                              actual=table(("operation", "HTTP"), rows) if rows else "no call at all",
                              requirement="REQ-OAPI-RATE")
    until = limited.at_ms + (limited.retry_after_s or 0) * 1000
    early = [(c.path, c.at_ms - limited.at_ms, c.status) for c in history
             if c is not limited and c.path.startswith(_LOOKUPS) and limited.at_ms <= c.at_ms < until]
    if early:
        raise OutcomeMismatch("The participant called Bakong again before the time Bakong asked it to wait",
                              expected=f"no lookup within {limited.retry_after_s} s of the 429 answer",
                              actual=table(("operation", "ms after the 429", "HTTP"), early),
                              requirement="REQ-OAPI-RATE")


@check("REQ-OAPI-BATCH")
def list_calls_within_limit(outcome: OrdersOutcome) -> None:
    """Every list lookup carried at most 50 md5 or hashes (a body too large to read counts as too many)."""
    over = [(c.path, len(c.body) if isinstance(c.body, list) else f"not a list: {words(c.body)[:60]}")
            for c in outcome.calls if c.path in _LISTS and (not isinstance(c.body, list) or len(c.body) > LIST_LIMIT)]
    if over:
        raise OutcomeMismatch("A list lookup carried more than 50 items",
                              expected=f"at most {LIST_LIMIT} per call", actual=table(("operation", "items"), over),
                              requirement="REQ-OAPI-BATCH")
