"""The window on a real X server (Xvfb), as a person's screen shows it.

Each test starts its own Xvfb at a screen size, opens the flagship in a child process on the
xcb platform (tests/ui/xprobe.py) and asserts on what it measured: every dock (or its tab)
and the status bar on screen, the capacity charts drawn, the window resizable to 740 px high
with all of them still inside it. With xdotool, the X server's own pointer and keyboard drag a
SKU from the palette onto a zone, choose a redundancy mode from the Inspector's drop-down,
save with Ctrl+S and export the PDF with Ctrl+E, typing its name into Qt's save dialog.

Without Xvfb these tests are skipped, saying so (`.ci/run` installs it; `apt-get install
xvfb xdotool` does it on a workstation); without xdotool only the input test is skipped.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from tests.conftest import FLAGSHIP

ROOT = Path(__file__).resolve().parents[2]
NO_XVFB = "Xvfb is not installed: the tests on a real X server are skipped " \
          "(apt-get install xvfb xdotool; .ci/run installs them)"
DOCKS = {"palette", "outline", "overview", "inspector", "history", "review", "findings",
         "capacity", "scenarios", "compare variants", "changes"}


def start_xvfb(width: int, height: int) -> tuple[subprocess.Popen, str]:
    """An X server on a free display (Xvfb picks it and writes its number to a pipe)."""
    read, write = os.pipe()
    server = subprocess.Popen(
        ["Xvfb", "-displayfd", str(write), "-screen", "0", f"{width}x{height}x24",
         "-nolisten", "tcp", "-noreset"], pass_fds=(write,), stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL)
    os.close(write)
    with os.fdopen(read) as pipe:
        number = pipe.readline().strip()
    if not number:
        server.kill()
        pytest.fail("Xvfb did not start")
    return server, f":{number}"


@pytest.fixture
def xserver(request) -> Iterator[str]:  # type: ignore[no-untyped-def]
    if shutil.which("Xvfb") is None:
        pytest.skip(NO_XVFB)
    server, display = start_xvfb(*request.param)
    try:
        yield display
    finally:
        server.terminate()
        server.wait(10)


def x_env(display: str, tmp_path: Path) -> dict[str, str]:
    """The environment of the app in a child process on the X server ``display`` (xcb), with
    its settings and recovery files in ``tmp_path``."""
    env = {k: v for k, v in os.environ.items() if k not in ("QT_QPA_PLATFORM", "WAYLAND_DISPLAY")}
    env.update(DISPLAY=display, QT_QPA_PLATFORM="xcb", PYTHONPATH=str(ROOT),
               EHRWB_RECOVERY_DIR=str(tmp_path / "appdata"), HOME=str(tmp_path),
               XDG_CONFIG_HOME=str(tmp_path / "config"))
    return env


def probe(display: str, design: Path, tmp_path: Path, *args: str) -> dict:
    done = subprocess.run([sys.executable, "-m", "tests.ui.xprobe", str(design), *args],
                          cwd=ROOT, env=x_env(display, tmp_path), capture_output=True,
                          text=True, timeout=180)
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.fixture
def design(tmp_path) -> Path:
    path = tmp_path / "flagship.yaml"
    path.write_bytes(FLAGSHIP.read_bytes())
    return path


def assert_all_on_screen(facts: dict, where: str) -> None:
    docks = facts["docks"]
    assert set(docks) == DOCKS, f"{where}: docks {sorted(docks)}"
    for name, dock in docks.items():
        assert dock["reachable"], f"{where}: the {name} dock is hidden with no tab to bring it"
        assert dock["on_screen"] and dock["in_window"], f"{where}: {name} at {dock['rect']}"
        assert dock["rect"][2] >= 150 and dock["rect"][3] >= 120, \
            f"{where}: the {name} dock is squeezed to {dock['rect']}"
    bar = facts["status_bar"]
    assert bar["visible"] and bar["on_screen"] and bar["in_window"], f"{where}: {bar}"
    assert facts["waive_button"]["visible"] and facts["waive_button"]["on_screen"], where


@pytest.mark.parametrize("xserver", [(1280, 800), (1600, 1000)], indirect=True,
                         ids=["1280x800", "1600x1000"])
def test_every_dock_and_the_status_bar_are_on_screen_down_to_740_px(xserver, design,
                                                                    tmp_path):
    facts = probe(xserver, design, tmp_path)
    assert facts["charts"], "the capacity charts were not drawn"
    width, height = facts["full"]["screen"]
    assert facts["full"]["window"][2:] == [width, height]
    assert_all_on_screen(facts["full"], f"{width}x{height}")
    assert facts["short"]["minimum"][1] <= 740
    assert facts["short"]["window"][3] == 740, "the window refused to be 740 px high"
    assert_all_on_screen(facts["short"], f"{width}x740")


@pytest.mark.parametrize("xserver", [(1280, 800)], indirect=True, ids=["1280x800"])
def test_drag_choose_and_save_with_the_x_servers_own_mouse_and_keyboard(xserver, design,
                                                                        tmp_path):
    if shutil.which("xdotool") is None:
        pytest.skip("xdotool is not installed: real pointer and keyboard input is skipped "
                    "(apt-get install xdotool; .ci/run installs it)")
    acted = probe(xserver, design, tmp_path, "--act")["act"]
    assert acted["alive"]
    dragged = acted["palette_drag"]
    assert len(dragged["added"]) == 1 and dragged["zones"] == [["east-z1"]], dragged
    assert acted["mode"] == "active-passive"
    saved = yaml.safe_load(design.read_text())
    by_id = {c["id"]: c for c in saved["components"]}
    assert by_id["clarity-a"]["redundancy"]["mode"] == "active-passive"
    new = by_id[dragged["added"][0]]
    assert new["role"] == "ecp-app-server", new
    assert new["placement"]["zones"] == ["east-z1"]
    assert acted["export"]["done"] == [True, f"exported {design.with_suffix('.pdf')}"]
    assert acted["export"]["pdf_head"] == "%PDF-"
