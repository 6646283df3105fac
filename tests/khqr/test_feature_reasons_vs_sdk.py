"""Every official reason a feature shows for a refusal or a rejection is what the official SDK itself does with that
very input (bakong-khqr 1.0.20, through tools/sdk-oracle), so a reason code is demanded only where the SDK yields it.

* Issuing rows: the SDK's ``generateIndividual`` / ``generateMerchant`` on the fixture's request, with
  ``Date.now()`` pinned to its ``sandboxNow`` (and our documented ``KHR``/``USD`` aliases as 116/840).
* Scanning rows: the SDK's ``verify`` at the case's time, with the code it computes and hides behind
  ``{isValid: false}`` (oracle.js replays its internal ``decodeValidation``).

``code N``: the SDK refuses or rejects with N. ``none, the SDK gives no code``: it refuses or rejects too, without a
code. ``none, stricter than the SDK``: it does not refuse: it issues a KHQR (or reports success without one), its
verify accepts, or never returns. Every row still demands a refusal or a rejection (the harness is never more
lenient than the SDK), and a sandbox that passes through what the SDK does fails exactly the rows where the SDK is
lenient, and no other.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from gherkin.parser import Parser

from bakong_conformance import checks, fixtures, khqr
from bakong_conformance.checks._text import official_code
from bakong_conformance.errors import ConformanceFailure
from bakong_conformance.participant import IssueResult, ScanResult

try:                                  # tests/khqr as a package, or as a rootdir-relative folder
    from .sdk_oracle import run_oracle
except ImportError:
    from sdk_oracle import run_oracle

FEATURES = Path(__file__).resolve().parents[2] / "features"
NOW = 1_760_000_000_000              # the sandbox clock of every issuing request and of unpinned scan cases
ALIASES = {"KHR": 116, "USD": 840}   # Participant API v1 currency aliases; the SDK itself refuses them (28)
STRICTER, NO_CODE = "none, stricter than the SDK", "none, the SDK gives no code"
REASON_STEP = "(official reason: <reason>)"

Row = tuple[str, str, str]           # feature file, fixture name, official reason as the feature shows it


def _rows() -> list[Row]:
    """Every Examples row of every outline whose step names ``<reason>``, read with the Gherkin parser."""
    rows: list[Row] = []
    for path in sorted(FEATURES.rglob("*.feature")):
        feature = Parser().parse(path.read_text(encoding="utf-8"))["feature"]
        children = [c for child in feature["children"] for c in child.get("rule", {}).get("children", [child])]
        for scenario in (c["scenario"] for c in children if "scenario" in c):
            if not any(REASON_STEP in step["text"] for step in scenario["steps"]):
                continue
            for examples in scenario["examples"]:
                header = [cell["value"] for cell in examples["tableHeader"]["cells"]]
                for body in examples["tableBody"]:
                    cells = dict(zip(header, (cell["value"] for cell in body["cells"]), strict=True))
                    rows.append((path.name, cells[header[0]], cells["reason"]))
    return rows


ROWS = _rows()


def _issuing(name: str) -> fixtures.IssuingCase:
    return fixtures.issuing_case(name, NOW)


def _scan(name: str) -> fixtures.ScanCase:
    return fixtures.scan_case(name, NOW)


def _item(feature: str, name: str) -> dict[str, Any]:
    if feature == "issuing.feature":
        request = dict(_issuing(name).request)
        now = request.pop("sandboxNow")
        currency = request.get("currency")
        alias = {"currency": ALIASES[currency]} if isinstance(currency, str) and currency in ALIASES else {}
        return {"op": "generate", **request, **alias, "now": now}
    case = _scan(name)
    return {"op": "verify", "qr": case.qr, "now": case.now_ms}


@pytest.fixture(scope="module")
def sdk() -> dict[tuple[str, str], dict[str, Any]]:
    """The SDK's answer to every row's input (one oracle run), keyed by (feature, name)."""
    keys = sorted({(feature, name) for feature, name, _ in ROWS})
    answers = run_oracle([_item(*key) for key in keys], verify_timeout_ms=1000)
    return dict(zip(keys, answers, strict=True))


def sdk_reason(answer: dict[str, Any]) -> str:
    """The official reason a feature must show for the SDK's ``answer``."""
    assert "error" not in answer, answer
    if answer.get("errorCode") is not None:
        return f"code {answer['errorCode']}"
    if "isValid" in answer:                                  # verify: accepts (stricter) or rejects without a code
        return STRICTER if answer["isValid"] else NO_CODE
    if answer.get("hang"):                                   # verify never returns; the harness wants a prompt "no"
        return STRICTER
    return STRICTER if answer["code"] == 0 else NO_CODE      # generate: issues (or "succeeds" without a QR) or not


def test_every_refusal_and_rejection_row_is_audited() -> None:
    per_feature = Counter(feature for feature, _, _ in ROWS)
    assert per_feature["issuing.feature"] >= 15
    assert per_feature["acceptance.feature"] >= 40
    assert {reason for _, _, reason in ROWS} >= {STRICTER, NO_CODE, "code 8"}


@pytest.mark.parametrize(("feature", "name", "reason"), ROWS, ids=[f"{f}:{n}" for f, n, _ in ROWS])
def test_feature_reason_is_what_the_sdk_does_with_that_input(sdk: dict[tuple[str, str], dict[str, Any]],
                                                              feature: str, name: str, reason: str) -> None:
    answer = sdk[(feature, name)]
    assert reason == sdk_reason(answer), f"the official SDK answers {answer}"
    case = _issuing(name) if feature == "issuing.feature" else _scan(name)
    assert case.sdk_code == official_code(reason)
    assert not (case.valid if isinstance(case, fixtures.IssuingCase) else case.accepted), "still refused"


def _issued_by_the_sdk(answer: dict[str, Any]) -> IssueResult:
    """What a sandbox passing the SDK's generate through answers: its KHQR, or a refusal with the SDK's code (null
    when it has none, as when it "succeeds" without a KHQR) and no rule."""
    if answer["code"] == 0 and answer["qr"] is not None:
        return IssueResult(answer["qr"], answer["md5"], None)
    return IssueResult(None, None, {"code": "KHQR_REFUSED", "message": answer.get("message") or "not issued",
                                    "sdkCode": answer["errorCode"], "rule": None})


def _scanned_by_the_sdk(answer: dict[str, Any], case: fixtures.ScanCase) -> ScanResult:
    """What a scanner on the SDK's verify answers, with its own time limit (a hang is a rejection without a code)."""
    if answer.get("isValid"):
        return ScanResult(True, khqr.decode(case.qr), None, case.qr, case.now_ms)
    reason = {"sdkCode": answer.get("errorCode"), "rule": None, "message": "not a valid KHQR"}
    return ScanResult(False, None, reason, case.qr, case.now_ms)


def _fails(check: Any, *args: Any) -> bool:
    try:
        check(*args)
    except ConformanceFailure:
        return True
    return False


def test_a_sandbox_on_the_sdk_fails_exactly_the_sdk_leniencies(sdk: dict[tuple[str, str], dict[str, Any]]) -> None:
    failed: set[tuple[str, str]] = set()
    lenient: set[tuple[str, str]] = set()
    for feature, name, reason in ROWS:
        key = (feature, name)
        answer = sdk[(feature, name)]
        if feature == "issuing.feature":
            case = _issuing(name)
            result = _issued_by_the_sdk(answer)
            lenient |= {key} if result.qr is not None else set()
            failed |= {key} if _fails(checks.refused_with, result, reason, case.rule) else set()
        else:
            scan = _scan(name)
            scanned = _scanned_by_the_sdk(answer, scan)
            lenient |= {key} if scanned.accepted else set()
            failed |= {key} if _fails(checks.rejected_with, scanned, reason, scan.requirement) else set()
    assert failed == lenient
    assert {reason for feature, name, reason in ROWS if (feature, name) in lenient} == {STRICTER}
