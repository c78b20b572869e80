"""The Inspector's Decisions tab, as a person edits it: Add decision, type its title, pick its
status, add an option and pick the variant it stands for, Ctrl+S. Each committed field is one
undo step; the saved file differs from the original in its decisions alone, and undoing every
step gives the original file back byte for byte. What the model or the loader refuses is said
under the field and changes nothing; the tab keeps its decision and scroll position after each
edit."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLineEdit, QTabWidget

from tests.conftest import FLAGSHIP
from tests.ui import person
from workbench.model.design import Decision, Variant
from workbench.model.io import load_design, save_design
from workbench.ui.decisions import DecisionsEditor

ON_VMS = Variant.model_validate({
    "name": "on-vms", "tenancy": "shared", "description": "the ODBs on M-series VMs",
    "changes": [{"component": c, "sku": "azure-m416bs-v3"}
                for c in ("odb-prod-a", "odb-prod-b", "odb-dr")]})
ADR_001 = Decision.model_validate({
    "id": "ADR-001", "title": "Production ODB on dedicated hosts", "status": "accepted",
    "date": "2026-10-14", "context": "Peak is 14 M GRefs/s.",
    "options": [{"name": "Dedicated", "variant": "base"}, {"name": "Shared", "variant": "on-vms"}]})


def design_file(tmp_path: Path, decisions: list[Decision]) -> Path:
    design = load_design(FLAGSHIP).design.model_copy(
        update={"variants": [ON_VMS], "decisions": decisions})
    path = tmp_path / "design.yaml"
    save_design(design, path, keep_backup=False)
    return path


@pytest.fixture
def undecided(tmp_path) -> Path:
    return design_file(tmp_path, [])


@pytest.fixture
def decided(tmp_path) -> Path:
    return design_file(tmp_path, [ADR_001])


def decisions_tab(window) -> DecisionsEditor:  # type: ignore[no-untyped-def]
    """Nothing selected, then a click on the Inspector's Decisions tab."""
    person.press(window.view, Qt.Key.Key_Escape)
    window.scene.clearSelection()
    tabs = window.inspector.form_area.widget()
    assert isinstance(tabs, QTabWidget)
    bar = tabs.tabBar()
    index = [tabs.tabText(i) for i in range(tabs.count())].index("Decisions")
    person.click(bar, bar.tabRect(index).center())
    editor = window.inspector.decisions
    assert isinstance(editor, DecisionsEditor) and editor.isVisible()
    return editor


def type_in_cell(editor: DecisionsEditor, row: int, column: int, text: str) -> None:
    """Click the options table's cell, F2 to edit it, select what is there, type, Return."""
    table = editor.options
    table.scrollTo(table.model().index(row, column))
    person.click(table.viewport(), table.visualRect(table.model().index(row, column)).center())
    QTest.keyClick(table, Qt.Key.Key_F2)
    person.settle()
    line = QApplication.focusWidget()
    assert isinstance(line, QLineEdit) and line.parent().parent() is table, "no cell editor"
    QTest.keyClick(line, Qt.Key.Key_A, person.CTRL)
    QTest.keyClick(line, Qt.Key.Key_Delete)
    QTest.keyClicks(line, text)
    QTest.keyClick(line, Qt.Key.Key_Return)
    person.settle()


def save(window, path: Path) -> bytes:  # type: ignore[no-untyped-def]
    person.press(window.view, Qt.Key.Key_S, person.CTRL)
    assert not window.modified
    return path.read_bytes()


def undo_text(window) -> str:  # type: ignore[no-untyped-def]
    return window.editor.undo_stack.undoText()


def test_a_decision_made_by_clicking_and_typing_is_saved_and_undone(open_window, undecided):
    original = undecided.read_bytes()
    window = open_window(undecided)
    editor = decisions_tab(window)
    assert editor.list.count() == 0 and not editor.form.isEnabled()

    stack = window.editor.undo_stack

    def step(act, *args, steps: int = 1, label: str = "") -> None:  # type: ignore[no-untyped-def]
        """Do ``act``: it makes ``steps`` undo steps, the last named ``label``."""
        before = stack.count()
        act(*args)
        assert stack.count() == before + steps
        assert stack.undoText() == label

    step(person.click, editor.add_button, label="Add decision ADR-001")
    assert [editor.list.item(i).text() for i in range(editor.list.count())] == [
        "ADR-001  New decision"]
    assert editor.list.currentRow() == 0 and editor.form.isEnabled()
    step(person.type_text, editor.title, "Shared VMs for the ODB",
         label="Edit decision ADR-001: title")
    assert editor.list.item(0).text() == "ADR-001  Shared VMs for the ODB"
    step(person.choose_by_mouse, editor.status, "accepted",
         label="Edit decision ADR-001: status")
    step(person.type_text, editor.context, "1.5 M GRefs/s fits a shared VM",
         label="Edit decision ADR-001: context")
    options = "Edit decision ADR-001: options"
    step(person.click, editor.add_option, label=options)
    assert editor.options.rowCount() == 1
    step(type_in_cell, editor, 0, 0, "Shared Mbv3", label=options)
    combo = editor.options.cellWidget(0, 2)
    assert [combo.itemText(i) for i in range(combo.count())] == ["(none)", "base", "on-vms"]
    # two presses of the down arrow: each one a choice (base, then on-vms), as in every
    # drop-down of the Inspector
    step(person.choose_by_keys, combo, "on-vms", steps=2, label=options)
    step(person.click, editor.add_option, label=options)
    step(type_in_cell, editor, 1, 0, "Dedicated hosts", label=options)
    step(person.choose_by_mouse, editor.options.cellWidget(1, 2), "base", label=options)
    steps = stack.count()

    saved = save(window, undecided)
    [decision] = load_design(undecided).design.decisions
    assert (decision.id, decision.title, decision.status, decision.context) == (
        "ADR-001", "Shared VMs for the ODB", "accepted", "1.5 M GRefs/s fits a shared VM")
    assert [(o.name, o.variant) for o in decision.options] == [
        ("Shared Mbv3", "on-vms"), ("Dedicated hosts", "base")]
    before, after = yaml.safe_load(original), yaml.safe_load(saved)
    assert {k for k in before.keys() | after.keys() if before.get(k) != after.get(k)} == \
        {"decisions"}

    for _ in range(steps):
        person.press(window.view, Qt.Key.Key_Z, person.CTRL)
    assert editor.list.count() == 0 and not editor.form.isEnabled()
    assert save(window, undecided) == original


def test_the_tab_keeps_its_decision_and_scroll_after_an_edit(open_window, decided):
    window = open_window(decided)
    editor = decisions_tab(window)
    person.click(editor.add_button)
    person.type_text(editor.title, "Second")
    person.click(editor.list.viewport(), editor.list.visualItemRect(editor.list.item(0)).center())
    assert editor.title.text() == ADR_001.title
    scroll = window.inspector.form_area.verticalScrollBar()
    scroll.setValue(scroll.maximum())  # down to the options
    person.settle()
    where = scroll.value()
    assert where > 0
    person.choose_by_mouse(editor.options.cellWidget(1, 2), "(none)")
    assert window.doc.design.decisions[0].options[1].variant is None
    assert window.inspector.decisions is editor  # edited in place, not rebuilt
    assert editor.list.currentRow() == 0 and editor.title.text() == ADR_001.title
    assert scroll.value() == where
    assert window.inspector.form_area.widget().tabText(
        window.inspector.form_area.widget().currentIndex()) == "Decisions"
    # choosing a component and then nothing again comes back to the same tab and decision
    person.select(window, "odb-prod-a")
    person.press(window.view, Qt.Key.Key_Escape)
    window.scene.clearSelection()
    person.settle()
    tabs = window.inspector.form_area.widget()
    assert tabs.tabText(tabs.currentIndex()) == "Decisions"
    assert window.inspector.decisions.title.text() == ADR_001.title


@pytest.mark.parametrize(("field", "typed", "message"), [
    ("id", "ADR-002", "duplicate decision id 'ADR-002'"),
    ("id", "no spaces", "String should match pattern"),
    ("title", "", "String should have at least 1 character"),
])
def test_a_refused_field_says_why_and_changes_nothing(open_window, tmp_path, field, typed,
                                                      message):
    second = ADR_001.model_copy(update={"id": "ADR-002", "title": "Another"})
    path = design_file(tmp_path, [ADR_001, second])
    original = path.read_bytes()
    window = open_window(path)
    editor = decisions_tab(window)
    assert editor.list.currentRow() == 0
    person.type_text(getattr(editor, field), typed)
    error = editor.errors[field]
    assert error.isVisible() and message in error.text()
    assert window.editor.undo_stack.count() == 0 and not window.modified
    assert path.read_bytes() == original


def test_an_option_without_a_name_is_refused_under_the_table(open_window, decided):
    window = open_window(decided)
    editor = decisions_tab(window)
    type_in_cell(editor, 0, 0, "")
    error = editor.errors["options"]
    assert error.isVisible() and "1 name: String should have at least 1 character" in \
        error.text()
    assert window.editor.undo_stack.count() == 0


def test_the_date_can_be_left_empty_and_given_back(open_window, decided):
    window = open_window(decided)
    editor = decisions_tab(window)
    assert editor.dated.isChecked() and editor.date.date().toString("yyyy-MM-dd") == \
        "2026-10-14"
    assert editor.date.displayFormat() == "yyyy-MM-dd"
    person.toggle(editor.dated)
    assert window.doc.design.decisions[0].date is None and not editor.date.isEnabled()
    assert undo_text(window) == "Edit decision ADR-001: date"
    person.press(window.view, Qt.Key.Key_Z, person.CTRL)
    assert str(window.doc.design.decisions[0].date) == "2026-10-14"
    assert editor.dated.isChecked() and editor.date.isEnabled()


def test_remove_a_decision_and_undo(open_window, decided):
    window = open_window(decided)
    editor = decisions_tab(window)
    person.click(editor.remove_button)
    assert window.doc.design.decisions == [] and editor.list.count() == 0
    assert undo_text(window) == "Remove decision ADR-001"
    person.press(window.view, Qt.Key.Key_Z, person.CTRL)
    assert window.doc.design.decisions == [ADR_001]
    assert editor.list.currentRow() == 0 and editor.title.text() == ADR_001.title


def test_reviewers_read_but_cannot_edit(make_window, decided):
    window = make_window(decided, read_only=True)
    editor = decisions_tab(window)
    assert editor.title.text() == ADR_001.title
    assert not editor.add_button.isEnabled() and not editor.title.isEnabled()
    assert not editor.options.cellWidget(0, 2).isEnabled()
