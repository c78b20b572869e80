"""Architecture decisions are edited in the Inspector's Decisions tab (nothing selected), as a
person does: click the tab, type the YAML list into its box, leave the box, Ctrl+S. The saved
file holds the decision and differs from the original there alone; a wrong entry is refused
with the model's message under the box and changes nothing; Ctrl+Z gives the file back."""

from __future__ import annotations

import shutil

import pytest
import yaml
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPlainTextEdit, QTabWidget

from tests.conftest import SAMPLES
from tests.ui import person
from workbench.model.io import load_design

TYPED = ("[{id: ADR-010, title: Shared VMs for the ODB, context: 1.5 M GRefs/s fits a shared "
         "M-series VM, options: [{name: Shared Mbv3, summary: within the 7 M ceiling, variant: "
         "shared}, {name: Dedicated host, variant: dedicated}], decision: Shared, "
         "decided_by: CIO, date: 2026-10-01, status: accepted}]")


@pytest.fixture
def community(tmp_path):
    path = tmp_path / "community.yaml"
    shutil.copy(SAMPLES / "community-hospital-shared.yaml", path)
    return path


def decisions_box(window) -> QPlainTextEdit:  # type: ignore[no-untyped-def]
    """Nothing selected, then a click on the Decisions tab: its YAML box."""
    person.press(window.view, Qt.Key.Key_Escape)
    window.scene.clearSelection()
    tabs = window.inspector.form_area.widget()
    assert isinstance(tabs, QTabWidget)
    bar = tabs.tabBar()
    index = [tabs.tabText(i) for i in range(tabs.count())].index("Decisions")
    person.click(bar, bar.tabRect(index).center())
    assert tabs.currentIndex() == index
    box = window.inspector.section_forms["decisions"].fields["decisions"].widget
    assert isinstance(box, QPlainTextEdit) and box.isVisible()
    return box


def save(window, path) -> bytes:  # type: ignore[no-untyped-def]
    person.press(window.view, Qt.Key.Key_S, person.CTRL)
    assert not window.modified
    return path.read_bytes()


def test_a_decision_typed_in_the_tab_is_saved_and_undone(open_window, community):
    original = community.read_bytes()
    window = open_window(community)
    box = decisions_box(window)
    assert box.toPlainText() == ""  # the sample records no decisions
    person.type_text(box, TYPED)
    assert window.editor.undo_stack.undoText() == "Edit decisions"
    saved = save(window, community)
    decision = load_design(community).design.decisions[0]
    assert (decision.id, decision.title, decision.status, decision.decided_by) == (
        "ADR-010", "Shared VMs for the ODB", "accepted", "CIO")
    assert [(o.name, o.variant) for o in decision.options] == [
        ("Shared Mbv3", "shared"), ("Dedicated host", "dedicated")]
    before, after = yaml.safe_load(original), yaml.safe_load(saved)
    assert {k for k in before.keys() | after.keys() if before.get(k) != after.get(k)} == \
        {"decisions"}
    assert "ADR-010" in box.toPlainText()  # the box shows the canonical text back
    person.press(window.view, Qt.Key.Key_Z, person.CTRL)
    assert save(window, community) == original


@pytest.mark.parametrize(("typed", "message"), [
    ("[{id: ADR-1}]", "Field required"),
    ("[{id: ADR-1, title: A, status: maybe}]", "Input should be 'proposed'"),
    ("[{id: A, title: one}, {id: A, title: two}]", "duplicate decision id 'A'"),
    ("[{id: A, title: [unclosed", "not YAML"),
])
def test_a_wrong_decision_is_refused_under_the_box(open_window, community, typed, message):
    original = community.read_bytes()
    window = open_window(community)
    box = decisions_box(window)
    person.type_text(box, typed)
    error = window.inspector.section_forms["decisions"].fields["decisions"].error
    assert error.isVisible() and message in error.text()
    assert window.editor.undo_stack.count() == 0 and not window.modified
    assert community.read_bytes() == original
