"""What the reference participant decides the same way in both Alipay+ roles (acquirer and wallet), as replaceable
functions (the correct choices are the functions below): how it verifies Alipay+'s requests, signs its own
messages, writes absent values and re-sends notifications (schemas/alipay-plus/README.md §1-2).

Each role's rules (``_acquirer_rules.AcquirerRules``, ``_wallet_rules.WalletRules``) carry these pieces under the
same names, so that the shared wire (``_alipay_wire``), client (``_alipay_client``) and notifier
(``_alipay_notify``) ask whichever role they serve (:class:`WireRules`, :class:`CallerRules`), and a defect switch
replaces a piece of one role only.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from typing import Any, Protocol

from cryptography.hazmat.primitives.asymmetric import rsa

from ..alipay_plus import KeyPair, SignatureProblem, format_time, parse_signature_header, signed_headers, verify_message
from ._alipay_refusal import Refused

__all__ = [
    "CallerRules", "FinishFn", "PublicKeys", "SignAnswerFn", "SignRequestFn", "VerifyFn", "WireRules", "compact",
    "omit_absent", "own_client", "sign_answer", "sign_request", "until_acknowledged", "verify_signature",
    "within_tolerance",
]

PublicKeys = Mapping[str, rsa.RSAPublicKey]
VerifyFn = Callable[[PublicKeys, Mapping[str, str], str, bytes], None]
"""(Alipay+'s keys by version, the request's headers with lower-case names, path, body as received): raises
:class:`Refused` when the signature cannot be accepted."""
SignAnswerFn = Callable[[KeyPair, str, str, str, dict[str, Any]], tuple[dict[str, str], bytes]]
"""(own keys, path of the request answered, Client-Id, Response-Time, answer) → (headers, body to send)."""
SignRequestFn = Callable[[KeyPair, str, str, int, bytes], dict[str, str]]
"""(own keys, path, Client-Id, sandbox time, body to send) → the request's headers."""
FinishFn = Callable[[dict[str, Any]], dict[str, Any]]
"""A message as built (None for an absent optional value) → the message as written."""


class WireRules(Protocol):
    """What the wire asks a role's rules when it reads Alipay+'s requests and signs the answers."""

    @property
    def verify(self) -> VerifyFn:
        """Verify a request's signature."""

    @property
    def client_ok(self) -> Callable[[str | None, str], bool]:
        """(the request's Client-Id, the participant's own) → accepted."""

    @property
    def fresh(self) -> Callable[[int, int, int], bool]:
        """(Request-Time, sandbox clock, tolerance in s) → accepted."""

    @property
    def sign_answer(self) -> SignAnswerFn:
        """Write and sign an answer."""

    @property
    def finish(self) -> FinishFn:
        """Write a message's absent values."""


class CallerRules(Protocol):
    """What the client asks a role's rules when it calls Alipay+."""

    @property
    def sign_request(self) -> SignRequestFn:
        """Sign a request."""

    @property
    def finish(self) -> FinishFn:
        """Write a message's absent values."""


# --- signatures -------------------------------------------------------------------------------------------------
def verify_signature(keys: PublicKeys, headers: Mapping[str, str], path: str, body: bytes) -> None:
    """Verify over the path, the Client-Id, the Request-Time as written and the body byte for byte;
    ``KEY_NOT_FOUND`` for an unknown key version, ``INVALID_SIGNATURE`` for anything else wrong."""
    try:
        header = parse_signature_header(headers.get("signature"))
        if header.key_version not in keys:
            raise Refused("KEY_NOT_FOUND", f"no key has keyVersion {header.key_version}")
        verify_message(keys, headers, path, body)
    except SignatureProblem as problem:
        raise Refused("INVALID_SIGNATURE", problem.reason) from problem


def own_client(given: str | None, own: str) -> bool:
    """Only requests under the participant's own Client-Id are accepted."""
    return given == own


def within_tolerance(sent_ms: int, now_ms: int, tolerance_s: int) -> bool:
    """The request's time is at most ``tolerance_s`` away from the sandbox clock."""
    return abs(sent_ms - now_ms) <= tolerance_s * 1000


def compact(message: dict[str, Any]) -> bytes:
    """A message as the participant writes it: compact JSON in UTF-8."""
    return json.dumps(message, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def sign_answer(keys: KeyPair, path: str, client_id: str, time: str,
                answer: dict[str, Any]) -> tuple[dict[str, str], bytes]:
    """The answer written compact and signed over exactly those bytes."""
    body = compact(answer)
    return signed_headers(keys, path, client_id, time, body, answer=True), body


def sign_request(keys: KeyPair, path: str, client_id: str, now_ms: int, body: bytes) -> dict[str, str]:
    """The request's headers, its Request-Time written once (UTC+8, whole seconds) and signed as written."""
    return signed_headers(keys, path, client_id, format_time(now_ms), body)


# --- values and notifications ---------------------------------------------------------------------------------------
def omit_absent(message: dict[str, Any]) -> dict[str, Any]:
    """Absent optional values are omitted, never written as ``""`` (objects inside too)."""
    return {key: omit_absent(value) if isinstance(value, dict) else value
            for key, value in message.items() if value is not None}


def until_acknowledged(acknowledged: bool) -> bool:
    """A notification is sent again until Alipay+ acknowledged it with S."""
    return not acknowledged
