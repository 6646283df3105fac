"""The Bakong Open API endpoints that need no token: ``renew_token``, ``check_bakong_account`` and
``generate_deeplink_by_qr`` (the official SDK calls the last two without one)."""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Callable
from typing import Any

from ... import khqr
from ._envelope import ACCOUNT_NOT_FOUND, INVALID_ACCOUNT, MISSING_FIELDS, NOT_REGISTERED, Reply, error, success
from ._world import World

__all__ = ["MAX_ACCOUNT_ID", "SERVICES", "valid_account_id"]

MAX_ACCOUNT_ID = 32
SHORT_LINK = "https://bakongsit.page.link/"


def valid_account_id(account_id: str) -> bool:
    """A Bakong account ID as the official SDK checks it: exactly one ``@`` and at most 32 characters."""
    return account_id.count("@") == 1 and len(account_id) <= MAX_ACCOUNT_ID


def renew_token(world: World, body: dict[str, Any]) -> Reply:
    """``{"email"}``: a new token for a registered e-mail; errorCode 10 otherwise."""
    if body["email"] not in world.emails:
        return error(NOT_REGISTERED)
    return success("Token has been issued", {"token": world.tokens.issue(body["email"], world.clock.now_ms())})


def check_bakong_account(world: World, body: dict[str, Any]) -> Reply:
    """``{"accountId"}``: responseCode 0 when Bakong knows it; errorCode 12 invalid, 11 unknown."""
    account_id = body["accountId"]
    if not valid_account_id(account_id):
        return error(INVALID_ACCOUNT)
    return success("Account ID exists", None) if world.knows_account(account_id) else error(ACCOUNT_NOT_FOUND)


def generate_deeplink_by_qr(world: World, body: dict[str, Any]) -> Reply:
    """``{"qr", "sourceInfo"?}``: a short link for a KHQR valid now; errorCode 5 for any other text."""
    verdict = khqr.verify(body["qr"], now_ms=world.clock.now_ms())
    if not verdict.valid:
        found = verdict.reason
        reason = f"{found.rule}: {found.message}" if found is not None else "invalid"
        return error(MISSING_FIELDS, detail=f"not a valid KHQR: {reason}", problems=(f"$.qr: {reason}",))
    return success("Getting deep link successfully", {"shortLink": SHORT_LINK + _link_id(body["qr"])})


def _link_id(qr: str) -> str:
    """The same short, URL-safe id for the same KHQR."""
    return base64.urlsafe_b64encode(hashlib.sha256(qr.encode("utf-8")).digest()[:9]).decode("ascii")


SERVICES: dict[str, Callable[[World, Any], Reply]] = {
    "renew_token": renew_token,
    "check_bakong_account": check_bakong_account,
    "generate_deeplink_by_qr": generate_deeplink_by_qr,
}
"""Endpoint name (the path after ``/v1/``) → handler; none needs a token."""
