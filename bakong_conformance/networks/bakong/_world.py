"""The state one simulated Bakong keeps: clock, ledger, tokens, switch credentials, accounts, e-mails, faults and
rate limit."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ...evidence import scrub
from .._clock import Clock
from .._faults import FaultPlan
from ._credentials import SwitchAccess
from ._faults import Fault
from ._ledger import Ledger
from ._rate import RateLimit
from ._tokens import Tokens

__all__ = ["World"]


@dataclass(slots=True)
class World:
    """Everything the handlers of the switch and of the Open API read and change."""

    clock: Clock
    tokens: Tokens
    list_limit: int
    ledger: Ledger = field(default_factory=Ledger)
    rate: RateLimit = field(default_factory=RateLimit)
    faults: FaultPlan[Fault] = field(default_factory=FaultPlan)
    switch: SwitchAccess = field(default_factory=SwitchAccess)
    accounts: set[str] = field(default_factory=set)
    emails: set[str] = field(default_factory=set)

    def knows_account(self, account_id: str) -> bool:
        """True for a registered account or one that has paid through Bakong."""
        return account_id in self.accounts or account_id in self.ledger.payers()

    def scrub(self, value: Any) -> Any:
        """``value`` (parsed JSON) with every issued Open API token and every switch credential redacted (both
        are registered secrets: :func:`bakong_conformance.evidence.scrub`)."""
        return scrub(value)
