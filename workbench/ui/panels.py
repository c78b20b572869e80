"""Panels: everything beside the canvas that shows the open design.

A panel attaches to each design the window opens and detaches from it before the next one:
``attach`` gets a :class:`DocumentContext` (the document, its editor, scene, canvas view and
live validation) and connects what the panel listens to; ``detach`` disconnects exactly that.
The window keeps one list of panels and never wires a panel's signals itself, so a new panel
is a class here (or in its own module) and one line in ``MainWindow._build_panels``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtWidgets import QDockWidget, QLabel, QMainWindow, QMessageBox, QUndoView, QWidget

from catalogs import Catalog
from validators.report import Finding, Report

from .. import __version__
from ..model import agreements
from ..model.document import Change, ChangeKind, DesignDocument
from ..model.severity import Severity, worst
from .commands import after_steps
from .editor import Editor
from .findings import FindingsPanel, WaiverDialog
from .inspector import Inspector
from .live import LiveValidation
from .review import ReviewPanel
from .scene import TopologyScene
from .view import CanvasView, OverviewView


@dataclass(frozen=True)
class DocumentContext:
    """The open design as the panels see it. Made by the window for each design it opens."""

    doc: DesignDocument
    editor: Editor
    scene: TopologyScene
    view: CanvasView
    live: LiveValidation
    read_only: bool

    def selected_one(self) -> str | None:
        """The selected element when exactly one is selected."""
        ids = self.scene.selected_ids()
        return ids[0] if len(ids) == 1 else None

    def close(self) -> None:
        """The design is being replaced: stop following it (panels have detached)."""
        self.scene.detach()
        self.live.detach()
        self.scene.deleteLater()


class Panel(Protocol):
    def attach(self, context: DocumentContext) -> None: ...

    def detach(self) -> None: ...


class DockPanel(QObject):
    """A panel shown in a dock.

    Panels are QObject children of the window made before any scene, so that the window
    deletes them, and Qt drops their connections, before the scenes (a scene signals a last
    selection change as it goes). Not children of their docks: raising a dock moves it to the
    end of the window's children."""

    def __init__(self, dock: QDockWidget) -> None:
        super().__init__(dock.parentWidget())
        self.dock = dock
        self.context: DocumentContext | None = None


def add_dock(window: QMainWindow, title: str, area: Qt.DockWidgetArea,
             widget: QWidget | None = None) -> QDockWidget:
    """A dock named ``title`` (its object name is the title in lower case) in ``area``."""
    dock = QDockWidget(title, window)
    dock.setObjectName(title.lower())
    if widget is not None:
        dock.setWidget(widget)
    window.addDockWidget(area, dock)
    return dock


def _replace_dock_widget(dock: QDockWidget, widget: QWidget) -> None:
    old = dock.widget()
    dock.setWidget(widget)
    if old is not None:
        old.deleteLater()


class CanvasPanel(QObject):
    """The canvas in the window's centre, with a badge on each node of its worst open
    finding."""

    def __init__(self, holder: QWidget) -> None:
        super().__init__(holder.parentWidget())  # see DockPanel
        self.holder = holder  # one central widget for the window's life (see MainWindow)
        self.view: CanvasView | None = None
        self.context: DocumentContext | None = None

    def attach(self, context: DocumentContext) -> None:
        self.context = context
        layout = self.holder.layout()
        assert layout is not None
        old, self.view = self.view, context.view
        if old is not None:
            layout.removeWidget(old)
            old.hide()
            old.deleteLater()
        layout.addWidget(context.view)
        context.live.updated.connect(self._report)
        QTimer.singleShot(0, context.view.first_view)

    def detach(self) -> None:
        if self.context is not None:
            self.context.live.updated.disconnect(self._report)
            self.context = None

    def _report(self, report: Report) -> None:
        assert self.context is not None
        levels: dict[str, list[Severity]] = {}
        for finding in report.findings:
            if not finding.waived:
                for target in finding.targets:
                    levels.setdefault(target, []).append(finding.severity)
        for eid, node in self.context.scene.nodes.items():
            node.set_badge(worst(levels.get(eid, [])))


class OverviewDock(DockPanel):
    """The whole canvas in miniature, with the visible part framed."""

    def __init__(self, dock: QDockWidget) -> None:
        super().__init__(dock)
        self.overview: OverviewView | None = None

    def attach(self, context: DocumentContext) -> None:
        self.overview = OverviewView(context.view)
        _replace_dock_widget(self.dock, self.overview)
        QTimer.singleShot(0, self.overview.refit)

    def detach(self) -> None:
        pass  # the next overview replaces this one


class InspectorDock(DockPanel):
    """The selected element's fields, or the design's sections when none is selected."""

    def __init__(self, dock: QDockWidget, catalog: Catalog) -> None:
        super().__init__(dock)
        self.catalog = catalog
        self.inspector: Inspector | None = None

    def attach(self, context: DocumentContext) -> None:
        self.context = context
        self.inspector = Inspector(context.doc, self.catalog, context.editor)
        _replace_dock_widget(self.dock, self.inspector)
        context.scene.selectionChanged.connect(self._selection_changed)
        context.doc.subscribe(self._changed)
        context.live.updated.connect(self._report)

    def detach(self) -> None:
        if self.context is not None:
            self.context.scene.selectionChanged.disconnect(self._selection_changed)
            self.context.doc.unsubscribe(self._changed)
            self.context.live.updated.disconnect(self._report)
            self.context = None

    def _selection_changed(self) -> None:
        assert self.context is not None
        if not after_steps(self.context.doc, self._show_selected):  # once per undo step
            self._show_selected()

    def _show_selected(self) -> None:
        if self.context is None or self.inspector is None:
            return
        chosen = self.context.selected_one()
        if chosen != self.inspector.current:
            self.inspector.show_element(chosen)

    def _changed(self, change: Change) -> None:
        if change.kind != ChangeKind.LAYOUT and self.inspector is not None \
                and self.context is not None \
                and not after_steps(self.context.doc, self._refresh):  # once per undo step
            self._refresh()

    def _refresh(self) -> None:
        if self.inspector is not None:
            self.inspector.refresh()  # in place when its element is still there

    def _report(self, report: Report) -> None:
        if self.inspector is not None:
            self.inspector.set_phi(report.metrics.get("phi"))


class HistoryDock(DockPanel):
    """The undo stack as a list: every edit with its label."""

    def __init__(self, dock: QDockWidget, history: QUndoView) -> None:
        super().__init__(dock)
        self.history = history

    def attach(self, context: DocumentContext) -> None:
        self.history.setStack(context.editor.undo_stack)
        self.history.setEmptyLabel("<opened>")

    def detach(self) -> None:
        pass  # the next document's stack replaces this one


class ReviewDock(DockPanel):
    """Reviewer mode's comments and decisions; in front when the design is open for review."""

    def __init__(self, dock: QDockWidget) -> None:
        super().__init__(dock)
        self.review: ReviewPanel | None = None

    def attach(self, context: DocumentContext) -> None:
        self.context = context
        self.review = ReviewPanel(context.doc, context.editor)
        _replace_dock_widget(self.dock, self.review)
        if context.read_only:
            self.dock.raise_()
        context.scene.selectionChanged.connect(self._selection_changed)
        context.doc.subscribe(self._changed)

    def detach(self) -> None:
        if self.context is not None:
            self.context.scene.selectionChanged.disconnect(self._selection_changed)
            self.context.doc.unsubscribe(self._changed)
            self.context = None

    def _selection_changed(self) -> None:
        assert self.context is not None
        if not after_steps(self.context.doc, self._show_selected):  # once per undo step
            self._show_selected()

    def _show_selected(self) -> None:
        if self.context is not None and self.review is not None:
            self.review.set_target(self.context.selected_one())

    def _changed(self, change: Change) -> None:
        # any edit but a move may make the approval stop (or start again) matching; the
        # fingerprint is taken once per undo step (a paste of 50 components is 116 changes)
        if change.kind != ChangeKind.LAYOUT and self.review is not None \
                and self.context is not None \
                and not after_steps(self.context.doc, self._refresh):
            self._refresh()

    def _refresh(self) -> None:
        if self.review is not None:
            self.review.refresh()


class FindingsDock(DockPanel):
    """The findings of the latest check: choosing one selects and centres its targets;
    Waive... adds a waiver as one undoable step."""

    def __init__(self, dock: QDockWidget, findings: FindingsPanel) -> None:
        super().__init__(dock)
        self.findings = findings
        findings.targetsChosen.connect(self.show_targets)
        findings.waiveRequested.connect(self.waive)
        findings.agreementRequested.connect(self.record_agreement)

    def attach(self, context: DocumentContext) -> None:
        self.context = context
        context.live.updated.connect(self.findings.show_report)
        context.live.failed.connect(self.findings.summary.setText)
        self.dock.raise_()

    def detach(self) -> None:
        if self.context is not None:
            self.context.live.updated.disconnect(self.findings.show_report)
            self.context.live.failed.disconnect(self.findings.summary.setText)
            self.context = None

    def show_targets(self, ids: list[str]) -> None:
        if self.context is not None:
            self.context.scene.select_ids(ids)
            self.context.view.centre_on_ids(ids)

    def waive(self, finding: Finding) -> bool:
        if self.context is None or self.context.read_only:
            return False
        dialog = WaiverDialog(finding, self.dock.window())
        if not dialog.exec():
            return False
        justification, approver, expires = dialog.values()
        target = finding.targets[0] if finding.targets else "design"
        return self.context.editor.add_waiver(finding.rule, target, justification, approver,
                                              expires)

    def record_agreement(self, finding: Finding) -> bool:
        """Record signed BAA...: the services every open CMP-006 finding names that the
        provider's BAA covers, recorded as signed once the user confirms it (one step)."""
        context = self.context
        report = self.findings.report
        if context is None or context.read_only or report is None:
            return False
        design, catalog = context.doc.design, context.editor.catalog
        ids = [t for f in report.findings if f.rule == "CMP-006" and not f.waived
               for t in f.targets] or list(finding.targets)
        services = agreements.unsigned(design, catalog, ids)
        if not services:
            context.editor.statusMessage.emit(
                "no BAA to record: the provider's agreement does not cover these services "
                "(choose a covered service)")
            return False
        names = ", ".join(catalog.services[s].name for s in services)
        who = " and ".join(agreements.providers(catalog, services))
        window = self.dock.window()
        yes = QMessageBox.StandardButton.Yes
        answer = window.ask(  # type: ignore[attr-defined]
            "Record signed BAA",
            f"Record that your organisation has signed the business associate agreement "
            f"with {who} covering {names}?\n\nThe approval board relies on this record "
            "(HIPAA 164.308(b)(1)). Record it only when the agreement is signed.",
            yes | QMessageBox.StandardButton.Cancel, QMessageBox.StandardButton.Cancel)
        if answer != yes:
            return False
        return context.editor.set_section(
            "policy", agreements.recorded(design.policy, services),
            f"Record signed BAA for {', '.join(services)}")


class PaletteDock(DockPanel):
    """The palette of SKUs to place: hidden in reviewer mode, where nothing can be placed."""

    def attach(self, context: DocumentContext) -> None:
        self.dock.setVisible(not context.read_only)

    def detach(self) -> None:
        pass


class StatusLine(QObject):
    """The window's title (file, * when modified, the design's name) and the status bar: the
    design's counts and the selection, the editor's messages, the latest check's totals."""

    APP = "EHR Topology Workbench"

    def __init__(self, window: QMainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.counts = QLabel()
        self.counts.setTextFormat(Qt.TextFormat.PlainText)
        # the links' layout of a large edit or design, while it finishes between events
        self.routing = QLabel()
        self.routing.setObjectName("routing-progress")
        self.routing.setTextFormat(Qt.TextFormat.PlainText)
        self.routing.hide()
        window.statusBar().addPermanentWidget(self.routing)
        window.statusBar().addPermanentWidget(self.counts)
        self.context: DocumentContext | None = None

    def attach(self, context: DocumentContext) -> None:
        self.context = context
        context.scene.selectionChanged.connect(self.update_counts)
        context.doc.subscribe(self._changed)
        context.editor.undo_stack.cleanChanged.connect(self.update_title)
        context.editor.statusMessage.connect(self._editor_said)
        context.live.updated.connect(self._report)
        context.scene.routingProgress.connect(self._routing)
        self.update_title()
        self.update_counts()
        self._routing(context.scene.routing_note if not context.scene.links_settled() else "")

    def detach(self) -> None:
        if self.context is not None:
            self.context.scene.selectionChanged.disconnect(self.update_counts)
            self.context.doc.unsubscribe(self._changed)
            self.context.editor.undo_stack.cleanChanged.disconnect(self.update_title)
            self.context.editor.statusMessage.disconnect(self._editor_said)
            self.context.live.updated.disconnect(self._report)
            self.context.scene.routingProgress.disconnect(self._routing)
            self.context = None

    def _routing(self, note: str) -> None:
        """The links' layout still running between events: what it does (busy cursor over
        the canvas); hidden once it is done."""
        self.routing.setText(note)
        self.routing.setVisible(bool(note))
        if self.context is not None:
            if note:
                self.context.view.viewport().setCursor(Qt.CursorShape.BusyCursor)
            else:
                self.context.view.viewport().unsetCursor()

    def update_title(self, *_: object) -> None:
        if self.context is None:
            self.window.setWindowTitle(self.APP)
            return
        doc = self.context.doc
        name = doc.path.name if doc.path else "untitled"
        mark = "" if self.context.editor.undo_stack.isClean() else "*"
        ro = " [read-only]" if self.context.read_only else ""
        self.window.setWindowTitle(f"{name}{mark} - {doc.design.metadata.name}{ro} - "
                                   f"{self.APP} {__version__}")

    def update_counts(self) -> None:
        if self.context is None:
            return
        d = self.context.doc.design
        selected = self.context.scene.selected_ids()
        self.counts.setText(f"{len(d.components)} components, {len(d.links)} links, "
                            f"{len(d.placement.regions)} regions, "
                            f"{len(d.placement.sites)} sites"
                            + (f" | {len(selected)} selected" if selected else ""))

    def _changed(self, change: Change) -> None:
        if self.context is not None and not after_steps(self.context.doc, self.update_counts):
            self.update_counts()

    def _editor_said(self, message: str) -> None:
        self.window.statusBar().showMessage(message, 6000)

    def _report(self, report: Report) -> None:
        s = report.summary()
        self.window.statusBar().showMessage(
            f"{s['error']} errors, {s['warning']} warnings, {s['info']} info, "
            f"{s['waived']} waived, judged as of {report.as_of}", 5000)
