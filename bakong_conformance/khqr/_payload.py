"""Reading a KHQR string into a :class:`Payload`: its data objects and the contents of its templates.

:func:`read` is strict and raises a :class:`~bakong_conformance.khqr.DecodeError`; :func:`read_lenient` (used by
validation) keeps going past malformed templates and records them, so that every finding can be reported.
"""

from __future__ import annotations

from dataclasses import dataclass

from ._tags import TEMPLATE_TAGS
from ._tlv import MAX_INPUT_UNITS, DataObject, InputTooLarge, MalformedTemplate, read_prefix, read_template, to_units

__all__ = ["Payload", "read", "read_lenient", "read_partial"]


@dataclass(frozen=True, slots=True)
class Payload:
    """A KHQR string read into data objects.

    ``objects`` are the top-level data objects in order; ``values`` maps each ID to its last value (as the SDK's
    decode keeps the last of repeated tags); ``subs`` maps each well-formed template's ID to its sub-objects'
    last values; ``template_errors`` lists the templates that are not well formed. Values are unit strings.
    """

    text: str
    units: str
    objects: tuple[DataObject, ...]
    values: dict[str, str]
    subs: dict[str, dict[str, str]]
    sub_objects: dict[str, tuple[DataObject, ...]]
    template_errors: tuple[MalformedTemplate, ...]
    offsets: dict[str, int]
    account_tag: str | None
    """``offsets``: each ID's offset (first occurrence); ``account_tag``: "29" or "30", the account template
    present last, or None."""

    def sub(self, tag: str, sub: str) -> str | None:
        """The value of ``sub`` inside template ``tag``, or None."""
        inner = self.subs.get(tag)
        return None if inner is None else inner.get(sub)


def _check_size(units: str) -> None:
    if len(units) > MAX_INPUT_UNITS:
        raise InputTooLarge(f"{len(units)} characters, more than the {MAX_INPUT_UNITS} a KHQR may have", offset=0)


def _build(text: str, units: str, objects: tuple[DataObject, ...]) -> Payload:
    subs: dict[str, dict[str, str]] = {}
    sub_objects: dict[str, tuple[DataObject, ...]] = {}
    errors: list[MalformedTemplate] = []
    for obj in objects:
        if obj.tag in TEMPLATE_TAGS:
            try:
                inner = tuple(read_template(obj))
            except MalformedTemplate as error:
                errors.append(error)
                continue
            sub_objects[obj.tag] = inner
            subs[obj.tag] = {o.tag: o.value for o in inner}
    values = {o.tag: o.value for o in objects}
    offsets: dict[str, int] = {}
    account: str | None = None
    for obj in objects:
        offsets.setdefault(obj.tag, obj.offset)
        account = obj.tag if obj.tag in ("29", "30") else account
    return Payload(text, units, objects, values, subs, sub_objects, tuple(errors), offsets, account)


def read_lenient(text: str) -> Payload:
    """Read ``text``; raise only for the top level (size, IDs, lengths), record malformed templates."""
    units = to_units(text)
    _check_size(units)
    objects, error = read_prefix(units)
    if error is not None:
        raise error
    return _build(text, units, tuple(objects))


def read_partial(text: str) -> Payload:
    """Read as much of ``text`` as is well formed (for decoding a broken payload); only the size cap raises."""
    units = to_units(text)
    _check_size(units)
    return _build(text, units, tuple(read_prefix(units)[0]))


def read(text: str) -> Payload:
    """Read ``text`` into a :class:`Payload`; raise the first :class:`DecodeError` (top level or template).

    Reading checks syntax only; :func:`~bakong_conformance.khqr.validate` checks the rules.
    """
    payload = read_lenient(text)
    if payload.template_errors:
        raise payload.template_errors[0]
    return payload
