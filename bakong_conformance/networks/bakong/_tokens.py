"""Open API tokens: JWTs (HS256) issued by ``/v1/renew_token``, judged by the simulator's own table.

A token is valid when the simulator issued it, it has not been expired by :meth:`Tokens.expire_all`, and the
clock is before its ``exp``. The signature key is random per simulator; a forged or foreign token is simply not
in the table ("unknown"). Tokens never leave this module except as the answer to the one who asked for them:
each is registered as a secret when issued, so it is scrubbed from every record and report, in every form.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import re
import secrets
from dataclasses import dataclass
from typing import Any, Literal

from ...evidence import register_secret, scrub

__all__ = ["TOKEN_LABEL", "Auth", "Tokens"]

TOKEN_LABEL = "an Open API token issued by the simulated Bakong"
"""What is printed in place of an issued token (see :func:`bakong_conformance.evidence.register_secret`)."""

Auth = Literal["none", "valid", "expired", "unknown", "malformed"]

_BEARER = re.compile(r"(?i:bearer) (\S+)")
_HEADER = {"alg": "HS256", "typ": "JWT"}


@dataclass(slots=True)
class _Issued:
    expires_ms: int
    revoked: bool = False


class Tokens:
    """The tokens issued so far, each with its expiry."""

    def __init__(self, lifetime_ms: int) -> None:
        if lifetime_ms <= 0:
            raise ValueError(f"a token lives a positive number of milliseconds, not {lifetime_ms}")
        self._lifetime_ms = lifetime_ms
        self._key = secrets.token_bytes(32)
        self._issued: dict[str, _Issued] = {}

    def issue(self, email: str, now_ms: int) -> str:
        """A new JWT for ``email``, valid for the lifetime from ``now_ms``."""
        expires_ms = now_ms + self._lifetime_ms
        claims = {"data": {"id": secrets.token_hex(8)}, "iat": now_ms // 1000, "exp": expires_ms // 1000}
        token = _jwt(claims, self._key)
        register_secret(TOKEN_LABEL, token)
        self._issued[token] = _Issued(expires_ms)
        return token

    def expire_all(self) -> None:
        """Every token issued so far is expired from now on."""
        for issued in self._issued.values():
            issued.revoked = True

    def scrub(self, value: Any) -> Any:
        """``value`` (parsed JSON) with every issued token (every registered secret), in any form, redacted."""
        return scrub(value)

    def judge(self, authorization: str | None, now_ms: int) -> Auth:
        """What the ``Authorization`` header amounts to at ``now_ms`` (absent or empty: ``none``)."""
        if not authorization:
            return "none"
        match = _BEARER.fullmatch(authorization)
        if match is None:
            return "malformed"
        issued = self._issued.get(match.group(1))
        if issued is None:
            return "unknown"
        return "expired" if issued.revoked or now_ms >= issued.expires_ms else "valid"


def _jwt(claims: dict[str, object], key: bytes) -> str:
    signing_input = f"{_b64_json(_HEADER)}.{_b64_json(claims)}"
    signature = hmac.new(key, signing_input.encode("ascii"), hashlib.sha256).digest()
    return f"{signing_input}.{_b64(signature)}"


def _b64_json(value: object) -> str:
    return _b64(json.dumps(value, separators=(",", ":")).encode("utf-8"))


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")
