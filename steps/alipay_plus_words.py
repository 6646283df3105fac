"""The words the Alipay+ scenarios use for what Alipay+ does, and what each means to the simulated Alipay+."""

from __future__ import annotations

from typing import get_args

from bakong_conformance.networks.alipay_plus import Tamper

TAMPERINGS: dict[str, Tamper] = {
    "a signature that does not match the message": "bad-signature",
    "a key version the participant was not given": "unknown-key-version",
    "another participant's Client-Id": "other-client-id",
    "a Request-Time an hour before the sandbox time": "stale-time",
    "a message changed after it was signed": "body-changed",
}
"""How a scenario spoils Alipay+'s request, in its words."""
ALIPAY_ANSWERS = {
    "answers with an unknown result": "unknown",
    "answers with \"too many requests\"": "traffic-limit",
    "answers with a server error that is not JSON": "server-error",
    "answers only after the participant gave up": "late",
    "answers with a signature that does not verify": "bad-signature",
}
"""How Alipay+ will answer the participant's next request, in the scenario's words."""
assert set(TAMPERINGS.values()) == set(get_args(Tamper))
