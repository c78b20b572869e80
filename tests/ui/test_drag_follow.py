"""Links follow the nodes they join while the mouse drags them and when the program moves
them (undo), drawn straight from border to border until the scene routes them again
(pytest-qt, offscreen)."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QPoint, QPointF, Qt

from tests.ui import person
from tests.ui.conftest import node_centre, send_mouse, view_point

NODE = "ecp-east-z1"


def assert_joined(window, element_id: str) -> None:
    """Each link of the node starts or ends on the node's border where the node is now."""
    node = window.scene.nodes[element_id]
    rect = node.mapRectToScene(node.node_rect()).adjusted(-0.5, -0.5, 0.5, 0.5)
    assert node.links
    for link in node.links:
        points = link.points()
        end = points[0] if link.source is node else points[-1]
        assert rect.contains(end), (link.element_id, end, rect)
        first = link.path().elementAt(0)
        assert QPointF(first.x, first.y) == points[0]  # what is drawn is what it says


def test_links_follow_a_node_while_it_is_dragged_and_after_an_undo(window, qtbot):
    window.view.resetTransform()
    start = node_centre(window, NODE)
    window.view.centerOn(start)
    person.settle()
    viewport = window.view.viewport()
    a = view_point(window, start)
    send_mouse(viewport, QEvent.Type.MouseButtonPress, a)
    for step in range(1, 5):
        send_mouse(viewport, QEvent.Type.MouseMove, QPoint(a.x() + 40 * step, a.y() + 7 * step),
                   button=Qt.MouseButton.NoButton)
        assert window.scene.nodes[NODE].centre() != start  # it moves under the mouse
        assert_joined(window, NODE)  # and its links with it, while the button is held
    send_mouse(viewport, QEvent.Type.MouseButtonRelease, QPoint(a.x() + 160, a.y() + 28),
               buttons=Qt.MouseButton.NoButton)
    person.settle()
    moved = window.doc.design.layout.positions[NODE]
    assert (moved.x, moved.y) != (start.x(), start.y())
    qtbot.waitUntil(window.scene.links_settled, timeout=30_000)
    assert_joined(window, NODE)
    person.menu(window, "Edit", "Undo")
    assert window.scene.nodes[NODE].centre() == start
    assert_joined(window, NODE)
    qtbot.waitUntil(window.scene.links_settled, timeout=30_000)
    assert_joined(window, NODE)
    assert all(link.route for link in window.scene.nodes[NODE].links)
