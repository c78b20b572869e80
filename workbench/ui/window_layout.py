"""Where the window's docks go, and remembering it.

The canvas gets the space: the docks start at modest sizes, the bottom ones a strip whose
lists scroll. The window's size and dock layout are saved when it closes and come back when
the next one opens (QSettings, where the recent files are kept); View > Reset layout puts
everything back where it started.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QEvent, QObject, QSettings, QSize, Qt
from PySide6.QtWidgets import QDockWidget

if TYPE_CHECKING:
    from .main_window import MainWindow

SIZE = (1500, 920)  # the window's first size, and View > Reset layout's
# saved with the dock layout: a layout saved before a dock was added or renamed is not
# restored (Qt would leave the new dock wherever it fell)
LAYOUT_VERSION = 2


def settings() -> QSettings:
    return QSettings("ehrwb", "workbench")  # as files.py keeps the recent files


class WindowLayout(QObject):
    def __init__(self, window: MainWindow, docks: list[QDockWidget]) -> None:
        super().__init__(window)
        self.window = window
        self.areas = [(dock, window.dockWidgetArea(dock)) for dock in docks]
        self._size_when_shown: QSize | None = None
        window.installEventFilter(self)

    def lay_out(self) -> None:
        """Where the docks start, and where View > Reset layout puts them."""
        w = self.window
        for first, second in [(w.palette_dock, w.outline_dock),
                              (w.inspector_dock, w.history_dock),
                              (w.history_dock, w.review_dock),
                              (w.findings_dock, w.capacity_dock),
                              (w.capacity_dock, w.scenarios_dock),
                              (w.scenarios_dock, w.compare_dock),
                              (w.compare_dock, w.changes_dock)]:
            w.tabifyDockWidget(first, second)
        for front in (w.palette_dock, w.inspector_dock, w.findings_dock):
            front.raise_()
        w.resizeDocks([w.palette_dock, w.inspector_dock], [280, 350], Qt.Orientation.Horizontal)
        w.resizeDocks([w.palette_dock, w.overview_dock], [600, 220], Qt.Orientation.Vertical)
        w.resizeDocks([w.findings_dock], [170], Qt.Orientation.Vertical)

    def save(self) -> None:
        kept = settings()
        kept.setValue("window/geometry", self.window.saveGeometry())
        kept.setValue("window/state", self.window.saveState(LAYOUT_VERSION))
        kept.setValue("window/size", self.window.size())

    def restore(self) -> bool:
        """The size and dock layout the last window closed with; False when none (or one of
        an older layout) was saved."""
        kept, w = settings(), self.window
        geometry, state = kept.value("window/geometry"), kept.value("window/state")
        if not isinstance(geometry, QByteArray) or not isinstance(state, QByteArray):
            return False
        w.restoreGeometry(geometry)
        if not w.restoreState(state, LAYOUT_VERSION):
            w.resize(*SIZE)
            return False
        size = kept.value("window/size")
        if isinstance(size, QSize) and not w.isMaximized():
            # until the window is first shown its docks ask for more width than they take:
            # restoreGeometry alone opened a narrow window wider than it was left
            self._size_when_shown = size
        if w.read_only:
            w.palette_dock.hide()  # nothing to place in reviewer mode (see PaletteDock)
        return True

    def reset(self) -> None:
        """View > Reset layout: the window's first size and every dock back in its place."""
        w = self.window
        if w.isMaximized() or w.isFullScreen():
            w.showNormal()
        w.resize(*SIZE)
        for dock, area in self.areas:
            w.removeDockWidget(dock)
            dock.setFloating(False)
            w.addDockWidget(area, dock)
            dock.show()
        self.lay_out()
        if w.read_only:
            w.palette_dock.hide()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.window and event.type() == QEvent.Type.Show \
                and self._size_when_shown is not None:
            size, self._size_when_shown = self._size_when_shown, None
            self.window.resize(size)
        return False
