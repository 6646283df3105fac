"""The ``check_transaction_*`` endpoints of the Bakong Open API: finding settled payments in the ledger.

Not found is not a failure: HTTP 200, responseCode 1, errorCode 1 ("not paid yet"). A static KHQR is paid
many times under one md5, so ``check_transaction_by_md5`` answers errorCode 2 for it and list items say
``STATIC_QR``; such payments are found by hash or by reference.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ._envelope import ERRORS, MISSING_FIELDS, NOT_FOUND, STATIC_QR, Reply, error, success
from ._ledger import Transaction, same_amount
from ._world import World

__all__ = ["LOOKUPS"]

FOUND = "Getting transaction successfully."
Lookup = Callable[[World, Any], Reply]


def by_md5(world: World, body: dict[str, Any]) -> Reply:
    """``{"md5"}``: the payment of a dynamic KHQR; errorCode 2 for a static one."""
    matches = world.ledger.find(lambda t: t.md5 == body["md5"])
    if any(t.static for t in matches):
        return error(STATIC_QR)
    return _one(matches[0] if matches else None)


def by_hash(world: World, body: dict[str, Any]) -> Reply:
    """``{"hash"}``: the transaction with this 64-hex hash."""
    return _one(world.ledger.first(lambda t: t.hash == body["hash"]))


def by_short_hash(world: World, body: dict[str, Any]) -> Reply:
    """``{"hash": 8 hex, "amount", "currency"}``: the transaction whose hash starts so, for that amount."""
    return _one(world.ledger.first(lambda t: t.short_hash == body["hash"] and t.currency == body["currency"]
                                   and same_amount(body["amount"], t.amount)))


def by_instruction_ref(world: World, body: dict[str, Any]) -> Reply:
    """``{"instructionRef"}``: the transaction Bakong gave this reference."""
    return _one(world.ledger.first(lambda t: t.instruction_ref == body["instructionRef"]))


def by_external_ref(world: World, body: dict[str, Any]) -> Reply:
    """``{"externalRef"}``: the (first) transaction the paying participant gave this reference."""
    return _one(world.ledger.first(lambda t: t.external_ref == body["externalRef"]))


def by_md5_list(world: World, body: list[str]) -> Reply:
    """A JSON array of md5: one ``{md5, status, message, data}`` item each."""
    return _over_limit(world, body) or success(FOUND, [_md5_item(world, md5) for md5 in body])


def by_hash_list(world: World, body: list[str]) -> Reply:
    """A JSON array of hashes: one ``{hash, status, message, data}`` item each."""
    return _over_limit(world, body) or success(FOUND, [_hash_item(world, value) for value in body])


def _one(transaction: Transaction | None) -> Reply:
    return error(NOT_FOUND) if transaction is None else success(FOUND, transaction.as_open_api())


def _over_limit(world: World, body: list[str]) -> Reply | None:
    if len(body) <= world.list_limit:
        return None
    problem = f"$: {len(body)} items, more than the {world.list_limit} a list may hold"
    return error(MISSING_FIELDS, detail=f"a list holds at most {world.list_limit} items", problems=(problem,))


def _md5_item(world: World, md5: str) -> dict[str, Any]:
    matches = world.ledger.find(lambda t: t.md5 == md5)
    if any(t.static for t in matches):
        return {"md5": md5, "status": "STATIC_QR", "message": ERRORS[STATIC_QR].message, "data": None}
    return {"md5": md5, **_item(matches[0] if matches else None)}


def _hash_item(world: World, value: str) -> dict[str, Any]:
    return {"hash": value, **_item(world.ledger.first(lambda t: t.hash == value))}


def _item(transaction: Transaction | None) -> dict[str, Any]:
    if transaction is None:
        return {"status": "NOT_FOUND", "message": ERRORS[NOT_FOUND].message, "data": None}
    return {"status": "SUCCESS", "message": FOUND, "data": transaction.as_open_api()}


LOOKUPS: dict[str, Lookup] = {
    "check_transaction_by_md5": by_md5,
    "check_transaction_by_hash": by_hash,
    "check_transaction_by_short_hash": by_short_hash,
    "check_transaction_by_instruction_ref": by_instruction_ref,
    "check_transaction_by_external_ref": by_external_ref,
    "check_transaction_by_md5_list": by_md5_list,
    "check_transaction_by_hash_list": by_hash_list,
}
"""Endpoint name (the path after ``/v1/``) → lookup; each needs a token and is rate limited."""
