"""Live validation: after each edit the analysis runs again off the GUI thread.

Edits are debounced; each run works on a copy of the design taken on the GUI thread and
carries a generation number, so a result that arrives after a newer edit is dropped. Each
run reads the date afresh (waiver expiry and DR-test age are judged at it), and a window that
was left open past midnight checks again when it is next activated.
"""

from __future__ import annotations

import datetime as dt
import time

from PySide6.QtCore import QEvent, QObject, QRunnable, QThreadPool, QTimer, Signal
from PySide6.QtWidgets import QWidget

from catalogs import Catalog
from catalogs.errors import InputError
from validators.engine import validate
from validators.report import Report

from .. import clock
from ..model.design import Design
from ..model.document import Change, DesignDocument, snapshot

DEBOUNCE_MS = 40  # edits closer together (a burst of keys, a drag's end) are checked once
FIRST_MS = 300  # the first check of a design just opened starts once its canvas is painted,
# or this long after at the latest (a window not shown)


class _Signals(QObject):
    done = Signal(int, object, float)  # generation, Report or InputError, seconds


class _Run(QRunnable):
    def __init__(self, generation: int, design: Design, catalog: Catalog, as_of: dt.date,
                 signals: _Signals) -> None:
        super().__init__()
        self.generation, self.design, self.catalog, self.as_of = generation, design, catalog, as_of
        self.signals = signals
        # Python keeps the runnable (LiveValidation.runs); Qt deleting a Python-made
        # runnable after run() crashed the interpreter later
        self.setAutoDelete(False)

    finished = False

    def run(self) -> None:
        t0 = time.perf_counter()
        try:
            result: object = validate(self.design, self.catalog, as_of=self.as_of)
        except InputError as exc:
            result = exc
        except Exception as exc:
            result = InputError([])
            result.args = (f"analysis failed: {type(exc).__name__}: {exc}",)
        self.finished = True
        self.signals.done.emit(self.generation, result, time.perf_counter() - t0)


class LiveValidation(QObject):
    """Emits ``updated(report)`` with the newest report; ``failed(message)`` otherwise."""

    updated = Signal(object)
    failed = Signal(str)

    def __init__(self, doc: DesignDocument, catalog: Catalog,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.doc, self.catalog = doc, catalog
        self.as_of: dt.date | None = None  # the date the newest run was judged at
        self.generation = 0
        self.report: Report | None = None
        self.last_seconds = 0.0
        self.runs: list[_Run] = []
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(1)
        # parented, so that it dies with this object and a late result from the worker is
        # never delivered to a deleted receiver
        self._signals = _Signals(self)
        self._signals.done.connect(self._done)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEBOUNCE_MS)
        self._timer.timeout.connect(self.run_now)
        self._first = QTimer(self)
        self._first.setSingleShot(True)
        self._first.timeout.connect(self.run_now)
        doc.subscribe(self._changed)

    def run_after_paint(self, canvas: QWidget) -> None:
        """The first check of a design just opened, once ``canvas`` has been painted: started
        at once, the analysis of 10,000 components on the worker held the interpreter lock
        while the GUI thread drew the canvas for the first time (1.5 s later on screen)."""
        self._first.start(FIRST_MS)
        canvas.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            watched.removeEventFilter(self)
            if self._first.isActive():
                self._first.start(0)  # after this paint
        return False

    def detach(self) -> None:
        self.doc.unsubscribe(self._changed)
        self._timer.stop()
        self._first.stop()
        self.generation += 1  # whatever is still running is stale now
        self.pool.waitForDone(-1)  # without the interpreter lock: see CapacityView.stop

    def _changed(self, change: Change) -> None:
        self.generation += 1
        self._timer.start()

    def run_now(self) -> None:
        self._timer.stop()
        self._first.stop()
        design = snapshot(self.doc.design)  # the worker never sees later edits
        self.as_of = clock.today()  # asked at every run: a window may stay open for days
        run = _Run(self.generation, design, self.catalog, self.as_of, self._signals)
        # keep every run Qt may still touch: the pool uses a runnable just after run()
        # returns, so only runs that finished before the newest finished one are released
        done = [r for r in self.runs if r.finished]
        self.runs = [r for r in self.runs if not r.finished] + done[-1:] + [run]
        self.pool.start(run)

    def recheck_date(self) -> None:
        """Check again when the date has changed since the newest run (the window was left
        open past midnight): a waiver may have expired."""
        if self.as_of is not None and clock.today() != self.as_of:
            self.generation += 1
            self.run_now()

    def busy(self) -> bool:
        """Whether a check waits for its debounce or runs on the worker."""
        return self._timer.isActive() or self._first.isActive() \
            or self.pool.activeThreadCount() > 0

    def wait(self, msecs: int = 10_000) -> bool:
        """For tests and benchmarks: wait until the current run has finished (the first one
        started now if it waits for the canvas to be painted)."""
        if self._first.isActive():
            self.run_now()
        return self.pool.waitForDone(msecs)

    def _done(self, generation: int, result: object, seconds: float) -> None:
        if generation != self.generation:
            return  # an edit came after this run started
        self.last_seconds = seconds
        if isinstance(result, Report):
            self.report = result
            self.updated.emit(result)
        else:
            self.failed.emit(str(result) or str(getattr(result, "args", [""])[0]))
