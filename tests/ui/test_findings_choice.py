"""The Findings panel as a person uses it while the design is checked again behind them: the
finding they chose stays chosen (its detail and buttons with it), and the waiver dialog's
expiry reads as the design file writes dates (yyyy-MM-dd)."""

from __future__ import annotations

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QDateEdit, QWidget

from tests.ui import person


def choose_row(window, rule: str) -> int:
    panel = window.findings
    row = next(i for i, f in enumerate(panel.findings) if f.rule == rule)
    table = panel.table
    person.click(table.viewport(), table.visualRect(table.model().index(row, 1)).center())
    return row


def test_the_chosen_finding_stays_chosen_when_the_design_is_checked_again(window):
    assert window.live.wait()
    person.settle()
    panel = window.findings
    rule = panel.findings[0].rule
    choose_row(window, rule)
    chosen = panel.current()
    assert chosen is not None and rule in panel.detail.text()
    window.live.run_now()  # an edit elsewhere, a new date: the same findings come back
    assert window.live.wait()
    person.settle()
    assert panel.current() == chosen
    assert rule in panel.detail.text()
    assert panel.waive_button.isEnabled()


def test_the_waiver_expiry_reads_year_month_day(window):
    assert window.live.wait()
    person.settle()
    panel = window.findings
    choose_row(window, panel.findings[0].rule)
    seen: list[str] = []
    shown: list[str] = []

    def read_and_close(dialog: QWidget) -> None:
        expires = dialog.findChild(QDateEdit)
        expires.setDate(QDate(2027, 5, 28))
        shown.append(expires.text())
        dialog.reject()
    person.when_dialog(read_and_close, seen)
    person.click(panel.waive_button)
    assert seen and seen[0].startswith("Waive ")
    assert shown == ["2027-05-28"]
