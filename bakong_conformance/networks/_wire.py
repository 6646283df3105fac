"""The one shape every delivery hands to the simulator, and the one shape of its decision.

Both deliveries (real sockets through the ASGI app, in-process through respx) turn a request into a
:class:`WireRequest` and carry out the :class:`Decision` the simulator returns: answer now, answer only after
the client gave up (``late``), or break the connection mid-answer (``dropped``).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any, Literal

from .. import strict_json
from ..strict_json import JsonError

__all__ = ["MAX_BODY_BYTES", "Decision", "Delivery", "JsonError", "WireRequest", "json_decision", "parse_json"]

MAX_BODY_BYTES = 256 * 1024
"""Request bodies over this many bytes are not read: HTTP 413."""

Delivery = Literal["answered", "late", "dropped"]


@dataclass(frozen=True, slots=True)
class WireRequest:
    """A request as received: ``headers`` with lower-case names; ``too_large`` when the body was over the cap
    (``body`` then holds only what was read)."""

    method: str
    path: str
    headers: tuple[tuple[str, str], ...]
    body: bytes
    too_large: bool = False

    def header(self, name: str) -> str | None:
        """The last value of header ``name`` (lower case), or None."""
        values = [value for key, value in self.headers if key == name]
        return values[-1] if values else None

    def body_for_record(self) -> Any:
        """The body as records and evidence keep it: parsed (strict) JSON, else the text (invalid UTF-8
        replaced), else a note."""
        if self.too_large:
            return f"<not read: over {MAX_BODY_BYTES} bytes>"
        try:
            return parse_json(self.body)
        except JsonError:
            return self.body.decode("utf-8", errors="replace")


@dataclass(frozen=True, slots=True)
class Decision:
    """What to send back and how: ``answer`` is the JSON body (encoded in ``body``)."""

    status: int
    headers: tuple[tuple[str, str], ...]
    body: bytes
    answer: Any
    delivery: Delivery = "answered"


def json_decision(status: int, answer: Any, *, delivery: Delivery = "answered",
                  headers: tuple[tuple[str, str], ...] = ()) -> Decision:
    """A JSON answer with its Content-Type and Content-Length."""
    body = json.dumps(answer, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    base = (("content-type", "application/json"), ("content-length", str(len(body))))
    return Decision(status, base + headers, body, answer, delivery)


def parse_json(raw: bytes) -> Any:
    """What a participant sent, read as strict JSON (:mod:`bakong_conformance.strict_json`): valid UTF-8, no
    repeated key in an object, no NaN or Infinity, at most 64 levels of nesting; :class:`JsonError` (a
    ``ValueError`` whose ``reason`` says what was wrong) otherwise. Never a ``RecursionError``."""
    return strict_json.loads(raw)
