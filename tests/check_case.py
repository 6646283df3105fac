"""The shape of a check case (``tests/test_checks.py``, ``tests/payment_check_cases.py``): a registered check
called with arguments, and for a failing case the exception, requirement and a phrase it must carry."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import ExitStack
from dataclasses import dataclass
from typing import Any

from bakong_conformance.checks import REGISTRY
from bakong_conformance.errors import ConformanceFailure
from bakong_conformance.participant import Participant, Target, open_participant

__all__ = ["Case", "Reference"]


@dataclass(frozen=True)
class Reference:
    """An argument read, when the test runs, from the in-process reference participant with ``defects``."""

    read: Callable[[Participant], Any] = lambda participant: participant
    defects: tuple[str, ...] = ()


@dataclass(frozen=True)
class Case:
    """``check`` called with ``args``; a failing case names its exception type, requirement and a telling phrase."""

    check: str
    variant: str
    args: tuple[Any, ...]
    fails_with: type[ConformanceFailure] | None = None
    requirement: str = ""
    names: str = ""

    def run(self) -> None:
        with ExitStack() as stack:
            def resolve(arg: Any) -> Any:
                if not isinstance(arg, Reference):
                    return arg
                return arg.read(stack.enter_context(open_participant(Target(defects=arg.defects))))
            REGISTRY[self.check].function(*(resolve(a) for a in self.args))
