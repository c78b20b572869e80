"""Changes since approval: the plan of what changed since the approved revision (or any file or
git revision), listed with its effect and marked on the canvas.

The plan is ``validators.plan``'s, the object ``ehrwb diff`` and the PDF's "Changes since the
approved revision" print. Finding the approved revision (the saved file, or the file's git
history searched for the last approval's fingerprint) and the analysis never run on the GUI
thread: a worker computes, the result comes by signal, and a result for an older edit is
dropped and computed again. Once open, the plan follows the design's edits until Clear
highlight.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QDockWidget,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from catalogs import Catalog
from validators.plan import Plan, finding_line, make_plan

from .. import clock
from ..model.canonical import approval_matches
from ..model.design import Design
from ..model.diff import MARK
from ..model.document import Change, ChangeKind, snapshot
from .approved_revision import (
    NotAvailable,
    Revision,
    approved_revision,
    given_revision,
    last_approval,
)
from .marks import GhostPlace, Overlay, ghost_rect
from .panels import DockPanel, DocumentContext
from .widgets import with_browse

ON_CANVAS = ("component", "site", "link", "region", "zone")  # kinds the canvas draws
ROLE = Qt.ItemDataRole.UserRole
COMPARE_TEXT = "Compare with file or git revision..."


@dataclass(frozen=True)
class Source:
    """What the design is compared with: its last approval's revision, or a given one."""

    spec: str | None = None  # None: the approved revision

    def words(self) -> str:
        return "the approved revision" if self.spec is None else self.spec


class _Signals(QObject):
    done = Signal(int, object, object)  # generation, Plan or message, Revision or None


class _Run(QRunnable):
    def __init__(self, generation: int, source: Source, old: Revision | None, design: Design,
                 path: Path | None, catalog: Catalog, as_of: dt.date,
                 signals: _Signals) -> None:
        super().__init__()
        self.generation, self.source, self.old, self.design = generation, source, old, design
        self.path, self.catalog, self.as_of, self.signals = path, catalog, as_of, signals
        self.setAutoDelete(False)  # kept by the panel: see LiveValidation.runs
        self.finished = False

    def run(self) -> None:
        old = self.old
        try:
            if old is None:
                old = self._revision()
            result: object = make_plan(old.design, self.design, self.catalog, self.as_of,
                                       labels=(old.label, "this design"))
        except NotAvailable as exc:
            result = str(exc)
        except Exception as exc:  # one line in the panel, never a traceback in the window
            result = f"the plan failed: {type(exc).__name__}: {exc}"
        self.finished = True
        self.signals.done.emit(self.generation, result, old)

    def _revision(self) -> Revision:
        if self.source.spec is not None:
            return given_revision(self.source.spec, self.path, self.catalog)
        approval = last_approval(self.design)
        if approval is None:
            raise NotAvailable("the design records no approval")
        return approved_revision(approval, self.path, self.catalog)


class RevisionDialog(QDialog):
    """Asks for what to compare with: a design file, a workbench PDF or REV:PATH."""

    def __init__(self, folder: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Compare with file or git revision")
        self.folder = folder
        self.spec = QLineEdit(placeholderText="design.yaml, design.pdf or HEAD~1:design.yaml")
        row = with_browse(self.spec, "revision", self._browse)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("A design file, a PDF exported by ehrwb, or a git revision "
                                "REV:PATH (PATH beside the open design)"))
        layout.addLayout(row)
        layout.addWidget(buttons)
        self.resize(520, self.sizeHint().height())

    def _browse(self) -> None:
        name, _ = QFileDialog.getOpenFileName(self, "Compare with", self.folder,
                                              "Designs (*.yaml *.yml *.pdf);;All files (*)")
        if name:
            self.spec.setText(name)


# ---------------------------------------------------------------------------- the view
class ChangesView(QWidget):
    """A status line, the changes grouped as the plan groups them, and beside them the
    effect and the findings opened and closed."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.status = QLabel("Review > Changes since approval compares the design with its "
                             "approved revision.")
        self.status.setTextFormat(Qt.TextFormat.PlainText)  # names and messages from files
        self.status.setWordWrap(True)
        self.compare_button = QPushButton(COMPARE_TEXT)
        self.clear_button = QPushButton("Clear highlight")
        self.clear_button.setEnabled(False)
        self.changes = QTreeWidget()
        self.changes.setHeaderLabels(["Change", "Old", "New"])
        self.effect = QTreeWidget()
        self.effect.setHeaderLabels(["Effect", "Old", "New"])
        for tree in (self.changes, self.effect):
            tree.setAlternatingRowColors(True)
            tree.setUniformRowHeights(True)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self.changes)
        split.addWidget(self.effect)
        split.setSizes([560, 560])
        top = QHBoxLayout()
        top.addWidget(self.status, 1)
        top.addWidget(self.compare_button)
        top.addWidget(self.clear_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(top)
        layout.addWidget(split, 1)
        self.plan: Plan | None = None

    def say(self, text: str) -> None:
        """One line instead of a plan (nothing compared, or why not)."""
        self.plan = None
        self.status.setText(text)
        self.changes.clear()
        self.effect.clear()

    def show_plan(self, plan: Plan, about: str) -> None:
        self.plan = plan
        self.status.setText(f"{about}: {plan.summary()}")
        self.changes.clear()
        self.effect.clear()
        for group, changes in plan.diff.grouped():
            head = QTreeWidgetItem(self.changes, [f"{group.capitalize()} ({len(changes)})"])
            _bold(head)
            for c in changes:
                title = f"{c.change} {c.title}" + (f": {c.summary}" if c.summary else "")
                row = QTreeWidgetItem(head, [f"{MARK[c.change]} {title}"])
                row.setToolTip(0, title)
                if c.kind in ON_CANVAS:
                    row.setData(0, ROLE, [c.id])
                for f in c.fields:
                    sub = QTreeWidgetItem(row, [f.field, f.old_text, f.new_text])
                    sub.setData(0, ROLE, row.data(0, ROLE))
                    for col, text in enumerate((f.field, f.old_text, f.new_text)):
                        sub.setToolTip(col, text)
        others = plan.diff.not_counted()
        if others:
            head = QTreeWidgetItem(self.changes, ["Not design changes (not counted)"])
            for line in others:
                QTreeWidgetItem(head, [line])
        rows = plan.effect_rows()
        if rows:
            head = QTreeWidgetItem(self.effect, ["Effect (* the change moves it)"])
            _bold(head)
            for r in rows:
                item = QTreeWidgetItem(head, [f"{'* ' if r.moved else ''}{r.measure}", r.old,
                                              r.new])
                if r.moved:
                    _bold(item)
                for col, text in enumerate((r.measure, r.old, r.new)):
                    item.setToolTip(col, text)
        if not plan.same:
            for title, found in (("Findings opened", plan.opened),
                                 ("Findings closed", plan.closed)):
                head = QTreeWidgetItem(self.effect, [f"{title} ({len(found)})"])
                _bold(head)
                for finding in found:
                    item = QTreeWidgetItem(head, [finding_line(finding)])
                    item.setToolTip(0, finding_line(finding))
                    item.setData(0, ROLE, list(finding.targets))
                    item.setFirstColumnSpanned(True)
        for tree in (self.changes, self.effect):
            tree.expandAll()
            for col in range(3):
                tree.resizeColumnToContents(col)

    # ---- for tests and people reading it ---------------------------------------------------
    def listed(self) -> dict[str, list[str]]:
        """{group line: [change lines]} as shown."""
        out = {}
        for i in range(self.changes.topLevelItemCount()):
            head = self.changes.topLevelItem(i)
            assert head is not None
            out[head.text(0)] = [_child(head, j).text(0) for j in range(head.childCount())]
        return out

    def effect_row(self, measure: str) -> tuple[str, str]:
        """(old, new) of the effect row naming ``measure``."""
        head = self.effect.topLevelItem(0)
        for j in range(head.childCount() if head else 0):
            assert head is not None
            item = _child(head, j)
            if item.text(0).lstrip("* ").startswith(measure):
                return item.text(1), item.text(2)
        raise KeyError(measure)


def _child(item: QTreeWidgetItem, n: int) -> QTreeWidgetItem:
    child = item.child(n)
    assert child is not None
    return child


def _bold(item: QTreeWidgetItem) -> None:
    font = QFont(item.font(0))
    font.setBold(True)
    item.setFont(0, font)


# ---------------------------------------------------------------------------- the panel
class ChangesDock(DockPanel):
    """Follows the open design while a comparison is open: computes the plan on a worker,
    shows it and marks it on the canvas; choosing a change selects its element."""

    def __init__(self, dock: QDockWidget, view: ChangesView, catalog: Catalog) -> None:
        super().__init__(dock)
        self.view, self.catalog = view, catalog
        self.source: Source | None = None  # None: nothing compared
        self.old: Revision | None = None  # the revision found for the source
        self.generation = 0
        self.running: int | None = None
        self.overlay: Overlay | None = None
        self.runs: list[_Run] = []
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(1)
        self._signals = _Signals(self)  # parented: see LiveValidation
        self._signals.done.connect(self._done)
        view.compare_button.clicked.connect(self.ask_revision)
        view.clear_button.clicked.connect(self.clear)
        view.changes.itemSelectionChanged.connect(lambda: self._chosen(view.changes))
        view.effect.itemSelectionChanged.connect(lambda: self._chosen(view.effect))

    def attach(self, context: DocumentContext) -> None:
        self.context = context
        self.overlay = Overlay(context.scene)
        self.source, self.old = None, None
        self.generation += 1
        self.view.say("Review > Changes since approval compares the design with its approved "
                      "revision.")
        self.view.clear_button.setEnabled(False)
        context.doc.subscribe(self._changed)
        approval = last_approval(context.doc.design)
        if context.read_only and approval is not None and \
                not approval_matches(context.doc.design, approval):
            self.since_approval()  # a reviewer opens a changed design: show what changed

    def detach(self) -> None:
        if self.context is not None:
            self.context.doc.unsubscribe(self._changed)
            self.context = None
        self.generation += 1
        self.stop()
        self.overlay = None  # its items went with the scene

    def stop(self) -> None:
        """Let a running plan finish (the window closes or the design is replaced)."""
        self.pool.clear()
        self.pool.waitForDone(-1)
        self.runs, self.running = [], None

    def wait(self, msecs: int = 60_000) -> bool:
        """For tests: wait until the running plan has finished."""
        return self.pool.waitForDone(msecs)

    # ---- what the menus do -----------------------------------------------------------------
    def since_approval(self) -> None:
        self._start(Source())

    def compare_with(self, spec: str) -> None:
        if spec.strip():
            self._start(Source(spec.strip()))

    def ask_revision(self) -> None:
        folder = str(self.context.doc.path.parent) if self.context is not None and \
            self.context.doc.path is not None else ""
        dialog = RevisionDialog(folder, self.dock.window())
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.compare_with(dialog.spec.text())

    def clear(self) -> None:
        """No comparison: the marks go, the list says how to start one."""
        self.source, self.old = None, None
        self.generation += 1
        if self.overlay is not None:
            self.overlay.clear()
        self.view.say("Highlight cleared. Review > Changes since approval compares again.")
        self.view.clear_button.setEnabled(False)

    def _start(self, source: Source) -> None:
        if self.context is None:
            return
        self.source, self.old = source, None
        self.dock.show()
        self.dock.raise_()
        self.view.clear_button.setEnabled(True)
        self._refresh()

    # ---- what happens ----------------------------------------------------------------------
    def _changed(self, change: Change) -> None:
        if self.source is None:
            return
        if change.kind == ChangeKind.LAYOUT:
            self._draw()  # a ghost's link follows its ends; marks stay on their items
            return
        if self.source.spec is None and "reviews" in change.ids:
            self.old = None  # another approval may name another revision
        self.generation += 1
        self._draw()  # the items were replaced: mark them again with what is known
        self._refresh()

    def _refresh(self) -> None:
        if self.context is None or self.source is None or self.running == self.generation:
            return
        self.running = self.generation
        self.view.status.setText(f"Comparing with {self.source.words()}...")
        report = self.context.live.report
        as_of = report.as_of if report is not None and report.as_of else clock.today()
        doc = self.context.doc
        # with its layout: the plan says which boxes moved (not counted as changes)
        design = snapshot(doc.design, with_layout=True)
        run = _Run(self.generation, self.source, self.old, design, doc.path, self.catalog,
                   as_of, self._signals)
        done = [r for r in self.runs if r.finished]
        self.runs = [r for r in self.runs if not r.finished] + done[-1:] + [run]
        self.pool.start(run)

    def _done(self, generation: int, result: object, old: object) -> None:
        if generation == self.running:
            self.running = None
        if generation != self.generation or self.source is None:
            self._refresh()  # an edit came after this run started: plan again
            return
        if not isinstance(result, Plan):
            self.view.say(f"Cannot compare with {self.source.words()}: {result}. "
                          f"{COMPARE_TEXT.rstrip('.')} names another one.")
            if self.overlay is not None:
                self.overlay.clear()
            return
        assert isinstance(old, Revision)
        self.old = old
        self.view.show_plan(result, self._about(old))
        self._draw()

    def _about(self, old: Revision) -> str:
        if self.source is not None and self.source.spec is None and self.context is not None:
            approval = last_approval(self.context.doc.design)
            if approval is not None:
                return (f"Since the approval by {approval.reviewer} on "
                        f"{approval.date.date().isoformat()} ({old.label})")
        return f"Since {old.label}"

    def _draw(self) -> None:
        plan = self.view.plan
        if self.overlay is None or plan is None:
            return
        changed: dict[str, str] = {c.id: c.change for c in plan.diff.changes
                   if c.kind in ON_CANVAS and c.change != "removed"}
        removed = [self._place(c.kind, c.id, plan.old_design) for c in plan.diff.changes
                   if c.kind in ON_CANVAS and c.change == "removed"]
        self.overlay.draw_changes(changed, [p for p in removed if p is not None])

    @staticmethod
    def _place(kind: str, eid: str, old: Design | None) -> GhostPlace | None:
        """Where a removed element was in the old revision's layout."""
        if old is None:
            return None
        positions = old.layout.positions
        if kind == "link":
            link = next((x for x in old.links if x.id == eid), None)
            return GhostPlace(eid, kind, ends=(link.from_, link.to)) if link else None
        pos = positions.get(eid)
        if pos is None:
            return None
        return GhostPlace(eid, kind, rect=ghost_rect(pos.x, pos.y, pos.w, pos.h))

    def _chosen(self, tree: QTreeWidget) -> None:
        items = tree.selectedItems()
        if not items or self.context is None:
            return
        ids = items[0].data(0, ROLE) or []
        ghosts = self.overlay.ghosts if self.overlay is not None else {}
        present = [i for i in ids if self.overlay is not None and
                   self.overlay.item_of(i) is not None]
        if present:
            self.context.scene.select_ids(present)
            self.context.view.centre_on_ids(present)
        elif ids and ids[0] in ghosts:
            self.context.scene.clearSelection()
            self.context.view.centerOn(ghosts[ids[0]].centre())

    # ---- for tests -------------------------------------------------------------------------
    def marked(self) -> dict[str, str]:
        """{element id: 'added' | 'changed' | 'removed'} as marked on the canvas now."""
        from .marks import marks_on

        out: dict[str, str] = {}
        if self.overlay is None:
            return out
        s = self.overlay.scene
        for eid, item in [*s.nodes.items(), *s.link_items.items(), *s.containers.items()]:
            for kind in marks_on(item):
                if kind != "comment":
                    out[eid] = kind
        out.update(dict.fromkeys(self.overlay.ghosts, "removed"))
        return out
