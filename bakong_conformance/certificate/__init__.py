"""The signed certificate of a certification run (``certificate.json``), its page, and offline verification."""

from __future__ import annotations

from ._digest import CERTIFICATE_FILE, Listing, evidence_files, list_evidence, sha256_file, suite_digest
from ._document import (
    CERTIFICATE_FORMAT,
    MAX_CERTIFICATE_BYTES,
    SELF_SIGNED,
    Verification,
    issuer_statement,
    sign_certificate,
    verify_certificate,
)
from ._keys import SigningKey, fingerprint, generate_pair, load_public_key, load_signing_key
from ._page import STATUS_WORDS, render_certificate_page, stop_sentences
from ._text import hidden_character, visible

__all__ = [
    "CERTIFICATE_FILE",
    "CERTIFICATE_FORMAT",
    "MAX_CERTIFICATE_BYTES",
    "SELF_SIGNED",
    "STATUS_WORDS",
    "Listing",
    "SigningKey",
    "Verification",
    "evidence_files",
    "fingerprint",
    "generate_pair",
    "hidden_character",
    "issuer_statement",
    "list_evidence",
    "load_public_key",
    "load_signing_key",
    "render_certificate_page",
    "sha256_file",
    "sign_certificate",
    "stop_sentences",
    "suite_digest",
    "verify_certificate",
    "visible",
]
