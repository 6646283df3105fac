"""The verdict from scenario results: applicability, levels, broken runs, waivers and baseline changes."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import re
from pathlib import Path

import pytest

from bakong_conformance.catalogue import requirements
from bakong_conformance.certify import (
    FAILURE_TEXT_MAX,
    NOT_APPLICABLE,
    ScenarioResult,
    Waiver,
    changes_since,
    failure_parts,
    load_baseline,
    load_waivers,
    read_results,
    scope,
    summarise,
)
from bakong_conformance.config import reference_config
from bakong_conformance.errors import ConfigurationError

ON = dt.date(2026, 11, 21)
EVERYONE = reference_config()
ISSUER_ONLY = dataclasses.replace(EVERYONE, capabilities=frozenset({"khqr-issuer"}))


def _all_passed() -> list[ScenarioResult]:
    return [ScenarioResult(f"s-{r}", f"scenario of {r}", "passed", (r,), "") for r in requirements()]


def _with(scenarios: list[ScenarioResult], requirement: str, status: str) -> list[ScenarioResult]:
    return [dataclasses.replace(s, status=status) if s.requirements == (requirement,) else s for s in scenarios]


def _waiver(requirement: str, expires: dt.date) -> Waiver:
    return Waiver(requirement, "fix due in release 2.5", "NBC PSD letter 114", expires)


def test_all_passed_is_conformant() -> None:
    assert summarise(_all_passed(), EVERYONE, profile="full", on=ON)["verdict"] == "conformant"


def test_one_failed_mandatory_requirement_is_non_conformant() -> None:
    summary = summarise(_with(_all_passed(), "REQ-KHQR-ACC-CRC", "failed"), EVERYONE, profile="full", on=ON)
    assert summary["verdict"] == "non-conformant"
    assert summary["requirements"]["REQ-KHQR-ACC-CRC"]["status"] == "failed"


@pytest.mark.parametrize("status", ["broken", "skipped"])
def test_a_scenario_the_harness_could_not_judge_is_never_a_pass(status: str) -> None:
    summary = summarise(_with(_all_passed(), "REQ-KHQR-ACC-CRC", status), EVERYONE, profile="full", on=ON)
    assert summary["verdict"] == ("inconclusive" if status == "broken" else "conformant")
    assert summary["requirements"]["REQ-KHQR-ACC-CRC"]["status"] == status


def test_failure_outranks_breakage() -> None:
    scenarios = _with(_with(_all_passed(), "REQ-KHQR-ACC-CRC", "broken"), "REQ-API-AUTH", "failed")
    assert summarise(scenarios, EVERYONE, profile="full", on=ON)["verdict"] == "non-conformant"


def test_a_requirement_left_unrun_makes_a_full_run_inconclusive_but_not_a_smoke_run() -> None:
    scenarios = [s for s in _all_passed() if s.requirements != ("REQ-KHQR-ACC-CRC",)]
    assert summarise(scenarios, EVERYONE, profile="full", on=ON)["verdict"] == "inconclusive"
    assert summarise(scenarios, EVERYONE, profile="smoke", on=ON)["verdict"] == "conformant"


def test_nothing_passed_is_inconclusive() -> None:
    assert summarise([], EVERYONE, profile="smoke", on=ON)["verdict"] == "inconclusive"


def test_undeclared_capabilities_are_not_applicable_and_their_failures_do_not_decide() -> None:
    scenarios = [dataclasses.replace(s, status="not-applicable") if "ACC" in s.id else s for s in _all_passed()]
    summary = summarise(scenarios, ISSUER_ONLY, profile="full", on=ON)
    assert summary["verdict"] == "conformant"
    assert summary["requirements"]["REQ-KHQR-ACC-CRC"] | {"status": "not-applicable", "applicable": False} == \
        summary["requirements"]["REQ-KHQR-ACC-CRC"]
    assert summary["counts"]["not-applicable"] == 7


def test_an_applicable_requirement_whose_scenarios_were_all_not_applicable_was_not_run() -> None:
    scenarios = _with(_all_passed(), "REQ-API-AUTH", "not-applicable")
    summary = summarise(scenarios, EVERYONE, profile="full", on=ON)
    assert summary["requirements"]["REQ-API-AUTH"]["status"] == "not-run"
    assert summary["verdict"] == "inconclusive"


def test_an_optional_requirement_is_reported_but_never_decides(monkeypatch: pytest.MonkeyPatch) -> None:
    optional = dataclasses.replace(requirements()["REQ-API-AUTH"], level="optional")
    monkeypatch.setitem(requirements(), "REQ-API-AUTH", optional)
    summary = summarise(_with(_all_passed(), "REQ-API-AUTH", "failed"), EVERYONE, profile="full", on=ON)
    assert (summary["verdict"], summary["requirements"]["REQ-API-AUTH"]["status"]) == ("conformant", "failed")


def test_a_waiver_in_force_covers_a_failure_through_its_expiry_day() -> None:
    scenarios = _with(_all_passed(), "REQ-KHQR-ACC-CRC", "failed")
    summary = summarise(scenarios, EVERYONE, profile="full", waivers=[_waiver("REQ-KHQR-ACC-CRC", ON)], on=ON)
    assert summary["verdict"] == "conformant"
    assert summary["requirements"]["REQ-KHQR-ACC-CRC"]["status"] == "waived"
    assert summary["waivers"][0]["state"] == "applied"


def test_an_expired_waiver_fails() -> None:
    scenarios = _with(_all_passed(), "REQ-KHQR-ACC-CRC", "failed")
    expired = _waiver("REQ-KHQR-ACC-CRC", ON - dt.timedelta(days=1))
    summary = summarise(scenarios, EVERYONE, profile="full", waivers=[expired], on=ON)
    assert summary["verdict"] == "non-conformant"
    assert summary["requirements"]["REQ-KHQR-ACC-CRC"]["status"] == "failed"
    assert summary["waivers"][0]["state"] == "expired"


def test_a_waiver_never_covers_a_broken_run_and_an_unneeded_one_is_reported_unused() -> None:
    scenarios = _with(_all_passed(), "REQ-KHQR-ACC-CRC", "broken")
    summary = summarise(scenarios, EVERYONE, profile="full", on=ON,
                        waivers=[_waiver("REQ-KHQR-ACC-CRC", ON), _waiver("REQ-API-AUTH", ON)])
    assert summary["verdict"] == "inconclusive"
    assert [w["state"] for w in summary["waivers"]] == ["unused", "unused"]


WAIVER = '[[waiver]]\nrequirement = "REQ-API-AUTH"\nreason = "r"\nissued_by = "NBC"\nexpires = 2026-12-31\n'


def test_a_waivers_file_loads(tmp_path: Path) -> None:
    path = tmp_path / "waivers.toml"
    path.write_text(WAIVER, encoding="utf-8")
    assert load_waivers(path) == (Waiver("REQ-API-AUTH", "r", "NBC", dt.date(2026, 12, 31)),)


@pytest.mark.parametrize(("old", "new", "reason"), [
    ("expires = 2026-12-31", 'expires = "soon"', "expires must be a date"),
    ("REQ-API-AUTH", "REQ-NOPE", "unknown requirement"),
    ('reason = "r"\n', "", "needs exactly the keys"),
    ('issued_by = "NBC"', 'issued_by = " "', "must be non-empty text"),
    ("[[waiver]]", "[[waivers]]", "holds only [[waiver]] tables"),
])
def test_a_waivers_file_with_a_mistake_is_refused(tmp_path: Path, old: str, new: str, reason: str) -> None:
    path = tmp_path / "waivers.toml"
    path.write_text(WAIVER.replace(old, new), encoding="utf-8")
    with pytest.raises(ConfigurationError, match=re.escape(reason)):
        load_waivers(path)


def test_two_waivers_for_one_requirement_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "waivers.toml"
    path.write_text(WAIVER + WAIVER, encoding="utf-8")
    with pytest.raises(ConfigurationError, match="more than one waiver for REQ-API-AUTH"):
        load_waivers(path)


def test_changes_since_the_baseline_list_every_scenario_whose_status_moved(tmp_path: Path) -> None:
    before = summarise(_all_passed(), EVERYONE, profile="full", on=ON)
    path = tmp_path / "summary.json"
    path.write_text(json.dumps(before), encoding="utf-8")
    now = [*_with(_all_passed(), "REQ-API-AUTH", "failed")[1:], ScenarioResult("s-new", "new", "passed", (), "")]
    changes = changes_since(load_baseline(path), [s.as_json() for s in now])
    assert changes == [{"scenario": "s-REQ-API-AUTH", "before": "passed", "after": "failed"},
                       {"scenario": "s-REQ-KHQR-ISS-WELL-FORMED", "before": "passed", "after": "absent"},
                       {"scenario": "s-new", "before": "absent", "after": "passed"}]
    path.write_text("{}", encoding="utf-8")
    with pytest.raises(ConfigurationError, match=r"not a summary\.json"):
        load_baseline(path)


def test_allure_results_are_read_with_not_applicable_skips_and_unique_ids(tmp_path: Path) -> None:
    def result(name: str, status: str, message: str = "") -> dict[str, object]:
        return {"name": name, "fullName": f"f.feature:{name}", "status": status,
                "statusDetails": {"message": message}, "labels": [{"name": "tag", "value": "REQ-API-AUTH"}]}
    docs = [result("a", "passed"), result("a", "failed"), result("b", "skipped", f"Skipped: {NOT_APPLICABLE} x"),
            result("c", "weird")]
    for n, doc in enumerate(docs):
        (tmp_path / f"{n}-result.json").write_text(json.dumps(doc), encoding="utf-8")
    scenarios = read_results(tmp_path)
    assert [(s.id, s.status) for s in scenarios] == [("f.feature:a", "passed"), ("f.feature:a #2", "failed"),
                                                     ("f.feature:b", "not-applicable"), ("f.feature:c", "broken")]
    assert scenarios[0].requirements == ("REQ-API-AUTH",)


# --- the scope and the failure messages the certificate shows ------------------------------------------------


def test_the_scope_lists_what_was_assessed_and_what_was_declared_without_requirements() -> None:
    assert scope(EVERYONE) == {"assessed": ["participant-api", "khqr-issuer", "khqr-acceptor", "domestic-payer",
                                            "bakong-open-api-client", "alipay-plus-acquirer", "alipay-plus-wallet"],
                               "notAssessed": []}
    wider = dataclasses.replace(ISSUER_ONLY, capabilities=frozenset({"khqr-issuer", "link-vietqr",
                                                                      "link-thai-qr"}))
    summary = summarise(_all_passed(), wider, profile="full", on=ON)
    assert summary["capabilities"] == {"assessed": ["participant-api", "khqr-issuer"],
                                       "notAssessed": ["link-thai-qr", "link-vietqr"]}
    assert summary["capability_names"] == {"participant-api": "Participant interface", "khqr-issuer": "KHQR issuing",
                                           "link-thai-qr": "Thai QR link (PromptPay)",
                                           "link-vietqr": "VietQR link (NAPAS)"}


def test_each_requirement_row_carries_its_area_and_source() -> None:
    rows = summarise(_all_passed(), EVERYONE, profile="full", on=ON)["requirements"]
    assert all((row["area"], row["source"]) == (requirements()[r].area, requirements()[r].source)
               for r, row in rows.items())


MESSAGE = ("bakong_conformance.errors.OutcomeMismatch: The participant's scanner accepted a KHQR it must reject\n"
           'Sent: the KHQR "0002010102" to the participant\'s scanner\n'
           "The standard requires: rule KHQR-CRC-MATCH: the CRC matches\n"
           "Expected: rejected (official SDK code 8)\n"
           "Actual: \nfield  value\ncrc    0000\n"
           "Requirement: REQ-KHQR-ACC-CRC\n")


def test_a_failure_message_is_split_into_plain_parts_without_the_class_path_or_the_requirement_line() -> None:
    assert failure_parts(MESSAGE) == {
        "title": "The participant's scanner accepted a KHQR it must reject",
        "sent": 'the KHQR "0002010102" to the participant\'s scanner',
        "requires": "rule KHQR-CRC-MATCH: the CRC matches",
        "expected": "rejected (official SDK code 8)",
        "actual": "field  value\ncrc    0000"}
    assert failure_parts("AssertionError: assert 1 == 2") == {
        "title": "assert 1 == 2", "sent": "", "requires": "", "expected": "", "actual": ""}
    assert failure_parts("Issuing: a title with a colon\nExpected: x")["title"] == "Issuing: a title with a colon"


def test_each_part_of_a_failure_is_bounded() -> None:
    parts = failure_parts(f"title\nExpected: short\nActual: {'x' * 5000}")
    assert len(parts["actual"]) == FAILURE_TEXT_MAX
    assert parts["actual"].endswith("…")
    assert parts["expected"] == "short"


def test_a_failed_scenario_keeps_its_failure_message_in_parts(tmp_path: Path) -> None:
    def result(name: str, status: str, message: str) -> dict[str, object]:
        return {"name": name, "fullName": f"f.feature:{name}", "status": status,
                "statusDetails": {"message": message}, "labels": [{"name": "tag", "value": "REQ-KHQR-ACC-CRC"}]}
    for n, doc in enumerate([result("a", "failed", MESSAGE), result("b", "passed", ""),
                             result("c", "broken", "bakong_conformance.errors.SimulatorError: x")]):
        (tmp_path / f"{n}-result.json").write_text(json.dumps(doc), encoding="utf-8")
    rows = summarise(read_results(tmp_path), EVERYONE, profile="smoke", on=ON)["scenarios"]
    assert rows[0]["failure"] == failure_parts(MESSAGE)
    assert rows[0]["failure"]["expected"] == "rejected (official SDK code 8)"
    assert "failure" not in rows[1]
    assert "failure" not in rows[2]
