"""Defects of the reference participant confirming orders with the Bakong Open API
(capability ``bakong-open-api-client``)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .._bakong_client import ApiAnswer, Connection, OpenApi
from .._orders import FAILED, Order
from .._registry import defect
from ._blocks import orders_piece


# --- confirming orders (bakong-open-api-client) ----------------------------------------------------------------
async def _call_once(api: OpenApi, path: str, body: Any) -> ApiAnswer:
    return await api.post(path, body)


async def _at_once_again(call: Callable[[], Any], connection: Connection, now_ms: int) -> ApiAnswer | None:
    answer: ApiAnswer = await call()
    if answer.rate_limited:
        answer = await call()
    return None if answer.rate_limited else answer


def _not_found_failed(status_of: Callable[[str], str]) -> Callable[[str], str]:
    return lambda status: FAILED if status == "NOT_FOUND" else status_of(status)


def _any_amount(order: Order, transaction: dict[str, Any]) -> bool:
    return True


defect("open-api-token-without-bearer", "Sends the Open API token without the 'Bearer' scheme",
       "REQ-OAPI-REQUESTS")(orders_piece("authorization", lambda _: lambda token: token))
defect("not-found-as-failed", "Reads \"transaction could not be found\" as a failed payment",
       "REQ-OAPI-NOT-FOUND")(orders_piece("status_of", _not_found_failed))
defect("confirms-any-amount", "Confirms an order as paid whenever Bakong has a transaction for its md5",
       "REQ-OAPI-CONFIRM")(orders_piece("matches", lambda _: _any_amount))
defect("token-not-renewed", "Gives up when the Open API token has expired instead of renewing it",
       "REQ-OAPI-TOKEN")(orders_piece("call", lambda _: _call_once))
defect("retries-at-once-on-429", "Calls again at once after 'too many requests', ignoring Retry-After",
       "REQ-OAPI-RATE")(orders_piece("polite", lambda _: _at_once_again))
defect("list-call-with-51-items", "Sends 51 md5 per list lookup (the Open API allows 50)",
       "REQ-OAPI-BATCH")(orders_piece("batch_size", lambda _: 51))
