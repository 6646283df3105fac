"""KHQR payloads: read, validate, verify, decode and generate (EMVCo merchant-presented mode + Bakong tags).

The codec follows NBC's official SDK (bakong-khqr 1.0.20) byte for byte where the standard allows, and is
stricter where the SDK is lenient; ``catalogue/rules.toml`` is the policy table. Nothing here can hang: input
is capped at :data:`MAX_INPUT_UNITS` and every parsing step consumes input.

Errors::

    DecodeError(ValueError)           text is not a sequence of data objects (tag, offset, cause, rule)
      ├── InputTooLarge               longer than MAX_INPUT_UNITS
      ├── TruncatedObject, BadTagId, BadLength
      └── MalformedTemplate           a template's value is not itself TLV (inner error as __cause__)
    GenerationRefused(ValueError)     details that cannot be encoded (rule, sdk_code, message)
"""

from __future__ import annotations

from ._crc import crc16, crc_hex, md5_hex
from ._findings import Finding, primary_error
from ._generate import Generated, GenerationRefused, generate
from ._payload import Payload, read
from ._tags import DECODE_KEYS, Tag
from ._tlv import (
    MAX_INPUT_UNITS,
    BadLength,
    BadTagId,
    DataObject,
    DecodeError,
    InputTooLarge,
    MalformedTemplate,
    TruncatedObject,
    encode,
    unit_len,
)
from ._verify import Verdict, decode, validate, verify, wall_clock_ms

__all__ = [
    "DECODE_KEYS",
    "MAX_INPUT_UNITS",
    "BadLength",
    "BadTagId",
    "DataObject",
    "DecodeError",
    "Finding",
    "Generated",
    "GenerationRefused",
    "InputTooLarge",
    "MalformedTemplate",
    "Payload",
    "Tag",
    "TruncatedObject",
    "Verdict",
    "crc16",
    "crc_hex",
    "decode",
    "encode",
    "generate",
    "md5_hex",
    "primary_error",
    "read",
    "unit_len",
    "validate",
    "verify",
    "wall_clock_ms",
]
