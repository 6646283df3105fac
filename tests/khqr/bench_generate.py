"""Generation speed (pytest-benchmark). Not collected by default (``bench_*``); run it by path::

    pytest tests/khqr/bench_generate.py -p no:cacheprovider --benchmark-only

Target: at least 45,000 generations per second in one process for a typical dynamic individual request, and
as many for a static merchant request with Khmer alternate-language texts (measured: about 60,000/s on our
2-core machines; a regression in the non-ASCII path fails it).
"""

from __future__ import annotations

from typing import Any

from pytest_benchmark.fixture import BenchmarkFixture

from bakong_conformance.khqr._generate import generate

TARGET_PER_SECOND = 45_000
NOW = 1_727_000_000_000

DYNAMIC_INDIVIDUAL: dict[str, Any] = {
    "kind": "individual", "now": NOW, "bakongAccountID": "john_smith@devb", "merchantName": "John Smith",
    "merchantCity": "Phnom Penh", "currency": "USD", "amount": 1.5, "billNumber": "INV-2024-0001",
    "expirationTimestamp": NOW + 600_000,
}
STATIC_MERCHANT_KHMER: dict[str, Any] = {
    "kind": "merchant", "now": NOW, "bakongAccountID": "jonhsmith@nbcq", "merchantName": "Jonh Smith",
    "merchantID": "123456", "acquiringBank": "Dev Bank", "languagePreference": "km",
    "merchantNameAlternateLanguage": "ចន ស្មីន", "merchantCityAlternateLanguage": "ភ្នំពេញ",
}


def _rate(benchmark: BenchmarkFixture, request: dict[str, Any], batch: int = 1_000) -> float:
    def run() -> None:
        for _ in range(batch):
            generate(request)
    benchmark.pedantic(run, rounds=30, warmup_rounds=2)
    stats = benchmark.stats.stats
    benchmark.extra_info["per_second_median"] = round(batch / stats.median)
    return batch / stats.min            # best round: other processes on the machine only ever add time


def test_dynamic_individual_generation_rate(benchmark: BenchmarkFixture) -> None:
    assert _rate(benchmark, DYNAMIC_INDIVIDUAL) >= TARGET_PER_SECOND


def test_static_merchant_with_khmer_generation_rate(benchmark: BenchmarkFixture) -> None:
    assert _rate(benchmark, STATIC_MERCHANT_KHMER) >= TARGET_PER_SECOND
