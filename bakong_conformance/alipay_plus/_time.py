"""Alipay+ date-times: read any ISO 8601 date-time with ``Z`` or an offset (up to nine fractional digits) or
epoch milliseconds; written with an offset. Reading never changes the text that was signed: a signature is
always checked over the header as written (``_signing``)."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta, timezone

from ._quoted import quoted

__all__ = ["TimeError", "format_time", "parse_time"]

_ISO = re.compile(r"(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(Z|[+-]\d{2}:\d{2})")
_EPOCH_MS = re.compile(r"\d{13}")


class TimeError(ValueError):
    """Not a date-time Alipay+ writes."""


def parse_time(text: str) -> int:
    """The epoch milliseconds of ``text``; :class:`TimeError` for anything else."""
    if _EPOCH_MS.fullmatch(text):
        return int(text)
    match = _ISO.fullmatch(text)
    if match is None:
        raise TimeError(f"not an ISO 8601 date-time with Z or an offset: {quoted(text[:60])}")
    year, month, day, hour, minute, second, fraction, zone = match.groups()
    if zone == "Z":
        tz = UTC
    else:
        hours, minutes = int(zone[1:3]), int(zone[4:6])
        if hours > 23 or minutes > 59:
            raise TimeError(f"not a time zone offset: {zone}")
        sign = 1 if zone[0] == "+" else -1
        tz = timezone(sign * timedelta(hours=hours, minutes=minutes))
    try:
        moment = datetime(int(year), int(month), int(day), int(hour), int(minute), int(second), tzinfo=tz)
    except ValueError as bad:
        raise TimeError(f"not a calendar date-time: {quoted(text[:60])}") from bad
    millis = int((fraction or "0").ljust(3, "0")[:3])
    return int(moment.timestamp()) * 1000 + millis


def format_time(epoch_ms: int, *, offset_minutes: int = 480, fraction_digits: int = 0) -> str:
    """``epoch_ms`` written as Alipay+ does, with the given offset (default UTC+8; 0 writes ``Z``) and 0 to 3
    fractional digits (cut, never rounded)."""
    if not 0 <= fraction_digits <= 3:
        raise ValueError("0 to 3 fractional digits")
    tz = UTC if offset_minutes == 0 else timezone(timedelta(minutes=offset_minutes))
    moment = datetime.fromtimestamp(epoch_ms // 1000, tz)
    text = moment.strftime("%Y-%m-%dT%H:%M:%S")
    if fraction_digits:
        text += "." + f"{epoch_ms % 1000:03d}"[:fraction_digits]
    if offset_minutes == 0:
        return text + "Z"
    sign = "+" if offset_minutes > 0 else "-"
    hours, minutes = divmod(abs(offset_minutes), 60)
    return f"{text}{sign}{hours:02d}:{minutes:02d}"
