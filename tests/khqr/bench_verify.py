"""Verification speed (pytest-benchmark). Not collected by default (``bench_*``); run it by path::

    pytest tests/khqr/bench_verify.py -p no:cacheprovider --benchmark-only

Target (issue 2): as many QR/s in one Python process as the official SDK's verify under Node on the same
machine (about 76,000/s on our 2-core machines). The measured rate is recorded in ``extra_info``; the
assertion guards against regressions below the rate reached so far, not the target (see the closing note).
"""

from __future__ import annotations

import json
from pathlib import Path

from pytest_benchmark.fixture import BenchmarkFixture

from bakong_conformance.khqr import verify

VECTORS = Path(__file__).resolve().parents[2] / "fixtures" / "khqr" / "vectors" / "khqr-vectors.jsonl"
QRS = [json.loads(line)["qr"] for line in VECTORS.read_text(encoding="utf-8").splitlines()]
SDK_NODE_RATE = 76_000
FLOOR = 12_000


def test_verify_rate(benchmark: BenchmarkFixture) -> None:
    def run() -> None:
        for qr in QRS:
            verify(qr, now_ms=1_727_249_400_000)
    benchmark.pedantic(run, rounds=50, warmup_rounds=3)
    rate = len(QRS) / benchmark.stats.stats.min
    benchmark.extra_info.update(per_second=round(rate), sdk_node_target=SDK_NODE_RATE)
    assert rate >= FLOOR
