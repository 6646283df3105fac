"""Building blocks the roles' defects are made of: post-processing issued codes, a scanner that skips rules,
replacing one piece of the payment, order-confirmation, Alipay+ acquiring or Alipay+ wallet engine, and the
signature defects both Alipay+ roles can have."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping
from typing import Any

from ... import khqr
from ...alipay_plus import KeyPair
from .._alipay_rules import SignAnswerFn
from .._behaviour import Behaviour, scanner
from .._registry import Transform
from .._rewrite import Objects, encode_all, inner_objects, rewrite


# --- KHQR --------------------------------------------------------------------------------------
def post_qr(change: Callable[[str], str]) -> Transform:
    """A defect that post-processes every issued QR (the md5 stays consistent with what is returned)."""
    def apply(b: Behaviour) -> Behaviour:
        def issue(request: Mapping[str, Any], now_ms: int) -> khqr.Generated:
            qr = change(b.issue(request, now_ms).qr)
            return khqr.Generated(qr, khqr.md5_hex(qr))
        return dataclasses.replace(b, issue=issue)
    return apply


def objects_changed(change: Callable[[Objects], Objects]) -> Transform:
    """A defect that rewrites the data objects of every issued QR (and reseals it)."""
    return post_qr(lambda qr: rewrite(qr, change))


def template_changed(tag: str, change: Callable[[Objects], Objects]) -> Transform:
    """A defect that rewrites the sub-objects of template ``tag`` in every issued QR."""
    def outer(objects: Objects) -> Objects:
        return [(t, encode_all(change(inner_objects(v))) if t == tag else v) for t, v in objects]
    return objects_changed(outer)


def ignoring(*rules: str) -> Transform:
    """A scanner that does not apply ``rules``."""
    def apply(b: Behaviour) -> Behaviour:
        def findings(qr: str, now_ms: int) -> list[khqr.Finding]:
            return [f for f in b.findings(qr, now_ms) if f.rule not in rules]
        return dataclasses.replace(b, findings=findings, scan=scanner(findings))
    return apply


def value_of(objects: Objects, tag: str) -> str | None:
    """The value of data object ``tag``, or None."""
    return next((v for t, v in objects if t == tag), None)


# --- the payment engines ----------------------------------------------------------------------------------
def engine_piece(engine: str, piece: str, change: Callable[[Any], Any]) -> Transform:
    """A defect that replaces one piece of one engine of the behaviour (``payments``, ``orders``, ``acquirer``,
    ``wallet``) with ``change(the piece it replaces)``."""
    def apply(b: Behaviour) -> Behaviour:
        rules = getattr(b, engine)
        return dataclasses.replace(b, **{engine: dataclasses.replace(rules, **{piece: change(getattr(rules, piece))})})
    return apply


def payments_piece(piece: str, change: Callable[[Any], Any]) -> Transform:
    """A defect that replaces one piece of the payment engine."""
    return engine_piece("payments", piece, change)


def orders_piece(piece: str, change: Callable[[Any], Any]) -> Transform:
    """A defect that replaces one piece of the order confirmation engine."""
    return engine_piece("orders", piece, change)


def acquirer_piece(piece: str, change: Callable[[Any], Any]) -> Transform:
    """A defect that replaces one piece of the Alipay+ acquiring engine."""
    return engine_piece("acquirer", piece, change)


def wallet_piece(piece: str, change: Callable[[Any], Any]) -> Transform:
    """A defect that replaces one piece of the Alipay+ wallet engine."""
    return engine_piece("wallet", piece, change)


def signing_piece(role: str, piece: str, change: Callable[[Any], Any]) -> Transform:
    """A defect that replaces one piece of how the Alipay+ ``role`` (``acquirer``, ``wallet``) signs and verifies."""
    return engine_piece(role, "signing", lambda signing: dataclasses.replace(
        signing, **{piece: change(getattr(signing, piece))}))


# --- Alipay+ signatures (either role) ---------------------------------------------------------------------------------
def no_verification(keys: Mapping[str, Any], headers: Mapping[str, str], path: str, body: bytes) -> None:
    """Accepts every signature, or none."""


def unsigned(sign: SignAnswerFn) -> SignAnswerFn:
    """Answers written as ``sign`` writes them, without their Signature header."""
    def answer(keys: KeyPair, path: str, client_id: str, time: str,
               message: dict[str, Any]) -> tuple[dict[str, str], bytes]:
        headers, body = sign(keys, path, client_id, time, message)
        return {name: value for name, value in headers.items() if name != "Signature"}, body
    return answer
