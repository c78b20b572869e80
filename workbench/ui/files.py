"""The File menu's work: open, new, save, save as and export; autosave and crash recovery; a
file changed on disk; the recent files.

What to do is the document session's decision (``workbench.model.session``, no Qt); this
module supplies Qt's timer, file watcher, settings store and dialogs, and asks the user the
session's questions through the window (``MainWindow.ask``), which tests answer.

A save in several steps by another program (truncate and write, a temporary file renamed over
the design, two writes in a row) sends the file watcher several notices: they are gathered for
``DISK_SETTLE_MS`` and the file is compared once, so one change asks one question.
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
    Qt,
    QThreadPool,
    QTimer,
    QUrl,
)
from PySide6.QtGui import QDesktopServices
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
    export_file_name,
    read_design,
    recent_after_opening,
    recent_from_setting,
    recovery_dir,
)
from .commands import ReplaceDesign
from .export import ExportJob

if TYPE_CHECKING:
    from validators.propose import Proposal

    from .main_window import MainWindow
    from .propose_wizard import ProposeWizard

Button = QMessageBox.StandardButton
DESIGN_FILTER = "Designs (*.yaml *.yml *.pdf);;All files (*)"
DISK_SETTLE_MS = 250  # how long another program's save in several steps may take
EXPORT_FOLDER_KEY = "export/folder"  # where the last PDF went, for an untitled design's next


def recovery_store() -> RecoveryStore:
    """Recovery files where ``EHRWB_RECOVERY_DIR`` says, else in the platform's folder for
    the application's data."""
    app_data = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation)
    return RecoveryStore(recovery_dir(os.environ, app_data or None))


def recovery_file(path: Path | None) -> Path:
    """The recovery file of the design file ``path`` (None: of an untitled design)."""
    return recovery_store().file_for(path)


class Files(QObject):
    # how a PDF or folder is shown: the desktop's viewer (tests replace it, never opening one)
    open_url = staticmethod(QDesktopServices.openUrl)

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.session = Session(recovery_store())
        self.watcher = QFileSystemWatcher(self)
        self.watcher.fileChanged.connect(self._file_notice)
        self.watcher.directoryChanged.connect(self._folder_notice)
        self.disk_settle = QTimer(self)
        self.disk_settle.setSingleShot(True)
        self.disk_settle.setInterval(DISK_SETTLE_MS)
        self.disk_settle.timeout.connect(self._disk_settled)
        self._asking_disk = False
        self.autosave = QTimer(self)
        self.autosave.setInterval(int(1000 * autosave_seconds(os.environ)))
        self.autosave.timeout.connect(self.write_recovery)
        self.recent_menu: QMenu | None = None  # the menus fill it in
        self.export_done: tuple[bool, str] | None = None
        self.export_offer: QMessageBox | None = None  # "open the PDF?" after an export
        self._export_job: ExportJob | None = None
        self.propose_wizard: ProposeWizard | None = None  # File > New from requirements

    def _status(self, message: str, msecs: int) -> None:
        self.window.statusBar().showMessage(message, msecs)

    def document_set(self, path: Path | None) -> None:
        """A design was opened from ``path`` (None: untitled): watch it, list it as recent,
        autosave its changes."""
        self.disk_settle.stop()
        self._unwatch()
        if path is not None:
            self._watch(path)
            self.remember(path)
        self.autosave.start()

    def close(self) -> None:
        """The window closes, saved or discarded: nothing is left to recover, and the offer
        to open the last export closes with it (a box of its own, it kept the app running)."""
        self.session.forget_recovery()
        self.autosave.stop()
        if self.export_offer is not None:
            self.export_offer.close()

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

    def new_from_requirements(self) -> ProposeWizard:
        """File > New from requirements...: the wizard (window-modal, its fields kept from
        the last time it was shown); the proposal it finds opens as an untitled design."""
        from .propose_wizard import ProposeWizard  # the search's modules: when first asked

        if self.propose_wizard is None:
            self.propose_wizard = ProposeWizard(self.window.catalog, self.open_proposal,
                                                self.window)
        doc = self.session.doc
        self.propose_wizard.reopen(doc.design if doc is not None else None)
        return self.propose_wizard

    def open_proposal(self, proposal: Proposal) -> bool:
        """Open what the search proposed as unsaved work, its decisions in front; False when
        the user keeps the open design."""
        if proposal.design is None or not self.may_discard():
            return False
        self.window.set_document(proposal.design, None)
        self._untitled_unsaved()
        context = self.window.context
        assert context is not None
        said = proposal.summary()[0]
        self._status(said, 20000)

        def checked(_report: object) -> None:  # the first check's totals are not to hide it
            context.live.updated.disconnect(checked)
            self._status(said, 20000)

        context.live.updated.connect(checked)
        self.window.show_decisions()
        return True

    def new_empty(self) -> None:
        if self.close_design():
            self.offer_recovery(None)

    def close_design(self) -> bool:
        """File > Close: ask to save unsaved changes, then show an empty untitled design;
        False when the user cancels (the design stays open)."""
        if not self.may_discard():
            return False
        self.window.set_document(empty_design(), None)
        return True

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
        self._unwatch()  # our own write is no change on disk
        try:
            self.session.save(path)
        except SaveFailed as exc:  # a target that is not a design file is left as it is
            self.window.tell_error("Cannot save", str(exc))
            return False
        finally:
            if self.session.path is not None:
                self._watch(self.session.path)
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
    def _watch(self, path: Path) -> None:
        """Watch the design file and its folder: a program that renames a new file over the
        design drops the file's watch, and the folder's notice brings it back."""
        watched = {*self.watcher.files(), *self.watcher.directories()}
        wanted = [str(p) for p in (path, path.parent) if str(p) not in watched and p.exists()]
        if wanted:
            self.watcher.addPaths(wanted)

    def _unwatch(self) -> None:
        watched = [*self.watcher.files(), *self.watcher.directories()]
        if watched:
            self.watcher.removePaths(watched)

    def _file_notice(self, name: str) -> None:
        if self.session.path is not None and Path(name) == self.session.path:
            self.disk_settle.start()  # (again): the other program may not be done

    def _folder_notice(self, folder: str) -> None:
        path = self.session.path
        if path is not None and Path(folder) == path.parent \
                and str(path) not in self.watcher.files():
            self.disk_settle.start()  # the design's file is back, or went

    def _disk_settled(self) -> None:
        if self.session.path is not None:
            self.changed_on_disk(str(self.session.path))

    def changed_on_disk(self, name: str) -> None:
        """Look at the file ``name`` now; ask once whether to reload it when its text is new
        (not while that question is open: the answer covers what is written meanwhile)."""
        event = self.session.disk_event(name)
        if event.change is DiskChange.OTHER_FILE or event.path is None:
            return
        self._watch(event.path)  # programs that replace files drop the watch
        if event.change is DiskChange.REMOVED:
            self._status(f"{event.path} was removed from disk", 8000)
            return
        if event.change is not DiskChange.CHANGED or self._asking_disk:
            return
        self._asking_disk = True
        try:
            answer = self.window.ask("Changed on disk",
                                     event.reload_question(self.window.modified),
                                     Button.Yes | Button.No, Button.No)
        finally:
            self._asking_disk = False
        if answer != Button.Yes:
            self.session.disk_answered()
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
    def proposed_export_path(self) -> str:
        """``<design>-<revision>.pdf`` in the design file's folder; for an untitled design in
        the folder of the last export (just the name the first time)."""
        doc = self.session.doc
        assert doc is not None
        name = export_file_name(doc.design, doc.path)
        folder = os.path.dirname(os.path.abspath(doc.path)) if doc.path is not None \
            else str(self.settings().value(EXPORT_FOLDER_KEY, "") or "")
        return str(Path(folder) / name) if folder else name

    def export_dialog(self) -> None:
        if self.session.doc is None:
            return
        name, _ = QFileDialog.getSaveFileName(self.window, "Export PDF",
                                              self.proposed_export_path(), "PDF (*.pdf)")
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
            else:
                self.settings().setValue(EXPORT_FOLDER_KEY, str(target.parent))
                self.offer_to_open(target)
            self.export_done = (ok, message)

        job.signals.finished.connect(finished)
        self.export_done = None
        QThreadPool.globalInstance().start(job)

    def offer_to_open(self, pdf: Path) -> QMessageBox:
        """After an export: Open PDF / Show in folder / Close, in a box that does not hold up
        the window (the person may go on working and answer later)."""
        if self.export_offer is not None:
            self.export_offer.close()
        box = QMessageBox(QMessageBox.Icon.Information, "Export finished",
                          f"Exported {pdf.name}\nin the folder {pdf.parent}", Button.NoButton,
                          self.window)
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.setWindowModality(Qt.WindowModality.NonModal)
        open_pdf = box.addButton("Open PDF", QMessageBox.ButtonRole.AcceptRole)
        show_folder = box.addButton("Show in folder", QMessageBox.ButtonRole.ActionRole)
        box.setEscapeButton(box.addButton(Button.Close))
        box.setDefaultButton(open_pdf)

        def chosen(button: object) -> None:
            if button is open_pdf:
                self.open_url(QUrl.fromLocalFile(str(pdf)))
            elif button is show_folder:
                self.open_url(QUrl.fromLocalFile(str(pdf.parent)))

        def gone() -> None:
            if self.export_offer is box:
                self.export_offer = None
            box.deleteLater()

        box.buttonClicked.connect(chosen)
        box.finished.connect(gone)
        self.export_offer = box
        box.show()
        return box
