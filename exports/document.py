"""Rendering the design document: page furniture, table of contents, bookmarks, metadata, and
the canonical design embedded as a file attachment. Same design and program version, same
bytes: reportlab runs in invariant mode and every date comes from the design."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path
from typing import Any

from pypdf import PdfReader, PdfWriter
from reportlab.lib.pagesizes import A4, letter
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate

from catalogs import Catalog
from validators.engine import validate
from workbench import __version__
from workbench.clock import document_as_of
from workbench.model.canonical import dump_design
from workbench.model.design import Design
from workbench.model.io import write_bytes_atomic

from .sections.base import Heading
from .story import build_story

ATTACHMENT = "design.yaml"
PAPER = {"a4": A4, "letter": letter}
MARGIN = 18 * mm


class _NumberedCanvas(Canvas):
    """Draws 'page x of y' once the number of pages is known."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._pages: list[dict[str, Any]] = []

    def showPage(self) -> None:
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        total = len(self._pages)
        for state in self._pages:
            self.__dict__.update(state)
            if self._pageNumber > 1:
                self.setFont("Helvetica", 7.5)
                self.setFillColorRGB(0.34, 0.38, 0.42)
                self.drawRightString(self._pagesize[0] - MARGIN, 10 * mm,
                                     f"page {self._pageNumber} of {total}")
            super().showPage()
        super().save()


class _DesignDoc(BaseDocTemplate):
    def __init__(self, buffer: io.BytesIO, design: Design, paper: tuple[float, float]) -> None:
        meta = design.metadata
        super().__init__(buffer, pagesize=paper, leftMargin=MARGIN, rightMargin=MARGIN,
                         topMargin=MARGIN + 6 * mm, bottomMargin=MARGIN,
                         title=f"{meta.name} - design document", author=meta.owner or
                         meta.organisation or "", subject=f"EHR deployment design, revision "
                         f"{meta.revision or '-'} ({meta.status})",
                         creator=f"EHR Topology Workbench {__version__}", invariant=1,
                         keywords=["EHR", "Epic", "topology", "HIPAA"])
        self.design = design
        frame = Frame(self.leftMargin, self.bottomMargin, self.width, self.height, id="body")
        # the topology sheets (sections/topology.py): the same page turned, the same furniture
        wide = Frame(self.leftMargin, self.bottomMargin, self.height + self.topMargin +
                     self.bottomMargin - self.leftMargin - self.rightMargin, self.width +
                     self.leftMargin + self.rightMargin - self.topMargin - self.bottomMargin,
                     id="wide")
        self.addPageTemplates([PageTemplate("page", [frame], onPage=self._furniture),
                               PageTemplate("landscape", [wide], onPage=self._furniture,
                                            pagesize=(paper[1], paper[0]))])

    def _furniture(self, canvas: Canvas, doc: BaseDocTemplate) -> None:
        if doc.page == 1:
            return
        meta = self.design.metadata
        w, h = doc.pageTemplate.pagesize or self.pagesize
        canvas.saveState()
        canvas.setFont("Helvetica", 7.5)
        canvas.setFillColorRGB(0.34, 0.38, 0.42)
        canvas.drawString(MARGIN, h - MARGIN, meta.name[:90])
        canvas.drawRightString(w - MARGIN, h - MARGIN, f"revision {meta.revision or '-'}, "
                                                       f"{meta.status}")
        canvas.setStrokeColorRGB(0.77, 0.8, 0.84)
        canvas.line(MARGIN, h - MARGIN - 3, w - MARGIN, h - MARGIN - 3)
        canvas.drawString(MARGIN, 10 * mm, f"{meta.organisation or ''}  |  effective "
                                           f"{meta.effective_date or '-'}")
        canvas.restoreState()

    def afterFlowable(self, flowable: Any) -> None:
        if isinstance(flowable, Heading):
            key = f"h{self.seq.nextf('heading')}"
            self.canv.bookmarkPage(key)
            self.canv.addOutlineEntry(flowable.toc_text, key, level=flowable.toc_level,
                                      closed=flowable.toc_level > 0)
            self.notify("TOCEntry", (flowable.toc_level, flowable.toc_text, self.page, key))


def build_pdf(design: Design, catalog: Catalog, paper: str = "a4",
              as_of: dt.date | None = None) -> bytes:
    """The design document as bytes, with the canonical design attached. Judged at ``as_of``
    when given, else at the design's own date (see ``clock.document_as_of``), so that the
    document depends only on the file."""
    size = PAPER[paper]
    when = document_as_of(design, as_of)
    report = validate(design, catalog, as_of=when.date)
    buffer = io.BytesIO()
    doc = _DesignDoc(buffer, design, size)
    story = build_story(design, report, catalog, doc.width, doc.height, when)
    doc.multiBuild(story, canvasmaker=_NumberedCanvas)
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(buffer.getvalue())))
    writer.add_attachment(ATTACHMENT, dump_design(design).encode("utf-8"))
    writer.page_mode = "/UseOutlines"
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def export_pdf(design: Design, catalog: Catalog, target: str | Path, paper: str = "a4",
               as_of: dt.date | None = None) -> None:
    write_bytes_atomic(Path(target), build_pdf(design, catalog, paper, as_of))


def embedded_design(data: bytes) -> str | None:
    """The design text attached to a workbench PDF, or None."""
    reader = PdfReader(io.BytesIO(data))
    files = reader.attachments.get(ATTACHMENT)
    if not files:
        return None
    return files[0].decode("utf-8")
