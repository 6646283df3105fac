"""``certificate.json``: the signed statement of one certification run, and its offline verification.

The document is ``{"format", "certificate": {...}, "signature": {...}}``. The signature is Ed25519 over the
canonical JSON of ``certificate`` (keys sorted, no spaces, UTF-8), which lists the sha256 of every file the
run wrote beside it. Verifying needs nothing but the folder (and, to know *who* signed, the issuer's public
key): the signature must hold, the key must be the given one, and every file must be unchanged, with none
added or removed.
"""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from ._digest import CERTIFICATE_FILE, evidence_files
from ._keys import SigningKey, fingerprint, public_bytes, verify_signature

__all__ = [
    "CERTIFICATE_FORMAT", "SELF_SIGNED", "Verification", "issuer_statement", "sign_certificate", "verify_certificate",
]

CERTIFICATE_FORMAT = "bakong-conformance/certificate/1"
SELF_SIGNED = ("Self-signed: signed with a key generated for this run alone. It shows that these files are "
               "unchanged since the run; it was not issued by the National Bank of Cambodia or any other authority.")


def issuer_statement(key: SigningKey, issuer: str | None) -> dict[str, str]:
    """Who signed, in words a reader can check."""
    if key.self_signed:
        return {"kind": "self-signed", "name": "this harness run", "statement": SELF_SIGNED}
    name = issuer or "an issuer not named in the configuration"
    return {"kind": "configured-key", "name": name,
            "statement": f"Signed with the configured key of {name}. Verify with that issuer's published public "
                         "key (certificate verify --public-key) to know the certificate is theirs."}


def _canonical(document: Any) -> bytes:
    return json.dumps(document, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def sign_certificate(out: Path, body: dict[str, Any], key: SigningKey) -> dict[str, Any]:
    """Add the digests of every file in ``out`` to ``body``, sign it, write ``out/certificate.json``."""
    certificate = {**body, "files": evidence_files(out)}
    public = key.private.public_key()
    document = {"format": CERTIFICATE_FORMAT, "certificate": certificate,
                "signature": {"algorithm": "Ed25519", "public_key": _b64(public_bytes(public)),
                              "fingerprint": fingerprint(public), "value": key.sign(_canonical(certificate))}}
    (out / CERTIFICATE_FILE).write_text(json.dumps(document, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return document


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


@dataclass
class Verification:
    """The outcome of verifying one folder: problems (each naming a file or the signature) and what was signed."""

    problems: list[str] = field(default_factory=list)
    certificate: dict[str, Any] = field(default_factory=dict)
    fingerprint: str = ""

    @property
    def ok(self) -> bool:
        """Whether the signature and every digest hold."""
        return not self.problems


def _read(out: Path) -> tuple[dict[str, Any] | None, str]:
    path = out / CERTIFICATE_FILE
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
        signature = document["signature"]
        if (document.get("format") != CERTIFICATE_FORMAT or not isinstance(document["certificate"], dict)
                or not isinstance(document["certificate"].get("files"), dict)
                or signature.get("algorithm") != "Ed25519"):
            return None, f"{CERTIFICATE_FILE}: not a certificate in the format {CERTIFICATE_FORMAT}"
        return document, ""
    except FileNotFoundError:
        return None, f"{CERTIFICATE_FILE}: missing"
    except (OSError, ValueError, KeyError, TypeError):
        return None, f"{CERTIFICATE_FILE}: unreadable or not JSON"


def verify_certificate(out: Path, public_key: Ed25519PublicKey | None = None) -> Verification:
    """Check the certificate in ``out``: its signature, its key (when given) and every file it lists."""
    document, problem = _read(out)
    if document is None:
        return Verification([problem])
    certificate, signature = document["certificate"], document["signature"]
    result = Verification(certificate=certificate, fingerprint=str(signature.get("fingerprint", "")))
    signer = verify_signature(str(signature.get("public_key", "")), str(signature.get("value", "")),
                              _canonical(certificate))
    if signer is None:
        result.problems.append(f"{CERTIFICATE_FILE}: the signature does not match its content (changed)")
    elif public_key is not None and public_bytes(signer) != public_bytes(public_key):
        result.problems.append(f"{CERTIFICATE_FILE}: signed by {fingerprint(signer)}, "
                               f"not by the given key {fingerprint(public_key)}")
    elif signer is not None and fingerprint(signer) != result.fingerprint:
        result.problems.append(f"{CERTIFICATE_FILE}: the stated fingerprint is not that of the signing key")
    result.problems += _file_problems(certificate["files"], evidence_files(out))
    return result


def _file_problems(signed: dict[str, Any], present: dict[str, str]) -> list[str]:
    problems = [f"changed: {name}" for name in sorted(set(signed) & set(present)) if signed[name] != present[name]]
    problems += [f"removed: {name}" for name in sorted(set(signed) - set(present))]
    problems += [f"added: {name}" for name in sorted(set(present) - set(signed))]
    return problems
