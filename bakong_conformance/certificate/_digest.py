"""Digests: of the suite that judged (what a certificate was issued by) and of the evidence it wrote.

The suite digest is the sha256 of a manifest (``<sha256>  <path>`` lines, sorted by path, as ``sha256sum``
writes them) over the features, steps, schemas, fixtures, the root ``conftest.py`` and the library package;
byte caches (``__pycache__``) are left out. Each part's digest is recorded too, so a reader sees which part
differs between two certificates.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from pathlib import Path

__all__ = ["CERTIFICATE_FILE", "EXCLUDED_DIRS", "SUITE_PARTS", "evidence_files", "sha256_file", "suite_digest"]

SUITE_PARTS = ("features", "steps", "schemas", "fixtures", "conftest.py", "bakong_conformance")
CERTIFICATE_FILE = "certificate.json"
# Written by `make test` (browser screenshots of the report), not by a certification run.
EXCLUDED_DIRS = frozenset({"screenshots"})
_CHUNK = 1 << 20


def sha256_file(path: Path) -> str:
    """The sha256 (hex) of the file at ``path``."""
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        while chunk := stream.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _files(root: Path) -> Iterator[Path]:
    if root.is_file():
        yield root
        return
    for path in sorted(root.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc":
            yield path


def _manifest_digest(rows: list[tuple[str, str]]) -> str:
    text = "".join(f"{digest}  {name}\n" for name, digest in sorted(rows))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def suite_digest(root: Path) -> dict[str, object]:
    """``{"sha256": overall, "parts": {part: sha256}}`` of the suite checked out at ``root``."""
    parts: dict[str, str] = {}
    everything: list[tuple[str, str]] = []
    for part in SUITE_PARTS:
        rows = [(p.relative_to(root).as_posix(), sha256_file(p)) for p in _files(root / part)]
        parts[part] = _manifest_digest(rows)
        everything += rows
    return {"sha256": _manifest_digest(everything), "parts": parts}


def evidence_files(out: Path) -> dict[str, str]:
    """Relative path → sha256 of every file under ``out`` except the certificate itself and screenshots."""
    files = {}
    for path in sorted(out.rglob("*")):
        rel = path.relative_to(out)
        if path.is_file() and rel.as_posix() != CERTIFICATE_FILE and rel.parts[0] not in EXCLUDED_DIRS:
            files[rel.as_posix()] = sha256_file(path)
    return files
