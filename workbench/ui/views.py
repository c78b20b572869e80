"""The capacity and resilience view, and the what-if scenarios table.

Charts are the PDF's own (exports.charts: matplotlib Figures drawn with Agg). They are drawn
on a worker thread, only while the view is on screen, and shown as images when ready:
drawing them on the GUI thread cost about 200 ms a time.
"""

from __future__ import annotations

import math
from html import escape

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, Signal
from PySide6.QtGui import QPixmap, QShowEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from exports import charts
from validators.report import Report
from workbench.analysis.scenarios import Scenario
from workbench.model import units
from workbench.model.severity import COLOURS
from workbench.ui.widgets import scrolling


class _ChartSignals(QObject):
    done = Signal(int, list)


class _ChartJob(QRunnable):
    def __init__(self, generation: int, analysis: object, signals: _ChartSignals) -> None:
        super().__init__()
        self.generation, self.analysis, self.signals = generation, analysis, signals
        self.setAutoDelete(False)  # kept by the view: see LiveValidation.runs

    def run(self) -> None:
        images = [charts.png_bytes(charts.utilization_figure(self.analysis), 90),  # type: ignore[arg-type]
                  charts.png_bytes(charts.runway_figure(self.analysis), 90)]  # type: ignore[arg-type]
        self.signals.done.emit(self.generation, images)


class CapacityView(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.summary = QLabel("analysing...")
        self.summary.setWordWrap(False)  # a rich-text table: word wrap misjudged its height
        # never squeezed below its text: the scroll area scrolls instead
        self.summary.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self.summary.setTextFormat(Qt.TextFormat.RichText)  # every file-borne text escaped
        self.charts = QHBoxLayout()
        self.charts.addStretch(1)
        # the charts scroll: their images must not set the window's minimum height
        content = QWidget()
        inner = QVBoxLayout(content)
        inner.addWidget(self.summary)
        inner.addLayout(self.charts)
        inner.addStretch(1)
        self.scroll_area = scrolling(self, content)
        self.canvases: list[QLabel] = []
        self.report: Report | None = None
        self._stale = False
        self._stopped = False
        self._generation = 0
        self._jobs: list[_ChartJob] = []
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._signals = _ChartSignals(self)
        self._signals.done.connect(self._show_charts)

    def show_report(self, report: Report, scenario: Scenario | None = None) -> None:
        self.report = report
        a = report.analysis
        path = a.availability
        req = a.design.requirements
        dedicated = report.metrics.get("dedicated_instances", 0)
        shared = report.metrics.get("shared_instances", 0)
        db_members = [a.facts.components[c] for c in a.capacity.tiers["database"].components]
        db_on = "dedicated" if db_members and all(
            a.facts.sku(c).tenancy == "dedicated" for c in db_members) else "shared"
        rows = []
        for t in a.capacity.tiers.values():
            util = "no capacity" if math.isinf(t.utilization_pct) else f"{t.utilization_pct:.1f} %"
            cap = f"{t.judged:,.0f}" if t.judged == (t.high or t.capacity) else \
                f"{t.judged:,.0f} (expected {t.capacity:,.0f}, high {t.high or t.capacity:,.0f})"
            rows.append(f"<br/><b>{escape(t.tier)}</b> {util} of {cap}, limit "
                        f"{t.headroom_limit_pct:g} %, runs out {t.runway_year or '-'}")
        text = (f"<b>Availability</b> {units.availability(100 * path.availability)} (target "
                f"{units.availability(req.availability_target_pct)}) &nbsp; <b>survives</b> one "
                f"{req.survivable_failure_domain}<br/>"
                f"<b>Load</b>: the database service runs on {db_on} compute; "
                f"{dedicated:,} dedicated and {shared:,} shared instances"
                f"{''.join(rows)}"
                f"<br/><b>Single points of failure</b>: "
                f"{escape(', '.join(a.single_points_of_failure) or 'none')}"
                + "".join(f"<br/><b>Accepted platform risk</b>: {escape(r.component)}, "
                          f"{escape(r.reason)}" for r in a.platform_redundant))
        if scenario is not None:
            breaks = f"; <font color='{COLOURS['error']}'>breaks " \
                f"{escape(', '.join(scenario.breaks))}</font>" if scenario.breaks \
                else "; no requirement breaks"
            text += (f"<p><b>What if: {escape(scenario.label)}</b> - served "
                     f"{units.served_share(scenario.served_pct)}"
                     f", RPO {_minutes(scenario.rpo_minutes, 'lost')}, RTO "
                     f"{_minutes(scenario.rto_minutes)}"
                     + breaks
                     + (f"<br/>{escape('; '.join(scenario.failover))}" if scenario.failover else "")
                     + (f"<br/>Why: {escape(scenario.reason)}" if scenario.reason else "")
                     + "</p>")
        self.summary.setText(text)
        self._stale = True
        if self.isVisible():
            self.draw_charts()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale and self.report is not None:
            self.draw_charts()

    def draw_charts(self) -> None:
        assert self.report is not None
        if self._stopped:
            return
        self._stale = False
        self._generation += 1
        job = _ChartJob(self._generation, self.report.analysis, self._signals)
        self._jobs = self._jobs[-2:] + [job]
        self._pool.start(job)

    def wait(self, msecs: int = 10_000) -> bool:
        return self._pool.waitForDone(msecs)

    def stop(self) -> None:
        """Draw no more and let the chart being drawn finish, before the window goes: a
        pool destroyed with its window waits for its job while the GUI thread holds the
        interpreter lock the job needs (closing the window mid-drawing hung the app)."""
        self._stopped = True
        self._pool.clear()
        self._pool.waitForDone(-1)  # from Python: the interpreter lock is released

    def _show_charts(self, generation: int, images: list[bytes]) -> None:
        if generation != self._generation:
            return
        while len(self.canvases) < len(images):
            label = QLabel()
            label.setAlignment(Qt.AlignmentFlag.AlignLeft)
            label.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
            self.charts.insertWidget(len(self.canvases), label)
            self.canvases.append(label)
        for label, png in zip(self.canvases[:len(images)], images, strict=True):
            pixmap = QPixmap()
            pixmap.loadFromData(png)
            label.setPixmap(pixmap)


def _minutes(value: float | None, none: str = "unbounded") -> str:
    return units.minutes(value, none)


class ScenariosView(QWidget):
    """Every scenario of the analysis; choosing one shows it on the canvas (what-if)."""

    chosen = Signal(object)  # Scenario or None

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.table = QTableWidget(0, 5)
        self.table.setHorizontalHeaderLabels(["Scenario", "Served", "RPO", "RTO", "Breaks"])
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableWidget.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.clear_button = QPushButton("Clear what-if")
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.clear_button)
        layout.addLayout(row)
        self.scenarios: list[Scenario] = []
        self._sized = False
        self.table.itemSelectionChanged.connect(self._selected)
        self.clear_button.clicked.connect(self.clear)

    def show_report(self, report: Report) -> None:
        current = self.current()
        order = {"zone": 0, "region": 1, "component": 2}
        self.scenarios = sorted(report.analysis.scenarios.scenarios,
                                key=lambda s: (order[s.kind], s.target))
        self.table.blockSignals(True)
        self.table.setUpdatesEnabled(False)
        self.table.setRowCount(len(self.scenarios))
        for i, s in enumerate(self.scenarios):
            cells = [s.label, units.served_share(s.served_pct), _minutes(s.rpo_minutes, "lost"),
                     _minutes(s.rto_minutes), ", ".join(s.breaks) or "-"]
            if s.reason:
                cells[-1] += f" ({s.reason})"
            for j, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if s.reason:
                    item.setToolTip(s.reason)
                self.table.setItem(i, j, item)
        if not self._sized:  # measuring every cell on every analysis blocked the GUI
            self.table.resizeColumnsToContents()
            self._sized = True
        self.table.setUpdatesEnabled(True)
        self.table.blockSignals(False)
        if current is not None:
            for i, s in enumerate(self.scenarios):
                if s.id == current.id:
                    self.table.selectRow(i)

    def current(self) -> Scenario | None:
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        return self.scenarios[rows[0].row()] if rows and rows[0].row() < len(self.scenarios) \
            else None

    def choose(self, scenario_id: str) -> Scenario | None:
        for i, s in enumerate(self.scenarios):
            if s.id == scenario_id:
                self.table.selectRow(i)
                return s
        return None

    def clear(self) -> None:
        self.table.clearSelection()
        self.chosen.emit(None)

    def _selected(self) -> None:
        self.chosen.emit(self.current())
