"""The evidence of the Alipay+ scenarios, in the reference certification: every scenario shows a signed message
each way (Alipay+'s signature on what it sent, the participant's on what it answered or sent), and no report file
holds a private key in any form."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from bakong_conformance.alipay_plus import KeyPair

ROOT = Path(__file__).resolve().parents[1]
REFERENCE_KEY = ROOT / "fixtures" / "alipay-plus" / "reference-participant-private.pem"
AREAS = {"Alipay+ acquiring", "Alipay+ wallet"}


def _results(folder: Path) -> Iterator[dict[str, Any]]:
    for path in sorted((folder / "allure-results").glob("*-result.json")):
        yield json.loads(path.read_text(encoding="utf-8"))


def _attachments(node: dict[str, Any]) -> Iterator[str]:
    for attachment in node.get("attachments", []):
        yield attachment["source"]
    for step in node.get("steps", []):
        yield from _attachments(step)


def _signed(headers: Any) -> bool:
    return isinstance(headers, dict) and any(name.lower() == "signature" and "signature=" in str(value)
                                             for name, value in headers.items())


def _signatures(folder: Path, result: dict[str, Any]) -> set[tuple[bool, bool]]:
    """(request signed, answer signed) of every exchange attached to the scenario that carries a signature."""
    found: set[tuple[bool, bool]] = set()
    for source in _attachments(result):
        exchange = json.loads((folder / "allure-results" / source).read_text(encoding="utf-8"))
        request, response = exchange.get("request", {}), exchange.get("response", {})
        signed = _signed(request.get("headers")), _signed(response.get("headers"))
        if any(signed):
            found.add(signed)
    return found


def test_every_alipay_scenario_shows_a_message_signed_each_way(reference_certified: Path) -> None:
    alipay = [r for r in _results(reference_certified)
              if any(label["name"] == "epic" and label["value"] in AREAS for label in r.get("labels", []))]
    assert len(alipay) >= 80
    shown = {r["name"]: _signatures(reference_certified, r) for r in alipay}
    assert [name for name, found in shown.items() if found and (True, True) not in found] == []
    # the one scenario in which no Alipay+ message is exchanged: the wallet refuses before asking Alipay+
    assert [name for name, found in shown.items() if not found] == [
        "A customer paying from a US dollar account is refused and nothing is debited"]


def test_no_report_file_holds_a_private_key(reference_certified: Path) -> None:
    pem = REFERENCE_KEY.read_text(encoding="ascii")
    body = "".join(line for line in pem.splitlines() if not line.startswith("-----"))
    lines = [line for line in pem.splitlines() if not line.startswith("-----")]
    assert KeyPair.from_pem(pem.encode()).key_version == "1"
    for path in sorted(p for p in reference_certified.rglob("*") if p.is_file()):
        text = path.read_bytes().decode("utf-8", errors="replace")
        assert "PRIVATE KEY" not in text, path.name
        assert body not in text, path.name
        assert not any(line in text for line in lines), path.name
