"""Design > Derive ... counterpart: the variant lands in the open design as one undoable step,
and the mapping report, what could not be mapped included, is shown."""

from __future__ import annotations

import shutil

from PySide6.QtWidgets import QApplication, QMessageBox

from tests.conftest import SAMPLES, without_variants
from tests.ui import person
from workbench.model.io import load_design

OK = QMessageBox.StandardButton.Ok


def back_to_the_window(window) -> None:  # type: ignore[no-untyped-def]
    """The report dialog answered, a person is back at the window: no menu left open."""
    while QApplication.activePopupWidget() is not None:
        QApplication.activePopupWidget().close()
    window.activateWindow()
    person.settle()


def test_derive_shared_counterpart_of_the_flagship_and_undo_it(open_window, flagship_copy):
    flagship_copy.write_text(without_variants(flagship_copy.read_text(encoding="utf-8")),
                             encoding="utf-8")  # the flagship's base alone
    window = open_window(flagship_copy)
    assert window.doc.design.variants == []
    seen: list[str] = []
    person.answer(OK, seen)
    person.menu(window, "Design", "Derive shared counterpart")
    back_to_the_window(window)
    assert window.menus.derive_action.text() == "Derive shared counterpart..."
    variants = window.doc.design.variants
    assert [(v.name, v.tenancy) for v in variants] == [("shared", "shared")]
    assert {c.component: c.sku for c in variants[0].changes} == {
        "odb-rpt": "azure-m176bds-4-v3", "backup-snap-east": "azure-backup-vault",
        "odb-prod-a": "azure-m416bs-v3", "odb-prod-b": "azure-m416bs-v3",
        "odb-dr": "azure-m416bs-v3"}
    # the report: what mapped, and what the variant cannot make good, with its figures
    assert len(seen) == 1
    assert seen[0].startswith("variant 'shared' (dedicated -> shared): 5 components mapped, 0 "
                              "not mapped")
    assert "odb-prod-a: peak demand 14 M GRefs/s is above the shared-tenancy ceiling 12 M " \
           "GRefs/s" in seen[0]
    undo = window.menus.undo_action
    assert undo.text().replace("&", "") == "Undo Derive shared counterpart"
    # saved, the file holds the variant; the command line reads it
    person.menu(window, "File", "Save")
    assert [v.name for v in load_design(flagship_copy).design.variants] == ["shared"]
    person.menu(window, "Edit", "Undo")
    assert window.doc.design.variants == []


def test_a_shared_design_derives_its_dedicated_counterpart(open_window, tmp_path):
    path = tmp_path / "community.yaml"
    shutil.copy(SAMPLES / "community-hospital-shared.yaml", path)
    window = open_window(path)
    before = window.doc.design.variants  # the sample's own 'dedicated': the database only
    assert [len(v.changes) for v in before] == [3]
    seen: list[str] = []
    person.answer(OK, seen)
    person.menu(window, "Design", "Derive dedicated counterpart")
    back_to_the_window(window)
    [variant] = window.doc.design.variants  # the derived one replaces it, by name
    assert variant.tenancy == "dedicated" and len(variant.changes) == 12
    assert "NOT MAPPED (they stay shared in the variant):" in seen[0]
    person.menu(window, "Edit", "Undo")
    assert window.doc.design.variants == before


def test_reviewers_cannot_derive(make_window, flagship_copy):
    window = make_window(flagship_copy, read_only=True)
    assert not window.menus.derive_action.isEnabled()
