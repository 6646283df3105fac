"""A pytest plugin for the child suite of a certification run under test (``-p secret_recorder``): every secret
registered in the run is also written, as a JSON line ``[label, value]``, to the file named by the environment
variable ``BAKONG_SECRET_RECORD`` (outside the output folder), so that the test can search the output for them."""

from __future__ import annotations

import json
import os

from bakong_conformance import evidence

_add = evidence.SecretScrubber.add


def _recording_add(self: evidence.SecretScrubber, label: str, value: str) -> None:
    with open(os.environ["BAKONG_SECRET_RECORD"], "a", encoding="utf-8") as record:
        record.write(json.dumps([label, value]) + "\n")
    _add(self, label, value)


evidence.SecretScrubber.add = _recording_add  # type: ignore[method-assign]
