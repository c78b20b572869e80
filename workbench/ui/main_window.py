"""The main window: canvas, palette, inspector, history and overview; files, recovery."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from PySide6.QtCore import (
    QEvent,
    QFileSystemWatcher,
    QPointF,
    QSettings,
    QStandardPaths,
    Qt,
    QTimer,
)
from PySide6.QtGui import (
    QAction,
    QCloseEvent,
    QDragEnterEvent,
    QDropEvent,
    QKeySequence,
    QUndoCommand,
)
from PySide6.QtWidgets import (
    QDockWidget,
    QFileDialog,
    QInputDialog,
    QLabel,
    QMainWindow,
    QMenu,
    QMessageBox,
    QUndoView,
    QVBoxLayout,
    QWidget,
)

from catalogs import Catalog
from catalogs.errors import InputError

from .. import __version__
from ..model.canonical import dump_design
from ..model.design import Design
from ..model.document import Change, DesignDocument, snapshot
from ..model.io import load_design, loads_design, save_design
from ..samples import sample_paths
from .editor import Editor
from .findings import FindingsPanel
from .inspector import Inspector
from .live import LiveValidation
from .palette import Palette, QuickInsert
from .review import ReviewPanel
from .scene import TopologyScene
from .view import CanvasView, OverviewView
from .views import CapacityView, ScenariosView

AUTOSAVE_SECONDS = 15  # EHRWB_AUTOSAVE_SECONDS overrides it
MAX_RECENT = 8


def _autosave_seconds() -> float:
    try:
        return max(0.05, float(os.environ.get("EHRWB_AUTOSAVE_SECONDS", AUTOSAVE_SECONDS)))
    except ValueError:
        return AUTOSAVE_SECONDS


def recovery_dir() -> Path:
    base = os.environ.get("EHRWB_RECOVERY_DIR") or QStandardPaths.writableLocation(
        QStandardPaths.StandardLocation.AppDataLocation)
    path = Path(base or Path.home() / ".ehrwb") / "recovery"
    path.mkdir(parents=True, exist_ok=True)
    return path


def recovery_file(path: Path | None) -> Path:
    key = hashlib.sha1(str(path.resolve() if path else "untitled").encode()).hexdigest()[:16]
    return recovery_dir() / f"{key}.yaml"


def _replace_dock_widget(dock: QDockWidget, widget: QWidget) -> None:
    old = dock.widget()
    dock.setWidget(widget)
    if old is not None:
        old.deleteLater()


class ReplaceDesign(QUndoCommand):
    """Swap the whole design (restoring a recovery file, reloading): one undoable step."""

    def __init__(self, doc: DesignDocument, design: Design, text: str) -> None:
        super().__init__(text)
        self.doc, self.after, self.before = doc, design, doc.design

    def redo(self) -> None:
        self.doc.reset(self.after)

    def undo(self) -> None:
        self.doc.reset(self.before)


class MainWindow(QMainWindow):
    def __init__(self, catalog: Catalog, read_only: bool = False) -> None:
        super().__init__()
        self.catalog = catalog
        self.read_only = read_only
        self.doc: DesignDocument | None = None
        self.editor: Editor | None = None
        self.scene: TopologyScene | None = None
        self.saved_text = ""
        self.watcher = QFileSystemWatcher(self)
        self.watcher.fileChanged.connect(self._changed_on_disk)
        self.autosave = QTimer(self)
        self.autosave.setInterval(int(1000 * _autosave_seconds()))
        self.autosave.timeout.connect(self.write_recovery)
        self.setAcceptDrops(True)
        self.resize(1500, 920)
        self.status = QLabel()
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self.statusBar().addPermanentWidget(self.status)
        # one central widget for the window's life: replacing it on every File > New let the
        # docks take its width (the canvas collapsed to a sliver)
        self.canvas_holder = QWidget()
        self.canvas_holder.setMinimumSize(240, 160)
        QVBoxLayout(self.canvas_holder).setContentsMargins(0, 0, 0, 0)
        self.setCentralWidget(self.canvas_holder)
        # recovery files this window wrote or offered: the only ones it may delete
        self.recovery_owned: set[Path] = set()
        self._build_docks()
        self._build_actions()

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
    def _build_docks(self) -> None:
        self.palette = Palette(self.catalog)
        self.palette.activated.connect(self._insert_at_selection)
        self.palette_dock = self._dock("Palette", self.palette, Qt.DockWidgetArea.LeftDockWidgetArea)
        self.overview_dock = QDockWidget("Overview", self)
        self.overview_dock.setObjectName("overview")
        self.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, self.overview_dock)
        self.inspector_dock = QDockWidget("Inspector", self)
        self.inspector_dock.setObjectName("inspector")
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.inspector_dock)
        self.history = QUndoView()
        self.history_dock = self._dock("History", self.history, Qt.DockWidgetArea.RightDockWidgetArea)
        self.tabifyDockWidget(self.inspector_dock, self.history_dock)
        self.review_dock = QDockWidget("Review", self)
        self.review_dock.setObjectName("review")
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.review_dock)
        self.tabifyDockWidget(self.history_dock, self.review_dock)
        self.inspector_dock.raise_()
        self.findings = FindingsPanel()
        self.findings.targetsChosen.connect(self._show_targets)
        self.findings.waiveRequested.connect(self.waive)
        self.findings_dock = self._dock("Findings", self.findings,
                                        Qt.DockWidgetArea.BottomDockWidgetArea)
        self.capacity_view = CapacityView()
        self.capacity_dock = self._dock("Capacity", self.capacity_view,
                                        Qt.DockWidgetArea.BottomDockWidgetArea)
        self.scenarios_view = ScenariosView()
        self.scenarios_view.chosen.connect(self.show_scenario)
        self.scenarios_dock = self._dock("Scenarios", self.scenarios_view,
                                         Qt.DockWidgetArea.BottomDockWidgetArea)
        self.tabifyDockWidget(self.findings_dock, self.capacity_dock)
        self.tabifyDockWidget(self.capacity_dock, self.scenarios_dock)
        self.findings_dock.raise_()
        self.what_if = None
        self.resizeDocks([self.palette_dock, self.inspector_dock], [300, 360],
                         Qt.Orientation.Horizontal)
        self.resizeDocks([self.palette_dock, self.overview_dock], [600, 220],
                         Qt.Orientation.Vertical)
        self.resizeDocks([self.findings_dock], [210], Qt.Orientation.Vertical)

    def _dock(self, title: str, widget: QWidget, area: Qt.DockWidgetArea) -> QDockWidget:
        dock = QDockWidget(title, self)
        dock.setObjectName(title.lower())
        dock.setWidget(widget)
        self.addDockWidget(area, dock)
        return dock

    def _action(self, text: str, slot: object, shortcut: object = None,
                menu: QMenu | None = None) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(shortcut)  # type: ignore[arg-type]
        action.triggered.connect(slot)  # type: ignore[arg-type]
        if menu is not None:
            menu.addAction(action)
        return action

    def _build_actions(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu("&File")
        self.new_menu = file_menu.addMenu("&New")
        self._action("&Empty design", self.new_empty, QKeySequence.StandardKey.New,
                     self.new_menu)
        self.new_menu.addSeparator()
        for path in sample_paths():
            self._action(path.stem.replace("-", " ").capitalize(),
                         lambda _=False, p=path: self.new_from_template(p), menu=self.new_menu)
        self._action("&Open...", self.open_dialog, QKeySequence.StandardKey.Open, file_menu)
        self._action("Open for re&view...", self.open_review_dialog, None, file_menu)
        self.recent_menu = file_menu.addMenu("Open &recent")
        self.save_action = self._action("&Save", self.save, QKeySequence.StandardKey.Save,
                                        file_menu)
        self._action("Save &as...", self.save_as, QKeySequence.StandardKey.SaveAs, file_menu)
        self._action("&Export PDF...", self.export_dialog, QKeySequence("Ctrl+E"), file_menu)
        file_menu.addSeparator()
        self._action("&Quit", self.close, QKeySequence.StandardKey.Quit, file_menu)

        edit = bar.addMenu("&Edit")
        self.undo_action = self._action("&Undo", lambda: self.editor and
                                        self.editor.undo_stack.undo(),
                                        QKeySequence.StandardKey.Undo, edit)
        self.redo_action = self._action("&Redo", lambda: self.editor and
                                        self.editor.undo_stack.redo(),
                                        QKeySequence.StandardKey.Redo, edit)
        edit.addSeparator()
        self.edit_actions = [
            self._action("Cu&t", self.cut, QKeySequence.StandardKey.Cut, edit),
            self._action("&Copy", self.copy, QKeySequence.StandardKey.Copy, edit),
            self._action("&Paste", self.paste, QKeySequence.StandardKey.Paste, edit),
            self._action("&Duplicate", self.duplicate, QKeySequence("Ctrl+D"), edit),
            self._action("De&lete", self.delete, QKeySequence.StandardKey.Delete, edit),
        ]
        edit.addSeparator()
        self._action("Select &all", self.select_all, QKeySequence.StandardKey.SelectAll, edit)
        self.edit_actions.append(self._action("&Quick insert...", self.quick_insert,
                                              QKeySequence("Ctrl+K"), edit))

        insert = bar.addMenu("&Insert")
        self.edit_actions += [
            self._action("&Region...", self.insert_region, QKeySequence("Ctrl+Shift+R"), insert),
            self._action("&Site", self.insert_site, QKeySequence("Ctrl+Shift+S"), insert),
        ]

        view = bar.addMenu("&View")
        self._action("Zoom &in", lambda: self.view.zoom_by(1.25),
                     QKeySequence.StandardKey.ZoomIn, view)
        self._action("Zoom &out", lambda: self.view.zoom_by(0.8),
                     QKeySequence.StandardKey.ZoomOut, view)
        self._action("&Fit to window", lambda: self.view.fit(), QKeySequence("Ctrl+0"), view)
        self.edit_actions.append(self._action("&Arrange automatically", self.arrange,
                                              QKeySequence("Ctrl+L"), view))
        view.addSeparator()
        for dock in (self.palette_dock, self.inspector_dock, self.history_dock,
                     self.overview_dock, self.findings_dock, self.capacity_dock,
                     self.scenarios_dock, self.review_dock):
            view.addAction(dock.toggleViewAction())
        self.addActions([self.undo_action, self.redo_action, *self.edit_actions])

    # ------------------------------------------------------------------ documents
    def set_document(self, design: Design, path: Path | None, text: str | None = None) -> None:
        old_scene = self.scene
        if old_scene is not None:
            old_scene.detach()
            old_scene.selectionChanged.disconnect(self._selection_changed)
        if self.doc is not None and self._on_doc_change in getattr(self.doc, "_listeners", []):
            self.doc.unsubscribe(self._on_doc_change)
        self.doc = DesignDocument(design, path)
        self.editor = Editor(self.doc, self.catalog, self)
        self.editor.read_only = self.read_only
        self.editor.statusMessage.connect(self._status_message)
        self.scene = TopologyScene(self.doc, self.catalog, self.editor)
        self.scene.setParent(self)
        if old_scene is not None:
            old_scene.deleteLater()
        self.editor.scene = self.scene
        old_view = getattr(self, "view", None)
        self.view = CanvasView(self.scene)
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.view.customContextMenuRequested.connect(self._context_menu)
        holder = self.canvas_holder.layout()
        if old_view is not None:
            holder.removeWidget(old_view)
            old_view.hide()
            old_view.deleteLater()
        holder.addWidget(self.view)
        self.overview = OverviewView(self.view)
        _replace_dock_widget(self.overview_dock, self.overview)
        self.inspector = Inspector(self.doc, self.catalog, self.editor)
        _replace_dock_widget(self.inspector_dock, self.inspector)
        self.history.setStack(self.editor.undo_stack)
        if getattr(self, "live", None) is not None:
            self.live.detach()
        self.live = LiveValidation(self.doc, self.catalog, self)
        self.live.updated.connect(self._report_updated)
        self.live.failed.connect(self.findings.summary.setText)
        self.live.run_now()
        self.review = ReviewPanel(self.doc, self.editor)
        _replace_dock_widget(self.review_dock, self.review)
        self.findings_dock.raise_()
        if self.read_only:
            self.review_dock.raise_()
        self.history.setEmptyLabel("<opened>")
        self.scene.selectionChanged.connect(self._selection_changed)
        self.doc.subscribe(self._on_doc_change)
        stack = self.editor.undo_stack
        # bound methods, not lambdas: Qt drops them with the window, lambdas would outlive it
        stack.cleanChanged.connect(self._update_title)
        stack.canUndoChanged.connect(self.undo_action.setEnabled)
        stack.canRedoChanged.connect(self.redo_action.setEnabled)
        stack.undoTextChanged.connect(self._undo_text)
        stack.redoTextChanged.connect(self._redo_text)
        self.undo_action.setEnabled(False)
        self.redo_action.setEnabled(False)
        for action in self.edit_actions:
            action.setEnabled(not self.read_only)
        self.palette_dock.setVisible(not self.read_only)  # nothing to place in reviewer mode
        self.save_action.setEnabled(True)
        self.saved_text = text if text is not None else dump_design(design)
        for watched in self.watcher.files():
            self.watcher.removePath(watched)
        if path is not None:
            self.watcher.addPath(str(path))
            self._remember(path)
        self.autosave.start()
        self._update_title()
        self._update_status()
        QTimer.singleShot(0, self.view.first_view)
        QTimer.singleShot(0, self.overview.refit)

    @property
    def modified(self) -> bool:
        return self.editor is not None and not self.editor.undo_stack.isClean()

    def open_path(self, path: str | os.PathLike[str]) -> bool:
        """Open a design; on a bad file show the located message and keep what is open."""
        path = Path(path)
        if self.modified and not self._may_discard():
            return False
        try:
            loaded = load_design(path, self.catalog)
        except InputError as exc:
            self.tell_error("Cannot open design", str(exc))
            return False
        if path.read_bytes()[:5] == b"%PDF-":
            # the design attached to an exported document: never saved over the PDF
            self.set_document(loaded.design, None)
            self.statusBar().showMessage(f"opened the design attached to {path.name}", 8000)
            return True
        self.set_document(loaded.design, path, path.read_text(encoding="utf-8-sig"))
        self.offer_recovery(path)
        return True

    def new_from_template(self, template: Path) -> None:
        if self.modified and not self._may_discard():
            return
        loaded = load_design(template, self.catalog)
        design = loaded.design.model_copy(update={"reviews": type(loaded.design.reviews)()})
        self.set_document(design, None)
        self.editor.undo_stack.resetClean()  # type: ignore[union-attr]
        self._update_title()

    def new_empty(self) -> None:
        if self.modified and not self._may_discard():
            return
        design = Design.model_validate({
            "metadata": {"name": "Untitled design", "status": "draft"},
            "requirements": {"peak_grefs_per_s": 1_000_000, "concurrent_users": 1000,
                             "odb_size_tb": 1}})
        self.set_document(design, None)
        self.offer_recovery(None)

    def insert_region(self) -> str | None:
        if self.editor is None:
            return None
        names = [f"{r.id}  -  {r.name}" for r in self.catalog.regions.values()]
        choice, ok = QInputDialog.getItem(self, "Add region", "Catalog region:", names, 0, False)
        if not ok:
            return None
        rid = self.editor.add_region(choice.split()[0])
        if rid and self.scene is not None:
            self.scene.select_ids([rid])
            self.view.fit()
        return rid

    def insert_site(self) -> str | None:
        if self.editor is None:
            return None
        sid = self.editor.add_site()
        if sid and self.scene is not None:
            self.scene.select_ids([sid])
        return sid

    def open_review_dialog(self) -> None:
        name, _ = QFileDialog.getOpenFileName(self, "Open design for review", "",
                                              "Designs (*.yaml *.yml *.pdf);;All files (*)")
        if name:
            self.open_for_review(name)

    def open_for_review(self, path: str | os.PathLike[str]) -> bool:
        """Reviewer mode: the design cannot be edited; comments and decisions can."""
        if self.modified and not self._may_discard():
            return False
        was = self.read_only
        self.read_only = True
        if not self.open_path(path):
            self.read_only = was
            return False
        return True

    def open_dialog(self) -> None:
        name, _ = QFileDialog.getOpenFileName(self, "Open design", "",
                                              "Designs (*.yaml *.yml *.pdf);;All files (*)")
        if name:
            self.open_path(name)

    def save(self) -> bool:
        if self.doc is None:
            return False
        if self.doc.path is None:
            return self.save_as()
        return self._write(self.doc.path)

    def save_as(self) -> bool:
        if self.doc is None:
            return False
        name, _ = QFileDialog.getSaveFileName(self, "Save design as", str(self.doc.path or ""),
                                              "Designs (*.yaml)")
        if not name:
            return False
        return self._write(Path(name))

    def _write(self, path: Path) -> bool:
        assert self.doc is not None and self.editor is not None
        old_recovery = recovery_file(self.doc.path)
        watched = str(path) in self.watcher.files()
        if watched:
            self.watcher.removePath(str(path))
        try:
            save_design(self.doc.design, path)
        except InputError as exc:  # a target that is not a design file: left as it is
            self.tell_error("Cannot save", str(exc))
            return False
        except OSError as exc:
            self.tell_error("Cannot save", f"{path}: {exc.strerror or exc}")
            return False
        finally:
            self.watcher.addPath(str(path))
        self.doc.path = path
        self.saved_text = dump_design(self.doc.design)
        self.editor.undo_stack.setClean()
        old_recovery.unlink(missing_ok=True)
        recovery_file(path).unlink(missing_ok=True)
        self._remember(path)
        self._update_title()
        self.statusBar().showMessage(f"saved {path}", 4000)
        return True

    # ------------------------------------------------------------------ recovery
    def write_recovery(self) -> Path | None:
        """Autosave: the unsaved design to a recovery file (never over the real file)."""
        if self.doc is None or not self.modified:
            return None
        target = recovery_file(self.doc.path)
        tmp = target.with_suffix(".tmp")
        tmp.write_text(dump_design(self.doc.design), encoding="utf-8")
        os.replace(tmp, target)
        self.recovery_owned.add(target)
        return target

    def offer_recovery(self, path: Path | None) -> bool:
        """Offer what a session that did not end cleanly left unsaved for ``path`` (None: an
        untitled design); True when it was restored. A declined offer deletes the file."""
        rec = recovery_file(path)
        try:
            if not rec.is_file():
                return False
            text = rec.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            return False
        self.recovery_owned.add(rec)
        if path is not None and text == self.saved_text:
            rec.unlink(missing_ok=True)
            return False
        what = f"{path.name} has" if path is not None else "An untitled design has"
        answer = self.ask("Recover unsaved changes?",
                          f"{what} unsaved changes from a session that did not end cleanly. "
                          "Restore them?",
                          QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                          QMessageBox.StandardButton.Yes)
        if answer != QMessageBox.StandardButton.Yes:
            rec.unlink(missing_ok=True)
            return False
        try:
            design = loads_design(text, str(rec), self.catalog).design
        except InputError as exc:
            self.tell_error("Cannot restore", str(exc))
            return False
        assert self.editor is not None and self.doc is not None
        if path is None:  # the untitled design comes back as it was: unsaved
            self.set_document(design, None)
            self.editor.undo_stack.resetClean()  # type: ignore[union-attr]
            self.recovery_owned.add(rec)
            self._update_title()
        else:
            self.editor.undo_stack.push(ReplaceDesign(self.doc, design,
                                                      "Restore unsaved changes"))
        return True

    def _forget_recovery(self) -> None:
        """The user discarded the open design's changes: its recovery file goes too."""
        if self.doc is not None:
            rec = recovery_file(self.doc.path)
            if rec in self.recovery_owned:
                rec.unlink(missing_ok=True)
                self.recovery_owned.discard(rec)

    # ------------------------------------------------------------------ outside changes
    def _changed_on_disk(self, name: str) -> None:
        if self.doc is None or self.doc.path is None or Path(name) != self.doc.path:
            return
        path = self.doc.path
        if not path.exists():
            self.statusBar().showMessage(f"{path} was removed from disk", 8000)
            return
        self.watcher.addPath(str(path))  # editors that replace files drop the watch
        current = path.read_text(encoding="utf-8-sig")
        if current == self.saved_text:
            return
        answer = self.ask("Changed on disk",
                          f"{path.name} was changed outside the workbench. Reload it"
                          + (" and lose your unsaved changes?" if self.modified else "?"),
                          QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                          QMessageBox.StandardButton.No)
        if answer == QMessageBox.StandardButton.Yes:
            try:
                loaded = load_design(path, self.catalog)
            except InputError as exc:
                self.tell_error("Cannot reload", str(exc))
                return
            self.set_document(loaded.design, path, current)

    def _may_discard(self) -> bool:
        answer = self.ask("Unsaved changes", "Save your changes first?",
                          QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard
                          | QMessageBox.StandardButton.Cancel,
                          QMessageBox.StandardButton.Save)
        if answer == QMessageBox.StandardButton.Save:
            return self.save()
        if answer == QMessageBox.StandardButton.Discard:
            self._forget_recovery()
            return True
        return False

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.ActivationChange and self.isActiveWindow() \
                and getattr(self, "live", None) is not None:
            self.live.recheck_date()  # back after midnight: judge waivers at the new date

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.modified and not self._may_discard():
            event.ignore()
            return
        self._forget_recovery()  # saved, discarded or never changed: nothing left to recover
        self.autosave.stop()
        if getattr(self, "live", None) is not None:
            self.live.detach()
        self.capacity_view.stop()
        event.accept()

    # ------------------------------------------------------------------ recent files, drops
    def settings(self) -> QSettings:
        return QSettings("ehrwb", "workbench")

    def recent_files(self) -> list[str]:
        value = self.settings().value("recent", [])
        return [v for v in (value if isinstance(value, list) else [value]) if v]

    def _remember(self, path: Path) -> None:
        recent = [str(path.resolve())] + [p for p in self.recent_files()
                                          if p != str(path.resolve())]
        self.settings().setValue("recent", recent[:MAX_RECENT])
        self.recent_menu.clear()
        for item in recent[:MAX_RECENT]:
            self._action(item, lambda _=False, p=item: self.open_path(p), menu=self.recent_menu)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        for url in event.mimeData().urls():
            if url.isLocalFile():
                self.open_path(url.toLocalFile())
                break

    # ------------------------------------------------------------------ edit actions
    def selected(self) -> list[str]:
        return self.scene.selected_ids() if self.scene else []

    def cut(self) -> None:
        if self.editor:
            self.editor.cut(self.selected())

    def copy(self) -> None:
        if self.editor:
            self.editor.copy(self.selected())

    def paste(self) -> None:
        if self.editor and self.scene:
            new = self.editor.paste()
            self.scene.select_ids(new)

    def duplicate(self) -> None:
        if self.editor and self.scene:
            self.scene.select_ids(self.editor.duplicate(self.selected()))

    def delete(self) -> None:
        if self.editor:
            self.editor.delete(self.selected())

    def select_all(self) -> None:
        if self.scene:
            for item in list(self.scene.nodes.values()) + list(self.scene.link_items.values()):
                item.setSelected(True)

    def arrange(self) -> None:
        if self.editor:
            self.editor.arrange()
            self.view.fit()

    def quick_insert(self) -> None:
        if self.editor is None or self.read_only:
            return
        dialog = QuickInsert(self.catalog, self)
        if dialog.exec() and dialog.choice():
            role, sku = dialog.choice()  # type: ignore[misc]
            self._insert_at_selection(role, sku)

    def _insert_at_selection(self, role: str, sku: str) -> str | None:
        """Insert into the selected zone/region (or the selected node's), else the one under
        the view's centre."""
        assert self.scene is not None and self.editor is not None and self.doc is not None
        target = None
        for eid in self.selected():
            kind = self.doc.kind_of(eid)
            if kind in ("zone", "region", "site"):
                target = eid
                break
            comp = self.doc.component(eid)
            if comp is not None:
                target = comp.placement.zones[0] if len(comp.placement.zones) == 1 \
                    else comp.placement.region or comp.placement.site
                break
        centre = self.view.mapToScene(self.view.viewport().rect().center())
        if target is None:
            box = self.scene.container_at(centre)
            target = box.element_id if box else None
        at = None
        if target in self.scene.containers:
            r = self.scene.containers[target].rect()
            at = QPointF(r.left() + 24, r.bottom() + 10)
        cid = self.editor.add_component(role, sku, target, at)
        if cid:
            self.scene.select_ids([cid])
        return cid

    def _context_menu(self, pos: object) -> None:
        if self.scene is None or self.editor is None:
            return
        point = self.view.mapToScene(pos)  # type: ignore[arg-type]
        node = self.scene.node_at(point)
        if node is not None and not node.isSelected():
            self.scene.select_ids([node.element_id])
        menu = QMenu(self)
        ids = self.selected()
        if ids and not self.read_only:
            menu.addAction("Delete", self.delete)
            menu.addAction("Duplicate", self.duplicate)
            menu.addAction("Copy", self.copy)
            comp = self.doc.component(ids[0]) if self.doc else None
            if comp is not None and not comp.placement.site and self.doc is not None:
                move = menu.addMenu("Move to")
                for region in self.doc.design.placement.regions:
                    for zone in region.zones:
                        move.addAction(f"{region.id} / {zone.id}",
                                       lambda z=zone.id, c=comp.id: self.editor.move_to_container(c, z))  # type: ignore[union-attr]
                    move.addAction(f"{region.id} (regional)",
                                   lambda r=region.id, c=comp.id: self.editor.move_to_container(c, r))  # type: ignore[union-attr]
        if not self.read_only:
            menu.addAction("Paste", self.paste)
            menu.addAction("Arrange automatically", self.arrange)
        menu.addAction("Fit to window", self.view.fit)
        menu.exec(self.view.mapToGlobal(pos))  # type: ignore[arg-type]

    # ------------------------------------------------------------------ feedback
    def _selection_changed(self) -> None:
        ids = self.selected()
        chosen = ids[0] if len(ids) == 1 else None
        if chosen != self.inspector.current:
            self.inspector.show_element(chosen)
        self.review.set_target(ids[0] if len(ids) == 1 else None)
        self._update_status()

    def _on_doc_change(self, change: Change) -> None:
        if change.kind != "layout":
            self.inspector.refresh()  # in place when its element is still there
        if change.kind in ("section", "reset"):
            self.review.refresh()
        self._update_status()

    # ------------------------------------------------------------------ live validation
    def _report_updated(self, report: object) -> None:
        from validators.report import Report

        assert isinstance(report, Report) and self.scene is not None
        self.findings.show_report(report)
        self.inspector.set_phi(report.metrics.get("phi"))
        worst: dict[str, str] = {}
        rank = {"error": 0, "warning": 1, "info": 2}
        for f in report.findings:
            if f.waived:
                continue
            for t in f.targets:
                if t not in worst or rank[f.severity] < rank[worst[t]]:
                    worst[t] = f.severity
        for eid, node in self.scene.nodes.items():
            node.set_badge(worst.get(eid))
        self.scenarios_view.show_report(report)
        self.what_if = self.scenarios_view.current()
        self.capacity_view.show_report(report, self.what_if)
        self._paint_what_if()
        s = report.summary()
        self.statusBar().showMessage(f"{s['error']} errors, {s['warning']} warnings, "
                                     f"{s['info']} info, {s['waived']} waived, judged as of "
                                     f"{report.as_of}", 5000)

    def show_scenario(self, scenario: object) -> None:
        """What-if: grey out what the scenario loses and show its outcome."""
        self.what_if = scenario
        self._paint_what_if()
        report = self.live.report if getattr(self, "live", None) else None
        if report is not None:
            self.capacity_view.show_report(report, scenario)  # type: ignore[arg-type]
        if scenario is not None:
            s = scenario
            self.findings.summary.setText(
                f"what if {s.label}: served {s.served_pct:.0f} %"  # type: ignore[attr-defined]
                + (f", breaks {', '.join(s.breaks)}" if s.breaks else ", nothing breaks"))  # type: ignore[attr-defined]
            self.capacity_dock.raise_()
        elif report is not None:
            self.findings.show_report(report)

    def _paint_what_if(self) -> None:
        if self.scene is None:
            return
        lost = getattr(self.what_if, "lost", {}) or {}
        for eid, node in self.scene.nodes.items():
            comp = self.doc.component(eid) if self.doc else None
            gone = lost.get(eid, 0)
            target = 0.22 if comp is not None and gone >= comp.count else 0.6 if gone else 1.0
            if node.opacity() != target:  # only what changes repaints
                node.setOpacity(target)
        for item in self.scene.link_items.values():
            dead = lost.get(item.source.element_id, 0) or lost.get(item.target.element_id, 0)
            target = 0.25 if dead else 1.0
            if item.opacity() != target:
                item.setOpacity(target)

    def node_opacity(self, element_id: str) -> float:
        assert self.scene is not None
        return float(self.scene.nodes[element_id].opacity())

    def _show_targets(self, ids: list[str]) -> None:
        if self.scene is None:
            return
        self.scene.select_ids(ids)
        self.view.centre_on_ids(ids)

    def waive(self, finding: object) -> bool:
        from .findings import WaiverDialog

        if self.editor is None or self.read_only:
            return False
        dialog = WaiverDialog(finding, self)  # type: ignore[arg-type]
        if not dialog.exec():
            return False
        justification, approver, expires = dialog.values()
        target = finding.targets[0] if finding.targets else "design"  # type: ignore[attr-defined]
        return self.editor.add_waiver(finding.rule, target, justification,  # type: ignore[attr-defined]
                                      approver, expires)

    # ------------------------------------------------------------------ export
    def export_dialog(self) -> None:
        name, _ = QFileDialog.getSaveFileName(self, "Export PDF", "", "PDF (*.pdf)")
        if name:
            self.export_pdf_to(Path(name))

    def export_pdf_to(self, target: Path) -> None:
        """Build the PDF off the GUI thread behind a progress dialog."""
        from PySide6.QtCore import QThreadPool
        from PySide6.QtWidgets import QProgressDialog

        from .export import ExportJob

        assert self.doc is not None
        progress = QProgressDialog("Writing the design document...", "", 0, 0, self)
        progress.setCancelButton(None)
        progress.setMinimumDuration(300)
        job = ExportJob(snapshot(self.doc.design, with_layout=True), self.catalog, target)
        self._export_job = job

        def finished(ok: bool, message: str) -> None:
            progress.close()
            self.statusBar().showMessage(message, 8000)
            if not ok:
                self.tell_error("Export failed", message)
            self.export_done = (ok, message)

        job.signals.finished.connect(finished)
        self.export_done: tuple[bool, str] | None = None
        QThreadPool.globalInstance().start(job)

    def _status_message(self, message: str) -> None:
        self.statusBar().showMessage(message, 6000)

    def _undo_text(self, text: str) -> None:
        self.undo_action.setText(f"&Undo {text}".strip())

    def _redo_text(self, text: str) -> None:
        self.redo_action.setText(f"&Redo {text}".strip())

    def _update_title(self, *_: object) -> None:
        if self.doc is None:
            self.setWindowTitle("EHR Topology Workbench")
            return
        name = self.doc.path.name if self.doc.path else "untitled"
        mark = "*" if self.modified else ""
        ro = " [read-only]" if self.read_only else ""
        self.setWindowTitle(f"{name}{mark} - {self.doc.design.metadata.name}{ro} - "
                            f"EHR Topology Workbench {__version__}")

    def _update_status(self) -> None:
        if self.doc is None:
            return
        d = self.doc.design
        sel = self.selected()
        self.status.setText(f"{len(d.components)} components, {len(d.links)} links, "
                            f"{len(d.placement.regions)} regions, {len(d.placement.sites)} sites"
                            + (f" | {len(sel)} selected" if sel else ""))
