"""The PDF design document: sections, fingerprint, bookmarks, metadata, the attached design,
determinism, every finding, paper sizes, long names."""

from __future__ import annotations

import io
import re

import pytest
from pypdf import PdfReader
from reportlab.platypus import PageBreak, Spacer

from catalogs import load_catalog
from exports import document
from exports.document import build_pdf, embedded_design
from exports.fonts import document_fonts
from exports.sections.base import Heading
from exports.sections.pagerefs import PageRefs, RefParagraph
from exports.story import TITLES
from tests.conftest import FLAGSHIP, SAMPLES
from validators.engine import validate
from workbench.cli import main
from workbench.model.canonical import dump_design, fingerprint
from workbench.model.io import load_design, loads_design

CATALOG = load_catalog(use_setting=False)


@pytest.fixture(scope="module")
def flagship():
    design = load_design(FLAGSHIP, CATALOG).design
    return design, build_pdf(design, CATALOG)


def text_of(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def test_every_section_and_the_fingerprint_are_in_the_text(flagship):
    design, data = flagship
    text = text_of(data)
    for section in TITLES:
        assert section in text, section
    assert fingerprint(design) in re.sub(r"\s+", "", text)
    assert "APPROVABLE: no open errors" in text
    assert "Sign-off" in text and "Signature" in text


def test_page_count_and_page_numbers(flagship):
    _, data = flagship
    reader = PdfReader(io.BytesIO(data))
    n = len(reader.pages)
    assert 12 <= n <= 40
    assert f"page 2 of {n}" in reader.pages[1].extract_text()
    assert f"page {n} of {n}" in reader.pages[-1].extract_text()


def test_bookmarks_for_every_section(flagship):
    _, data = flagship
    reader = PdfReader(io.BytesIO(data))
    titles = [item.title for item in reader.outline if not isinstance(item, list)]
    assert titles == TITLES


def outline_pages(reader: PdfReader) -> dict[str, int]:
    """Every bookmark, nested ones included, and the page (from 1) it leads to."""
    def flat(items):  # type: ignore[no-untyped-def]
        for item in items:
            yield from flat(item) if isinstance(item, list) else [item]
    return {item.title: reader.get_destination_page_number(item) + 1
            for item in flat(reader.outline)}


def test_bookmarks_and_contents_give_the_page_of_each_heading(flagship):
    """Each bookmark leads to the page its heading is printed on, and the contents print that
    page: the page numbers come from a layout pass, the pages are drawn in the last."""
    _, data = flagship
    reader = PdfReader(io.BytesIO(data))
    pages = outline_pages(reader)
    assert len(set(pages.values())) > 20  # not every bookmark to one page
    for title, page in pages.items():
        text = re.sub(r"\s+", " ", reader.pages[page - 1].extract_text())
        assert title.rstrip("\u2026") in text, (title, page)
    first, last = pages["Contents"], pages[TITLES[TITLES.index("Contents") + 1]]
    contents = re.sub(r"[\s.]+", " ", " ".join(reader.pages[i].extract_text(
        extraction_mode="layout") for i in range(first - 1, last - 1)))
    listed = [t for t in pages if not t.startswith("Topology ")]  # sheets: not in contents
    for title in listed:
        assert re.search(rf"{re.escape(title.replace('.', ' '))} {pages[title]}\b",
                         contents), (title, pages[title])


def test_document_metadata(flagship):
    design, data = flagship
    meta = PdfReader(io.BytesIO(data)).metadata
    assert meta.title == f"{design.metadata.name} - design document"
    assert meta.author == design.metadata.owner
    assert "revision 3.2" in meta.subject


def test_the_design_travels_with_the_document(flagship, tmp_path, capsys):
    design, data = flagship
    assert embedded_design(data) == dump_design(design)
    pdf = tmp_path / "report.pdf"
    pdf.write_bytes(data)
    assert load_design(pdf, CATALOG).design == design
    assert main(["validate", str(pdf), "--format", "json"]) == 0
    assert f'"fingerprint": "{fingerprint(design)}"' in capsys.readouterr().out


def test_same_design_same_bytes(flagship):
    design, data = flagship
    again = loads_design(dump_design(design), "again.yaml", CATALOG).design
    assert build_pdf(again, CATALOG) == data


def test_every_finding_of_the_flawed_sample_appears():
    design = load_design(SAMPLES / "flawed-design.yaml", CATALOG).design
    report = validate(design, CATALOG, as_of=design.metadata.effective_date)
    text = re.sub(r"\s+", " ", text_of(build_pdf(design, CATALOG)))
    assert "NOT APPROVABLE" in text
    for f in report.findings:
        assert f.rule in text
        assert re.sub(r"\s+", " ", f.message)[:40] in text, f.message


def test_letter_paper():
    design = load_design(SAMPLES / "community-hospital-shared.yaml", CATALOG).design
    page = PdfReader(io.BytesIO(build_pdf(design, CATALOG, "letter"))).pages[0]
    assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == (612, 792)


def test_long_names_wrap_instead_of_overflowing():
    design = load_design(SAMPLES / "community-hospital-shared.yaml", CATALOG).design
    long_name = "Clarity-reporting-database-for-the-whole-regional-network-" * 3
    design.components[0].name = long_name
    text = re.sub(r"\s+", "", text_of(build_pdf(design, CATALOG)))
    assert "Clarity-reporting" in text


def test_a_pdf_without_the_attachment_is_a_clear_error(tmp_path, capsys):
    from reportlab.pdfgen.canvas import Canvas

    pdf = tmp_path / "other.pdf"
    canvas = Canvas(str(pdf))
    canvas.drawString(100, 100, "not a design document")
    canvas.save()
    assert main(["validate", str(pdf)]) == 2
    assert "carries no design.yaml" in capsys.readouterr().err


def test_export_command(tmp_path, capsys):
    out = tmp_path / "community.pdf"
    assert main(["export", str(SAMPLES / "community-hospital-shared.yaml"), "-o", str(out),
                 "--paper", "letter"]) == 0
    assert out.read_bytes().startswith(b"%PDF-")
    bad = tmp_path / "bad.yaml"
    bad.write_text("schema_version: 2\n")
    assert main(["export", str(bad), "-o", str(tmp_path / "x.pdf")]) == 2
    assert not (tmp_path / "x.pdf").exists()


def test_spof_verdict_agrees_with_the_scenario_table(flagship):
    """The flagship's Citrix load balancer is zone-redundant: the summary, the resilience
    page and its 0 % scenario row all call it an accepted platform risk, and RED-010's
    "met" names the zone losses it covers."""
    _, data = flagship
    text = re.sub(r"\s+", " ", text_of(data))
    assert "Single points of failure: none. Accepted platform risk: lb-citrix-east, " \
           "platform-redundant: provider SLA 99.99 %, not a design SPOF." in text
    assert "none; accepted platform risk: lb-citrix-east (SLA 99.99 %)" in text
    assert "BREAKS throughput, rto | platform-redundant: provider SLA 99.99 %, not a " \
           "design SPOF" in text
    assert "met for each zone loss" in text


def test_page_references_that_move_the_pages_settle_before_the_last_drawing():
    """A reference whose text, once its page is known, no longer fits its page and pushes the
    heading a page on: the first drawing pass prints a wrong page, so the layout runs again
    until the pages settle, and the document printed says the page the heading is on."""
    design = load_design(FLAGSHIP, CATALOG).design
    refs = PageRefs()

    def markup(refs: PageRefs) -> str:
        known = ", page" in refs.page("Last")
        return f"See {refs.page('Last')}." + " filler words" * (200 if known else 0)
    buffer = io.BytesIO()
    with document_fonts(""):
        doc = document._DesignDoc(buffer, design, document.PAPER["a4"])
        passes = doc.multiBuild([refs, Spacer(1, 560), RefParagraph(markup, refs), PageBreak(),
                                 Heading("Last")])
    reader = PdfReader(io.BytesIO(buffer.getvalue()))
    n = len(reader.pages)
    texts = [re.sub(r"\s+", " ", page.extract_text()) for page in reader.pages]
    on = [i + 1 for i, text in enumerate(texts) if "See Last" not in text and "Last" in text]
    assert passes > 2 and on == [3]
    assert "See Last, page 3." in texts[1]
    assert f"page {n} of {n}" in texts[-1]
