"""The requirement catalogue and the policy table are consistent, and the policy document is current."""

from __future__ import annotations

from pathlib import Path

from bakong_conformance.catalogue import LEVELS, capabilities, requirements, rules
from bakong_conformance.catalogue.__main__ import policy_markdown
from bakong_conformance.khqr._rules import CHECKS

ROOT = Path(__file__).resolve().parents[1]
GENERATION_ONLY = {"KHQR-TEMPLATE-LENGTH"}
REPORTED_BY_THE_READER = {"KHQR-INPUT-SIZE", "KHQR-TLV-SYNTAX"}   # DecodeError.rule, before any check runs


def test_policy_document_is_generated_from_the_table() -> None:
    assert (ROOT / "docs" / "khqr-policy.md").read_text(encoding="utf-8") == policy_markdown(), \
        "run: python -m bakong_conformance.catalogue > docs/khqr-policy.md"


def test_every_requirement_names_known_rules_and_a_valid_level() -> None:
    for req in requirements().values():
        assert set(req.rules) <= set(rules()), req.id
        assert req.level in {"mandatory", "conditional", "optional"}, req.id


def test_every_validation_rule_has_exactly_one_check() -> None:
    claimed = [rule for rule_ids, _, _ in CHECKS for rule in rule_ids]
    assert len(claimed) == len(set(claimed))
    assert set(claimed) | REPORTED_BY_THE_READER == set(rules()) - GENERATION_ONLY


def test_sdk_codes_are_official_codes() -> None:
    codes = {r.sdk_code for r in rules().values() if r.sdk_code is not None}
    assert codes <= set(range(1, 52))


def test_every_requirement_applies_to_a_known_capability_at_a_known_level() -> None:
    for req in requirements().values():
        assert req.capability in capabilities(), req.id
        assert req.level in LEVELS, req.id


def test_only_the_certification_interface_is_implied_for_every_participant() -> None:
    assert [c.id for c in capabilities().values() if c.implied] == ["participant-api"]


def test_the_capabilities_later_areas_need_are_already_declarable() -> None:
    assert {"khqr-issuer", "khqr-acceptor", "domestic-payer", "alipay-plus-acquirer", "alipay-plus-wallet",
            "link-thai-qr", "link-vietqr", "link-lao-qr", "link-duitnow", "link-unionpay"} <= set(capabilities())
