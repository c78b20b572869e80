"""Run by tests/ui/test_propose_wizard.py in a child process on a real X server
(QT_QPA_PLATFORM=xcb) with xdotool: File > New from requirements... by its keys, the users and
a peak no SKU can meet typed into the wizard, Propose clicked; the statement read; the peak
typed again and Propose clicked; the GUI thread's longest pause while each search ran
measured. Prints one JSON object of facts. The app's date is 2026-11-28.

    python -m tests.ui.xpropose
"""

from __future__ import annotations

import datetime as dt
import json
import sys
import time
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow, QWizard

from tests.ui.conftest import forget_changes
from tests.ui.xprobe import centre, finish, pump, wait_for, xdotool

AS_OF = dt.date(2026, 11, 28)


class Pauses:
    """The longest gap between ticks of a 10 ms timer on the GUI thread while ``busy``
    holds at both ends (the search; opening the design it found comes after)."""

    def __init__(self, busy: Callable[[], bool]) -> None:
        self.busy = busy
        self.timer = QTimer()
        self.timer.setInterval(10)
        self.timer.timeout.connect(self._tick)
        self.last = 0.0
        self.was_busy = False
        self.longest = 0.0

    def start(self) -> None:
        self.last, self.longest, self.was_busy = time.perf_counter(), 0.0, False
        self.timer.start()

    def stop(self) -> int:
        self.timer.stop()
        return round(self.longest * 1000)

    def _tick(self) -> None:
        now, busy = time.perf_counter(), self.busy()
        if busy and self.was_busy:
            self.longest = max(self.longest, now - self.last)
        self.last, self.was_busy = now, busy


def type_into(widget: Any, text: str) -> None:
    """Click the field, select what it holds, type."""
    finish(xdotool("mousemove", *map(str, centre(widget)), "click", "1", "sleep", "0.2",
                   "key", "ctrl+a", "type", "--delay", "15", text))


def propose(wizard: Any, pauses: Pauses) -> int:
    button = wizard.button(QWizard.WizardButton.FinishButton)
    pauses.start()
    finish(xdotool("mousemove", *map(str, centre(button)), "click", "1"))
    wait_for(lambda: wizard.searching, 5)
    wait_for(lambda: not wizard.searching, 60)
    return pauses.stop()


def act(window: QMainWindow) -> dict[str, Any]:
    out: dict[str, Any] = {}
    window.activateWindow()
    pump(0.3)
    finish(xdotool("key", "--clearmodifiers", "ctrl+shift+n"))
    wait_for(lambda: window.files.propose_wizard is not None  # type: ignore[attr-defined]
             and window.files.propose_wizard.isVisible(), 10)  # type: ignore[attr-defined]
    wizard = window.files.propose_wizard  # type: ignore[attr-defined]
    out["opened"] = wizard is not None and wizard.isVisible()
    if not out["opened"]:
        return out
    pump(0.5)
    type_into(wizard.users, "2500")
    type_into(wizard.peak, "60000000")
    pauses = Pauses(lambda: wizard.searching)
    out["infeasible_pause_ms"] = propose(wizard, pauses)
    out["infeasible"] = wizard.requirements_page.message.text()
    out["still_open"] = wizard.isVisible()
    type_into(wizard.peak, "1500000")
    out["pause_ms"] = propose(wizard, pauses)
    wait_for(lambda: not wizard.isVisible(), 10)
    out["closed"] = not wizard.isVisible()
    wait_for(lambda: window.live is not None and window.live.report is not None  # type: ignore
             and window.doc.path is None, 30)  # type: ignore[attr-defined]
    pump(0.5)
    out["title"] = window.windowTitle()
    out["modified"] = window.modified  # type: ignore[attr-defined]
    out["components"] = len(window.doc.design.components)  # type: ignore[attr-defined]
    out["peak"] = window.doc.design.requirements.peak_grefs_per_s  # type: ignore[attr-defined]
    out["status"] = window.statusBar().currentMessage()
    return out


def main() -> int:
    from catalogs import load_catalog
    from workbench import clock
    from workbench.ui.app import build_window

    clock.today = lambda: AS_OF  # the date every check is judged at
    app = QApplication.instance() or QApplication([])
    window = build_window(load_catalog(use_setting=False), None, recover=False,
                          remember_layout=False)  # the flagship, as `ehrwb gui` opens it
    window.setGeometry(window.screen().availableGeometry())
    window.show()
    wait_for(lambda: window.isVisible(), 10)
    pump(1.0)
    facts = act(window)
    forget_changes(window)  # closed without asking to save the proposal
    window.close()
    app.processEvents()
    print(json.dumps(facts))
    return 0


if __name__ == "__main__":
    sys.exit(main())
