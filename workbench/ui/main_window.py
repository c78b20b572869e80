"""The main window: the canvas in the middle, the panels in docks around it, the menus.

The window assembles and hands each open design to its panels; it decides nothing itself.
Opening, saving, autosave and recovery are the document session's decisions
(``workbench.model.session``; Qt's side in ``files.py``); the panels (``panels.py``,
``whatif.py``) attach to each design the window opens; the menus (``menus.py``) and what the
editing actions do (``edit_actions.py``) have modules of their own.
Where the docks go, and remembering it between sessions, is ``window_layout.py``'s.
"""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QEvent, Qt, QTimer
from PySide6.QtGui import QAction, QCloseEvent, QDesktopServices, QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import (
    QDialog,
    QDockWidget,
    QMainWindow,
    QMessageBox,
    QTabWidget,
    QUndoView,
    QVBoxLayout,
    QWidget,
)

from catalogs import Catalog

from ..analysis.scenarios import Scenario
from ..model.design import Design
from ..model.document import DesignDocument
from .changes_view import ChangesDock, ChangesView
from .collector import freeze_once
from .compare_view import CompareDock, CompareView
from .edit_actions import EditActions
from .editor import Editor
from .files import Files
from .findings import FindingsPanel
from .inspector import Inspector
from .live import LiveValidation
from .menus import Menus
from .outline import OutlineDock, OutlineView
from .palette import Palette
from .panels import (
    CanvasPanel,
    DocumentContext,
    FindingsDock,
    HistoryDock,
    InspectorDock,
    OverviewDock,
    PaletteDock,
    Panel,
    ReviewDock,
    StatusLine,
    add_dock,
)
from .review import ReviewPanel
from .review_marks import ApprovalGuard, CommentMarks
from .scene import TopologyScene
from .view import CanvasView, OverviewView
from .views import CapacityView, ScenariosView
from .whatif import WhatIf
from .window_layout import SIZE, WindowLayout

LEFT = Qt.DockWidgetArea.LeftDockWidgetArea
RIGHT = Qt.DockWidgetArea.RightDockWidgetArea
BOTTOM = Qt.DockWidgetArea.BottomDockWidgetArea


class MainWindow(QMainWindow):
    def __init__(self, catalog: Catalog, read_only: bool = False,
                 remember_layout: bool = True) -> None:
        super().__init__()
        self.catalog = catalog
        self.read_only = read_only
        self.remember_layout = remember_layout  # off for --screenshot: the same picture always
        self.context: DocumentContext | None = None  # the open design
        # links leave the app through here (tests replace it: no browser opens in a test)
        self.open_url = QDesktopServices.openUrl
        self.shortcuts_dialog: QDialog | None = None  # Help > Keyboard shortcuts, once shown
        self.setAcceptDrops(True)
        self.resize(*SIZE)
        # one central widget for the window's life: replacing it on every File > New let the
        # docks take its width (the canvas collapsed to a sliver)
        self.canvas_holder = QWidget()
        self.canvas_holder.setMinimumSize(240, 160)
        QVBoxLayout(self.canvas_holder).setContentsMargins(0, 0, 0, 0)
        self.setCentralWidget(self.canvas_holder)
        self.files = Files(self)
        self.edits = EditActions(catalog, self)
        self.panels = self._build_panels()
        if remember_layout:
            self.dock_layout.restore()

    # ------------------------------------------------------------------ asking the user
    def ask(self, title: str, text: str, buttons: QMessageBox.StandardButton,
            default: QMessageBox.StandardButton) -> QMessageBox.StandardButton:
        """Every question goes through here. The text is shown as written (it quotes names
        and messages from files)."""
        box = QMessageBox(QMessageBox.Icon.Question, title, text, buttons, self)
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.setDefaultButton(default)
        return QMessageBox.StandardButton(box.exec())

    def tell_error(self, title: str, text: str) -> None:
        box = QMessageBox(QMessageBox.Icon.Critical, title, text, QMessageBox.StandardButton.Ok,
                          self)
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.exec()

    # ------------------------------------------------------------------ building the window
    def _build_panels(self) -> list[Panel]:
        """The docks and every panel that shows the open design. A new panel goes here."""
        # the status bar before the docks: made after them, it had a stale tab bar of the
        # bottom docks drawn over it
        self.status_line = StatusLine(self)
        self.palette_panel = Palette(self.catalog)
        self.palette_panel.activated.connect(self.edits.insert_at_selection)
        self.palette_panel.patternActivated.connect(self.edits.insert_pattern)
        self.history = QUndoView()
        self.findings = FindingsPanel()
        self.capacity_view = CapacityView()
        self.scenarios_view = ScenariosView()
        self.compare_view = CompareView()
        self.changes_view = ChangesView()
        self.outline = OutlineView()
        # in the View menu's order
        self.palette_dock = add_dock(self, "Palette", LEFT, self.palette_panel)
        self.outline_dock = add_dock(self, "Outline", LEFT, self.outline)
        self.inspector_dock = add_dock(self, "Inspector", RIGHT)
        self.history_dock = add_dock(self, "History", RIGHT, self.history)
        self.overview_dock = add_dock(self, "Overview", LEFT)
        self.findings_dock = add_dock(self, "Findings", BOTTOM, self.findings)
        self.capacity_dock = add_dock(self, "Capacity", BOTTOM, self.capacity_view)
        self.scenarios_dock = add_dock(self, "Scenarios", BOTTOM, self.scenarios_view)
        self.compare_dock = add_dock(self, "Compare variants", BOTTOM, self.compare_view)
        self.review_dock = add_dock(self, "Review", RIGHT)
        self.changes_dock = add_dock(self, "Changes", BOTTOM, self.changes_view)
        docks = self.findChildren(QDockWidget)  # in the order made: raise_() reorders them
        self.dock_layout = WindowLayout(self, docks)
        self.dock_layout.lay_out()

        self.canvas = CanvasPanel(self.canvas_holder)
        self.overview_panel = OverviewDock(self.overview_dock)
        self.inspector_panel = InspectorDock(self.inspector_dock, self.catalog)
        self.review_panel = ReviewDock(self.review_dock)
        self.what_if_panel = WhatIf(self.scenarios_view, self.capacity_view, self.capacity_dock,
                                    self.findings)
        self.compare_panel = CompareDock(self.compare_dock, self.compare_view, self.catalog,
                                         lambda: self.menus.derive_text())
        self.changes_panel = ChangesDock(self.changes_dock, self.changes_view, self.catalog)
        self.comment_marks = CommentMarks(self)
        self.approval_guard = ApprovalGuard(self, self.canvas_holder)
        self.menus = Menus(self, docks)
        # in this order: each is told of a new selection, edit or check after those before it
        self.outline_panel = OutlineDock(self.outline_dock, self.outline)
        return [self.canvas, self.edits, PaletteDock(self.palette_dock), self.outline_panel,
                self.overview_panel,
                self.inspector_panel, HistoryDock(self.history_dock, self.history),
                FindingsDock(self.findings_dock, self.findings), self.review_panel,
                self.what_if_panel, self.compare_panel, self.changes_panel,
                self.comment_marks, self.approval_guard, self.menus, self.status_line]

    def find_element(self) -> None:
        """Edit > Find element: the Outline's search box."""
        self.outline_panel.find()

    # ------------------------------------------------------------------ the open design
    def close_design(self) -> None:
        """File > Close: after asking to save, an empty untitled design, as a new window
        shows (the window, its docks and menus stay usable: nothing has to cope with no
        design at all)."""
        closed = self.doc.path.name if self.doc is not None and self.doc.path else "untitled"
        if self.files.close_design():
            self.statusBar().showMessage(f"Closed {closed}", 5000)

    def set_document(self, design: Design, path: Path | None, text: str | None = None) -> None:
        """Show ``design``, read from ``path`` (None: untitled) as ``text``."""
        if self.context is not None:
            for panel in reversed(self.panels):
                panel.detach()
            self.context.close()
        doc = self.files.session.start(design, path, text)
        editor = Editor(doc, self.catalog, self)
        editor.read_only = self.read_only
        scene = TopologyScene(doc, self.catalog, editor)
        scene.setParent(self)
        editor.scene = scene
        self.context = DocumentContext(doc, editor, scene, CanvasView(scene),
                                       LiveValidation(doc, self.catalog, self), self.read_only)
        for panel in self.panels:
            panel.attach(self.context)
        freeze_once("application")  # see collector: full collections stalled the GUI thread
        self.context.live.run_after_paint(self.context.view.viewport())
        self.files.document_set(path)

    @property
    def doc(self) -> DesignDocument | None:
        return self.context.doc if self.context is not None else None

    @property
    def editor(self) -> Editor | None:
        return self.context.editor if self.context is not None else None

    @property
    def scene(self) -> TopologyScene | None:
        return self.context.scene if self.context is not None else None

    @property
    def view(self) -> CanvasView | None:
        return self.context.view if self.context is not None else None

    @property
    def live(self) -> LiveValidation | None:
        return self.context.live if self.context is not None else None

    @property
    def inspector(self) -> Inspector | None:
        return self.inspector_panel.inspector

    @property
    def review(self) -> ReviewPanel | None:
        return self.review_panel.review

    @property
    def overview(self) -> OverviewView | None:
        return self.overview_panel.overview

    @property
    def what_if(self) -> Scenario | None:
        return self.what_if_panel.scenario

    @property
    def modified(self) -> bool:
        return self.editor is not None and not self.editor.undo_stack.isClean()

    def raise_dock(self, title: str) -> bool:
        """Bring the dock called ``title`` to the front of its tabs (``--screenshot``)."""
        dock = self.findChild(QDockWidget, title.lower())
        if dock is None:
            return False
        dock.show()
        dock.raise_()
        return True

    def show_decisions(self) -> None:
        """The Inspector's Decisions tab in front (a proposal's search is recorded there)."""
        self.raise_dock("Inspector")
        if self.scene is not None:
            self.scene.select_ids([])  # the design's tabs show when nothing is selected
        tabs = self.inspector.form_area.widget() if self.inspector is not None else None
        if isinstance(tabs, QTabWidget):
            titles = [tabs.tabText(i) for i in range(tabs.count())]
            if "Decisions" in titles:
                tabs.setCurrentIndex(titles.index("Decisions"))

    def node_opacity(self, element_id: str) -> float:
        assert self.scene is not None
        return float(self.scene.nodes[element_id].opacity())

    # ------------------------------------------------------------------ the File menu's work
    # (the window's own API for app.py, scripts and tests; the work is in files.py)
    def open_path(self, path: str | os.PathLike[str]) -> bool:
        return self.files.open_path(path)

    def open_for_review(self, path: str | os.PathLike[str]) -> bool:
        return self.files.open_for_review(path)

    def new_empty(self) -> None:
        self.files.new_empty()

    def new_from_template(self, template: Path) -> None:
        self.files.new_from_template(template)

    def save(self) -> bool:
        return self.files.save()

    def write_recovery(self) -> Path | None:
        return self.files.write_recovery()

    def offer_recovery(self, path: Path | None) -> bool:
        return self.files.offer_recovery(path)

    def recent_files(self) -> list[str]:
        return self.files.recent_files()

    def export_pdf_to(self, target: Path) -> None:
        self.files.export_pdf_to(target)

    @property
    def export_done(self) -> tuple[bool, str] | None:
        return self.files.export_done

    @property
    def autosave(self) -> QTimer:
        return self.files.autosave

    # ------------------------------------------------------------------ the Edit menu's work
    def cut(self) -> None:
        self.edits.cut()

    def paste(self) -> None:
        self.edits.paste()

    def quick_insert(self) -> None:
        self.edits.quick_insert()

    def insert_region(self) -> str | None:
        return self.edits.insert_region()

    def insert_site(self) -> str | None:
        return self.edits.insert_site()

    @property
    def edit_actions(self) -> list[QAction]:
        return list(self.menus.edit_actions)

    # ------------------------------------------------------------------ window events
    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.ActivationChange and self.isActiveWindow() \
                and self.live is not None:
            self.live.recheck_date()  # back after midnight: judge waivers at the new date

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self.files.may_discard():
            event.ignore()
            return
        self.files.close()  # saved, discarded or never changed: nothing left to recover
        if self.remember_layout:
            self.dock_layout.save()
        if self.live is not None:
            self.live.detach()
        self.what_if_panel.stop()
        self.compare_panel.stop()
        self.changes_panel.stop()
        event.accept()

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        for url in event.mimeData().urls():
            if url.isLocalFile():
                self.open_path(url.toLocalFile())
                break
