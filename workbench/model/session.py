"""The open design's life as a file: opening, saving, autosave and crash recovery, changes made
on disk by someone else, and the recent-files list (no Qt).

The window asks this module what to do and asks the user only the questions it returns; Qt
supplies the timer, the file watcher and the settings store. The rules kept here:

- a design is saved atomically over a design only (``workbench.model.io``), the previous
  version kept as ``FILE.bak``;
- while a design has unsaved changes, its canonical text is written every few seconds to a
  recovery file named after its path (one for every untitled design), never over the file;
- a recovery file is offered back when that file (or an untitled design) is opened again; it
  is deleted once offered and declined, or once the design is saved, and only by a session
  that wrote or offered it (another window's crash leaves one this session must not take);
- a file changed on disk is offered for reloading only when its text differs from what this
  session last read or wrote, and from the text the user last answered the question about;
- an exported PDF is named after the design file (or the design's name) and its revision.
"""

from __future__ import annotations

import hashlib
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from enum import Enum
from pathlib import Path

from catalogs import Catalog
from catalogs.errors import InputError

from .canonical import dump_design
from .design import Design, Reviews
from .document import DesignDocument
from .io import PDF_MAGIC, load_design, loads_design, save_design, write_text_atomic

AUTOSAVE_SECONDS = 15.0  # EHRWB_AUTOSAVE_SECONDS overrides it
MIN_AUTOSAVE_SECONDS = 0.05
MAX_AUTOSAVE_SECONDS = 24 * 3600.0
MAX_RECENT = 8
UNTITLED = "untitled"


def autosave_seconds(environ: Mapping[str, str]) -> float:
    """How often unsaved changes are written to the recovery file."""
    try:
        seconds = float(environ.get("EHRWB_AUTOSAVE_SECONDS", AUTOSAVE_SECONDS))
    except ValueError:
        return AUTOSAVE_SECONDS
    if math.isnan(seconds):
        return AUTOSAVE_SECONDS
    return min(MAX_AUTOSAVE_SECONDS, max(MIN_AUTOSAVE_SECONDS, seconds))


def recovery_dir(environ: Mapping[str, str], app_data: str | None) -> Path:
    """Where recovery files live: ``$EHRWB_RECOVERY_DIR/recovery``, else ``recovery`` in the
    application's data folder (``app_data``, from the platform), else in ``~/.ehrwb``."""
    base = environ.get("EHRWB_RECOVERY_DIR") or app_data
    return Path(base or Path.home() / ".ehrwb") / "recovery"


class RecoveryStore:
    """One recovery file per design file, named by a hash of its absolute path; one for
    untitled designs."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def file_for(self, path: Path | None) -> Path:
        key = hashlib.sha1(str(path.resolve() if path else UNTITLED).encode()).hexdigest()[:16]
        return self.folder / f"{key}.yaml"

    def write(self, path: Path | None, text: str) -> Path:
        target = self.file_for(path)
        self.folder.mkdir(parents=True, exist_ok=True)
        write_text_atomic(target, text, keep_backup=False)
        return target

    def read(self, path: Path | None) -> str | None:
        """The recovery file's text; None when there is none or it cannot be read."""
        try:
            return self.file_for(path).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            return None

    def remove(self, path: Path | None) -> None:
        self.file_for(path).unlink(missing_ok=True)


@dataclass(frozen=True)
class Opened:
    """A design read from a file. ``path`` is None for the design attached to an exported PDF
    (it is never saved over the PDF); ``text`` is the file as read, None then too."""

    design: Design
    path: Path | None
    text: str | None
    note: str | None = None  # what to tell the user about where the design came from


def read_design(path: Path, catalog: Catalog) -> Opened:
    """Open a design file, or the design attached to a PDF. Raises InputError with the
    located message."""
    loaded = load_design(path, catalog)
    raw = path.read_bytes()
    if raw.startswith(PDF_MAGIC):
        return Opened(loaded.design, None, None, f"opened the design attached to {path.name}")
    return Opened(loaded.design, path, _as_read(raw))


def _as_read(raw: bytes) -> str:
    """The text as Python reads a text file (BOM dropped, any line ending read as \\n): what
    is compared with the file when it changes on disk."""
    return raw.decode("utf-8-sig").replace("\r\n", "\n").replace("\r", "\n")


def empty_design() -> Design:
    return Design.model_validate({
        "metadata": {"name": "Untitled design", "status": "draft"},
        "requirements": {"peak_grefs_per_s": 1_000_000, "concurrent_users": 1000,
                         "odb_size_tb": 1}})


def design_from_template(template: Path, catalog: Catalog) -> Design:
    """A new design from a sample: its reviews are the sample's, not the new design's."""
    design = load_design(template, catalog).design
    return design.model_copy(update={"reviews": Reviews()})


@dataclass(frozen=True)
class RecoveryOffer:
    """Unsaved changes a session that did not end cleanly left for ``path`` (None: an untitled
    design)."""

    path: Path | None
    text: str

    @property
    def question(self) -> str:
        what = f"{self.path.name} has" if self.path is not None else "An untitled design has"
        return (f"{what} unsaved changes from a session that did not end cleanly. "
                "Restore them?")


class DiskChange(Enum):
    """What a change to a watched file means for the open design."""

    OTHER_FILE = "other"  # not the open design's file: nothing to do
    REMOVED = "removed"  # tell the user; the design stays open, unsaved
    SAME_TEXT = "same"  # our own save, or a touch: nothing to do
    ANSWERED = "answered"  # the user was asked about this very text and kept the design open
    CHANGED = "changed"  # ask whether to reload


@dataclass(frozen=True)
class DiskEvent:
    change: DiskChange
    path: Path | None = None
    text: str | None = None  # the file's text now (CHANGED; None when it is not text)

    def reload_question(self, modified: bool) -> str:
        name = self.path.name if self.path is not None else ""
        return (f"{name} was changed outside the workbench. Reload it"
                + (" and lose your unsaved changes?" if modified else "?"))


class SaveFailed(Exception):
    """The design could not be written; the message says why, and the file is as it was."""


class Session:
    """The open design, where its file is, the text last read from or written to it, and the
    recovery files this session may delete."""

    def __init__(self, recovery: RecoveryStore) -> None:
        self.recovery = recovery
        self.doc: DesignDocument | None = None
        self.saved_text = ""
        # the file's text when the user last answered "reload?": asked once, not again
        self.answered_text: str | None = None
        self.owned: set[Path] = set()  # recovery files written or offered here

    @property
    def path(self) -> Path | None:
        return self.doc.path if self.doc is not None else None

    def start(self, design: Design, path: Path | None, text: str | None = None) -> DesignDocument:
        """A new document for ``design`` read from ``path`` (None: untitled) as ``text``."""
        self.doc = DesignDocument(design, path)
        self.saved_text = text if text is not None else dump_design(design)
        self.answered_text = None
        return self.doc

    # ---------------------------------------------------------------- saving
    def save(self, path: Path) -> None:
        """Write the design to ``path`` (atomically, the previous file kept as FILE.bak); it
        becomes the document's file. Raises SaveFailed."""
        assert self.doc is not None
        try:
            save_design(self.doc.design, path)
        except InputError as exc:
            raise SaveFailed(str(exc)) from exc
        except OSError as exc:
            raise SaveFailed(f"{path}: {exc.strerror or exc}") from exc
        self.recovery.remove(self.doc.path)
        self.recovery.remove(path)
        self.doc.path = path
        self.saved_text = dump_design(self.doc.design)
        self.answered_text = None

    # ---------------------------------------------------------------- recovery
    def autosave(self, modified: bool) -> Path | None:
        """Write unsaved changes to the recovery file (never over the design's own file);
        None when there is nothing unsaved. Raises OSError when it cannot be written."""
        if self.doc is None or not modified:
            return None
        target = self.recovery.write(self.doc.path, dump_design(self.doc.design))
        self.owned.add(target)
        return target

    def recovery_offer(self, path: Path | None) -> RecoveryOffer | None:
        """What a session that did not end cleanly left for ``path``, to be offered; None when
        there is nothing (a recovery file equal to the file just opened is deleted)."""
        text = self.recovery.read(path)
        if text is None:
            return None
        self.owned.add(self.recovery.file_for(path))
        if path is not None and text == self.saved_text:
            self.recovery.remove(path)
            return None
        return RecoveryOffer(path, text)

    def decline(self, offer: RecoveryOffer) -> None:
        self.recovery.remove(offer.path)

    def recovered_design(self, offer: RecoveryOffer, catalog: Catalog) -> Design:
        """The design the offer restores. Raises InputError (the file is kept)."""
        name = str(self.recovery.file_for(offer.path))
        return loads_design(offer.text, name, catalog).design

    def forget_recovery(self) -> None:
        """The open design's changes were discarded (or never made): its recovery file goes
        too, when this session wrote or offered it."""
        if self.doc is None:
            return
        target = self.recovery.file_for(self.doc.path)
        if target in self.owned:
            target.unlink(missing_ok=True)
            self.owned.discard(target)

    # ---------------------------------------------------------------- outside changes
    def disk_event(self, name: str) -> DiskEvent:
        """What the change a file watcher reported on ``name`` means."""
        path = self.path
        if path is None or Path(name) != path:
            return DiskEvent(DiskChange.OTHER_FILE)
        try:
            raw = path.read_bytes()
        except FileNotFoundError:
            return DiskEvent(DiskChange.REMOVED, path)
        except OSError:
            return DiskEvent(DiskChange.CHANGED, path)
        try:
            text: str | None = _as_read(raw)
        except UnicodeDecodeError:
            text = None
        if text == self.saved_text:
            return DiskEvent(DiskChange.SAME_TEXT, path, text)
        if text is not None and text == self.answered_text:
            return DiskEvent(DiskChange.ANSWERED, path, text)
        return DiskEvent(DiskChange.CHANGED, path, text)

    def disk_answered(self) -> None:
        """The user kept the open design when asked to reload its file: the file as it is now
        (with whatever was written while the question was open) is not asked about again; a
        later change is."""
        event = self.disk_event(str(self.path))
        if event.change in (DiskChange.CHANGED, DiskChange.ANSWERED):
            self.answered_text = event.text


def export_file_name(design: Design, path: Path | None) -> str:
    """The name proposed for the design's PDF: ``<design>-<revision>.pdf``, the design being
    the file's stem (a slug of the design's name while it is untitled); no revision, no
    suffix."""
    stem = path.stem if path is not None else _file_slug(design.metadata.name).lower()
    revision = _file_slug(design.metadata.revision or "")
    return f"{stem or 'design'}{'-' + revision if revision else ''}.pdf"


def _file_slug(text: str) -> str:
    """``text`` as a part of a file name: letters, digits, dots, dashes and underscores."""
    return re.sub(r"[^\w.]+", "-", text).strip("-.")


def recent_after_opening(recent: list[str], path: Path, limit: int = MAX_RECENT) -> list[str]:
    """The recent-files list once ``path`` was opened or saved: it first, no duplicate, at most
    ``limit``."""
    opened = str(path.resolve())
    return [opened, *(p for p in recent if p != opened)][:limit]


def recent_from_setting(value: object) -> list[str]:
    """The list a settings store gave back: a list, a single string, or nothing."""
    items = value if isinstance(value, list) else [value]
    return [str(v) for v in items if v]
