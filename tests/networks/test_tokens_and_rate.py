"""Open API tokens (JWT, expiry on the simulator's clock) and the rate limit (429 with Retry-After)."""

from __future__ import annotations

import base64
import json

import pytest

from bakong_conformance.errors import HarnessError
from bakong_conformance.networks import BakongSimulator, FakeClock, WallClock

from .support import EMAIL, Post

DAY_MS = 86_400_000
MD5 = "/v1/check_transaction_by_md5"
UNAUTHORIZED = {"responseCode": 1, "responseMessage": "Unauthorized, not yet requested for token or code invalid",
                "errorCode": 6, "data": None}


def claims(token: str) -> dict[str, object]:
    """The JWT's payload."""
    payload = token.split(".")[1]
    return dict(json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4))))


def lookup(simulator: BakongSimulator, token: str | None) -> int:
    """HTTP status of a check_transaction_by_md5 call with ``token``."""
    return simulator.call_open_api(MD5, {"md5": "0" * 32}, token=token)[0]


# --- clocks --------------------------------------------------------------------------------------------------


def test_fake_clock_moves_only_forward() -> None:
    clock = FakeClock(1_000)
    clock.advance(500)
    assert clock.now_ms() == 1_500
    with pytest.raises(ValueError, match="never goes back"):
        clock.advance(-1)
    assert clock.now_ms() == 1_500


def test_wall_clock_is_epoch_ms() -> None:
    assert 1_700_000_000_000 < WallClock().now_ms() < 4_000_000_000_000


# --- tokens --------------------------------------------------------------------------------------------------


def test_token_is_an_hs256_jwt_expiring_in_90_days(simulator: BakongSimulator, clock: FakeClock,
                                                   token: str) -> None:
    header = json.loads(base64.urlsafe_b64decode(token.split(".")[0] + "=="))
    assert header == {"alg": "HS256", "typ": "JWT"}
    assert claims(token)["exp"] == (clock.now_ms() + 90 * DAY_MS) // 1000


def test_token_expires_on_the_clock(simulator: BakongSimulator, clock: FakeClock, token: str) -> None:
    clock.advance(90 * DAY_MS - 1)
    assert lookup(simulator, token) == 200
    clock.advance(1)
    assert lookup(simulator, token) == 401
    assert simulator.open_api_calls[-1].auth == "expired"


def test_short_token_lifetime(clock: FakeClock) -> None:
    simulator = BakongSimulator(clock, token_lifetime_ms=1_000)
    simulator.register_email(EMAIL)
    token = simulator.issue_token(EMAIL)
    clock.advance(1_000)
    assert lookup(simulator, token) == 401


def test_expire_tokens_expires_every_token_issued_so_far(simulator: BakongSimulator, token: str) -> None:
    simulator.expire_tokens()
    assert lookup(simulator, token) == 401
    _, envelope = simulator.call_open_api("/v1/renew_token", {"email": EMAIL}, token=None)
    assert lookup(simulator, envelope["data"]["token"]) == 200


def test_tokens_survive_reset(simulator: BakongSimulator, token: str) -> None:
    simulator.reset()
    assert lookup(simulator, token) == 200


def test_issue_token_refuses_an_unregistered_email(simulator: BakongSimulator) -> None:
    with pytest.raises(HarnessError, match="not registered"):
        simulator.issue_token("stranger@example.com")


@pytest.mark.parametrize(("authorization", "auth"), [
    pytest.param(None, "none", id="missing"),
    pytest.param("Bearer eyJhbGciOiJIUzI1NiJ9.e30.c2ln", "unknown", id="forged"),
    pytest.param("Basic dXNlcjpwYXNz", "malformed", id="basic"),
    pytest.param("Bearer", "malformed", id="no-token"),
    pytest.param("Bearer a b", "malformed", id="two-words"),
])
def test_no_valid_token_is_http_401_error_6(simulator: BakongSimulator, post: Post, authorization: str | None,
                                            auth: str) -> None:
    headers = {} if authorization is None else {"Authorization": authorization}
    response = post(MD5, json={"md5": "0" * 32}, headers=headers)
    assert (response.status_code, response.json()) == (401, UNAUTHORIZED)
    assert simulator.open_api_calls[-1].auth == auth


def test_a_token_of_another_simulator_is_unknown(simulator: BakongSimulator, clock: FakeClock) -> None:
    other = BakongSimulator(clock)
    other.register_email(EMAIL)
    assert lookup(simulator, other.issue_token(EMAIL)) == 401
    assert simulator.open_api_calls[-1].auth == "unknown"


def test_endpoints_without_token_answer_without_one(simulator: BakongSimulator) -> None:
    for path, body in (("/v1/renew_token", {"email": EMAIL}), ("/v1/check_bakong_account", {"accountId": "a@b"})):
        assert simulator.call_open_api(path, body, token=None)[0] == 200


# --- rate limit ----------------------------------------------------------------------------------------------


def test_rate_limit_answers_429_with_retry_after_until_the_window_ends(simulator: BakongSimulator, post: Post,
                                                                       clock: FakeClock, token: str) -> None:
    simulator.limit_rate(retry_after_s=60)
    auth = {"Authorization": f"Bearer {token}"}
    first = post(MD5, json={"md5": "0" * 32}, headers=auth)
    assert (first.status_code, first.headers["retry-after"], first.json()["errorCode"]) == (429, "60", None)
    clock.advance(30_500)
    assert post(MD5, json={"md5": "0" * 32}, headers=auth).headers["retry-after"] == "30"  # 29.5 s, rounded up
    assert simulator.open_api_calls[-1].retry_after_s == 30
    clock.advance(29_500)
    assert post(MD5, json={"md5": "0" * 32}, headers=auth).status_code == 200


def test_rate_limit_comes_after_auth_and_before_the_body(simulator: BakongSimulator, token: str) -> None:
    simulator.limit_rate()
    assert lookup(simulator, None) == 401
    assert simulator.call_open_api(MD5, {"md5": 1}, token=token)[0] == 429


def test_rate_limit_spares_the_endpoints_without_token(simulator: BakongSimulator) -> None:
    simulator.limit_rate()
    assert simulator.call_open_api("/v1/renew_token", {"email": EMAIL}, token=None)[0] == 200


def test_reset_lifts_the_rate_limit(simulator: BakongSimulator, token: str) -> None:
    simulator.limit_rate(retry_after_s=600)
    simulator.reset()
    assert lookup(simulator, token) == 200
