"""Payment scenarios: the codes a customer pays, and the scene that plays one scenario's world.

``PaymentScene`` (``_scene``) holds the participant's sandbox, the simulated Bakong and the clock; each step calls
one of its methods and gets back an immutable record (:class:`PaymentOutcome`, :class:`OrdersOutcome`) that the
checks in :mod:`bakong_conformance.checks.payments` and :mod:`~bakong_conformance.checks.open_api_client` judge.
Codes (``_codes``) are named fixtures: valid issuing requests issued at the scenario's time, or scan cases.
"""

from __future__ import annotations

from ._codes import CURRENCIES, PaymentCode, payment_code, payment_codes
from ._scene import (
    BAKONG_BEHAVIOURS,
    HARNESS_EMAIL,
    PARTICIPANT_EMAIL,
    Order,
    OrdersOutcome,
    PaymentOutcome,
    PaymentScene,
)

__all__ = [
    "BAKONG_BEHAVIOURS",
    "CURRENCIES",
    "HARNESS_EMAIL",
    "PARTICIPANT_EMAIL",
    "Order",
    "OrdersOutcome",
    "PaymentCode",
    "PaymentOutcome",
    "PaymentScene",
    "payment_code",
    "payment_codes",
]
