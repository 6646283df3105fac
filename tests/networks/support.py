"""Constants and helpers shared by the simulated-Bakong tests."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx

from bakong_conformance import schemas

__all__ = ["CREDENTIAL", "EMAIL", "MINUTE_MS", "PARTICIPANT", "PAYEE", "PAYER", "SHOP", "START_MS", "SWITCH",
           "SWITCH_AUTH", "Instruction", "Post", "answer_problems", "envelope_problems"]

START_MS = 1_742_250_595_000  # 2025-03-17 22:29:55 UTC
MINUTE_MS = 60_000
EMAIL = "sandbox@example.com"
PAYEE = "jonhsmith@nbcq"
SHOP = "coffee@aclb"
PAYER = "sokha_chan@abaa"
SWITCH = "/switch/v1/instructions"
PARTICIPANT = "REFBKHPP"                              # the participant authorised on the switch
CREDENTIAL = "switch-credential-of-the-tests-0001"    # its switch credential
SWITCH_AUTH = {"Authorization": f"Bearer {CREDENTIAL}"}

Post = Callable[..., httpx.Response]
"""POST to the simulator in-process: ``post(path, json=..., headers=...)`` (the switch: with :data:`SWITCH_AUTH`
unless ``headers`` are given)."""
Instruction = Callable[..., dict[str, Any]]
"""Build an instruction body: ``instruction(member=value, ...)``; a value of None removes the member."""


def envelope_problems(body: object) -> list[str]:
    """Violations of ``body`` against the Open API envelope schema."""
    return schemas.violations(body, "bakong-open-api", "v1", "envelope")


def answer_problems(body: object) -> list[str]:
    """Violations of ``body`` against the switch's instruction-answer schema."""
    return schemas.violations(body, "bakong-switch", "v1", "instruction-answer")
