"""What every section builder uses: the context it reads (``StoryContext``) and the building
blocks it writes with (paragraphs, escaped text, headings, tables, numbers, images)."""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, Image, Paragraph, Table

from catalogs import Catalog
from validators.report import Report
from workbench.analysis.run import Analysis
from workbench.clock import AsOf
from workbench.model import units
from workbench.model.design import Design

from .. import cells
from ..styles import stylesheet, table_style

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

    @property
    def analysis(self) -> Analysis:
        """The analysis the report was judged from (one computation, every view reads it)."""
        return self.report.analysis


SectionBuilder = Callable[[StoryContext], list[Flowable]]


def P(text: str, style: str = "Body") -> Paragraph:
    return Paragraph(text, SS[style])


def E(value: object) -> str:
    return escape("" if value is None else str(value))


class Heading(Paragraph):
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


def _cell(value: object, header: bool, width: float) -> Paragraph | str:
    """A plain string when it fits its column on one line, else a paragraph broken where a
    person would break it; addresses are links."""
    text = "" if value is None else str(value)
    if header:
        return Paragraph(cells.markup(text, width - cells.PADDING, cells.measure_with(HEAD)),
                         HEAD)
    return cells.cell(text, width, CELL)


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
    t = Table(data, colWidths=widths, repeatRows=header_rows, hAlign="LEFT")
    style = table_style(header_rows)
    body = len(rows) - header_rows
    if body >= 2:
        style.add("NOSPLIT", (0, 0), (-1, header_rows + 1))
        style.add("NOSPLIT", (0, len(rows) - 2), (-1, len(rows) - 1))
    if 2 < body <= KEEP_WHOLE and t.wrap(sum(widths), 1e6)[1] < 300:
        style.add("NOSPLIT", (0, 0), (-1, -1))
    t.setStyle(style)
    return t


def num(value: float) -> str:
    """A throughput or count as the document prints it: "14 M", "3.78 M", "850 k", "9,500"
    (workbench.model.units, shared with the text report and the desktop app)."""
    return units.quantity(value)


def image(png: bytes, width: float) -> Image:
    """A PNG scaled to ``width``, its aspect kept."""
    img = Image(io.BytesIO(png))
    ratio = img.imageHeight / img.imageWidth
    img.drawWidth, img.drawHeight = width, width * ratio
    return img
