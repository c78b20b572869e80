"""The Help menu's work: the keyboard shortcuts (read from the window's own actions, so the
list cannot go stale), the rule documentation and About.

Links leave the app through ``MainWindow.open_url`` (``QDesktopServices.openUrl``), which tests
replace: no test opens a browser.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QStandardPaths, Qt, QUrl
from PySide6.QtGui import QKeySequence, QTextDocument
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QMenu,
    QMessageBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from .. import __version__

if TYPE_CHECKING:
    from .main_window import MainWindow

# keys of Qt's standard bindings no keyboard in an architect's hands has
_MEDIA_KEYS = {"Close", "Find", "Redo", "Undo", "Zoom In", "Zoom Out", "Copy", "Cut", "Paste",
               "New", "Open", "Save", "Shift+Save", "Help", "Print", "Back", "Forward", "Refresh"}


def shortcut_rows(window: QWidget) -> list[tuple[str, str, str]]:
    """(menu, action, keys) of every action in the window's menus that has a key, in menu
    order; the keys as the platform writes them."""
    rows: list[tuple[str, str, str]] = []

    def walk(menu: QMenu, path: str) -> None:
        for action in menu.actions():
            sub = action.menu()
            if isinstance(sub, QMenu):
                walk(sub, f"{path} > {_plain(action.text())}")
            elif not action.isSeparator():
                names = [k.toString(QKeySequence.SequenceFormat.NativeText)
                         for k in action.shortcuts()
                         if k.toString() not in _MEDIA_KEYS]
                if names:
                    rows.append((path, _plain(action.text()), ", ".join(names)))

    bar = window.menuBar()  # type: ignore[attr-defined]
    for top in bar.actions():
        sub = top.menu()
        if isinstance(sub, QMenu):
            walk(sub, _plain(top.text()))
    return rows


def _plain(text: str) -> str:
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&")


class ShortcutsDialog(QDialog):
    """Every action's keys in a table; not modal, so it can stay open beside the canvas."""

    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self.setWindowTitle("Keyboard shortcuts")
        rows = shortcut_rows(window)
        gestures = [("Canvas", "Zoom", "Mouse wheel"),
                    ("Canvas", "Pan", "Middle button drag, or Space+drag"),
                    ("Canvas", "Select several", "Drag on empty canvas, or Ctrl+click")]
        self.table = QTableWidget(len(rows) + len(gestures), 3)
        self.table.setHorizontalHeaderLabels(["Menu", "Action", "Keys"])
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(
            self.table.fontMetrics().height() + 6)
        self.table.setAlternatingRowColors(True)
        self.table.setShowGrid(False)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        for r, row in enumerate([*rows, *gestures]):
            for c, text in enumerate(row):
                self.table.setItem(r, c, QTableWidgetItem(text))
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addWidget(buttons)
        self.resize(620, 560)

    def texts(self) -> list[tuple[str, str, str]]:
        def text(r: int, c: int) -> str:
            item = self.table.item(r, c)
            return item.text() if item is not None else ""
        return [(text(r, 0), text(r, 1), text(r, 2)) for r in range(self.table.rowCount())]


def show_shortcuts(window: MainWindow) -> ShortcutsDialog:
    dialog = ShortcutsDialog(window)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    window.shortcuts_dialog = dialog
    dialog.show()
    dialog.raise_()
    return dialog


def rule_docs_file() -> Path:
    """The rule documentation as a web page, generated from the installed rules' metadata
    (as docs/rules.md and ``ehrwb rules --format markdown`` are), so it matches this version."""
    from validators.docs import rules_markdown
    from validators.registry import all_rules

    folder = Path(QStandardPaths.writableLocation(
        QStandardPaths.StandardLocation.CacheLocation) or Path.home() / ".ehrwb")
    folder.mkdir(parents=True, exist_ok=True)
    page = QTextDocument()
    page.setMarkdown(rules_markdown(all_rules()))
    page.setMetaInformation(QTextDocument.MetaInformation.DocumentTitle,
                            "EHR Topology Workbench rules")
    target = folder / f"rules-{__version__}.html"
    target.write_text(page.toHtml(), encoding="utf-8")
    return target


def open_rule_docs(window: MainWindow) -> None:
    try:
        target = rule_docs_file()
    except OSError as exc:
        window.tell_error("Rule documentation", f"Cannot write the rule documentation: {exc}")
        return
    if not window.open_url(QUrl.fromLocalFile(str(target))):
        window.tell_error("Rule documentation", f"No program opened {target}")


def show_about(window: MainWindow) -> None:
    box = QMessageBox(QMessageBox.Icon.Information, "About EHR Topology Workbench",
                      f"EHR Topology Workbench {__version__}\n\n"
                      "Design, check and document where an Epic-class EHR runs: the topology, "
                      "its capacity and availability, and the rules it must meet.",
                      QMessageBox.StandardButton.Ok, window)
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.exec()

