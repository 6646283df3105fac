"""Defects of the reference participant's scanner (capability ``khqr-acceptor``)."""

from __future__ import annotations

import dataclasses
from typing import Any

import anyio

from .._behaviour import Behaviour
from .._registry import defect
from ._blocks import ignoring

# --- accepting -------------------------------------------------------------------------------------------------
defect("scanner-accepts-bad-crc", "The scanner does not check the CRC",
       "REQ-KHQR-ACC-CRC")(ignoring("KHQR-CRC-MATCH", "KHQR-CRC-FORMAT"))
defect("scanner-accepts-expired", "The scanner accepts a dynamic KHQR after its expiry",
       "REQ-KHQR-ACC-DYNAMIC")(ignoring("KHQR-EXPIRED"))
defect("scanner-accepts-pfi-02", "The scanner accepts any payload format indicator (as the official SDK does)",
       "REQ-KHQR-ACC-HEADER")(ignoring("KHQR-PFI-VALUE"))
defect("scanner-accepts-poi-13", "The scanner accepts a point of initiation method other than 11 or 12",
       "REQ-KHQR-ACC-HEADER")(ignoring("KHQR-POI-VALUE"))
defect("scanner-accepts-missing-city", "The scanner accepts a KHQR without a merchant city",
       "REQ-KHQR-ACC-MANDATORY")(ignoring("KHQR-CITY-PRESENT"))
defect("scanner-accepts-long-name", "The scanner accepts a merchant name over 25 characters",
       "REQ-KHQR-ACC-VALUES")(ignoring("KHQR-NAME-LENGTH"))


def _hangs(b: Behaviour) -> Behaviour:
    async def scan(qr: str, now_ms: int) -> dict[str, Any]:
        if any(f.rule == "KHQR-TEMPLATE-SYNTAX" for f in b.findings(qr, now_ms)):
            await anyio.sleep_forever()        # like the official SDK's endless sub-tag loop
        return await b.scan(qr, now_ms)
    return dataclasses.replace(b, scan=scan)


defect("scanner-hangs-on-malformed-template", "The scanner never answers when a template is not well formed",
       "REQ-KHQR-ACC-STRUCTURE")(_hangs)


def _reason_without_code(b: Behaviour) -> Behaviour:
    async def scan(qr: str, now_ms: int) -> dict[str, Any]:
        answer = await b.scan(qr, now_ms)
        if not answer["accepted"]:
            answer["reason"]["sdkCode"] = None
        return answer
    return dataclasses.replace(b, scan=scan)


defect("scanner-reason-without-code", "The scanner rejects without the official SDK's error code",
       "REQ-KHQR-ACC-CRC", "REQ-KHQR-ACC-MANDATORY", "REQ-KHQR-ACC-DYNAMIC")(_reason_without_code)


def _normalised_amount(b: Behaviour) -> Behaviour:
    async def scan(qr: str, now_ms: int) -> dict[str, Any]:
        answer = await b.scan(qr, now_ms)
        amount = answer.get("payment", {}).get("transactionAmount")
        if amount and "." in amount:
            answer["payment"]["transactionAmount"] = amount.rstrip("0").rstrip(".")
        return answer
    return dataclasses.replace(b, scan=scan)


defect("scanner-normalises-amount", "The scanner reports 100.0 as 100 instead of the amount as encoded",
       "REQ-KHQR-ACC-VALID")(_normalised_amount)
