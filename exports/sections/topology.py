"""The topology section: a page on how to read the sheets (the legend, and which sheet is on
which page), then landscape sheets at print size: an overview (one box per zone, links summed
by kind) when the design needs more than one sheet, and detail sheets with every component.
A box whose links end on another sheet says on which page; each overview box says where its
zone is drawn in full."""

from __future__ import annotations

from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, NextPageTemplate, PageBreak, Paragraph, Spacer

from ..diagram import (
    FONT,
    LiveDrawing,
    LiveText,
    PageLookup,
    fit,
    legend,
    link_styles,
    sheet_drawing,
)
from ..routing import route
from ..sheets import Metrics, Sheet, detail_sheets, overview_sheets, place
from ..topology_model import Edge, Topology, detail_topology, overview_topology
from .base import SS, E, P, StoryContext, table
from .pagerefs import PassMemory

LANDSCAPE, PORTRAIT = "landscape", "page"  # page templates of exports/document.py
HEADING_H = 19.0  # a level-1 heading at the top of a frame: leading 14, space after 5
LEGEND_GAP = 4.0


class SheetPages(PassMemory[int]):
    """The page each sheet landed on in the previous layout pass (``multiBuild`` lays the
    story out again until they stop moving)."""

    def page(self, key: str) -> int | None:
        return self._last.get(key)


class _SheetTitle(Paragraph):
    """A sheet's title: a bookmark under the section's, and its page for ``SheetPages``
    (not in the table of contents: the section's first page lists the sheets), noted in
    every pass, those that only lay out included."""

    draw_in_layout = True

    def __init__(self, title: str, key: str, pages: SheetPages) -> None:
        super().__init__(E(title), SS["H2"])
        self._title, self._key, self._pages = title, key, pages

    def draw(self) -> None:
        super().draw()
        name = f"topology-{self._key}"
        self.canv.bookmarkPage(name)
        self.canv.addOutlineEntry(self._title, name, level=1, closed=True)
        self._pages.record(self._key, self.canv.getPageNumber())


class _PageCell(Flowable):
    """A table cell holding a sheet's page number, written when the table is drawn."""

    def __init__(self, pages: SheetPages, key: str) -> None:
        super().__init__()
        self._pages, self._key = pages, key

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return avail_width, 9.5

    def draw(self) -> None:
        page = self._pages.page(self._key)
        self.canv.setFont(FONT, 7.5)
        self.canv.drawString(0, 2.2, "-" if page is None else str(page))


def landscape_size(ctx: StoryContext) -> tuple[float, float]:
    """The room inside the landscape template's frame: the page turned, the same margins (the
    top one 6 mm deeper than the others, for the running header), less the frame's padding of
    6 points a side."""
    return ctx.height + 6 * mm - 12, ctx.width - 6 * mm - 12


def pages_text(keys: list[str], pages: PageLookup, numbers: dict[str, int]) -> str:
    """'p. 7, 9-12' for the sheets' pages; 'sheet 2' before the pages are known."""
    found = [pages(k) for k in keys]
    if any(p is None for p in found):
        return "sheet " + _ranges(sorted({numbers[k] for k in keys}))
    return "p. " + _ranges(sorted({p for p in found if p is not None}))


def _ranges(values: list[int]) -> str:
    out: list[str] = []
    for v in values:
        if out and out[-1].split("\u2013")[-1] == str(v - 1):
            out[-1] = f"{out[-1].split(chr(0x2013))[0]}\u2013{v}"
        else:
            out.append(str(v))
    return ", ".join(out)


def _plan(ctx: StoryContext, metrics: Metrics) -> tuple[Topology, Topology, list[Sheet],
                                                       list[Sheet]]:
    """The detail and overview topologies, and their sheets with their titles (no overview
    when one sheet holds everything)."""
    detail = detail_topology(ctx.design, ctx.catalog, ctx.report)
    summed = overview_topology(detail, ctx.catalog)
    sheets = detail_sheets(detail, metrics)
    overview = overview_sheets(summed, metrics) if len(sheets) > 1 else []
    for i, s in enumerate(overview):
        s.title = "Topology overview" + (f" ({i + 1} of {len(overview)})" if len(overview) > 1
                                         else "")
    width = metrics.width
    for i, s in enumerate(sheets):
        s.title = fit(f"Topology sheet {i + 1} of {len(sheets)}: {s.shows()}",
                      SS["H2"].fontName, SS["H2"].fontSize, width)
    return detail, summed, overview, sheets


def _live_texts(detail: Topology, overview: list[Sheet], sheets: list[Sheet],
                numbers: dict[str, int], pages: SheetPages) -> dict[str, dict[str, LiveText]]:
    """Per sheet, the page-reference text of each box that needs one: detail boxes with links
    to other sheets, and every overview box (where its unit is drawn)."""
    where = {b.key: s.key for s in sheets for b in s.boxes()}
    away: dict[str, list[Edge]] = {}
    for e in detail.edges:
        if where.get(e.a) != where.get(e.b):
            away.setdefault(e.a, []).append(e)
            away.setdefault(e.b, []).append(e)
    out: dict[str, dict[str, LiveText]] = {s.key: {} for s in overview + sheets}
    for s in sheets:
        for box in s.boxes():
            links = away.get(box.key, [])
            if links:
                keys = sorted({where[e.b if e.a == box.key else e.a] for e in links},
                              key=numbers.__getitem__)
                out[s.key][box.key] = _refs(f"{len(links)} more link"
                                            f"{'s' if len(links) > 1 else ''}: ", keys, numbers)
    for s in overview:
        for box in s.boxes():
            keys = sorted({where[m] for m in box.members if m in where},
                          key=numbers.__getitem__)
            out[s.key][box.key] = _refs("see ", keys, numbers)
    return out


def _refs(prefix: str, keys: list[str], numbers: dict[str, int]) -> LiveText:
    """``prefix`` and the pages of the sheets ``keys``, once they are known."""
    def text(look: PageLookup) -> str:
        return prefix + pages_text(keys, look, numbers) if keys else ""
    return text


def _intro(ctx: StoryContext, overview: list[Sheet], sheets: list[Sheet],
           pages: SheetPages) -> list[Flowable]:
    n = len(overview) + len(sheets)
    how = ("an overview with one box per zone (its components counted by role, its links "
           "to other zones summed by kind), then " if overview else "")
    rows: list[list[Any]] = [["Sheet", "Page", "Shows", "Boxes", "Open E / W"]]
    for s in overview + sheets:
        marks = s.marks()
        rows.append([s.title.split(":")[0], _PageCell(pages, s.key),
                     s.shows() if not s.overview else "every zone, links summed by kind",
                     str(len(s.boxes())), f"{marks.errors} / {marks.warnings}"])
    return [P(E(f"The topology is drawn on {n} landscape sheet{'s' if n > 1 else ''} at print "
                f"size, no text under 6 points: {how}detail sheets with every component and "
                "site in its region and zone. Links run between boxes, never across them; a "
                "link whose other end is on another sheet is listed in its box with that "
                "page. Each link kind has its own line pattern, so the drawing reads in "
                "grayscale; \"!\" marks PHI travelling unencrypted, E and W badges the open "
                "errors and warnings of a component, site, zone or link.")),
            Spacer(1, 6), legend(ctx.catalog, ctx.width, True), Spacer(1, 8),
            table(rows, [38 * mm, 12 * mm, ctx.width - 90 * mm, 16 * mm, 24 * mm])]


def topology(ctx: StoryContext) -> list[Flowable]:
    """How to read the sheets, then each sheet on a landscape page of its own."""
    width, height = landscape_size(ctx)
    strip = legend(ctx.catalog, width, False)
    metrics = Metrics(width, height - HEADING_H - strip.height - LEGEND_GAP - 1)
    detail, summed, overview, sheets = _plan(ctx, metrics)
    if not sheets:
        return [P("The design places no component and no site: there is nothing to draw.")]
    numbers = {s.key: i + 1 for i, s in enumerate(sheets)}
    pages = SheetPages()
    live = _live_texts(detail, overview, sheets, numbers, pages)
    styles = link_styles(ctx.catalog)
    story: list[Flowable] = [pages, *_intro(ctx, overview, sheets, pages),
                             NextPageTemplate(LANDSCAPE)]
    seen: dict[bool, set[str]] = {True: set(), False: set()}
    for s in overview + sheets:
        placed = place(s, metrics, seen[s.overview])
        routes = route(placed, summed.edges if s.overview else detail.edges)
        drawing: LiveDrawing = sheet_drawing(placed, routes, live[s.key], styles, strip)
        drawing.pages = pages.page
        story += [PageBreak(), _SheetTitle(s.title, s.key, pages), drawing]
    return [*story, NextPageTemplate(PORTRAIT)]
