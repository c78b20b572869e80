"""The window gives the canvas the space, remembers its size and dock layout, resets it on
request, and every action has its own keys: the standard shortcuts work as keys pressed on
the window, and no two actions share one."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMenu, QMessageBox, QWidget

from tests.ui import person

Button = QMessageBox.StandardButton


def every_action(window) -> set[QAction]:
    """Every action of the window: its own, its menus' (submenus too), its widgets'."""
    found: set[QAction] = set(window.findChildren(QAction)) | set(window.actions())

    def walk(menu: QMenu) -> None:
        for action in menu.actions():
            found.add(action)
            sub = action.menu()
            if isinstance(sub, QMenu):
                walk(sub)

    for menu in window.findChildren(QMenu):
        walk(menu)
    for widget in window.findChildren(QWidget):
        found |= set(widget.actions())
    return found


def keys_of(window) -> dict[str, list[str]]:
    """Each key sequence with the actions bound to it."""
    bound: dict[str, list[str]] = {}
    for action in every_action(window):
        for key in action.shortcuts():
            if not key.isEmpty():
                bound.setdefault(key.toString(), []).append(action.text().replace("&", ""))
    return bound


def activate(window) -> None:
    """The person's window is the active one (a menu closing may leave none active on the
    offscreen platform)."""
    window.activateWindow()
    assert QTest.qWaitForWindowActive(window)


def press_keys(window, sequence: str) -> None:
    activate(window)
    QTest.keySequence(window, QKeySequence(sequence))
    person.settle()


def focus_canvas(window) -> None:
    activate(window)
    window.view.setFocus(Qt.FocusReason.MouseFocusReason)
    person.settle()


# ---------------------------------------------------------------------------- shortcuts
def test_no_two_actions_share_a_key(window):
    bound = keys_of(window)
    shared = {key: names for key, names in bound.items() if len(names) > 1}
    assert not shared, f"keys bound to more than one action: {shared}"
    for key in ("Ctrl+Y", "Ctrl+Shift+Z", "Ctrl+=", "Ctrl++", "Ctrl+-", "Ctrl+W", "Ctrl+F",
                "Esc", "Ctrl+Shift+S"):
        assert key in bound, f"{key} does nothing: {sorted(bound)}"
    assert bound["Ctrl+Shift+S"] == ["Save as..."]


def test_zoom_keys_zoom_the_canvas(window):
    focus_canvas(window)
    for sequence, grows in [("Ctrl+=", True), ("Ctrl++", True), ("Ctrl+-", False)]:
        before = window.view.zoom()
        press_keys(window, sequence)
        after = window.view.zoom()
        assert (after > before) if grows else (after < before), \
            f"{sequence}: zoom {before} -> {after}"


def test_ctrl_y_and_ctrl_shift_z_redo(window):
    sites = len(window.doc.design.placement.sites)
    person.menu(window, "Insert", "Site")
    assert len(window.doc.design.placement.sites) == sites + 1
    focus_canvas(window)
    for redo in ("Ctrl+Y", "Ctrl+Shift+Z"):
        press_keys(window, "Ctrl+Z")
        assert len(window.doc.design.placement.sites) == sites
        press_keys(window, redo)
        assert len(window.doc.design.placement.sites) == sites + 1, f"{redo} did not redo"


def test_insert_site_has_its_own_key(window):
    sites = len(window.doc.design.placement.sites)
    focus_canvas(window)
    press_keys(window, "Ctrl+Shift+T")
    assert len(window.doc.design.placement.sites) == sites + 1


def test_escape_on_the_canvas_deselects_but_not_in_a_field(window):
    person.select(window, "odb-prod-a")
    focus_canvas(window)
    QTest.keyClick(window.view, Qt.Key.Key_Escape)
    person.settle()
    assert window.scene.selected_ids() == []
    assert window.inspector.current is None

    person.select(window, "odb-prod-a")
    person.focus_by_click(window.outline.search)
    QTest.keyClick(window.outline.search, Qt.Key.Key_Escape)
    person.settle()
    assert window.scene.selected_ids() == ["odb-prod-a"]


# ---------------------------------------------------------------------------- space
def test_the_canvas_gets_the_space(window):
    findings = person.dock(window, "findings")
    assert findings.height() < 0.3 * window.height(), (findings.height(), window.height())
    canvas = window.canvas_holder
    assert canvas.width() > 0.5 * window.width() and canvas.height() > 0.6 * window.height()
    press_keys(window, "Ctrl+N")  # an empty design: no list of findings to speak of
    assert window.doc.path is None and window.doc.design.components == []
    assert person.dock(window, "findings").height() < 0.3 * window.height()


def test_size_and_dock_layout_come_back_and_reset_layout_restores_them(make_window,
                                                                       flagship_copy):
    window = make_window(flagship_copy)
    default_findings = person.dock(window, "findings").height()
    # the window manager's frame and the splitter above the bottom docks, dragged (the
    # offscreen platform moves no splitter on synthetic mouse events)
    window.resize(760, 740)  # within the offscreen screen (800 px): restored as it was left
    person.settle()
    findings = person.dock(window, "findings")
    window.resizeDocks([findings], [findings.height() + 60], Qt.Orientation.Vertical)
    person.settle()
    taller = findings.height()
    assert taller > default_findings + 25, (default_findings, taller)
    person.menu(window, "View", "Overview")  # hidden
    assert not person.dock(window, "overview").isVisible()
    press_keys(window, "Ctrl+Q")
    assert not window.isVisible()

    again = make_window(flagship_copy)
    assert (again.width(), again.height()) == (760, 740)
    assert abs(person.dock(again, "findings").height() - taller) <= 4
    assert not person.dock(again, "overview").isVisible()

    person.menu(again, "View", "Reset layout")
    assert (again.width(), again.height()) == (1500, 920)
    assert person.dock(again, "overview").isVisible()
    assert abs(person.dock(again, "findings").height() - default_findings) <= 4
    assert person.dock(again, "findings").height() < 0.3 * again.height()


# ---------------------------------------------------------------------------- help, close
def test_help_lists_every_shortcut_from_the_actions(window):
    press_keys(window, "F1")
    dialog = window.shortcuts_dialog
    assert dialog is not None and dialog.isVisible()
    rows = dialog.texts()
    redo = [row for row in rows if row[1].startswith("Redo")]
    assert redo and "Ctrl+Y" in redo[0][2] and "Ctrl+Shift+Z" in redo[0][2], redo
    assert ("File", "Close", "Ctrl+W") in [(m, a, k.split(", ")[-1]) for m, a, k in rows
                                           if a == "Close"]
    listed = {row[1] for row in rows}
    for action in window.menus.edit_actions:
        if not action.shortcut().isEmpty():
            assert action.text().replace("&", "") in listed
    assert ("Help", "Keyboard shortcuts", "F1") in rows
    dialog.close()
    person.menu(window, "Help", "Keyboard shortcuts")  # the menu opens it too
    assert window.shortcuts_dialog is not dialog and window.shortcuts_dialog.isVisible()
    window.shortcuts_dialog.close()


def test_help_opens_the_rule_documentation_without_a_browser(window):
    opened = []
    window.open_url = lambda url: opened.append(url) or True
    person.menu(window, "Help", "Rule documentation")
    assert len(opened) == 1 and opened[0].isLocalFile()
    from pathlib import Path
    page = Path(opened[0].toLocalFile()).read_text(encoding="utf-8")
    assert "DSN-001" in page and "Roles an EHR deployment cannot run without" in page


def test_help_about_names_the_version(window):
    from workbench import __version__
    seen: list[str] = []
    person.answer(Button.Ok, seen)
    person.menu(window, "Help", "About")
    assert seen and __version__ in seen[0]


def test_ctrl_w_closes_the_design_asking_to_save_when_modified(window, flagship_copy):
    person.menu(window, "Insert", "Site")
    assert window.modified
    window.answers.queue = [Button.Cancel]
    focus_canvas(window)
    press_keys(window, "Ctrl+W")
    assert window.answers.asked == ["Unsaved changes"]
    assert window.doc.path == flagship_copy and window.modified  # cancelled: still open

    window.answers.queue = [Button.Discard]
    press_keys(window, "Ctrl+W")
    assert window.answers.asked == ["Unsaved changes"] * 2
    assert window.doc.path is None and window.doc.design.components == []
    assert not window.modified
    assert window.windowTitle().startswith("untitled - ")
    assert window.outline.items.keys() <= {"group:regions", "group:sites", "group:links"}
    # everything still works on the empty design
    press_keys(window, "Ctrl+Shift+T")
    assert len(window.doc.design.placement.sites) == 1
    assert QApplication.activeModalWidget() is None
