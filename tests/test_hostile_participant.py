"""A hostile participant can neither crash the harness, nor make it hang, nor turn its failures into *broken*.

Two layers. The client layer calls one operation of a misbehaving sandbox, in-process and over a real socket,
and proves the failure is a participant failure with a plain reason. The run layer certifies a misbehaving
sandbox over loopback through the command line, as a bank would (smoke profile: a few dozen scenarios), and
proves the run ends non-conformant (exit 1) within its printed time bound, under 500 MB of memory, with
nothing *broken*.
"""

from __future__ import annotations

import base64
import json
import subprocess
import sys
import time
import tracemalloc
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any, NamedTuple

import httpx
import pytest
from hostile import TrickleServer, hostile_app
from loopback import free_port

from bakong_conformance.errors import ContractViolation, HarnessError, ParticipantTimeout
from bakong_conformance.networks import LoopbackServer
from bakong_conformance.participant import InProcessTransport, Participant, SandboxStopped
from bakong_conformance.participant._reader import DeadlineTransport

TOKEN = "HOSTILE-sandbox-token-5b1e0c7a9d"
TOKEN_ENV = "BAKONG_TEST_HOSTILE_TOKEN"
MAX_PEAK_RSS_KB = 500 * 1024
Certified = tuple[int, str, dict[str, Any], float, int]
"""A run through the command line: exit code, output, summary, seconds, peak memory in KB."""


@pytest.fixture
def in_process() -> Iterator[Any]:
    opened: list[InProcessTransport] = []

    def open_(*misbehaviours: str, timeout_s: float = 5.0) -> Participant:
        transport = InProcessTransport(hostile_app(TOKEN, *misbehaviours))
        opened.append(transport)
        client = httpx.Client(transport=transport, base_url="http://hostile.invalid", timeout=timeout_s)
        return Participant(client, TOKEN, timeout_s)
    yield open_
    for transport in opened:
        transport.close()


def _over_loopback(url: str, timeout_s: float) -> Participant:
    client = httpx.Client(base_url=url, transport=DeadlineTransport(), timeout=timeout_s, trust_env=False)
    return Participant(client, TOKEN, timeout_s)


# --- the client layer ------------------------------------------------------------------------------------

@pytest.mark.parametrize(("misbehaviour", "said"), [
    ("deep-json", "nested 30000 levels deep"),
    ("duplicate-keys", 'the key "apiVersion" appears twice'),
    ("html-content-type", "Content-Type: text/html"),
    ("gzip-bomb", "gzip-compressed body decoding to more than 65536 bytes"),
])
def test_a_misbehaving_answer_fails_with_a_plain_reason_in_process(in_process: Any, misbehaviour: str,
                                                                   said: str) -> None:
    participant = in_process(misbehaviour)
    with pytest.raises(ContractViolation) as failure:
        participant.info()
    assert said in str(failure.value)
    assert failure.value.requirement == "REQ-API-CONTRACT"


def test_duplicate_keys_in_a_scanner_verdict_are_a_failure_not_the_last_key(in_process: Any) -> None:
    participant = in_process("duplicate-keys")
    with pytest.raises(ContractViolation, match='the key "accepted" appears twice'):
        participant.scan("not a KHQR", now_ms=0)


def test_a_gzip_bomb_costs_the_harness_a_bounded_amount_of_memory(in_process: Any) -> None:
    participant = in_process("gzip-bomb")
    participant.timeout_s = 30.0                  # the bomb is built on first use: give it time
    from hostile import gzip_bomb
    gzip_bomb()
    tracemalloc.start()
    try:
        with pytest.raises(ContractViolation):
            participant.info()
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 8 * 1024 * 1024, f"peak {peak} bytes while reading a 200 MB bomb"


@pytest.mark.parametrize("misbehaviour", ["deep-json", "duplicate-keys", "html-content-type", "gzip-bomb"])
def test_a_misbehaving_answer_fails_the_same_way_over_a_real_socket(misbehaviour: str) -> None:
    with LoopbackServer(hostile_app(TOKEN, misbehaviour)) as server:
        participant = _over_loopback(server.url, 5.0)
        with pytest.raises(ContractViolation, match="REQ-API-CONTRACT"):
            participant.info()


def test_one_deadline_covers_a_status_line_sent_one_byte_at_a_time() -> None:
    with TrickleServer(interval_s=0.1) as server:      # the whole answer would take 8 s
        participant = _over_loopback(server.url, 0.5)
        participant.begin("a trickling sandbox")
        started = time.monotonic()
        with pytest.raises(ParticipantTimeout):
            participant.info()
        elapsed = time.monotonic() - started
    assert elapsed < 2.0, f"the call and its liveness check took {elapsed:.1f} s against a 0.5 s deadline"


def test_a_sandbox_that_stops_answering_is_said_once_and_later_calls_fail_at_once() -> None:
    told: list[str] = []
    with TrickleServer(interval_s=0.5) as server:
        participant = _over_loopback(server.url, 0.3)
        participant.on_stop = told.append
        participant.begin("the first scenario")
        with pytest.raises(SandboxStopped, match="stopped answering during this scenario"):
            participant.info()
        participant.begin("a later scenario")
        started = time.monotonic()
        with pytest.raises(SandboxStopped, match="during the scenario “the first scenario”") as later:
            participant.scan("anything", now_ms=0)
        assert time.monotonic() - started < 0.1
    assert len(told) == 1
    assert "the first scenario" in told[0]
    assert "follows from that" in str(later.value)
    assert [stop.as_json() for stop in participant.stops] == [
        {"scenario": "the first scenario", "operation": "getInfo", "followers": ["a later scenario"],
         "answeredAgain": False}]


def test_an_unreachable_sandbox_is_a_harness_problem_but_one_that_went_away_is_a_failure() -> None:
    participant = _over_loopback(f"http://127.0.0.1:{free_port()}", 0.5)
    with pytest.raises(HarnessError, match="cannot reach"):
        participant.info()
    with LoopbackServer(hostile_app(TOKEN)) as server:
        participant = _over_loopback(server.url, 0.5)
        participant.info()
    with pytest.raises(ParticipantTimeout):          # the same URL, nobody listening any more
        participant.info()


def test_a_token_refused_after_being_accepted_is_a_failure_not_a_configuration_problem(in_process: Any) -> None:
    participant = in_process()
    participant.info()
    participant.token = "another token the sandbox never saw"
    with pytest.raises(ContractViolation, match="which it accepted before"):
        participant.info()


def test_a_scenario_making_more_calls_than_the_time_bound_assumes_is_a_harness_error(in_process: Any) -> None:
    from bakong_conformance.participant import MAX_CALLS_PER_SCENARIO
    participant = in_process()
    participant.begin("a chatty scenario")
    for _ in range(MAX_CALLS_PER_SCENARIO):
        participant.info()
    with pytest.raises(HarnessError, match="more than"):
        participant.info()


# --- the run layer ---------------------------------------------------------------------------------------

CONFIG = """
[participant]
name = "A hostile sandbox"
id = "REFBKHPP"
software_version = "test"
base_url = "{url}"
token_env = "{token_env}"
timeout_s = {timeout_s}
capabilities = ["khqr-issuer", "khqr-acceptor", "domestic-payer", "bakong-open-api-client"]
"""
_MEASURE = ("import resource, subprocess, sys\n"
            "code = subprocess.call(sys.argv[1:])\n"
            "print('PEAK_RSS_KB', resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
            "sys.exit(code)\n")


def _certify(tmp_path: Path, url: str, *, timeout_s: float = 2.0) -> Certified:
    """Certify the sandbox at ``url`` through the command line: exit code, output, summary, seconds, peak KB."""
    config = tmp_path / "participant.toml"
    config.write_text(CONFIG.format(url=url, token_env=TOKEN_ENV, timeout_s=timeout_s), encoding="utf-8")
    out = tmp_path / "out"
    started = time.monotonic()
    done = subprocess.run([sys.executable, "-c", _MEASURE, sys.executable, "-m", "bakong_conformance.cli",
                           "certify", "--config", str(config), "--profile", "smoke", "--out", str(out)],
                          capture_output=True, text=True, timeout=600, check=False,
                          env={**__import__("os").environ, TOKEN_ENV: TOKEN})
    elapsed = time.monotonic() - started
    peak = int(done.stdout.rsplit("PEAK_RSS_KB", 1)[1].split()[0])
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    return done.returncode, done.stdout + done.stderr, summary, elapsed, peak


def _token_forms() -> set[bytes]:
    """The token as written, in hex (both cases) and inside base64 (standard and URL-safe, every alignment)."""
    raw = TOKEN.encode()
    forms = {raw, raw.hex().encode(), raw.hex().upper().encode()}
    for prefix in (b"", b"~", b"~~"):
        for encode in (base64.b64encode, base64.urlsafe_b64encode):
            encoded = encode(prefix + raw)
            forms.add(encoded[4 if prefix else 0:(len(prefix) + len(raw)) // 3 * 4])
    return forms


def _leaks(out: Path) -> list[tuple[str, bytes]]:
    forms = _token_forms()
    return [(path.name, form) for path in out.rglob("*") if path.is_file() for form in forms
            if form in path.read_bytes()]


def _assert_judged_non_conformant(code: int, output: str, summary: dict[str, Any], elapsed: float, peak: int,
                                  out: Path) -> None:
    assert code == 1, output[-3000:]
    assert summary["verdict"] == "non-conformant"
    assert summary["counts"]["broken"] == 0, "a participant's misbehaviour must fail scenarios, never break them"
    assert output.startswith("time bound:"), output[:300]
    assert elapsed < summary["time_bound_s"]
    assert peak < MAX_PEAK_RSS_KB, f"peak memory {peak} KB"
    assert _leaks(out) == []


class HostileRun(NamedTuple):
    """A run of the run layer: its output folder and, when it is over, what :func:`_certify` returned."""

    out: Path
    done: Future[Certified]


MISBEHAVING_RUNS = ("deep-json", "duplicate-keys", "html-content-type", "gzip-bomb")


def _serving(misbehaviour: str, **options: float) -> Callable[[], AbstractContextManager[Any]]:
    return lambda: LoopbackServer(hostile_app(TOKEN, misbehaviour, **options))


RUNS: dict[str, tuple[Callable[[], AbstractContextManager[Any]], float]] = {   # the sandbox to serve, timeout_s
    "slow": (_serving("slow", delay_s=0.2), 2.0),          # 1.8 s of margin: runs share the 2 cores
    **{misbehaviour: (_serving(misbehaviour), 2.0) for misbehaviour in MISBEHAVING_RUNS},
    "trickle": (lambda: TrickleServer(interval_s=1.0), 1.0),
    "echo-credentials": (_serving("echo-credentials"), 2.0),
}


@pytest.fixture(scope="module")
def certified(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, HostileRun]]:
    """Every certification of the run layer (:func:`_certify` against the sandbox of :data:`RUNS`, each in its
    own folder), by name. Two at a time: the slow sandbox's run, which mostly waits, beside the others one after
    the other, so that two cores are used and no run starves another of time; a test waits for its own run only,
    and an error in one run fails only its test."""
    folders = {name: tmp_path_factory.mktemp(name) for name in RUNS}

    def run(name: str) -> Certified:
        serve, timeout_s = RUNS[name]
        with serve() as server:
            return _certify(folders[name], server.url, timeout_s=timeout_s)

    with ThreadPoolExecutor(max_workers=2, thread_name_prefix="hostile-run") as pool:
        yield {name: HostileRun(folders[name] / "out", pool.submit(run, name)) for name in RUNS}


@pytest.mark.parametrize("misbehaviour", MISBEHAVING_RUNS)
def test_a_run_against_a_misbehaving_sandbox_ends_non_conformant_in_bounds(
        certified: dict[str, HostileRun], misbehaviour: str) -> None:
    code, output, summary, elapsed, peak = certified[misbehaviour].done.result()
    _assert_judged_non_conformant(code, output, summary, elapsed, peak, certified[misbehaviour].out)


def test_a_run_against_a_sandbox_that_trickles_ends_quickly_and_says_why_once(
        certified: dict[str, HostileRun]) -> None:
    code, output, summary, elapsed, peak = certified["trickle"].done.result()
    out = certified["trickle"].out
    _assert_judged_non_conformant(code, output, summary, elapsed, peak, out)
    assert elapsed < 90, f"{elapsed:.0f} s: later calls must not each wait for the deadline"
    (stop,) = summary["sandbox_stops"]
    assert len(stop["followers"]) == summary["counts"]["failed"] - 1
    assert output.count("stopped answering during the scenario") >= 1
    certificate = json.loads((out / "certificate.json").read_text(encoding="utf-8"))
    assert certificate["certificate"]["sandbox_stops"] == summary["sandbox_stops"]
    page = (out / "certificate.html").read_text(encoding="utf-8")
    assert page.count("stopped answering during the scenario") == 1


def test_a_slow_sandbox_within_its_timeout_gets_its_verdict(certified: dict[str, HostileRun]) -> None:
    code, output, summary, elapsed, _ = certified["slow"].done.result()
    assert code == 0, output[-3000:]
    assert summary["verdict"] == "conformant"
    assert elapsed < summary["time_bound_s"]


def test_a_sandbox_echoing_its_token_in_any_encoding_leaves_no_form_of_it_on_disk(
        certified: dict[str, HostileRun]) -> None:
    code, output, summary, elapsed, peak = certified["echo-credentials"].done.result()
    _assert_judged_non_conformant(code, output, summary, elapsed, peak, certified["echo-credentials"].out)
    assert summary["requirements"]["REQ-API-NO-CREDENTIALS"]["status"] == "failed"


def test_credentials_echoed_in_any_encoding_are_noticed_where_they_came_back(in_process: Any) -> None:
    participant = in_process("echo-credentials")
    with pytest.raises(ContractViolation, match="does not follow"):    # its body carries an unknown field
        participant.info()
    returned = {(r.operation, r.where, r.encoding) for r in participant.take_returned_credentials()}
    assert {where for _, where, _ in returned} >= {"header x-debug-auth", "header x-debug-auth-hex",
                                                  "the answer body"}
    assert all(operation == "getInfo" for operation, _, _ in returned)
    assert participant.take_returned_credentials() == []


def test_a_scenario_makes_at_most_two_liveness_checks_however_often_it_calls(monkeypatch: pytest.MonkeyPatch) -> None:
    from bakong_conformance.participant import PROBES_PER_SCENARIO, _client
    monkeypatch.setattr(_client, "PROBE_INTERVAL_S", 0.0)       # a check would be due before every call
    with TrickleServer(interval_s=0.5) as server:
        participant = _over_loopback(server.url, 0.2)
        participant.begin("a scenario that keeps calling")
        for _ in range(5):
            with pytest.raises(SandboxStopped):
                participant.info()
    checks = [e for e in participant.drain() if e.operation == "liveness check"]
    assert len(checks) == PROBES_PER_SCENARIO
