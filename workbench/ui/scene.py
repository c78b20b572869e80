"""The scene mirrors the document: it builds items from it, follows its change notifications,
and turns mouse gestures (move, connect) into requests to the editor, never edits itself."""

from __future__ import annotations

import gc
import math
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import cache
from typing import TYPE_CHECKING, cast

from PySide6.QtCore import QPointF, QRect, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QPainter, QPen
from PySide6.QtWidgets import (
    QGraphicsItem,
    QGraphicsLineItem,
    QGraphicsScene,
    QGraphicsSceneMouseEvent,
)

from catalogs import Catalog

from ..model.autolayout import auto_layout, column_of
from ..model.design import Link, Position
from ..model.document import Change, ChangeKind, DesignDocument
from ..model.slots import container_rects, free_slot
from . import style
from .commands import after_steps
from .geometry import (
    BATCH,
    GAP,
    GRID,
    HEADER,
    NODE_H,
    NODE_W,
    PAD,
    Box,
    Router,
    Steps,
    finish,
    label_steps,
    snap,
)
from .items import ComponentItem, ContainerItem, LinkItem, NodeItem, SiteItem, label_size

if TYPE_CHECKING:
    from .editor import Editor

# changes after which the scene is built again (containers hold everything else)
REBUILDS = frozenset({ChangeKind.RESET, ChangeKind.REGION_ADDED, ChangeKind.REGION_REMOVED,
                      ChangeKind.REGION_CHANGED})

# Laying the links out (routes, shared runs spread, labels placed, items redrawn) is done in
# steps (geometry.Steps). After an edit the first FIRST_WORK units of work run at once (about
# 20 ms: all of what a move or a small edit needs); what a large edit or a large design needs
# beyond that runs in slices of SLICE_S between events, the window responsive meanwhile and
# the status bar saying so. The first part is counted in work, not time, so that what an
# edit draws at once does not depend on how busy the machine is.
FIRST_WORK = 6000
# an edit adding more nodes than this (a paste): its new links are laid out in the slices
# that follow, a third of FIRST_WORK at once (the nodes themselves show at once)
MANY_ADDED = 10
SLICE_S = 0.025
APPLY_WORK = 10  # a link item given its new route and label
FREEZE_NODES = 1000  # a canvas larger: see _route_slice and _keep_rect
RECT_MARGIN = 400  # the least margin of a large canvas's scene rect (see _keep_rect)


@cache
def _label_size(label: str, warn: bool) -> tuple[float, float]:
    return label_size(label, warn)


class TopologyScene(QGraphicsScene):
    nodesMoved = Signal(dict)  # {id: (before Position, after Position)}
    routingProgress = Signal(str)  # what the links' layout is doing; "" once it is done

    def __init__(self, doc: DesignDocument, catalog: Catalog, editor: Editor | None = None) -> None:
        super().__init__()
        self.doc = doc
        self.catalog = catalog
        self.editor = editor
        self.nodes: dict[str, NodeItem] = {}
        self.containers: dict[str, ContainerItem] = {}
        self.link_items: dict[str, LinkItem] = {}
        self.router = Router()
        self._routing: Steps[None] | None = None  # the links' layout still to finish
        self.routing_note = ""  # what the layout is doing now
        self._said = ""  # what routingProgress said last
        self._routing_timer = QTimer(self)
        self._routing_timer.setSingleShot(True)
        self._routing_timer.setInterval(0)
        self._routing_timer.timeout.connect(self._route_slice)
        self._drawn_frames: dict[str, Position] = {}
        self._drawn_nodes: dict[str, Position] = {}  # where a file without a layout is drawn
        self._extent: QRectF | None = None  # see extent()
        self.layout_version = 0  # counts the times nodes and containers were laid out
        self._frozen = False  # see _route_slice
        self._rect_kept = False  # see _keep_rect
        self._added = 0  # nodes the edit being followed added (see MANY_ADDED)
        self._drag_start: dict[str, QPointF] = {}
        self._drag_seen: dict[str, QPointF] = {}  # where the nodes dragged were last followed
        self._connect_from: NodeItem | None = None
        self.dragging = False  # links draw plainly while a node moves (see LinkItem.paint)
        self._rubber_line: QGraphicsLineItem | None = None
        # what each change does to the items of the elements it names; a kind missing here
        # (a section) only lets the containers grow again
        self._followers: dict[ChangeKind, Callable[[str], None]] = {
            ChangeKind.COMPONENT_ADDED: lambda eid: self._add_node(ComponentItem(eid, self)),
            ChangeKind.SITE_ADDED: lambda eid: self._add_node(SiteItem(eid, self)),
            ChangeKind.COMPONENT_REMOVED: self._remove_node,
            ChangeKind.SITE_REMOVED: self._remove_node,
            ChangeKind.COMPONENT_CHANGED: self._refresh_node,
            ChangeKind.SITE_CHANGED: self._refresh_node,
            ChangeKind.LINK_ADDED: self._add_link,
            ChangeKind.LINK_REMOVED: self._remove_link_item,
            ChangeKind.LINK_CHANGED: self._renew_link,
            ChangeKind.LAYOUT: self._move_node,
        }
        self.setBackgroundBrush(style.BACKGROUND)
        self.rebuild()
        doc.subscribe(self._on_change)

    def detach(self) -> None:
        self.doc.unsubscribe(self._on_change)
        self._routing = None
        self._routing_timer.stop()
        if self._frozen:
            # frozen objects in reference cycles are never collected (see _route_slice):
            # the cycles between the scene, its items and their links are broken instead
            self.router = Router()
            for node in self.nodes.values():
                node.links.clear()
            self.nodes, self.link_items = {}, {}

    # ---------------------------------------------------------------- building
    def rebuild(self) -> None:
        self.clear()
        self.nodes.clear()
        self.containers.clear()
        self.link_items.clear()
        self._rubber_line = None
        design = self.doc.design
        missing = self._missing_positions()
        self._drawn_frames = {i: p for i, p in missing.items() if p.w is not None}
        self._drawn_nodes = {i: p for i, p in missing.items() if p.w is None}
        for region in design.placement.regions:
            info = self.catalog.regions.get(region.catalog_region)
            title = f"{region.name or region.id}  ({info.name if info else region.catalog_region})"
            self._add_container(region.id, "region", title)
            for zone in region.zones:
                where = f"  (zone {zone.catalog_zone})" if zone.catalog_zone else ""
                self._add_container(zone.id, "zone", f"{zone.name or zone.id}{where}")
        for site in design.placement.sites:
            self._add_node(SiteItem(site.id, self), missing)
        for comp in design.components:
            self._add_node(ComponentItem(comp.id, self), missing)
        for link in design.links:
            self._add_link(link.id, link)
        self.update_containers()

    def _missing_positions(self) -> dict[str, Position]:
        known = self.doc.design.layout.positions
        needed = [c.id for c in self.doc.design.components] + \
                 [s.id for s in self.doc.design.placement.sites] + \
                 [r.id for r in self.doc.design.placement.regions] + \
                 [z.id for r in self.doc.design.placement.regions for z in r.zones]
        if all(n in known for n in needed):
            return {}
        return auto_layout(self.doc.design, self.catalog)

    def position_of(self, element_id: str, fallback: dict[str, Position] | None = None) \
            -> Position | None:
        pos = self.doc.design.layout.positions.get(element_id)
        if pos is None and fallback:
            pos = fallback.get(element_id)
        return pos

    def _add_container(self, element_id: str, kind: str, title: str) -> None:
        item = ContainerItem(element_id, kind, title)
        self.containers[element_id] = item
        self.addItem(item)

    def _add_node(self, item: NodeItem, fallback: dict[str, Position] | None = None) -> None:
        if self.editor is not None and self.editor.read_only:
            item.setFlag(item.GraphicsItemFlag.ItemIsMovable, False)
        pos = self.position_of(item.element_id, fallback) or self._free_spot(item.element_id)
        item.setPos(pos.x, pos.y)  # a new node: no links to follow it yet
        self.nodes[item.element_id] = item
        self.addItem(item)

    def extent(self) -> QRectF:
        """What is drawn: the union of every node's, container's and link's bounds, as
        ``itemsBoundingRect`` gives it, from the rectangles the items keep and remembered
        until something moves or changes (Qt's own asks each of the 28,000 items of a
        10,000-component design for its shape: 0.3 s a time, and the views ask often)."""
        if self._extent is None:
            self._extent = self._measured()
        return QRectF(self._extent)

    def forget_extent(self) -> None:
        """Something drawn moved, came or went: :meth:`extent` measures again."""
        self._extent = None

    def _measured(self) -> QRectF:
        b = NodeItem.BOUNDS
        corners = [(p.x(), p.y()) for p in (node.pos() for node in self.nodes.values())]
        rects = cast(list[tuple[float, float, float, float]],  # (left, top, right, bottom)
                     [*(c.rect().getCoords() for c in self.containers.values()),
                      *(item.boundingRect().getCoords() for item in self.link_items.values())])
        if corners:
            xs, ys = [x for x, _ in corners], [y for _, y in corners]
            rects.append((min(xs) + b.left(), min(ys) + b.top(),
                          max(xs) + b.right(), max(ys) + b.bottom()))
        if not rects:
            return self.itemsBoundingRect()  # an empty design (or what else it holds)
        return QRectF(QPointF(min(r[0] for r in rects), min(r[1] for r in rects)),
                      QPointF(max(r[2] for r in rects), max(r[3] for r in rects)))

    def _free_spot(self, element_id: str) -> Position:
        """A node added without a position: the first free slot of its container."""
        comp = self.doc.component(element_id)
        column = (column_of(comp) or comp.placement.site) if comp else None
        if column:
            return free_slot(self.doc.design, column)
        rect = self.extent()
        return Position(x=snap(rect.left()), y=snap(rect.bottom() + 2 * GAP))

    def _add_link(self, link_id: str, link: Link | None = None) -> None:
        link = link or self.doc.link(link_id)
        if link is None:
            return
        source, target = self.nodes.get(link.from_), self.nodes.get(link.to)
        if source is None or target is None:
            return
        kind = self.catalog.link_kinds.get(link.kind)
        phi = kind.carries_phi if link.carries_phi is None and kind else bool(link.carries_phi)
        # short on the canvas (kind, then marks for PHI and for no encryption), whole in
        # the tooltip
        label = " · ".join([link.kind, *(["PHI"] if phi else []),
                            *([] if link.encrypted else ["unencrypted"])])
        about = (f"{link.id}: {kind.name if kind else link.kind} link\n"
                 f"{link.from_} \u2192 {link.to}\n"
                 f"{'carries PHI' if phi else 'no PHI'}, "
                 f"{'encrypted' if link.encrypted else 'NOT ENCRYPTED'}")
        item = LinkItem(link_id, source, target, link.kind, label,
                        warn=phi and not link.encrypted, tooltip=about)
        self.link_items[link_id] = item
        self.addItem(item)

    def update_containers(self) -> None:
        """Each zone and region: its layout rectangle grown to hold what is placed in it
        (:func:`slots.container_rects`, the rule Arrange and drops persist)."""
        # a file without a layout: its zones and regions where the automatic layout drew them
        positions = {**self._drawn_frames, **self.doc.design.layout.positions}
        for eid, node in self.nodes.items():
            if eid in self._drag_start:
                positions.pop(eid, None)  # containers stay put under a node being dragged
                continue
            p, known = node.pos(), positions.get(eid) or self._drawn_nodes.get(eid)
            if known is None or (known.x, known.y, known.w, known.h) != (p.x(), p.y(), None,
                                                                         None):
                positions[eid] = Position(x=p.x(), y=p.y())  # else the same, kept (10,000)
        rects = container_rects(self.doc.design, positions)
        self.forget_extent()
        self.layout_version += 1
        for eid, box in self.containers.items():
            r = rects.get(eid)
            box.setRect(QRectF(r.x, r.y, r.w, r.h) if r is not None
                        else QRectF(0, 0, NODE_W + 2 * PAD, NODE_H + 2 * HEADER))
        self._keep_rect()
        self.route_links()

    def _keep_rect(self) -> None:
        """A large canvas's scene rect is set, with a wide margin, and grown in large steps:
        left to Qt it grows by a few pixels whenever a routed link reaches past the nodes,
        and each growth rebuilds Qt's index of every item (0.15 s at 10,000 components).
        The depth of that index is set too: chosen by Qt, it changes when many links are
        redrawn at once (each counted twice until the index catches up), and the index is
        rebuilt again."""
        if len(self.nodes) <= FREEZE_NODES:
            return
        drawn = self.extent()
        if self._rect_kept and self.sceneRect().contains(drawn):  # (Qt's own: 0.3 s)
            return
        if not self._rect_kept:
            count = len(self.nodes) + len(self.link_items) + len(self.containers)
            self.setBspTreeDepth(max(5, math.ceil(math.log2(count))))  # as Qt would choose
        margin = max(RECT_MARGIN, 0.1 * max(drawn.width(), drawn.height()))
        self._rect_kept = True
        self.setSceneRect(drawn.adjusted(-margin, -margin, margin, margin))

    def route_links(self) -> None:
        """Lay the links out again (:meth:`_link_layout`): at once what an ordinary edit
        needs, in slices between events the rest of a large one (see FIRST_WORK)."""
        self._routing = self._link_layout()
        added, self._added = self._added, 0
        self._route_slice(FIRST_WORK if added <= MANY_ADDED else FIRST_WORK // 3)

    def links_settled(self) -> bool:
        """Whether every link is drawn along its route (no layout is left to finish)."""
        return self._routing is None

    def settle_links(self) -> None:
        """Finish the links' layout now (a picture or a measurement of the settled canvas)."""
        if self._routing is not None:
            steps, self._routing = self._routing, None
            finish(steps)
            self.forget_extent()
            self._routing_timer.stop()
            self._set_routing_note("")

    def _route_slice(self, work: int | None = None) -> None:
        """Run the layout's steps: ``work`` units of them, else for SLICE_S seconds; when
        some are left, the rest after the events waiting."""
        steps = self._routing
        if steps is None:
            return
        done, until = 0, time.perf_counter() + SLICE_S

        def more() -> bool:
            return done < work if work is not None else time.perf_counter() < until

        try:
            while more():
                done += next(steps)
        except StopIteration:
            if self._routing is steps:
                self._routing = None
            self.forget_extent()  # the links' new routes
            QTimer.singleShot(0, self, self._keep_rect)  # after this slice's events
            self._routing_timer.stop()
            self._set_routing_note("")
            return
        self._routing_timer.start()
        self._set_routing_note(self.routing_note)
        if len(self.nodes) > FREEZE_NODES:
            # Qt's index takes the links redrawn back at its next query: asked now, a
            # slice's worth at a time, not those of many slices at the next paint (0.1 s)
            self.items(QRectF(0, 0, 1, 1))
            # what the layout built so far lives as long as the canvas: out of the
            # collector's reach, or each full collection walks it again (up to 0.12 s
            # apiece, thirty of them while 10,000 components are laid out). Reference
            # counting still frees it; only cycles among frozen objects stay (detach
            # breaks the canvas's own)
            gc.freeze()
            self._frozen = True

    def _set_routing_note(self, note: str) -> None:
        if note != self._said:
            self._said = note
            self.routingProgress.emit(note)

    def _link_layout(self) -> Steps[None]:
        """Every link around the nodes it does not join, its label where it covers no node
        and no other label (geometry.Router and place_labels; unchanged routes come from
        the router's memory); then the items that changed redrawn."""
        boxes: dict[str, Box] = {}
        for n, (eid, node) in enumerate(self.nodes.items(), 1):
            if n % BATCH == 0:
                yield BATCH
            p = node.pos()
            boxes[eid] = (p.x(), p.y(), p.x() + NODE_W, p.y() + NODE_H)
        items = dict(self.link_items)
        ends = [(lid, item.source.element_id, item.target.element_id)
                for lid, item in items.items()]
        total = len(ends)
        self.routing_note = f"Routing {total:,} links..."
        routes = yield from self.router.routing(boxes, ends)
        # warnings first: an unencrypted PHI link's label gets the best place
        order = sorted(items, key=lambda lid: (not items[lid].warn, lid))
        sizes = {lid: _label_size(items[lid].label, items[lid].warn) for lid in items}
        # labels keep off the nodes and off the titles of zones and regions
        titles = [(r.left(), r.top(), r.right(), r.top() + ContainerItem.TITLE_STRIP)
                  for r in (box.rect() for box in self.containers.values())]
        self.routing_note = f"Placing the labels of {total:,} links..."
        labels = yield from label_steps(routes, sizes, [*boxes.values(), *titles], order)
        self.routing_note = f"Drawing {total:,} links..."
        # the links in sight first: a slice that changes them repaints the canvas (0.1 s on
        # a large design), one that changes only links out of sight does not
        ahead = {item.element_id for v in self.views() if v.isInteractive()  # not the overview
                 for item in self.items(v.mapToScene(v.viewport().rect()).boundingRect())
                 if isinstance(item, LinkItem)}
        yield len(ahead)
        for lid, item in sorted(items.items(), key=lambda entry: entry[0] not in ahead):
            if self.link_items.get(lid) is not item or not all(
                    boxes.get(n.element_id, (None, None))[:2] == (n.pos().x(), n.pos().y())
                    for n in (item.source, item.target)):
                continue  # removed or being dragged since (what follows lays it out again)
            route = [QPointF(x, y) for x, y in routes.get(lid, [])]
            box = labels.get(lid)
            label = QRectF(box[0], box[1], box[2] - box[0], box[3] - box[1]) if box else None
            if route != item.route or label != item.label_box:
                item.set_route(route, label)
                yield APPLY_WORK

    # ---------------------------------------------------------------- following the document
    def _on_change(self, change: Change) -> None:
        if change.kind in REBUILDS:
            with self._selection_kept():
                self.rebuild()
            return
        follow = self._followers.get(change.kind)
        if change.kind in (ChangeKind.COMPONENT_ADDED, ChangeKind.SITE_ADDED):
            self._added += len(change.ids)
        if follow is not None:
            for eid in change.ids:
                follow(eid)
        if not after_steps(self.doc, self.update_containers):  # once per undo step
            self.update_containers()

    def _remove_node(self, element_id: str) -> None:
        item = self.nodes.pop(element_id, None)
        if item is not None:
            for link in list(item.links):
                self._remove_link_item(link.element_id)
            self.removeItem(item)

    def _refresh_node(self, element_id: str) -> None:
        node = self.nodes.get(element_id)
        if isinstance(node, (ComponentItem, SiteItem)):
            node.refresh()

    def _renew_link(self, link_id: str) -> None:
        with self._selection_kept():
            self._remove_link_item(link_id)
            self._add_link(link_id)

    def _move_node(self, element_id: str) -> None:
        pos = self.doc.design.layout.positions.get(element_id)
        node = self.nodes.get(element_id)
        if node is not None and pos is not None:
            node.move_to(QPointF(pos.x, pos.y))

    @contextmanager
    def _selection_kept(self) -> Iterator[None]:
        """Items rebuilt for an edit stay selected, and the Inspector that made the edit is
        not told the selection changed (it would rebuild the form the user is typing in)."""
        selected = self.selected_ids()
        blocked = self.blockSignals(True)
        try:
            yield
            self.select_ids(selected)
        finally:
            self.blockSignals(blocked)
        if self.selected_ids() != selected:
            self.selectionChanged.emit()

    def _remove_link_item(self, link_id: str) -> None:
        item = self.link_items.pop(link_id, None)
        if item is not None:
            item.detach()
            self.removeItem(item)

    # ---------------------------------------------------------------- selection helpers
    def selected_ids(self) -> list[str]:
        return [i.element_id for i in self.selectedItems() if hasattr(i, "element_id")]

    def select_ids(self, ids: list[str]) -> None:
        """Select exactly these elements; ``selectionChanged`` is emitted once."""
        items = [self.nodes.get(eid) or self.link_items.get(eid) or self.containers.get(eid)
                 for eid in ids]
        self._select([item for item in items if item is not None], clear=True)

    def select_all(self) -> None:
        """Select every component, site and link (regions and zones are left as they are);
        ``selectionChanged`` is emitted once, not once per item (2.2 s on the flagship)."""
        self._select([*self.nodes.values(), *self.link_items.values()], clear=False)

    def _select(self, items: list[QGraphicsItem], clear: bool) -> None:
        before = set(self.selected_ids())
        blocked = self.blockSignals(True)
        try:
            if clear:
                self.clearSelection()
            for item in items:
                item.setSelected(True)
        finally:
            self.blockSignals(blocked)
        if set(self.selected_ids()) != before:
            self.selectionChanged.emit()

    def container_at(self, point: QPointF) -> ContainerItem | None:
        """The innermost zone (else region) under a scene point."""
        zones = [c for c in self.containers.values() if c.kind == "zone"
                 and c.rect().contains(point)]
        if zones:
            return zones[0]
        regions = [c for c in self.containers.values() if c.kind == "region"
                   and c.rect().contains(point)]
        return regions[0] if regions else None

    def node_at(self, point: QPointF) -> NodeItem | None:
        for item in self.items(point):
            if isinstance(item, NodeItem):
                return item
        return None

    # ---------------------------------------------------------------- gestures
    def drawBackground(self, painter: QPainter, rect: QRectF | QRect) -> None:
        super().drawBackground(painter, rect)
        if painter.worldTransform().m11() < 0.5:
            return  # the grid is noise when zoomed far out
        step = GRID * 4
        painter.setPen(QPen(style.GRID, 0.6))
        left = int(rect.left() // step) * step
        top = int(rect.top() // step) * step
        x = left
        while x < rect.right():
            painter.drawLine(QPointF(x, rect.top()), QPointF(x, rect.bottom()))
            x += step
        y = top
        while y < rect.bottom():
            painter.drawLine(QPointF(rect.left(), y), QPointF(rect.right(), y))
            y += step

    def mousePressEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            node = self.node_at(event.scenePos())
            if node is not None and node.on_handle(event.scenePos()) and self.editor is not None \
                    and not self.editor.read_only:
                self._connect_from = node
                self._rubber_line = QGraphicsLineItem()
                self._rubber_line.setPen(QPen(QColor("#1f6feb"), 1.5, Qt.PenStyle.DashLine))
                self._rubber_line.setZValue(10)
                self.addItem(self._rubber_line)
                c = node.centre()
                self._rubber_line.setLine(c.x(), c.y(), c.x(), c.y())
                event.accept()
                return
        super().mousePressEvent(event)
        self._drag_start = {i.element_id: i.pos() for i in self.selectedItems()
                            if isinstance(i, NodeItem)}
        self._drag_seen = dict(self._drag_start)

    def mouseMoveEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        if self._connect_from is not None and self._rubber_line is not None:
            c = self._connect_from.centre()
            p = event.scenePos()
            self._rubber_line.setLine(c.x(), c.y(), p.x(), p.y())
            event.accept()
            return
        if self._drag_start and event.buttons() & Qt.MouseButton.LeftButton:
            self.dragging = True
        super().mouseMoveEvent(event)  # containers stay put while a node is dragged
        for eid in self._drag_start:  # Qt moved them: their links follow
            node = self.nodes.get(eid)
            if node is not None and node.pos() != self._drag_seen.get(eid):
                self._drag_seen[eid] = node.pos()
                node.moved()

    def mouseReleaseEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        if self._connect_from is not None:
            source = self._connect_from
            self._connect_from = None
            if self._rubber_line is not None:
                self.removeItem(self._rubber_line)
                self._rubber_line = None
            target = self.node_at(event.scenePos())
            if target is not None and target is not source and self.editor is not None:
                self.editor.connect_elements(source.element_id, target.element_id,
                                    screen_pos=event.screenPos())
            event.accept()
            return
        super().mouseReleaseEvent(event)
        if self.dragging:
            self.dragging = False
            self.update()
        start, self._drag_start = self._drag_start, {}
        moved = {}
        for eid, before in start.items():
            node = self.nodes.get(eid)
            if node is None:
                continue
            if node.pos() == before:
                continue  # a click, not a drag
            after = QPointF(snap(node.pos().x()), snap(node.pos().y()))
            node.move_to(after)
            moved[eid] = (before, after)
        if moved and self.editor is not None:
            self.editor.finish_move(moved)
        elif moved:
            for eid, (before, _) in moved.items():
                self.nodes[eid].move_to(before)
