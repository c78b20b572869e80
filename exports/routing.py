"""Links drawn through the free channels between boxes, never across a box.

Boxes sit in a grid (``sheets.place``): vertical channels run at the slot boundaries and
horizontal ones between rows, both clear of boxes over their whole length. A link leaves a box
by a side, runs along a vertical channel and, when the other box is further than the next
column, along a horizontal one, and enters the other box by a side: at most five segments.
Each link gets its own port on a side (ordered to limit crossings) and, where it can, its own
lane in a channel."""

from __future__ import annotations

from dataclasses import dataclass, field

from .sheets import Placed, Slot, vlanes
from .topology_model import Edge

Point = tuple[float, float]


@dataclass
class Route:
    """An edge's path (top-down coordinates) and where its marks go."""

    edge: Edge
    points: list[Point]
    label: Point = (0.0, 0.0)


@dataclass
class _Plan:
    edge: Edge
    a: Slot
    b: Slot
    side_a: str  # l, r, t, b
    side_b: str
    vchan: int | None = None  # slot boundary
    hchan: tuple[int, int] | None = None  # band, gap
    ports: dict[str, Point] = field(default_factory=dict)
    vx: float = 0.0
    hy: float = 0.0


def _plan(edge: Edge, a: Slot, b: Slot, slots: int) -> _Plan:
    if a.col == b.col:
        if a.band == b.band and abs(a.row - b.row) == 1:
            up, down = (a, b) if a.row < b.row else (b, a)
            return _Plan(edge, a, b, "b" if a is up else "t", "t" if b is down else "b",
                         hchan=(a.band, down.row))
        j = a.col + 1 if a.col + 1 < slots else a.col
        side = "r" if j > a.col else "l"
        return _Plan(edge, a, b, side, side, vchan=j)
    right = b.col > a.col
    j = a.col + 1 if right else a.col
    if abs(a.col - b.col) == 1:
        return _Plan(edge, a, b, "r" if right else "l", "l" if right else "r", vchan=j)
    below = (b.band, b.row) > (a.band, a.row)
    same = (b.band, b.row) == (a.band, a.row)
    gap = (b.band, b.row) if below or same else (b.band, b.row + 1)
    return _Plan(edge, a, b, "r" if right else "l", "t" if below or same else "b",
                 vchan=j, hchan=gap)


def route(placed: Placed, edges: list[Edge]) -> list[Route]:
    """Routes for the edges whose both ends are on the sheet."""
    slots = placed.metrics.slots
    plans = [_plan(e, placed.boxes[e.a], placed.boxes[e.b], slots) for e in edges
             if e.a in placed.boxes and e.b in placed.boxes]
    for p in plans:
        if p.vchan is not None:
            p.vx = p.vchan * placed.metrics.slot_w
        if p.hchan is not None:
            p.hy = placed.hlanes[p.hchan[0]][p.hchan[1]][0]
    _assign_ports(plans)
    _assign_lanes(plans, placed)
    return [_route(p) for p in plans]


def _toward(p: _Plan, end: str) -> float:
    """What a port's order on its side follows: the coordinate its link heads for."""
    other = p.b if end == "a" else p.a
    side = p.side_a if end == "a" else p.side_b
    if side in "lr":
        return p.hy if p.hchan is not None and end == "a" else other.rect.y + other.rect.h / 2
    return p.vx if p.vchan is not None else other.rect.cx


def _assign_ports(plans: list[_Plan]) -> None:
    sides: dict[tuple[int, str], list[tuple[float, int, _Plan, str]]] = {}
    for i, p in enumerate(plans):
        for end, slot, side in (("a", p.a, p.side_a), ("b", p.b, p.side_b)):
            sides.setdefault((id(slot), side), []).append((_toward(p, end), i, p, end))
    for (_, side), users in sides.items():
        users.sort(key=lambda u: (u[0], u[1]))
        for k, (_, _, p, end) in enumerate(users):
            r = (p.a if end == "a" else p.b).rect
            f = (k + 1) / (len(users) + 1)
            if side == "l":
                pt = (r.x, r.y + 3 + (r.h - 6) * f)
            elif side == "r":
                pt = (r.x + r.w, r.y + 3 + (r.h - 6) * f)
            else:  # top and bottom: clear of the corners (the badge sits top right)
                pt = (r.x + 12 + (r.w - 36) * f, r.y if side == "t" else r.y + r.h)
            p.ports[end] = pt


def _free_lane(taken: list[list[tuple[float, float]]], lo: float, hi: float) -> int:
    for i, spans in enumerate(taken):
        if all(hi + 2 < s or lo - 2 > e for s, e in spans):
            return i
    return min(range(len(taken)), key=lambda i: len(taken[i]))


def _assign_lanes(plans: list[_Plan], placed: Placed) -> None:
    """The shortest runs first, each in the first lane of its channel still free there."""
    vtaken: dict[int, list[list[tuple[float, float]]]] = {}
    htaken: dict[tuple[int, int], list[list[tuple[float, float]]]] = {}
    for p in plans:
        if p.hchan is not None and p.vchan is None:  # one column, next row: a short jog
            p.hy = placed.hlanes[p.hchan[0]][p.hchan[1]][0]
    for p in sorted(plans, key=_span):
        ya = p.ports["a"][1]
        if p.vchan is not None:
            lanes = vlanes(placed.metrics, p.vchan)
            yb = p.hy if p.hchan is not None else p.ports["b"][1]
            taken = vtaken.setdefault(p.vchan, [[] for _ in lanes])
            lane = _free_lane(taken, min(ya, yb), max(ya, yb))
            taken[lane].append((min(ya, yb), max(ya, yb)))
            p.vx = lanes[lane]
        if p.hchan is not None:
            lanes = placed.hlanes[p.hchan[0]][p.hchan[1]]
            xa = p.vx if p.vchan is not None else p.ports["a"][0]
            xb = p.ports["b"][0]
            taken = htaken.setdefault(p.hchan, [[] for _ in lanes])
            lane = _free_lane(taken, min(xa, xb), max(xa, xb))
            taken[lane].append((min(xa, xb), max(xa, xb)))
            p.hy = lanes[lane]


def _span(p: _Plan) -> float:
    (xa, ya), (xb, yb) = p.ports["a"], p.ports["b"]
    return abs(xa - xb) + abs(ya - yb)


def _route(p: _Plan) -> Route:
    (xa, ya), (xb, yb) = p.ports["a"], p.ports["b"]
    if p.vchan is None:  # same column, next row
        pts = [(xa, ya), (xa, p.hy), (xb, p.hy), (xb, yb)]
    elif p.hchan is None:
        pts = [(xa, ya), (p.vx, ya), (p.vx, yb), (xb, yb)]
    else:
        pts = [(xa, ya), (p.vx, ya), (p.vx, p.hy), (xb, p.hy), (xb, yb)]
    pts = [pt for i, pt in enumerate(pts) if i == 0 or pt != pts[i - 1]]
    segs = list(zip(pts, pts[1:], strict=False))
    (x0, y0), (x1, y1) = max(segs, key=lambda s: abs(s[0][0] - s[1][0]) + abs(s[0][1] -
                                                                             s[1][1]))
    return Route(p.edge, pts, ((x0 + x1) / 2, (y0 + y1) / 2))
