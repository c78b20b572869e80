"""The capacity and resilience view, and the what-if scenarios table with its outcome.

Charts are the PDF's own (exports.charts, exports.whatif_charts: matplotlib Figures drawn with
Agg). They are drawn on a worker thread at the size they are shown, only while the view is on
screen (not behind another tab of its dock), again when the dock is resized, and shown as
images when ready: drawing them on the GUI thread cost about 200 ms a time. While a new
drawing is on its way the last one is shown scaled.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from html import escape

from matplotlib.figure import Figure
from PySide6.QtCore import QObject, QRunnable, QSize, Qt, QThreadPool, QTimer, Signal
from PySide6.QtGui import QPainter, QPaintEvent, QPixmap, QResizeEvent, QShowEvent
from PySide6.QtWidgets import (
    QDockWidget,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from catalogs.reading import gc_paused
from exports import charts, whatif_charts
from validators.report import Report
from workbench.analysis.after_failure import OUTCOME_HEADER, TierAfterFailure, outcome_rows
from workbench.analysis.run import Analysis
from workbench.analysis.scenarios import Scenario
from workbench.model import units
from workbench.model.severity import COLOURS
from workbench.ui.widgets import scrolling

CHART_DPI = 110  # on screen: the charts' 7 pt labels are 10.7 px
CHART_MINIMUM = QSize(340, 150)  # below this the charts' labels collide
REDRAW_AFTER_RESIZE_MS = 150  # a dock being dragged redraws once it rests


class _ChartSignals(QObject):
    done = Signal(int, list)


class _ChartJob(QRunnable):
    def __init__(self, generation: int, makers: list[Callable[[], Figure]],
                 sizes: list[tuple[int, int]], ratio: float, signals: _ChartSignals) -> None:
        super().__init__()
        self.generation, self.makers, self.sizes = generation, makers, sizes
        self.ratio, self.signals = ratio, signals
        self.setAutoDelete(False)  # kept by the view: see LiveValidation.runs

    def run(self) -> None:
        dpi = round(CHART_DPI * self.ratio)
        with gc_paused():  # no full collection holding the interpreter lock: see collector
            images = [whatif_charts.sized_png(make, round(w * self.ratio),
                                              round(h * self.ratio), dpi)
                      for make, (w, h) in zip(self.makers, self.sizes, strict=True)]
        self.signals.done.emit(self.generation, images)


def chart_makers(analysis: Analysis, scenario: Scenario | None,
                 tiers: list[TierAfterFailure] | None) -> list[Callable[[], Figure]]:
    """The Capacity tab's two charts: utilization per tier and demand growth against capacity,
    normal operation only, or beside the chosen scenario's."""
    if scenario is None or tiers is None:
        return [lambda: charts.utilization_figure(analysis),
                lambda: charts.runway_figure(analysis)]
    return [lambda: whatif_charts.utilization_after_figure(tiers, scenario.label),
            lambda: whatif_charts.runway_after_figure(analysis, tiers)]


class ChartCanvas(QWidget):
    """One chart, as large as the layout gives it (never below :data:`CHART_MINIMUM`)."""

    resized = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setMinimumSize(CHART_MINIMUM)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self._pixmap = QPixmap()

    def pixmap(self) -> QPixmap:
        return self._pixmap

    def show_image(self, pixmap: QPixmap) -> None:
        self._pixmap = pixmap
        self.update()

    def drawn_size(self) -> QSize:
        """The size, in the widget's own pixels, the chart shown was drawn for."""
        return (self._pixmap.deviceIndependentSize().toSize() if not self._pixmap.isNull()
                else QSize())

    def paintEvent(self, event: QPaintEvent) -> None:
        if self._pixmap.isNull():
            return
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        if self.drawn_size() == self.size():
            painter.drawPixmap(0, 0, self._pixmap)
        else:  # the dock is being resized: the last drawing, scaled, until the new one
            painter.drawPixmap(self.rect(), self._pixmap)
        painter.end()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.resized.emit()


class CapacityView(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        # the text scrolls on its own, beside the charts: however long it grows (a scenario
        # adds its table), the charts keep the dock's height
        self.summary, self.summary_area = text_pane("analysing...", 300)
        self.summary_area.setFrameShape(QScrollArea.Shape.NoFrame)
        self.canvases: list[ChartCanvas] = [ChartCanvas(), ChartCanvas()]
        content = QWidget()
        row = QHBoxLayout(content)
        row.addWidget(self.summary_area, 5)
        for canvas in self.canvases:
            row.addWidget(canvas, 4)
            canvas.resized.connect(self._resized)
        # below the charts' minimum the view scrolls: they must not set the window's minimum
        self.scroll_area = scrolling(self, content)
        self.report: Report | None = None
        self.scenario: Scenario | None = None
        self.tiers: list[TierAfterFailure] | None = None
        self.drawn = 0  # drawings started (tests: nothing is drawn behind another tab)
        self._stale = False
        self._stopped = False
        self._generation = 0
        self._jobs: list[_ChartJob] = []
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._signals = _ChartSignals(self)
        self._signals.done.connect(self._show_charts)
        self._resize_timer = QTimer(self)
        self._resize_timer.setSingleShot(True)
        self._resize_timer.setInterval(REDRAW_AFTER_RESIZE_MS)
        self._resize_timer.timeout.connect(self._redraw_if_shown)

    def follow_dock(self, dock: QDockWidget) -> None:
        """Draw when ``dock`` comes to the front of its tabs (a tab behind another is still
        'visible' to Qt, and draws nothing here)."""
        dock.visibilityChanged.connect(self._dock_shown)

    def _dock_shown(self, _visible: bool) -> None:
        self._redraw_if_shown()

    def on_screen(self) -> bool:
        return self.isVisible() and not self.visibleRegion().isEmpty()

    def show_report(self, report: Report, scenario: Scenario | None = None,
                    tiers: list[TierAfterFailure] | None = None) -> None:
        """The design's capacity, and with ``scenario`` its outcome and each tier after the
        failure (``tiers``, from analysis.after_failure) beside normal."""
        self.report, self.scenario, self.tiers = report, scenario, tiers
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
        if scenario is not None:  # first: it is what the user chose to see
            text = f"{outcome_html(scenario, tiers)}<p><b>Normal operation</b></p>{text}"
        self.summary.setText(text)
        self._stale = True
        self._redraw_if_shown()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._redraw_if_shown()

    def _resized(self) -> None:
        self._stale = True
        if self.on_screen():
            self._resize_timer.start()

    def _redraw_if_shown(self) -> None:
        if self._stale and self.report is not None and self.on_screen():
            self.draw_charts()

    def draw_charts(self) -> None:
        assert self.report is not None
        if self._stopped:
            return
        self._stale = False
        self._generation += 1
        self.drawn += 1
        # never below the minimum, where the charts' labels no longer fit (matplotlib warns)
        sizes = [(max(c.width(), CHART_MINIMUM.width()), max(c.height(), CHART_MINIMUM.height()))
                 for c in self.canvases]
        job = _ChartJob(self._generation, chart_makers(self.report.analysis, self.scenario,
                                                       self.tiers),
                        sizes, self.devicePixelRatioF(), self._signals)
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
        for canvas, png in zip(self.canvases, images, strict=True):
            pixmap = QPixmap()
            pixmap.loadFromData(png)
            pixmap.setDevicePixelRatio(self.devicePixelRatioF())
            canvas.show_image(pixmap)


def text_pane(text: str, minimum_width: int) -> tuple[QLabel, QScrollArea]:
    """A rich-text label (every file-borne text escaped) that wraps, in a scroll area."""
    label = QLabel(text)
    label.setWordWrap(True)
    label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
    label.setTextFormat(Qt.TextFormat.RichText)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    area = QScrollArea()
    area.setWidgetResizable(True)
    area.setWidget(label)
    area.setMinimumWidth(minimum_width)
    return label, area


def scenario_text(scenario: Scenario) -> str:
    """What a scenario does, in rich text: served throughput, RPO, RTO, what breaks, what
    fails over to what, and why a row that serves nothing is or is not a SPOF."""
    breaks = f"<font color='{COLOURS['error']}'>breaks " \
        f"{escape(', '.join(scenario.breaks))}</font>" if scenario.breaks \
        else "no requirement breaks"
    served = units.served_share(scenario.served_pct)
    served = f"served {served}" if served[:1].isdigit() else served  # 'cannot serve peak'
    return (f"<b>What if: {escape(scenario.label)}</b> - {escape(served)}, RPO "
            f"{escape(_minutes(scenario.rpo_minutes, 'lost'))}, RTO "
            f"{escape(_minutes(scenario.rto_minutes))}; {breaks}"
            + "".join(f"<br/>{escape(line)}" for line in scenario.failover)
            + (f"<br/>Bottleneck: {escape(', '.join(scenario.bottleneck))}"
               if scenario.bottleneck else "")
            + (f"<br/>Why: {escape(scenario.reason)}" if scenario.reason else ""))


def outcome_html(scenario: Scenario, tiers: list[TierAfterFailure] | None) -> str:
    """The outcome of a scenario as the Scenarios and Capacity tabs show it."""
    text = scenario_text(scenario)
    if tiers:
        text += "<p><b>Capacity after the failure</b> (utilization of the low end)</p>" \
            + outcome_table(tiers)
    return text


def outcome_table(tiers: list[TierAfterFailure]) -> str:
    """analysis.after_failure.outcome_rows as a rich-text table; a tier past its headroom
    limit after the failure in the error colour."""
    head = "".join(f"<th align='left'>{escape(h)}</th>" for h in OUTCOME_HEADER)
    body = []
    for t, cells in zip(tiers, outcome_rows(tiers), strict=True):
        over = t.after.utilization_pct > t.after.headroom_limit_pct
        after = f"<font color='{COLOURS['error']}'>{escape(cells[2])}</font>" if over \
            else escape(cells[2])
        body.append(f"<tr><td><b>{escape(cells[0])}</b></td><td>{escape(cells[1])}</td>"
                    f"<td>{after}</td><td>{escape(cells[3])}</td><td>{escape(cells[4])}</td>"
                    "</tr>")
    return f"<table cellspacing='0' cellpadding='3'><tr>{head}</tr>{''.join(body)}</table>"


def _minutes(value: float | None, none: str = "unbounded") -> str:
    return units.minutes(value, none)


class ScenariosView(QWidget):
    """Every scenario of the analysis; choosing one shows it on the canvas (what-if) and its
    outcome beside the list: what fails over, served throughput, RPO and RTO, and each tier's
    load after the failure beside normal. The list stays where it is."""

    chosen = Signal(object)  # Scenario or None

    HINT = ("Choose a scenario: what it loses greys out on the canvas, and its outcome shows "
            "here, each tier's load after the failure beside normal.")

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
        self.outcome, self.outcome_area = text_pane(escape(self.HINT), 260)
        listing = QWidget()
        column = QVBoxLayout(listing)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.table)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.clear_button)
        column.addLayout(row)
        # the outcome beside the list: a bottom dock is wide and short
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(listing)
        self.splitter.addWidget(self.outcome_area)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.splitter)
        self.scenarios: list[Scenario] = []
        self._sized = False
        self.table.itemSelectionChanged.connect(self._selected)
        self.clear_button.clicked.connect(self.clear)

    def show_outcome(self, scenario: Scenario | None,
                     tiers: list[TierAfterFailure] | None = None) -> None:
        """Beside the list: what ``scenario`` does, and each tier after it (None: the hint)."""
        if scenario is None:
            self.outcome.setText(escape(self.HINT))
            return
        self.outcome.setText(outcome_html(scenario, tiers))

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
