"""Closing a window while its work runs on other threads: it must close, never hang.

A thread pool deleted with its window waits for the running job while the GUI thread holds
the interpreter lock the job needs: closing the window while its charts were being drawn hung
the app for good. Run in a child process, so that a hang fails the test instead of the suite.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

from tests.conftest import FLAGSHIP

ROOT = Path(__file__).resolve().parents[2]

SCRIPT = textwrap.dedent("""
    import sys, time
    from PySide6.QtWidgets import QApplication
    app = QApplication([])
    from catalogs import load_catalog
    from exports import charts
    from workbench.ui.app import build_window

    slow = charts.utilization_figure
    started = []
    def utilization_figure(analysis):
        started.append(1)
        time.sleep(1.5)  # a large design's chart, still drawing when the window closes
        return slow(analysis)
    charts.utilization_figure = utilization_figure

    from pathlib import Path
    window = build_window(load_catalog(use_setting=False), Path(sys.argv[1]))
    window.resize(1400, 900)
    window.show()
    window.capacity_dock.raise_()  # the Capacity tab in front: its charts are drawn
    deadline = time.monotonic() + 20
    while not started and time.monotonic() < deadline:
        app.processEvents()
    assert started, "the charts were never drawn"
    window.close()
    window.deleteLater()
    from PySide6.QtTest import QTest
    QTest.qWait(200)  # the deletion runs inside the wait, with the interpreter lock held
    print("closed")
""")


def test_closing_the_window_while_charts_are_drawn_does_not_hang(tmp_path):
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(ROOT),
               EHRWB_RECOVERY_DIR=str(tmp_path / "appdata"), HOME=str(tmp_path))
    design = tmp_path / "flagship.yaml"
    design.write_bytes(FLAGSHIP.read_bytes())
    done = subprocess.run([sys.executable, "-c", SCRIPT, str(design)], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0 and "closed" in done.stdout, done.stderr[-2000:]
