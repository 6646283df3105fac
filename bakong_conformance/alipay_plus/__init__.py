"""Alipay+ message rules, as Alipay+ publishes them: signatures (:mod:`._signing`), times (:mod:`._time`),
amounts in minor units (:mod:`._amount`) and result codes (:mod:`._results`).

One library for everyone who speaks Alipay+ in this project: the simulated Alipay+ (``networks/alipay_plus``),
the checks that judge a participant's messages, and the bundled reference participant. It depends on nothing
of ours but the ``cryptography`` package. The contract it implements: ``schemas/alipay-plus/README.md``.
"""

from __future__ import annotations

from ._amount import KHR_MINOR_UNITS, MINOR_UNITS, AmountError, from_minor, to_minor
from ._quoted import quoted
from ._results import RESULT_CODES, result, result_status
from ._signing import (
    ALGORITHM,
    KeyPair,
    SignatureHeader,
    SignatureProblem,
    content_to_sign,
    load_public_key,
    parse_signature_header,
    public_pem,
    sign,
    signature_header,
    signed_headers,
    verify,
    verify_message,
)
from ._time import TimeError, format_time, parse_time

__all__ = [
    "ALGORITHM",
    "KHR_MINOR_UNITS",
    "MINOR_UNITS",
    "RESULT_CODES",
    "AmountError",
    "KeyPair",
    "SignatureHeader",
    "SignatureProblem",
    "TimeError",
    "content_to_sign",
    "format_time",
    "from_minor",
    "load_public_key",
    "parse_signature_header",
    "parse_time",
    "public_pem",
    "quoted",
    "result",
    "result_status",
    "sign",
    "signature_header",
    "signed_headers",
    "to_minor",
    "verify",
    "verify_message",
]
