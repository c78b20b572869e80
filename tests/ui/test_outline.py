"""The Outline finds an element by name, id, role or SKU and takes the canvas to it; it and
the Overview follow renames, adds and removals as they happen."""

from __future__ import annotations

import math

from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtTest import QTest

from tests.ui import person


def shown_ids(window) -> list[str]:
    return window.outline.matches()


def entry_text(window, eid: str) -> str:
    return window.outline.items[eid].text(0)


def view_centre(window) -> QPointF:
    return window.view.mapToScene(window.view.viewport().rect().center())


def away_from(window, eid: str) -> None:
    """The canvas zoomed in on the far corner from ``eid``."""
    window.view.resetTransform()
    window.view.scale(1.5, 1.5)
    target = window.scene.nodes[eid].centre()
    rect = window.scene.itemsBoundingRect()
    far = QPointF(rect.right() if target.x() < rect.center().x() else rect.left(),
                  rect.bottom() if target.y() < rect.center().y() else rect.top())
    window.view.centerOn(far)
    person.settle()


def assert_centred(window, eid: str, before: float) -> None:
    """The view is centred on the node, or as near as the canvas's edge lets it be."""
    view, node = window.view, window.scene.nodes[eid]
    visible = view.mapToScene(view.viewport().rect()).boundingRect()
    assert visible.contains(node.sceneBoundingRect())
    now = math.dist(view_centre(window).toTuple(), node.centre().toTuple())
    bars = (view.horizontalScrollBar(), view.verticalScrollBar())
    at_edge = any(bar.value() in (bar.minimum(), bar.maximum()) for bar in bars)
    assert now < 40 or (at_edge and now < before / 3), (before, now)


def click_entry(window, eid: str) -> None:
    tree = window.outline.tree
    item = window.outline.items[eid]
    tree.scrollToItem(item)
    person.settle()
    person.click(tree.viewport(), tree.visualItemRect(item).center())


def test_ctrl_f_search_typed_then_a_click_selects_and_centres(window):
    target = "clarity-a"
    away_from(window, target)
    assert math.dist(view_centre(window).toTuple(),
                     window.scene.nodes[target].centre().toTuple()) > 400
    window.activateWindow()
    window.view.setFocus(Qt.FocusReason.MouseFocusReason)
    QTest.keySequence(window, QKeySequence("Ctrl+F"))
    person.settle()
    search = window.outline.search
    assert search.hasFocus() and person.dock(window, "outline").isVisible()
    QTest.keyClicks(search, "clarity")
    person.settle()
    found = shown_ids(window)
    assert target in found
    assert all("clarity" in window.outline.items[eid].data(0, Qt.ItemDataRole.UserRole + 1)
               for eid in found)
    assert "odb-prod-a" not in found and window.outline.items["odb-prod-a"].isHidden()

    before = math.dist(view_centre(window).toTuple(),
                       window.scene.nodes[target].centre().toTuple())
    click_entry(window, target)
    assert window.scene.selected_ids() == [target]
    assert window.inspector.current == target
    assert_centred(window, target, before)


def test_search_matches_role_and_sku_and_return_takes_the_first(window):
    comp = window.doc.component("odb-prod-a")
    person.type_text(window.outline.search, comp.sku)  # typed, then Return
    assert "odb-prod-a" in shown_ids(window)
    assert all(window.doc.component(eid) is None or window.doc.component(eid).sku == comp.sku
               or comp.sku in entry_text(window, eid).lower() for eid in shown_ids(window))
    assert window.scene.selected_ids() == [shown_ids(window)[0]]
    person.type_text(window.outline.search, "odb-production")
    assert "odb-prod-a" in shown_ids(window) and "clarity-a" not in shown_ids(window)


def test_a_link_is_found_and_the_view_goes_to_its_ends(window):
    link = window.doc.design.links[0]
    person.type_text(window.outline.search, link.id)
    assert link.id in shown_ids(window)
    click_entry(window, link.id)
    assert window.scene.selected_ids() == [link.id]


def test_selecting_on_the_canvas_shows_the_entry(window):
    person.select(window, "odb-prod-b")
    assert window.outline.current_id() == "odb-prod-b"
    assert window.outline.tree.currentItem().isSelected()


def test_rename_in_the_inspector_updates_the_outline_and_the_overview(window):
    person.select(window, "odb-prod-a")
    overview = window.overview
    before = overview.grab().toImage()
    person.type_text(person.inspector_widget(window, "name"), "Zebra primary ODB")
    person.settle()
    assert window.doc.component("odb-prod-a").name == "Zebra primary ODB"
    assert entry_text(window, "odb-prod-a").startswith("Zebra primary ODB")
    person.type_text(window.outline.search, "zebra")
    assert shown_ids(window) == ["odb-prod-a"]
    QTest.qWait(150)
    assert overview.grab().toImage() != before, "the Overview still shows the old name"


def test_adds_and_removals_reach_the_outline_and_the_overview_fits_them(window):
    overview = window.overview
    QTest.qWait(150)
    sites = {s.id for s in window.doc.design.placement.sites}
    person.menu(window, "Insert", "Site")
    added = ({s.id for s in window.doc.design.placement.sites} - sites).pop()
    person.settle()
    assert added in window.outline.items
    assert window.outline.items[added].parent() is window.outline.items["group:sites"]
    # the Overview shows the whole design, the new site too, and is not zoomed in
    QTest.qWait(200)
    shown = overview.mapToScene(overview.viewport().rect()).boundingRect()
    assert shown.contains(window.scene.itemsBoundingRect())
    assert shown.contains(window.scene.nodes[added].sceneBoundingRect())
    assert overview.transform().m11() <= overview.MAX_ZOOM

    person.select(window, added)
    window.view.setFocus(Qt.FocusReason.MouseFocusReason)
    QTest.keyClick(window.view, Qt.Key.Key_Delete)
    person.settle()
    assert added not in {s.id for s in window.doc.design.placement.sites}
    assert added not in window.outline.items


def test_the_overview_of_a_new_design_is_not_zoomed_in(window):
    window.activateWindow()
    QTest.keySequence(window, QKeySequence("Ctrl+N"))
    person.settle()
    QTest.qWait(150)
    overview = window.overview
    assert overview.transform().m11() <= overview.MAX_ZOOM
    person.menu(window, "Insert", "Site")
    person.menu(window, "Insert", "Site")
    QTest.qWait(200)
    shown = overview.mapToScene(overview.viewport().rect()).boundingRect()
    assert shown.contains(window.scene.itemsBoundingRect())


def test_the_overview_follows_a_node_moved_past_the_edge(window):
    from tests.ui.conftest import drag

    overview = window.overview
    QTest.qWait(150)
    site = window.doc.design.placement.sites[0].id
    node = window.scene.nodes[site]
    rect = window.scene.itemsBoundingRect()
    window.view.resetTransform()
    window.view.scale(0.5, 0.5)
    window.view.centerOn(node.centre())
    person.settle()
    start = node.centre()
    end = QPointF(rect.left() - 500, start.y())  # off the design's left edge
    window.view.centerOn((start + end) / 2)
    person.settle()
    drag(window, start, end)
    assert node.sceneBoundingRect().left() < rect.left() - 200, "the drag did not move it"
    QTest.qWait(200)
    shown = overview.mapToScene(overview.viewport().rect()).boundingRect()
    assert shown.contains(node.sceneBoundingRect())


def test_an_edit_leaves_the_outline_where_it_was_scrolled(window):
    bar = window.outline.tree.verticalScrollBar()
    window.outline.items["group:links"].setExpanded(True)
    person.settle()
    person.wheel(window.outline.tree.viewport(), -120 * 10)
    scrolled = bar.value()
    assert scrolled > 0 and window.scene.selected_ids() == []
    built = window.outline.items["group:links"]
    person.type_text(person.inspector_widget(window, "name"), "Renamed design")
    assert window.doc.design.metadata.name == "Renamed design"
    assert window.outline.items["group:links"] is not built  # the tree was built again
    assert bar.value() == scrolled
