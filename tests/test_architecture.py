"""Import rules of ARCHITECTURE.md: the library never imports the test tooling or the step layer."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

LIBRARY = Path(__file__).resolve().parents[1] / "bakong_conformance"
FORBIDDEN = ("pytest", "pytest_bdd", "allure", "allure_commons", "steps", "conftest")


# ARCHITECTURE.md "Import rules": the modules of ours each package may import (from its parent, ``from ..x``).
ALLOWED_OURS = {
    "alipay_plus": set(),
    "networks": {"khqr", "alipay_plus", "schemas", "evidence", "strict_json", "errors"},
    "payments": {"fixtures", "khqr", "networks", "participant", "errors"},
    "crossborder": {"alipay_plus", "khqr", "networks", "participant", "payments", "errors"},
}


def _ours(path: Path) -> set[str]:
    """The library modules a module of a sub-package imports from the library's root (``from ..x import y`` in
    ``networks/``, ``from ...x import y`` in ``networks/bakong/``)."""
    to_root = len(path.relative_to(LIBRARY).parts)
    ours: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.level == to_root:
            ours |= {(node.module or alias.name).split(".")[0] for alias in node.names}
    return ours


def _imported_roots(path: Path) -> set[str]:
    roots: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            roots |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            roots.add(node.module.split(".")[0])
    return roots


@pytest.mark.parametrize("path", sorted(LIBRARY.rglob("*.py")), ids=lambda p: str(p.relative_to(LIBRARY)))
def test_library_module_does_not_import_test_tooling(path: Path) -> None:
    assert not _imported_roots(path) & set(FORBIDDEN)


@pytest.mark.parametrize("package", sorted(ALLOWED_OURS))
def test_package_imports_only_the_modules_the_architecture_allows(package: str) -> None:
    for path in sorted((LIBRARY / package).rglob("*.py")):
        assert _ours(path) <= ALLOWED_OURS[package], (path.name, _ours(path) - ALLOWED_OURS[package])


ROLE_CAPABILITY = {"issuer": "khqr-issuer", "acceptor": "khqr-acceptor", "interface": "participant-api",
                   "payer": "domestic-payer", "open_api_client": "bakong-open-api-client",
                   "acquirer": "alipay-plus-acquirer", "wallet": "alipay-plus-wallet"}


def test_the_defect_registry_imports_no_role_so_registering_has_no_cycle() -> None:
    registry = LIBRARY / "reference" / "_registry.py"
    imported = {node.module or "" for node in ast.walk(ast.parse(registry.read_text(encoding="utf-8")))
                if isinstance(node, ast.ImportFrom)}
    assert not any("roles" in module for module in imported)
    roles = sorted(p.stem for p in (LIBRARY / "reference" / "roles").glob("*.py") if not p.stem.startswith("_"))
    assert roles == sorted(ROLE_CAPABILITY)


def _registered_in(path: Path) -> set[str]:
    """The names of the defects a role module registers (``defect("name", ...)`` calls)."""
    return {node.args[0].value for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
            if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "defect" and node.args
            and isinstance(node.args[0], ast.Constant)}


def test_each_defect_lives_with_the_role_it_breaks() -> None:
    from bakong_conformance.reference import defects
    by_name = {defect.name: defect for defect in defects()}
    placed: dict[str, str] = {}
    for role in ROLE_CAPABILITY:
        for name in _registered_in(LIBRARY / "reference" / "roles" / f"{role}.py"):
            placed[name] = role
    assert set(placed) == set(by_name)
    wrong = {name: sorted(by_name[name].capabilities) for name, role in placed.items()
             if by_name[name].capabilities != {ROLE_CAPABILITY[role]}}
    assert wrong == {}
