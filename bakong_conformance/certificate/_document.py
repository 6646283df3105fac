"""``certificate.json``: the signed statement of one certification run, and its offline verification.

The document is ``{"format", "certificate": {...}, "signature": {...}}``. The signature is Ed25519 over the
canonical JSON of ``certificate`` (keys sorted, no spaces, UTF-8), which lists the sha256 of every file the
run wrote beside it. Verifying needs nothing but the folder (and, to know *who* signed, the issuer's public
key): the signature must hold, the key must be the given one, and every file must be unchanged, with none
added or removed.

Only what was signed is accepted. ``certificate.json`` is read as strict JSON (:mod:`bakong_conformance.strict_json`:
a key repeated anywhere, ``NaN`` or invalid UTF-8 is a problem) and at most :data:`MAX_CERTIFICATE_BYTES`; the
document holds exactly ``format``, ``certificate`` and ``signature``, and ``signature`` exactly the keys
:func:`sign_certificate` writes, so no unsigned label (an ``"issuer"`` beside the signed content, say) can ride
along with a valid signature.
"""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from .. import strict_json
from ._digest import CERTIFICATE_FILE, evidence_files, list_evidence, open_regular
from ._keys import SigningKey, fingerprint, public_bytes, verify_signature

__all__ = [
    "CERTIFICATE_FORMAT", "MAX_CERTIFICATE_BYTES", "SELF_SIGNED", "Verification", "issuer_statement",
    "sign_certificate", "verify_certificate",
]

CERTIFICATE_FORMAT = "bakong-conformance/certificate/1"
MAX_CERTIFICATE_BYTES = 16 << 20
"""The largest ``certificate.json`` read (a real one is a few hundred KiB): a huge file cannot exhaust memory."""
_DOCUMENT_KEYS = ("format", "certificate", "signature")
_SIGNATURE_KEYS = ("algorithm", "public_key", "fingerprint", "value")  # as sign_certificate writes them
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
    """The outcome of verifying one folder: problems (each naming a file or the signature) and what was signed.

    ``key_matches``: a public key was given and it made the signature. The labels in ``certificate`` (names,
    statements) are the document's own words; only :attr:`trusted` says they come from the holder of that key.
    """

    problems: list[str] = field(default_factory=list)
    certificate: dict[str, Any] = field(default_factory=dict)
    fingerprint: str = ""
    key_matches: bool = False

    @property
    def ok(self) -> bool:
        """Whether the signature and every digest hold (the folder is intact)."""
        return not self.problems

    @property
    def trusted(self) -> bool:
        """Whether the folder is intact and signed by the public key given to verify it."""
        return self.ok and self.key_matches

    @property
    def signer(self) -> dict[str, str | None] | None:
        """Who the document says signed: ``fingerprint``, ``kind``, ``name``, ``statement``; None when unread."""
        if not self.certificate:
            return None
        issuer = self.certificate.get("issuer")
        issuer = issuer if isinstance(issuer, dict) else {}
        return {"fingerprint": self.fingerprint or None,
                **{key: _text(issuer.get(key)) for key in ("kind", "name", "statement")}}


def _text(value: object) -> str | None:
    return value if isinstance(value, str) else None


def _read_bytes(out: Path) -> tuple[bytes | None, str]:
    try:
        stream = open_regular(out / CERTIFICATE_FILE)
    except FileNotFoundError:
        return None, "missing"
    except OSError as error:
        return None, f"unreadable ({error.strerror})"
    if stream is None:
        return None, "not a regular file"
    with stream:
        data = stream.read(MAX_CERTIFICATE_BYTES + 1)
    if len(data) > MAX_CERTIFICATE_BYTES:
        return None, f"larger than {MAX_CERTIFICATE_BYTES >> 20} MiB"
    return data, ""


def _is_certificate(document: Any) -> bool:
    if not isinstance(document, dict) or not all(key in document for key in _DOCUMENT_KEYS):
        return False
    certificate, signature = document["certificate"], document["signature"]
    return (document["format"] == CERTIFICATE_FORMAT and isinstance(certificate, dict)
            and isinstance(certificate.get("files"), dict) and isinstance(signature, dict)
            and all(isinstance(signature.get(key), str) for key in _SIGNATURE_KEYS)
            and signature["algorithm"] == "Ed25519")


def _unsigned_keys(document: dict[str, Any]) -> list[str]:
    """A problem for each key outside the signed content: beside ``certificate``, or inside ``signature``."""
    def named(key: str) -> str:
        return json.dumps(key, ensure_ascii=False)
    problems = [f"{CERTIFICATE_FILE}: {named(key)} at the top level is not part of the signed content"
                for key in document if key not in _DOCUMENT_KEYS]
    return problems + [f'{CERTIFICATE_FILE}: {named(key)} in "signature" is not part of the signed content'
                       for key in document["signature"] if key not in _SIGNATURE_KEYS]


def _read(out: Path) -> tuple[dict[str, Any] | None, list[str]]:
    """The document in ``out`` and the unsigned keys it carries; None and the reason when it is not one."""
    data, problem = _read_bytes(out)
    if data is None:
        return None, [f"{CERTIFICATE_FILE}: {problem}"]
    try:
        document = strict_json.loads(data)
        _canonical(document)
    except strict_json.JsonError as error:
        return None, [f"{CERTIFICATE_FILE}: {error.reason}"]
    except UnicodeEncodeError:
        return None, [f"{CERTIFICATE_FILE}: a string escapes a lone surrogate (not Unicode text)"]
    if not _is_certificate(document):
        return None, [f"{CERTIFICATE_FILE}: not a certificate in the format {CERTIFICATE_FORMAT}"]
    return document, _unsigned_keys(document)


def verify_certificate(out: Path, public_key: Ed25519PublicKey | None = None) -> Verification:
    """Check the certificate in ``out``: only signed content, its signature, its key (when given) and every file
    it lists, with nothing added; every problem is named (``not a regular file: NAME`` for a link, say)."""
    document, problems = _read(out)
    if document is None:
        return Verification(problems)
    certificate, signature = document["certificate"], document["signature"]
    result = Verification(problems, certificate=certificate, fingerprint=signature["fingerprint"])
    signer = verify_signature(signature["public_key"], signature["value"], _canonical(certificate))
    if signer is None:
        result.problems.append(f"{CERTIFICATE_FILE}: the signature does not match its content (changed)")
    elif public_key is not None and public_bytes(signer) != public_bytes(public_key):
        result.problems.append(f"{CERTIFICATE_FILE}: signed by {fingerprint(signer)}, "
                               f"not by the given key {fingerprint(public_key)}")
    elif fingerprint(signer) != result.fingerprint:
        result.problems.append(f"{CERTIFICATE_FILE}: the stated fingerprint is not that of the signing key")
    else:
        result.key_matches = public_key is not None
    listing = list_evidence(out)
    result.problems += listing.problems + _file_problems(certificate["files"], listing.files)
    return result


def _file_problems(signed: dict[str, Any], present: dict[str, str]) -> list[str]:
    problems = [f"changed: {name}" for name in sorted(set(signed) & set(present)) if signed[name] != present[name]]
    problems += [f"removed: {name}" for name in sorted(set(signed) - set(present))]
    problems += [f"added: {name}" for name in sorted(set(present) - set(signed))]
    return problems
