"""What the simulators receive is read strictly: a body that is not strict JSON is the path's documented 400,
never a 500, in-process and over a real socket; a failure of the simulator itself is a documented 500, kept for
the harness, and the simulator goes on serving."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import httpx
import pytest

from bakong_conformance.errors import HarnessError
from bakong_conformance.networks import BakongSimulator, LoopbackServer
from bakong_conformance.networks._asgi import SimulatorApp
from bakong_conformance.networks._wire import Decision, WireRequest
from bakong_conformance.networks.bakong import _simulator as simulator_module
from bakong_conformance.networks.bakong._failure import failure_decision

from .support import SWITCH, SWITCH_AUTH, Post, answer_problems, envelope_problems

BODIES = {
    "nested-3000-deep": (b'{"participantId": ' + b"[" * 3000 + b"]" * 3000 + b"}", "nested 3001 levels deep"),
    "arrays-3000-deep": (b"[" * 3000 + b"]" * 3000, "nested 3000 levels deep"),
    "duplicate-key": (b'{"md5": "0123456789abcdef0123456789abcdef", "md5": "ffffffffffffffffffffffffffffffff"}',
                      'the key "md5" appears twice'),
    "nan": (b'{"amount": NaN}', "NaN is not a JSON value"),
    "infinity": (b'{"amount": -Infinity}', "-Infinity is not a JSON value"),
    "invalid-utf-8": (b'{"md5": "\xff\xfe"}', "not valid UTF-8"),
}
LOOKUP = "/v1/check_transaction_by_md5"
ACCOUNT = "/v1/check_bakong_account"

Send = Callable[[str, bytes, dict[str, str]], httpx.Response]


@pytest.fixture
def server(simulator: BakongSimulator) -> Iterator[LoopbackServer]:
    """The simulator listening on a free loopback port."""
    with LoopbackServer(simulator.app) as running:
        yield running


@pytest.fixture(params=["in-process", "socket"])
def send(request: pytest.FixtureRequest, post: Post) -> Send:
    """POST raw bytes to the simulator, in-process (respx) or over a real socket (uvicorn on loopback)."""
    if request.param == "in-process":
        return lambda path, body, headers: post(path, content=body, headers=headers)
    url = request.getfixturevalue("server").url

    def over_socket(path: str, body: bytes, headers: dict[str, str]) -> httpx.Response:
        with httpx.Client(base_url=url, timeout=5) as client:
            return client.post(path, content=body, headers={"content-type": "application/json", **headers})
    return over_socket


@pytest.mark.parametrize("case", sorted(BODIES))
def test_the_switch_answers_a_body_that_is_not_strict_json_400_invalid_instruction(
        simulator: BakongSimulator, send: Send, case: str) -> None:
    body, reason = BODIES[case]
    response = send(SWITCH, body, SWITCH_AUTH)
    (record,) = simulator.instructions
    assert response.status_code == 400
    assert answer_problems(response.json()) == []
    assert response.json()["reason"]["code"] == "INVALID_INSTRUCTION"
    assert reason in response.json()["reason"]["message"]
    assert record.problems[0].startswith("$: not JSON (")
    assert reason in record.problems[0]
    assert isinstance(record.body, str)                                     # kept as the text it was
    assert (simulator.transactions, simulator.internal_errors) == ([], [])


@pytest.mark.parametrize("case", sorted(BODIES))
@pytest.mark.parametrize("path", [LOOKUP, ACCOUNT])
def test_the_open_api_answers_a_body_that_is_not_strict_json_400_error_code_5(
        simulator: BakongSimulator, send: Send, token: str, case: str, path: str) -> None:
    body, reason = BODIES[case]
    response = send(path, body, {"Authorization": f"Bearer {token}"})
    (call,) = [c for c in simulator.open_api_calls if c.path == path]
    assert response.status_code == 400
    assert envelope_problems(response.json()) == []
    assert (response.json()["responseCode"], response.json()["errorCode"]) == (1, 5)
    assert reason in response.json()["responseMessage"]
    assert call.problems[0].startswith("$: not JSON (")
    assert reason in call.problems[0]
    assert simulator.internal_errors == []


def test_brackets_inside_strings_are_no_nesting(simulator: BakongSimulator, send: Send) -> None:
    response = send(ACCOUNT, b'{"accountId": "jonhsmith@nbcq", "note": "' + b"[{" * 100 + b'\\" }"}', {})
    assert (response.status_code, response.json()["responseCode"]) == (200, 0)


# --- the simulator failing itself ---------------------------------------------------------------------------------
def _a_bug(*args: object, **kwargs: object) -> tuple[Decision, object]:
    raise ZeroDivisionError("a bug of the simulator")


def test_a_failure_of_the_simulator_is_a_documented_500_kept_for_the_harness(
        simulator: BakongSimulator, send: Send, token: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(simulator_module, "handle_instruction", _a_bug)
    response = send(SWITCH, b"{}", SWITCH_AUTH)
    after = send(ACCOUNT, b'{"accountId": "jonhsmith@nbcq"}', {})            # still serving
    assert response.status_code == 500
    assert answer_problems(response.json()) == []
    assert response.json()["status"] == "ERROR"
    assert response.json()["reason"]["code"] == "SIMULATOR_ERROR"
    assert "ZeroDivisionError" not in response.text                        # the participant is told nothing more
    assert simulator.internal_errors == [f"POST {SWITCH}: ZeroDivisionError: a bug of the simulator"]
    assert (after.status_code, after.json()["responseCode"]) == (200, 0)
    failure = simulator.drain_exchanges()[0]
    assert "ZeroDivisionError" in failure.operation
    assert failure.response["status"] == 500
    simulator.reset()
    assert simulator.internal_errors == []


def test_a_failure_of_the_open_api_is_a_documented_500_envelope(simulator: BakongSimulator, send: Send,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(simulator_module, "handle_open_api", _a_bug)
    response = send(ACCOUNT, b'{"accountId": "jonhsmith@nbcq"}', {})
    assert response.status_code == 500
    assert envelope_problems(response.json()) == []
    assert (response.json()["responseCode"], response.json()["errorCode"]) == (1, None)
    assert len(simulator.internal_errors) == 1


class _RaisingBakong:
    """A network whose core raises (a harness bug), with the simulated Bakong's documented failure answers."""

    name, host, paths = "raising", "raising.invalid", ("/switch/", "/v1/")

    def handle(self, request: WireRequest) -> Decision:
        raise RuntimeError("a handler that is not meant to raise")

    def failure(self, path: str) -> Decision:
        return failure_decision(path)


@pytest.mark.parametrize(("path", "problems"), [(SWITCH, answer_problems), (ACCOUNT, envelope_problems)])
def test_no_exception_escapes_the_asgi_app(path: str, problems: Callable[[object], list[str]]) -> None:
    with LoopbackServer(SimulatorApp(_RaisingBakong(), 1.0)) as server, \
            httpx.Client(base_url=server.url, timeout=5) as client:
        first = client.post(path, content=b"{}")
        second = client.post(path, content=b"{}")
    assert [first.status_code, second.status_code] == [500, 500]
    assert first.headers["content-type"] == "application/json"
    assert problems(first.json()) == []


def test_a_failure_on_the_harnesss_own_call_is_a_harness_error(simulator: BakongSimulator,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(simulator_module, "handle_open_api", _a_bug)
    with pytest.raises(HarnessError, match="ZeroDivisionError"):
        simulator.call_open_api(ACCOUNT, {"accountId": "jonhsmith@nbcq"}, token=None)
