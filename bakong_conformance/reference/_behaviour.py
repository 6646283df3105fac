"""What the reference participant does, as replaceable functions: issue a KHQR, scan a KHQR, check access,
add headers to its answers, pay a scanned KHQR (``_payments.py``), confirm merchant orders with the Bakong
Open API (``_orders.py``), acquire for its merchants paid by Alipay+ wallets (``_acquirer_rules.py``) and, as an
Alipay+ wallet, let its customers pay Alipay+ merchants (``_wallet_rules.py``).

The correct behaviour lives here; each defect switch (``roles/``) wraps one of these functions, so a
defect is a small, named transformation and the app never asks which defect is on.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from typing import Any

from .. import khqr
from ._acquirer_rules import AcquirerRules, correct_acquirer
from ._orders import OrderRules, correct_orders
from ._payments import PaymentRules, correct_payments
from ._wallet_rules import WalletRules, correct_wallet

__all__ = ["Behaviour", "HeadersFn", "IssueFn", "ScanFn", "correct_behaviour", "no_extra_headers"]

IssueFn = Callable[[Mapping[str, Any], int], khqr.Generated]
ScanFn = Callable[[str, int], Awaitable[dict[str, Any]]]
FindingsFn = Callable[[str, int], list[khqr.Finding]]
HeadersFn = Callable[[str], Mapping[str, str]]
"""The headers added to every answer, given the ``Authorization`` header of the request it answers."""


def no_extra_headers(authorization: str) -> Mapping[str, str]:
    """A conforming answer carries nothing derived from the credentials it was called with."""
    return {}


@dataclass(frozen=True, slots=True)
class Behaviour:
    """The reference participant's behaviour: ``issue`` raises ``khqr.GenerationRefused`` to refuse;
    ``payments``, ``orders``, ``acquirer`` and ``wallet`` are the pieces of the payment, order-confirmation,
    Alipay+ acquiring and Alipay+ wallet engines."""

    issue: IssueFn
    scan: ScanFn
    findings: FindingsFn
    payments: PaymentRules
    orders: OrderRules
    acquirer: AcquirerRules
    wallet: WalletRules
    require_auth: bool = True
    answer_headers: HeadersFn = no_extra_headers


def issue_correctly(request: Mapping[str, Any], now_ms: int) -> khqr.Generated:
    """Issue exactly what the official SDK would, refusing what the standard does not allow."""
    return khqr.generate(request, now_ms=now_ms)


def findings_correctly(qr: str, now_ms: int) -> list[khqr.Finding]:
    """Every finding for a scanned QR at the given time."""
    return khqr.validate(qr, now_ms=now_ms)


def scanner(findings: FindingsFn) -> ScanFn:
    """A scanner that accepts a QR when ``findings`` has no error and reports the SDK's reason otherwise."""
    async def scan(qr: str, now_ms: int) -> dict[str, Any]:
        reason = khqr.primary_error(findings(qr, now_ms))
        if reason is None:
            return {"accepted": True, "payment": khqr.decode(qr)}
        return {"accepted": False, "reason": {"sdkCode": reason.sdk_code, "rule": reason.rule,
                                              "message": reason.message}}
    return scan


def correct_behaviour() -> Behaviour:
    """The behaviour of a fully conformant participant."""
    return Behaviour(issue=issue_correctly, scan=scanner(findings_correctly), findings=findings_correctly,
                     payments=correct_payments(), orders=correct_orders(), acquirer=correct_acquirer(),
                     wallet=correct_wallet())
