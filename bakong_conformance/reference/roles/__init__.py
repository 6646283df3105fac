"""The reference participant's defect switches, one module per role it plays; importing this package registers
every one of them in the registry (``reference/_registry.py``, which imports no role, so there is no cycle)."""

from __future__ import annotations

from . import acceptor, acquirer, interface, issuer, open_api_client, payer, wallet

__all__ = ["acceptor", "acquirer", "interface", "issuer", "open_api_client", "payer", "wallet"]
