"""Alipay+ signatures as Alipay+ publishes them: the content to sign, the encoding, the header, and verification
over exactly what was sent (never a re-formatting)."""

from __future__ import annotations

import base64
import json
from urllib.parse import unquote_plus

import pytest
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding

from bakong_conformance.alipay_plus import (
    KeyPair,
    SignatureProblem,
    content_to_sign,
    load_public_key,
    parse_signature_header,
    public_pem,
    sign,
    signature_header,
    signed_headers,
    verify,
    verify_message,
)

PATH = "/aps/api/v1/payments/notifyPushPayment"
BODY = json.dumps({"paymentId": "2026", "paymentResult": {"resultStatus": "S"}}, separators=(", ", ": ")).encode()


@pytest.fixture(scope="module")
def keys() -> KeyPair:
    return KeyPair.generate()


def test_content_to_sign_is_method_path_newline_client_time_and_body_as_sent() -> None:
    assert content_to_sign("POST", "/aps/api/v1/payments/pay", "TEST_5X00000000000000",
                           "2019-05-28T12:12:12+08:00", b'{"a": "1"}') == \
        b'POST /aps/api/v1/payments/pay\nTEST_5X00000000000000.2019-05-28T12:12:12+08:00.{"a": "1"}'


def test_the_signature_is_pkcs1_sha256_base64_then_url_encoded(keys: KeyPair) -> None:
    content = content_to_sign("POST", PATH, "CID", "2026-12-01T14:05:09.09Z", BODY)
    value = sign(keys.private_key, content)
    assert "+" not in value
    assert "/" not in value
    assert "=" not in value
    raw = base64.b64decode(unquote_plus(value), validate=True)
    keys.public_key.verify(raw, content, padding.PKCS1v15(), hashes.SHA256())  # raises if not PKCS#1 v1.5 SHA-256
    assert verify(keys.public_key, content, value)


def test_verification_is_over_the_bytes_as_sent(keys: KeyPair) -> None:
    headers = {k.lower(): v for k, v in signed_headers(keys, PATH, "CID", "2026-12-01T14:05:09.09Z", BODY).items()}
    assert verify_message({"1": keys.public_key}, headers, PATH, BODY).key_version == "1"
    compact = json.dumps(json.loads(BODY), separators=(",", ":")).encode()
    with pytest.raises(SignatureProblem, match="does not verify"):
        verify_message({"1": keys.public_key}, headers, PATH, compact)          # a re-serialised body
    reformatted = {**headers, "request-time": "2026-12-01T14:05:09.090Z"}
    with pytest.raises(SignatureProblem, match="does not verify"):
        verify_message({"1": keys.public_key}, reformatted, PATH, BODY)         # a re-formatted time
    with pytest.raises(SignatureProblem, match="does not verify"):
        verify_message({"1": keys.public_key}, headers, "/aps/api/v1/payments/refund", BODY)


def test_a_key_version_nobody_holds_is_refused(keys: KeyPair) -> None:
    headers = {k.lower(): v for k, v in signed_headers(KeyPair(keys.private_key, "2"), PATH, "CID",
                                                       "2026-12-01T14:05:09Z", BODY).items()}
    with pytest.raises(SignatureProblem, match="keyVersion 2"):
        verify_message({"1": keys.public_key}, headers, PATH, BODY)


def test_an_answer_is_signed_over_its_response_time(keys: KeyPair) -> None:
    headers = {k.lower(): v for k, v in signed_headers(keys, PATH, "CID", "2026-12-01T22:05:09+08:00", BODY,
                                                       answer=True).items()}
    assert "response-time" in headers
    assert "request-time" not in headers
    verify_message({"1": keys.public_key}, headers, PATH, BODY, answer=True)
    with pytest.raises(SignatureProblem, match="no Request-Time"):
        verify_message({"1": keys.public_key}, headers, PATH, BODY)


@pytest.mark.parametrize("value", [
    "algorithm=RSA256, keyVersion=1, signature=abc%3D",
    "algorithm=RSA256,keyVersion=1,signature=abc%3D",
    "signature=abc%3D",
])
def test_signature_headers_alipay_writes_are_read(value: str) -> None:
    header = parse_signature_header(value)
    assert (header.algorithm, header.key_version, header.signature) == ("RSA256", "1", "abc%3D")


@pytest.mark.parametrize(("value", "problem"), [
    (None, "no Signature header"),
    ("algorithm=ECC224, keyVersion=1, signature=abc", "not RSA256"),
    ("algorithm=RSA256, keyVersion=one, signature=abc", "not a number"),
    ("algorithm=RSA256, keyVersion=1", "no signature"),
    ("algorithm=RSA256, signature=a, signature=b", "twice"),
    ("just text", "not key=value"),
])
def test_malformed_signature_headers_are_refused(value: str | None, problem: str) -> None:
    with pytest.raises(SignatureProblem, match=problem):
        parse_signature_header(value)


def test_a_signature_of_garbage_does_not_verify(keys: KeyPair) -> None:
    assert not verify(keys.public_key, b"x", "not base64 at all!")
    assert not verify(keys.public_key, b"x", signature_header("1", "abc"))


def test_public_keys_round_trip_and_small_keys_are_refused(keys: KeyPair) -> None:
    assert public_pem(load_public_key(public_pem(keys.public_key))) == public_pem(keys.public_key)
    with pytest.raises(ValueError, match="2048"):
        load_public_key(public_pem(KeyPair.generate(bits=1024).public_key))
    assert KeyPair.from_pem(keys.private_pem()).public_key.public_numbers() == keys.public_key.public_numbers()
