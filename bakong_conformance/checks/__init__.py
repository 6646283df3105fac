"""Conformance checks: one small named function per property, each bound to the requirement IDs it proves.

A check returns nothing when the participant conforms and raises a
:class:`~bakong_conformance.errors.ConformanceFailure` subclass (title, expected, actual, requirement) when it
does not; a problem of the harness itself raises a :class:`~bakong_conformance.errors.HarnessError`.
``REGISTRY`` maps each check name to its requirements; ``checks_for(requirement_id)`` lists a requirement's
checks. Modules: ``issuing`` (what the participant issues), ``acceptance`` (its scanner), ``api`` (the
certification interface), ``payments`` (the participant paying through Bakong), ``open_api_client`` (it confirming
orders with the Bakong Open API), ``alipay_plus_acquirer`` (it acquiring for KHQR merchants paid by Alipay+ wallets).
"""

from __future__ import annotations

from . import alipay_plus_acquirer
from ._registry import REGISTRY, RegisteredCheck, check, checks_for
from .acceptance import accepted_with_details, rejected_with
from .api import answer_follows_contract, answers_carry_no_credentials, answers_only_with_token, declares_capability
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
from .open_api_client import (
    list_calls_within_limit,
    no_call_during_wait,
    open_api_calls_documented,
    orders_answered,
    orders_to_retry_later,
    token_renewed,
)
from .payments import (
    bakong_finds_by_external_ref,
    bakong_finds_by_hash,
    bakong_finds_by_md5,
    bakong_finds_by_short_hash,
    bakong_refers_static_code_elsewhere,
    balance_unchanged,
    debited_once,
    instruction_carries_code,
    instruction_carries_entered_amount,
    instruction_carries_md5,
    instructions_follow_contract,
    instructions_in_own_name,
    made_once,
    nothing_sent_to_bakong,
    paid_as_two_payments,
    payment_refused_for,
    payment_succeeded,
    reported_rejected,
    view_agrees_with_bakong,
)

__all__ = [
    "REGISTRY",
    "RegisteredCheck",
    "accepted_with_details",
    "alipay_plus_acquirer",
    "amount_text",
    "amount_written_for_currency",
    "answer_follows_contract",
    "answers_carry_no_credentials",
    "answers_only_with_token",
    "bakong_finds_by_external_ref",
    "bakong_finds_by_hash",
    "bakong_finds_by_md5",
    "bakong_finds_by_short_hash",
    "bakong_refers_static_code_elsewhere",
    "balance_unchanged",
    "carries_requested_details",
    "check",
    "checks_for",
    "crc_is_correct",
    "debited_once",
    "declares_capability",
    "instruction_carries_code",
    "instruction_carries_entered_amount",
    "instruction_carries_md5",
    "instructions_follow_contract",
    "instructions_in_own_name",
    "is_dynamic_with_expiry",
    "is_static",
    "issued_is_canonical",
    "issued_is_well_formed",
    "issued_not_refused",
    "lengths_count_utf16_units",
    "list_calls_within_limit",
    "made_once",
    "md5_is_of_whole_qr",
    "merchant_has_id_and_bank",
    "no_call_during_wait",
    "nothing_sent_to_bakong",
    "open_api_calls_documented",
    "orders_answered",
    "orders_to_retry_later",
    "paid_as_two_payments",
    "payment_refused_for",
    "payment_succeeded",
    "refused_with",
    "rejected_with",
    "reported_rejected",
    "token_renewed",
    "view_agrees_with_bakong",
]
