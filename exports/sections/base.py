"""What every section builder uses: the context it reads (``StoryContext``) and the building
blocks it writes with (paragraphs, escaped text, headings, tables, numbers, images)."""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from xml.sax.saxutils import escape

from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, Image, Paragraph, Table

from catalogs import Catalog
from validators.report import Report
from workbench.analysis.run import Analysis
from workbench.clock import AsOf
from workbench.model.design import Design

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


def _cell(value: object, header: bool, width: float) -> Paragraph | str:
    """A plain string when it fits its column on one line (tables of thousands of rows stay
    fast), else a paragraph that wraps; an unbroken identifier longer than the column wraps
    anywhere."""
    text = "" if value is None else str(value)
    if header:
        return P(E(text), "CellBold")
    if "\n" not in text and stringWidth(text, "Helvetica", 7.5) + 7 <= width:
        return text
    long_token = any(stringWidth(tok, "Helvetica", 7.5) + 7 > width for tok in text.split())
    return P(E(text), "CellWrap" if long_token else "Cell")


def table(rows: list[list[Any]], widths: list[float], header_rows: int = 1) -> Table:
    cells = [[c if isinstance(c, Flowable) else _cell(c, r < header_rows, widths[i])
              for i, c in enumerate(row)] for r, row in enumerate(rows)]
    t = Table(cells, colWidths=widths, repeatRows=header_rows, hAlign="LEFT")
    t.setStyle(table_style(header_rows))
    return t


def num(value: float) -> str:
    """A throughput or count as the document prints it: millions with two decimals, else whole."""
    return f"{value / 1e6:,.2f} M" if value >= 1e6 else f"{value:,.0f}"


def image(png: bytes, width: float) -> Image:
    """A PNG scaled to ``width``, its aspect kept."""
    img = Image(io.BytesIO(png))
    ratio = img.imageHeight / img.imageWidth
    img.drawWidth, img.drawHeight = width, width * ratio
    return img
