"""The import contracts of pyproject.toml ([tool.importlinter]: the layers, Qt only under
workbench/ui), checked by import-linter on this tree and shown to break on copies of it that
break them; and mypy over the typed packages."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from tests.conftest import ROOT

PACKAGES = ["workbench", "validators", "catalogs", "exports"]
CONTRACTS = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"][
    "contracts"]


def _lint_imports(where: Path) -> subprocess.CompletedProcess[str]:
    """lint-imports (beside this Python) on the packages under ``where`` with its config."""
    # wide lines: the report is wrapped to the terminal's width, and matched here line by line
    env = {**os.environ, "COLUMNS": "400", "NO_COLOR": "1"}
    return subprocess.run(
        [str(Path(sys.executable).with_name("lint-imports")), "--no-cache", "--no-logo",
         str(where / "pyproject.toml")],
        cwd=where, env=env, capture_output=True, text=True, timeout=300, check=False)


def test_the_import_contracts_hold():
    proc = _lint_imports(ROOT)
    report = proc.stdout + proc.stderr
    print(report)
    assert proc.returncode == 0, report
    for contract in CONTRACTS:
        assert f"{contract['name']} KEPT" in report


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    """A copy of the packages and of pyproject.toml to break."""
    for package in PACKAGES:
        shutil.copytree(ROOT / package, tmp_path / package,
                        ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path)
    return tmp_path


# (file, code appended to it, the contract it breaks, the import the report names)
BREAKS = [
    # imports inside a function count: a lazy import of Qt in the core is still Qt in the core
    ("catalogs/reading.py", "def _probe() -> None:\n    from PySide6 import QtCore\n",
     "qt", "catalogs.reading -> PySide6"),
    # a matplotlib Qt backend is forbidden whatever its name, through qt_compat
    ("exports/charts.py", "from matplotlib.backends import backend_qt5agg\n",
     "qt", "exports.charts -> matplotlib.backends.backend_qt5agg"),
    ("workbench/clock.py", "import shiboken6\n", "qt", "workbench.clock -> shiboken6"),
    ("workbench/cli.py", "from PySide6.QtWidgets import QApplication\n",
     "qt", "workbench.cli -> PySide6"),
    # a relative import upwards, model -> analysis
    ("workbench/model/io.py", "from ..analysis import run\n",
     "layers", "workbench.model.io -> workbench.analysis.run"),
    # the cycle this layering removed: catalogs reading through the model
    ("catalogs/loader.py", "from workbench.model import design\n",
     "layers", "catalogs.loader -> workbench.model.design"),
    ("validators/rule.py", "from workbench.ui import app\n",
     "layers", "validators.rule -> workbench.ui.app"),
    ("exports/story.py", "from workbench.samples import flagship_path\n",
     "layers", "exports.story -> workbench.samples"),
    ("workbench/__init__.py", "from . import clock\n", "version", "workbench -> workbench.clock"),
    ("workbench/settings.py", '"""A new module nobody placed."""\n', "placed",
     "workbench.settings"),
]


@pytest.mark.parametrize(("path", "code", "contract", "named"), BREAKS,
                         ids=[f"{c}:{p}" for p, _, c, _ in BREAKS])
def test_a_broken_contract_is_reported(tree, path, code, contract, named):
    target = tree / path
    target.write_text((target.read_text() if target.exists() else "") + "\n" + code)
    proc = _lint_imports(tree)
    report = proc.stdout + proc.stderr
    name = next(c["name"] for c in CONTRACTS if c["id"] == contract)
    assert proc.returncode == 1, report
    assert f"{name} BROKEN" in report, report
    assert named in report, report


def test_core_is_mypy_clean():
    """mypy (with the pydantic plugin) over the packages listed in pyproject's [tool.mypy]."""
    api = pytest.importorskip("mypy.api")
    out, err, status = api.run(["--config-file", str(ROOT / "pyproject.toml"),
                                "--cache-dir", str(ROOT / ".mypy_cache")])
    assert status == 0, out + err
