"""Where a new node goes and how containers make room for it (no Qt).

A *slot* is the top-left corner of a node-sized rectangle on the canvas grid inside a
container (a zone, a region's own area outside its zones, or the column under a site) that
keeps a GAP clear of every node. Containers are drawn grown to hold what is placed in them;
:func:`make_room` turns that growth into layout positions and pushes neighbours aside (a zone
its right-hand sibling zones, a region the regions right of or below it), so that a drop
never leaves two containers overlapping. One computation for the canvas, the editor and the
patterns that insert several nodes at once.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from typing import NamedTuple

from .autolayout import GAP, HEADER, NODE_H, NODE_W, PAD, column_of
from .design import Design, Position

GRID = 10.0
REGION_SPACING = 3 * GAP  # between regions, as auto_layout leaves it


class Rect(NamedTuple):
    x: float
    y: float
    w: float
    h: float

    @property
    def right(self) -> float:
        return self.x + self.w

    @property
    def bottom(self) -> float:
        return self.y + self.h

    def grown(self, left: float, top: float, right: float, bottom: float) -> Rect:
        return Rect(self.x - left, self.y - top, self.w + left + right, self.h + top + bottom)

    def united(self, other: Rect) -> Rect:
        x, y = min(self.x, other.x), min(self.y, other.y)
        return Rect(x, y, max(self.right, other.right) - x, max(self.bottom, other.bottom) - y)

    def intersects(self, other: Rect) -> bool:
        return (self.x < other.right and other.x < self.right
                and self.y < other.bottom and other.y < self.bottom)

    def moved(self, dx: float, dy: float) -> Rect:
        return Rect(self.x + dx, self.y + dy, self.w, self.h)


def _up(value: float) -> float:
    return math.ceil(value / GRID - 1e-9) * GRID


def _down(value: float) -> float:
    return math.floor(value / GRID + 1e-9) * GRID


def node_rect(pos: Position) -> Rect:
    return Rect(pos.x, pos.y, NODE_W, NODE_H)


def node_rects(design: Design, positions: Mapping[str, Position] | None = None
               ) -> dict[str, Rect]:
    """The rectangle of every component and site that has a position."""
    known = design.layout.positions if positions is None else positions
    ids = [c.id for c in design.components] + [s.id for s in design.placement.sites]
    return {i: node_rect(known[i]) for i in ids if i in known}


def _framed(pos: Position | None) -> Rect | None:
    if pos is None:
        return None
    return Rect(pos.x, pos.y, pos.w or NODE_W + 2 * PAD, pos.h or NODE_H + 2 * HEADER)


def _union(rects: Iterable[Rect | None]) -> Rect | None:
    out: Rect | None = None
    for r in rects:
        if r is not None:
            out = r if out is None else out.united(r)
    return out


def holding(rect: Rect) -> Rect:
    """The frame a container needs around a node rectangle it holds."""
    return rect.grown(PAD, HEADER, PAD, PAD)


def container_rects(design: Design, positions: Mapping[str, Position] | None = None
                    ) -> dict[str, Rect]:
    """Each zone and region as drawn: its layout rectangle grown to hold what is placed in
    it (a region holds its zones and its regional components)."""
    known = design.layout.positions if positions is None else positions
    nodes = node_rects(design, known)
    columns: dict[str, list[Rect]] = {}
    for comp in design.components:
        col = column_of(comp)
        if col and comp.id in nodes:
            columns.setdefault(col, []).append(holding(nodes[comp.id]))
    out: dict[str, Rect] = {}
    for region in design.placement.regions:
        inside: list[Rect | None] = [_framed(known.get(region.id))]
        for zone in region.zones:
            rect = _union([_framed(known.get(zone.id)), *columns.get(zone.id, [])])
            if rect is not None:
                out[zone.id] = rect
                inside.append(holding(rect))
        inside += columns.get(region.id, [])
        rect = _union(inside)
        if rect is not None:
            out[region.id] = rect
    return out


class _Area(NamedTuple):
    """Where the top-left corner of a slot may be: x in [x0, x1], y from y0 down."""
    x0: float
    x1: float
    y0: float
    blocked: list[Rect]  # besides nodes: what a slot keeps clear of (the zones of a region)
    site: bool = False  # a site's column: stacked in order, only its own nodes count


def _area(design: Design, container_id: str, positions: Mapping[str, Position]) -> _Area | None:
    site = next((s for s in design.placement.sites if s.id == container_id), None)
    if site is not None:
        pos = positions.get(site.id)
        if pos is None:
            return None
        return _Area(pos.x, pos.x, pos.y + NODE_H + GAP, [], site=True)
    rects = container_rects(design, positions)
    rect = rects.get(container_id)
    if rect is None:
        return None
    region = next((r for r in design.placement.regions if r.id == container_id), None)
    x0 = _up(rect.x + PAD)
    if region is None:  # a zone
        return _Area(x0, max(x0, _down(rect.right - PAD - NODE_W)), _up(rect.y + HEADER), [])
    zones = [rects[z.id] for z in region.zones if z.id in rects]
    # the regional column right of the zones may widen the region
    right = max([rect.right - PAD - NODE_W, *(_up(z.right + GAP) for z in zones)])
    return _Area(x0, max(x0, _down(right)), _up(rect.y + 2 * HEADER), zones)


def free_slot(design: Design, container_id: str, near: tuple[float, float] | None = None,
              taken: Iterable[Position] = ()) -> Position:
    """The top-left corner of a free node-sized slot in a zone, a region's own area or a
    site's column: a GAP clear of every node (those of the design and ``taken``), nearest to
    the scene point ``near`` (the node centred on it) or, without one, the first free in
    reading order. The slot may lie below the container's bottom: the container then grows
    (see :func:`make_room`)."""
    positions = design.layout.positions
    area = _area(design, container_id, positions)
    if area is None:  # a container the layout does not place yet: where asked, on the grid
        x, y = near if near is not None else (PAD + NODE_W / 2, PAD + NODE_H / 2)
        return Position(x=_down(x - NODE_W / 2 + GRID / 2), y=_down(y - NODE_H / 2 + GRID / 2))
    nodes = node_rects(design)
    if area.site:  # regions below a site's column are pushed down, not stepped over
        near = None
        nodes = {i: r for i, r in nodes.items() if i == container_id or any(
            c.id == i and c.placement.site == container_id for c in design.components)}
    obstacles = [r.grown(GAP, GAP, GAP, GAP) for r in nodes.values()]
    obstacles += [node_rect(p).grown(GAP, GAP, GAP, GAP) for p in taken]
    obstacles += [z.grown(GAP, GAP, GAP, GAP) for z in area.blocked]
    # only what stands in the area's band of columns can be in the way
    band = Rect(area.x0, area.y0, area.x1 - area.x0 + NODE_W, math.inf)
    obstacles = [o for o in obstacles if o.intersects(band)]
    xs = {area.x0, area.x1}
    ys = {area.y0}
    for o in obstacles:  # the nearest free corner is at an obstacle's edge or under `near`
        xs |= {_up(o.right), _down(o.x - NODE_W)}
        ys |= {_up(o.bottom), _down(o.y - NODE_H)}
    if near is not None:
        xs.add(_down(near[0] - NODE_W / 2 + GRID / 2))
        ys.add(_down(near[1] - NODE_H / 2 + GRID / 2))
    xs = {min(max(x, area.x0), area.x1) for x in xs}
    ys = {max(y, area.y0) for y in ys}

    def score(corner: tuple[float, float]) -> tuple[float, float, float]:
        x, y = corner
        if near is None:
            return y, x, 0.0
        cx, cy = x + NODE_W / 2, y + NODE_H / 2
        return math.hypot(cx - near[0], cy - near[1]), y, x

    for x, y in sorted(((x, y) for x in xs for y in ys), key=score):
        slot = Rect(x, y, NODE_W, NODE_H)
        if not any(slot.intersects(o) for o in obstacles):
            return Position(x=x, y=y)
    # unreachable: below the lowest obstacle is always free
    lowest = max((o.bottom for o in obstacles), default=area.y0)
    return Position(x=area.x0, y=_up(lowest))


# ------------------------------------------------------------------------ making room
def _members(design: Design) -> tuple[dict[str, list[str]], dict[str, list[str]]]:
    """Per zone and per region, the ids drawn inside it (a region: its zones and every
    component placed in it)."""
    zone_members: dict[str, list[str]] = {}
    region_members: dict[str, list[str]] = {}
    for region in design.placement.regions:
        region_members[region.id] = [z.id for z in region.zones]
    for comp in design.components:
        if comp.placement.site:
            continue
        col = column_of(comp)
        if col is not None and col != comp.placement.region:
            zone_members.setdefault(col, []).append(comp.id)
        if comp.placement.region in region_members:
            region_members[comp.placement.region].append(comp.id)
    return zone_members, region_members


def _zone_blocks(design: Design, region_id: str, rects: Mapping[str, Rect],
                 positions: Mapping[str, Position], zone_members: Mapping[str, list[str]]
                 ) -> list[tuple[str, Rect, list[str]]]:
    """A region's zones with what they hold, and its regional nodes standing outside them:
    what a growing zone pushes right. A regional node drawn inside a zone (a component of
    several zones) moves with that zone."""
    region = next(r for r in design.placement.regions if r.id == region_id)
    zones = {z.id: rects[z.id] for z in region.zones if z.id in rects}
    carried: dict[str, list[str]] = {z: list(zone_members.get(z, [])) for z in zones}
    blocks: list[tuple[str, Rect, list[str]]] = []
    for comp in design.components:
        if comp.placement.region != region_id or column_of(comp) != region_id \
                or comp.id not in positions:
            continue
        rect = node_rect(positions[comp.id])
        cx, cy = rect.x + rect.w / 2, rect.y + rect.h / 2
        inside = next((z for z, r in zones.items()
                       if r.x <= cx <= r.right and r.y <= cy <= r.bottom), None)
        if inside is not None:
            carried[inside].append(comp.id)
        else:
            blocks.append((comp.id, rect, []))
    return [(z, r, carried[z]) for z, r in zones.items()] + blocks


def _site_columns(design: Design, positions: Mapping[str, Position]
                  ) -> list[tuple[str, Rect, list[str]]]:
    """Each site with the components under it, as one block regions keep clear of."""
    out = []
    for site in design.placement.sites:
        ids = [site.id] + [c.id for c in design.components if c.placement.site == site.id]
        rect = _union(node_rect(positions[i]) for i in ids if i in positions)
        if rect is not None:
            # narrowed so that sites a GAP apart in their row are not pushed apart
            side = (GAP - REGION_SPACING) / 2
            out.append((site.id, rect.grown(side, 0, side, 0), ids[1:]))
    return out


def _shift(positions: dict[str, Position], ids: Iterable[str], dx: float, dy: float) -> None:
    for i in ids:
        p = positions.get(i)
        if p is not None:
            positions[i] = p.model_copy(update={"x": p.x + dx, "y": p.y + dy})


def make_room(design: Design, placed: Mapping[str, Position] | None = None
              ) -> dict[str, Position]:
    """The positions to set so that nothing overlaps once ``placed`` (new or moved nodes,
    already in ``design``'s components or sites) stand where they are given: zones and
    regions get frames that hold what is placed in them; a zone that overlaps a sibling
    zone or a regional node pushes it right, a region pushes the regions it overlaps right
    (beside it) or down (below it), each with everything inside. Only changed positions are
    returned, ``placed`` among them (a pushed zone carries its new nodes along)."""
    positions: dict[str, Position] = {**design.layout.positions, **(placed or {})}
    zone_members, region_members = _members(design)
    for _ in range(8):  # a push may make another overlap; a few rounds settle any design
        pushed = False
        rects = container_rects(design, positions)
        for region in design.placement.regions:
            pushed |= _push_apart(positions, _zone_blocks(design, region.id, rects, positions,
                                                      zone_members), GAP, sideways_only=True)
        rects = container_rects(design, positions)
        blocks = [(r.id, rects[r.id], region_members.get(r.id, []))
                  for r in design.placement.regions if r.id in rects]
        blocks += _site_columns(design, positions)
        pushed |= _push_apart(positions, blocks, REGION_SPACING, sideways_only=False)
        if not pushed:
            break
    rects = container_rects(design, positions)
    for cid, rect in rects.items():  # frames persisted as grown
        positions[cid] = Position(x=rect.x, y=rect.y, w=rect.w, h=rect.h)
    before = design.layout.positions
    return {i: p for i, p in positions.items() if before.get(i) != p or i in (placed or {})}


def _push_apart(positions: dict[str, Position], blocks: list[tuple[str, Rect, list[str]]],
                spacing: float, sideways_only: bool) -> bool:
    """Move later blocks (in reading order) off the earlier ones they overlap; True when
    something moved."""
    moved = False
    blocks = sorted(blocks, key=lambda b: (b[1].x, b[1].y) if sideways_only else (b[1].y, b[1].x))
    placed: list[Rect] = []
    for eid, rect, inside in blocks:
        for _ in range(len(placed) + 1):
            hit = next((p for p in placed
                        if rect.intersects(p.grown(spacing, spacing, spacing, spacing))), None)
            if hit is None:
                break
            right = _up(hit.right + spacing - rect.x)
            down = _up(hit.bottom + spacing - rect.y)
            beside = rect.x - hit.x >= rect.y - hit.y
            dx, dy = (right, 0.0) if sideways_only or beside else (0.0, down)
            rect = rect.moved(dx, dy)
            _shift(positions, [eid, *inside], dx, dy)
            moved = True
        placed.append(rect)
    return moved
