"""A pattern dragged from the palette's Patterns list and dropped on a zone of the canvas goes
into that zone's region (and that zone where the pattern places by zone), as one undo step
(pytest-qt, offscreen)."""

from __future__ import annotations

from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import QApplication

from tests.ui import person
from tests.ui.conftest import view_point
from workbench.ui.view import PATTERN_MIME


def drag_pattern(window, name: str, scene_point: QPointF) -> bool:
    """The palette's pattern named ``name`` dragged over the canvas and dropped at
    ``scene_point``, carrying what the palette's drag carries. Returns whether the view took
    the drag as it entered and the drop."""
    item = next(i for i in window.palette_panel.pattern_items() if i.text().startswith(name))
    data = window.palette_panel.patterns.drag_data(item)
    assert data.hasFormat(PATTERN_MIME)
    pos = QPointF(view_point(window, scene_point))
    viewport = window.view.viewport()
    enter = QDragEnterEvent(pos.toPoint(), Qt.DropAction.CopyAction, data,
                            Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    enter.ignore()
    QApplication.sendEvent(viewport, enter)
    move = QDragMoveEvent(pos.toPoint(), Qt.DropAction.CopyAction, data,
                          Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(viewport, move)
    drop = QDropEvent(pos, Qt.DropAction.CopyAction, data, Qt.MouseButton.LeftButton,
                      Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(viewport, drop)
    person.settle()
    return enter.isAccepted() and drop.isAccepted()


def centre_on(window, container: str) -> QPointF:
    """The view at 1:1 centred on a container, as a user scrolls to it; a point inside it
    clear of its title and of what it holds at the top."""
    window.view.resetTransform()
    rect = window.scene.containers[container].sceneBoundingRect()
    window.view.centerOn(rect.center())
    person.settle()
    return QPointF(rect.center().x(), rect.bottom() - 30)


def test_a_pattern_dropped_on_a_zone_goes_into_that_zone_as_one_step(make_window):
    window = make_window()
    person.menu(window, "File", "New", "Empty design")
    window.editor.add_region("azure-eastus2")  # setup: two regions and the production pair
    window.editor.add_region("azure-centralus")
    assert window.editor.insert_pattern("failover-pair", "eastus2")
    person.settle()
    steps = window.editor.undo_stack.count()
    # without a target the DR member would go into centralus-z1: dropped on z2 it goes there
    taken = drag_pattern(window, "DR async member", centre_on(window, "centralus-z2"))
    assert taken
    dr = [c for c in window.doc.design.components if c.role == "odb-dr"]
    assert [(c.placement.region, c.placement.zones) for c in dr] == [("centralus",
                                                                     ["centralus-z2"])]
    assert window.editor.undo_stack.count() == steps + 1
    assert window.editor.undo_stack.undoText() == "Insert DR async member"
    assert dr[0].id in window.scene.selected_ids()  # what it made is selected
    window.activateWindow()
    person.settle()
    person.press(window.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert not [c for c in window.doc.design.components if c.role == "odb-dr"]


def test_a_pattern_dropped_on_a_region_goes_into_that_region(make_window):
    """Dropped on the second region's own frame (below its zones), the presentation pool goes
    there, not into the first region as Insert > Pattern with nothing selected would."""
    window = make_window()
    person.menu(window, "File", "New", "Empty design")
    window.editor.add_region("azure-eastus2")  # setup
    window.editor.add_region("azure-centralus")
    person.settle()
    rect = window.scene.containers["centralus"].sceneBoundingRect()
    zones = [window.scene.containers[z.id].sceneBoundingRect()
             for z in window.doc.design.placement.regions[1].zones]
    centre_on(window, "centralus")
    point = QPointF(rect.center().x(), (max(z.bottom() for z in zones) + rect.bottom()) / 2)
    assert rect.contains(point) and not any(z.contains(point) for z in zones)
    drag_pattern(window, "Presentation pool", point)
    made = window.doc.design.components
    assert made, window.editor.last_message
    assert {c.placement.region for c in made} == {"centralus"}
