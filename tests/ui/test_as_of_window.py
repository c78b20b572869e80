"""The window judges waivers and DR-test age at today's date, read again at every check: a
window left open while a waiver expires shows the finding again after the next edit, or when
it is next activated after midnight."""

from __future__ import annotations

import datetime as dt

import yaml
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from tests.ui import person
from tests.validators.small import comp, complete
from workbench import clock


def shown(window) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    """(severity column, rule) of each row of the findings table."""
    table = window.findings.table
    return sorted((table.item(r, 0).text().split()[-1] if "waived" not in
                   table.item(r, 0).text() else "waived", table.item(r, 1).text())
                  for r in range(table.rowCount()))


def checked(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: not window.live._timer.isActive(), timeout=5000)
    assert window.live.wait()
    person.settle()


def test_the_window_reads_the_date_again_at_every_check(open_window, tmp_path, qtbot,
                                                       monkeypatch):
    doc = complete()
    comp(doc, "backup-dr")["security"]["integrity_controls"] = False
    doc["waivers"] = [{"rule": "CMP-012", "target": "backup-dr", "justification": "Q2",
                       "approver": "CISO", "expires": "2027-03-31"}]
    path = tmp_path / "waived.yaml"
    path.write_text(yaml.safe_dump(doc, sort_keys=False))

    monkeypatch.setattr(clock, "today", lambda: dt.date(2027, 3, 31))
    window = open_window(path)
    checked(window, qtbot)
    assert shown(window) == [("waived", "CMP-012")]
    assert window.findings.summary.text().endswith("1 waived; judged as of 2027-03-31")

    # the next day the waiver has expired: an edit made then is judged then
    monkeypatch.setattr(clock, "today", lambda: dt.date(2027, 4, 1))
    person.select(window, "backup-dr")
    person.type_text(person.inspector_widget(window, "name"), "Backup vault (DR)")
    checked(window, qtbot)
    assert shown(window) == [("warning", "CMP-012"), ("warning", "CMP-013")]
    assert window.findings.summary.text().endswith("judged as of 2027-04-01")

    # months later the rename is undone: judged at that day, the DR test is over a year old
    monkeypatch.setattr(clock, "today", lambda: dt.date(2027, 7, 2))
    person.press(window.view, Qt.Key.Key_Z, person.CTRL)
    checked(window, qtbot)
    assert next(c.name for c in window.doc.design.components if c.id == "backup-dr") \
        != "Backup vault (DR)"
    assert shown(window) == [("warning", "CMP-009"), ("warning", "CMP-012"),
                             ("warning", "CMP-013")]

def test_activating_the_window_after_midnight_checks_again(open_window, tmp_path, qtbot,
                                                          monkeypatch):
    doc = complete()
    path = tmp_path / "clean.yaml"
    path.write_text(yaml.safe_dump(doc, sort_keys=False))
    monkeypatch.setattr(clock, "today", lambda: dt.date(2027, 5, 31))
    window = open_window(path)
    checked(window, qtbot)
    assert shown(window) == []
    runs = []
    window.live.updated.connect(lambda report: runs.append(report.as_of))

    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=3000)
    other = window.findings_dock  # a floating dock stands in for another application
    other.setFloating(True)
    other.activateWindow()
    qtbot.waitUntil(lambda: not window.isActiveWindow(), timeout=3000)
    monkeypatch.setattr(clock, "today", lambda: dt.date(2027, 7, 2))  # midnight passes
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=3000)
    checked(window, qtbot)
    assert runs == [dt.date(2027, 7, 2)]
    assert shown(window) == [("warning", "CMP-009")]

    # activated again the same day: nothing to check again
    other.activateWindow()
    qtbot.waitUntil(lambda: not window.isActiveWindow(), timeout=3000)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=3000)
    checked(window, qtbot)
    QApplication.processEvents()
    assert runs == [dt.date(2027, 7, 2)]
