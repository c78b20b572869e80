"""The findings panel: a sortable table with filters and search; selecting a finding selects
and centres its targets on the canvas; waiving asks for justification, approver and expiry."""

from __future__ import annotations

import datetime as dt
from html import escape

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from validators.report import Finding, Report
from workbench.model.severity import COLOURS, SEVERITIES, rank

from .widgets import ISO_DATE

MARK = {"error": "E", "warning": "W", "info": "i"}


class FindingsPanel(QWidget):
    targetsChosen = Signal(list)  # element ids of the chosen finding
    waiveRequested = Signal(object)  # Finding
    agreementRequested = Signal(object)  # Finding: record the signed BAA it asks for

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.report: Report | None = None
        self.findings: list[Finding] = []
        self.severity = QComboBox()
        self.severity.addItems(["all severities", "error", "warning", "info", "waived"])
        self.family = QComboBox()
        self.family.addItems(["all families", "DSN", "THR", "PLC", "RED", "CMP"])
        self.search = QLineEdit(placeholderText="Search findings...")
        self.search.setClearButtonEnabled(True)
        top = QHBoxLayout()
        for w in (self.severity, self.family, self.search):
            top.addWidget(w)
        self.table = QTableWidget(0, 4)
        self.table.setHorizontalHeaderLabels(["Severity", "Rule", "Targets", "Message"])
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableWidget.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setSortingEnabled(True)
        self.table.verticalHeader().hide()
        self.detail = QLabel()
        self.detail.setWordWrap(True)
        self.detail.setTextFormat(Qt.TextFormat.RichText)
        self.waive_button = QPushButton("Waive...")
        self.waive_button.setEnabled(False)
        # CMP-006's fix, where it is the user's to state: the organisation signed the BAA
        self.agreement_button = QPushButton("Record signed BAA...")
        self.agreement_button.setToolTip("Record that your organisation has signed the "
                                         "provider's business associate agreement for the "
                                         "services this finding names (HIPAA 164.308(b)(1))")
        self.agreement_button.hide()
        self.summary = QLabel("analysing...")
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)  # the table takes the height; the detail its text's
        layout.addWidget(self.detail)
        bottom = QHBoxLayout()
        bottom.addWidget(self.summary)
        bottom.addStretch(1)
        bottom.addWidget(self.agreement_button)
        bottom.addWidget(self.waive_button)
        layout.addLayout(bottom)
        self.severity.currentIndexChanged.connect(self.refresh)
        self.family.currentIndexChanged.connect(self.refresh)
        self.search.textChanged.connect(self.refresh)
        self.table.itemSelectionChanged.connect(self._selected)
        self.waive_button.clicked.connect(self._waive)
        self.agreement_button.clicked.connect(self._record_agreement)

    def show_report(self, report: Report) -> None:
        self.report = report
        s = report.summary()
        self.summary.setText(f"{s['error']} errors, {s['warning']} warnings, {s['info']} info, "
                             f"{s['waived']} waived; judged as of {report.as_of}")
        self.summary.setToolTip("Waiver expiry and DR-test age are judged at this date: today, "
                                "read again at every check")
        self.refresh()

    def visible_findings(self) -> list[Finding]:
        if self.report is None:
            return []
        sev, fam = self.severity.currentText(), self.family.currentText()
        needle = self.search.text().strip().lower()
        out = []
        for f in self.report.findings:
            if sev == "waived" and not f.waived or sev in SEVERITIES and (f.severity != sev
                                                                     or f.waived):
                continue
            if fam in ("DSN", "THR", "PLC", "RED", "CMP") and not f.rule.startswith(fam):
                continue
            hay = f"{f.rule} {' '.join(f.targets)} {f.message}".lower()
            if needle and needle not in hay:
                continue
            out.append(f)
        return sorted(out, key=lambda f: (f.waived, rank(f.severity), f.rule, f.targets))

    def refresh(self) -> None:
        chosen = self.current()
        self.findings = self.visible_findings()
        self.table.setUpdatesEnabled(False)
        self.table.setSortingEnabled(False)
        self.table.setRowCount(len(self.findings))
        for row, f in enumerate(self.findings):
            sev = QTableWidgetItem(f"{MARK[f.severity]}  {f.severity}"
                                   + (" (waived)" if f.waived else ""))
            sev.setForeground(QColor(COLOURS[f.severity]))
            sev.setData(Qt.ItemDataRole.UserRole, row)
            self.table.setItem(row, 0, sev)
            self.table.setItem(row, 1, QTableWidgetItem(f.rule))
            self.table.setItem(row, 2, QTableWidgetItem(", ".join(f.targets) or "design"))
            self.table.setItem(row, 3, QTableWidgetItem(f.message))
        self.table.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.table.setSortingEnabled(True)  # our order (severity, rule) until a header click
        self.table.resizeColumnsToContents()
        self.table.setUpdatesEnabled(True)
        # not an empty band under the table: what choosing a finding does
        self.detail.setText("<i>Choose a finding to see its fix and references and to select "
                            "what it is about on the canvas.</i>" if self.findings else "")
        self.waive_button.setEnabled(False)
        self.agreement_button.hide()
        if chosen is not None and chosen in self.findings:
            # the finding chosen before the check is still there: it stays chosen, with its
            # detail and buttons (the canvas selection is left as the user made it since)
            row = self.findings.index(chosen)
            blocked = self.table.blockSignals(True)
            try:
                self.table.selectRow(row)  # sorting is ours after a refresh: row r is r
            finally:
                self.table.blockSignals(blocked)
            self._show(chosen)

    def current(self) -> Finding | None:
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        if not rows:
            return None
        item = self.table.item(rows[0].row(), 0)
        return self.findings[item.data(Qt.ItemDataRole.UserRole)] if item else None

    def select_row(self, row: int) -> None:
        self.table.selectRow(row)

    def _selected(self) -> None:
        f = self.current()
        if f is None:
            return
        self._show(f)
        if f.targets:
            self.targetsChosen.emit(list(f.targets))

    def _show(self, f: Finding) -> None:
        """The finding's detail under the table and the buttons that act on it."""
        refs = "; ".join(f.references)
        # messages quote names from designs and catalogs: never let them be markup
        self.detail.setText(f"<b>{escape(f.rule)}</b> {escape(f.message)}<br/><i>Fix:</i> "
                            f"{escape(f.hint)}" + (f"<br/><i>See:</i> {escape(refs)}"
                                                   if refs else ""))
        self.waive_button.setEnabled(not f.waived)
        self.agreement_button.setVisible(f.rule == "CMP-006" and not f.waived
                                         and f.severity == "error")

    def _record_agreement(self) -> None:
        f = self.current()
        if f is not None:
            self.agreementRequested.emit(f)

    def _waive(self) -> None:
        f = self.current()
        if f is not None:
            self.waiveRequested.emit(f)


class WaiverDialog(QDialog):
    def __init__(self, finding: Finding, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Waive {finding.rule}")
        self.justification = QPlainTextEdit()
        self.approver = QLineEdit()
        self.expires = QDateEdit(QDate.currentDate().addMonths(6))
        self.expires.setDisplayFormat(ISO_DATE)  # 2027-05-28, not the locale's "28 05 2027"
        self.expires.setCalendarPopup(True)
        form = QFormLayout(self)
        form.addRow(QLabel(f"<b>{escape(finding.rule)}</b> on "
                           f"{escape(', '.join(finding.targets) or 'design')}: "
                           f"{escape(finding.message)}"))
        form.addRow("Justification", self.justification)
        form.addRow("Approver", self.approver)
        form.addRow("Expires", self.expires)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        self.error = QLabel()
        self.error.setStyleSheet(f"color: {COLOURS['error']};")
        form.addRow(self.error)
        form.addRow(buttons)

    def _accept(self) -> None:
        if not self.justification.toPlainText().strip() or not self.approver.text().strip():
            self.error.setText("A waiver needs a justification and an approver.")
            return
        self.accept()

    def values(self) -> tuple[str, str, dt.date]:
        d = self.expires.date()
        return (self.justification.toPlainText().strip(), self.approver.text().strip(),
                dt.date(d.year(), d.month(), d.day()))
