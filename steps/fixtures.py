"""Suite fixtures: the participant under certification, the simulated networks (Bakong, Alipay+), and the
scenario clock."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from bakong_conformance import khqr
from bakong_conformance.catalogue import requirements
from bakong_conformance.certify import RUN_NOTES_FORMAT
from bakong_conformance.crossborder import AcquiringScene, WalletScene
from bakong_conformance.evidence import secrets_of_one_run
from bakong_conformance.networks import (
    ALIPAY_PLUS_URL,
    SIMULATOR_URL,
    AlipayPlusSimulator,
    BakongSimulator,
    FakeClock,
    LoopbackServer,
    ParticipantIdentity,
    SimulatorApp,
    in_process_transport,
)
from bakong_conformance.participant import Participant, Target, open_participant
from bakong_conformance.payments import HARNESS_EMAIL, PARTICIPANT_EMAIL, PaymentScene
from bakong_conformance.reference import ALIPAY_PLUS_CLIENT_ID, alipay_plus_public_key_pem
from bakong_conformance.reference import PARTICIPANT_ID as REFERENCE_PARTICIPANT_ID


@pytest.fixture(scope="session")
def defect_set(request: pytest.FixtureRequest) -> Iterator[tuple[str, ...]]:
    """The reference participant's defects switched on: ``--defect``, or, in a run with ``--defect-set``, the set
    this scenario is run for. Each set is then a run of its own: its own sandbox, clock and simulated Bakong, and
    the secrets registered during it are forgotten when it ends (they could only appear in its own results)."""
    param: tuple[str, ...] | None = getattr(request, "param", None)
    if param is None:
        yield tuple(request.config.getoption("defect"))
        return
    with secrets_of_one_run():
        yield param


@pytest.fixture(scope="session")
def target(pytestconfig: pytest.Config, defect_set: tuple[str, ...]) -> Target:
    """Which participant to certify, from the command line (no URL: the bundled reference, in-process)."""
    return Target(url=pytestconfig.getoption("participant_url"), token_env=pytestconfig.getoption("token_env"),
                  defects=defect_set, timeout_s=pytestconfig.getoption("participant_timeout"))


@pytest.fixture(scope="session")
def participant_id(pytestconfig: pytest.Config) -> str:
    """The participant's Bakong participant ID, which its payment instructions must carry (no option: the
    bundled reference participant's)."""
    return pytestconfig.getoption("participant_id") or REFERENCE_PARTICIPANT_ID


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
def alipay_identity(pytestconfig: pytest.Config) -> ParticipantIdentity:
    """The participant as Alipay+ knows it: its Client-Id and public key (options; none: the bundled reference's)."""
    key_file = pytestconfig.getoption("alipay_plus_public_key")
    pem = Path(key_file).read_text(encoding="ascii") if key_file else alipay_plus_public_key_pem()
    return ParticipantIdentity.of(pytestconfig.getoption("alipay_plus_client_id") or ALIPAY_PLUS_CLIENT_ID, pem,
                                  pytestconfig.getoption("alipay_plus_key_version"))


@pytest.fixture(scope="session")
def alipay(networks_clock: FakeClock, alipay_identity: ParticipantIdentity) -> AlipayPlusSimulator:
    """The simulated Alipay+, on the networks' clock, signing and verifying for the participant."""
    return AlipayPlusSimulator(networks_clock, alipay_identity)


@pytest.fixture(scope="session")
def networks_urls(target: Target, bakong: BakongSimulator, alipay: AlipayPlusSimulator,
                  pytestconfig: pytest.Config) -> Iterator[dict[str, str]]:
    """Where the participant reaches each simulated network, by name: in-process hosts for the bundled reference,
    else one loopback address serving them all (each network answering its own paths)."""
    if target.url is None:
        yield {bakong.name: SIMULATOR_URL, alipay.name: ALIPAY_PLUS_URL}
        return
    app = SimulatorApp([bakong, alipay], late_cap_s=30.0)
    with LoopbackServer(app, host=pytestconfig.getoption("networks_host"),
                        port=pytestconfig.getoption("networks_port")) as server:
        yield {bakong.name: server.url, alipay.name: server.url}


@pytest.fixture(scope="session")
def bakong_url(networks_urls: dict[str, str], bakong: BakongSimulator) -> str:
    """Where the participant reaches the simulated Bakong."""
    return networks_urls[bakong.name]


@pytest.fixture(scope="session")
def sandbox(target: Target, bakong: BakongSimulator, alipay: AlipayPlusSimulator,
            pytestconfig: pytest.Config) -> Iterator[Participant]:
    """The participant's sandbox, opened once per run and closed at the end (the bundled reference participant
    reaches the simulated networks in-process). When it stops answering, the terminal is told once, and the run's
    notes (``--run-notes``) say during which scenario and which later scenarios follow from it."""
    transport = in_process_transport(bakong, alipay) if target.url is None else None
    with open_participant(target, networks_transport=transport) as participant:
        participant.on_stop = _announcer(pytestconfig)
        try:
            yield participant
        finally:
            _write_notes(pytestconfig, participant)


def _announcer(config: pytest.Config) -> Callable[[str], None]:
    def announce(line: str) -> None:
        reporter = config.pluginmanager.get_plugin("terminalreporter")
        if reporter is not None:
            reporter.write_line(line)
    return announce


def _write_notes(config: pytest.Config, participant: Participant) -> None:
    path = config.getoption("run_notes")
    if path:
        notes = {"format": RUN_NOTES_FORMAT, "sandboxStops": [stop.as_json() for stop in participant.stops]}
        Path(path).write_text(json.dumps(notes, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


@pytest.fixture
def participant(sandbox: Participant, request: pytest.FixtureRequest) -> Participant:
    """The participant for one scenario: its call budget afresh, no exchange (and no returned credential) left over
    from the previous one."""
    sandbox.begin(request.node.stash.get(SCENARIO_NAME, request.node.name))
    return sandbox


SCENARIO_NAME = pytest.StashKey[str]()


def pytest_bdd_before_scenario(request: pytest.FixtureRequest, scenario: Any) -> None:
    """Remember the scenario's name (failure messages about a sandbox that stopped answering name it)."""
    request.node.stash[SCENARIO_NAME] = scenario.name


@pytest.fixture(scope="session")
def run_clock_ms(defect_set: tuple[str, ...]) -> int:
    """The sandbox time of this run (of this defect set's run): the wall clock at its start, so dynamic KHQR are
    realistic."""
    return khqr.wall_clock_ms()


@pytest.fixture
def now_ms(run_clock_ms: int) -> int:
    """The scenario's sandbox clock (scan cases with a pinned time use theirs instead)."""
    return run_clock_ms


@pytest.fixture
def payment_scene(participant: Participant, bakong: BakongSimulator, bakong_url: str, networks_clock: FakeClock,
                  participant_id: str) -> PaymentScene:
    """A payment scenario's world: Bakong reset, the participant authorised on its switch and connected to it
    with a fresh switch credential and Open API token."""
    return PaymentScene(participant, bakong, bakong_url, networks_clock, participant_id)


@pytest.fixture
def passing_time() -> list[Callable[[int], None]]:
    """How time passes in the scenario's world: the scene the scenario opened puts its own way here."""
    return []


@pytest.fixture
def acquiring_scene(payment_scene: PaymentScene, alipay: AlipayPlusSimulator, networks_urls: dict[str, str],
                    passing_time: list[Callable[[int], None]]) -> AcquiringScene:
    """An Alipay+ acquiring scenario's world: the Bakong scene (merchants are credited through Bakong), Alipay+
    reset, and the participant connected to it."""
    scene = AcquiringScene(payment_scene, alipay, networks_urls[alipay.name])
    passing_time.append(scene.let_time_pass)
    return scene


@pytest.fixture
def wallet_scene(participant: Participant, alipay: AlipayPlusSimulator, networks_urls: dict[str, str],
                 networks_clock: FakeClock, passing_time: list[Callable[[int], None]]) -> WalletScene:
    """An Alipay+ wallet scenario's world: Alipay+ reset, and the participant connected to it."""
    scene = WalletScene(participant, alipay, networks_urls[alipay.name], networks_clock)
    passing_time.append(scene.let_time_pass)
    return scene


@pytest.fixture
def requirement(request: pytest.FixtureRequest) -> str:
    """The requirement the scenario proves first (named in failure messages)."""
    tagged = [marker.name for marker in request.node.iter_markers() if marker.name in requirements()]
    return tagged[-1] if tagged else ""
