"""Layout numbers of the canvas: the grid, node size, where new things go, what-if
opacities, and the orthogonal routes of links with the places of their labels.

One place for the numbers the window, the editor and the scene share (where a dropped or
inserted node goes is ``workbench.model.slots``'s). Node size and the auto-layout spacings
are the model's (``workbench.model.autolayout`` lays out without Qt and must agree with what
is drawn); they are re-exported here. No Qt.
"""

from __future__ import annotations

import heapq
import math
from collections.abc import Generator
from typing import TypeVar

from ..model.autolayout import GAP, HEADER, NODE_H, NODE_W, PAD

__all__ = [
    "Box", "Point", "Router", "Steps", "finish", "label_steps", "place_labels", "simplified",
    "spread", "spread_steps",
    "DEAD_LINK_OPACITY", "DEGRADED_OPACITY", "FIRST_LEFT", "FULL_OPACITY", "GAP", "GRID",
    "HEADER", "LOST_OPACITY", "NODE_H", "NODE_W", "PAD",
    "PASTE_OFFSET", "REGION_GAP", "REGION_H", "REGION_TOP", "SITE_STEP", "SITE_TOP",
    "ZONE_DX", "ZONE_DY", "ZONE_GAP", "ZONE_H", "ZONE_W", "node_centre",
    "snap",
]

GRID = 10.0  # nodes and new elements snap to it (README: "Nodes snap to a 10 px grid")


def snap(value: float) -> float:
    """``value`` on the canvas grid."""
    return round(value / GRID) * GRID


# pasted and duplicated components appear this far right and down of their originals
PASTE_OFFSET = 40.0

# a region added from the catalog: right of what is drawn, its zones in a row of columns
FIRST_LEFT = 20.0  # on an empty canvas
REGION_GAP = 60.0  # from the right edge of what is drawn
REGION_TOP = 260.0
REGION_H = 220.0
ZONE_W = 230.0
ZONE_H = 150.0
ZONE_GAP = 20.0
ZONE_DX, ZONE_DY = 20.0, 30.0  # the first zone inside its region

# a new site: right of the right-most site, in the row of sites at the top
SITE_STEP = 210.0
SITE_TOP = 20.0

# what-if painting: what a failure scenario loses is greyed out
LOST_OPACITY = 0.22  # every instance of a component lost
DEGRADED_OPACITY = 0.6  # some of its instances lost
DEAD_LINK_OPACITY = 0.25  # a link with a lost end
FULL_OPACITY = 1.0


def node_centre(x: float, y: float) -> tuple[float, float]:
    """The centre of a node whose top-left corner is at (x, y)."""
    return x + NODE_W / 2, y + NODE_H / 2



# ---------------------------------------------------------------------------- link routes
# Links run orthogonally around the nodes they do not join, leaving and entering nodes on
# the sides that face each other, ports spread along a side shared by several links; each
# label sits on its own link where it covers no node and no other label. Pure geometry on
# (left, top, right, bottom) boxes, so that it is tested and measured without Qt.
Point = tuple[float, float]
Box = tuple[float, float, float, float]  # left, top, right, bottom

# Laying out the links of a large canvas takes seconds, so each phase is also a generator of
# steps: it yields the work each step did (about the number of obstacle tests), and the
# canvas runs the steps in slices between events (``TopologyScene.route_links``). The
# result is the same whether the steps run at once or in slices.
T = TypeVar("T")
Steps = Generator[int, None, T]


def finish(steps: Steps[T]) -> T:
    """Run the steps to their end: their result."""
    while True:
        try:
            next(steps)
        except StopIteration as done:
            return done.value


CLEAR = 8.0  # a route keeps this far from the nodes it passes
STUB = 12.0  # straight out of a node before the first bend (more than CLEAR)
BEND = 40.0  # a bend costs as much as this much length
HUG = 6.0  # a route along an obstacle's edge costs this more than one down a channel's middle
WINDOW = 240.0  # the nodes this far around a link's ends give its candidate channels
LARGE = 300  # nodes on a canvas beyond which only the nodes around a link's ends count


def _side_pair(a: Box, b: Box) -> tuple[str, str]:
    """The sides of ``a`` and ``b`` that face each other: vertical neighbours link bottom to
    top, horizontal ones right to left."""
    hgap = max(b[0] - a[2], a[0] - b[2])
    vgap = max(b[1] - a[3], a[1] - b[3])
    if vgap >= hgap or hgap < 2 * STUB:
        return ("bottom", "top") if b[1] + b[3] >= a[1] + a[3] else ("top", "bottom")
    return ("right", "left") if b[0] + b[2] >= a[0] + a[2] else ("left", "right")


_OUT = {"top": (0.0, -1.0), "bottom": (0.0, 1.0), "left": (-1.0, 0.0), "right": (1.0, 0.0)}


def _port(box: Box, side: str, k: int, n: int) -> Point:
    """The k-th of n ports spread along a side."""
    if side in ("top", "bottom"):
        x = box[0] + (box[2] - box[0]) * (k + 1) / (n + 1)
        return x, box[1] if side == "top" else box[3]
    y = box[1] + (box[3] - box[1]) * (k + 1) / (n + 1)
    return box[0] if side == "left" else box[2], y


def _inside(seg_a: Point, seg_b: Point, o: Box) -> bool:
    """Whether an axis-parallel segment enters the open interior of a box."""
    (x1, y1), (x2, y2) = seg_a, seg_b
    return (min(x1, x2) < o[2] and max(x1, x2) > o[0]
            and min(y1, y2) < o[3] and max(y1, y2) > o[1]
            and (x1 != x2 or o[0] < x1 < o[2]) and (y1 != y2 or o[1] < y1 < o[3]))


class _Index:
    """Obstacles bucketed by grid cell, so that a segment is tested against the few near it."""

    CELL = 200.0

    def __init__(self, boxes: list[Box]) -> None:
        self.cells: dict[tuple[int, int], list[Box]] = {}
        self.tests = 0  # polylines tested: the measure of work done (see Steps)
        for b in boxes:
            self.add(b)

    def add(self, b: Box) -> None:
        for key in self._keys(b):
            self.cells.setdefault(key, []).append(b)

    def _keys(self, b: Box) -> list[tuple[int, int]]:
        c = self.CELL
        return [(i, j) for i in range(int(b[0] // c), int(b[2] // c) + 1)
                for j in range(int(b[1] // c), int(b[3] // c) + 1)]

    def near(self, b: Box) -> list[Box]:
        seen: dict[Box, None] = {}
        for key in self._keys(b):
            for o in self.cells.get(key, ()):
                seen[o] = None
        return list(seen)

    def clear(self, points: list[Point]) -> bool:
        """Whether an orthogonal polyline enters no obstacle (the hot loop of routing:
        :func:`_inside` spelt out per direction)."""
        c, cells = self.CELL, self.cells
        self.tests += 1
        for a, b in zip(points, points[1:], strict=False):
            x0, x1 = (a[0], b[0]) if a[0] <= b[0] else (b[0], a[0])
            y0, y1 = (a[1], b[1]) if a[1] <= b[1] else (b[1], a[1])
            across = y0 == y1
            for i in range(int(x0 // c), int(x1 // c) + 1):
                for j in range(int(y0 // c), int(y1 // c) + 1):
                    for o in cells.get((i, j), ()):
                        if across:
                            if o[1] < y0 < o[3] and x0 < o[2] and x1 > o[0]:
                                return False
                        elif o[0] < x0 < o[2] and y0 < o[3] and y1 > o[1]:
                            return False
        return True


def simplified(points: list[Point]) -> list[Point]:
    """The polyline without repeated points and without points inside a straight run."""
    out: list[Point] = []
    for p in points:
        if out and p == out[-1]:
            continue
        if len(out) >= 2 and (out[-2][0] == out[-1][0] == p[0] or out[-2][1] == out[-1][1] == p[1]):
            out[-1] = p
        else:
            out.append(p)
    return out


def _channels(edges: list[float], lo: float, hi: float) -> list[tuple[float, float]]:
    """Where a route's middle run may go between lo and hi, with its extra cost, cheapest
    first: the middles of the gaps between obstacle edges, then the edges themselves (HUG
    more), a detour outside [lo, hi] costing twice its reach."""
    values = sorted({e for e in edges if lo - WINDOW <= e <= hi + WINDOW} | {lo, hi})
    centre = (lo + hi) / 2
    out = [(2 * max(lo - v, 0.0, v - hi) + HUG, v) for v in values]
    out += [(2 * max(lo - m, 0.0, m - hi), m)
            for m in [centre, *((a + b) / 2 for a, b in zip(values, values[1:], strict=False))]]
    out.sort(key=lambda t: (t[0], abs(t[1] - centre)))
    return out


TRIES = 80  # two-bend candidates tried before the grid search


def _route(s0: Point, s1: Point, local: list[Box], index: _Index) -> list[Point] | None:
    """The cheapest route of at most two bends from s0 to s1 that enters no obstacle."""
    straight = [s0, s1] if s0[0] == s1[0] or s0[1] == s1[1] else []
    for points in (straight, [s0, (s1[0], s0[1]), s1], [s0, (s0[0], s1[1]), s1]):
        if points and index.clear(points):
            return points
    xs = _channels([e for o in local for e in (o[0], o[2])], min(s0[0], s1[0]),
                   max(s0[0], s1[0]))
    ys = _channels([e for o in local for e in (o[1], o[3])], min(s0[1], s1[1]),
                   max(s0[1], s1[1]))
    runs = heapq.merge(((e, 0, m) for e, m in xs), ((e, 1, m) for e, m in ys))
    for _, (_, across, m) in zip(range(TRIES), runs, strict=False):
        points = [s0, (m, s0[1]), (m, s1[1]), s1] if across == 0 else \
            [s0, (s0[0], m), (s1[0], m), s1]
        if index.clear(points):
            return points
    return None


GRID_LIMIT = 2500  # grid points the search may cover; beyond, the route ignores obstacles


def _grid_route(s0: Point, s1: Point, obstacles: list[Box], index: _Index
                ) -> list[Point] | None:
    """A* over the lines through the obstacles' edges and channel middles: for the routes
    that need more than two bends."""
    return finish(_grid_steps(s0, s1, obstacles, index))


SEARCH_STEP = 64  # grid points the search visits between two of its steps (see Steps)


def _grid_steps(s0: Point, s1: Point, obstacles: list[Box], index: _Index
                ) -> Steps[list[Point] | None]:
    """:func:`_grid_route` in steps: one search may take 50 ms on a crowded canvas."""
    xs = sorted({m for _, m in _channels([e for o in obstacles for e in (o[0], o[2])],
                                         min(s0[0], s1[0]), max(s0[0], s1[0]))})
    ys = sorted({m for _, m in _channels([e for o in obstacles for e in (o[1], o[3])],
                                         min(s0[1], s1[1]), max(s0[1], s1[1]))})
    if len(xs) * len(ys) > GRID_LIMIT:
        return None
    xi, yi = {x: i for i, x in enumerate(xs)}, {y: j for j, y in enumerate(ys)}
    start, goal = (xi[s0[0]], yi[s0[1]]), (xi[s1[0]], yi[s1[1]])

    known: dict[tuple[tuple[int, int], tuple[int, int]], bool] = {}

    def free(a: tuple[int, int], b: tuple[int, int]) -> bool:
        # the same edge is tried once from each direction the search arrives in
        edge = (a, b) if a <= b else (b, a)
        clear = known.get(edge)
        if clear is None:
            clear = known[edge] = index.clear([(xs[a[0]], ys[a[1]]), (xs[b[0]], ys[b[1]])])
        return clear

    def h(n: tuple[int, int]) -> float:
        return abs(xs[n[0]] - s1[0]) + abs(ys[n[1]] - s1[1])

    # state: (node, direction index); a change of direction costs BEND
    best: dict[tuple[tuple[int, int], int], float] = {(start, -1): 0.0}
    came: dict[tuple[tuple[int, int], int], tuple[tuple[int, int], int]] = {}
    heap: list[tuple[float, float, tuple[int, int], int]] = [(h(start), 0.0, start, -1)]
    steps = ((1, 0), (-1, 0), (0, 1), (0, -1))
    visited = 0
    while heap:
        visited += 1
        if visited % SEARCH_STEP == 0:
            yield SEARCH_STEP // 4  # and the obstacle tests, counted by the caller
        _, g, node, d = heapq.heappop(heap)
        if node == goal:
            path = [(xs[node[0]], ys[node[1]])]
            state = (node, d)
            while state in came:
                state = came[state]
                path.append((xs[state[0][0]], ys[state[0][1]]))
            return simplified(path[::-1])
        if g > best.get((node, d), math.inf):
            continue
        for k, (dx, dy) in enumerate(steps):
            nxt = (node[0] + dx, node[1] + dy)
            if not (0 <= nxt[0] < len(xs) and 0 <= nxt[1] < len(ys)) or not free(node, nxt):
                continue
            ng = g + abs(xs[nxt[0]] - xs[node[0]]) + abs(ys[nxt[1]] - ys[node[1]]) + (
                BEND if d not in (-1, k) else 0.0)
            if ng < best.get((nxt, k), math.inf):
                best[(nxt, k)] = ng
                came[(nxt, k)] = (node, d)
                heapq.heappush(heap, (ng + h(nxt), ng, nxt, k))
    return None


def _spanned(a: Point, b: Point) -> Box:
    return (min(a[0], b[0]) - WINDOW, min(a[1], b[1]) - WINDOW,
            max(a[0], b[0]) + WINDOW, max(a[1], b[1]) + WINDOW)


BATCH = 256  # links or nodes prepared between two steps


class Router:
    """Routes for every link of a canvas, remembered by what they depend on (their ends
    and the nodes near them), so that a move re-routes only the links it can change."""

    def __init__(self) -> None:
        self._cache: dict[tuple[object, ...], list[Point]] = {}

    def routes(self, boxes: dict[str, Box], links: list[tuple[str, str, str]]
               ) -> dict[str, list[Point]]:
        """For each (link id, from id, to id) whose ends have boxes: its polyline from the
        source's border to the target's."""
        return finish(self.routing(boxes, links))

    def routing(self, boxes: dict[str, Box], links: list[tuple[str, str, str]]
                ) -> Steps[dict[str, list[Point]]]:
        """:meth:`routes` in steps, one per link (see Steps)."""
        sides: dict[str, tuple[str, str]] = {}
        ports: dict[tuple[str, str], list[tuple[float, str, int]]] = {}
        for n, (lid, a, b) in enumerate(links, 1):
            if n % BATCH == 0:
                yield BATCH  # a large canvas: even the preparation takes 0.1 s
            if a not in boxes or b not in boxes or a == b:
                continue
            sa, sb = _side_pair(boxes[a], boxes[b])
            sides[lid] = (sa, sb)
            for end, node, side, other in ((0, a, sa, boxes[b]), (1, b, sb, boxes[a])):
                along = (other[0] + other[2]) / 2 if side in ("top", "bottom") \
                    else (other[1] + other[3]) / 2
                ports.setdefault((node, side), []).append((along, lid, end))
        where: dict[tuple[str, int], Point] = {}
        for n, ((node, side), users) in enumerate(ports.items(), 1):
            if n % BATCH == 0:
                yield BATCH
            users.sort()
            for k, (_, lid, end) in enumerate(users):
                where[(lid, end)] = _port(boxes[node], side, k, len(users))
        index = _Index([])
        for n, box in enumerate(boxes.values(), 1):
            if n % BATCH == 0:
                yield BATCH
            index.add((box[0] - CLEAR, box[1] - CLEAR, box[2] + CLEAR, box[3] + CLEAR))
        out: dict[str, list[Point]] = {}
        # the routes used this time, remembered for the next (kept as they are met: pruning
        # the old memory at the end hashed 18,000 keys of nested tuples in one step, 0.1 s)
        kept: dict[tuple[object, ...], list[Point]] = {}
        for lid, _, _ in links:
            if lid not in sides:
                continue
            p0, p1 = where[(lid, 0)], where[(lid, 1)]
            d0, d1 = _OUT[sides[lid][0]], _OUT[sides[lid][1]]
            s0 = (p0[0] + d0[0] * STUB, p0[1] + d0[1] * STUB)
            s1 = (p1[0] + d1[0] * STUB, p1[1] + d1[1] * STUB)
            # the nodes between and around its ends give a route its candidate channels
            # (around its ends only on a large canvas, where a long link would otherwise
            # weigh hundreds); a remembered route stands while they stay and it still
            # enters no node
            if len(boxes) <= LARGE:
                local = tuple(sorted(index.near(_spanned(s0, s1))))
            else:
                local = tuple(sorted({*index.near(_spanned(s0, s0)),
                                      *index.near(_spanned(s1, s1))}))
            key = (p0, p1, s0, s1, local)
            route = self._cache.get(key)
            tests = index.tests
            if route is None or not index.clear(route[1:-1]):
                middle = _route(s0, s1, list(local), index)
                if middle is None:
                    search = _grid_steps(s0, s1, list(local), index)
                    while True:  # a long search in steps of its own, its tests the work
                        try:
                            work = next(search)
                        except StopIteration as found:
                            middle = found.value
                            break
                        yield work + index.tests - tests
                        tests = index.tests
                route = simplified([p0, *(middle or [s0, (s0[0], s1[1]), s1]), p1])
                self._cache[key] = route
            kept[key] = route
            out[lid] = route
            yield 1 + index.tests - tests
        self._cache = kept
        return (yield from spread_steps(out))


TRACK = 4.0  # between links that share a channel
SPREAD = 8.0  # the most a link moves off its channel's middle (within CLEAR of the nodes)


def spread(routes: dict[str, list[Point]]) -> dict[str, list[Point]]:
    """Routes with the runs they share moved apart onto parallel tracks, so that two links
    down one channel read as two lines (the first and last runs, which meet the nodes,
    stay)."""
    return finish(spread_steps(routes))


def spread_steps(routes: dict[str, list[Point]]) -> Steps[dict[str, list[Point]]]:
    """:func:`spread` in steps, one per shared line (see Steps)."""
    lines: dict[tuple[bool, float], list[tuple[float, float, str, int]]] = {}
    for n, (lid, points) in enumerate(routes.items(), 1):
        if n % BATCH == 0:
            yield BATCH
        for i in range(1, len(points) - 2):
            (x1, y1), (x2, y2) = points[i], points[i + 1]
            across = y1 == y2  # a horizontal run: it moves up or down
            at, lo, hi = (y1, min(x1, x2), max(x1, x2)) if across else \
                (x1, min(y1, y2), max(y1, y2))
            lines.setdefault((across, round(at, 1)), []).append((lo, hi, lid, i))
    moved = {lid: list(points) for lid, points in routes.items()}
    yield len(moved) // 8
    for (across, _), runs in lines.items():
        if len(runs) < 2:
            continue
        yield len(runs)
        # each run on the first track whose last run ends before it starts: the runs come
        # in order of their starts, so a track that is free for one run stays free for the
        # next (heaps, not a scan of every track: a line of 1,000 runs took 0.2 s)
        busy: list[tuple[float, int]] = []  # (where its last run ends, track)
        free: list[int] = []
        count = 0
        placed: list[tuple[int, str, int]] = []
        for lo, hi, lid, i in sorted(runs):
            while busy and busy[0][0] < lo:
                heapq.heappush(free, heapq.heappop(busy)[1])
            if free:
                k = heapq.heappop(free)
            else:
                k, count = count, count + 1
            heapq.heappush(busy, (hi, k))
            placed.append((k, lid, i))
        if count < 2:
            continue
        step = min(TRACK, 2 * SPREAD / (count - 1))
        for k, lid, i in placed:
            offset = (k - (count - 1) / 2) * step
            for j in (i, i + 1):
                x, y = moved[lid][j]
                moved[lid][j] = (x, y + offset) if across else (x + offset, y)
    return moved


def place_labels(routes: dict[str, list[Point]], sizes: dict[str, tuple[float, float]],
                 nodes: list[Box], order: list[str]) -> dict[str, Box]:
    """A box for each label (``order``: the first ones get the best places) on its own
    route, as near the route's middle as it can be while covering no node and no other
    label; a label with no such place is left out (its link's tooltip says it all)."""
    return finish(label_steps(routes, sizes, nodes, order))


def label_steps(routes: dict[str, list[Point]], sizes: dict[str, tuple[float, float]],
                nodes: list[Box], order: list[str]) -> Steps[dict[str, Box]]:
    """:func:`place_labels` in steps, one per label (see Steps)."""
    placed: dict[str, Box] = {}
    taken = _Index([])
    for n, b in enumerate(nodes, 1):
        if n % BATCH == 0:
            yield BATCH  # 10,000 nodes: 0.1 s in one step
        taken.add((b[0] - 2, b[1] - 2, b[2] + 2, b[3] + 2))
    for lid in order:
        route, size = routes.get(lid), sizes.get(lid)
        if not route or size is None:
            continue
        w, h = size
        spots: list[tuple[float, Point]] = []
        total = sum(abs(route[i + 1][0] - route[i][0]) + abs(route[i + 1][1] - route[i][1])
                    for i in range(len(route) - 1))
        walked = 0.0
        for i in range(len(route) - 1):
            (x1, y1), (x2, y2) = route[i], route[i + 1]
            length = abs(x2 - x1) + abs(y2 - y1)
            need = w + 8 if y1 == y2 else h + 4  # across a gap between two nodes, too
            if length >= need:
                for t in (0.5, 0.3, 0.7, 0.15, 0.85):
                    at = walked + length * t
                    spots.append((abs(at - total / 2), (x1 + (x2 - x1) * t, y1 + (y2 - y1) * t)))
            walked += length
        yield 1 + len(spots)
        for _, (cx, cy) in sorted(spots):
            box = (cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2)
            if not any(box[0] < o[2] and o[0] < box[2] and box[1] < o[3] and o[1] < box[3]
                       for o in taken.near(box)):
                placed[lid] = box
                taken.add((box[0] - 2, box[1] - 2, box[2] + 2, box[3] + 2))
                break
    return placed
