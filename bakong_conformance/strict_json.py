"""Strict JSON: the one way the harness reads a JSON text it did not write itself.

Whatever sends the text (a participant's sandbox answering, a participant calling a simulated network, a
certificate folder handed to ``certificate verify``, a request file on the command line) may be hostile. So a
text is JSON here only if it is valid UTF-8 (bytes), nests at most :data:`MAX_DEPTH` arrays and objects (Python's
parser recurses: 30,000 levels crash it), repeats no key inside an object (``"accepted": true, "accepted":
false`` means two different things to two parsers), and holds no ``NaN`` or ``Infinity`` (not JSON, RFC 8259).
Anything else is a :class:`JsonError` whose :attr:`~JsonError.reason` says what was wrong in plain words.

:func:`is_json_media_type` tells whether a ``Content-Type`` announces JSON (``application/json`` or a
``+json`` type), for operations whose answers must be JSON.
"""

from __future__ import annotations

import json
import re
from typing import Any

__all__ = ["MAX_DEPTH", "JsonError", "is_json_media_type", "loads"]

MAX_DEPTH = 64
"""The deepest nesting of arrays and objects read; every message of every contract here nests far less."""

_STRING = re.compile(r'"(?:[^"\\]|\\.)*"', re.DOTALL)
_BRACKET = re.compile(r"[\[\]{}]")


class JsonError(ValueError):
    """The text is not strict JSON; :attr:`reason` says why (no Python words, no traceback)."""

    def __init__(self, reason: str) -> None:
        self.reason = reason
        super().__init__(reason)


def loads(data: bytes | str, *, max_depth: int = MAX_DEPTH) -> Any:
    """The JSON value of ``data`` (UTF-8 bytes or text), read strictly; :class:`JsonError` otherwise."""
    text = _text(data)
    depth = nesting_depth(text)
    if depth > max_depth:
        raise JsonError(f"JSON nested {depth} levels deep (at most {max_depth} are read)")
    try:
        return json.loads(text, parse_constant=_reject_constant, object_pairs_hook=_unique_keys)
    except JsonError:
        raise
    except RecursionError:  # pragma: no cover - the depth check comes first
        raise JsonError(f"JSON nested too deeply (at most {max_depth} levels are read)") from None
    except json.JSONDecodeError as error:
        raise JsonError(f"not JSON: {error.msg} at line {error.lineno} column {error.colno}") from None


def nesting_depth(text: str) -> int:
    """How deeply arrays and objects nest in ``text`` (brackets inside strings do not count); linear time."""
    depth = deepest = 0
    for bracket in _BRACKET.finditer(_STRING.sub("", text)):
        if bracket.group() in "[{":
            depth += 1
            deepest = max(deepest, depth)
        else:
            depth -= 1
    return deepest


def is_json_media_type(content_type: str | None) -> bool:
    """Whether a ``Content-Type`` value announces JSON: ``application/json`` or ``application/<x>+json``,
    parameters allowed, any charset other than UTF-8 refused."""
    if not content_type:
        return False
    media, _, parameters = content_type.partition(";")
    media = media.strip().lower()
    if media != "application/json" and not (media.startswith("application/") and media.endswith("+json")):
        return False
    for parameter in parameters.split(";"):
        name, _, value = parameter.partition("=")
        if name.strip().lower() == "charset" and value.strip().strip('"').lower() not in ("utf-8", "utf8"):
            return False
    return True


def _text(data: bytes | str) -> str:
    if isinstance(data, str):
        return data
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise JsonError(f"not valid UTF-8 (byte 0x{data[error.start]:02x} at offset {error.start})") from None


def _reject_constant(name: str) -> Any:
    raise JsonError(f"{name} is not a JSON value")


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    seen: set[str] = set()
    for key, _ in pairs:
        if key in seen:
            raise JsonError(f'the key "{key}" appears twice in one object')
        seen.add(key)
    return dict(pairs)
