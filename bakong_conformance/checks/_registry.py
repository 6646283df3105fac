"""The check registry: every conformance check is a named function bound to the requirement IDs it proves.

Registering a name twice, or naming a requirement the catalogue does not know, fails at import, so the
requirement → check table (:func:`checks_for`) is always complete and unambiguous.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from ..catalogue import requirements
from ..errors import ConformanceFailure

__all__ = ["REGISTRY", "RegisteredCheck", "check", "checks_for", "statement"]

F = TypeVar("F", bound=Callable[..., Any])


@dataclass(frozen=True, slots=True)
class RegisteredCheck:
    """One check: its ``name``, the ``requirements`` it proves and the function itself."""

    name: str
    requirements: tuple[str, ...]
    function: Callable[..., Any]


REGISTRY: dict[str, RegisteredCheck] = {}


def check(*requirement_ids: str) -> Callable[[F], F]:
    """Register the decorated function as a check proving ``requirement_ids`` (at least one, all known)."""
    known = requirements()

    def register(function: F) -> F:
        name = function.__name__
        unknown = [r for r in requirement_ids if r not in known]
        if name in REGISTRY or unknown or not requirement_ids:
            raise ValueError(f"check {name}: duplicate name or bad requirements {unknown or requirement_ids}")
        stating = _stating_the_standard(function)
        REGISTRY[name] = RegisteredCheck(name, requirement_ids, stating)
        return stating   # type: ignore[return-value]
    return register


def statement(requirement_id: str) -> str:
    """What requirement ``requirement_id`` asks, in one sentence, with its source."""
    found = requirements().get(requirement_id)
    return "" if found is None else f"{found.id}: {found.title} (source: {found.source})"


def _stating_the_standard(function: Callable[..., Any]) -> Callable[..., Any]:
    """``function``, whose failures also say what the standard requires (the failed requirement's statement)."""
    @functools.wraps(function)
    def stating(*args: Any, **kwargs: Any) -> Any:
        try:
            return function(*args, **kwargs)
        except ConformanceFailure as failure:
            failure.add_context(requires=statement(failure.requirement))
            raise
    return stating


def checks_for(requirement_id: str) -> tuple[RegisteredCheck, ...]:
    """The checks that prove ``requirement_id``, in registration order."""
    return tuple(c for c in REGISTRY.values() if requirement_id in c.requirements)
