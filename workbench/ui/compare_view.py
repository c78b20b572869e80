"""The Compare view: the open design's base beside each variant it holds, the table
``ehrwb compare`` prints, the sentences that explain it and the findings each variant opens or
closes.

The comparison is ``validators.compare``'s, the same object the command line and the PDF
read. It never runs on the GUI thread: it follows live validation, whose report of the base is
the comparison's first candidate (so the base column is the Findings tab's check, not a second
one), and validates the variants on a worker of its own. Layout moves do not change what is
compared and start nothing; a result that arrives after a newer edit is dropped. It computes only
while the view is on screen, and again when it is shown after the design changed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QBoxLayout,
    QDockWidget,
    QHeaderView,
    QLabel,
    QSizePolicy,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from catalogs import Catalog
from catalogs.errors import InputError
from validators.compare import CandidateFigures, Comparison, candidates_of, compare, rows
from validators.report import Report

from ..model.design import Design
from ..model.document import Change, ChangeKind, snapshot
from .panels import DockPanel, DocumentContext
from .style import tooltip
from .widgets import scrolling

WORDS_BESIDE = 420  # the width the explanation needs beside the table
Key = tuple[int, dt.date | None]  # what a comparison is of: the edit generation, the date


def one_line(text: str) -> str:
    """The first line of a message (a located load error may list several problems)."""
    lines = [line for line in text.splitlines() if line.strip()]
    return lines[0] if lines else "the comparison failed"


class _Signals(QObject):
    done = Signal(object, object, object)  # key, Comparison or message, the design compared


class _Run(QRunnable):
    def __init__(self, key: Key, design: Design, base: Report, catalog: Catalog,
                 signals: _Signals) -> None:
        super().__init__()
        self.key, self.design, self.base, self.catalog = key, design, base, catalog
        self.signals = signals
        self.setAutoDelete(False)  # kept by the panel: see LiveValidation.runs
        self.finished = False

    def run(self) -> None:
        try:
            result: object = compare(candidates_of(self.design), self.catalog,
                                     self.base.as_of, first=self.base)
        except InputError as exc:  # a variant that no longer applies, located
            result = one_line(str(exc))
        except Exception as exc:  # said in one line, never a traceback in the window
            result = one_line(f"comparison failed: {type(exc).__name__}: {exc}")
        self.finished = True
        self.signals.done.emit(self.key, result, self.design)


# ---------------------------------------------------------------------------- the view
class CompareView(QWidget):
    """What is shown: a status line, the table, the explanation and the findings each
    variant opens and closes; all of it scrolls as one."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.status = QLabel("no design")
        self.status.setTextFormat(Qt.TextFormat.PlainText)  # names and messages from files
        self.status.setWordWrap(True)
        self.table = QTableWidget(0, 0)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.table.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.table.horizontalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.ResizeToContents)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.verticalHeader().setDefaultAlignment(
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self.table.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.table.setAlternatingRowColors(True)
        self.table.hide()
        self.explanation = QLabel()
        self.changes = QLabel()
        for label in (self.explanation, self.changes):
            label.setTextFormat(Qt.TextFormat.PlainText)
            label.setWordWrap(True)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            label.hide()
        words = QVBoxLayout()
        words.addWidget(self.explanation)
        words.addWidget(self.changes)
        words.addStretch(1)
        # the words beside the table when the view is wide (a bottom dock is wide and short),
        # under it when narrow
        self.body = QBoxLayout(QBoxLayout.Direction.TopToBottom)
        self.body.addWidget(self.table, 0, Qt.AlignmentFlag.AlignTop)
        self.body.addLayout(words, 1)
        content = QWidget()
        inner = QVBoxLayout(content)
        inner.addWidget(self.status)
        inner.addLayout(self.body)
        inner.addStretch(1)
        # the whole view scrolls, the table at its full size: a bottom dock is short
        self.scroll_area = scrolling(self, content)
        self.comparison: Comparison | None = None

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._arrange()

    def _arrange(self) -> None:
        beside = self.width() >= self.table.width() + WORDS_BESIDE
        direction = QBoxLayout.Direction.LeftToRight if beside else \
            QBoxLayout.Direction.TopToBottom
        if self.body.direction() != direction:
            self.body.setDirection(direction)

    # ---- what it shows -------------------------------------------------------------------
    def say(self, text: str) -> None:
        """Only a line of text: no variants, nothing to compare, or why it failed."""
        self.comparison = None
        self.status.setText(text)
        for widget in (self.table, self.explanation, self.changes):
            widget.hide()

    def computing(self, variants: int) -> None:
        """A comparison is on its way; what was shown stays until it comes."""
        self.status.setText(f"Comparing the base with {variants} variant"
                            f"{'s' * (variants != 1)}...")

    def show_comparison(self, comparison: Comparison, design: Design) -> None:
        self.comparison = comparison
        cs = comparison.candidates
        self.status.setText(f"The base beside {len(cs) - 1} variant{'s' * (len(cs) != 2)}, "
                            f"judged as of {comparison.as_of}")
        table = rows(comparison)
        self.table.clear()
        self.table.setColumnCount(len(cs))
        self.table.setRowCount(len(table))
        self.table.setHorizontalHeaderLabels([c.label for c in cs])
        self.table.setVerticalHeaderLabels([measure for measure, _ in table])
        described = {v.name: v for v in design.variants}
        for col, c in enumerate(cs):
            variant = described.get(c.label)
            about = f"{c.label}: {c.tenancy} database tier, fingerprint {c.fingerprint[:12]}"
            if variant is not None and variant.description:
                about += f"\n{variant.description}"
            header = self.table.horizontalHeaderItem(col)
            if header is not None:
                header.setToolTip(tooltip(about))
        for row, (measure, cells) in enumerate(table):
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                tip = _cell_tip(measure, cs[col])
                if tip:
                    item.setToolTip(tooltip(tip))
                self.table.setItem(row, col, item)
        self._fit_table()
        self.table.show()
        self.explanation.setText("\n".join(comparison.explanation))
        self.explanation.show()
        lines = []
        for c in cs[1:]:
            for what, items in (("opens", c.opened), ("closes", c.closed)):
                if items:
                    lines.append(f"{c.label} {what}: {'; '.join(items)}")
            if not c.opened and not c.closed:
                lines.append(f"{c.label} opens and closes no finding against the base")
        self.changes.setText("\n".join(lines))
        self.changes.setVisible(bool(lines))

    def _fit_table(self) -> None:
        """The table at the size of its contents: the view around it scrolls instead."""
        self.table.resizeColumnsToContents()
        self.table.resizeRowsToContents()
        frame = 2 * self.table.frameWidth()
        width = self.table.verticalHeader().sizeHint().width() + frame + sum(
            self.table.columnWidth(c) for c in range(self.table.columnCount()))
        height = self.table.horizontalHeader().sizeHint().height() + frame + sum(
            self.table.rowHeight(r) for r in range(self.table.rowCount()))
        self.table.setFixedSize(width, height)
        self._arrange()

    # ---- for tests and people reading it ---------------------------------------------------
    def columns(self) -> list[str]:
        return [self.table.horizontalHeaderItem(c).text()  # type: ignore[union-attr]
                for c in range(self.table.columnCount())]

    def row(self, measure: str) -> list[str]:
        """The cells of the row whose measure starts with ``measure``."""
        for r in range(self.table.rowCount()):
            head = self.table.verticalHeaderItem(r)
            if head is not None and head.text().startswith(measure):
                return [self.table.item(r, c).text()  # type: ignore[union-attr]
                        for c in range(self.table.columnCount())]
        raise KeyError(measure)


def _cell_tip(measure: str, c: CandidateFigures) -> str:
    """What stands behind a cell: how the ceiling was found, which findings moved."""
    if measure.startswith("ceiling"):
        return f"{c.label}: {c.ceiling.basis}"
    if measure.startswith("year demand"):
        return f"peak {c.peak_grefs:,.0f} GRefs/s in {c.base_year}, grown at the design's " \
            "annual growth"
    if measure.startswith("findings opened"):
        return "\n".join([f"opens {x}" for x in c.opened] + [f"closes {x}" for x in c.closed])
    if measure.startswith("errors"):
        return f"rules failing with errors: {', '.join(c.failing_rules)}" \
            if c.failing_rules else ""
    return ""


# ---------------------------------------------------------------------------- the panel
class CompareDock(DockPanel):
    """Follows the open design: its variants, its edits and live validation's report."""

    def __init__(self, dock: QDockWidget, view: CompareView, catalog: Catalog,
                 derive_text: Callable[[], str]) -> None:
        super().__init__(dock)
        self.view, self.catalog, self.derive_text = view, catalog, derive_text
        self.generation = 0  # every edit the comparison reads (not layout moves)
        self.base: Report | None = None  # live validation's report of this generation
        self.failure: str | None = None  # why live validation could not check it
        self.shown_key: Key | None = None  # what the view shows
        self.running_key: Key | None = None  # what the worker is comparing
        self.variants = 0  # how many the design held at the last refresh
        # a dock behind another's tab is moved off screen, not hidden: isVisible() stays true
        self.on_screen = False
        self.runs: list[_Run] = []
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(1)
        self._signals = _Signals(self)  # parented: see LiveValidation
        self._signals.done.connect(self._done)
        dock.visibilityChanged.connect(self._on_screen)

    def attach(self, context: DocumentContext) -> None:
        self.context = context
        self.generation += 1
        self.base, self.failure = context.live.report, None
        context.doc.subscribe(self._changed)
        context.live.updated.connect(self._report)
        context.live.failed.connect(self._failed)
        self.refresh()

    def detach(self) -> None:
        if self.context is not None:
            self.context.doc.unsubscribe(self._changed)
            self.context.live.updated.disconnect(self._report)
            self.context.live.failed.disconnect(self._failed)
            self.context = None
        self.generation += 1  # whatever still runs is stale now
        self.stop()

    def stop(self) -> None:
        """Let a running comparison finish (the window is closing or the design replaced):
        waited for from Python, so the worker can have the interpreter lock."""
        self.pool.clear()
        self.pool.waitForDone(-1)
        self.runs, self.running_key = [], None  # the pool holds none of them now

    def wait(self, msecs: int = 30_000) -> bool:
        """For tests: wait until the running comparison has finished."""
        return self.pool.waitForDone(msecs)

    # ---- what happens ------------------------------------------------------------------
    def _on_screen(self, visible: bool) -> None:
        self.on_screen = visible
        if visible:
            self.refresh()

    def _changed(self, change: Change) -> None:
        if change.kind == ChangeKind.LAYOUT:
            return  # positions are not compared
        held = len(self.context.doc.design.variants) if self.context is not None else 0
        if change.kind == ChangeKind.SECTION and "variants" in change.ids and \
                held > self.variants:
            self.dock.raise_()  # a variant was made (Design > Derive...): show how it compares
        self.generation += 1
        self.base, self.failure = None, None  # live validation checks again; this follows
        self.refresh()

    def _report(self, report: Report) -> None:
        self.base, self.failure = report, None
        self.refresh()

    def _failed(self, message: str) -> None:
        self.base, self.failure = None, f"Cannot compare: {one_line(message)}"
        self.refresh()

    def refresh(self) -> None:
        """Show what compares the design as it is now: the hint, or start a comparison when
        the view is on screen and live validation has checked the base."""
        if self.context is None:
            return
        design = self.context.doc.design
        self.variants = len(design.variants)
        if not design.variants:
            self.shown_key = None
            self.view.say(f"This design holds no variants. Design > {self.derive_text()} "
                          "adds one.")
            return
        if self.base is None:
            if self.failure is not None:  # the base cannot be analysed
                self.view.say(self.failure)
            else:
                self.view.computing(len(design.variants))  # the base is being checked
            return
        key = (self.generation, self.base.as_of)
        if key in (self.shown_key, self.running_key) or not self.on_screen:
            return
        self.running_key = key
        self.view.computing(len(design.variants))
        # the edit API replaces sections whole; the variants list is copied all the same
        copy = snapshot(design).model_copy(update={"variants": list(design.variants)})
        run = _Run(key, copy, self.base, self.catalog, self._signals)
        # keep every run Qt may still touch (see LiveValidation.run_now)
        done = [r for r in self.runs if r.finished]
        self.runs = [r for r in self.runs if not r.finished] + done[-1:] + [run]
        self.pool.start(run)

    def _done(self, key: Key, result: object, design: Design) -> None:
        if key == self.running_key:
            self.running_key = None
        current = (self.generation, self.base.as_of) if self.base is not None else None
        if key != current:
            self.refresh()  # an edit came after this run started: compare again
            return
        self.shown_key = key
        if isinstance(result, Comparison):
            self.view.show_comparison(result, design)
        else:
            self.view.say(f"Cannot compare: {result}")
