"""The payment scene with the in-process reference participant: the switch credential per scenario, the
participant's own ID, and a failure of the simulator itself breaking the scenario instead of failing it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from bakong_conformance.errors import HarnessError
from bakong_conformance.networks import SIMULATOR_URL, BakongSimulator, FakeClock, in_process_transport
from bakong_conformance.networks.bakong import _simulator as simulator_module
from bakong_conformance.participant import Participant, Target, open_participant
from bakong_conformance.payments import HARNESS_EMAIL, PARTICIPANT_EMAIL, PaymentScene
from bakong_conformance.reference import PARTICIPANT_ID

NOW = 1_750_000_000_000


CLOCK = FakeClock(NOW)


@pytest.fixture
def bakong() -> BakongSimulator:
    simulator = BakongSimulator(CLOCK)
    for email in (PARTICIPANT_EMAIL, HARNESS_EMAIL):
        simulator.register_email(email)
    return simulator


@pytest.fixture
def reference(bakong: BakongSimulator) -> Iterator[Participant]:
    with open_participant(Target(), networks_transport=in_process_transport(bakong)) as participant:
        yield participant


def _scene(reference: Participant, bakong: BakongSimulator, participant_id: str = PARTICIPANT_ID) -> PaymentScene:
    return PaymentScene(reference, bakong, SIMULATOR_URL, CLOCK, participant_id)


def test_each_scene_gives_the_participant_a_new_switch_credential(reference: Participant,
                                                                   bakong: BakongSimulator) -> None:
    first = _scene(reference, bakong)
    code = first.code("individual-dollar-1.50-dynamic")
    paid = first.pay(first.rich_customer(code), code)
    second = _scene(reference, bakong)
    code = second.code("individual-riel-5000-dynamic")
    again = second.pay(second.rich_customer(code), code)
    assert [(r.status, r.auth, r.authorised) for r in paid.instructions + again.instructions] == [
        (200, "valid", PARTICIPANT_ID), (200, "valid", PARTICIPANT_ID)]


def test_a_participant_configured_under_another_id_is_refused_403(reference: Participant,
                                                                  bakong: BakongSimulator) -> None:
    scene = _scene(reference, bakong, "OTHRKHPP")
    code = scene.code("individual-dollar-1.50-dynamic")
    paid = scene.pay(scene.rich_customer(code), code)
    assert {r.status for r in paid.instructions} == {403}
    assert paid.settled == ()


def test_a_failure_of_the_simulator_breaks_the_scenario(reference: Participant, bakong: BakongSimulator,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    scene = _scene(reference, bakong)
    code = scene.code("individual-dollar-1.50-dynamic")
    customer = scene.rich_customer(code)

    def bug(*args: object) -> None:
        raise KeyError("a bug of the simulator")
    monkeypatch.setattr(simulator_module, "handle_instruction", bug)
    with pytest.raises(HarnessError, match="the simulated Bakong failed"):
        scene.pay(customer, code)
