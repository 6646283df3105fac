"""The Allure results a reader sees: plain failure messages, no machine labels, evidence times also in UTC."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from bakong_conformance.evidence import Exchange
from bakong_conformance.report import MACHINE_LABELS, plain_message, tidy_results

FAILURE = ("The participant's scanner accepted a KHQR it must reject\nExpected: rejected (official SDK code 8)\n"
           "Actual: accepted, with a payment screen")
TRACE = 'File "/work/main/steps/khqr_acceptance_steps.py", line 34, in then_scanner_rejects'
LABELS = [{"name": "host", "value": "vm"}, {"name": "thread", "value": "31763-MainThread"},
          {"name": "framework", "value": "pytest-bdd"}, {"name": "language", "value": "cpython3"},
          {"name": "epic", "value": "KHQR acceptance"}, {"name": "tag", "value": "REQ-KHQR-ACC-CRC"}]


def _result(status: str, message: str) -> dict[str, Any]:
    step = {"name": "Then it is rejected", "status": status, "statusDetails": {"message": message, "trace": TRACE},
            "steps": [{"name": "inner", "status": status, "statusDetails": {"message": message}}]}
    return {"uuid": "u1", "name": "A KHQR with a bad CRC", "status": status, "labels": LABELS,
            "statusDetails": {"message": message, "trace": f"E   {message}"}, "steps": [step]}


def _tidied(tmp_path: Path, result: dict[str, Any]) -> dict[str, Any]:
    path = tmp_path / "a1-result.json"
    path.write_text(json.dumps(result), encoding="utf-8")
    (tmp_path / "b2-attachment.json").write_text('{"kept": "as it is"}', encoding="utf-8")
    tidy_results(tmp_path)
    assert (tmp_path / "b2-attachment.json").read_text(encoding="utf-8") == '{"kept": "as it is"}'
    tidied: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return tidied


def test_a_participant_failure_opens_with_its_plain_message_and_no_harness_trace(tmp_path: Path) -> None:
    result = _tidied(tmp_path, _result("failed", f"bakong_conformance.errors.OutcomeMismatch: {FAILURE}"))
    assert result["statusDetails"] == {"message": FAILURE}
    step = result["steps"][0]
    assert step["statusDetails"] == {"message": FAILURE}
    assert step["steps"][0]["statusDetails"] == {"message": FAILURE}


def test_a_harness_error_keeps_its_class_path_and_trace(tmp_path: Path) -> None:
    message = "bakong_conformance.errors.SimulatorError: the simulator could not start"
    result = _tidied(tmp_path, _result("broken", message))
    assert result["statusDetails"] == {"message": message, "trace": f"E   {message}"}
    assert result["steps"][0]["statusDetails"]["trace"] == TRACE


def test_labels_that_mean_nothing_to_a_reader_are_dropped(tmp_path: Path) -> None:
    result = _tidied(tmp_path, _result("passed", ""))
    assert result["labels"] == [{"name": "epic", "value": "KHQR acceptance"},
                                {"name": "tag", "value": "REQ-KHQR-ACC-CRC"}]
    assert {"host", "thread"} <= MACHINE_LABELS


def test_only_a_class_path_is_taken_off_never_a_title_with_a_colon() -> None:
    assert plain_message(f"bakong_conformance.checks.x.PayloadViolation: {FAILURE}") == FAILURE
    assert plain_message("AssertionError: assert 1 == 2") == "assert 1 == 2"
    assert plain_message("Issuing: the KHQR's CRC is wrong") == "Issuing: the KHQR's CRC is wrong"
    assert plain_message("The CRC: 0c9d, not 0C9D") == "The CRC: 0c9d, not 0C9D"


# --- evidence attachments: epoch-millisecond times also as UTC date-times ---------------------------------------


def test_epoch_millisecond_times_in_an_exchange_are_also_given_in_utc() -> None:
    exchange = Exchange("scanKhqr", {"body": {"qr": "000201", "sandboxNow": 1796157648794}},
                        {"status": 200, "body": {"data": [{"createdDateMs": 1796157648000,
                                                           "expirationTimestamp": "1796157708794",
                                                           "elapsedMs": 3, "amount": 1796157648794}]},
                         "elapsedMs": 1})
    shown = json.loads(exchange.as_json())
    assert list(shown) == ["operation", "utcTimes", "request", "response"]
    assert shown["utcTimes"] == {"request.body.sandboxNow": "2026-12-01T20:40:48.794Z",
                                 "response.body.data[0].createdDateMs": "2026-12-01T20:40:48.000Z",
                                 "response.body.data[0].expirationTimestamp": "2026-12-01T20:41:48.794Z"}
    assert shown["request"] == exchange.request
    assert shown["response"] == exchange.response


def test_an_exchange_without_times_has_no_annotation() -> None:
    assert list(json.loads(Exchange("getInfo", {"body": None}, {"status": 200}).as_json())) == [
        "operation", "request", "response"]
    flags = Exchange("x", {"body": {"sandboxNow": True, "expiresAt": "soon", "createdDateMs": 99}}, {})
    assert "utcTimes" not in json.loads(flags.as_json())
