"""``python -m bakong_conformance.catalogue``: print the KHQR policy table (docs/khqr-policy.md) as Markdown."""

from __future__ import annotations

from . import Rule, requirements, rules

__all__ = ["policy_markdown"]

_HEAD = """# KHQR payload policy

Generated from `bakong_conformance/catalogue/rules.toml` by `python -m bakong_conformance.catalogue`; a test
fails when this file is stale. Every finding of `bakong-conformance khqr verify` names one of these rules.

Policy: strict by EMVCo merchant-presented mode and the KHQR generator, **never more lenient than the official
SDK** (bakong-khqr 1.0.20). *error* = not a valid KHQR (a scanner must reject it, an issuer must never
produce it); *warning* = accepted but not what the official generator writes. *SDK code* = the official SDK's
error code for the same rule, reported by scanners as the rejection reason. A scenario demands it only where the
SDK itself yields that code for the scenario's input (`code N` in the feature tables; each one is proven against
the SDK by `tests/khqr/test_feature_reasons_vs_sdk.py`).

| rule | severity | SDK code | rule text | source | official SDK 1.0.20 |
|---|---|---|---|---|---|
"""


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def _code(rule: Rule) -> str:
    if rule.sdk_code is None:
        return ""
    if not rule.sdk_verify:
        return f"{rule.sdk_code} (generate only)"
    return f"{rule.sdk_code} (verify: {rule.verify_code})" if rule.verify_code else str(rule.sdk_code)


def policy_markdown() -> str:
    """The policy table and the requirement catalogue as one Markdown document."""
    rows = [f"| `{r.id}` | {r.severity} | {_code(r)} | {_cell(r.title)} | {_cell(r.source)} | "
            f"{_cell(r.sdk) or 'same'} |" for r in rules().values()]
    reqs = [f"| `{q.id}` | {q.level} | {q.capability} | {_cell(q.title)} | {_cell(q.source)} |"
            for q in requirements().values()]
    return _HEAD + "\n".join(rows) + "\n\n## Requirements\n\n| requirement | level | capability | title | source |\n" \
        "|---|---|---|---|---|\n" + "\n".join(reqs) + "\n"


if __name__ == "__main__":
    print(policy_markdown(), end="")
