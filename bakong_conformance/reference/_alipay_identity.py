"""The reference participant's Alipay+ identity: the Client-Id Alipay+ assigned it, its key version and its key
pair, a test fixture (``fixtures/alipay-plus/``) used nowhere else.

Its private key is registered as a secret when it is loaded, as the PEM text and as the one-line Base64 of its
DER form, so that no report ever carries it in any encoding.
"""

from __future__ import annotations

import base64

from cryptography.hazmat.primitives import serialization

from ..alipay_plus import KeyPair
from ..evidence import register_secret
from ..fixtures import FIXTURES_DIR

__all__ = ["ALIPAY_PLUS_CLIENT_ID", "ALIPAY_PLUS_KEY_VERSION", "alipay_plus_keys", "alipay_plus_public_key_pem"]

ALIPAY_PLUS_CLIENT_ID = "SANDBOX_REFBKHPP"
"""The reference participant's Client-Id, the same in both directions (schemas/alipay-plus/README.md §1)."""
ALIPAY_PLUS_KEY_VERSION = "1"
"""The ``keyVersion`` of its key pair."""
_KEYS_DIR = FIXTURES_DIR / "alipay-plus"
_SECRET_LABEL = "the reference participant's Alipay+ private key"


def alipay_plus_public_key_pem() -> str:
    """Its public key (SubjectPublicKeyInfo PEM), as a participant configuration names it."""
    return (_KEYS_DIR / "reference-participant-public.pem").read_text(encoding="ascii")


def alipay_plus_keys() -> KeyPair:
    """Its key pair, the private key registered as a secret first."""
    pem = (_KEYS_DIR / "reference-participant-private.pem").read_text(encoding="ascii")
    register_secret(_SECRET_LABEL, pem)
    keys = KeyPair.from_pem(pem.encode("ascii"), ALIPAY_PLUS_KEY_VERSION)
    der = keys.private_key.private_bytes(serialization.Encoding.DER, serialization.PrivateFormat.PKCS8,
                                         serialization.NoEncryption())
    register_secret(_SECRET_LABEL, base64.b64encode(der).decode("ascii"))
    return keys
