"""The topology sheets as vector drawings, at print size: areas and units as frames, boxes
(dedicated: solid double border and a filled mark; shared: dashed border and an open mark;
sites: rounded), links routed between boxes with a pattern per kind that survives grayscale,
"!" where PHI travels unencrypted, E/W badges for open errors and warnings, and a legend.

No text is smaller than ``MIN_PT`` points: names wrap or end in a visible ellipsis instead.
Text that names pages (``see p. 12``) is written when the sheet is drawn, from the pages the
previous layout pass found (``LiveDrawing``)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from reportlab.graphics.shapes import Circle, Drawing, Line, PolyLine, Rect, Shape, String
from reportlab.lib import colors
from reportlab.lib.attrmap import AttrMap, AttrMapValue
from reportlab.pdfbase.pdfmetrics import stringWidth

from catalogs import Catalog

from .routing import Route
from .sheets import INSET, Frame, Placed
from .sheets import Rect as Box
from .styles import FONT, FONT_BOLD
from .topology_model import Box as Node
from .topology_model import Marks

BOLD = FONT_BOLD
MIN_PT = 6.0
ELLIPSIS = "\u2026"
INK = colors.HexColor("#1d2733")
LINK_INK, UNSAFE_INK = colors.HexColor("#2b3845"), colors.HexColor("#b03a2e")
ERROR_FILL, WARNING_FILL = colors.HexColor("#b03a2e"), colors.HexColor("#f3d98b")
SITE_FILL = colors.HexColor("#fbf6e6")


@dataclass(frozen=True)
class LinkStyle:
    """How a link kind is stroked: width, dash pattern (None: solid), round caps (dots), and
    double (a white core down a wide line: two parallel rules)."""

    width: float
    dash: tuple[float, ...] | None = None
    dots: bool = False
    double: bool = False


LINK_STYLES: dict[str, LinkStyle] = {
    "client": LinkStyle(0.8),
    "ecp": LinkStyle(2.4),
    "mirror-sync": LinkStyle(3.0, double=True),
    "mirror-async": LinkStyle(1.6, (7, 3)),
    "extract": LinkStyle(1.0, (3, 2)),
    "backup": LinkStyle(1.0, (7, 2, 1.5, 2)),
    "replication": LinkStyle(1.6, (7, 2, 1.5, 2, 1.5, 2)),
    "admin": LinkStyle(1.0, (0.1, 2.4), dots=True),
}
OTHER_KIND = LinkStyle(1.2, (3, 1.5, 0.1, 1.5, 0.1, 1.5, 0.1, 1.5), dots=True)  # not known

Extent = tuple[float, float, float, float]  # x0, y0, x1, y1, y down: what a label must avoid
PageLookup = Callable[[str], int | None]  # a sheet's key -> its page, None before it is known
LiveText = Callable[[PageLookup], str]


def link_styles(catalog: Catalog) -> dict[str, LinkStyle]:
    """A pattern for every kind the catalog has: the built-in kinds' own, and for the kinds of
    a user catalog a long dash followed by one dot more each."""
    out = {kind: style for kind, style in LINK_STYLES.items() if kind in catalog.link_kinds}
    extra = [kind for kind in catalog.link_kinds if kind not in LINK_STYLES]
    for i, kind in enumerate(extra):
        out[kind] = LinkStyle(1.2, (6.0, *(1.5, 0.1) * (i + 1), 1.5), dots=True)
    return out


def fit(text: str, font: str, size: float, width: float) -> str:
    """``text`` cut to ``width`` points, ending in an ellipsis when cut."""
    if stringWidth(text, font, size) <= width:
        return text
    lo, hi = 0, len(text)
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if stringWidth(text[:mid].rstrip() + ELLIPSIS, font, size) <= width:
            lo = mid
        else:
            hi = mid - 1
    return text[:lo].rstrip() + ELLIPSIS


def wrap(text: str, font: str, size: float, width: float, lines: int) -> list[str]:
    """At most ``lines`` lines, broken at spaces; the last ends in an ellipsis if cut."""
    words, out = text.split(), list[str]()
    while words and len(out) < lines - 1:
        take = 1
        while take < len(words) and \
                stringWidth(" ".join(words[:take + 1]), font, size) <= width:
            take += 1
        if stringWidth(words[0], font, size) > width:
            break
        out.append(" ".join(words[:take]))
        words = words[take:]
    if words:
        out.append(fit(" ".join(words), font, size, width))
    return out


class LiveDrawing(Drawing):
    """A drawing whose page references are filled in when it is drawn (a pass that only lays
    out draws nothing: exports/document.py)."""

    _attrMap = AttrMap(BASE=Drawing, live=AttrMapValue(None), pages=AttrMapValue(None))

    def __init__(self, width: float, height: float) -> None:
        super().__init__(width, height)
        self.live: list[tuple[String, LiveText, float]] = []
        self.pages: PageLookup = lambda key: None

    def add_live(self, s: String, text: LiveText, width: float) -> None:
        self.live.append((s, text, width))
        self.add(s)

    def refresh(self) -> None:
        for s, text, width in self.live:
            s.text = fit(text(self.pages), s.fontName, s.fontSize, width)

    def draw(self) -> None:
        self.refresh()
        super().draw()


def _y(d: Drawing, y: float) -> float:
    return float(d.height - y)


def _badge(marks: Marks, right: float, top: float) -> list[Shape]:
    """E and W badges ending at ``right``, their top at ``top`` (PDF coordinates): errors
    white on dark, warnings dark on light, so the letters carry them in grayscale."""
    shapes: list[Shape] = []
    for count, letter, fill, ink in ((marks.warnings, "W", WARNING_FILL, INK),
                                     (marks.errors, "E", ERROR_FILL, colors.white)):
        if not count:
            continue
        text = f"{letter}{count}"
        w = stringWidth(text, BOLD, 6.5) + 4
        right -= w
        shapes += [Rect(right, top - 8.5, w, 8.5, rx=2, ry=2, fillColor=fill,
                        strokeColor=INK, strokeWidth=0.5),
                   String(right + 2, top - 6.7, text, fontName=BOLD, fontSize=6.5,
                          fillColor=ink)]
        right -= 2
    return shapes


def badge_width(marks: Marks) -> float:
    return sum(stringWidth(f"{letter}{n}", BOLD, 6.5) + 6
               for n, letter in ((marks.errors, "E"), (marks.warnings, "W")) if n)


def _frame_fill(frame: Frame) -> colors.Color:
    if not frame.area:
        return colors.white
    return colors.HexColor({"sites": "#f7f3e6", "unplaced": "#f4f4f4"}.get(frame.style,
                                                                            "#eef2f7"))


def _frame_body(d: Drawing, frame: Frame) -> Shape:
    """A region or the sites: filled, solid; a zone: white, dashed."""
    r = frame.rect
    if frame.area:
        return Rect(r.x, _y(d, r.bottom), r.w, r.h, rx=4, ry=4, fillColor=_frame_fill(frame),
                    strokeColor=colors.HexColor("#8796a8"), strokeWidth=0.8)
    return Rect(r.x, _y(d, r.bottom), r.w, r.h, rx=3, ry=3, fillColor=colors.white,
                strokeColor=colors.HexColor("#8f9bab"), strokeWidth=0.6, strokeDashArray=(3, 2))


def _frame_title(d: Drawing, frame: Frame, taken: list[Extent]) -> list[Shape]:
    """The frame's title and badges, on a patch of its fill that interrupts the links
    passing under it; the patch is recorded in ``taken``."""
    r = frame.rect
    size, base = (8.0, r.y + 9.5) if frame.area else (7.0, r.y + 8.5)
    left = r.x + INSET - (1.5 if frame.area else 5)
    room = r.x + r.w - left - (INSET - 5) - badge_width(frame.marks)
    text = fit(frame.title, BOLD, size, room)
    w = stringWidth(text, BOLD, size)
    taken.append((left - 1.5, base - size, left + w + 1.5, base + 2.5))
    return [Rect(left - 1.5, _y(d, base + 2.5), w + 3, size + 2.5, fillColor=_frame_fill(frame),
                 strokeColor=None),
            String(left, _y(d, base), text, fontName=BOLD, fontSize=size,
                   fillColor=colors.HexColor("#2b3845")),
            *_badge(frame.marks, r.x + r.w - 6, _y(d, r.y + 1.5))]


def _tenancy_mark(x: float, y: float, style: str | None) -> list[Shape]:
    """A 5-point square: filled for dedicated, open for shared; a roof for a site."""
    if style == "site":
        return [PolyLine([x, y, x + 2.75, y + 3, x + 5.5, y], strokeColor=INK,
                         strokeWidth=0.8)]
    if style not in ("dedicated", "shared"):
        return []
    return [Rect(x, y - 1, 5, 5, fillColor=INK if style == "dedicated" else colors.white,
                 strokeColor=INK, strokeWidth=0.6)]


def _box_outline(r: Box, y: float, style: str) -> list[Shape]:
    """The box ``r`` with its bottom at ``y`` (PDF coordinates), outlined by style."""
    if style == "dedicated":
        return [Rect(r.x, y, r.w, r.h, fillColor=colors.white, strokeColor=INK,
                     strokeWidth=1.3),
                Rect(r.x + 2, y + 2, r.w - 4, r.h - 4, fillColor=None, strokeColor=INK,
                     strokeWidth=0.45)]
    if style == "shared":
        return [Rect(r.x, y, r.w, r.h, fillColor=colors.white, strokeColor=INK,
                     strokeWidth=0.7, strokeDashArray=(2.5, 1.5))]
    if style == "site":
        return [Rect(r.x, y, r.w, r.h, rx=6, ry=6, fillColor=SITE_FILL,
                     strokeColor=colors.HexColor("#6b5a2a"), strokeWidth=0.9)]
    return [Rect(r.x, y, r.w, r.h, rx=3, ry=3, fillColor=colors.white,
                 strokeColor=colors.HexColor("#56606b"), strokeWidth=0.9)]


def detail_box(d: LiveDrawing, node: Node, r: Box, refs: LiveText | None) -> None:
    """A component or a site: its name on up to two lines, the id, SKU and count, and, when
    some of its links end on other sheets, on which pages."""
    d.contents += _box_outline(r, _y(d, r.bottom), node.style)
    d.contents += _tenancy_mark(r.x + 5, _y(d, r.y + 8.5), node.style)
    room = r.w - 16
    title = wrap(node.title, BOLD, 7, room - badge_width(node.marks), 2)
    if len(title) == 2:
        title[1] = fit(" ".join(node.title.split()[len(title[0].split()):]), BOLD, 7, room)
    base = r.y + 8.5
    for line in title:
        d.add(String(r.x + 13, _y(d, base), line, fontName=BOLD, fontSize=7, fillColor=INK))
        base += 7.5
    for text, _ in node.lines[:1]:
        d.add(String(r.x + 13, _y(d, base), fit(text, FONT, 6.5, room), fontName=FONT,
                     fontSize=6.5, fillColor=INK))
        base += 7.5
    if refs is not None:
        d.add_live(String(r.x + 13, _y(d, base), "", fontName=FONT, fontSize=6,
                          fillColor=colors.HexColor("#3a4654")), refs, room)
    d.contents += _badge(node.marks, r.x + r.w - 2.5, _y(d, r.y + 2))


def group_box(d: LiveDrawing, node: Node, r: Box, see: LiveText) -> None:
    """An overview box: the unit's name, its components counted by role, where its sheet is."""
    d.contents += _box_outline(r, _y(d, r.bottom), "group")
    room = r.w - 10
    d.add(String(r.x + 5, _y(d, r.y + 4 + 7), fit(node.title, BOLD, 7.5,
                                                  room - badge_width(node.marks)),
                 fontName=BOLD, fontSize=7.5, fillColor=INK))
    base = r.y + 4 + 9.5 + 7
    for text, style in node.lines:
        d.contents += _tenancy_mark(r.x + 5, _y(d, base), style)
        d.add(String(r.x + 13, _y(d, base), fit(text, FONT, 6.5, room - 8), fontName=FONT,
                     fontSize=6.5, fillColor=INK))
        base += 8
    d.add_live(String(r.x + 5, _y(d, base), "", fontName=BOLD, fontSize=6.5,
                      fillColor=colors.HexColor("#1f4e8c")), see, room)
    d.contents += _badge(node.marks, r.x + r.w - 2.5, _y(d, r.y + 2))


def link_shapes(d: Drawing, route: Route, style: LinkStyle) -> list[Shape]:
    """The path in its kind's pattern; red where PHI goes unencrypted (its "!" comes with
    the labels)."""
    pts = [v for x, y in route.points for v in (x, _y(d, y))]
    ink = UNSAFE_INK if route.edge.unsafe else LINK_INK
    shapes: list[Shape] = [PolyLine(pts, strokeColor=ink, strokeWidth=style.width,
                                    strokeDashArray=style.dash,
                                    strokeLineCap=1 if style.dots else 0)]
    if style.double:
        shapes.append(PolyLine(pts, strokeColor=colors.white, strokeWidth=style.width / 3))
    return shapes


def _label_parts(route: Route, count: bool) -> list[tuple[str, float]]:
    e = route.edge
    parts: list[tuple[str, float]] = []
    if count and e.count > 1:
        parts.append((f"\u00d7{e.count}", stringWidth(f"\u00d7{e.count}", BOLD, 6) + 3))
    if e.unsafe:
        parts.append(("!", 9.0))
    return parts


def _label_spot(route: Route, width: float, taken: list[Extent]) -> tuple[float, float]:
    """The first point along the route, longest runs first, where a label ``width`` wide
    touches no box, title or other label; else the middle of the longest run."""
    segs = sorted(zip(route.points, route.points[1:], strict=False),
                  key=lambda s: -abs(s[0][0] - s[1][0]) - abs(s[0][1] - s[1][1]))
    spots = [(a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t)
             for a, b in segs for t in (0.5, 0.3, 0.7, 0.15, 0.85)]
    for x, y in spots:
        box = (x - width / 2 - 1, y - 5.5, x + width / 2 + 1, y + 5.5)
        if not any(box[0] < t[2] and t[0] < box[2] and box[1] < t[3] and t[1] < box[3]
                   for t in taken):
            taken.append(box)
            return x, y
    return spots[0] if spots else route.label


def link_labels(d: Drawing, route: Route, count: bool, taken: list[Extent]) -> list[Shape]:
    """Where the route has room: the number of links (overview), "!" for unencrypted PHI,
    and the link's E/W badges."""
    parts = _label_parts(route, count)
    marks = route.edge.marks
    width = sum(w for _, w in parts) + badge_width(marks)
    if not width:
        return []
    cx, cy = _label_spot(route, width, taken)
    x, y = cx - width / 2, _y(d, cy)
    shapes: list[Shape] = []
    for text, w in parts:
        if text == "!":
            shapes += unsafe_mark(x + 4.5, y)
        else:
            shapes += [Rect(x, y - 4, w, 8, rx=2, ry=2, fillColor=colors.white,
                            strokeColor=LINK_INK, strokeWidth=0.4),
                       String(x + 1.5, y - 2.2, text, fontName=BOLD, fontSize=6,
                              fillColor=INK)]
        x += w
    return shapes + _badge(marks, x + badge_width(marks), y + 4.25)


def unsafe_mark(cx: float, cy: float) -> list[Shape]:
    """The unencrypted-PHI symbol: "!" in a ring."""
    return [Circle(cx, cy, 4.2, fillColor=colors.white, strokeColor=UNSAFE_INK,
                   strokeWidth=1.0),
            String(cx - 1.1, cy - 2.6, "!", fontName=BOLD, fontSize=7.5, fillColor=UNSAFE_INK)]


def sheet_drawing(placed: Placed, routes: list[Route], live: dict[str, LiveText],
                  styles: dict[str, LinkStyle], legend: Drawing | None = None) -> LiveDrawing:
    """A sheet: frames, then links, then boxes over them, then link marks, the legend below.
    ``live`` holds the page reference text of each box that has one; ``styles`` the pattern
    of each link kind (``link_styles``)."""
    extra = legend.height + 4 if legend is not None else 0.0
    d = LiveDrawing(placed.metrics.width, placed.height + extra)
    frames = sorted(placed.frames, key=lambda f: not f.area)
    d.contents += [_frame_body(d, f) for f in frames]
    for route in routes:
        d.contents += link_shapes(d, route, styles.get(route.edge.kind, OTHER_KIND))
    taken: list[Extent] = []
    for f in frames:
        d.contents += _frame_title(d, f, taken)
    for key, slot in placed.boxes.items():
        node, r = placed.nodes[key], slot.rect
        taken.append((r.x, r.y, r.x + r.w, r.bottom))
        if node.style == "group":
            group_box(d, node, r, live[key])
        else:
            detail_box(d, node, r, live.get(key))
    for route in routes:
        d.contents += link_labels(d, route, placed.sheet.overview, taken)
    if legend is not None:
        d.contents += legend.contents
    return d


def legend(catalog: Catalog, width: float, full: bool) -> Drawing:
    """Every mark and every link kind with its pattern, in rows that wrap at ``width``.
    ``full`` names the kinds as the catalog does; else by id, in smaller type."""
    size = 7.0 if full else 6.5
    items: list[tuple[Callable[[float, float], list[Shape]], str]] = [
        (lambda x, y: _legend_box(x, y, "dedicated"), "dedicated compute"),
        (lambda x, y: _legend_box(x, y, "shared"), "shared compute"),
        (lambda x, y: _legend_box(x, y, "site"), "clinical site"),
    ]
    styles = link_styles(catalog)
    for kind in catalog.link_kinds.values():
        items.append((_legend_line(styles[kind.id]), kind.name if full else kind.id))
    items += [(lambda x, y: unsafe_mark(x + 6, y + 2.5), "PHI unencrypted"),
              (lambda x, y: _badge(Marks(1, 1), x + 30, y + 7), "open errors / warnings")]
    sample, gap, row_h = 30.0, 12.0, 13.0
    placed, x, row = [], 0.0, 0
    for draw, text in items:
        w = sample + 4 + stringWidth(text, FONT, size)
        if x and x + w > width:
            x, row = 0.0, row + 1
        placed.append((draw, text, x, row))
        x += w + gap
    d = Drawing(width, (row + 1) * row_h)
    for draw, text, x, r in placed:
        y = d.height - (r + 1) * row_h + 4
        d.contents += draw(x, y)
        d.add(String(x + sample + 4, y, text, fontName=FONT, fontSize=size, fillColor=INK))
    return d


def _legend_box(x: float, y: float, style: str) -> list[Shape]:
    return [*_box_outline(Box(x, 0, 26, 10), y - 1.5, style),
            *_tenancy_mark(x + 4, y + 1.5, style)]


def _legend_line(style: LinkStyle) -> Callable[[float, float], list[Shape]]:
    def draw(x: float, y: float) -> list[Shape]:
        shapes: list[Shape] = [Line(x, y + 2.5, x + 30, y + 2.5, strokeColor=LINK_INK,
                                    strokeWidth=style.width, strokeDashArray=style.dash,
                                    strokeLineCap=1 if style.dots else 0)]
        if style.double:
            shapes.append(Line(x, y + 2.5, x + 30, y + 2.5, strokeColor=colors.white,
                               strokeWidth=style.width / 3))
        return shapes
    return draw
