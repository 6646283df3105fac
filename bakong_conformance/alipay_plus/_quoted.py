"""A value as the message about it quotes it: in JSON's words (``"RSA256"``, ``null``), never Python's."""

from __future__ import annotations

import json

__all__ = ["quoted"]


def quoted(value: object) -> str:
    """``value`` as JSON (strings in double quotes, ``null`` for None), non-ASCII kept as it is."""
    return json.dumps(value, ensure_ascii=False, default=str)
