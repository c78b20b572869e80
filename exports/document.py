"""Rendering the design document: page furniture, table of contents, bookmarks, and the
archival finish (pdfa.py): metadata, the canonical design embedded as an associated file, the
output intent. Every text face is embedded (fonts.py). Same design and program version, same
bytes: reportlab runs in invariant mode and every date comes from the design."""

from __future__ import annotations

import datetime as dt
import functools
import io
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reportlab import rl_config
from reportlab.lib.pagesizes import A4, letter
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, KeepTogether, PageTemplate
from reportlab.platypus.tableofcontents import TableOfContents

from catalogs import Catalog
from catalogs.reading import gc_paused
from validators.compare import candidates_of, compare
from validators.engine import validate
from workbench import __version__
from workbench.clock import document_as_of
from workbench.model.canonical import dump_design
from workbench.model.design import Design
from workbench.model.io import write_bytes_atomic

from . import pdfa
from .fonts import document_fonts
from .sections.base import Heading, StoryContext
from .sections.board import cover_stamp
from .story import build_story
from .styles import SANS

# streams only Flate-compressed: reportlab's ASCII85 on top makes them a quarter bigger, and is
# encoded in pure Python (without reportlab's optional accelerator), the slowest step of an export
rl_config.useA85 = 0
# the drawings (topology sheets, charts) are built by this program, never from what a user
# typed: reportlab's check of each of their attributes as it is set (a development aid) was a
# tenth of a large document's time
rl_config.shapeChecking = 0

ATTACHMENT = "design.yaml"
ATTACHMENT_MIME = "application/yaml"
KEYWORDS = ("EHR", "Epic", "topology", "HIPAA")
PAPER = {"a4": A4, "letter": letter}
MARGIN = 18 * mm


class _LayoutCanvas(Canvas):
    """The canvas of a pass that only lays the document out (``_DesignDoc.multiBuild``): the
    frames place every flowable without drawing it, and the pages are counted, not kept."""

    layout_only = True

    def showPage(self) -> None:
        self._startPage()


class _NumberedCanvas(Canvas):
    """Draws 'page x of y' at the foot of each page, ``y`` counted by the layout pass before
    (a page is written when it ends, so that bookmarks and links name the page they are on),
    and makes the file archival."""

    layout_only = False

    def __init__(self, *args: Any, pages: int = 0, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.pages = pages
        self.archive: pdfa.Archive | None = None  # set by the document template

    def _addAnnotation(self, annotation: Any, name: str | None = None,
                       addtopage: int = 1) -> None:
        pdfa.printable(annotation)
        super()._addAnnotation(annotation, name, addtopage)

    def showPage(self) -> None:
        if self._pageNumber > 1:
            self.setFont(SANS, 7.5)
            self.setFillColorRGB(0.34, 0.38, 0.42)
            self.drawRightString(self._pagesize[0] - MARGIN, 10 * mm,
                                 f"page {self._pageNumber} of {self.pages}")
        super().showPage()

    def save(self) -> None:
        if self.archive is not None:
            pdfa.finish(self._doc, self.archive)
        super().save()


def _not_drawn(*args: Any, **kwargs: Any) -> None:
    pass


class _Frame(Frame):
    """A frame that, on the canvas of a layout pass, places each flowable without drawing it
    (wrapping and splitting are the layout; drawing is most of the rest), except a flowable
    that asks to be drawn in every pass (``draw_in_layout``: it notes where it landed)."""

    def _add(self, flowable: Flowable, canv: Canvas, trySplit: int = 0) -> int:
        if not getattr(canv, "layout_only", False) or getattr(flowable, "draw_in_layout", False):
            return int(super()._add(flowable, canv, trySplit))
        own = vars(flowable)  # past the attribute checks of reportlab.graphics shapes
        own["drawOn"] = _not_drawn
        try:
            return int(super()._add(flowable, canv, trySplit))
        finally:
            del own["drawOn"]

    add = _add


class _DesignDoc(BaseDocTemplate):
    def __init__(self, buffer: io.BytesIO, design: Design, paper: tuple[float, float],
                 archive: pdfa.Archive | None = None, status: str = "",
                 variant: str | None = None) -> None:
        # the document information is written by pdfa.finish; reportlab's initial font is
        # the body face (its default, Helvetica, would be an unembedded font on every page)
        super().__init__(buffer, pagesize=paper, leftMargin=MARGIN, rightMargin=MARGIN,
                         topMargin=MARGIN + 6 * mm, bottomMargin=MARGIN, invariant=1,
                         initialFontName=SANS)
        self.design, self.archive = design, archive
        self.header_name = design.metadata.name + (f", variant {variant}" if variant else "")
        self.status = status or design.metadata.status  # the computed status (cover stamp)
        frame = _Frame(self.leftMargin, self.bottomMargin, self.width, self.height, id="body")
        # the topology sheets (sections/topology.py): the same page turned, the same furniture
        wide = _Frame(self.leftMargin, self.bottomMargin, self.height + self.topMargin +
                     self.bottomMargin - self.leftMargin - self.rightMargin, self.width +
                     self.leftMargin + self.rightMargin - self.topMargin - self.bottomMargin,
                     id="wide")
        self.addPageTemplates([PageTemplate("page", [frame], onPage=self._furniture),
                               PageTemplate("landscape", [wide], onPage=self._furniture,
                                            pagesize=(paper[1], paper[0]))])

    def _furniture(self, canvas: Canvas, doc: BaseDocTemplate) -> None:
        if doc.page == 1 or getattr(canvas, "layout_only", False):
            return
        meta = self.design.metadata
        w, h = doc.pageTemplate.pagesize or self.pagesize
        canvas.saveState()
        canvas.setFont(SANS, 7.5)
        canvas.setFillColorRGB(0.34, 0.38, 0.42)
        canvas.drawString(MARGIN, h - MARGIN, self.header_name[:90])
        canvas.drawRightString(w - MARGIN, h - MARGIN, f"revision {meta.revision or '-'}, "
                                                       f"{self.status}")
        canvas.setStrokeColorRGB(0.77, 0.8, 0.84)
        canvas.line(MARGIN, h - MARGIN - 3, w - MARGIN, h - MARGIN - 3)
        canvas.drawString(MARGIN, 10 * mm, f"{meta.organisation or ''}  |  effective "
                                           f"{meta.effective_date or '-'}")
        canvas.restoreState()

    def multiBuild(self, story: list[Flowable], maxPasses: int = 10,
                   **build: Any) -> int:
        """reportlab's ``multiBuild`` (lay the story out until the page numbers the indexing
        flowables saw stop moving), with passes that only lay out: a layout pass, then a pass
        that draws, which is the last when it sees the pages the layout pass saw (the table of
        contents is given its entries before the first pass, so that its length is right from
        the start); else layout passes until the pages settle, and a drawing pass again.
        Returns the number of passes."""
        self._indexingFlowables = [f for f in story if f.isIndexing()]
        expected = [(h.toc_level, h.toc_text, 0, None) for h in _headings(story)]
        for f in self._indexingFlowables:
            if isinstance(f, TableOfContents):
                f._entries = list(expected)
        self._doSave = 0
        edits: list[tuple[Any, ...]] = []
        self._multiBuildEdits = edits.append
        build.pop("canvasmaker", None)
        layout, laid_out, pages = True, 0, 0
        for passes in range(1, maxPasses + 1):
            for f in self._indexingFlowables:
                f.beforeBuild()
            self.build(story[:], canvasmaker=_LayoutCanvas if layout else
                       functools.partial(_NumberedCanvas, pages=pages), **build)
            for f in self._indexingFlowables:
                f.afterBuild()
            happy = self._allSatisfied() and self.canv.getPageNumber() - 1 == pages
            pages = self.canv.getPageNumber() - 1
            if not layout and happy:
                self.canv.save()
                del self._multiBuildEdits
                return passes
            laid_out += layout
            # draw after the first layout pass (the pages are usually known by then), else
            # only once a layout pass found the pages of the one before
            layout = not (layout and (happy or laid_out == 1))
            while edits:
                edit = edits.pop(0)
                edit[0](*edit[1:])
        raise IndexError(f"Index entries not resolved after {maxPasses} passes")

    def beforeDocument(self) -> None:
        self.canv.archive = self.archive

    def afterFlowable(self, flowable: Any) -> None:
        if isinstance(flowable, Heading):
            key = f"h{self.seq.nextf('heading')}"
            self.canv.bookmarkPage(key)
            self.canv.addOutlineEntry(flowable.toc_text, key, level=flowable.toc_level,
                                      closed=flowable.toc_level > 0)
            self.notify("TOCEntry", (flowable.toc_level, flowable.toc_text, self.page, key))


def _headings(story: list[Flowable]) -> list[Heading]:
    """The headings of the story in order, those kept together with what follows included."""
    out: list[Heading] = []
    for f in story:
        if isinstance(f, Heading):
            out.append(f)
        elif isinstance(f, KeepTogether):
            out += _headings(list(f._content))
    return out


@dataclass(frozen=True)
class Revision:
    """An earlier revision of the design (the approved one, given with ``--since``) and how
    the document names it."""

    label: str
    design: Design


def build_pdf(design: Design, catalog: Catalog, paper: str = "a4",
              as_of: dt.date | None = None, variant: str | None = None,
              since: Revision | None = None) -> bytes:
    """The design document as bytes, with the canonical design attached. Judged at ``as_of``
    when given, else at the design's own date (see ``clock.document_as_of``), so that the
    document depends only on the file. ``variant`` names the variant of the design file that
    ``design`` is (its changes applied): the cover, every page's header and the title say it,
    and the design attached is that applied design. ``since``: the approved revision, whose
    changes to ``design`` the section "Changes since the approved revision" lists."""
    # the collector's passes over the document's many fresh objects are a tenth of the time,
    # and find next to nothing to free (the window's export pauses it too)
    with gc_paused():
        return _build_pdf(design, catalog, paper, as_of, variant, since)


def _build_pdf(design: Design, catalog: Catalog, paper: str, as_of: dt.date | None,
               variant: str | None, since: Revision | None) -> bytes:
    size = PAPER[paper]
    when = document_as_of(design, as_of)
    report = validate(design, catalog, as_of=when.date, variant=variant)
    # the pages' header and the document's subject state the cover's computed status, never
    # the file's own status alone
    status = cover_stamp(StoryContext(design, report, catalog, 0, 0, when)).headline
    text = dump_design(design)
    attachment = pdfa.Attachment(
        ATTACHMENT, text.encode("utf-8"), ATTACHMENT_MIME, "The canonical design this document "
        "was made from (ehrwb validate reads it back)", "Source")
    archive = pdfa.Archive(_metadata(design, when.date, report.fingerprint, status, variant),
                           attachment)
    buffer = io.BytesIO()
    # the variants the file holds, each validated and set beside the base (Alternatives
    # considered); a variant's own document holds none
    comparison = compare(candidates_of(design), catalog, when.date, first=report) \
        if design.variants else None
    plan = None
    if since is not None:
        from validators.plan import make_plan

        plan = make_plan(since.design, design, catalog, when.date,
                         (since.label, "this design"), new_report=report)
    with document_fonts(text):
        doc = _DesignDoc(buffer, design, size, archive, status, variant)
        story = build_story(design, report, catalog, doc.width, doc.height, when, comparison,
                            plan)
        doc.multiBuild(story)
    return buffer.getvalue()


def _metadata(design: Design, day: dt.date, fingerprint: str, status: str,
              variant: str | None = None) -> pdfa.Metadata:
    meta = design.metadata
    name = meta.name + (f", variant {variant}" if variant else "")
    return pdfa.Metadata(
        title=f"{name} - design document", author=meta.owner or meta.organisation or "",
        subject=f"EHR deployment design, revision {meta.revision or '-'} ({status}; recorded "
                f"status {meta.status})",
        keywords=KEYWORDS, creator=f"EHR Topology Workbench {__version__}",
        producer=f"EHR Topology Workbench {__version__} (ReportLab)", language="en",
        date=day, identifier=f"sha256:{fingerprint}")


def export_pdf(design: Design, catalog: Catalog, target: str | Path, paper: str = "a4",
               as_of: dt.date | None = None, variant: str | None = None,
               since: Revision | None = None) -> None:
    write_bytes_atomic(Path(target), build_pdf(design, catalog, paper, as_of, variant, since))


def embedded_design(data: bytes) -> str | None:
    """The design text attached to a workbench PDF, or None."""
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    files = reader.attachments.get(ATTACHMENT)
    if not files:
        return None
    return files[0].decode("utf-8")
