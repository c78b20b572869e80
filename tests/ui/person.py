"""What a person does with the window, as Qt input events on the real widgets: clicks, key
presses and wheel turns on combo boxes, check boxes, line edits, menus, buttons, tables and
dialogs. Nothing here calls the editor API: every change reaches the design the way a user's
does."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QPoint, QPointF, Qt, QTimer
from PySide6.QtGui import QWheelEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QCheckBox,
    QComboBox,
    QDialog,
    QDockWidget,
    QLineEdit,
    QMenu,
    QMessageBox,
    QPlainTextEdit,
    QStyle,
    QStyleOptionButton,
    QWidget,
)

from tests.ui.conftest import click as canvas_click

LEFT = Qt.MouseButton.LeftButton
CTRL = Qt.KeyboardModifier.ControlModifier


def settle() -> None:
    for _ in range(3):
        QApplication.processEvents()


def click(widget: QWidget, pos: QPoint | None = None) -> None:
    QTest.mouseClick(widget, LEFT, Qt.KeyboardModifier.NoModifier,
                     pos if pos is not None else widget.rect().center())
    settle()


def focus_by_click(widget: QWidget) -> None:
    """Give a widget the keyboard focus the way a person does: for a drop-down, a click
    opens its list and Escape closes it again, leaving the focus on it."""
    window = widget.window()
    window.activateWindow()
    if isinstance(widget, QComboBox):
        click(widget)
        QTest.keyClick(widget.view(), Qt.Key.Key_Escape)
    else:
        click(widget)
    settle()
    if not widget.hasFocus():  # offscreen platforms may not pass focus on a click
        widget.setFocus(Qt.FocusReason.MouseFocusReason)
        settle()


# ---------------------------------------------------------------------------- drop-downs
def choose_by_mouse(combo: QComboBox, text: str) -> None:
    """Open the list with a click and click the entry."""
    index = _index_of(combo, text)
    click(combo)
    view = combo.view()
    assert view.isVisible(), "the drop-down list did not open"
    item = view.model().index(index, combo.modelColumn())
    view.scrollTo(item)  # a long list: the person scrolls to the entry first
    settle()
    rect = view.visualRect(item)
    assert view.viewport().rect().contains(rect.center()), "the entry is not on screen"
    QTest.mouseMove(view.viewport(), rect.center())  # the pointer travels to the entry
    # a release within the double-click time of opening is ignored (Qt takes it for the
    # end of the click that opened the list): a person's hand is never that quick
    QTest.qWait(QApplication.doubleClickInterval() + 10)
    settle()
    QTest.mouseClick(view.viewport(), LEFT, Qt.KeyboardModifier.NoModifier, rect.center(), 30)
    settle()


def choose_by_keys(combo: QComboBox, text: str) -> None:
    """Focus the drop-down and press the arrow keys until the entry is chosen."""
    index = _index_of(combo, text)
    focus_by_click(combo)
    key = Qt.Key.Key_Down if index > combo.currentIndex() else Qt.Key.Key_Up
    for _ in range(abs(index - combo.currentIndex())):
        QTest.keyClick(combo, key)
        settle()
        combo = _alive(combo)


def choose_by_wheel(combo: QComboBox, text: str) -> None:
    """Focus the drop-down and turn the mouse wheel over it."""
    index = _index_of(combo, text)
    focus_by_click(combo)
    steps = index - combo.currentIndex()
    for _ in range(abs(steps)):
        wheel(combo, -120 if steps > 0 else 120)
        combo = _alive(combo)


def wheel(widget: QWidget, delta: int) -> None:
    centre = QPointF(widget.rect().center())
    event = QWheelEvent(centre, QPointF(widget.mapToGlobal(centre.toPoint())), QPoint(0, 0),
                        QPoint(0, delta), Qt.MouseButton.NoButton,
                        Qt.KeyboardModifier.NoModifier, Qt.ScrollPhase.NoScrollPhase, False)
    QApplication.sendEvent(widget, event)
    settle()


def _index_of(combo: QComboBox, text: str) -> int:
    texts = [combo.itemText(i) for i in range(combo.count())]
    matches = [i for i, t in enumerate(texts) if t == text or t.startswith(text + ":")]
    assert matches, f"{text!r} is not offered: {texts}"
    return matches[0]


def _alive(widget: QWidget) -> QWidget:
    import shiboken6

    assert shiboken6.isValid(widget), "the widget was deleted under the user's hands"
    return widget


# ---------------------------------------------------------------------------- other editors
def type_text(line: QLineEdit | QPlainTextEdit, text: str) -> None:
    """Click into the field, select what is there, type, and leave with Return (a line)
    or Tab (a text box)."""
    focus_by_click(line)
    QTest.keyClick(line, Qt.Key.Key_A, CTRL)
    QTest.keyClick(line, Qt.Key.Key_Delete)
    QTest.keyClicks(line, text)
    if isinstance(line, QLineEdit):
        QTest.keyClick(line, Qt.Key.Key_Return)
    else:
        leave(line)
    settle()


def leave(widget: QWidget) -> None:
    """Move the focus away from a field (as a Tab press or a click elsewhere does)."""
    widget.clearFocus()
    settle()


def toggle(box: QCheckBox) -> None:
    """Click on the box's indicator."""
    option = QStyleOptionButton()
    box.initStyleOption(option)
    rect = box.style().subElementRect(QStyle.SubElement.SE_CheckBoxIndicator, option, box)
    click(box, rect.center())


def press(widget: QWidget, key: Qt.Key, modifiers: Qt.KeyboardModifier =
          Qt.KeyboardModifier.NoModifier) -> None:
    QTest.keyClick(widget, key, modifiers)
    settle()


# ---------------------------------------------------------------------------- menus, dialogs
def menu(window: QWidget, *path: str) -> None:
    """Click through the menu bar: menu(window, "File", "Save")."""
    bar = window.menuBar()  # type: ignore[attr-defined]
    action = _action(bar.actions(), path[0])
    click(bar, bar.actionGeometry(action).center())
    current: QMenu = _submenu(window, path[0])
    assert current.isVisible(), f"menu {path[0]} did not open"
    for i, name in enumerate(path[1:]):
        action = _action(current.actions(), name)
        QTest.mouseClick(current, LEFT, Qt.KeyboardModifier.NoModifier,
                         current.actionGeometry(action).center())
        settle()
        if i < len(path) - 2:
            current = _submenu(window, name)
            for _ in range(40):  # a submenu opens after a short hover delay
                if current.isVisible():
                    break
                QTest.qWait(25)
            assert current.isVisible(), f"submenu {name} did not open"


def _submenu(window: QWidget, title: str) -> QMenu:
    """The menu titled ``title`` (looked up among the window's menus: some PySide6 versions
    hand out a short-lived wrapper from QAction.menu())."""
    for found in window.findChildren(QMenu):
        if found.title().replace("&", "").startswith(title):
            return found
    raise AssertionError(f"no menu {title!r}")


def _action(actions: list, text: str):  # type: ignore[no-untyped-def]
    for action in actions:
        if action.text().replace("&", "").startswith(text):
            return action
    raise AssertionError(f"no menu entry {text!r} in {[a.text() for a in actions]}")


def when_dialog(act: Callable[[QWidget], None], seen: list[str] | None = None,
                tries: int = 400) -> None:
    """Once a modal dialog opens, hand it to ``act`` (a person answering it)."""
    def poll(left: int = tries) -> None:
        dialog = QApplication.activeModalWidget() or next(
            (w for w in QApplication.topLevelWidgets()
             if isinstance(w, QDialog) and w.isVisible() and w.isModal()), None)
        if isinstance(dialog, (QMessageBox, QDialog)) and dialog.isVisible():
            if seen is not None:
                seen.append(dialog.text() if isinstance(dialog, QMessageBox)
                            else dialog.windowTitle())
            act(dialog)
        elif left:
            QTimer.singleShot(25, lambda: poll(left - 1))
    QTimer.singleShot(0, poll)


def answer(button: QMessageBox.StandardButton, seen: list[str] | None = None) -> None:
    """Answer the next question box by clicking one of its buttons."""
    def act(box: QWidget) -> None:
        assert isinstance(box, QMessageBox), f"expected a question, got {box}"
        target: QAbstractButton = box.button(button)
        QTest.mouseClick(target, LEFT)
    when_dialog(act, seen)


def dock(window: QWidget, name: str) -> QDockWidget:
    found = window.findChild(QDockWidget, name)
    assert found is not None, f"no dock {name}"
    return found


# ---------------------------------------------------------------------------- the canvas
def select(window, element_id: str) -> None:
    """Bring the element into view and click it (a zone or region by its title strip)."""
    window.view.resetTransform()
    if element_id in window.scene.nodes:
        item = window.scene.nodes[element_id]
        point = item.centre()
    elif element_id in window.scene.link_items:
        item = window.scene.link_items[element_id]
        point = item.mapToScene(item.path().pointAtPercent(0.5))
    else:
        item = window.scene.containers[element_id]
        r = item.rect()
        point = QPointF(r.left() + 40, r.top() + 8)
    window.view.centerOn(point)
    settle()
    canvas_click(window, point)
    assert window.scene.selected_ids() == [element_id]
    assert window.inspector.current == element_id


def inspector_widget(window, name: str) -> QWidget:
    """The visible editor of field ``name`` in the Inspector dock."""
    found = [w for w in dock(window, "inspector").findChildren(QWidget, name)
             if w.isVisibleTo(window)]
    assert found, f"the Inspector shows no field {name}"
    return found[0]
