"""Rewriting a KHQR string the way a faulty bank would: change data objects, then re-seal it with a CRC.

Used only by defect switches, to produce the realistic mistakes the certification suite must catch.
"""

from __future__ import annotations

from collections.abc import Callable

from .. import khqr
from ..khqr._tlv import from_units, read_objects, to_units

__all__ = ["Objects", "encode_all", "inner_objects", "objects_of", "reseal", "rewrite"]

Objects = list[tuple[str, str]]


def objects_of(qr: str) -> Objects:
    """The top-level (tag, value) pairs of a KHQR, CRC excluded, values as normal strings."""
    return [(o.tag, from_units(o.value)) for o in khqr.read(qr).objects if o.tag != khqr.Tag.CRC]


def inner_objects(value: str) -> Objects:
    """The (tag, value) pairs inside a template value."""
    return [(o.tag, from_units(o.value)) for o in read_objects(to_units(value))]


def encode_all(objects: Objects, length: Callable[[str], int] = khqr.unit_len) -> str:
    """The objects encoded back to back, each length computed by ``length`` (normally UTF-16 units)."""
    return "".join(f"{tag}{length(value):02d}{value}" for tag, value in objects)


def reseal(body: str, crc: Callable[[str], str] = khqr.crc_hex) -> str:
    """``body`` (everything before the CRC object) with ``6304`` and the CRC written by ``crc``."""
    return f"{body}6304{crc(body + '6304')}"


def rewrite(qr: str, change: Callable[[Objects], Objects]) -> str:
    """``qr`` with its top-level objects changed by ``change`` and a correct CRC."""
    return reseal(encode_all(change(objects_of(qr))))
