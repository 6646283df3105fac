"""Alipay+ message signatures: RSASSA-PKCS1-v1_5 with SHA-256 over ``POST <path>\\n<Client-Id>.<time>.<body>``.

The content to sign is built from the bytes as sent: the path with its leading slash (no host, no query), the
``Client-Id``, the ``Request-Time`` (or ``Response-Time``) exactly as written in its header, and the body byte
for byte. The signature is Base64 (standard, padded), then URL-encoded as ``quote_plus`` does; the header is
``algorithm=RSA256, keyVersion=<n>, signature=<value>`` (Alipay+ signature pages; the official
``global-open-sdk-python`` signature tool signs and verifies both directions with the same function).
"""

from __future__ import annotations

import base64
import binascii
import re
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import quote_plus, unquote_plus

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa

from ._quoted import quoted

__all__ = ["ALGORITHM", "KeyPair", "SignatureHeader", "SignatureProblem", "content_to_sign", "load_public_key",
           "parse_signature_header", "public_pem", "sign", "signature_header", "signed_headers", "verify",
           "verify_message"]

ALGORITHM = "RSA256"
MIN_KEY_BITS = 2048
_KEY_VERSION = re.compile(r"[0-9]{1,9}")
_PART = re.compile(r"\s*([A-Za-z]+)=([^,]*)\s*")


class SignatureProblem(ValueError):
    """A message whose signature cannot be accepted; ``reason`` says why, in plain words."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True, slots=True)
class SignatureHeader:
    """A parsed ``Signature`` header."""

    algorithm: str
    key_version: str
    signature: str          # as written (URL-encoded Base64)


@dataclass(frozen=True)
class KeyPair:
    """An RSA key pair and its ``keyVersion``. The private key never leaves the one who owns it."""

    private_key: rsa.RSAPrivateKey
    key_version: str = "1"

    @classmethod
    def generate(cls, key_version: str = "1", bits: int = MIN_KEY_BITS) -> KeyPair:
        """A new key pair (2048 bits unless told otherwise)."""
        return cls(rsa.generate_private_key(public_exponent=65537, key_size=bits), key_version)

    @classmethod
    def from_pem(cls, pem: bytes, key_version: str = "1") -> KeyPair:
        """The key pair of a PEM private key (PKCS#8 or PKCS#1, unencrypted); ``ValueError`` if it is not an RSA
        key of at least 2048 bits."""
        key = serialization.load_pem_private_key(pem, password=None)
        if not isinstance(key, rsa.RSAPrivateKey) or key.key_size < MIN_KEY_BITS:
            raise ValueError(f"an Alipay+ key is RSA of at least {MIN_KEY_BITS} bits")
        return cls(key, key_version)

    @property
    def public_key(self) -> rsa.RSAPublicKey:
        """The public half."""
        return self.private_key.public_key()

    def private_pem(self) -> bytes:
        """The private key as unencrypted PKCS#8 PEM (a secret: register it before it can reach a report)."""
        return self.private_key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                              serialization.NoEncryption())


def public_pem(key: rsa.RSAPublicKey) -> str:
    """The public key as SubjectPublicKeyInfo PEM text."""
    return key.public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo).decode()


def load_public_key(pem: str | bytes) -> rsa.RSAPublicKey:
    """An RSA public key (SubjectPublicKeyInfo PEM) of at least 2048 bits; ``ValueError`` otherwise."""
    data = pem.encode("ascii") if isinstance(pem, str) else pem
    key = serialization.load_pem_public_key(data)
    if not isinstance(key, rsa.RSAPublicKey) or key.key_size < MIN_KEY_BITS:
        raise ValueError(f"an Alipay+ public key is RSA of at least {MIN_KEY_BITS} bits")
    return key


def content_to_sign(method: str, path: str, client_id: str, time: str, body: bytes) -> bytes:
    """``<method> <path>\\n<client_id>.<time>.<body>`` as bytes, the body appended exactly as sent."""
    return f"{method} {path}\n{client_id}.{time}.".encode() + body


def sign(private_key: rsa.RSAPrivateKey, content: bytes) -> str:
    """The signature value of ``content``: PKCS#1 v1.5 SHA-256, Base64, URL-encoded."""
    raw = private_key.sign(content, padding.PKCS1v15(), hashes.SHA256())
    return quote_plus(base64.b64encode(raw).decode("ascii"))


def verify(public_key: rsa.RSAPublicKey, content: bytes, signature: str) -> bool:
    """Whether ``signature`` (URL-encoded Base64, as in the header) signs ``content`` with ``public_key``."""
    try:
        raw = base64.b64decode(unquote_plus(signature), validate=True)
        public_key.verify(raw, content, padding.PKCS1v15(), hashes.SHA256())
    except (InvalidSignature, binascii.Error, ValueError):
        return False
    return True


def signature_header(key_version: str, signature: str) -> str:
    """The ``Signature`` header value."""
    return f"algorithm={ALGORITHM}, keyVersion={key_version}, signature={signature}"


def parse_signature_header(value: str | None) -> SignatureHeader:
    """The parts of a ``Signature`` header; :class:`SignatureProblem` when it is missing or malformed.

    ``algorithm`` defaults to RSA256 and must be it; ``keyVersion`` (digits) defaults to ``"1"``; ``signature``
    is required and not empty; no part twice, no other part.
    """
    if value is None or not value.strip():
        raise SignatureProblem("there is no Signature header")
    parts: dict[str, str] = {}
    for piece in value.split(","):
        match = _PART.fullmatch(piece)
        if match is None:
            raise SignatureProblem(f"the Signature header is not key=value pairs: {quoted(value[:120])}")
        name, part = match.groups()
        if name in parts or name not in {"algorithm", "keyVersion", "signature"}:
            raise SignatureProblem(f"the Signature header has {quoted(name)} twice or an unknown part")
        parts[name] = part.strip()
    algorithm, key_version = parts.get("algorithm", ALGORITHM), parts.get("keyVersion", "1")
    if algorithm != ALGORITHM:
        raise SignatureProblem(f"the Signature header's algorithm is {quoted(algorithm)}, not {ALGORITHM}")
    if not _KEY_VERSION.fullmatch(key_version):
        raise SignatureProblem(f"the Signature header's keyVersion {quoted(key_version)} is not a number")
    if not parts.get("signature"):
        raise SignatureProblem("the Signature header has no signature")
    return SignatureHeader(algorithm, key_version, parts["signature"])


def signed_headers(keys: KeyPair, path: str, client_id: str, time: str, body: bytes, *,
                   answer: bool = False) -> dict[str, str]:
    """The Alipay+ headers of a request (``answer`` False: ``Request-Time``) or of an answer (``Response-Time``)
    carrying ``body`` for ``path``, signed with ``keys``."""
    value = sign(keys.private_key, content_to_sign("POST", path, client_id, time, body))
    return {"Content-Type": "application/json; charset=UTF-8", "Client-Id": client_id,
            "Response-Time" if answer else "Request-Time": time,
            "Signature": signature_header(keys.key_version, value)}


def verify_message(public_keys: Mapping[str, rsa.RSAPublicKey], headers: Mapping[str, str], path: str,
                   body: bytes, *, answer: bool = False) -> SignatureHeader:
    """Check the signature of a message for ``path`` (``headers`` with lower-case names) with the key of its
    ``keyVersion``; its parsed header, or :class:`SignatureProblem` saying what is wrong."""
    header = parse_signature_header(headers.get("signature"))
    time_name = "response-time" if answer else "request-time"
    client_id, time = headers.get("client-id"), headers.get(time_name)
    if not client_id:
        raise SignatureProblem("there is no Client-Id header")
    if not time:
        raise SignatureProblem(f"there is no {'Response-Time' if answer else 'Request-Time'} header")
    key = public_keys.get(header.key_version)
    if key is None:
        raise SignatureProblem(f"no key has keyVersion {header.key_version}")
    if not verify(key, content_to_sign("POST", path, client_id, time, body), header.signature):
        raise SignatureProblem(f"the signature does not verify over POST {path}, Client-Id {client_id}, "
                               f"{'Response-Time' if answer else 'Request-Time'} {time} and the body as sent")
    return header
