"""ruff, configured in pyproject.toml ([tool.ruff]), finds nothing anywhere in the repository."""

from __future__ import annotations

import subprocess
import sys

from tests.conftest import ROOT


def ruff(*args: str, cwd=ROOT) -> subprocess.CompletedProcess:  # type: ignore[no-untyped-def]
    return subprocess.run([sys.executable, "-m", "ruff", *args], cwd=cwd, capture_output=True,
                          text=True, timeout=120)


def test_ruff_check_is_clean_at_the_root():
    proc = ruff("check", ".", "--output-format", "concise", "--no-cache")
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_ruff_uses_the_project_rules_and_finds_what_they_forbid(tmp_path):
    bad = tmp_path / "bad.py"
    bad.write_text("import os\nimport sys\n\nx = [a for a in sys.argv]\n")
    proc = ruff("check", "--config", str(ROOT / "pyproject.toml"), "--no-cache",
                "--output-format", "concise", str(bad))
    assert proc.returncode == 1
    assert "F401" in proc.stdout and "C416" in proc.stdout  # pyflakes and comprehensions
