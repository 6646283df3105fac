"""Digests: of the suite that judged (what a certificate was issued by) and of the evidence it wrote.

The suite digest is the sha256 of a manifest (``<sha256>  <path>`` lines, sorted by path, as ``sha256sum``
writes them) over the features, steps, schemas, fixtures, the root ``conftest.py`` and the library package;
byte caches (``__pycache__``) are left out. Each part's digest is recorded too, so a reader sees which part
differs between two certificates.

The evidence digests cover every file of a certification folder, whatever folder it is in; none is exempt.
The folder is listed without following a symbolic link: a link (to a file or a folder) or a special file (FIFO,
socket, device) is a problem named in the listing, never read, so a folder cannot point the certificate at
content outside it or hang its reader on a pipe.
"""

from __future__ import annotations

import errno
import hashlib
import os
import stat
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from ..errors import HarnessError
from ._text import visible

__all__ = ["CERTIFICATE_FILE", "SUITE_PARTS", "Listing", "evidence_files", "list_evidence", "open_regular",
           "sha256_file", "suite_digest"]

SUITE_PARTS = ("features", "steps", "schemas", "fixtures", "conftest.py", "bakong_conformance")
CERTIFICATE_FILE = "certificate.json"
_CHUNK = 1 << 20
_NO_FOLLOW = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)


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


@dataclass
class Listing:
    """What a certification folder holds: relative path → sha256 of each regular file (the certificate itself
    left out), and a problem for each entry that is not one (``not a regular file: NAME``)."""

    files: dict[str, str] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)

    def add(self, path: Path, name: str) -> None:
        """Digest the regular file at ``path`` as ``name``, or record why it cannot be."""
        try:
            name.encode("utf-8")
        except UnicodeEncodeError:
            self.problems.append(f"file name not UTF-8: {name}")
            return
        try:
            digest = _regular_digest(path)
        except OSError as error:
            self.problems.append(f"unreadable ({error.strerror}): {name}")
            return
        if digest is None:
            self.problems.append(f"not a regular file: {name}")
        else:
            self.files[name] = digest


def open_regular(path: Path) -> BinaryIO | None:
    """``path`` open for reading when it is a regular file, opened without following a link (nor blocking on a
    FIFO); None when it is a link or a special file. ``OSError`` when it cannot be opened (missing, say)."""
    try:
        descriptor = os.open(path, _NO_FOLLOW)
    except OSError as error:
        if error.errno in (errno.ELOOP, errno.ENXIO):  # a link; a socket
            return None
        raise
    stream = os.fdopen(descriptor, "rb")
    if not stat.S_ISREG(os.fstat(descriptor).st_mode):
        stream.close()
        return None
    return stream


def _regular_digest(path: Path) -> str | None:
    """The sha256 of ``path`` when it is a regular file; None otherwise."""
    stream = open_regular(path)
    if stream is None:
        return None
    digest = hashlib.sha256()
    with stream:
        while chunk := stream.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _entries(folder: Path, listing: Listing, prefix: str) -> list[os.DirEntry[str]]:
    try:
        with os.scandir(folder) as entries:
            return sorted(entries, key=lambda entry: entry.name)
    except OSError as error:
        listing.problems.append(f"unreadable ({error.strerror}): {prefix or '.'}")
        return []


def list_evidence(out: Path) -> Listing:
    """Every entry under ``out``, walked without following links: the regular files' digests and the problems."""
    listing = Listing()
    pending = [(out, "")]
    while pending:  # a stack, not recursion: a folder nested thousands deep is listed too
        folder, prefix = pending.pop()
        for entry in _entries(folder, listing, prefix):
            name = prefix + entry.name
            if entry.is_dir(follow_symlinks=False):
                pending.append((Path(entry.path), name + "/"))
            elif entry.is_symlink() or not entry.is_file(follow_symlinks=False):
                listing.problems.append(f"not a regular file: {name}")
            elif name != CERTIFICATE_FILE:
                listing.add(Path(entry.path), name)
    listing.files = dict(sorted(listing.files.items()))
    listing.problems.sort()
    return listing


def evidence_files(out: Path) -> dict[str, str]:
    """Relative path → sha256 of every file under ``out`` except the certificate itself.

    Raises :class:`HarnessError` naming each entry that is not a regular file or folder (a symbolic link, a FIFO,
    a socket, a device) or cannot be read: such a folder is never signed.
    """
    listing = list_evidence(out)
    if listing.problems:
        raise HarnessError(f"cannot sign {out}: " + "; ".join(map(visible, listing.problems)))
    return listing.files
