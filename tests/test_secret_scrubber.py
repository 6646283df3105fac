"""The secret scrubber finds the same forms whether its secrets came all at once or one at a time between uses
(its matchers are then built in runs and merged), and forgets exactly what was added after a checkpoint."""

from __future__ import annotations

import base64
import secrets

from hypothesis import given, settings
from hypothesis import strategies as st

from bakong_conformance.evidence import REDACTED, SecretScrubber

VALUES = [f"secret-{n:03d}-{secrets.token_hex(8)}" for n in range(40)] + ["secret-000-prefix-of-a-longer-one"]


def _text(chosen: list[int]) -> str:
    parts = []
    for n in chosen:
        value = VALUES[n % len(VALUES)]
        parts.append(value if n % 3 else base64.b64encode(value.encode()).decode())
    return " | ".join(parts)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.integers(min_value=0, max_value=200), max_size=12))
def test_one_at_a_time_scrubs_as_all_at_once(chosen: list[int]) -> None:
    at_once = SecretScrubber((f"s{n}", v) for n, v in enumerate(VALUES))
    one_by_one = SecretScrubber()
    for n, value in enumerate(VALUES):
        one_by_one.add(f"s{n}", value)
        one_by_one.scrub("use it now, so a matcher is built for what is known")
    text = _text(chosen)
    assert one_by_one.scrub(text) == at_once.scrub(text)
    assert one_by_one.found(text.encode()) == at_once.found(text.encode())
    assert all(value not in one_by_one.scrub(text) for value in VALUES)


def test_forgetting_since_a_checkpoint_keeps_only_what_was_known_then() -> None:
    scrubber = SecretScrubber([("first", VALUES[0])])
    scrubber.scrub("x")
    mark = scrubber.checkpoint()
    for value in VALUES[1:5]:
        scrubber.add("later", value)
        scrubber.scrub("x")
    scrubber.forget_since(mark)
    assert scrubber.scrub(f"{VALUES[0]} {VALUES[3]}") == f"{REDACTED} {VALUES[3]}"
    scrubber.add("again", VALUES[3])
    assert scrubber.scrub(f"{VALUES[0]} {VALUES[3]}") == f"{REDACTED} {REDACTED}"
