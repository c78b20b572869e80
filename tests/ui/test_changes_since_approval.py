"""Changes since approval in the workbench (issue 15 point 2), tried as a reviewer would: an
architect raises an ECP pool's count and moves the arbiter through the Inspector; the reviewer
opens Review > Changes since approval and sees exactly those two changes, marked on the canvas,
with their effect. Review mode on a changed design opens on the plan; the first edit of an
approved design warns once."""

from __future__ import annotations

import shutil

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLineEdit, QPushButton

from tests.ui import person
from workbench.model.io import load_design

ECP, ARBITER = "ecp-east-z1", "arbiter-east"
CHANGED = "Components (2)"


def edit_as_architect(window) -> tuple[int, str]:
    """Raise ECP's count by 4 and move the arbiter to east-z1, through the Inspector."""
    count = window.doc.component(ECP).count
    person.select(window, ECP)
    person.type_text(person.inspector_widget(window, "count"), str(count + 4))
    person.select(window, ARBITER)
    was = window.doc.component(ARBITER).placement.zones[0]
    zones = person.inspector_widget(window, "zones")  # a check box a zone of the region
    window.inspector.form_area.ensureWidgetVisible(zones)
    person.toggle(zones.boxes["east-z1"])
    person.toggle(zones.boxes[was])
    assert window.doc.component(ECP).count == count + 4
    assert window.doc.component(ARBITER).placement.zones == ["east-z1"]
    return count, was


def planned(window, qtbot) -> None:
    """Wait for the plan the Changes dock is computing to be shown."""
    panel = window.changes_panel
    qtbot.waitUntil(lambda: panel.running is None and panel.view.plan is not None,
                    timeout=60_000)


def test_changes_since_approval_lists_marks_and_weighs_the_two_changes(window, qtbot):
    count, was = edit_as_architect(window)
    person.menu(window, "Review", "Changes since approval")
    planned(window, qtbot)
    view = window.changes_view
    assert view.listed() == {CHANGED: [f"~ changed component {ARBITER}",
                                       f"~ changed component {ECP}"]}
    assert "Since the approval by R. Okafor" in view.status.text()
    assert "the saved file flagship.yaml" in view.status.text()
    # field by field, under each change
    head = view.changes.topLevelItem(0)
    fields = {head.child(i).text(0): [(c.text(0), c.text(1), c.text(2))
                                      for c in (head.child(i).child(j)
                                                for j in range(head.child(i).childCount()))]
              for i in range(head.childCount())}
    assert fields[f"~ changed component {ECP}"] == [("count", str(count), str(count + 4))]
    assert fields[f"~ changed component {ARBITER}"] == [("placement.zones", was, "east-z1")]
    # the effect: the application tier's capacity rises, the arbiter's move opens RED-003
    old, new = view.effect_row("application: capacity")
    assert old != new and new.startswith("66.6 M")
    assert view.effect_row("database: capacity")[0] == view.effect_row("database: capacity")[1]
    opened = view.effect.topLevelItem(1)
    assert opened.text(0) == "Findings opened (1)" and "RED-003" in opened.child(0).text(0)
    # marked on the canvas, and only those two
    assert window.changes_panel.marked() == {ECP: "changed", ARBITER: "changed"}
    # choosing a change selects its element
    view.changes.setCurrentItem(head.child(1))
    assert window.scene.selected_ids() == [ECP]
    # Clear highlight removes the marks
    person.menu(window, "Review", "Clear highlight")
    assert window.changes_panel.marked() == {}
    assert view.plan is None


def test_compare_with_a_file_follows_edits_and_marks_what_was_added_and_removed(
        window, qtbot, tmp_path, flagship_copy):
    approved = tmp_path / "approved.yaml"
    shutil.copy(flagship_copy, approved)
    edit_as_architect(window)

    def give_file(dialog: QDialog) -> None:
        field = dialog.findChild(QLineEdit, "revision")
        field.setText(str(approved))
        ok = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok)
        QTest.mouseClick(ok, Qt.MouseButton.LeftButton)

    person.when_dialog(give_file)
    person.menu(window, "Review", "Compare with file or git revision")
    planned(window, qtbot)
    assert window.changes_view.listed() == {CHANGED: [f"~ changed component {ARBITER}",
                                                      f"~ changed component {ECP}"]}
    assert str(approved) in window.changes_view.status.text()
    # a further edit is planned again: the removed element is a ghost, its link too
    window.editor.delete(["kuiper-east"])
    planned(window, qtbot)
    marked = window.changes_panel.marked()
    assert marked["kuiper-east"] == "removed" and marked[ECP] == "changed"
    assert "- removed component kuiper-east" in " ".join(
        window.changes_view.listed()[next(k for k in window.changes_view.listed()
                                          if k.startswith("Components"))])


def test_a_revision_that_cannot_be_read_is_one_line(window, qtbot, tmp_path):
    window.changes_panel.compare_with(str(tmp_path / "missing.yaml"))
    qtbot.waitUntil(lambda: window.changes_panel.running is None, timeout=30_000)
    text = window.changes_view.status.text()
    assert text.startswith("Cannot compare with") and "Compare with file or git revision" \
        in text and "\n" not in text
    assert window.changes_panel.marked() == {}


def test_without_a_findable_approved_revision_the_panel_says_so(make_window, tmp_path, qtbot,
                                                                flagship_copy):
    edited = tmp_path / "edited.yaml"
    text = flagship_copy.read_text().replace("count: 12", "count: 16", 1)
    edited.write_text(text)
    window = make_window(edited)
    person.menu(window, "Review", "Changes since approval")
    qtbot.waitUntil(lambda: window.changes_panel.running is None, timeout=30_000)
    status = window.changes_view.status.text()
    assert "not in a git repository" in status and "Compare with file or git revision" in status


def test_review_mode_on_a_changed_design_opens_on_the_changes(make_window, tmp_path, qtbot,
                                                              flagship_copy):
    import subprocess

    # the approved revision is committed; the file then changed (the arbiter moved)
    repo = tmp_path / "repo"
    repo.mkdir()
    design = repo / "design.yaml"
    shutil.copy(flagship_copy, design)

    def git(*args: str) -> None:
        subprocess.run(["git", "-C", str(repo), "-c", "user.name=t", "-c", "user.email=t@t",
                        *args], check=True, capture_output=True)

    git("init", "-q")
    git("add", "design.yaml")
    git("commit", "-q", "-m", "approved")
    text = design.read_text()
    start = text.index(f"- id: {ARBITER}\n")
    at = text.index("zones: [east-z3]", start)
    design.write_text(text[:at] + "zones: [east-z1]" + text[at + len("zones: [east-z3]"):])
    window = make_window(design, read_only=True)
    planned(window, qtbot)
    dock = person.dock(window, "changes")
    assert dock.isVisible() and not dock.visibleRegion().isEmpty()
    assert window.changes_view.listed() == {"Components (1)":
                                            [f"~ changed component {ARBITER}"]}
    assert "git " in window.changes_view.status.text()
    assert window.changes_panel.marked() == {ARBITER: "changed"}


def test_review_mode_on_an_unchanged_design_computes_nothing(make_window, flagship_copy):
    window = make_window(flagship_copy, read_only=True)
    assert window.changes_panel.source is None and window.changes_view.plan is None


def test_the_first_edit_of_an_approved_design_warns_once(window):
    guard = window.approval_guard
    assert guard.warnings == 0 and guard.banner.isHidden()
    person.select(window, ECP)
    person.type_text(person.inspector_widget(window, "count"), "20")
    assert guard.warnings == 1 and guard.banner.isVisible()
    assert "approved by R. Okafor" in guard.banner.text.text()
    assert window.review.status.text().startswith("CHANGED SINCE APPROVAL")
    assert "design changed since" in window.review.approvals.item(0).text()
    person.type_text(person.inspector_widget(window, "count"), "21")
    assert guard.warnings == 1
    dismiss = guard.banner.findChild(QPushButton)
    QTest.mouseClick(dismiss, Qt.MouseButton.LeftButton)
    assert guard.banner.isHidden()
    person.menu(window, "Edit", "Undo")
    person.menu(window, "Edit", "Undo")  # approved again, and edited again: no second warning
    person.type_text(person.inspector_widget(window, "count"), "22")
    assert guard.warnings == 1 and guard.banner.isHidden()


def test_an_unapproved_design_does_not_warn_until_approved(make_window, tmp_path, flagship_copy):
    plain = tmp_path / "plain.yaml"
    design = load_design(flagship_copy).design
    from workbench.model.canonical import dump_design

    plain.write_text(dump_design(design.model_copy(update={
        "reviews": design.reviews.model_copy(update={"approvals": []})})))
    window = make_window(plain)
    person.select(window, ECP)
    person.type_text(person.inspector_widget(window, "count"), "20")
    assert window.approval_guard.warnings == 0 and window.approval_guard.banner.isHidden()
    # approved in the workbench as it is now, the next edit warns
    from tests.ui.test_changes_review_signing import KEY, button

    def sign(dialog: QDialog) -> None:
        person.type_text(dialog.findChild(QLineEdit, "key"), str(KEY))
        QTest.mouseClick(button(dialog, "Sign and approve"), Qt.MouseButton.LeftButton)

    window.raise_dock("Review")
    person.type_text(window.review.reviewer, "Board")
    person.when_dialog(sign)
    person.click(window.review.approve_button)
    assert window.doc.design.reviews.approvals
    person.select(window, ECP)
    person.type_text(person.inspector_widget(window, "count"), "24")
    assert window.approval_guard.warnings == 1
