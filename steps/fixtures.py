"""Suite fixtures: the participant under certification, the simulated Bakong, and the scenario clock."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from bakong_conformance import khqr
from bakong_conformance.catalogue import requirements
from bakong_conformance.networks import SIMULATOR_URL, BakongSimulator, FakeClock, LoopbackServer, in_process_transport
from bakong_conformance.participant import Participant, Target, open_participant
from bakong_conformance.payments import HARNESS_EMAIL, PARTICIPANT_EMAIL, PaymentScene


@pytest.fixture(scope="session")
def target(pytestconfig: pytest.Config) -> Target:
    """Which participant to certify, from the command line (no URL: the bundled reference, in-process)."""
    return Target(url=pytestconfig.getoption("participant_url"), token_env=pytestconfig.getoption("token_env"),
                  defects=tuple(pytestconfig.getoption("defect")),
                  timeout_s=pytestconfig.getoption("participant_timeout"))


@pytest.fixture(scope="session")
def networks_clock(run_clock_ms: int) -> FakeClock:
    """The simulated networks' clock: it starts at the run's clock and moves only when a scenario says so."""
    return FakeClock(run_clock_ms)


@pytest.fixture(scope="session")
def bakong(networks_clock: FakeClock) -> BakongSimulator:
    """The simulated Bakong (switch and Open API), with the participant's and the harness's Open API e-mails."""
    simulator = BakongSimulator(networks_clock)
    for email in (PARTICIPANT_EMAIL, HARNESS_EMAIL):
        simulator.register_email(email)
    return simulator


@pytest.fixture(scope="session")
def bakong_url(target: Target, bakong: BakongSimulator, pytestconfig: pytest.Config) -> Iterator[str]:
    """Where the participant reaches the simulated Bakong: in-process for the bundled reference, else on loopback."""
    if target.url is None:
        yield SIMULATOR_URL
        return
    with LoopbackServer(bakong.app, host=pytestconfig.getoption("networks_host"),
                        port=pytestconfig.getoption("networks_port")) as server:
        yield server.url


@pytest.fixture(scope="session")
def sandbox(target: Target, bakong: BakongSimulator) -> Iterator[Participant]:
    """The participant's sandbox, opened once per run and closed at the end (the bundled reference participant
    reaches the simulated Bakong in-process)."""
    transport = in_process_transport(bakong) if target.url is None else None
    with open_participant(target, bakong_transport=transport) as participant:
        yield participant


@pytest.fixture
def participant(sandbox: Participant) -> Participant:
    """The participant for one scenario, with no exchange left over from the previous one."""
    sandbox.drain()
    return sandbox


@pytest.fixture(scope="session")
def run_clock_ms() -> int:
    """The sandbox time of this run: the wall clock at its start, so dynamic KHQR are realistic."""
    return khqr.wall_clock_ms()


@pytest.fixture
def now_ms(run_clock_ms: int) -> int:
    """The scenario's sandbox clock (scan cases with a pinned time use theirs instead)."""
    return run_clock_ms


@pytest.fixture
def payment_scene(participant: Participant, bakong: BakongSimulator, bakong_url: str,
                  networks_clock: FakeClock) -> PaymentScene:
    """A payment scenario's world: Bakong reset, the participant connected to it with a fresh token."""
    return PaymentScene(participant, bakong, bakong_url, networks_clock)


@pytest.fixture
def requirement(request: pytest.FixtureRequest) -> str:
    """The requirement the scenario proves first (named in failure messages)."""
    tagged = [marker.name for marker in request.node.iter_markers() if marker.name in requirements()]
    return tagged[-1] if tagged else ""
