"""Fixtures of the simulated-Bakong tests: a fake clock, a simulator with one payee and one e-mail that takes
instructions of PARTICIPANT with CREDENTIAL, real KHQRs, instruction bodies, and a way to call the simulator
in-process through httpx."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import anyio
import httpx
import pytest

from bakong_conformance import khqr
from bakong_conformance.networks import (
    SIMULATOR_URL,
    BakongSimulator,
    FakeClock,
    LoopbackServer,
    in_process_transport,
)

from .support import (
    CREDENTIAL,
    EMAIL,
    MINUTE_MS,
    PARTICIPANT,
    PAYEE,
    PAYER,
    SHOP,
    START_MS,
    SWITCH,
    SWITCH_AUTH,
    Instruction,
    Post,
)


@pytest.fixture
def clock() -> FakeClock:
    """The simulated clock, at START_MS."""
    return FakeClock(START_MS)


@pytest.fixture
def simulator(clock: FakeClock) -> BakongSimulator:
    """A simulator on the fake clock knowing one e-mail and the payees of both QRs, taking instructions of
    PARTICIPANT with CREDENTIAL."""
    simulator = BakongSimulator(clock)
    simulator.authorise(PARTICIPANT, CREDENTIAL)
    simulator.register_email(EMAIL)
    simulator.register_account(PAYEE)
    simulator.register_account(SHOP)
    return simulator


@pytest.fixture
def token(simulator: BakongSimulator) -> str:
    """A valid Open API token."""
    return simulator.issue_token(EMAIL)


@pytest.fixture
def dynamic_qr(clock: FakeClock) -> khqr.Generated:
    """A dynamic KHQR asking 5000 riel of PAYEE, valid for 10 minutes."""
    request = {"kind": "individual", "bakongAccountID": PAYEE, "merchantName": "Jonh Smith",
               "merchantCity": "Phnom Penh", "currency": "KHR", "amount": 5000,
               "expirationTimestamp": clock.now_ms() + 10 * MINUTE_MS}
    return khqr.generate(request, now_ms=clock.now_ms())


@pytest.fixture
def static_qr() -> khqr.Generated:
    """A static merchant KHQR of SHOP in US dollars (no amount)."""
    request = {"kind": "merchant", "bakongAccountID": SHOP, "merchantName": "Riverside Coffee",
               "merchantCity": "Phnom Penh", "merchantID": "MID-0042", "acquiringBank": "ACLEDA Bank",
               "currency": "USD", "storeLabel": "Riverside"}
    return khqr.generate(request)


@pytest.fixture
def instruction(dynamic_qr: khqr.Generated) -> Instruction:
    """Build a valid instruction paying ``dynamic_qr`` (keyword arguments replace members; None removes one)."""
    def build(**changes: Any) -> dict[str, Any]:
        body = {"participantId": PARTICIPANT, "idempotencyKey": "pay-0000000000000001", "externalRef": "REF-1",
                "qr": dynamic_qr.qr, "md5": dynamic_qr.md5, "fromAccountId": PAYER, "toAccountId": PAYEE,
                "amount": "5000", "currency": "KHR"}
        body.update(changes)
        return {key: value for key, value in body.items() if value is not None}
    return build


@pytest.fixture
def post(simulator: BakongSimulator) -> Post:
    """POST to the simulator in-process, as an httpx.AsyncClient of a participant would (to the switch: with the
    switch credential unless ``headers`` are given)."""
    def send(path: str, **kwargs: Any) -> httpx.Response:
        if path == SWITCH:
            kwargs.setdefault("headers", SWITCH_AUTH)

        async def go() -> httpx.Response:
            async with httpx.AsyncClient(transport=in_process_transport(simulator), base_url=SIMULATOR_URL) as c:
                return await c.post(path, **kwargs)
        return anyio.run(go)
    return send


@pytest.fixture
def server(simulator: BakongSimulator) -> Iterator[LoopbackServer]:
    """The simulator listening on a free loopback port."""
    with LoopbackServer(simulator.app) as running:
        yield running
