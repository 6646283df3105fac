"""Evidence without secrets: the values that must never reach the output folder, scrubbed and then searched.

The suite already scrubs every secret it knows of (:mod:`bakong_conformance.evidence`). This is the net under
it: every configured secret (the bearer token, each ``secret_envs`` value, a signing key given in an
environment variable) is replaced by ``<redacted>``, in every form (:func:`~bakong_conformance.evidence.
secret_forms`: as written, JSON- and URL-escaped, inside base64 at any alignment, as hex), in the raw results
and JUnit file before anything is derived from them; and the finished folder is searched for each secret in
every form. A file found holding one is removed, and the harness error names the files and the variables, never
the value.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from ..config import ParticipantConfig
from ..errors import HarnessError
from ..evidence import MIN_SECRET_LENGTH, REDACTED, SecretScrubber, secret_forms

__all__ = ["REDACTED", "Secret", "check_no_secrets", "configured_secrets", "scrub_files"]


@dataclass(frozen=True, slots=True)
class Secret:
    """A secret value and the name of the variable it came from (the only thing ever printed)."""

    source: str
    value: str

    def forms(self) -> set[bytes]:
        """The byte strings that would betray the value (:func:`~bakong_conformance.evidence.secret_forms`)."""
        return {form.encode("utf-8") for form in secret_forms(self.value)}


def configured_secrets(config: ParticipantConfig) -> list[Secret]:
    """The secret values named by ``config`` that are set in the environment."""
    names = [config.token_env, *config.secret_envs, config.signing_key_env]
    secrets = [Secret(name, os.environ.get(name, "")) for name in names if name]
    return [s for s in secrets if len(s.value) >= MIN_SECRET_LENGTH]


def _scrubber(secrets: Sequence[Secret]) -> SecretScrubber:
    return SecretScrubber((secret.source, secret.value) for secret in secrets)


def scrub_files(paths: Iterable[Path], secrets: Sequence[Secret]) -> None:
    """Replace every secret, in every form, by :data:`REDACTED` in the files ``paths``."""
    scrubber = _scrubber(secrets)
    for path in paths:
        data = path.read_bytes()
        cleaned = scrubber.scrub(data)
        if cleaned != data:
            path.write_bytes(cleaned)


def check_no_secrets(out: Path, secrets: Sequence[Secret]) -> None:
    """Search every file under ``out`` for every secret in every form; any file holding one is removed and a
    ``HarnessError`` names the files and variables (never a value)."""
    scrubber = _scrubber(secrets)
    regular = sorted(p for p in out.rglob("*") if p.is_file() and not p.is_symlink())   # signing refuses the rest
    found = {path: scrubber.labels_in(path.read_bytes()) for path in regular}
    found = {path: sources for path, sources in found.items() if sources}
    if not found:
        return
    for path in found:
        path.unlink()
    listing = "; ".join(f"{path.relative_to(out).as_posix()} contains the value of {', '.join(sources)}"
                        for path, sources in found.items())
    raise HarnessError(f"{listing}. Removed {len(found)} file(s): the output folder is incomplete and must be "
                       "produced again")
