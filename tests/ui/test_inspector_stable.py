"""The Inspector stays put while a person edits (issue 16, point 3), and picks what it can.

An edit made in the Inspector, and its undo with Ctrl+Z, writes the new values into the same
widgets: the form is not rebuilt, the scroll position and the design's tab stay, and an edited
link stays selected. Zones of a component are ticked among its region's zones; a region's zones
are rows of a table (add, remove, rename, the catalog zone from a drop-down); link ends are
chosen from the elements the link's kind may join; dates are typed or picked as yyyy-MM-dd with
an explicit "no date"; a long value shows its beginning. Every change is made with clicks and
key presses on the real widgets.
"""

from __future__ import annotations

import datetime as dt

import shiboken6
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QLineEdit,
    QTableWidget,
    QTabWidget,
)

from catalogs import SITE
from tests.ui import person
from workbench.ui.inspector import ModelForm
from workbench.ui.pickers import RowsTable
from workbench.ui.widgets import CheckList, DateField

ECP_LINK = "ecp-east-z1--odb-prod-a"  # ecp joins an ECP application server to an ODB


# ---------------------------------------------------------------------------- what a person does
def analysed(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    """The live check after an edit has run and been shown (it renews the PHI choices)."""
    qtbot.waitUntil(lambda: not window.live._timer.isActive(), timeout=5000)
    assert window.live.wait()
    person.settle()


def undo(window) -> None:  # type: ignore[no-untyped-def]
    """Ctrl+Z in the window (the one a person types into is active: on an X server with no
    window manager a click does not make it so)."""
    window.activateWindow()
    person.settle()
    person.press(window.view, Qt.Key.Key_Z, person.CTRL)


def scroll_down(window, notches: int) -> int:  # type: ignore[no-untyped-def]
    """Turn the mouse wheel over the Inspector's form; the scroll bar's value after it."""
    area = window.inspector.form_area
    for _ in range(notches):
        person.wheel(area.viewport(), -120)
    return area.verticalScrollBar().value()


def on_screen(window, widget) -> bool:  # type: ignore[no-untyped-def]
    """The widget is inside the part of the form the scroll area shows."""
    viewport = window.inspector.form_area.viewport()
    top_left = widget.mapTo(viewport, widget.rect().topLeft())
    return viewport.rect().contains(top_left) and top_left.y() + widget.height() <= \
        viewport.height()


def type_date(field: DateField, text: str) -> None:
    """Double-click the year to select it and type the date's digits (the date edit moves on
    to the month and the day by itself once a part is full), then press Return."""
    line = field.date.lineEdit()
    QTest.mouseDClick(line, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                      QPoint(line.fontMetrics().horizontalAdvance("20") + 2,
                             line.height() // 2))
    person.settle()
    assert line.selectedText() == line.text()[:4], "the year is not selected"
    QTest.keyClicks(field.date, text.replace("-", ""))
    QTest.keyClick(field.date, Qt.Key.Key_Return)
    person.settle()


def edit_cell(table: QTableWidget, row: int, column: int, text: str) -> None:
    """Double-click the cell, select what it holds, type and press Return."""
    item = table.item(row, column)
    assert item is not None
    rect = table.visualItemRect(item)
    person.click(table.viewport(), rect.center())
    QTest.mouseDClick(table.viewport(), Qt.MouseButton.LeftButton,
                      Qt.KeyboardModifier.NoModifier, rect.center())
    person.settle()
    editor = table.viewport().focusWidget() or table.focusWidget()
    editor = next((w for w in table.findChildren(QLineEdit) if w.isVisible()), editor)
    assert isinstance(editor, QLineEdit), "the cell did not open for typing"
    QTest.keyClick(editor, Qt.Key.Key_A, person.CTRL)
    QTest.keyClicks(editor, text)
    QTest.keyClick(editor, Qt.Key.Key_Return)
    person.settle()


def click_row(table: QTableWidget, row: int) -> None:
    item = table.item(row, 0)
    assert item is not None
    person.click(table.viewport(), table.visualItemRect(item).center())


def design_tab(window, title: str) -> QTabWidget:  # type: ignore[no-untyped-def]
    """Nothing selected (Escape, or a click on empty canvas), then a click on the tab."""
    person.press(window.view, Qt.Key.Key_Escape)
    if window.scene.selected_ids():
        window.scene.clearSelection()
        person.settle()
    tabs = window.inspector.form_area.widget()
    assert isinstance(tabs, QTabWidget)
    bar = tabs.tabBar()
    index = [tabs.tabText(i) for i in range(tabs.count())].index(title)
    person.click(bar, bar.tabRect(index).center())
    assert tabs.currentIndex() == index
    return tabs


def form_of(window) -> ModelForm:  # type: ignore[no-untyped-def]
    form = window.inspector.form
    assert form is not None
    return form


# ---------------------------------------------------------------------------- staying put
def test_an_edit_at_the_bottom_keeps_the_scroll_and_the_same_widgets(window, qtbot):
    person.select(window, "odb-prod-a")
    form = form_of(window)
    notes = form.fields["notes"].widget
    bar = window.inspector.form_area.verticalScrollBar()
    assert bar.maximum() > 0, "the component's form is taller than the dock"
    scrolled = scroll_down(window, 40)
    assert scrolled > 0 and on_screen(window, notes), "the wheel did not reach the bottom"

    person.type_text(notes, "Sized for 14 M GRefs/s")
    analysed(window, qtbot)
    assert window.doc.component("odb-prod-a").notes == "Sized for 14 M GRefs/s"
    assert bar.value() == scrolled
    assert window.inspector.form is form and shiboken6.isValid(notes)
    assert form.fields["notes"].widget is notes

    undo(window)
    analysed(window, qtbot)
    assert window.doc.component("odb-prod-a").notes is None
    assert notes.text() == "" and form.fields["notes"].widget is notes
    assert bar.value() == scrolled and window.inspector.form is form


def test_a_policy_edit_and_its_undo_stay_on_the_policy_tab(window, qtbot):
    tabs = design_tab(window, "Policy")
    policy = window.inspector.section_forms["policy"]
    field = policy.subforms["compliance"].fields["emergency_access_procedure"].widget
    window.inspector.form_area.ensureWidgetVisible(field)
    person.settle()
    scrolled = window.inspector.form_area.verticalScrollBar().value()
    before = window.doc.design.policy.compliance.emergency_access_procedure

    person.type_text(field, "BG-7 break-glass procedure")
    analysed(window, qtbot)
    compliance = window.doc.design.policy.compliance
    assert compliance.emergency_access_procedure == "BG-7 break-glass procedure"
    assert window.inspector.form_area.widget() is tabs and tabs.tabText(
        tabs.currentIndex()) == "Policy"
    assert window.inspector.section_forms["policy"] is policy

    undo(window)
    analysed(window, qtbot)
    assert window.doc.design.policy.compliance.emergency_access_procedure == before
    assert window.inspector.form_area.widget() is tabs and tabs.tabText(
        tabs.currentIndex()) == "Policy"
    assert field.text() == before and shiboken6.isValid(field)
    assert window.inspector.form_area.verticalScrollBar().value() == scrolled


def test_editing_a_link_keeps_it_selected(window, qtbot):
    person.select(window, ECP_LINK)
    form = form_of(window)
    person.type_text(form.fields["bandwidth_mbps"].widget, "40000")
    analysed(window, qtbot)
    assert window.doc.element("link", ECP_LINK).bandwidth_mbps == 40000
    assert window.scene.selected_ids() == [ECP_LINK]
    assert window.inspector.current == ECP_LINK and window.inspector.form is form

    person.choose_by_mouse(form.fields["to"].widget, "odb-sup")  # the link is drawn anew
    analysed(window, qtbot)
    assert window.doc.element("link", ECP_LINK).to == "odb-sup"
    assert window.scene.selected_ids() == [ECP_LINK] and window.inspector.form is form

    undo(window)
    analysed(window, qtbot)
    assert window.doc.element("link", ECP_LINK).to == "odb-prod-a"
    assert form.fields["to"].widget.currentText() == "odb-prod-a"
    assert window.scene.selected_ids() == [ECP_LINK] and window.inspector.form is form


# ---------------------------------------------------------------------------- pickers
def test_link_ends_are_chosen_among_the_elements_the_kind_may_join(window, catalog):
    person.select(window, ECP_LINK)
    form = form_of(window)
    ends = {name: form.fields[name].widget for name in ("from_", "to")}
    offered = {name: [w.itemText(i) for i in range(w.count())] for name, w in ends.items()}
    # an ECP link joins an ECP application server to a database: those ends and no others
    assert offered["to"] == ["odb-dr", "odb-prod-a", "odb-prod-b", "odb-rpt", "odb-sup"]
    assert offered["from_"] == ["ecp-dr", "ecp-east-z1", "ecp-east-z2"]
    for end in offered["to"]:
        role = window.doc.component(end).role
        assert "ecp" in catalog.link_kinds_between("ecp-app", role) or \
            "ecp" in catalog.link_kinds_between(window.doc.component("ecp-east-z1").role, role)
    assert "main" not in offered["to"] and SITE not in offered["to"]  # no site, no client

    person.choose_by_keys(ends["from_"], "ecp-east-z2")
    assert window.doc.element("link", ECP_LINK).from_ == "ecp-east-z2"
    assert window.editor.undo_stack.undoText() == f"Edit {ECP_LINK}"
    assert window.scene.selected_ids() == [ECP_LINK]


def test_zones_are_ticked_among_the_regions_zones(window):
    person.select(window, "arbiter-east")
    form = form_of(window)
    picker = form.subforms["placement"].fields["zones"].widget
    assert isinstance(picker, CheckList)
    assert list(picker.boxes) == ["east-z1", "east-z2", "east-z3"]
    assert [b.isChecked() for b in picker.boxes.values()] == [False, False, True]
    boxes = dict(picker.boxes)

    window.inspector.form_area.ensureWidgetVisible(picker)
    person.toggle(picker.boxes["east-z1"])
    placement = window.doc.component("arbiter-east").placement
    assert (placement.region, placement.zones) == ("east", ["east-z3", "east-z1"])
    person.toggle(picker.boxes["east-z3"])
    assert window.doc.component("arbiter-east").placement.zones == ["east-z1"]
    assert picker.boxes == boxes, "the check boxes were made anew"
    assert window.scene.selected_ids() == ["arbiter-east"] and window.inspector.form is form

    undo(window)
    undo(window)
    assert window.doc.component("arbiter-east").placement.zones == ["east-z3"]
    assert [b.isChecked() for b in picker.boxes.values()] == [False, False, True]


def test_a_component_at_a_site_has_no_zones_to_tick(window):
    person.select(window, "bca-pc-main")
    picker = form_of(window).subforms["placement"].fields["zones"].widget
    assert isinstance(picker, CheckList)
    assert picker.boxes == {} and picker.none.isVisibleTo(window)


def test_a_regions_zones_are_added_renamed_and_removed_in_a_table(window):
    person.select(window, "east")
    form = form_of(window)
    zones = form.fields["zones"].widget
    assert isinstance(zones, RowsTable)
    table = zones.table
    window.inspector.form_area.ensureWidgetVisible(zones)
    person.settle()
    assert [table.item(r, 0).text() for r in range(table.rowCount())] == \
        ["east-z1", "east-z2", "east-z3"]

    # rename: the components in the zone and its proximity groups follow, one undo step
    edit_cell(table, 2, 0, "east-z3a")
    region = window.doc.region("east")
    assert [z.id for z in region.zones] == ["east-z1", "east-z2", "east-z3a"]
    assert window.doc.component("arbiter-east").placement.zones == ["east-z3a"]
    assert "east-z3a" in window.scene.containers and "east-z3" not in window.scene.containers
    assert window.editor.undo_stack.undoText() == "Rename zone east-z3 to east-z3a"
    assert window.scene.selected_ids() == ["east"] and window.inspector.form is form
    undo(window)
    assert window.doc.component("arbiter-east").placement.zones == ["east-z3"]
    assert table.item(2, 0).text() == "east-z3" and window.inspector.form is form

    # add: a fresh id; the catalog zone is chosen from the catalog region's zones
    person.click(zones.add)
    region = window.doc.region("east")
    assert [z.id for z in region.zones] == ["east-z1", "east-z2", "east-z3", "east-z4"]
    combo = zones._combo(3)
    offered = [combo.itemText(i) for i in range(combo.count())]
    assert offered == ["(none)", "1", "2", "3"]
    person.choose_by_mouse(combo, "2")
    assert window.doc.region("east").zones[3].catalog_zone == "2"
    edit_cell(table, 3, 1, "East US spare")
    assert window.doc.region("east").zones[3].name == "East US spare"

    # remove: a zone with components in it is refused, an empty one goes
    click_row(table, 0)
    person.click(zones.remove)
    assert [z.id for z in window.doc.region("east").zones][0] == "east-z1"
    error = form.fields["zones"].error
    assert error.isVisible() and "east-z1" in error.text()
    assert table.rowCount() == 4, "the zone whose removal was refused is not shown again"
    click_row(table, 3)
    person.click(zones.remove)
    assert [z.id for z in window.doc.region("east").zones] == ["east-z1", "east-z2", "east-z3"]
    assert not error.isVisible() and window.inspector.form is form


def test_proximity_groups_are_rows_too_and_renaming_one_carries_its_members(window):
    person.select(window, "east")
    form = form_of(window)
    groups = form.fields["proximity_groups"].widget
    assert isinstance(groups, RowsTable)
    window.inspector.form_area.ensureWidgetVisible(groups)
    person.settle()
    assert window.doc.component("odb-prod-a").placement.proximity_group == "east-ppg-1"

    edit_cell(groups.table, 0, 0, "east-ppg-a")
    assert [g.id for g in window.doc.region("east").proximity_groups] == \
        ["east-ppg-a", "east-ppg-2"]
    assert window.doc.component("odb-prod-a").placement.proximity_group == "east-ppg-a"
    assert window.editor.undo_stack.undoText() == \
        "Rename proximity group east-ppg-1 to east-ppg-a"

    person.click(groups.add)  # a fresh id, in the first zone no group is in yet
    added = window.doc.region("east").proximity_groups[2]
    assert (added.id, added.zone) == ("east-ppg-3", "east-z3")
    combo = groups._combo(2)
    assert [combo.itemText(i) for i in range(combo.count())] == \
        ["(none)", "east-z1", "east-z2", "east-z3"]
    person.choose_by_mouse(combo, "(none)")
    assert window.doc.region("east").proximity_groups[2].zone is None

    undo(window)
    undo(window)
    undo(window)
    assert window.doc.component("odb-prod-a").placement.proximity_group == "east-ppg-1"
    assert groups.table.rowCount() == 2 and groups.table.item(0, 0).text() == "east-ppg-1"
    assert window.inspector.form is form and window.scene.selected_ids() == ["east"]

    click_row(groups.table, 0)  # odb-prod-a is in it: refused, said under the groups
    person.click(groups.remove)
    assert len(window.doc.region("east").proximity_groups) == 2
    assert form.fields["proximity_groups"].error.isVisible()
    assert "east-ppg-1" in form.fields["proximity_groups"].error.text()
    assert not form.fields["zones"].error.isVisible()
    assert groups.table.rowCount() == 2, "the group whose removal was refused is not shown"


def test_dates_are_typed_as_iso_and_can_be_left_out(window, qtbot):
    tabs = design_tab(window, "Policy")
    field = window.inspector.section_forms["policy"].subforms["compliance"].fields[
        "last_dr_test"].widget
    assert isinstance(field, DateField)
    window.inspector.form_area.ensureWidgetVisible(field)
    person.settle()
    assert field.date.displayFormat() == "yyyy-MM-dd" and field.date.calendarPopup()
    assert field.date.text() == "2026-06-14"

    type_date(field, "2025-01-15")
    compliance = window.doc.design.policy.compliance
    assert compliance.last_dr_test == dt.date(2025, 1, 15)
    assert field.date.text() == "2025-01-15"
    assert window.editor.undo_stack.undoText() == "Edit policy"

    person.toggle(field.dated)  # no date
    assert window.doc.design.policy.compliance.last_dr_test is None
    assert field.date.text() == "no date" and not field.date.isEnabled()

    undo(window)
    analysed(window, qtbot)
    assert window.doc.design.policy.compliance.last_dr_test == dt.date(2025, 1, 15)
    assert field.dated.isChecked() and field.date.text() == "2025-01-15"
    assert tabs.tabText(tabs.currentIndex()) == "Policy" and shiboken6.isValid(field)


def test_the_metadata_date_is_a_date_picker(window):
    design_tab(window, "Metadata")
    field = window.inspector.section_forms["metadata"].fields["effective_date"].widget
    assert isinstance(field, DateField)
    assert field.date.text() == "2026-11-02"
    type_date(field, "2027-05-28")
    assert window.doc.design.metadata.effective_date == dt.date(2027, 5, 28)
    assert field.date.text() == "2027-05-28"


def test_a_long_value_shows_its_beginning(window):
    person.select(window, "odb-prod-a")
    name = form_of(window).fields["name"].widget
    assert isinstance(name, QLineEdit)
    assert name.cursorPosition() == 0  # shown from its start when the form opens
    long = "Production ODB failover member A in East US zone 1, " * 3
    person.focus_by_click(name)
    QTest.keyClick(name, Qt.Key.Key_End)
    QTest.keyClicks(name, " " + long)
    QTest.keyClick(name, Qt.Key.Key_Return)
    person.leave(name)
    assert window.doc.component("odb-prod-a").name.endswith(long.strip())
    assert name.cursorPosition() == 0


def test_reviewers_see_the_pickers_but_cannot_use_them(make_window, flagship_copy):
    window = make_window(flagship_copy, read_only=True)
    person.select(window, "east")
    zones = form_of(window).fields["zones"].widget
    assert isinstance(zones, RowsTable)
    assert not zones.add.isEnabled() and not zones.remove.isEnabled()
    assert zones.table.editTriggers() != QAbstractItemView.EditTrigger.NoEditTriggers or \
        not zones.table.isEnabled()
    person.select(window, "arbiter-east")
    picker = form_of(window).subforms["placement"].fields["zones"].widget
    assert not picker.boxes["east-z1"].isEnabled()


def test_ctrl_z_in_the_field_just_committed_undoes_the_edit_in_place(window, qtbot):
    person.select(window, "odb-prod-a")
    form = form_of(window)
    notes = form.fields["notes"].widget
    scrolled = scroll_down(window, 40)
    person.type_text(notes, "Sized for 14 M GRefs/s")  # Return commits; the focus stays
    person.press(notes, Qt.Key.Key_Z, person.CTRL)  # the window's Undo, not the line's
    analysed(window, qtbot)
    assert window.doc.component("odb-prod-a").notes is None and notes.text() == ""
    assert window.inspector.form is form and form.fields["notes"].widget is notes
    assert window.inspector.form_area.verticalScrollBar().value() == scrolled
    QTest.keyClicks(notes, "half typed")  # not committed yet: Ctrl+Z takes back the typing
    person.press(notes, Qt.Key.Key_Z, person.CTRL)
    assert notes.text() == "" and window.editor.undo_stack.canRedo()


def test_no_field_opens_a_window_of_its_own(window):
    """Each form (every kind of element, and the design's tabs) is built inside the dock: a
    widget shown before it had a parent flashed as a window and took the main window's
    activation, so that the next Delete or Ctrl+Z did nothing."""
    # windows shown before (an earlier test's) are not this window's
    before = [w for w in QApplication.topLevelWidgets() if w.isVisible()]
    for target in ("odb-prod-a", ECP_LINK, "east", "east-z1", "main", None):
        if target is None:
            person.press(window.view, Qt.Key.Key_Escape)
            window.scene.clearSelection()
        else:
            window.scene.select_ids([target])
        person.settle()
        assert window.inspector.current == target
        strays = [w for w in QApplication.topLevelWidgets()
                  if w.isVisible() and w is not window and not w.inherits("QDockWidget")
                  and not any(w is shown for shown in before)]
        assert not strays, f"{target}: {strays}"
        assert QApplication.activeWindow() is window, f"{target}: the window lost activation"
