"""What-if: choosing a failure scenario greys out on the canvas what it loses and shows its
outcome in the Capacity tab and under the findings."""

from __future__ import annotations

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QDockWidget

from validators.report import Report

from ..analysis.scenarios import Scenario
from .findings import FindingsPanel
from .geometry import DEAD_LINK_OPACITY, DEGRADED_OPACITY, FULL_OPACITY, LOST_OPACITY
from .panels import DocumentContext
from .views import CapacityView, ScenariosView


class WhatIf(QObject):
    """The Scenarios and Capacity tabs and the canvas's what-if painting, as one panel: the
    scenario chosen in one is what the others show."""

    def __init__(self, scenarios: ScenariosView, capacity: CapacityView,
                 capacity_dock: QDockWidget, findings: FindingsPanel) -> None:
        super().__init__(capacity_dock.parentWidget())  # see DockPanel
        self.scenarios, self.capacity = scenarios, capacity
        self.capacity_dock, self.findings = capacity_dock, findings
        self.scenario: Scenario | None = None
        self.context: DocumentContext | None = None
        scenarios.chosen.connect(self.show_scenario)

    def attach(self, context: DocumentContext) -> None:
        self.context = context
        context.live.updated.connect(self._report)

    def detach(self) -> None:
        if self.context is not None:
            self.context.live.updated.disconnect(self._report)
            self.context = None

    def stop(self) -> None:
        """The window is closing: no more charts."""
        self.capacity.stop()

    def _report(self, report: Report) -> None:
        self.scenarios.show_report(report)
        self.scenario = self.scenarios.current()  # the same scenario, judged again
        self.capacity.show_report(report, self.scenario)
        self.paint()

    def show_scenario(self, scenario: Scenario | None) -> None:
        """Grey out what ``scenario`` loses and show its outcome (None: the design as it is)."""
        self.scenario = scenario
        self.paint()
        report = self.context.live.report if self.context is not None else None
        if report is not None:
            self.capacity.show_report(report, scenario)
        if scenario is not None:
            self.findings.summary.setText(
                f"what if {scenario.label}: served {scenario.served_pct:.0f} %"
                + (f", breaks {', '.join(scenario.breaks)}" if scenario.breaks
                   else ", nothing breaks"))
            self.capacity_dock.raise_()
        elif report is not None:
            self.findings.show_report(report)

    def paint(self) -> None:
        if self.context is None:
            return
        doc, scene = self.context.doc, self.context.scene
        lost = self.scenario.lost if self.scenario is not None else {}
        for eid, node in scene.nodes.items():
            comp = doc.component(eid)
            gone = lost.get(eid, 0)
            target = LOST_OPACITY if comp is not None and gone >= comp.count \
                else DEGRADED_OPACITY if gone else FULL_OPACITY
            if node.opacity() != target:  # only what changes repaints
                node.setOpacity(target)
        for item in scene.link_items.values():
            dead = lost.get(item.source.element_id, 0) or lost.get(item.target.element_id, 0)
            target = DEAD_LINK_OPACITY if dead else FULL_OPACITY
            if item.opacity() != target:
                item.setOpacity(target)
