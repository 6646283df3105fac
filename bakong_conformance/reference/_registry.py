"""The defect registry: named, deliberate non-conformances a real bank could ship.

Each defect is a function ``Behaviour -> Behaviour`` registered with the requirement IDs it violates; the payment
and order-confirmation defects each replace one piece of ``Behaviour.payments`` / ``Behaviour.orders``. The
certification suite must fail exactly those requirements when the switch is on (tests/selfcheck proves it).
Registering a duplicate name or an unknown requirement fails at import. The defects themselves live with the
role they break (``reference/roles/``); importing that package registers them all.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from ..catalogue import requirements
from ..errors import ConfigurationError
from ._behaviour import Behaviour, correct_behaviour

__all__ = ["DEFECTS", "Defect", "behaviour_with", "defects"]

Transform = Callable[[Behaviour], Behaviour]


@dataclass(frozen=True, slots=True)
class Defect:
    """A defect switch: ``name``, what it does, the requirements it ``violates``, and how it changes behaviour."""

    name: str
    description: str
    violates: tuple[str, ...]
    apply: Transform

    @property
    def capabilities(self) -> frozenset[str]:
        """The capabilities it touches: those of the requirements it violates (where its failures must show)."""
        return frozenset(requirements()[r].capability for r in self.violates)


DEFECTS: dict[str, Defect] = {}


def defect(name: str, description: str, *violates: str) -> Callable[[Transform], Transform]:
    """Register a defect switch."""
    def register(apply: Transform) -> Transform:
        unknown = [r for r in violates if r not in requirements()]
        if name in DEFECTS or unknown or not violates:
            raise ValueError(f"defect {name}: duplicate name or bad requirements {unknown}")
        DEFECTS[name] = Defect(name, description, violates, apply)
        return apply
    return register


def defects() -> tuple[Defect, ...]:
    """Every defect switch, in registration order."""
    return tuple(DEFECTS.values())


def behaviour_with(names: Iterable[str]) -> Behaviour:
    """The correct behaviour with the named defects switched on; ``ConfigurationError`` for unknown names."""
    behaviour = correct_behaviour()
    for name in names:
        if name not in DEFECTS:
            raise ConfigurationError(f"unknown defect {name!r}; see `bakong-conformance defects`")
        behaviour = DEFECTS[name].apply(behaviour)
    return behaviour
