"""The links' layout of a large edit or a large design finishes between events (issue 17):
the status bar says so while it runs and is quiet once it is done, and the links end up routed
around the nodes they do not join, as when the layout ran at once (pytest-qt, offscreen)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLabel

from benchmarks.synthetic import synthetic_design
from tests.ui import person
from tests.ui.test_placement import node_rects, through
from workbench.model.canonical import dump_design
from workbench.ui.geometry import Router


def progress(window) -> QLabel:
    label = window.findChild(QLabel, "routing-progress")
    assert label is not None
    return label


def shown_while_routing(window) -> list[tuple[str, bool, str]]:
    """What the scene said of its layout, and whether the status bar showed it then."""
    seen: list[tuple[str, bool, str]] = []
    label = progress(window)
    # connected after the status bar's own slot: it sees what that slot made of the note
    window.scene.routingProgress.connect(
        lambda note: seen.append((note, label.isVisible(), label.text())))
    return seen


def settled(window, qtbot) -> None:
    qtbot.waitUntil(window.scene.links_settled, timeout=60_000)
    person.settle()


def assert_routed_around_the_nodes(window, ids: set[str] | None = None) -> None:
    """Each link (of ``ids``) drawn along an orthogonal route from border to border, through
    no node it does not join (but those lying on one of its ends: a paste lands on what was
    copied until Arrange moves it)."""
    rects = node_rects(window)
    for lid, item in window.scene.link_items.items():
        if ids is not None and lid not in ids:
            continue
        assert item.route, f"{lid} is still drawn straight"
        points = item.points()
        assert all(a.x() == b.x() or a.y() == b.y() for a, b in zip(points, points[1:],
                                                                     strict=False)), lid
        ends = [rects[item.source.element_id], rects[item.target.element_id]]
        for end, point in zip(ends, (points[0], points[-1]), strict=True):
            assert end.adjusted(-0.5, -0.5, 0.5, 0.5).contains(point), (lid, point)
        for eid, rect in rects.items():
            if not any(rect.intersects(end) for end in ends):
                assert not through(points, rect), (lid, eid)


def test_a_large_paste_is_routed_after_it_with_the_status_bar_saying_so(window, qtbot):
    before = {link.id for link in window.doc.design.links}
    copied = [c.id for c in window.doc.design.components][:40]
    window.scene.select_ids(copied)  # setup: what to copy
    person.menu(window, "Edit", "Copy")
    seen = shown_while_routing(window)
    person.menu(window, "Edit", "Paste")
    pasted = {link.id for link in window.doc.design.links} - before
    assert len(pasted) > 20
    assert len(window.scene.selected_ids()) == len(copied)  # the paste is on the canvas
    settled(window, qtbot)
    assert seen and seen[0][0].startswith("Routing") and seen[0][1:] == (True, seen[0][0])
    assert seen[-1] == ("", False, "")  # quiet again once done
    assert not progress(window).isVisible()
    assert window.view.viewport().cursor().shape() != Qt.CursorShape.BusyCursor
    # each pasted link drawn along the route the router gives it at once (the copies lie on
    # what was copied until Arrange moves them: no route around every node there)
    rects = node_rects(window)
    boxes = {eid: (r.left(), r.top(), r.right(), r.bottom()) for eid, r in rects.items()}
    items = window.scene.link_items
    routes = Router().routes(boxes, [(lid, item.source.element_id, item.target.element_id)
                                     for lid, item in items.items()])
    for lid in pasted:
        assert [(p.x(), p.y()) for p in items[lid].points()] == routes[lid], lid


def test_an_undo_while_the_paste_is_still_routed_leaves_the_links_routed(window, qtbot):
    links = {link.id for link in window.doc.design.links}
    window.scene.select_ids([c.id for c in window.doc.design.components][:40])  # setup
    person.menu(window, "Edit", "Copy")
    person.menu(window, "Edit", "Paste")
    window.view.setFocus(Qt.FocusReason.MouseFocusReason)
    QTest.keySequence(window, QKeySequence(QKeySequence.StandardKey.Undo))
    person.settle()
    assert {link.id for link in window.doc.design.links} == links
    settled(window, qtbot)
    assert set(window.scene.link_items) == links
    assert not progress(window).isVisible()
    assert_routed_around_the_nodes(window)


@pytest.fixture
def large_file(tmp_path):
    path = tmp_path / "large.yaml"
    path.write_text(dump_design(synthetic_design(400)), encoding="utf-8")
    return path


def test_a_large_design_opens_drawn_and_its_links_are_routed_after(make_window, large_file,
                                                                    qtbot):
    window = make_window(large_file)
    assert len(window.scene.nodes) > 400 and len(window.scene.link_items) > 700
    assert not window.grab().isNull()
    settled(window, qtbot)
    assert not progress(window).isVisible()
    assert_routed_around_the_nodes(window)
    # the overview shows the whole design, drawn as a picture of its own
    overview = window.overview
    QTest.qWait(150)
    shown = overview.mapToScene(overview.viewport().rect()).boundingRect()
    assert shown.contains(window.scene.itemsBoundingRect())
    picture = overview.grab().toImage()
    assert len({picture.pixel(x, y) for x in range(0, picture.width(), 7)
                for y in range(0, picture.height(), 7)}) > 3  # not a blank dock


def test_the_outline_searches_links_it_has_not_listed_yet(window):
    assert not window.outline.items["group:links"].isExpanded()
    link = window.doc.design.links[0]
    QTest.keyClicks(window.outline.search, f"{link.from_} {link.to} {link.kind}")
    person.settle()
    assert link.id in window.outline.matches()


def test_a_link_chosen_on_the_canvas_is_shown_in_the_outline(window):
    link = "ecp-east-z1--odb-prod-a"
    assert not window.outline.items["group:links"].isExpanded()
    person.select(window, link)
    assert window.scene.selected_ids() == [link]
    assert window.outline.current_id() == link


def test_unfolding_the_links_lists_every_link(window):
    tree, group = window.outline.tree, window.outline.items["group:links"]
    tree.scrollToItem(group)
    person.settle()
    person.click(tree.viewport(), tree.visualItemRect(group).center())
    QTest.keyClick(tree.viewport(), Qt.Key.Key_Right)  # unfold
    person.settle()
    assert group.isExpanded()
    assert group.childCount() == len(window.doc.design.links)


def test_the_extent_of_the_canvas_holds_everything_drawn(window):
    """The rectangle the views fit is the union of what is drawn (Qt's own measure)."""
    drawn = window.scene.itemsBoundingRect()
    extent = window.scene.extent()
    assert extent.contains(drawn.adjusted(2, 2, -2, -2))
    assert drawn.contains(extent)
    QApplication.processEvents()
    assert isinstance(extent, QRectF)
