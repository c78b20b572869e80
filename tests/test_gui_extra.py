"""The command line without the ``gui`` extra (issue 18 point 6): with Qt not installed,
``ehrwb gui`` and ``ehrwb review`` exit 2 with one line saying how to install it, bare
``ehrwb`` prints its help, and the commands that check and document designs run.

Qt is made unfindable in a subprocess (``sys.modules["PySide6"] = None``: ``find_spec`` finds
nothing and any import of it fails), as on a machine where only ``pip install
ehr-topology-workbench`` ran; .ci/check-install.sh does it for real with the built wheel.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import FLAGSHIP, ROOT

NO_QT = """
import sys
sys.modules["PySide6"] = None  # not installed: find_spec says None, importing it fails
from workbench.cli import main
code = main(sys.argv[1:])
leaked = [m for m in sys.modules if m.startswith(("PySide6.", "shiboken6"))]
sys.exit(f"Qt imported: {leaked}" if leaked else code)
"""
INSTALL = "pip install 'ehr-topology-workbench[gui]'"


def _ehrwb(*args: str, display: bool = True) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items()
           if k not in ("QT_QPA_PLATFORM", "DISPLAY", "WAYLAND_DISPLAY")}
    if display:
        env["DISPLAY"] = ":0"  # a screen to open on: only the missing Qt stops the window
    return subprocess.run([sys.executable, "-c", NO_QT, *args], capture_output=True, text=True,
                          timeout=120, cwd=ROOT, env=env)


@pytest.mark.parametrize("command", ["gui", "review"])
def test_the_desktop_without_the_gui_extra_says_how_to_install_it(command: str,
                                                                  tmp_path: Path) -> None:
    for args in ([str(FLAGSHIP)], [str(FLAGSHIP), "--screenshot", str(tmp_path / "x.png")]):
        run = _ehrwb(command, *args)
        assert run.returncode == 2, run.stderr
        assert run.stdout == ""
        assert run.stderr == (f"ehrwb {command}: the desktop workbench needs the gui extra: "
                              f"{INSTALL}\n")
    assert not (tmp_path / "x.png").exists()


def test_without_a_display_it_still_names_the_extra_first() -> None:
    """No Qt and no screen: installing Qt is what the user has to do first."""
    run = _ehrwb("gui", str(FLAGSHIP), display=False)
    assert run.returncode == 2 and INSTALL in run.stderr and "DISPLAY" not in run.stderr


def test_bare_ehrwb_without_the_gui_extra_prints_its_help() -> None:
    run = _ehrwb()
    assert run.returncode == 0, run.stderr
    assert run.stdout.startswith("usage: ehrwb") and "validate" in run.stdout
    assert run.stderr == ""


def test_checking_and_documenting_run_without_qt(tmp_path: Path) -> None:
    assert _ehrwb("validate", str(FLAGSHIP), "--fail-on", "never").returncode == 0
    assert _ehrwb("scenarios", str(FLAGSHIP), "--quiet").returncode == 0
    pdf = tmp_path / "design.pdf"
    run = _ehrwb("export", str(FLAGSHIP), "-o", str(pdf))
    assert run.returncode == 0, run.stderr
    assert pdf.read_bytes().startswith(b"%PDF-")
    assert _ehrwb("validate", str(pdf), "--fail-on", "never").returncode == 0


def test_with_qt_installed_the_gui_command_gets_past_the_check(tmp_path: Path) -> None:
    """The check does not stop an installed Qt: the screenshot is taken."""
    shot = tmp_path / "gui.png"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    run = subprocess.run([sys.executable, "-m", "workbench", "gui", str(FLAGSHIP),
                          "--screenshot", str(shot)], capture_output=True, text=True,
                         timeout=300, cwd=ROOT, env=env)
    assert run.returncode == 0, run.stderr
    assert shot.read_bytes().startswith(b"\x89PNG")
