from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

pytest.importorskip("PySide6")

from PySide6.QtCore import QEvent, QPoint, QPointF, QSettings, QStandardPaths, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QApplication, QMessageBox

from tests.conftest import FLAGSHIP


@pytest.fixture(autouse=True)
def isolated(tmp_path, monkeypatch):
    """No test touches the user's settings or recovery files."""
    QStandardPaths.setTestModeEnabled(True)
    # a quick hand (the desktop setting): drop-down choices by mouse wait this long
    QApplication.setDoubleClickInterval(150)
    monkeypatch.setenv("EHRWB_RECOVERY_DIR", str(tmp_path / "appdata"))
    # each test its own settings (recent files, window size and dock layout): a window one
    # test closes must not open the next test's window at its size
    for kind in (QSettings.Format.NativeFormat, QSettings.Format.IniFormat):
        QSettings.setPath(kind, QSettings.Scope.UserScope, str(tmp_path / "settings"))
    yield


@pytest.fixture
def flagship_copy(tmp_path) -> Path:
    path = tmp_path / "flagship.yaml"
    shutil.copy(FLAGSHIP, path)
    return path


class Answers:
    """Scripted answers to the window's questions, recorded for assertions."""

    def __init__(self) -> None:
        self.queue: list[QMessageBox.StandardButton] = []
        self.asked: list[str] = []
        self.errors: list[str] = []


@pytest.fixture
def make_window(qtbot, catalog):
    from workbench.ui.main_window import MainWindow

    made = []

    def make(path: Path | None = None, read_only: bool = False):
        window = MainWindow(catalog, read_only=read_only)
        answers = Answers()

        def ask(title, text, buttons, default):
            answers.asked.append(title)
            return answers.queue.pop(0) if answers.queue else QMessageBox.StandardButton.Cancel

        window.ask = ask
        window.tell_error = lambda title, text: answers.errors.append(text)
        window.answers = answers
        # closed at the end without questions: a window left open with unsaved changes
        # (its close refused) stayed visible into the tests after it
        qtbot.addWidget(window, before_close_func=forget_changes)
        if path is not None:
            assert window.open_path(path)
        window.show()
        qtbot.waitExposed(window)
        QApplication.processEvents()
        # the design's first check starts once the canvas is painted: its totals are in the
        # status bar before the test begins, not over a message the test looks for
        if window.live is not None:  # a window made without a design has no check yet
            window.live.wait()
        QApplication.processEvents()
        made.append(window)
        return window

    yield make
    for window in made:
        forget_changes(window)


@pytest.fixture
def window(make_window, flagship_copy):
    return make_window(flagship_copy)


@pytest.fixture
def open_window(qtbot, catalog):
    """``build_window`` as ``ehrwb gui FILE`` does; closed without questions at the end."""
    from workbench.ui.app import build_window

    made = []

    def make(path: Path | None, read_only: bool = False):
        window = build_window(catalog, path, read_only)
        qtbot.addWidget(window, before_close_func=forget_changes)
        window.resize(1500, 920)
        window.show()
        qtbot.waitExposed(window)
        for _ in range(3):
            QApplication.processEvents()
        made.append(window)
        return window

    yield make
    for window in made:
        forget_changes(window)


def forget_changes(window) -> None:
    """The test is over: close what a failed test left open, and close without questions."""
    for _ in range(5):
        for left in (QApplication.activePopupWidget(), QApplication.activeModalWidget()):
            if left is not None:
                left.close()
        QApplication.processEvents()
    window.autosave.stop()
    if window.editor is not None:
        window.editor.undo_stack.setClean()


def view_point(window, scene_point: QPointF) -> QPoint:
    return window.view.mapFromScene(scene_point)


def send_mouse(widget, kind: QEvent.Type, pos: QPoint, buttons=Qt.MouseButton.LeftButton,
               button=Qt.MouseButton.LeftButton, modifiers=Qt.KeyboardModifier.NoModifier):
    event = QMouseEvent(kind, QPointF(pos), QPointF(widget.mapToGlobal(pos)), button, buttons,
                        modifiers)
    QApplication.sendEvent(widget, event)


def drag(window, start: QPointF, end: QPointF, steps: int = 6) -> None:
    """A real left-button drag on the canvas, in scene coordinates."""
    viewport = window.view.viewport()
    a, b = view_point(window, start), view_point(window, end)
    send_mouse(viewport, QEvent.Type.MouseButtonPress, a)
    for i in range(1, steps + 1):
        p = QPoint(a.x() + (b.x() - a.x()) * i // steps, a.y() + (b.y() - a.y()) * i // steps)
        send_mouse(viewport, QEvent.Type.MouseMove, p, button=Qt.MouseButton.NoButton)
    send_mouse(viewport, QEvent.Type.MouseButtonRelease, b, buttons=Qt.MouseButton.NoButton)
    QApplication.processEvents()


def click(window, point: QPointF, modifiers=Qt.KeyboardModifier.NoModifier) -> None:
    viewport = window.view.viewport()
    p = view_point(window, point)
    send_mouse(viewport, QEvent.Type.MouseButtonPress, p, modifiers=modifiers)
    send_mouse(viewport, QEvent.Type.MouseButtonRelease, p, buttons=Qt.MouseButton.NoButton,
               modifiers=modifiers)
    QApplication.processEvents()


def node_centre(window, element_id: str) -> QPointF:
    return window.scene.nodes[element_id].centre()


__all__ = ["click", "drag", "node_centre", "os", "send_mouse", "view_point"]
