"""EMVCo TLV: read and write data objects whose lengths count UTF-16 code units.

A data object is a two-digit ID, a two-digit LEN and LEN code units of value (EMVCo MPM, data objects).
KHQR counts LEN as JavaScript does (UTF-16 code units, so an emoji counts 2) while its CRC runs over UTF-8
bytes. Internally text is held as a *unit string*: every astral character is split into its two surrogates,
so one Python character is one UTF-16 code unit and slicing matches JavaScript exactly.

Reading never loops: every step consumes at least four units or raises :class:`DecodeError`.
"""

from __future__ import annotations

import codecs
import re
from typing import NamedTuple

__all__ = [
    "MAX_INPUT_UNITS",
    "BadLength",
    "BadTagId",
    "DataObject",
    "DecodeError",
    "InputTooLarge",
    "MalformedTemplate",
    "TruncatedObject",
    "encode",
    "from_units",
    "read_objects",
    "read_prefix",
    "read_template",
    "to_units",
    "unit_len",
    "utf8",
]

MAX_INPUT_UNITS = 512

_ASTRAL = re.compile("[\U00010000-\U0010ffff]")
_SURROGATE_PAIR = re.compile("[\ud800-\udbff][\udc00-\udfff]")
_SURROGATE = re.compile("[\ud800-\udfff]")
_TWO_DIGITS = re.compile(r"[0-9]{2}\Z", re.ASCII)


class DecodeError(ValueError):
    """Raised when text is not a sequence of data objects. Carries the ``tag``, the ``offset`` (UTF-16 units
    from the start of the payload) and the ``cause``; ``rule`` is the payload rule it breaks."""

    rule = "KHQR-TLV-SYNTAX"

    def __init__(self, cause: str, *, offset: int, tag: str | None = None) -> None:
        self.cause, self.offset, self.tag = cause, offset, tag
        where = f"tag {tag} at offset {offset}" if tag else f"offset {offset}"
        super().__init__(f"{cause} ({where})")


class InputTooLarge(DecodeError):
    """Raised when the input is longer than :data:`MAX_INPUT_UNITS` (nothing is parsed)."""

    rule = "KHQR-INPUT-SIZE"


class TruncatedObject(DecodeError):
    """Raised when the text ends inside an ID, a length or a value."""


class BadTagId(DecodeError):
    """Raised when an ID is not two ASCII digits."""


class BadLength(DecodeError):
    """Raised when a length is not two ASCII digits."""


class MalformedTemplate(DecodeError):
    """Raised when a template's value is not itself a sequence of data objects (the inner error is the cause)."""

    rule = "KHQR-TEMPLATE-SYNTAX"


class DataObject(NamedTuple):
    """One data object: ``tag``, ``value`` (a unit string) and ``offset`` of its ID in the payload.

    A named tuple rather than a dataclass: a payload makes dozens and they are the reader's hot path."""

    tag: str
    value: str
    offset: int


def _split(match: re.Match[str]) -> str:
    code = ord(match.group()) - 0x10000
    return chr(0xD800 + (code >> 10)) + chr(0xDC00 + (code & 0x3FF))


def _join(match: re.Match[str]) -> str:
    pair = match.group()
    return chr(0x10000 + ((ord(pair[0]) - 0xD800) << 10) + (ord(pair[1]) - 0xDC00))


def to_units(text: str) -> str:
    """``text`` with each astral character split into its surrogate pair (one character per UTF-16 unit)."""
    return _ASTRAL.sub(_split, text) if _ASTRAL.search(text) else text


def from_units(units: str) -> str:
    """Inverse of :func:`to_units`: rejoin surrogate pairs; a lone surrogate stays as it is."""
    return _SURROGATE_PAIR.sub(_join, units) if _has_surrogate(units) else units


def _has_surrogate(units: str) -> bool:
    return not units.isascii() and _SURROGATE.search(units) is not None


def unit_len(text: str) -> int:
    """Length of ``text`` in UTF-16 code units (JavaScript's ``string.length``)."""
    return len(text) + (len(_ASTRAL.findall(text)) if not text.isascii() else 0)


def _fffd(error: UnicodeError) -> tuple[bytes, int]:
    assert isinstance(error, UnicodeEncodeError)
    return "\ufffd".encode() * (error.end - error.start), error.end


codecs.register_error("khqr-fffd", _fffd)


def utf8(units: str) -> bytes:
    """UTF-8 bytes as JavaScript's ``Buffer.from`` writes them: pairs joined, a lone surrogate as U+FFFD."""
    return units.encode("ascii") if units.isascii() else from_units(units).encode("utf-8", "khqr-fffd")


def encode(tag: str, value: str) -> str:
    """One data object for ``tag`` and ``value`` (a normal string); the caller ensures the length fits."""
    return f"{tag}{unit_len(value):02d}{value}"


def read_prefix(units: str, base: int = 0) -> tuple[list[DataObject], DecodeError | None]:
    """The data objects of a unit string up to the first malformed one, and that error (None if none).

    ``base`` is added to offsets so that errors inside a template point into the whole payload.
    """
    objects: list[DataObject] = []
    pos, end = 0, len(units)
    while pos < end:
        head = units[pos:pos + 4]
        stop = pos + 4 + int(head[2:]) if head.isdigit() and head.isascii() and len(head) == 4 else end + 1
        if stop > end:                 # not two digits, or truncated: let the careful reader say which
            return objects, _error_at(units, pos, base)
        objects.append(DataObject(head[:2], units[pos + 4:stop], base + pos))
        pos = stop
    return objects, None


def _error_at(units: str, pos: int, base: int) -> DecodeError:
    try:
        _read_one(units, pos, base)
    except DecodeError as error:
        return error
    raise AssertionError("unreachable: _read_one accepted what read_prefix rejected")  # pragma: no cover


def read_objects(units: str, base: int = 0) -> list[DataObject]:
    """Every data object of a unit string, in order; :class:`DecodeError` at the first malformed one."""
    objects, error = read_prefix(units, base)
    if error is not None:
        raise error
    return objects


def _read_one(units: str, pos: int, base: int) -> DataObject:
    head = units[pos:pos + 4]
    if len(head) < 4:
        raise TruncatedObject(f"{len(head)} character(s) left where an ID and a length need 4", offset=base + pos)
    tag, length = head[:2], head[2:]
    if not _TWO_DIGITS.match(tag):
        raise BadTagId(f"ID {tag!r} is not two digits", offset=base + pos)
    if not _TWO_DIGITS.match(length):
        raise BadLength(f"length {length!r} is not two digits", offset=base + pos + 2, tag=tag)
    value = units[pos + 4:pos + 4 + int(length)]
    if len(value) < int(length):
        raise TruncatedObject(f"length {length} but only {len(value)} character(s) follow",
                              offset=base + pos, tag=tag)
    return DataObject(tag, value, base + pos)


def read_template(obj: DataObject) -> list[DataObject]:
    """The data objects inside template ``obj``; :class:`MalformedTemplate` (caused by the inner error) if its
    value is not exactly a sequence of data objects."""
    try:
        return read_objects(obj.value, obj.offset + 4)
    except DecodeError as inner:
        raise MalformedTemplate(f"template {obj.tag} is not a sequence of data objects: {inner.cause}",
                                offset=inner.offset, tag=obj.tag) from inner
