"""The published KHQR vectors (``fixtures/khqr/vectors``) against the official SDK's recorded answers.

Our verdict is never more lenient than the SDK's: every payload the SDK rejects we reject, for the SDK's own
reason code; every payload the SDK accepts we accept, except the ones our strict policy rejects on purpose,
listed in :data:`STRICTER` so that any new divergence fails.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from bakong_conformance.khqr import crc_hex, verify

VECTORS_FILE = Path(__file__).resolve().parents[2] / "fixtures" / "khqr" / "vectors" / "khqr-vectors.jsonl"
FIXED_NOW = 1_760_000_000_000        # 2025-10-09: the clock for vectors that pin none
ONE_DAY_MS = 86_400_000

# Vectors the SDK accepts and our policy rejects, with the error rules we report (warnings not listed).
STRICTER: dict[str, set[str]] = {
    # amount 0 with POI 11 and a creation-only tag 99, country TH, UnionPay with USD (khqr.md §1.6)
    "go-upi-usd-th": {"KHQR-TIMESTAMP-REQUIRED", "KHQR-AMOUNT-VALUE", "KHQR-COUNTRY-VALUE",
                      "KHQR-AMOUNT-DYNAMIC", "KHQR-UPI-CURRENCY"},
}


def _load() -> list[dict[str, Any]]:
    with VECTORS_FILE.open(encoding="utf-8") as lines:
        return [json.loads(line) for line in lines if line.strip()]


VECTORS = _load()
BY_ID = {v["id"]: v for v in VECTORS}


def _now(vector: dict[str, Any]) -> int:
    return int(vector.get("now") or FIXED_NOW)


def _params(vectors: list[dict[str, Any]]) -> list[Any]:
    return [pytest.param(v, id=v["id"]) for v in vectors]


SDK_VALID = [v for v in VECTORS if v["expect"]["isValid"]]
SDK_INVALID = [v for v in VECTORS if not v["expect"]["isValid"]]
PINNED_WITH_EXPIRY = [v for v in SDK_VALID
                      if v.get("now") and v["expect"]["decoded"].get("expirationTimestamp")]
STALE_CRC = [v for v in SDK_INVALID if v["expect"]["errorStage"] == "crc_mismatch"]


def test_the_vector_file_has_39_distinct_vectors() -> None:
    assert len(VECTORS) == 39
    assert len(BY_ID) == len({v["qr"] for v in VECTORS}) == 39


@pytest.mark.parametrize("vector", _params(VECTORS))
def test_md5_equals_the_sdk_md5(vector: dict[str, Any]) -> None:
    assert verify(vector["qr"], now_ms=_now(vector)).md5 == vector["expect"]["md5"]


@pytest.mark.parametrize("vector", _params(VECTORS))
def test_decoded_fields_equal_the_sdk_decode(vector: dict[str, Any]) -> None:
    fields = verify(vector["qr"], now_ms=_now(vector)).fields
    assert {k: v for k, v in fields.items() if v is not None} == vector["expect"]["decoded"]


@pytest.mark.parametrize("vector", _params(SDK_INVALID))
def test_a_vector_the_sdk_rejects_is_rejected_for_the_sdk_reason(vector: dict[str, Any]) -> None:
    verdict = verify(vector["qr"], now_ms=_now(vector))
    assert not verdict.valid
    assert verdict.reason is not None
    assert verdict.reason.sdk_code == vector["expect"]["errorCode"]


@pytest.mark.parametrize("vector", _params(SDK_VALID))
def test_a_vector_the_sdk_accepts_is_accepted_unless_listed_as_stricter(vector: dict[str, Any]) -> None:
    verdict = verify(vector["qr"], now_ms=_now(vector))
    errors = {f.rule for f in verdict.findings if f.severity == "error"}
    assert errors == STRICTER.get(vector["id"], set())
    assert verdict.valid is (vector["id"] not in STRICTER)


def test_the_stricter_table_names_only_vectors_the_sdk_accepts() -> None:
    assert set(STRICTER) <= {v["id"] for v in SDK_VALID}


@pytest.mark.parametrize("vector", _params(STALE_CRC))
def test_our_crc_of_a_stale_vector_is_the_one_the_sdk_computed(vector: dict[str, Any]) -> None:
    assert crc_hex(vector["qr"][:-4]) == vector["expect"]["expectedCrc"]


def test_six_dynamic_vectors_are_valid_only_inside_their_window() -> None:
    assert len(PINNED_WITH_EXPIRY) == 6


@pytest.mark.parametrize("vector", _params(PINNED_WITH_EXPIRY))
def test_a_dynamic_vector_is_rejected_as_expired_a_day_after_its_pinned_clock(vector: dict[str, Any]) -> None:
    verdict = verify(vector["qr"], now_ms=_now(vector) + ONE_DAY_MS)
    assert not verdict.valid
    assert verdict.reason is not None
    assert (verdict.reason.rule, verdict.reason.sdk_code) == ("KHQR-EXPIRED", 46)
