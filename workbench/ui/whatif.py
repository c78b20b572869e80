"""What-if: choosing a failure scenario greys out on the canvas what it loses and shows its
outcome beside the scenario list, in the Capacity tab (for when the user looks there: the
Scenarios tab stays in front) and under the findings. Each tier's capacity after the failure
is computed once, by analysis.after_failure, for every view that shows it."""

from __future__ import annotations

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QDockWidget

from validators.report import Report

from ..analysis.after_failure import TierAfterFailure, capacity_after
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
        self._greyed: object = None  # the canvas painted with a scenario's losses
        scenarios.chosen.connect(self.show_scenario)
        capacity.follow_dock(capacity_dock)

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
        self.scenarios.blockSignals(True)  # the same scenario, judged again: shown below
        try:
            self.scenarios.show_report(report)
        finally:
            self.scenarios.blockSignals(False)
        self.scenario = self.scenarios.current()
        self._show_outcome(report)
        self.paint()

    def show_scenario(self, scenario: Scenario | None) -> None:
        """Grey out what ``scenario`` loses and show its outcome (None: the design as it is).
        The user stays where they chose it."""
        self.scenario = scenario
        self.paint()
        report = self.context.live.report if self.context is not None else None
        if report is None:
            return
        self._show_outcome(report)
        if scenario is not None:
            self.findings.summary.setText(
                f"what if {scenario.label}: served {scenario.served_pct:.0f} %"
                + (f", breaks {', '.join(scenario.breaks)}" if scenario.breaks
                   else ", nothing breaks"))
        else:
            self.findings.show_report(report)

    def _show_outcome(self, report: Report) -> None:
        tiers = self.after_failure(report, self.scenario)
        self.scenarios.show_outcome(self.scenario, tiers)
        self.capacity.show_report(report, self.scenario, tiers)

    @staticmethod
    def after_failure(report: Report, scenario: Scenario | None) \
            -> list[TierAfterFailure] | None:
        if scenario is None:
            return None
        a = report.analysis
        return capacity_after(a.facts, a.topology, a.capacity, scenario)

    def paint(self) -> None:
        if self.context is None:
            return
        doc, scene = self.context.doc, self.context.scene
        lost = self.scenario.lost if self.scenario is not None else {}
        if not lost and self._greyed is not scene:
            return  # nothing to grey and nothing greyed (each check's report: 10,000 nodes)
        self._greyed = scene if lost else None
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
