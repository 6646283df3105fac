"""Evidence without secrets: the values that must never reach the output folder, scrubbed and then searched.

The participant client already redacts secret headers. This is the net under it: every configured secret
(the bearer token, each ``secret_envs`` value, a signing key given in an environment variable) is replaced by
``<redacted>`` in the raw results and JUnit file before anything is derived from them, and the finished
folder is searched for each secret as written, JSON- and URL-escaped, and inside base64 (as the single-file
report embeds data). A hit is a harness error naming the file and the variable, never the value.
"""

from __future__ import annotations

import base64
import json
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from ..config import ParticipantConfig
from ..errors import HarnessError

__all__ = ["REDACTED", "Secret", "check_no_secrets", "configured_secrets", "scrub_files"]

REDACTED = "<redacted>"
MIN_SECRET_LENGTH = 8          # shorter values would match innocent text; tokens are far longer


@dataclass(frozen=True, slots=True)
class Secret:
    """A secret value and the name of the variable it came from (the only thing ever printed)."""

    source: str
    value: str

    def forms(self) -> set[bytes]:
        """The byte strings that would betray the value: raw, escaped, and inside base64 at each alignment."""
        raw = self.value.encode("utf-8")
        forms = {raw, json.dumps(self.value)[1:-1].encode("utf-8"), quote(self.value, safe="").encode("ascii")}
        for offset in range(3):
            encoded = base64.b64encode(b"\0" * offset + raw)
            start = 4 if offset else 0
            end = (offset + len(raw)) // 3 * 4
            if end - start >= MIN_SECRET_LENGTH:
                forms.add(encoded[start:end])
        return forms


def configured_secrets(config: ParticipantConfig) -> list[Secret]:
    """The secret values named by ``config`` that are set in the environment."""
    names = [config.token_env, *config.secret_envs, config.signing_key_env]
    secrets = [Secret(name, os.environ.get(name, "")) for name in names if name]
    return [s for s in secrets if len(s.value) >= MIN_SECRET_LENGTH]


def scrub_files(paths: Iterable[Path], secrets: Sequence[Secret]) -> None:
    """Replace every secret (raw or JSON-escaped) by :data:`REDACTED` in the text files ``paths``."""
    if not secrets:
        return
    for path in paths:
        data = path.read_bytes()
        cleaned = data
        for secret in secrets:
            for form in (secret.value.encode("utf-8"), json.dumps(secret.value)[1:-1].encode("utf-8")):
                cleaned = cleaned.replace(form, REDACTED.encode("ascii"))
        if cleaned != data:
            path.write_bytes(cleaned)


def check_no_secrets(out: Path, secrets: Sequence[Secret]) -> None:
    """``HarnessError`` naming the file and variable when any secret is found anywhere under ``out``."""
    for path in sorted(p for p in out.rglob("*") if p.is_file()):
        data = path.read_bytes()
        for secret in secrets:
            if any(form in data for form in secret.forms()):
                raise HarnessError(f"{path.relative_to(out)} contains the value of {secret.source}; "
                                   "the output folder must not be shared")
