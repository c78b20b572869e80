"""Layering contract: Qt only under workbench/ui; the core never imports the UI."""

from __future__ import annotations

import ast

from tests.conftest import ROOT

CORE = ["workbench/model", "workbench/analysis", "validators", "catalogs", "exports"]


def _imports(path):
    tree = ast.parse(path.read_text(), filename=str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            yield node.module


def test_core_packages_never_import_qt_or_the_ui():
    offenders = []
    for folder in CORE:
        for path in (ROOT / folder).rglob("*.py"):
            for name in _imports(path):
                if name.split(".")[0] in ("PySide6", "shiboken6", "matplotlib.backends") \
                        or name.startswith("workbench.ui"):
                    offenders.append(f"{path.relative_to(ROOT)} imports {name}")
    assert not offenders, offenders


def test_the_check_sees_imports():
    names = set(_imports(ROOT / "workbench" / "cli.py"))
    assert "__future__" in names and "argparse" in names


def test_core_is_mypy_clean():
    """mypy (with the pydantic plugin) over the packages listed in pyproject's [tool.mypy]."""
    import pytest

    api = pytest.importorskip("mypy.api")
    out, err, status = api.run(["--config-file", str(ROOT / "pyproject.toml"),
                                "--cache-dir", str(ROOT / ".mypy_cache")])
    assert status == 0, out + err
