"""The menu bar: File, Edit, Insert, Design, Review, View and Help, with their shortcuts.

Attached to each open design as a panel: Undo and Redo follow its undo stack (named after the
step they undo or redo), and the editing actions are disabled in reviewer mode.

Shortcuts are the platform's standard keys plus the other spellings people type (Ctrl+Y for
redo, Ctrl+= for zoom in on keyboards where + needs Shift); no two actions share a key
(tests/ui/test_window_layout.py collects every action of the window and checks).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDockWidget, QMenu

from ..analysis.patterns import PATTERNS
from ..samples import sample_paths
from .help import open_rule_docs, show_about, show_shortcuts
from .panels import DocumentContext

if TYPE_CHECKING:
    from .main_window import MainWindow

Keys = QKeySequence.StandardKey
Slot = Callable[[], object]


def _template_opener(window: MainWindow, template: Path) -> Slot:
    return lambda: window.files.new_from_template(template)


def keys(*sequences: QKeySequence | Keys | str) -> list[QKeySequence]:
    """Every key binding of ``sequences`` (a standard key may have several on a platform),
    each once, in order."""
    found: list[QKeySequence] = []
    for sequence in sequences:
        bindings = (QKeySequence.keyBindings(sequence) if isinstance(sequence, Keys)
                    else [QKeySequence(sequence)])
        found += [b for b in bindings if not b.isEmpty() and b not in found]
    return found


class Menus(QObject):
    def __init__(self, window: MainWindow, docks: list[QDockWidget]) -> None:
        super().__init__(window)
        self.window = window
        self.context: DocumentContext | None = None
        files, edits = window.files, window.edits
        bar = window.menuBar()

        file_menu = bar.addMenu("&File")
        self.new_menu = file_menu.addMenu("&New")
        self._action("&Empty design", files.new_empty, Keys.New, self.new_menu)
        self.new_menu.addSeparator()
        for path in sample_paths():
            self._action(path.stem.replace("-", " ").capitalize(),
                         _template_opener(window, path), None, self.new_menu)
        self._action("New from re&quirements...", files.new_from_requirements,
                     QKeySequence("Ctrl+Shift+N"), file_menu)
        self._action("&Open...", files.open_dialog, Keys.Open, file_menu)
        self._action("Open for re&view...", files.open_review_dialog, None, file_menu)
        files.recent_menu = self.recent_menu = file_menu.addMenu("Open &recent")
        self.save_action = self._action("&Save", files.save, Keys.Save, file_menu)
        self._action("Save &as...", files.save_as, Keys.SaveAs, file_menu)
        self._action("&Export PDF...", files.export_dialog, QKeySequence("Ctrl+E"), file_menu)
        file_menu.addSeparator()
        self._action("&Close", window.close_design, keys(Keys.Close, "Ctrl+W"), file_menu)
        self._action("&Quit", window.close, keys(Keys.Quit, "Ctrl+Q"), file_menu)

        edit = bar.addMenu("&Edit")
        self.undo_action = self._action("&Undo", self.undo, Keys.Undo, edit)
        self.redo_action = self._action("&Redo", self.redo,
                                        keys(Keys.Redo, "Ctrl+Shift+Z", "Ctrl+Y"), edit)
        edit.addSeparator()
        self.edit_actions = [
            self._action("Cu&t", edits.cut, Keys.Cut, edit),
            self._action("&Copy", edits.copy, Keys.Copy, edit),
            self._action("&Paste", edits.paste, Keys.Paste, edit),
            self._action("&Duplicate", edits.duplicate, QKeySequence("Ctrl+D"), edit),
            self._action("De&lete", edits.delete, Keys.Delete, edit),
        ]
        edit.addSeparator()
        self._action("Select &all", edits.select_all, Keys.SelectAll, edit)
        # Escape belongs to the canvas: in a field or a dialog it keeps its own meaning
        self.select_none_action = self._action("Select &none", self.select_none,
                                               QKeySequence(Qt.Key.Key_Escape), edit)
        self.select_none_action.setShortcutContext(
            Qt.ShortcutContext.WidgetWithChildrenShortcut)
        window.canvas_holder.addAction(self.select_none_action)
        self.find_action = self._action("&Find element...", window.find_element,
                                        keys(Keys.Find, "Ctrl+F"), edit)
        self.edit_actions.append(self._action("&Quick insert...", edits.quick_insert,
                                              QKeySequence("Ctrl+K"), edit))

        insert = bar.addMenu("&Insert")
        self.edit_actions += [
            self._action("&Region...", edits.insert_region, QKeySequence("Ctrl+Shift+R"),
                         insert),
            # not Ctrl+Shift+S: that is Save As
            self._action("&Site", edits.insert_site, QKeySequence("Ctrl+Shift+T"), insert),
        ]
        # Insert > Pattern: one action a pattern, no shortcuts (the keys are spoken for); the
        # palette's patterns do the same (wired in main_window)
        self.pattern_menu = insert.addMenu("&Pattern")
        for pattern in PATTERNS:
            # owned by the window as every other action (one QMenu.addAction(str) made was
            # deleted under PySide6 6.9 once Help > Keyboard shortcuts walked the menus)
            action = QAction(f"&{pattern.name}", self.window)
            self.pattern_menu.addAction(action)
            action.setData(pattern.id)
            action.setStatusTip(pattern.summary)
            self.edit_actions.append(action)
        self.pattern_menu.triggered.connect(lambda action: edits.insert_pattern(action.data()))

        design = bar.addMenu("&Design")
        self.derive_action = self._action("Derive shared counterpart...",
                                          edits.derive_counterpart, None, design)
        self.edit_actions.append(self.derive_action)
        design.aboutToShow.connect(self._name_derive)

        review = bar.addMenu("&Review")
        changes = window.changes_panel
        self._action("&Changes since approval", changes.since_approval,
                     QKeySequence("Ctrl+Shift+A"), review)
        self._action("Compare with &file or git revision...", changes.ask_revision, None,
                     review)
        self._action("C&lear highlight", changes.clear, None, review)

        view = bar.addMenu("&View")
        self.zoom_in_action = self._action("Zoom &in", lambda: self._zoom(1.25),
                                           keys(Keys.ZoomIn, "Ctrl++", "Ctrl+="), view)
        self.zoom_out_action = self._action("Zoom &out", lambda: self._zoom(0.8),
                                            keys(Keys.ZoomOut, "Ctrl+-"), view)
        self._action("&Fit to window", self._fit, QKeySequence("Ctrl+0"), view)
        self.edit_actions.append(self._action("&Arrange automatically", edits.arrange,
                                              QKeySequence("Ctrl+L"), view))
        self.edit_actions.append(self._action("Arrange &everything", edits.arrange_everything,
                                              QKeySequence("Ctrl+Shift+L"), view))
        view.addSeparator()
        for dock in docks:
            view.addAction(dock.toggleViewAction())
        view.addSeparator()
        self._action("&Reset layout", window.dock_layout.reset, None, view)

        self.help_menu = bar.addMenu("&Help")
        self._action("&Keyboard shortcuts", lambda: show_shortcuts(window),
                     keys(Keys.HelpContents, "F1"), self.help_menu)
        self._action("&Rule documentation", lambda: open_rule_docs(window), None,
                     self.help_menu)
        self._action("&About", lambda: show_about(window), None, self.help_menu)
        window.addActions([self.undo_action, self.redo_action, *self.edit_actions])

    def _action(self, text: str, slot: Slot,
                shortcut: QKeySequence | Keys | list[QKeySequence] | None,
                menu: QMenu) -> QAction:
        action = QAction(text, self.window)
        if isinstance(shortcut, list):
            action.setShortcuts(shortcut)
        elif shortcut is not None:
            action.setShortcut(shortcut)
        action.triggered.connect(slot)
        menu.addAction(action)
        return action

    # ------------------------------------------------------------------ the open design
    def attach(self, context: DocumentContext) -> None:
        self.context = context
        stack = context.editor.undo_stack
        # bound methods, not lambdas: Qt drops them with the window, lambdas would outlive it
        stack.canUndoChanged.connect(self.undo_action.setEnabled)
        stack.canRedoChanged.connect(self.redo_action.setEnabled)
        stack.undoTextChanged.connect(self._undo_text)
        stack.redoTextChanged.connect(self._redo_text)
        self.undo_action.setEnabled(False)
        self.redo_action.setEnabled(False)
        for action in self.edit_actions:
            action.setEnabled(not context.read_only)
        self.save_action.setEnabled(True)

    def detach(self) -> None:
        if self.context is not None:
            stack = self.context.editor.undo_stack
            stack.canUndoChanged.disconnect(self.undo_action.setEnabled)
            stack.canRedoChanged.disconnect(self.redo_action.setEnabled)
            stack.undoTextChanged.disconnect(self._undo_text)
            stack.redoTextChanged.disconnect(self._redo_text)
            self.context = None

    def undo(self) -> None:
        if self.context is not None:
            self.context.editor.undo_stack.undo()

    def redo(self) -> None:
        if self.context is not None:
            self.context.editor.undo_stack.redo()

    def select_none(self) -> None:
        if self.context is not None:
            self.context.scene.select_ids([])

    def _undo_text(self, text: str) -> None:
        self.undo_action.setText(f"&Undo {text}".strip())

    def _redo_text(self, text: str) -> None:
        self.redo_action.setText(f"&Redo {text}".strip())

    def derive_text(self) -> str:
        """Design > Derive ...'s text: named after what it makes, the counterpart in the
        other tenancy (the Compare view's hint names it too)."""
        return f"Derive {self.window.edits.counterpart()} counterpart..."

    def _name_derive(self) -> None:
        self.derive_action.setText(self.derive_text())

    def _zoom(self, factor: float) -> None:
        if self.context is not None:
            self.context.view.zoom_by(factor)

    def _fit(self) -> None:
        if self.context is not None:
            self.context.view.fit()
