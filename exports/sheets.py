"""Cutting the topology into sheets that print legibly, and placing boxes on a sheet.

A sheet is a stack of *bands*; a band is a row of *parts* side by side, each part a unit (a zone,
a region-wide column, the sites) or a slice of one, filling whole *slots* (the columns of the
page grid) top to bottom. Boxes have a fixed size, so text is never scaled down: a design that
does not fit gets more sheets, never smaller print. Coordinates run from the top left (y down);
the renderer flips them."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from .topology_model import SITES, UNPLACED, Area, Box, Marks, Topology, Unit

SLOT_MIN = 165.0  # narrowest slot (US letter turned has four): a box 133 points wide
INSET = 16.0  # from a slot's edge to its boxes: the channel links run in
BOX_H, ROW_GAP = 34.0, 9.0
AREA_HEAD, UNIT_HEAD, TOP, BOTTOM, BAND_GAP = 12.0, 10.0, 6.0, 6.0, 7.0
LINE, TITLE_LINE, PAD = 8.0, 9.5, 4.0  # overview boxes: leading of a line, of the title


@dataclass(frozen=True)
class Metrics:
    """The page grid of one sheet: ``width`` x ``height`` points for the bands."""

    width: float
    height: float

    @property
    def slots(self) -> int:
        return max(1, int(self.width // SLOT_MIN))

    @property
    def slot_w(self) -> float:
        return self.width / self.slots

    @property
    def box_w(self) -> float:
        return self.slot_w - 2 * INSET

    def rows_max(self) -> int:
        """Detail rows that fit one band alone on a sheet."""
        free = self.height - AREA_HEAD - UNIT_HEAD - TOP - BOTTOM + ROW_GAP
        return max(1, int(free // (BOX_H + ROW_GAP)))


@dataclass
class Part:
    """A unit, or a slice of one, in ``slots`` columns of a band."""

    unit: Unit
    area: Area
    boxes: list[Box]
    slots: int
    label: str = ""  # "part 2 of 5" for a unit cut over several sheets

    def rows(self) -> int:
        return -(-len(self.boxes) // self.slots)


@dataclass
class Band:
    parts: list[Part] = field(default_factory=list)
    framed: bool = True  # units drawn as frames (detail), not as boxes (overview)
    top: float = TOP  # the channel above the first row
    bottom: float = BOTTOM  # below the last row, inside the frames

    @property
    def used(self) -> int:
        return sum(p.slots for p in self.parts)

    def rows(self) -> int:
        return max((p.rows() for p in self.parts), default=0)

    def row_h(self) -> float:
        return max((box_height(b, self.framed) for p in self.parts for b in p.boxes),
                   default=BOX_H)

    def height(self) -> float:
        rows = self.rows()
        return AREA_HEAD + (UNIT_HEAD if self.framed else 0) + self.top + \
            rows * self.row_h() + (rows - 1) * ROW_GAP + self.bottom


@dataclass
class Sheet:
    key: str
    title: str
    bands: list[Band]
    overview: bool = False

    def boxes(self) -> list[Box]:
        return [b for band in self.bands for p in band.parts for b in p.boxes]

    def marks(self) -> Marks:
        """The open errors and warnings its boxes show (an overview box: its zone's)."""
        return sum((b.marks for b in self.boxes()), Marks())

    def shows(self) -> str:
        """The units on the sheet, by area: 'East US: zone 1, zone 2; Sites'."""
        out: dict[str, list[str]] = {}
        for band in self.bands:
            for p in band.parts:
                names = out.setdefault(p.area.title, [])
                name = p.unit.title + (f" ({p.label})" if p.label else "")
                if name not in names and p.unit.title != p.area.title:
                    names.append(name)
        return "; ".join(f"{area}: {', '.join(n)}" if n else area for area, n in out.items())


def box_height(box: Box, framed: bool) -> float:
    """A detail box is always ``BOX_H``; an overview box grows with its lines, plus one for
    the page reference."""
    if framed:
        return BOX_H
    return 2 * PAD + TITLE_LINE + LINE * (len(box.lines) + 1)


def _parts(area: Area, capacity: int, rows: int) -> list[Part]:
    """The area's units, each cut into as few parts as hold ``capacity`` boxes, their sizes
    at most one apart."""
    out = []
    for unit in area.units:
        total = len(unit.boxes)
        n = -(-total // capacity)
        chunks = [unit.boxes[k * total // n:(k + 1) * total // n] for k in range(n)]
        for i, chunk in enumerate(chunks):
            label = f"part {i + 1} of {len(chunks)}" if len(chunks) > 1 else ""
            out.append(Part(unit, area, chunk, -(-len(chunk) // rows), label))
    return out


def _bands(areas: list[Area], metrics: Metrics, rows: int, framed: bool) -> list[Band]:
    """Areas left to right: a whole area beside the previous one when it fits there and that
    makes a shorter drawing than a band of its own; else from a new band on, unit after
    unit."""
    bands: list[Band] = []
    for area in areas:
        parts = _parts(area, metrics.slots * rows, rows)
        need = sum(p.slots for p in parts)
        if not parts:
            continue
        if need <= metrics.slots and bands and bands[-1].used + need <= metrics.slots and \
                _balanced(bands[-1].parts + parts, metrics.slots, framed) <= \
                _balanced(bands[-1].parts, metrics.slots, framed) + BAND_GAP + \
                _balanced(parts, metrics.slots, framed):
            bands[-1].parts += parts
            continue
        bands.append(Band(framed=framed))
        for part in parts:
            if bands[-1].used + part.slots > metrics.slots:
                bands.append(Band(framed=framed))
            bands[-1].parts.append(part)
    for band in bands:
        _rebalance(band, metrics.slots)
    return bands


def _balanced(parts: list[Part], slots: int, framed: bool) -> float:
    """The height of a band of these parts once its free slots are spent."""
    band = Band([replace(p) for p in parts], framed)
    _rebalance(band, slots)
    return band.height()


def _rebalance(band: Band, slots: int) -> None:
    """Spend the band's free slots on its tallest parts while that makes the band shorter."""
    while True:
        tallest = [p for p in band.parts if p.rows() == band.rows()]
        if slots - band.used < len(tallest) or \
                any(-(-len(p.boxes) // (p.slots + 1)) == p.rows() for p in tallest):
            return
        for p in tallest:
            p.slots += 1


def _stack(bands: list[Band], height: float) -> list[list[Band]]:
    pages: list[list[Band]] = []
    used = height + 1
    for band in bands:
        h = band.height()
        if used + BAND_GAP + h > height:
            pages.append([])
            used = -BAND_GAP
        pages[-1].append(band)
        used += BAND_GAP + h
    return pages


def detail_sheets(topology: Topology, metrics: Metrics) -> list[Sheet]:
    """Every box on a sheet of its own part of the design, at print size."""
    pages = _stack(_bands(topology.areas, metrics, metrics.rows_max(), True), metrics.height)
    return [Sheet(f"sheet-{i + 1}", "", bands) for i, bands in enumerate(pages)]


def overview_sheets(overview: Topology, metrics: Metrics) -> list[Sheet]:
    """One box per unit, a band per region (or more when a region has more units than the
    page has slots); the height left over widens the channels the summed links run in."""
    pages = _stack(_bands(overview.areas, metrics, 1, False), metrics.height)
    for bands in pages:
        spare = metrics.height - sum(b.height() + BAND_GAP for b in bands) + BAND_GAP
        extra = min(max(0.0, spare - 1) / len(bands), 40.0)
        for band in bands:
            band.top += extra * 0.6
            band.bottom += extra * 0.4
    return [Sheet(f"overview-{i + 1}", "", bands, True) for i, bands in enumerate(pages)]


@dataclass(frozen=True)
class Rect:
    x: float
    y: float
    w: float
    h: float

    @property
    def cx(self) -> float:
        return self.x + self.w / 2

    @property
    def bottom(self) -> float:
        return self.y + self.h


@dataclass(frozen=True)
class Frame:
    """A drawn container: an area or a unit, with its title and open findings."""

    rect: Rect
    title: str
    area: bool
    marks: Marks
    style: str  # the area key kind: "region", "sites"


@dataclass(frozen=True)
class Slot:
    """Where a box sits in the grid: its column, band and row, and its rectangle."""

    rect: Rect
    col: int
    band: int
    row: int


@dataclass
class Placed:
    """A sheet laid out: box rectangles, frames, and the lanes of the free horizontal channels
    between rows: ``hlanes[band][k]`` runs above row k (k == rows: below the last row). The
    vertical channels are at the slot boundaries (``vlanes``)."""

    sheet: Sheet
    metrics: Metrics
    boxes: dict[str, Slot] = field(default_factory=dict)
    nodes: dict[str, Box] = field(default_factory=dict)
    frames: list[Frame] = field(default_factory=list)
    hlanes: list[list[list[float]]] = field(default_factory=list)
    height: float = 0.0


def place(sheet: Sheet, metrics: Metrics, seen: set[str] | None = None) -> Placed:
    """Boxes, frames and lanes of a sheet, top down. ``seen``: the areas drawn on earlier
    sheets (or bands), titled "continued" when they come again; it is updated."""
    out = Placed(sheet, metrics)
    seen = set() if seen is None else seen
    y = 0.0
    for b, band in enumerate(sheet.bands):
        _place_band(out, band, b, y, seen)
        seen.update(p.area.key for p in band.parts)
        y += band.height() + BAND_GAP
    out.height = y - BAND_GAP
    return out


def _place_band(out: Placed, band: Band, b: int, top: float, seen: set[str]) -> None:
    m, row_h = out.metrics, band.row_h()
    rows_top = top + AREA_HEAD + (UNIT_HEAD if band.framed else 0) + band.top
    bottom = top + band.height()
    slot = 0
    area_runs: list[tuple[Area, int, int]] = []
    for part in band.parts:
        if area_runs and area_runs[-1][0] is part.area:
            area_runs[-1] = (part.area, area_runs[-1][1], slot + part.slots)
        else:
            area_runs.append((part.area, slot, slot + part.slots))
        if band.framed and part.area.key not in (SITES, UNPLACED):
            title = part.unit.title + (f" ({part.label})" if part.label else "")
            out.frames.append(Frame(Rect(slot * m.slot_w + 5, top + AREA_HEAD,
                                         part.slots * m.slot_w - 10,
                                         bottom - top - AREA_HEAD - 2),
                                    title, False, part.unit.marks, "unit"))
        rows = part.rows()
        for i, box in enumerate(part.boxes):
            col, row = slot + i // rows, i % rows
            rect = Rect(col * m.slot_w + INSET, rows_top + row * (row_h + ROW_GAP), m.box_w,
                        box_height(box, band.framed))
            out.boxes[box.key] = Slot(rect, col, b, row)
            out.nodes[box.key] = box
        slot += part.slots
    for area, first, last in area_runs:
        title = area.title + (" (continued)" if area.key in seen else "")
        out.frames.append(Frame(Rect(first * m.slot_w + 1.5, top, (last - first) * m.slot_w - 3,
                                     bottom - top), title, True, area.marks,
                                area.key if area.key in (SITES, UNPLACED) else "region"))
    # lanes clear of the boxes and of the frames' bottom edges (2 and 0 above ``bottom``)
    lanes = [_spread(rows_top - band.top + 1.5, rows_top - 1.5)]
    for k in range(1, band.rows()):
        mid = rows_top + k * (row_h + ROW_GAP) - ROW_GAP / 2
        lanes.append([mid, mid - 2.5, mid + 2.5])
    end = rows_top + band.rows() * (row_h + ROW_GAP) - ROW_GAP
    lanes.append(_spread(end + 1.5, bottom - 3.5) + _spread(bottom + 1.5, bottom + BAND_GAP - 1.5))
    out.hlanes.append(lanes)


def _spread(lo: float, hi: float, step: float = 3.0) -> list[float]:
    """Lanes between ``lo`` and ``hi``, ``step`` apart, the middle one first."""
    if hi < lo:
        return []
    n = int((hi - lo) // step)
    mid = (lo + hi) / 2
    out = [mid]
    for k in range(1, n // 2 + 1):
        out += [mid - k * step, mid + k * step]
    return [y for y in out if lo - 0.01 <= y <= hi + 0.01]


def vlanes(metrics: Metrics, j: int) -> list[float]:
    """Lanes of the channel at slot boundary ``j``, nearest the middle first, clear of the
    frames' sides (1.5 and 5 points from the boundary) and of the boxes (``INSET``)."""
    offsets = [-8.0, 8.0, -10.5, 10.5, -13.0, 13.0, -3.3, 3.3]
    if j == 0:
        offsets = [o for o in offsets if o > 0]
    elif j == metrics.slots:
        offsets = [o for o in offsets if o < 0]
    return [j * metrics.slot_w + o for o in offsets]
