"""Ed25519 signing keys: the configured issuer's key, or one generated for a single run (self-signed).

A configured key is a PKCS#8 PEM private key (unencrypted), read from a file or from an environment variable;
it never leaves memory. Without one, a fresh key is generated for the run and thrown away after signing, so a
self-signed certificate proves only that its files are unchanged since the run. ``certificate keygen`` writes a
key pair for an issuer.
"""

from __future__ import annotations

import base64
import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from ..errors import ConfigurationError

__all__ = ["SigningKey", "fingerprint", "generate_pair", "load_public_key", "load_signing_key", "public_bytes",
           "verify_signature"]


@dataclass(frozen=True)
class SigningKey:
    """A private key and whether it was generated for this run only."""

    private: Ed25519PrivateKey
    self_signed: bool

    def sign(self, data: bytes) -> str:
        """The base64 Ed25519 signature of ``data``."""
        return base64.b64encode(self.private.sign(data)).decode("ascii")


def public_bytes(key: Ed25519PublicKey) -> bytes:
    """The 32 raw bytes of ``key``."""
    return key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def fingerprint(key: Ed25519PublicKey) -> str:
    """``SHA256:`` and the hex sha256 of the raw public key, the name a person compares."""
    return "SHA256:" + hashlib.sha256(public_bytes(key)).hexdigest()


def _private_from_pem(pem: bytes, where: str) -> Ed25519PrivateKey:
    try:
        key = serialization.load_pem_private_key(pem, password=None)
    except (ValueError, TypeError) as error:
        raise ConfigurationError(f"{where} is not an unencrypted PEM private key") from error
    if not isinstance(key, Ed25519PrivateKey):
        raise ConfigurationError(f"{where} is not an Ed25519 key")
    return key


def load_signing_key(key_file: Path | None, key_env: str | None) -> SigningKey:
    """The configured key (file first, then environment variable), or a key generated for this run."""
    if key_file is not None:
        try:
            pem = key_file.read_bytes()
        except OSError as error:
            raise ConfigurationError(f"cannot read the signing key {key_file}: {error.strerror}") from error
        return SigningKey(_private_from_pem(pem, f"the signing key {key_file}"), self_signed=False)
    if key_env is not None:
        value = os.environ.get(key_env, "")
        if not value:
            raise ConfigurationError(f"environment variable {key_env!r} holding the signing key is not set")
        return SigningKey(_private_from_pem(value.encode("utf-8"), f"the signing key in {key_env}"), self_signed=False)
    return SigningKey(Ed25519PrivateKey.generate(), self_signed=True)


def load_public_key(path: Path) -> Ed25519PublicKey:
    """An Ed25519 public key from a PEM file; ``ConfigurationError`` when it is not one."""
    try:
        key = serialization.load_pem_public_key(path.read_bytes())
    except OSError as error:
        raise ConfigurationError(f"cannot read the public key {path}: {error.strerror}") from error
    except (ValueError, TypeError) as error:
        raise ConfigurationError(f"{path} is not a PEM public key") from error
    if not isinstance(key, Ed25519PublicKey):
        raise ConfigurationError(f"{path} is not an Ed25519 public key")
    return key


def verify_signature(public_raw_b64: str, signature_b64: str, data: bytes) -> Ed25519PublicKey | None:
    """The public key when ``signature_b64`` is its valid signature of ``data``; None otherwise."""
    try:
        key = Ed25519PublicKey.from_public_bytes(base64.b64decode(public_raw_b64, validate=True))
        key.verify(base64.b64decode(signature_b64, validate=True), data)
    except (ValueError, TypeError, InvalidSignature):
        return None
    return key


def generate_pair(private_path: Path, public_path: Path) -> str:
    """Write a new key pair (private key readable by its owner only); its fingerprint."""
    key = Ed25519PrivateKey.generate()
    private_pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                    serialization.NoEncryption())
    descriptor = os.open(private_path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "wb") as stream:
        stream.write(private_pem)
    public_path.write_bytes(key.public_key().public_bytes(serialization.Encoding.PEM,
                                                          serialization.PublicFormat.SubjectPublicKeyInfo))
    return fingerprint(key.public_key())
