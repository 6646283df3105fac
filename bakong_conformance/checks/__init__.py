"""Conformance checks: one small named function per property, each bound to the requirement IDs it proves.

A check returns nothing when the participant conforms and raises a
:class:`~bakong_conformance.errors.ConformanceFailure` subclass (title, expected, actual, requirement) when it
does not; a problem of the harness itself raises a :class:`~bakong_conformance.errors.HarnessError`.
``REGISTRY`` maps each check name to its requirements; ``checks_for(requirement_id)`` lists a requirement's
checks. Modules: ``issuing`` (what the participant issues), ``acceptance`` (its scanner), ``api`` (the
certification interface).
"""

from __future__ import annotations

from ._registry import REGISTRY, RegisteredCheck, check, checks_for
from .acceptance import accepted_with_details, rejected_with
from .api import answer_follows_contract, answers_only_with_token, declares_capability
from .issuing import (
    amount_text,
    amount_written_for_currency,
    carries_requested_details,
    crc_is_correct,
    is_dynamic_with_expiry,
    is_static,
    issued_is_canonical,
    issued_is_well_formed,
    issued_not_refused,
    lengths_count_utf16_units,
    md5_is_of_whole_qr,
    merchant_has_id_and_bank,
    refused_with,
)

__all__ = [
    "REGISTRY",
    "RegisteredCheck",
    "accepted_with_details",
    "amount_text",
    "amount_written_for_currency",
    "answer_follows_contract",
    "answers_only_with_token",
    "carries_requested_details",
    "check",
    "checks_for",
    "crc_is_correct",
    "declares_capability",
    "is_dynamic_with_expiry",
    "is_static",
    "issued_is_canonical",
    "issued_is_well_formed",
    "issued_not_refused",
    "lengths_count_utf16_units",
    "md5_is_of_whole_qr",
    "merchant_has_id_and_bank",
    "refused_with",
    "rejected_with",
]
