"""Suite fixtures: the participant under certification and the scenario clock."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from bakong_conformance import khqr
from bakong_conformance.participant import Participant, Target, open_participant


@pytest.fixture(scope="session")
def target(pytestconfig: pytest.Config) -> Target:
    """Which participant to certify, from the command line (no URL: the bundled reference, in-process)."""
    return Target(url=pytestconfig.getoption("participant_url"), token_env=pytestconfig.getoption("token_env"),
                  defects=tuple(pytestconfig.getoption("defect")),
                  timeout_s=pytestconfig.getoption("participant_timeout"))


@pytest.fixture(scope="session")
def sandbox(target: Target) -> Iterator[Participant]:
    """The participant's sandbox, opened once per run and closed at the end."""
    with open_participant(target) as participant:
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
