"""Exception roots of the harness.

A participant that breaks a rule *fails* a scenario; a problem of the harness itself is *broken*. The two trees
never mix: Allure reports any ``AssertionError`` as failed and every other exception as broken.

::

    ConformanceFailure(AssertionError)      the participant broke a rule        -> Allure "failed"
      ├── PayloadViolation                  a KHQR it produced or accepted breaks a payload rule
      ├── ContractViolation                 an answer does not follow Participant API v1
      ├── ParticipantTimeout                it did not answer within the bound
      └── OutcomeMismatch                   it answered, but not what the standard requires
    HarnessError(Exception)                 the harness cannot do its job       -> Allure "broken"
      ├── ConfigurationError                bad option, missing token variable, unknown defect
      ├── FixtureNotFound                   a named fixture does not exist
      └── SchemaLoadError                   a schema file is missing or invalid

    DecodeError(ValueError)                 raised by the KHQR codec on text that is not TLV (bakong_conformance.khqr)

Messages of both trees are scrubbed when the exception is made: a registered secret
(:func:`bakong_conformance.evidence.register_secret`) never reaches a report through one, in any form.
"""

from __future__ import annotations

from typing import Any

from .evidence import scrub

__all__ = [
    "ConfigurationError",
    "ConformanceFailure",
    "ContractViolation",
    "FixtureNotFound",
    "HarnessError",
    "OutcomeMismatch",
    "ParticipantTimeout",
    "PayloadViolation",
    "SchemaLoadError",
]


class ConformanceFailure(AssertionError):
    """Raised when the participant under test breaks a requirement.

    The message reads ``title`` then ``Sent / The standard requires / Expected / Actual / Requirement`` lines, so
    a bank engineer sees what the harness sent, the rule and its source, what was required and what came back
    without opening the evidence or our code. ``sent`` and ``requires`` are often added on the way up
    (:meth:`add_context`): the check registry adds the requirement's statement, the suite what was sent.
    """

    def __init__(self, title: str, *, expected: str = "", actual: str = "", requirement: str = "", sent: str = "",
                 requires: str = "") -> None:
        self.title, self.expected, self.actual = scrub(title), scrub(expected), scrub(actual)
        self.requirement, self.sent, self.requires = requirement, scrub(sent), scrub(requires)
        super().__init__(self._message())

    def add_context(self, *, sent: str = "", requires: str = "") -> None:
        """Fill in what was sent and what the standard requires, where the failure did not say already."""
        self.sent = self.sent or scrub(sent)
        self.requires = self.requires or scrub(requires)
        self.args = (self._message(),)

    def _message(self) -> str:
        rows = (("Sent", self.sent), ("The standard requires", self.requires), ("Expected", self.expected),
                ("Actual", self.actual), ("Requirement", self.requirement))
        return "\n".join([self.title, *(f"{label}: {value}" for label, value in rows if value)])


class PayloadViolation(ConformanceFailure):
    """Raised when a KHQR issued or accepted by the participant breaks a payload rule."""


class ContractViolation(ConformanceFailure):
    """Raised when an answer of the participant does not follow the Participant API v1 contract."""


class ParticipantTimeout(ConformanceFailure):
    """Raised when the participant does not answer within the harness's time bound."""


class OutcomeMismatch(ConformanceFailure):
    """Raised when the participant answers, but not with the outcome the standard requires."""


class HarnessError(Exception):
    """Raised when the harness itself cannot run a scenario (never the participant's fault)."""

    def __init__(self, *args: Any) -> None:
        super().__init__(*(scrub(arg) for arg in args))


class ConfigurationError(HarnessError):
    """Raised on an unusable option: unknown defect, missing token variable, unreadable file."""


class FixtureNotFound(HarnessError):
    """Raised when a scenario names a fixture that does not exist."""


class SchemaLoadError(HarnessError):
    """Raised when a JSON schema cannot be read or is itself invalid."""
