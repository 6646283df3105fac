"""The public surface of ``bakong_conformance.networks`` and its import rules."""

from __future__ import annotations

import ast
from pathlib import Path

import bakong_conformance.networks as networks

PACKAGE = Path(networks.__file__).resolve().parent
PUBLIC = {"Clock", "FakeClock", "WallClock", "BakongSimulator", "Fault", "Transaction", "InstructionRecord",
          "OpenApiCall", "SIMULATOR_HOST", "SIMULATOR_URL", "in_process_transport", "LoopbackServer", "serve",
          "DEFAULT_PARTICIPANT_ID", "SwitchAuth", "Network", "SimulatorApp", "ALIPAY_PLUS_URL", "AlipayPlusSimulator",
          "AnswerFault", "Answered", "ParticipantIdentity", "Received", "SignedRequest", "MerchantOrder"}


def test_all_is_exactly_the_public_api() -> None:
    assert set(networks.__all__) == PUBLIC
    assert all(hasattr(networks, name) for name in networks.__all__)
    assert networks.SIMULATOR_URL == "http://" + networks.SIMULATOR_HOST == "http://bakong.simulator.invalid"


def test_respx_is_imported_only_when_an_in_process_transport_is_built() -> None:
    for path in PACKAGE.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        top_level = [node for node in tree.body if isinstance(node, ast.Import | ast.ImportFrom)]
        assert not any("respx" in ast.dump(node) for node in top_level), path.name


def test_every_public_function_and_class_has_a_docstring() -> None:
    for path in PACKAGE.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        assert ast.get_docstring(tree), path.name
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef) \
                    and not node.name.startswith("_"):
                assert ast.get_docstring(node), f"{path.name}: {node.name}"


def test_each_network_is_a_package_and_the_shared_modules_know_none_of_them() -> None:
    networks_dirs = [p for p in PACKAGE.iterdir() if p.is_dir() and (p / "__init__.py").is_file()]
    assert sorted(p.name for p in networks_dirs) == ["alipay_plus", "bakong"]
    for path in PACKAGE.glob("*.py"):
        if path.name == "__init__.py":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        imported = {node.module or "" for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) and node.level}
        assert not any(module.split(".")[0] in {d.name for d in networks_dirs} for module in imported), path.name
