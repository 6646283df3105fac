"""The reference participant as an Alipay+ wallet (capability ``alipay-plus-wallet``,
schemas/alipay-plus/README.md §1-2, §4 and §6): its routes.

The wallet's sandbox operations (``scanAlipayPlusCode``, ``confirmAlipayPlusPayment``) sit behind the bearer-token
guard like every Participant API operation and answer JSON (a bad body: 400, an unknown account or scan: 404);
``connectAlipayPlus`` and ``advanceSandbox`` are the :class:`~._alipay_link.AlipayLink`'s, shared with the
acquirer, where the wallet's notifications are registered. Alipay+'s requests (``inquiryPayment``,
``cancelPayment``, ``refund``) carry no token: they are read by the same wire as the acquirer's, under the
wallet's rules, and every one, refused or not, is answered HTTP 200 with a signed ``result``. The link's lock
serialises the wallet's operations with the acquirer's.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from ._alipay_client import AlipayConnection, AlipayPlus
from ._alipay_fields import wallet_refund_request, wallet_request
from ._alipay_link import AlipayLink, Endpoint
from ._alipay_notify import Notifier
from ._alipay_wire import AlipayWire
from ._bank import Ledger
from ._http import error
from ._requests import read_request, scan_confirmation_request, scan_request
from ._wallet import NOTIFY_PAYMENT, NoSuchAccount, NotConnectedToAlipay, Wallet
from ._wallet_books import WalletBooks
from ._wallet_messages import scan_view
from ._wallet_rules import WalletRules

__all__ = ["WALLET_PATH", "AlipayWallet"]

WALLET_PATH = "/v1/alipay-plus/wallet"
"""Where Alipay+'s requests to the participant as wallet go, under its ``base_url``."""
SCANS = "/v1/sandbox/alipay-plus/scans"


class AlipayWallet:
    """The wallet's operations over the customers' accounts in ``ledger``, reaching Alipay+ through ``http`` with
    ``timeout_s`` per call, connected to Alipay+ by ``link``."""

    def __init__(self, rules: WalletRules, clock: Callable[[], int], http: httpx.AsyncClient, timeout_s: float,
                 ledger: Ledger, link: AlipayLink) -> None:
        self.clock, self.link = clock, link
        self.books = WalletBooks(ledger)
        client = AlipayPlus(http, timeout_s, link.keys, link.client_id, rules.signing)
        self.notifier = Notifier(rules, client, lambda: link.connection, NOTIFY_PAYMENT, again=rules.resent)
        self.wallet = Wallet(rules, self.books, client, self.notifier)
        self.wire = AlipayWire(rules.signing, link.keys, link.client_id, clock)
        link.notifies(self.notifier)

    def routes(self, guard: Callable[[Endpoint], Endpoint]) -> list[Route]:
        """The sandbox operations behind ``guard``, Alipay+'s requests without it."""
        endpoint = self.link.endpoint
        return [Route(SCANS, guard(self.scan), methods=["POST"]),
                Route(SCANS + "/{scanId}/confirmation", guard(self.confirm), methods=["POST"]),
                Route(f"{WALLET_PATH}/inquiryPayment", endpoint(self.wire, self._inquire), methods=["POST"]),
                Route(f"{WALLET_PATH}/cancelPayment", endpoint(self.wire, self._cancel), methods=["POST"]),
                Route(f"{WALLET_PATH}/refund", endpoint(self.wire, self._refund), methods=["POST"])]

    # --- the sandbox operations -----------------------------------------------------------------------------------
    async def scan(self, request: Request) -> JSONResponse:
        """``scanAlipayPlusCode``: 200 with the payment screen or the refusal, 404 for an unknown account."""
        parsed = await read_request(request, lambda body: scan_request(body, self.clock))
        if isinstance(parsed, JSONResponse):
            return parsed
        try:
            async with self.link.lock:
                scan = await self.wallet.scan(parsed, self.link.connection)
        except NotConnectedToAlipay as bad:
            return error(400, "BAD_REQUEST", str(bad))
        except NoSuchAccount as unknown:
            return error(404, "NOT_FOUND", str(unknown))
        return JSONResponse(scan_view(scan))

    async def confirm(self, request: Request) -> JSONResponse:
        """``confirmAlipayPlusPayment``: 200 with the confirmation, 404 for an unknown scan."""
        now = await read_request(request, lambda body: scan_confirmation_request(body, self.clock))
        if isinstance(now, JSONResponse):
            return now
        async with self.link.lock:
            scan = self.books.scans.get(request.path_params["scanId"])
            if scan is None:
                return error(404, "NOT_FOUND", "no such scan")
            return JSONResponse(await self.wallet.confirm(scan, now))

    # --- Alipay+'s requests -------------------------------------------------------------------------------------------
    async def _inquire(self, body: dict[str, Any], connection: AlipayConnection, now_ms: int) -> dict[str, Any]:
        return self.wallet.inquire(wallet_request(body))

    async def _cancel(self, body: dict[str, Any], connection: AlipayConnection, now_ms: int) -> dict[str, Any]:
        return self.wallet.cancel(wallet_request(body), now_ms)

    async def _refund(self, body: dict[str, Any], connection: AlipayConnection, now_ms: int) -> dict[str, Any]:
        return self.wallet.refund(wallet_refund_request(body), now_ms)
