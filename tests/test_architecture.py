"""Layers point downward: the core never imports the UI, matching never touches the store."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "srmatch"


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


@pytest.mark.parametrize("module", ["srmatch.matching.titles", "srmatch.store.models", "srmatch.services.records", "srmatch.services.vocabulary", "srmatch.services.demo"])
def test_core_does_not_load_textual(module: str) -> None:
    code = f"import sys, {module}; print('textual' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60)
    assert result.stdout.strip() == "False"


def test_matching_imports_nothing_of_srmatch_outside_itself() -> None:
    for path in (PACKAGE / "matching").rglob("*.py"):
        for name in _imports(path):
            assert not name.startswith(("textual", "sqlmodel", "sqlalchemy", "alembic")), (path, name)
            if name.startswith("srmatch"):
                assert name.startswith("srmatch.matching"), (path, name)


def test_screens_and_widgets_build_no_queries() -> None:
    for folder in ("screens", "widgets"):
        for path in (PACKAGE / folder).rglob("*.py"):
            for name in _imports(path):
                assert not name.startswith(("sqlmodel", "sqlalchemy", "srmatch.store.engine", "srmatch.store.models")), (path, name)


def test_services_and_store_do_not_import_screens() -> None:
    for folder in ("services", "store", "matching"):
        for path in (PACKAGE / folder).rglob("*.py"):
            for name in _imports(path):
                assert not name.startswith(("srmatch.screens", "srmatch.widgets", "srmatch.app", "srmatch.cli", "textual")), (path, name)


def test_screens_know_the_app_only_through_its_protocol() -> None:
    """Screens are typed against ``AppContext``; no Engine or session travels through the UI."""
    for folder in ("screens", "widgets"):
        for path in (PACKAGE / folder).rglob("*.py"):
            assert not any(name.startswith("srmatch.app") for name in _imports(path)), path
            source = path.read_text(encoding="utf-8")
            assert "Engine" not in source and "session_scope" not in source, path
