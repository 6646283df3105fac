"""Checks on the certification interface itself: access control, the published message formats, and answers
that never carry the credentials the participant was called with.

The participant client already checks every answer against Participant API v1 (a violation raises
:class:`~bakong_conformance.errors.ContractViolation` in the step that called it); these checks judge what the
answers say.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from ..errors import ContractViolation, OutcomeMismatch
from ..evidence import ReturnedCredential
from ..participant import IssueResult, Participant, ScanResult
from ._registry import check
from ._text import words

__all__ = ["UNAUTHORISED", "answer_follows_contract", "answers_carry_no_credentials", "answers_only_with_token",
           "declares_capability"]

UNAUTHORISED = 401          # HTTP 401 Unauthorized: the only acceptable answer without a valid token
_LISTED = 10                # returned credentials named in a failure; the rest are counted


@check("REQ-API-AUTH")
def answers_only_with_token(status: int) -> None:
    """A request without the access token (or with a wrong one) was refused as unauthorised."""
    if status != UNAUTHORISED:
        raise OutcomeMismatch("The participant's interface answered a request without a valid access token",
                              expected=f"refused as unauthorised (HTTP {UNAUTHORISED})", actual=f"HTTP {status}",
                              requirement="REQ-API-AUTH")


@check("REQ-API-CONTRACT")
def declares_capability(participant: Participant, capability: str | None) -> None:
    """The participant describes itself in the published format and declares ``capability`` (None: any)."""
    declared = participant.info().get("capabilities", [])
    if capability is not None and capability not in declared:
        raise OutcomeMismatch("The participant does not declare the capability under certification",
                              expected=capability, actual=", ".join(declared) or "none",
                              requirement="REQ-API-CONTRACT")


@check("REQ-API-CONTRACT")
def answer_follows_contract(answer: IssueResult | ScanResult | Mapping[str, Any]) -> None:
    """An answer the client accepted carries a verdict: a KHQR or a refusal; accepted or rejected with a reason."""
    if isinstance(answer, IssueResult):
        complete = (answer.qr is not None and answer.md5 is not None) or answer.refusal is not None
    elif isinstance(answer, ScanResult):
        complete = answer.payment is not None if answer.accepted else answer.reason is not None
    else:
        complete = bool(answer.get("participant")) and bool(answer.get("apiVersion"))
    if not complete:
        raise ContractViolation("The participant's answer is incomplete", expected="a complete v1 message",
                                actual=words(_as_message(answer))[:300], requirement="REQ-API-CONTRACT")


def _as_message(answer: IssueResult | ScanResult | Mapping[str, Any]) -> Any:
    """What the participant answered, as the message it sent (the fields it gave)."""
    if isinstance(answer, IssueResult):
        return {"qr": answer.qr, "md5": answer.md5} if answer.refusal is None else {"error": answer.refusal}
    if isinstance(answer, ScanResult):
        return {"accepted": answer.accepted, "payment": answer.payment, "reason": answer.reason}
    return dict(answer)


@check("REQ-API-NO-CREDENTIALS")
def answers_carry_no_credentials(returned: Sequence[ReturnedCredential]) -> None:
    """No answer carried a credential the harness called the participant with (the participant client finds
    them in every answer, in any encoding). The failure says which operation returned which credential where,
    never its value."""
    found = list(dict.fromkeys(returned))
    if found:
        listed = [_returned(r) for r in found[:_LISTED]]
        more = [f"and {len(found) - _LISTED} more"] if len(found) > _LISTED else []
        raise OutcomeMismatch("The participant's sandbox returned the credentials it was called with",
                              expected="no answer carries a credential, in any encoding",
                              actual="; ".join(listed + more), requirement="REQ-API-NO-CREDENTIALS")


def _returned(credential: ReturnedCredential) -> str:
    encoding = f" ({credential.encoding})" if credential.encoding else ""
    return f"{credential.operation} returned {credential.secret} in {credential.where}{encoding}"
