"""The signed certificate of a certification run (``certificate.json``), its page, and offline verification."""

from __future__ import annotations

from ._digest import CERTIFICATE_FILE, EXCLUDED_DIRS, evidence_files, sha256_file, suite_digest
from ._document import (
    CERTIFICATE_FORMAT,
    SELF_SIGNED,
    Verification,
    issuer_statement,
    sign_certificate,
    verify_certificate,
)
from ._keys import SigningKey, fingerprint, generate_pair, load_public_key, load_signing_key
from ._page import STATUS_WORDS, render_certificate_page

__all__ = [
    "CERTIFICATE_FILE",
    "CERTIFICATE_FORMAT",
    "EXCLUDED_DIRS",
    "SELF_SIGNED",
    "STATUS_WORDS",
    "SigningKey",
    "Verification",
    "evidence_files",
    "fingerprint",
    "generate_pair",
    "issuer_statement",
    "load_public_key",
    "load_signing_key",
    "render_certificate_page",
    "sha256_file",
    "sign_certificate",
    "suite_digest",
    "verify_certificate",
]
