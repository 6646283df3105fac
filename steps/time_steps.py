"""Steps for time passing, whatever the scenario's world: the scene of the scenario (acquiring, wallet) moves
the sandbox clock and tells the participant."""

from __future__ import annotations

from collections.abc import Callable

from pytest_bdd import given, parsers, when

from bakong_conformance.errors import HarnessError

UNITS_S = {"seconds": 1, "minutes": 60}


@given(parsers.re(r"(?P<count>[0-9]+) (?P<unit>seconds|minutes) pass"))
@when(parsers.re(r"(?P<count>[0-9]+) (?P<unit>seconds|minutes) pass"))
def time_passes(passing_time: list[Callable[[int], None]], count: str, unit: str) -> None:
    if len(passing_time) != 1:
        raise HarnessError(f"time passes in the scenario's one world, and it has {len(passing_time)}")
    passing_time[0](int(count) * UNITS_S[unit])
