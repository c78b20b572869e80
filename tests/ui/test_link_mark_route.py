"""A changed link's mark follows the link's routed (orthogonal) path, not a straight line
between its ends, and follows it again when an end is dragged (pytest-qt, offscreen)."""

from __future__ import annotations

from PySide6.QtCore import QLineF, QPointF

from tests.ui import person
from tests.ui.conftest import drag, node_centre
from workbench.ui.marks import LinkMark

LINK = "ecp-east-z1--odb-prod-a"  # routed around the nodes between its ends


def planned(window, qtbot) -> None:
    panel = window.changes_panel
    qtbot.waitUntil(lambda: panel.running is None and panel.view.plan is not None,
                    timeout=60_000)


def the_mark(window) -> LinkMark:
    item = window.scene.link_items[LINK]
    marks = [c for c in item.childItems() if isinstance(c, LinkMark)]
    assert len(marks) == 1
    return marks[0]


def assert_follows_the_route(window) -> None:
    item = window.scene.link_items[LINK]
    mark = the_mark(window)
    route = item.points()
    assert len(route) > 2  # a routed link, not a straight one
    band = mark.shape()
    legs = [(a + b) / 2 for a, b in zip(route, route[1:], strict=False)]
    for point in [*route[1:-1], *legs]:  # every bend and the middle of every leg
        assert band.contains(point), (point, route)
    middle = item.path().pointAtPercent(0.5)
    assert band.contains(middle) and mark.boundingRect().contains(middle)
    chord = QLineF(route[0], route[-1]).center()  # where a straight band would pass
    if not item.shape().contains(chord):
        assert not band.contains(chord)


def test_a_changed_links_mark_follows_its_route(window, qtbot):
    person.select(window, LINK)
    person.type_text(person.inspector_widget(window, "name"), "ECP to ODB (renamed)")
    assert window.doc.link(LINK).name == "ECP to ODB (renamed)"
    person.menu(window, "Review", "Changes since approval")
    planned(window, qtbot)
    assert window.changes_panel.marked()[LINK] == "changed"
    item = window.scene.link_items[LINK]
    assert not item.shape().contains(QLineF(item.points()[0], item.points()[-1]).center())
    assert_follows_the_route(window)
    # the ECP pool dragged 200 px to the right: the link is routed again, the mark with it
    before = [QPointF(p) for p in item.points()]
    window.view.resetTransform()
    start = node_centre(window, "ecp-east-z1")
    window.view.centerOn(start)
    person.settle()
    drag(window, start, start + QPointF(200, 0))
    planned(window, qtbot)
    item = window.scene.link_items[LINK]
    assert item.points() != before
    assert_follows_the_route(window)
