"""What the simulated Alipay+ keeps of every message: what the participant sent it, and what the participant
answered when Alipay+ asked. The checks judge these records."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

__all__ = ["Answered", "Received", "SignedRequest"]


@dataclass(frozen=True, slots=True)
class Received:
    """A request the participant sent Alipay+ (``operation``: ``notifyPushPayment``, ``refund``, ...).

    ``body`` is the parsed JSON (None when it was not strict JSON); ``signature_problem`` None when its signature
    verified under the participant's Client-Id and key; ``answer`` the result Alipay+ gave; ``delivery`` how.
    """

    operation: str
    path: str
    headers: dict[str, str]
    raw: bytes
    body: Any
    signature_problem: str | None
    answer: Any
    delivery: str
    at_ms: int

    @property
    def acknowledged(self) -> bool:
        """Whether Alipay+ answered it ``S``, and the participant received that answer."""
        result = self.answer.get("result") if isinstance(self.answer, dict) else None
        return self.delivery == "answered" and isinstance(result, dict) and result.get("resultStatus") == "S"


@dataclass(frozen=True, slots=True)
class SignedRequest:
    """A request Alipay+ sends the participant: where, the headers and the body bytes exactly as sent, and the
    parsed body as meant (before any planned tampering)."""

    operation: str
    path: str
    headers: dict[str, str]
    raw: bytes
    body: dict[str, Any]
    tamper: str | None = None


@dataclass(frozen=True, slots=True)
class Answered:
    """The participant's answer to a :class:`SignedRequest`, as Alipay+ read it.

    ``body`` is the parsed JSON (None when it was not strict JSON); ``signature_problem`` None when the answer's
    signature verified; ``problems`` what breaks Alipay+'s message rules (not JSON, not HTTP 200, the message
    schema), in plain words.
    """

    request: SignedRequest
    status: int
    headers: dict[str, str]
    raw: bytes
    body: Any
    signature_problem: str | None
    problems: tuple[str, ...]

    @property
    def result(self) -> dict[str, Any]:
        """The answer's ``result`` (empty when it has none)."""
        found = self.body.get("result") if isinstance(self.body, dict) else None
        return found if isinstance(found, dict) else {}

    @property
    def status_letter(self) -> str | None:
        """``S``, ``F`` or ``U`` of the answer's result, or None."""
        letter = self.result.get("resultStatus")
        return letter if isinstance(letter, str) else None

    @property
    def code(self) -> str | None:
        """The answer's result code, or None."""
        code = self.result.get("resultCode")
        return code if isinstance(code, str) else None
