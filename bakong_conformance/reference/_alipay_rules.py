"""What the reference participant decides the same way in both Alipay+ roles (acquirer and wallet), as replaceable
functions (the correct choices are the functions below): how it verifies Alipay+'s requests, signs its own
messages, writes absent values and re-sends notifications (schemas/alipay-plus/README.md §1-2).

Each role's rules (``_acquirer_rules.AcquirerRules``, ``_wallet_rules.WalletRules``) carry a :class:`Signing` of
their own, which the shared wire (``_alipay_wire``) and client (``_alipay_client``) are given, so a defect switch
replaces a piece of one role only.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from cryptography.hazmat.primitives.asymmetric import rsa

from ..alipay_plus import KeyPair, SignatureProblem, format_time, parse_signature_header, signed_headers, verify_message
from ._alipay_refusal import Refused

__all__ = [
    "FinishFn", "PublicKeys", "SignAnswerFn", "SignRequestFn", "Signing", "VerifyFn", "compact", "correct_signing",
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


@dataclass(frozen=True, slots=True)
class Signing:
    """How a role verifies Alipay+'s requests, signs its own messages and writes absent values: the pieces the
    shared wire (``_alipay_wire``) and client (``_alipay_client``) ask, one record per role."""

    verify: VerifyFn
    client_ok: Callable[[str | None, str], bool]        # (the request's Client-Id, the participant's own)
    fresh: Callable[[int, int, int], bool]              # (Request-Time, sandbox clock, tolerance in s)
    sign_answer: SignAnswerFn
    sign_request: SignRequestFn
    finish: FinishFn


def correct_signing() -> Signing:
    """The signing of a fully conformant participant (the functions below)."""
    return Signing(verify=verify_signature, client_ok=own_client, fresh=within_tolerance, sign_answer=sign_answer,
                   sign_request=sign_request, finish=omit_absent)


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
