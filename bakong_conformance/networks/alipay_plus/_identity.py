"""Who signs what between the simulated Alipay+ and the participant: Alipay+'s own key pair (new for every
simulator) and the participant's Client-Id and public key (from its participant configuration)."""

from __future__ import annotations

import base64
from dataclasses import dataclass

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from ...alipay_plus import KeyPair, load_public_key, public_pem
from ...errors import HarnessError
from ...evidence import register_secret

__all__ = ["ALIPAY_PLUS_KEY_VERSION", "ParticipantIdentity", "own_keys"]

ALIPAY_PLUS_KEY_VERSION = "1"
_CLIENT_ID_MAX = 64


@dataclass(frozen=True)
class ParticipantIdentity:
    """The participant as Alipay+ knows it: the Client-Id Alipay+ assigned it and its public key of
    ``key_version``."""

    client_id: str
    public_key: rsa.RSAPublicKey
    key_version: str = "1"

    @classmethod
    def of(cls, client_id: str, public_key_pem: str, key_version: str = "1") -> ParticipantIdentity:
        """From configuration values; ``HarnessError`` for a Client-Id that is empty, too long or not printable
        ASCII, or a key that is not an RSA public key of at least 2048 bits."""
        if not 0 < len(client_id) <= _CLIENT_ID_MAX or not client_id.isascii() or not client_id.isprintable() \
                or " " in client_id:
            raise HarnessError(f"not an Alipay+ Client-Id (1 to {_CLIENT_ID_MAX} printable ASCII characters, "
                               f"no spaces): {client_id!r}")
        try:
            key = load_public_key(public_key_pem)
        except ValueError as bad:
            raise HarnessError(f"the participant's Alipay+ public key cannot be used: {bad}") from bad
        return cls(client_id, key, key_version)

    @property
    def public_keys(self) -> dict[str, rsa.RSAPublicKey]:
        """Its keys by key version."""
        return {self.key_version: self.public_key}


def own_keys() -> KeyPair:
    """A new key pair for one simulated Alipay+; its private key is registered as a secret in every form it
    could be written in (the PEM text and its one-line Base64), so no report ever carries it."""
    keys = KeyPair.generate(ALIPAY_PLUS_KEY_VERSION)
    pem = keys.private_pem().decode("ascii")
    der = keys.private_key.private_bytes(serialization.Encoding.DER, serialization.PrivateFormat.PKCS8,
                                         serialization.NoEncryption())
    register_secret("the simulated Alipay+'s private key", pem)
    register_secret("the simulated Alipay+'s private key", base64.b64encode(der).decode("ascii"))
    return keys


def public_key_text(keys: KeyPair) -> str:
    """The PEM text of ``keys``' public half (what the participant is given)."""
    return public_pem(keys.public_key)
