"""Open API tokens: JWTs (HS256) issued by ``/v1/renew_token``, judged by the simulator's own table.

A token is valid when the simulator issued it, it has not been expired by :meth:`Tokens.expire_all`, and the
clock is before its ``exp``. The signature key is random per simulator; a forged or foreign token is simply not
in the table ("unknown"). Tokens never leave this module except as the answer to the one who asked for them.
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

from ..evidence import REDACTED

__all__ = ["Auth", "Tokens"]

Auth = Literal["none", "valid", "expired", "unknown", "malformed"]

_BEARER = re.compile(r"(?i:bearer) (\S+)")
_TOKEN = re.compile(r"[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+")  # what a JWT looks like
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
        self._issued[token] = _Issued(expires_ms)
        return token

    def expire_all(self) -> None:
        """Every token issued so far is expired from now on."""
        for issued in self._issued.values():
            issued.revoked = True

    def scrub(self, value: Any) -> Any:
        """``value`` (parsed JSON) with every issued token, wherever it appears in a string, redacted."""
        if isinstance(value, str):
            return _TOKEN.sub(lambda m: REDACTED if m.group(0) in self._issued else m.group(0), value)
        if isinstance(value, dict):
            return {key: self.scrub(item) for key, item in value.items()}
        if isinstance(value, list):
            return [self.scrub(item) for item in value]
        return value

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
