"""What every section builder uses: the context it reads (``StoryContext``) and the building
blocks it writes with (paragraphs, escaped text, headings, tables, numbers)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, Paragraph, Table

from catalogs import Catalog
from validators.compare import Comparison
from validators.report import Report
from workbench.analysis.run import Analysis
from workbench.clock import AsOf
from workbench.model import units
from workbench.model.design import Design

from .. import cells
from ..styles import stylesheet, table_style

if TYPE_CHECKING:  # made, and imported, only for --since (exports/document.py)
    from validators.plan import Plan

SS = stylesheet()


@dataclass(frozen=True)
class StoryContext:
    """Everything a section is written from: the design, its report and the analysis behind
    it, the catalog, the body frame's size (points) and the date the design is judged at."""

    design: Design
    report: Report
    catalog: Catalog
    width: float
    height: float
    as_of: AsOf
    comparison: Comparison | None = None  # the base beside the variants the design holds
    since: Plan | None = None  # the changes from the approved revision (export --since)

    @property
    def analysis(self) -> Analysis:
        """The analysis the report was judged from (one computation, every view reads it)."""
        return self.report.analysis


SectionBuilder = Callable[[StoryContext], list[Flowable]]


def P(text: str, style: str = "Body") -> Paragraph:
    return cells.Para(text, SS[style])


def E(value: object) -> str:
    return cells.escape("" if value is None else str(value))


class Heading(cells.Para):
    """A section heading the document template turns into a bookmark and a TOC entry."""

    def __init__(self, text: str, level: int = 0) -> None:
        super().__init__(E(text), SS["H1" if level == 0 else "H2"])
        self.toc_level = level
        self.toc_text = text


# cells never cut a word: they wrap at spaces, and after a hyphen or slash only inside a word
# wider than its column (exports/cells.py); reportlab's own splitting of long words is off
CELL = ParagraphStyle("CellWhole", parent=SS["Cell"], splitLongWords=0)
HEAD = ParagraphStyle("CellHeadWhole", parent=SS["CellBold"], splitLongWords=0)
KEEP_WHOLE = 5  # a table of at most this many rows (and short) is never split across pages
# rows kept together are at most this tall (points), a fraction of any frame of the document
# (A4 or letter, about 700 points): taller ones would not fit a page, and split as they must
KEEP_MOST = 240.0


def _cell(value: object, header: bool, width: float) -> Paragraph | str:
    """A plain string when it fits its column on one line, else a paragraph broken where a
    person would break it; addresses are links."""
    text = "" if value is None else str(value)
    if header:
        return cells.Para(cells.markup(text, width - cells.PADDING, cells.measure_with(HEAD)),
                          HEAD)
    return cells.cell(text, width, CELL)


class _CellRanges(dict[tuple[int, int], Any]):
    """The cells of a table's no-split ranges; any other cell is a range of its own."""

    def __missing__(self, key: tuple[int, int]) -> tuple[int, int, int, int]:
        return (key[0], key[1], key[0], key[1])


class _Table(Table):
    """reportlab's table, laid out once per place. A table of a thousand rows is split page
    after page, and each pass of the document (exports/document.py) lays it out again: each
    piece computes its sizes once for the room it is given, a split at the same room gives
    the same pieces again (the cells never change between passes), and the rows kept together
    are recorded for those rows only, not for every cell of every remaining piece."""

    def _calc(self, availWidth: float, availHeight: float) -> None:
        if self.__dict__.get("_sized_for") != (availWidth, availHeight):
            super()._calc(availWidth, availHeight)
            self._sized_for = (availWidth, availHeight)

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        pieces: dict[tuple[float, float], list[Flowable]] = self.__dict__.setdefault(
            "_pieces", {})
        if (availWidth, availHeight) not in pieces:
            pieces[availWidth, availHeight] = super().split(availWidth, availHeight)
        return pieces[availWidth, availHeight]

    def _calcNoSplitRanges(self) -> None:
        """reportlab's, without an entry for every cell outside the ranges."""
        self._nosplitRanges = ranges = _CellRanges()
        self._colNoSplitCells, self._rowNoSplitCells = [], []
        for _cmd, (x0, y0), (x1, y1) in self._nosplitCmds:
            x0, x1 = sorted(v + self._ncols if v < 0 else v for v in (x0, x1))
            y0, y1 = sorted(v + self._nrows if v < 0 else v for v in (y0, y1))
            if x0 == x1 and y0 == y1:
                continue
            block = [(x, y) for y in range(y0, y1 + 1) for x in range(x0, x1 + 1)]
            if x0 != x1:
                self._colNoSplitCells += block
            if y0 != y1:
                self._rowNoSplitCells += block
            ranges.update(dict.fromkeys(block))
            ranges[x0, y0] = (x0, y0, x1, y1)


def table(rows: list[list[Any]], widths: list[float], header_rows: int = 1) -> Table:
    """A table whose columns are widened (from those with room to spare) until their words fit
    whole, whose header repeats on every page, and that never leaves one row alone: the
    first two rows stay with the header, the last two together, a short table whole."""
    needs = [max(a, b) + cells.PADDING for a, b in zip(
        cells.widest_words(rows[header_rows:], cells.measure_with(CELL)) + [0.0] * len(widths),
        cells.widest_words(rows[:header_rows], cells.measure_with(HEAD)) + [0.0] * len(widths),
        strict=False)][:len(widths)]
    widths = cells.fit_widths(widths, needs)
    data = [[c if isinstance(c, Flowable) else _cell(c, r < header_rows, widths[i])
             for i, c in enumerate(row)] for r, row in enumerate(rows)]
    t = _Table(data, colWidths=widths, repeatRows=header_rows, hAlign="LEFT")
    style = table_style(header_rows)
    for first, last in _kept(data, widths, header_rows):
        style.add("NOSPLIT", (0, first), (-1, last))
    t.setStyle(style)
    return t


def _kept(data: list[list[Any]], widths: list[float],
          header_rows: int) -> list[tuple[int, int]]:
    """Row ranges never split: the header with the first two rows and the last two rows, or
    a short table whole, each only if short enough to fit any page."""
    n = len(data)
    if n - header_rows < 2:
        return []
    heights = {i: _row_height(data[i], widths) for i in
               [*range(min(n, max(header_rows + 2, KEEP_WHOLE + header_rows))), n - 2, n - 1]}
    if n - header_rows <= KEEP_WHOLE and sum(heights[i] for i in range(n)) <= KEEP_MOST:
        return [(0, n - 1)]
    ranges = [(0, header_rows + 1), (n - 2, n - 1)]
    return [(a, b) for a, b in ranges if sum(heights[i] for i in range(a, b + 1)) <= KEEP_MOST]


def _row_height(row: list[Any], widths: list[float]) -> float:
    """A row's height: its tallest cell and the cell padding (2 + 2 points)."""
    tallest = 0.0
    for cell, width in zip(row, widths, strict=False):
        if isinstance(cell, Flowable):
            tallest = max(tallest, cell.wrap(width - cells.PADDING, 1e6)[1])
        else:
            tallest = max(tallest, CELL.leading * (str(cell).count("\n") + 1))
    return tallest + 4


def num(value: float) -> str:
    """A throughput or count as the document prints it: "14 M", "3.78 M", "850 k", "9,500"
    (workbench.model.units, shared with the text report and the desktop app)."""
    return units.quantity(value)
