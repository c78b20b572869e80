"""The File menu's work: open, new, save, save as and export; autosave and crash recovery; a
file changed on disk; the recent files.

What to do is the document session's decision (``workbench.model.session``, no Qt); this
module supplies Qt's timer, file watcher, settings store and dialogs, and asks the user the
session's questions through the window (``MainWindow.ask``), which tests answer.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import (
    QFileSystemWatcher,
    QObject,
    QSettings,
    QStandardPaths,
    QThreadPool,
    QTimer,
)
from PySide6.QtWidgets import QFileDialog, QMenu, QMessageBox, QProgressDialog

from catalogs.errors import InputError

from ..model.document import snapshot
from ..model.session import (
    MAX_RECENT,
    DiskChange,
    RecoveryStore,
    SaveFailed,
    Session,
    autosave_seconds,
    design_from_template,
    empty_design,
    read_design,
    recent_after_opening,
    recent_from_setting,
    recovery_dir,
)
from .commands import ReplaceDesign
from .export import ExportJob

if TYPE_CHECKING:
    from .main_window import MainWindow

Button = QMessageBox.StandardButton
DESIGN_FILTER = "Designs (*.yaml *.yml *.pdf);;All files (*)"


def recovery_store() -> RecoveryStore:
    """Recovery files where ``EHRWB_RECOVERY_DIR`` says, else in the platform's folder for
    the application's data."""
    app_data = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation)
    return RecoveryStore(recovery_dir(os.environ, app_data or None))


def recovery_file(path: Path | None) -> Path:
    """The recovery file of the design file ``path`` (None: of an untitled design)."""
    return recovery_store().file_for(path)


class Files(QObject):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.session = Session(recovery_store())
        self.watcher = QFileSystemWatcher(self)
        self.watcher.fileChanged.connect(self.changed_on_disk)
        self.autosave = QTimer(self)
        self.autosave.setInterval(int(1000 * autosave_seconds(os.environ)))
        self.autosave.timeout.connect(self.write_recovery)
        self.recent_menu: QMenu | None = None  # the menus fill it in
        self.export_done: tuple[bool, str] | None = None
        self._export_job: ExportJob | None = None

    def _status(self, message: str, msecs: int) -> None:
        self.window.statusBar().showMessage(message, msecs)

    def document_set(self, path: Path | None) -> None:
        """A design was opened from ``path`` (None: untitled): watch it, list it as recent,
        autosave its changes."""
        for watched in self.watcher.files():
            self.watcher.removePath(watched)
        if path is not None:
            self.watcher.addPath(str(path))
            self.remember(path)
        self.autosave.start()

    def close(self) -> None:
        """The window closes, saved or discarded: nothing is left to recover."""
        self.session.forget_recovery()
        self.autosave.stop()

    # ------------------------------------------------------------------ open and new
    def may_discard(self) -> bool:
        """Ask to save unsaved changes; False when the user cancels."""
        if not self.window.modified:
            return True
        answer = self.window.ask("Unsaved changes", "Save your changes first?",
                                 Button.Save | Button.Discard | Button.Cancel, Button.Save)
        if answer == Button.Save:
            return self.save()
        if answer == Button.Discard:
            self.session.forget_recovery()
            return True
        return False

    def open_path(self, path: str | os.PathLike[str]) -> bool:
        """Open a design; on a bad file show the located message and keep what is open."""
        path = Path(path)
        if not self.may_discard():
            return False
        try:
            opened = read_design(path, self.window.catalog)
        except InputError as exc:
            self.window.tell_error("Cannot open design", str(exc))
            return False
        self.window.set_document(opened.design, opened.path, opened.text)
        if opened.note:
            self._status(opened.note, 8000)
        else:
            self.offer_recovery(path)
        return True

    def open_for_review(self, path: str | os.PathLike[str]) -> bool:
        """Reviewer mode: the design cannot be edited; comments and decisions can."""
        if not self.may_discard():
            return False
        was = self.window.read_only
        self.window.read_only = True
        if not self.open_path(path):
            self.window.read_only = was
            return False
        return True

    def open_dialog(self) -> None:
        name, _ = QFileDialog.getOpenFileName(self.window, "Open design", "", DESIGN_FILTER)
        if name:
            self.open_path(name)

    def open_review_dialog(self) -> None:
        name, _ = QFileDialog.getOpenFileName(self.window, "Open design for review", "",
                                              DESIGN_FILTER)
        if name:
            self.open_for_review(name)

    def new_from_template(self, template: Path) -> None:
        if not self.may_discard():
            return
        self.window.set_document(design_from_template(template, self.window.catalog), None)
        self._untitled_unsaved()

    def new_empty(self) -> None:
        if not self.may_discard():
            return
        self.window.set_document(empty_design(), None)
        self.offer_recovery(None)

    def _untitled_unsaved(self) -> None:
        """The design just set is unsaved work (a copy of a sample, a recovered design)."""
        editor = self.window.editor
        assert editor is not None
        editor.undo_stack.resetClean()
        self.window.status_line.update_title()

    # ------------------------------------------------------------------ save
    def save(self) -> bool:
        if self.session.doc is None:
            return False
        if self.session.path is None:
            return self.save_as()
        return self.save_to(self.session.path)

    def save_as(self) -> bool:
        if self.session.doc is None:
            return False
        name, _ = QFileDialog.getSaveFileName(self.window, "Save design as",
                                              str(self.session.path or ""), "Designs (*.yaml)")
        return self.save_to(Path(name)) if name else False

    def save_to(self, path: Path) -> bool:
        """Save the design to ``path``, which becomes its file."""
        editor = self.window.editor
        assert editor is not None
        if str(path) in self.watcher.files():  # our own write is no change on disk
            self.watcher.removePath(str(path))
        try:
            self.session.save(path)
        except SaveFailed as exc:  # a target that is not a design file is left as it is
            self.window.tell_error("Cannot save", str(exc))
            return False
        finally:
            self.watcher.addPath(str(path))
        editor.undo_stack.setClean()
        self.remember(path)
        self.window.status_line.update_title()
        self._status(f"saved {path}", 4000)
        return True

    # ------------------------------------------------------------------ recovery
    def write_recovery(self) -> Path | None:
        """Autosave: the unsaved design to its recovery file (never over the real file)."""
        try:
            return self.session.autosave(self.window.modified)
        except OSError as exc:
            self._status(f"cannot write the recovery file: {exc.strerror or exc}", 8000)
            return None

    def offer_recovery(self, path: Path | None) -> bool:
        """Offer what a session that did not end cleanly left unsaved for ``path`` (None: an
        untitled design); True when it was restored. A declined offer deletes the file."""
        offer = self.session.recovery_offer(path)
        if offer is None:
            return False
        answer = self.window.ask("Recover unsaved changes?", offer.question,
                                 Button.Yes | Button.No, Button.Yes)
        if answer != Button.Yes:
            self.session.decline(offer)
            return False
        try:
            design = self.session.recovered_design(offer, self.window.catalog)
        except InputError as exc:
            self.window.tell_error("Cannot restore", str(exc))
            return False
        if path is None:  # the untitled design comes back as it was: unsaved
            self.window.set_document(design, None)
            self._untitled_unsaved()
        else:
            doc, editor = self.session.doc, self.window.editor
            assert doc is not None and editor is not None
            editor.undo_stack.push(ReplaceDesign(doc, design, "Restore unsaved changes"))
        return True

    # ------------------------------------------------------------------ outside changes
    def changed_on_disk(self, name: str) -> None:
        event = self.session.disk_event(name)
        if event.change is DiskChange.OTHER_FILE or event.path is None:
            return
        if event.change is DiskChange.REMOVED:
            self._status(f"{event.path} was removed from disk", 8000)
            return
        self.watcher.addPath(str(event.path))  # editors that replace files drop the watch
        if event.change is DiskChange.SAME_TEXT:
            return
        answer = self.window.ask("Changed on disk", event.reload_question(self.window.modified),
                                 Button.Yes | Button.No, Button.No)
        if answer != Button.Yes:
            return
        try:
            opened = read_design(event.path, self.window.catalog)
        except InputError as exc:
            self.window.tell_error("Cannot reload", str(exc))
            return
        self.window.set_document(opened.design, opened.path, opened.text)

    # ------------------------------------------------------------------ recent files
    def settings(self) -> QSettings:
        return QSettings("ehrwb", "workbench")

    def recent_files(self) -> list[str]:
        return recent_from_setting(self.settings().value("recent", []))

    def remember(self, path: Path) -> None:
        recent = recent_after_opening(self.recent_files(), path, MAX_RECENT)
        self.settings().setValue("recent", recent)
        if self.recent_menu is not None:
            self.recent_menu.clear()
            for item in recent:
                action = self.recent_menu.addAction(item)
                action.triggered.connect(lambda _=False, p=item: self.open_path(p))

    # ------------------------------------------------------------------ export
    def export_dialog(self) -> None:
        name, _ = QFileDialog.getSaveFileName(self.window, "Export PDF", "", "PDF (*.pdf)")
        if name:
            self.export_pdf_to(Path(name))

    def export_pdf_to(self, target: Path) -> None:
        """Build the PDF off the GUI thread behind a progress dialog."""
        doc = self.session.doc
        assert doc is not None
        progress = QProgressDialog("Writing the design document...", "", 0, 0, self.window)
        progress.setCancelButton(None)
        progress.setMinimumDuration(300)
        job = ExportJob(snapshot(doc.design, with_layout=True), self.window.catalog, target)
        self._export_job = job  # Python keeps the job (see ExportJob)

        def finished(ok: bool, message: str) -> None:
            progress.close()
            self._status(message, 8000)
            if not ok:
                self.window.tell_error("Export failed", message)
            self.export_done = (ok, message)

        job.signals.finished.connect(finished)
        self.export_done = None
        QThreadPool.globalInstance().start(job)
