"""Placement and routing driven as a person would: drops from the palette, Ctrl+K, drags,
Ctrl+L; asserted on the canvas (nothing overlaps, links go around nodes, labels apart)."""

from __future__ import annotations

from itertools import combinations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtWidgets import QApplication

from tests.ui import person
from tests.ui.conftest import drag, node_centre
from tests.ui.test_editor import drop_sku, focus, zone_point
from workbench.model.autolayout import auto_layout
from workbench.ui.geometry import NODE_H, NODE_W


def node_rects(window) -> dict[str, QRectF]:
    return {eid: QRectF(n.pos().x(), n.pos().y(), NODE_W, NODE_H)
            for eid, n in window.scene.nodes.items()}


def overlapping_nodes(window) -> list[tuple[str, str]]:
    return [(a, b) for (a, ra), (b, rb) in combinations(node_rects(window).items(), 2)
            if ra.intersects(rb)]


def overlapping_containers(window) -> list[tuple[str, str]]:
    """Zones of one region that overlap, and regions that overlap."""
    boxes = window.scene.containers
    pairs = [(r.id, s.id) for r, s in combinations(window.doc.design.placement.regions, 2)]
    for region in window.doc.design.placement.regions:
        pairs += [(a.id, b.id) for a, b in combinations(region.zones, 2)]
    return [(a, b) for a, b in pairs if boxes[a].rect().intersects(boxes[b].rect())]


def through(points: list[QPointF], rect: QRectF) -> bool:
    """Whether an orthogonal polyline enters the interior of a rectangle."""
    for p, q in zip(points, points[1:], strict=False):
        seg = QRectF(p, q).normalized()
        if seg.left() < rect.right() and seg.right() > rect.left() \
                and seg.top() < rect.bottom() and seg.bottom() > rect.top() \
                and (seg.width() > 0 or rect.left() < seg.left() < rect.right()) \
                and (seg.height() > 0 or rect.top() < seg.top() < rect.bottom()):
            return True
    return False


# ------------------------------------------------------------------------ drops
def test_drops_on_one_spot_land_side_by_side_and_the_zone_grows(window):
    focus(window, "east-z3")
    point = zone_point(window, "east-z3")
    zone_before = window.scene.containers["east-z3"].rect()
    steps = window.editor.undo_stack.count()
    new = []
    for _ in range(5):
        drop_sku(window, "ecp-app-server", "azure-e64bds-v5", point)
        new.append(window.doc.design.components[-1].id)
    assert window.editor.undo_stack.count() == steps + 5  # one step a drop
    assert overlapping_nodes(window) == []
    assert overlapping_containers(window) == []
    zone = window.scene.containers["east-z3"].rect()
    assert zone.height() > zone_before.height()
    for cid in new:
        assert window.doc.component(cid).placement.zones == ["east-z3"]
        assert zone.contains(window.scene.nodes[cid].sceneBoundingRect().center())
    # the zone's grown frame is saved in the same step as the drop
    assert window.doc.design.layout.positions["east-z3"].h == zone.height()
    window.editor.undo_stack.undo()
    assert window.doc.component(new[-1]) is None


def test_a_drop_lands_in_the_free_slot_nearest_to_the_pointer(window):
    focus(window, "east-z1")
    target = window.scene.nodes["ecp-east-z1"].sceneBoundingRect()
    drop_sku(window, "ecp-app-server", "azure-e64bds-v5", target.center())
    new = window.doc.design.components[-1]
    assert new.placement.zones == ["east-z1"]
    assert overlapping_nodes(window) == []
    placed = window.scene.nodes[new.id].pos()
    assert placed.x() == window.scene.nodes["ecp-east-z1"].pos().x()  # in the zone's column


def test_a_node_dragged_half_out_of_its_zone_pushes_the_next_zone_right(window):
    focus(window, "east-z1")
    z2_before = window.scene.containers["east-z2"].rect()
    start = node_centre(window, "citrix-east-z1")
    # the centre stays in east-z1 near its right edge: the node sticks out into east-z2
    z1 = window.scene.containers["east-z1"].rect()
    drag(window, start, QPointF(z1.right() - 10, window.scene.containers["east-z1"]
                                .rect().bottom() - 30))
    assert window.doc.component("citrix-east-z1").placement.zones == ["east-z1"]
    assert window.scene.containers["east-z2"].rect().left() > z2_before.left()
    assert overlapping_containers(window) == []
    assert overlapping_nodes(window) == []
    window.editor.undo_stack.undo()  # the push is part of the move
    assert window.scene.containers["east-z2"].rect() == z2_before


def test_a_node_dropped_on_another_takes_the_nearest_free_slot(window):
    focus(window, "ecp-east-z1")
    drag(window, node_centre(window, "citrix-east-z1"), node_centre(window, "ecp-east-z1"))
    assert overlapping_nodes(window) == []
    assert window.doc.component("citrix-east-z1").placement.zones == ["east-z1"]


def test_quick_insert_with_nothing_selected_lands_in_a_zone(window, qtbot, monkeypatch):
    from workbench.ui import palette

    def typed(dialog):
        qtbot.keyClicks(dialog.query, "print d8s")
        return 1

    monkeypatch.setattr(palette.QuickInsert, "exec", typed)
    # looking at the row of hospitals at the top: no zone under the view's centre
    window.view.resetTransform()
    window.view.scale(3, 3)  # close up: the view's centre can reach the top row
    window.view.centerOn(window.scene.nodes[window.doc.design.placement.sites[0].id].centre())
    QApplication.processEvents()
    window.scene.clearSelection()
    centre = window.view.mapToScene(window.view.viewport().rect().center())
    assert window.scene.container_at(centre) is None
    window.view.setFocus()
    person.press(window.view, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    new = window.doc.design.components[-1]
    assert new.role == "print-server"
    assert len(new.placement.zones) == 1
    assert overlapping_nodes(window) == []


def test_quick_insert_goes_into_the_zone_last_clicked(window, qtbot, monkeypatch):
    from workbench.ui import palette

    monkeypatch.setattr(palette.QuickInsert, "exec",
                        lambda dialog: qtbot.keyClicks(dialog.query, "print d8s") or 1)
    focus(window, "scus-z2")
    zone = window.scene.containers["scus-z2"].rect()
    person_point = QPointF(zone.center().x(), zone.bottom() - 20)
    from tests.ui.conftest import click
    click(window, person_point)  # on the zone's empty area: selects nothing
    person.press(window.view, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    new = window.doc.design.components[-1]
    assert (new.role, new.placement.zones) == ("print-server", ["scus-z2"])


# ------------------------------------------------------------------------ links
def test_a_new_link_routes_around_the_nodes_between_its_ends(window, monkeypatch):
    monkeypatch.setattr(window.editor, "choose_kind", lambda kinds, pos: "client")
    source = window.scene.nodes["citrix-east-z1"]
    between = [node_rects(window)[i] for i in ("mychart-east-z1", "webblob-east-z1",
                                                "ecp-east-z1")]
    window.view.resetTransform()
    window.view.scale(0.6, 0.6)
    window.view.centerOn(window.scene.containers["east-z1"].rect().center())
    QApplication.processEvents()
    drag(window, source.mapToScene(source.handle_rect().center()),
         node_centre(window, "interconnect-east-z1"))
    link = window.doc.design.links[-1]
    assert (link.from_, link.to) == ("citrix-east-z1", "interconnect-east-z1")
    item = window.scene.link_items[link.id]
    points = item.points()
    assert len(points) > 2  # not the straight line down through the column
    assert all(a.x() == b.x() or a.y() == b.y() for a, b in zip(points, points[1:],
                                                                 strict=False))
    for rect in between:
        assert not through(points, rect)


def test_no_link_of_the_flagship_passes_through_a_node_it_does_not_join(window):
    rects = node_rects(window)
    for lid, item in window.scene.link_items.items():
        ends = {item.source.element_id, item.target.element_id}
        for eid, rect in rects.items():
            if eid not in ends:
                assert not through(item.points(), rect), (lid, eid)


def test_link_labels_are_short_and_overlap_no_label_and_no_node(window):
    items = window.scene.link_items.values()
    assert all(" | " not in item.label for item in items)
    boxes = [item.label_box for item in items if item.label_box is not None]
    assert len(boxes) > len(window.scene.link_items) // 2
    for a, b in combinations(boxes, 2):
        assert not a.intersects(b)
    for rect in node_rects(window).values():
        assert not any(box.intersects(rect) for box in boxes)
    titles = [QRectF(r.left(), r.top(), r.width(), 26) for r in
              (c.rect() for c in window.scene.containers.values())]
    assert not any(box.intersects(title) for box in boxes for title in titles)
    odb = window.scene.link_items[window.doc.design.links[0].id]
    assert "encrypted" in odb.toolTip().lower()


# ------------------------------------------------------------------------ arrange
def test_arrange_keeps_a_manual_position_and_arrange_everything_does_not(window, qtbot):
    focus(window, "citrix-east-z1")
    zone = window.scene.containers["east-z1"].rect()
    target = QPointF(zone.center().x(), zone.bottom() - 60)
    drag(window, node_centre(window, "citrix-east-z1"), target)
    moved = window.doc.design.layout.positions["citrix-east-z1"]
    # the check after the drag shows its totals in the status bar: it is there before the
    # key, not over the message the key leaves
    qtbot.waitUntil(lambda: not window.live.busy(), timeout=10_000)
    person.settle()
    window.view.setFocus()
    person.press(window.view, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert window.doc.design.layout.positions["citrix-east-z1"] == moved
    assert "nothing to arrange" in window.statusBar().currentMessage()
    person.press(window.view, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier
                 | Qt.KeyboardModifier.ShiftModifier)
    auto = auto_layout(window.doc.design, window.catalog)
    assert window.doc.design.layout.positions["citrix-east-z1"] == auto["citrix-east-z1"]
    assert window.editor.undo_stack.undoText() == "Arrange everything"


def test_arrange_moves_only_a_node_standing_on_another(window):
    doc = window.doc
    under = doc.design.layout.positions["ecp-east-z1"]
    doc.set_positions({"citrix-east-z1": under})  # setup: a file with two nodes in one place
    QApplication.processEvents()
    before = dict(doc.design.layout.positions)
    window.view.setFocus()
    person.press(window.view, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert overlapping_nodes(window) == []
    after = doc.design.layout.positions
    moved = {i for i, p in after.items() if before.get(i) != p}
    # one of the two moves to a free slot of its zone (which may grow); nothing else moves
    assert len(moved & {"citrix-east-z1", "ecp-east-z1"}) == 1
    assert moved - {"citrix-east-z1", "ecp-east-z1"} <= {"east-z1", "east"}
    assert doc.component("citrix-east-z1").placement.zones == ["east-z1"]
    assert doc.component("ecp-east-z1").placement.zones == ["east-z1"]


# ------------------------------------------------------------------------ the router alone
def test_the_router_goes_around_a_node_between_the_ends_by_hand():
    from workbench.ui.geometry import CLEAR, STUB, Router

    # three nodes in a column, 20 apart: a (0..190 x 0..70), b below it, c below b
    boxes = {"a": (0.0, 0.0, 190.0, 70.0), "b": (0.0, 90.0, 190.0, 160.0),
             "c": (0.0, 180.0, 190.0, 250.0)}
    route = Router().routes(boxes, [("l", "a", "c")])["l"]
    # out of a's bottom middle, a stub down, around b on one side, into c's top middle
    assert route[0] == (95.0, 70.0) and route[1] == (95.0, 70.0 + STUB)
    assert route[-1] == (95.0, 180.0) and route[-2] == (95.0, 180.0 - STUB)
    assert all(p[0] <= -CLEAR or p[0] >= 190 + CLEAR for p in route[2:-2])
    # a straight neighbour needs no bend
    assert Router().routes(boxes, [("m", "a", "b")])["m"] == [(95.0, 70.0), (95.0, 90.0)]


def test_links_sharing_a_channel_run_on_separate_tracks():
    from workbench.ui.geometry import Router

    boxes = {"a": (0.0, 0.0, 190.0, 70.0), "b": (0.0, 90.0, 190.0, 160.0),
             "c": (0.0, 180.0, 190.0, 250.0), "d": (0.0, 270.0, 190.0, 340.0)}
    routes = Router().routes(boxes, [("l1", "a", "c"), ("l2", "a", "d")])
    side = {r[2][0] for r in routes.values()}  # where each leaves its stub to go round
    assert len(side) == 2


def test_a_drop_into_a_design_without_a_layout_keeps_the_drawn_layout(make_window, minimal,
                                                                      tmp_path):
    import yaml

    path = tmp_path / "bare.yaml"
    path.write_text(yaml.safe_dump(minimal))  # no layout: drawn laid out automatically
    window = make_window(path)
    assert window.doc.design.layout.positions == {}
    drawn = {eid: (n.pos().x(), n.pos().y()) for eid, n in window.scene.nodes.items()}
    focus(window, "z2")
    for _ in range(3):
        drop_sku(window, "ecp-app-server", "azure-e64bds-v5", zone_point(window, "z2"))
    assert overlapping_nodes(window) == []
    assert overlapping_containers(window) == []
    known = window.doc.design.layout.positions
    assert {(known[i].x, known[i].y) for i in drawn} == set(drawn.values())  # nothing jumped


def test_a_palette_double_click_goes_into_the_zone_nearest_to_the_view_centre(window):
    from PySide6.QtTest import QTest

    # the view centred on the DR region's own column, right of its zones: not a drop there,
    # so the new component goes into a zone (the nearest), not regional
    window.view.resetTransform()
    window.view.scale(2, 2)
    z3 = window.scene.containers["scus-z3"].rect()
    window.view.centerOn(QPointF(z3.right() + 60, z3.center().y()))
    QApplication.processEvents()
    centre = window.view.mapToScene(window.view.viewport().rect().center())
    assert window.scene.container_at(centre).element_id == "scus"
    window.scene.clearSelection()
    palette = window.palette_panel
    palette.search.setText("d8s")
    leaf = next(leaf for leaf in palette.leaves()
                if leaf.data(0, Qt.ItemDataRole.UserRole + 1) == "azure-d8s-v5")
    palette.tree.expandAll()
    palette.tree.scrollToItem(leaf)
    point = palette.tree.visualItemRect(leaf).center()
    before = len(window.doc.design.components)
    QTest.mouseClick(palette.tree.viewport(), Qt.MouseButton.LeftButton,  # then the second
                     Qt.KeyboardModifier.NoModifier, point)
    QTest.mouseDClick(palette.tree.viewport(), Qt.MouseButton.LeftButton,
                      Qt.KeyboardModifier.NoModifier, point)
    QApplication.processEvents()
    assert len(window.doc.design.components) == before + 1
    new = window.doc.design.components[-1]
    assert (new.placement.region, new.placement.zones) == ("scus", ["scus-z3"])
    assert overlapping_nodes(window) == []
