"""The menus act on the design open now, through the panels' protocol."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox

from tests.ui import person


def test_edit_select_all_selects_everything_in_one_change(window, flagship_copy):
    window.answers.queue = [QMessageBox.StandardButton.Discard]
    assert window.open_path(flagship_copy)  # the menus follow a design opened again
    d = window.doc.design
    told: list[int] = []

    def tell() -> None:
        told.append(len(window.scene.selected_ids()))

    window.scene.selectionChanged.connect(tell)
    try:
        person.menu(window, "Edit", "Select all")
        every = {c.id for c in d.components} | {s.id for s in d.placement.sites} | {
            x.id for x in d.links}
        assert set(window.scene.selected_ids()) == every
        assert told == [len(every)]  # one change: the Inspector and status line told once
        assert window.status_line.counts.text().endswith(f"| {len(every)} selected")
    finally:  # a scene being destroyed tells its selection changed
        window.scene.selectionChanged.disconnect(tell)


def test_undo_is_named_after_the_step_and_follows_the_new_design(window):
    person.menu(window, "File", "New", "Empty design")
    undo = window.menus.undo_action
    assert not undo.isEnabled()
    person.menu(window, "Insert", "Site")
    assert undo.isEnabled() and undo.text().replace("&", "").startswith("Undo Add site")
    person.menu(window, "Edit", "Undo")
    assert window.doc.design.placement.sites == [] and not undo.isEnabled()
