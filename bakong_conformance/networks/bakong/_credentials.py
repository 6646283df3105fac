"""Switch credentials: the one participant that may send payment instructions, and the credential it must show.

The harness authorises the participant under certification (:meth:`SwitchAccess.authorise`) with a fresh random
credential per scenario, which it also gives the participant's sandbox. An instruction must carry
``Authorization: Bearer <credential>`` (else HTTP 401) and that participant's ``participantId`` (else HTTP 403).
Only the last credential authorised is accepted. Every credential authorised is registered as a secret
(:func:`bakong_conformance.evidence.register_secret`), so it is scrubbed, in every form, from every record,
piece of evidence and report of this process: none ever holds one in clear. Nothing is authorised until the
harness says so: a simulator that was never told (or was reset) answers every instruction 401.
"""

from __future__ import annotations

import hmac
import re
from typing import Any, Literal

from ...errors import HarnessError
from ...evidence import register_secret, scrub

__all__ = ["CREDENTIAL_LABEL", "SwitchAccess", "SwitchAuth"]

CREDENTIAL_LABEL = "a switch credential of the simulated Bakong"
"""What is printed in place of a switch credential (see :func:`bakong_conformance.evidence.register_secret`)."""

SwitchAuth = Literal["none", "malformed", "unknown", "valid"]
"""What an instruction's ``Authorization`` header amounts to: absent or empty, not ``Bearer <credential>``, a
credential that is not the one authorised now, or the one authorised now."""

MIN_CREDENTIAL, MAX_CREDENTIAL, MAX_PARTICIPANT_ID = 16, 512, 64
_BEARER = re.compile(r"(?i:bearer) (\S+)")
_CREDENTIAL = re.compile(r"[\x21-\x7e]+")       # printable ASCII without spaces: sent as a Bearer value


class SwitchAccess:
    """Who may send instructions now (:attr:`participant_id`) and with which credential."""

    def __init__(self) -> None:
        self.participant_id: str | None = None
        self._credential: str | None = None

    def authorise(self, participant_id: str, credential: str) -> None:
        """From now on only ``participant_id`` may send instructions, with ``credential``; ``HarnessError`` for an
        ID the instruction schema cannot carry or a credential too short, too long or not printable ASCII."""
        if not 0 < len(participant_id) <= MAX_PARTICIPANT_ID:
            raise HarnessError(f"a participant ID has 1 to {MAX_PARTICIPANT_ID} characters: {participant_id!r}")
        if not MIN_CREDENTIAL <= len(credential) <= MAX_CREDENTIAL or not _CREDENTIAL.fullmatch(credential):
            raise HarnessError(f"a switch credential is {MIN_CREDENTIAL} to {MAX_CREDENTIAL} printable ASCII "
                               "characters without spaces")
        register_secret(CREDENTIAL_LABEL, credential)
        self.participant_id, self._credential = participant_id, credential

    def clear(self) -> None:
        """No participant may send instructions any more (the credentials stay known, to be redacted)."""
        self.participant_id = self._credential = None

    def judge(self, authorization: str | None) -> SwitchAuth:
        """What the ``Authorization`` header of an instruction amounts to (compared in constant time)."""
        if not authorization:
            return "none"
        match = _BEARER.fullmatch(authorization)
        if match is None:
            return "malformed"
        if self._credential is None:
            return "unknown"
        same = hmac.compare_digest(match.group(1).encode("utf-8"), self._credential.encode("utf-8"))
        return "valid" if same else "unknown"

    def scrub(self, value: Any) -> Any:
        """``value`` (parsed JSON, keys included) with every credential authorised (every registered secret), in
        any form, redacted."""
        return scrub(value)
