"""Import rules of ARCHITECTURE.md: the library never imports the test tooling or the step layer."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

LIBRARY = Path(__file__).resolve().parents[1] / "bakong_conformance"
FORBIDDEN = ("pytest", "pytest_bdd", "allure", "allure_commons", "steps", "conftest")


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
