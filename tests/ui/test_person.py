"""The workbench used as a person uses it: the window from ``build_window``, selection by
clicking on the canvas, edits through the Inspector's real widgets (mouse, arrow keys, wheel),
menus, dialogs answered by clicking their buttons. Assertions read the saved file."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
)

from tests.conftest import FLAGSHIP, ROOT
from tests.ui import person
from tests.ui.conftest import forget_changes
from workbench.model.canonical import fingerprint
from workbench.model.io import load_design

Yes, No = QMessageBox.StandardButton.Yes, QMessageBox.StandardButton.No


@pytest.fixture
def design_file(tmp_path) -> Path:
    path = tmp_path / "flagship.yaml"
    shutil.copy(FLAGSHIP, path)
    return path


def saved(window, path: Path) -> dict:
    person.press(window.view, Qt.Key.Key_S, person.CTRL)
    assert not window.modified, "Ctrl+S did not save"
    return yaml.safe_load(path.read_text())


def component(data: dict, cid: str) -> dict:
    return next(c for c in data["components"] if c["id"] == cid)


def link(data: dict, lid: str) -> dict:
    return next(c for c in data["links"] if c["id"] == lid)


# ------------------------------------------------------------------------- drop-downs
CHOOSERS = {"mouse": person.choose_by_mouse, "keys": person.choose_by_keys,
            "wheel": person.choose_by_wheel}


@pytest.mark.parametrize("how", sorted(CHOOSERS))
def test_redundancy_mode_and_encryption_drop_downs_change_the_design(open_window, design_file,
                                                                     how):
    window = open_window(design_file)
    person.select(window, "clarity-a")
    choose = CHOOSERS[how]
    choose(person.inspector_widget(window, "mode"), "active-passive")
    choose(person.inspector_widget(window, "encryption_at_rest"), "customer-managed-key")
    data = saved(window, design_file)
    comp = component(data, "clarity-a")
    assert comp["redundancy"]["mode"] == "active-passive"
    assert comp["security"]["encryption_at_rest"] == "customer-managed-key"


@pytest.mark.parametrize("how", sorted(CHOOSERS))
def test_sku_role_and_link_kind_drop_downs(open_window, design_file, how):
    window = open_window(design_file)
    choose = CHOOSERS[how]
    person.select(window, "print-east")
    sku = person.inspector_widget(window, "sku")
    other = next(sku.itemText(i) for i in range(sku.count()) if sku.itemText(i) !=
                 sku.currentText())
    choose(sku, other)
    choose(person.inspector_widget(window, "role"), "kuiper")
    person.select(window, "clarity-a--backup-blob-east")
    kind = person.inspector_widget(window, "kind")
    other_kind = next(kind.itemText(i) for i in range(kind.count())
                      if kind.itemText(i) != kind.currentText())
    choose(kind, other_kind)
    data = saved(window, design_file)
    assert component(data, "print-east")["sku"] == other
    assert component(data, "print-east")["role"] == "kuiper"
    assert link(data, "clarity-a--backup-blob-east")["kind"] == other_kind


def test_log_store_drop_down(open_window, design_file):
    window = open_window(design_file)
    person.select(window, "interconnect-east-z1")
    combo = person.inspector_widget(window, "log_store")
    person.choose_by_mouse(combo, "(default)")
    assert "log_store" not in component(saved(window, design_file),
                                        "interconnect-east-z1")["security"]
    person.choose_by_keys(person.inspector_widget(window, "log_store"), combo.itemText(1))
    assert component(saved(window, design_file), "interconnect-east-z1")["security"][
        "log_store"] == combo.itemText(1)


def test_turning_the_wheel_over_the_form_scrolls_it_and_changes_no_drop_down(open_window,
                                                                             design_file):
    window = open_window(design_file)
    person.select(window, "odb-prod-a")
    combo = person.inspector_widget(window, "mode")
    before = combo.currentText()
    person.leave(combo)
    person.wheel(combo, -120)
    assert combo.currentText() == before and not window.modified


# ------------------------------------------------------------------------- PHI flags
def test_phi_flags_are_three_state_and_show_what_automatic_means(open_window, design_file,
                                                                  qtbot):
    window = open_window(design_file)
    window.live.wait()
    person.settle()
    person.select(window, "odb-prod-a")
    stores = person.inspector_widget(window, "stores_phi")
    assert isinstance(stores, QComboBox)
    assert stores.currentText() == "automatic: yes (role odb-production stores PHI)"
    assert [stores.itemText(i) for i in (1, 2)] == ["yes", "no"]
    person.choose_by_mouse(stores, "no")
    assert component(saved(window, design_file), "odb-prod-a")["stores_phi"] is False
    person.choose_by_keys(person.inspector_widget(window, "stores_phi"), "automatic")
    assert "stores_phi" not in component(saved(window, design_file), "odb-prod-a")


def test_renaming_the_database_keeps_its_phi_findings(open_window, tmp_path, catalog):
    """The 0.1 Inspector saved an unset PHI flag as false: a rename hid three HIPAA errors."""
    from validators.engine import validate

    path = tmp_path / "flawed.yaml"
    shutil.copy(FLAGSHIP.parent / "flawed-design.yaml", path)
    before = validate(load_design(path, catalog).design, catalog)
    window = open_window(path)
    target = next(c.id for c in window.doc.design.components if c.role == "odb-production")
    person.select(window, target)
    person.type_text(person.inspector_widget(window, "name"), "Production ODB (renamed)")
    person.press(window.view, Qt.Key.Key_S, person.CTRL)
    after = validate(load_design(path, catalog).design, catalog)
    assert {(f.rule, f.targets) for f in after.findings} == \
        {(f.rule, f.targets) for f in before.findings}
    assert component(yaml.safe_load(path.read_text()), target).get("stores_phi") is None


def test_a_check_box_and_a_line_edit(open_window, design_file):
    window = open_window(design_file)
    person.select(window, "clarity-a")
    box = person.inspector_widget(window, "admin_mfa")
    assert isinstance(box, QCheckBox)
    was = box.isChecked()
    person.toggle(box)
    count = person.inspector_widget(window, "count")
    assert isinstance(count, QLineEdit)
    person.type_text(count, "3")
    comp = component(saved(window, design_file), "clarity-a")
    assert comp["security"]["admin_mfa"] is (not was) and comp["count"] == 3


def test_a_wrong_value_shows_an_error_under_the_field_and_changes_nothing(open_window,
                                                                         design_file):
    window = open_window(design_file)
    person.select(window, "clarity-a")
    person.type_text(person.inspector_widget(window, "count"), "many")
    errors = [label.text() for label in
              person.dock(window, "inspector").findChildren(QLabel)
              if label.isVisibleTo(window) and "integer" in label.text()]
    assert errors and not window.modified


# ------------------------------------------------------------------------- undo, files
def test_undo_and_redo_from_the_edit_menu(open_window, design_file):
    window = open_window(design_file)
    original = design_file.read_text()
    person.select(window, "clarity-a")
    person.type_text(person.inspector_widget(window, "count"), "4")
    person.menu(window, "Edit", "Undo")
    assert window.doc.component("clarity-a").count != 4
    person.menu(window, "Edit", "Redo")
    assert window.doc.component("clarity-a").count == 4
    person.press(window.view, Qt.Key.Key_Z, person.CTRL)
    person.menu(window, "File", "Save")
    assert design_file.read_text() == original


def test_save_close_and_reopen(open_window, design_file, qtbot):
    window = open_window(design_file)
    person.select(window, "clarity-a")
    person.type_text(person.inspector_widget(window, "name"), "Clarity (East)")
    asked: list[str] = []
    person.answer(QMessageBox.StandardButton.Save, asked)
    window.close()
    assert asked == ["Save your changes first?"] and not window.isVisible()
    again = open_window(design_file)
    assert again.doc.component("clarity-a").name == "Clarity (East)"
    assert not again.modified


def test_crash_then_relaunch_offers_the_unsaved_edit(open_window, design_file, qtbot,
                                                      monkeypatch):
    monkeypatch.setenv("EHRWB_AUTOSAVE_SECONDS", "0.1")
    window = open_window(design_file)
    person.select(window, "clarity-a")
    person.type_text(person.inspector_widget(window, "count"), "5")
    qtbot.waitUntil(lambda: _recovery(design_file), timeout=5000)  # the autosave tick
    window.autosave.stop()
    window.hide()  # the process dies here: no save, no close event
    asked: list[str] = []
    person.answer(Yes, asked)
    relaunched = open_window(design_file)
    qtbot.waitUntil(lambda: bool(asked), timeout=5000)
    person.settle()
    assert asked == ["flagship.yaml has unsaved changes from a session that did not end "
                     "cleanly. Restore them?"]
    assert relaunched.doc.component("clarity-a").count == 5 and relaunched.modified


def _recovery(path: Path | None) -> bool:
    from workbench.ui.files import recovery_file

    return recovery_file(path).exists()


def test_closing_a_window_that_never_offered_recovery_keeps_the_recovery_file(
        open_window, design_file, catalog, qtbot, monkeypatch):
    from workbench.ui.app import build_window
    from workbench.ui.files import recovery_file

    monkeypatch.setenv("EHRWB_AUTOSAVE_SECONDS", "0.1")
    window = open_window(design_file)
    person.select(window, "clarity-a")
    person.type_text(person.inspector_widget(window, "count"), "5")
    qtbot.waitUntil(lambda: _recovery(design_file), timeout=5000)
    window.editor.undo_stack.setClean()  # the process dies
    window.hide()
    viewer = build_window(catalog, design_file, recover=False)  # as --screenshot does
    qtbot.addWidget(viewer, before_close_func=forget_changes)
    viewer.close()
    assert recovery_file(design_file).exists()


def test_an_untitled_design_is_recovered_after_a_crash(open_window, qtbot, monkeypatch):
    monkeypatch.setenv("EHRWB_AUTOSAVE_SECONDS", "0.1")
    window = open_window(None)
    person.menu(window, "File", "New", "Empty design")
    person.menu(window, "Insert", "Site")
    assert window.doc.path is None and window.modified
    qtbot.waitUntil(lambda: _recovery(None), timeout=5000)
    window.autosave.stop()
    window.hide()
    asked: list[str] = []
    person.answer(Yes, asked)
    relaunched = open_window(None)
    qtbot.waitUntil(lambda: bool(asked), timeout=5000)
    person.settle()
    assert asked[0].startswith("An untitled design has unsaved changes")
    assert relaunched.doc.path is None and relaunched.modified
    assert len(relaunched.doc.design.placement.sites) == 1


# ------------------------------------------------------------------------- review, what-if
def test_review_and_approve_with_the_buttons(open_window, design_file, qtbot):
    before = fingerprint(load_design(design_file).design)
    window = open_window(design_file, read_only=True)
    review = person.dock(window, "review")
    review.raise_()
    person.settle()
    name = next(w for w in review.findChildren(QLineEdit) if w.isVisibleTo(window))
    person.type_text(name, "Dr. Reviewer")
    note = next(w for w in review.findChildren(QPlainTextEdit) if w.isVisibleTo(window))
    person.type_text(note, "Looks right.")
    approve = next(b for b in review.findChildren(QPushButton) if b.text() == "Approve")

    def confirm_and_sign(dialog) -> None:  # Approve asks first, and signs with the key
        person.type_text(dialog.findChild(QLineEdit, "key"),
                         str(ROOT / "tests" / "fixtures" / "keys" / "architecture-board.pem"))
        person.click(next(b for b in dialog.findChildren(QPushButton)
                          if b.text() == "Sign and approve"))

    person.when_dialog(confirm_and_sign)
    person.click(approve)
    # back at the window after the dialog (see test_derive_menu) before the shortcut
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    person.press(window.view, Qt.Key.Key_S, person.CTRL)
    design = load_design(design_file).design
    assert [(a.reviewer, a.decision, a.fingerprint) for a in design.reviews.approvals][-1] == \
        ("Dr. Reviewer", "approve", before)
    assert fingerprint(design) == before
    assert design.reviews.approvals[-1].signature is not None


def test_choosing_a_scenario_greys_out_what_it_loses(open_window, design_file, qtbot):
    window = open_window(design_file)
    window.live.wait()
    person.settle()
    person.dock(window, "scenarios").raise_()
    person.settle()
    table = window.scenarios_view.table
    row = next(i for i in range(table.rowCount())
               if table.item(i, 0).text().startswith("lose zone east-z1"))
    table.scrollToItem(table.item(row, 0))
    person.click(table.viewport(), table.visualItemRect(table.item(row, 0)).center())
    lost = [eid for eid, node in window.scene.nodes.items() if node.opacity() < 1]
    assert "odb-prod-a" in lost and "odb-prod-b" not in lost


# ------------------------------------------------------------------------- export
def test_export_from_the_file_menu(open_window, design_file, tmp_path, qtbot, monkeypatch):
    from PySide6.QtWidgets import QFileDialog

    window = open_window(design_file)
    target = tmp_path / "board.pdf"
    # Qt's own file dialog is not ours to test: the person's answer is the file name
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        staticmethod(lambda *a, **k: (str(target), "PDF (*.pdf)")))
    person.menu(window, "File", "Export PDF")
    qtbot.waitUntil(lambda: getattr(window, "export_done", None) is not None, timeout=60_000)
    assert window.export_done[0], window.export_done
    assert target.read_bytes()[:5] == b"%PDF-"
    assert load_design(target).design == load_design(design_file).design


# ------------------------------------------------------------------------- quick insert
def test_quick_insert_with_the_keyboard(open_window, design_file, qtbot):
    window = open_window(design_file)
    person.select(window, "east-z2")
    before = len(window.doc.design.components)

    def type_query(dialog):
        QTest.keyClicks(dialog.query, "print d8s")
        QTest.keyClick(dialog.query, Qt.Key.Key_Return)

    person.when_dialog(type_query)
    person.press(window.view, Qt.Key.Key_K, person.CTRL)
    new = window.doc.design.components[-1]
    assert len(window.doc.design.components) == before + 1
    assert (new.role, new.sku, new.placement.zones) == ("print-server", "azure-d8s-v5",
                                                        ["east-z2"])


# ------------------------------------------------------------------------- window size
def test_the_window_resizes_to_1280_by_740_with_charts_drawn(open_window, design_file):
    window = open_window(design_file)
    window.live.wait()
    person.dock(window, "capacity").raise_()
    person.settle()
    window.capacity_view.wait()
    person.settle()
    assert window.capacity_view.canvases and \
        not window.capacity_view.canvases[0].pixmap().isNull()
    window.resize(1280, 740)
    person.settle()
    assert (window.width(), window.height()) == (1280, 740)
    assert window.view.width() > 400 and window.view.height() > 200


def test_file_new_keeps_the_canvas_wide(open_window, design_file):
    window = open_window(design_file)
    width = window.view.width()
    person.menu(window, "File", "New", "Empty design")
    person.settle()
    assert window.view.width() >= width - 2
    QApplication.processEvents()


def test_opening_an_exported_pdf_from_the_command_line(open_window, design_file, tmp_path,
                                                       catalog):
    from exports.document import export_pdf

    pdf = tmp_path / "board.pdf"
    export_pdf(load_design(design_file).design, catalog, pdf, "a4")
    window = open_window(pdf)
    assert window.doc.path is None  # saving asks for a name: never over the PDF
    assert window.doc.design == load_design(design_file).design
