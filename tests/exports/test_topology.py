"""A topology a person can read on paper (issue 13, point 2): the section's drawings at print
size (no text under 6 points, names wrapped or ellipsised, links between boxes and never across
one), a large design as an overview plus detail sheets with a map between them, each link kind
distinct in grayscale, unencrypted PHI and open findings marked by symbols; and, through
build_pdf, landscape sheets with the same furniture and page references that point right."""

from __future__ import annotations

import dataclasses
import io
import math
import re
from collections.abc import Iterator
from typing import Any

import pytest
from pypdf import PdfReader
from reportlab.graphics.shapes import Drawing, Group, Line, Rect, Shape, String
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Paragraph

from benchmarks.synthetic import synthetic_design
from catalogs import load_catalog
from exports.diagram import ELLIPSIS, LINK_STYLES, LiveDrawing, legend, link_styles
from exports.document import build_pdf
from exports.routing import route
from exports.sections.base import StoryContext
from exports.sections.topology import landscape_size, topology
from exports.sheets import BOX_H, Metrics, detail_sheets, overview_sheets, place
from exports.topology_model import detail_topology, open_marks, overview_topology, unsafe_link
from tests.conftest import FLAGSHIP, SAMPLE_FILES, SAMPLES
from validators.engine import validate
from workbench.clock import document_as_of
from workbench.model.design import Design
from workbench.model.io import load_design

CATALOG = load_catalog(use_setting=False)
A4 = (493.2227559055118, 722.8348818897638)  # the portrait body frame the document gives
LETTER = (510.0, 669.6)
FLAWED = SAMPLES / "flawed-design.yaml"


def design_of(path: Any) -> Design:
    return load_design(path, CATALOG).design


def ctx_of(design: Design, frame: tuple[float, float] = A4) -> StoryContext:
    when = document_as_of(design)
    return StoryContext(design, validate(design, CATALOG, as_of=when.date), CATALOG, *frame,
                        when)


def drawings(story: list[Any]) -> list[Drawing]:
    return [f for f in story if isinstance(f, Drawing)]


def shapes(node: Shape, scale: float = 1.0) -> Iterator[tuple[Shape, float]]:
    """Every shape under ``node`` with the scale it is drawn at (groups may transform)."""
    if isinstance(node, Group):
        a, b, c, d = node.transform[:4]
        scale *= math.sqrt(abs(a * d - b * c))
        for child in node.contents:
            yield from shapes(child, scale)
    else:
        yield node, scale


def strings(drawing: Drawing) -> list[tuple[String, float]]:
    return [(s, k) for s, k in shapes(drawing) if isinstance(s, String)]


@pytest.fixture(scope="module")
def stories() -> dict[str, list[Any]]:
    out = {path.stem: topology(ctx_of(design_of(path))) for path in SAMPLE_FILES}
    out["synthetic-1000"] = topology(ctx_of(synthetic_design(1000)))
    return out


def test_every_text_of_every_topology_drawing_is_at_least_6_points(stories):
    for name, story in stories.items():
        found = [(s.text, s.fontSize * k) for d in drawings(story) for s, k in strings(d)
                 if s.fontSize * k < 6]
        assert not found, f"{name}: {found[:5]}"
        assert len(drawings(story)) >= 2, name  # the legend, and at least one sheet


def test_the_old_drawing_would_have_failed_the_6_point_check():
    """The check sees a scaled group: the same string at half size is 3.5 points."""
    d = Drawing(100, 100)
    small = Group(String(0, 0, "odb", fontSize=7), transform=(0.5, 0, 0, 0.5, 0, 0))
    d.add(small)
    assert [round(s.fontSize * k, 2) for s, k in strings(d)] == [3.5]


def test_each_sheet_fits_its_landscape_page_unscaled(stories):
    width, height = landscape_size(ctx_of(design_of(FLAGSHIP)))
    for name, story in stories.items():
        for d in drawings(story):
            assert d.transform == (1, 0, 0, 1, 0, 0)
            if isinstance(d, LiveDrawing):
                assert d.width <= width and d.height <= height - 19, name


def test_a_long_name_wraps_then_ends_in_a_visible_ellipsis(minimal):
    minimal["components"][0]["name"] = ("Production operational database failover member A "
                                        "in the primary zone of the eastern region, with its "
                                        "journal and write image journal on ultra disks")
    design = Design.model_validate(minimal)
    story = topology(ctx_of(design))
    sheet = next(d for d in drawings(story) if isinstance(d, LiveDrawing))
    texts = [s for s, _ in strings(sheet)]
    first = next(i for i, s in enumerate(texts) if s.text.startswith("Production operational"))
    second = texts[first + 1]
    assert texts[first].text + " " + second.text.rstrip(ELLIPSIS) in \
        design.components[0].name + ELLIPSIS
    assert second.text.endswith(ELLIPSIS)
    box = [s for s, _ in shapes(sheet) if isinstance(s, Rect) and s.x < texts[first].x <
           s.x + s.width and s.y < texts[first].y < s.y + s.height and s.width < 200][-1]
    for s in (texts[first], second):
        assert s.x + stringWidth(s.text, s.fontName, s.fontSize) <= box.x + box.width


def test_no_text_runs_out_of_its_box(stories):
    """Every string that starts in a box (a component, a site, a zone's summary) ends in it:
    names, ids, SKUs, page references."""
    checked = 0
    for name, story in stories.items():
        for d in drawings(story):
            if not isinstance(d, LiveDrawing):
                continue
            d.refresh()
            boxes = [s for s, _ in shapes(d) if isinstance(s, Rect) and 100 < s.width < 200
                     and (s.height == BOX_H or s.rx == 3 and s.strokeDashArray is None)]
            for s, _ in strings(d):
                inside = [b for b in boxes if b.x < s.x < b.x + b.width and
                          b.y < s.y < b.y + b.height]
                if inside:
                    end = s.x + stringWidth(s.text, s.fontName, s.fontSize)
                    assert end <= inside[-1].x + inside[-1].width, (name, s.text)
                    checked += s.text.startswith(("see p.", "azure-")) or "more link" in s.text
    assert checked > 1000  # page references and SKU lines were among them


def _crosses(seg: tuple[tuple[float, float], tuple[float, float]],
             box: tuple[float, float, float, float]) -> bool:
    """An axis-parallel segment through the inside of a box (its border excluded)."""
    (x0, y0), (x1, y1) = seg
    left, top, right, bottom = box
    if x0 == x1:
        return left < x0 < right and min(y0, y1) < bottom and max(y0, y1) > top
    return top < y0 < bottom and min(x0, x1) < right and max(x0, x1) > left


@pytest.mark.parametrize("which", ["flagship", "synthetic"])
def test_links_run_between_boxes_never_across_one(which):
    design = design_of(FLAGSHIP) if which == "flagship" else synthetic_design(400)
    detail = detail_topology(design, CATALOG, validate(design, CATALOG))
    metrics = Metrics(727.8, 414.0)
    sheets = detail_sheets(detail, metrics)
    summed = overview_topology(detail, CATALOG)
    checked = 0
    for sheet in overview_sheets(summed, metrics) + sheets:
        placed = place(sheet, metrics)
        rects = {k: (s.rect.x + 0.5, s.rect.y + 0.5, s.rect.x + s.rect.w - 0.5,
                     s.rect.bottom - 0.5) for k, s in placed.boxes.items()}
        for r in route(placed, summed.edges if sheet.overview else detail.edges):
            for seg in zip(r.points, r.points[1:], strict=False):
                assert seg[0][0] == seg[1][0] or seg[0][1] == seg[1][1]  # across or down
                hit = [k for k, box in rects.items() if _crosses(seg, box)]
                assert not hit, (sheet.title, r.edge, hit)
            checked += 1
    assert checked > 20  # routes were checked (the flagship has 87)


def test_a_small_design_is_one_sheet_a_large_one_an_overview_and_detail_sheets(stories):
    def sheets(story: list[Any]) -> list[str]:
        return [f.text for f in story if type(f).__name__ == "_SheetTitle"]

    small = sheets(stories["flawed-design"])
    assert len(small) == 1 and small[0].startswith("Topology sheet 1 of 1: ")
    big = sheets(stories["synthetic-1000"])
    assert big[0] == "Topology overview"
    assert len(big) > 20 and all(t.startswith("Topology sheet") for t in big[1:])
    assert any("(part 2 of" in t for t in big)


def test_the_overview_collapses_pools_and_sums_links_by_kind():
    design = synthetic_design(1000)
    detail = detail_topology(design, CATALOG, validate(design, CATALOG))
    summed = overview_topology(detail, CATALOG)
    boxes = {b.key: b for a in summed.areas for u in a.units for b in u.boxes}
    zone1 = boxes["r0-z1"]
    n_citrix = sum(1 for c in design.components if c.role == "hyperspace-presentation"
                   and c.placement.zones == ["r0-z1"])
    assert (f"{n_citrix} \u00d7 Presentation tier (Hyperspace on Citrix / VDI)", "shared") \
        in zone1.lines
    assert len(zone1.members) > 300
    ecp = [e for e in summed.edges if e.kind == "ecp" and {e.a, e.b} == {"r0-z1", "r0-z2"}]
    assert len(ecp) == 1 and ecp[0].count == sum(
        1 for link in design.links if link.kind == "ecp" and
        {c.placement.zones[0] for c in design.components if c.id in (link.from_, link.to)}
        == {"r0-z1", "r0-z2"})
    assert len(summed.edges) < 40  # from 1,967 links


def test_every_link_kind_has_its_own_pattern_and_the_legend_shows_it(stories):
    styles = [LINK_STYLES[kind] for kind in CATALOG.link_kinds]  # every kind of links.yaml
    assert len({(s.width, s.dash, s.dots, s.double) for s in styles}) == len(styles)
    # solid kinds differ in width by at least 1.5 points, or by being double
    solid = sorted((s.width, s.double) for s in styles if s.dash is None)
    assert all(b[0] - a[0] >= 1.5 or a[1] != b[1]
               for a, b in zip(solid, solid[1:], strict=False))
    legend = drawings(stories["academic-medical-center-ali"])[0]
    lines = [s for s, _ in shapes(legend) if isinstance(s, Line)]
    texts = [s for s, _ in strings(legend)]
    for kind in CATALOG.link_kinds.values():
        label = next(t for t in texts if t.text == kind.name)
        sample = [ln for ln in lines if abs(ln.y1 - label.y - 2.5) < 0.01 and
                  0 < label.x - ln.x2 < 10]
        style = LINK_STYLES[kind.id]
        assert sample and sample[0].strokeDashArray == style.dash, kind.id
        assert sample[0].strokeWidth == style.width, kind.id
        assert len(sample) == (2 if style.double else 1), kind.id


def test_each_unencrypted_phi_link_carries_the_symbol():
    design = design_of(FLAWED)
    story = topology(ctx_of(design))
    unsafe = [link for link in design.links if unsafe_link(link, CATALOG)]
    assert len(unsafe) >= 3
    marks = [s for d in drawings(story) if isinstance(d, LiveDrawing)
             for s, _ in strings(d) if s.text == "!"]
    legend_marks = [s for d in drawings(story) for s, _ in strings(d) if s.text == "!"]
    sheets = [d for d in drawings(story) if isinstance(d, LiveDrawing)]
    assert len(marks) - len(sheets) == len(unsafe)  # each sheet's legend strip has one too
    assert len(legend_marks) == len(marks) + 1


def test_open_findings_are_badges_on_what_they_are_about():
    design = design_of(FLAWED)
    ctx = ctx_of(design)
    marks = open_marks(ctx.report)
    story = topology(ctx)
    sheet = next(d for d in drawings(story) if isinstance(d, LiveDrawing))
    texts = [s.text for s, _ in strings(sheet)]
    odb = marks["odb-prod"]
    assert odb.errors > 5
    assert f"E{odb.errors}" in texts and f"W{odb.warnings}" in texts
    for zone in ("central-z1", "central-z3"):  # RED-009/RED-010 on the zones
        assert f"E{marks[zone].errors}" in texts
    link = "odb-prod--odb-dr"  # CMP-002 and THR-008 on a link
    assert marks[link].errors == 2 and texts.count("E2") >= 1


def text_of(page: Any) -> str:
    return re.sub(r"\s+", " ", page.extract_text())


@pytest.fixture(scope="module")
def flagship_pdf() -> list[Any]:
    return list(PdfReader(io.BytesIO(build_pdf(design_of(FLAGSHIP), CATALOG))).pages)


def test_sheets_are_landscape_with_the_same_furniture(flagship_pdf):
    pages = flagship_pdf
    wide = [i for i, p in enumerate(pages) if p.mediabox.width > p.mediabox.height]
    assert len(wide) >= 3 and wide == list(range(wide[0], wide[-1] + 1))
    name = design_of(FLAGSHIP).metadata.name
    for i in (wide[0] - 1, *wide, wide[-1] + 1):
        text = text_of(pages[i])
        assert name in text and f"page {i + 1} of {len(pages)}" in text
        assert "revision 3.2" in text
    assert "Topology sheet" in text_of(pages[wide[1]])
    assert pages[wide[-1] + 1].mediabox.width < pages[wide[-1] + 1].mediabox.height


def test_page_references_point_at_the_pages_that_show_them(flagship_pdf):
    pages = [text_of(p) for p in flagship_pdf]
    titled = {int(m.group(1)): i + 1 for i, t in enumerate(pages)
              for m in [re.search(r"Topology sheet (\d+) of \d+", t)] if m}
    assert len(titled) >= 2
    intro = next(t for t in pages if "The topology is drawn on" in t)
    for sheet, page in titled.items():  # the map on the section's first page
        assert re.search(rf"Topology sheet {sheet} of \d+ {page} ", intro), (sheet, page)
    overview = next(t for t in pages if "Topology overview" in t and "see p." in t)
    refs = re.findall(r"(East US zone 1|Sites and on-site components).*?see p\. (\d+)",
                      overview)
    assert len(refs) == 2
    for name, page in refs:
        assert name.split(" and")[0] in pages[int(page) - 1]
        assert "Topology sheet" in pages[int(page) - 1]
    # a box whose link ends on another sheet names that page, and it holds the other end
    detail = pages[titled[1] - 1]
    assert re.search(r"more links?: p\. \d+", detail)


def test_letter_paper_keeps_the_sheets_on_their_pages():
    """One sheet a page on US letter too (narrower, taller): an overview, then the sheets."""
    data = build_pdf(design_of(FLAGSHIP), CATALOG, paper="letter")
    pages = list(PdfReader(io.BytesIO(data)).pages)
    wide = [text_of(p) for p in pages if p.mediabox.width > p.mediabox.height]
    assert "Topology overview" in wide[0] and "see p." in wide[0]
    n = int(re.search(r"Topology sheet 1 of (\d+)", wide[1]).group(1))
    assert len(wide) == n + 1
    assert all(f"Topology sheet {i} of {n}" in t for i, t in enumerate(wide[1:], 1))


def test_a_user_catalogs_link_kinds_get_patterns_of_their_own():
    base = next(iter(CATALOG.link_kinds.values()))
    extra = {f"telemetry-{i}": base.model_copy(update={"id": f"telemetry-{i}",
                                                        "name": f"Telemetry {i}"})
             for i in range(3)}
    catalog = dataclasses.replace(CATALOG, link_kinds={**CATALOG.link_kinds, **extra})
    styles = link_styles(catalog)
    assert set(styles) == set(catalog.link_kinds)
    assert len({(s.width, s.dash, s.dots, s.double) for s in styles.values()}) == len(styles)
    names = [s.text for s, _ in strings(legend(catalog, 480, True))]
    assert all(f"Telemetry {i}" in names for i in range(3))


def test_a_design_with_nothing_placed_says_so(minimal):
    minimal["components"], minimal["links"], minimal["placement"]["sites"] = [], [], []
    story = topology(ctx_of(Design.model_validate(minimal)))
    assert len(story) == 1 and isinstance(story[0], Paragraph)
    assert "nothing to draw" in story[0].text
