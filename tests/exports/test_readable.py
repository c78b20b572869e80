"""Numbers a person reads (issue 13, point 4), through the front door: every sample built with
build_pdf and read back with pypdf. No exponent or float noise, no identifier cut inside a
word, a short capacity section on a thousand components, a component's own recovery figures
shown where they are used, catalog sources as links, no table leaving a row alone on a page."""

from __future__ import annotations

import io
import re

import pytest
from pypdf import PdfReader
from reportlab.graphics.shapes import Group, Line, Rect, String
from reportlab.lib.pagesizes import A4
from reportlab.platypus import SimpleDocTemplate, Spacer

from benchmarks.synthetic import synthetic_design
from catalogs import load_catalog
from exports import cells, chart_data, pdf_charts
from exports.document import build_pdf
from exports.sections.base import table
from exports.sections.capacity import carried, per_instance
from tests.conftest import FLAGSHIP, SAMPLE_FILES
from validators.engine import validate
from workbench.analysis.run import analyse
from workbench.model.design import Design
from workbench.model.io import load_design

CATALOG = load_catalog(use_setting=False)
# float noise and exponents: "1.2e+07", "5e-05", "0.333333", "66.666667", seven decimals
# (an exponent only in a number of its own: the cover's SHA-256 fingerprint holds "8e0")
ARTEFACTS = re.compile(r"(?<![\w.])\d+(?:\.\d+)?[eE][+-]?\d+(?!\w)|\.\d*([1-8])\1{4,}"
                       r"|\d\.\d{7,}")


def design_of(path) -> Design:  # type: ignore[no-untyped-def]
    return load_design(path, CATALOG).design


@pytest.fixture(scope="module")
def samples() -> dict[str, tuple[Design, bytes]]:
    out = {}
    for path in SAMPLE_FILES:
        design = design_of(path)
        out[path.stem] = (design, build_pdf(design, CATALOG))
    return out


def text_of(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def flat(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def test_the_artefact_pattern_finds_what_the_issue_saw():
    for bad in ("RPO 0.333333 min", "1.2e+07", "5e+07", "5e-05", "66.666667 %", "0.1000000"):
        assert ARTEFACTS.search(bad), bad
    for good in ("20 s", "12 M", "99.999975 %", "99.9899 %", "2015.1", "97,222", "Xeon E7 v2",
                 "05208e030ed6"):
        assert not ARTEFACTS.search(good), good


def test_no_exponent_or_float_noise_in_any_sample(samples):
    for name, (_, data) in samples.items():
        found = [m.group(0) for m in ARTEFACTS.finditer(text_of(data))]
        assert not found, f"{name}: {found}"


def test_the_flagship_reads_as_a_person_writes(samples):
    text = flat(text_of(samples["academic-medical-center-ali"][1]))
    # losing the region promotes odb-dr: its own 20 s of lag is the RPO, its 45 min the RTO
    assert re.search(r"lose region east 100 % 20 s 45 min odb-prod-a -> odb-dr", text)
    assert "shared tenancy grefs ceiling 12 M GRefs/s" in text  # was 1.2e+07
    assert "platform grefs ceiling 50 M GRefs/s" in text  # was 5e+07
    assert "database 2 1 99.9899 % pair" in text  # was 99.989900 %
    assert "presentation 25,000 users 38,400 users 65.1 %" in text  # exact counts of users


def test_a_scenario_that_serves_nothing_says_so(samples):
    text = flat(text_of(samples["flawed-design"][1]))
    assert "lose zone central-z1 of central cannot serve peak 30 s unbounded" in text
    assert not re.search(r"\b0 ?%", text.split("Failure scenarios")[-1].split("Compliance")[0])


# ---------------------------------------------------------------------------- whole words
def identifiers(design: Design) -> set[str]:
    ids = {c.id for c in design.components} | {x.id for x in design.links}
    ids |= {c.role for c in design.components} | {c.sku for c in design.components}
    ids |= {s.id for s in design.placement.sites}
    for region in design.placement.regions:
        ids |= {region.id, region.catalog_region} | {z.id for z in region.zones}
    return ids


def cuts(text: str, ids: set[str]) -> list[str]:
    """Identifiers broken across lines anywhere but after a hyphen: a word at the end of a
    line and the word starting the next that together make an identifier."""
    text = re.sub(r"[ \t]*\n[ \t]*", "\n", text)
    pairs = re.finditer(r"(?=(?<![\w.-])([\w.-]+)\n([\w.-]+)(?![\w.-]))", text)
    return [f"{m[1]}|{m[2]}" for m in pairs
            if m[1] + m[2] in ids and not m[1].endswith("-")]


def test_the_cut_check_finds_a_cut_word():
    assert cuts("role\nhyperspace-presentatio\nn\nsku", {"hyperspace-presentation"}) == \
        ["hyperspace-presentatio|n"]
    assert cuts("hyperspace-\npresentation", {"hyperspace-presentation"}) == []
    assert cuts("Evergreen Hospital\nbca-pc", {"lb"}) == []  # words, not letters


def test_no_identifier_is_cut_inside_a_word(samples):
    for name, (design, data) in samples.items():
        assert not cuts(text_of(data), identifiers(design)), name


def test_a_long_identifier_breaks_after_a_hyphen_only():
    measure = cells.measure_with(cells_style())
    words = ["lose", "hyperspace-presentation-east-z1"]
    width = measure("presentation-east-") + 0.5
    assert measure("lose hyperspace-") <= width < measure("presentation-east-z1")
    lines = [" ".join("".join(words[i][a:b] for i, a, b in line if i == j)
                      for j in dict.fromkeys(i for i, _, _ in line))
             for line in cells.wrap(words, width, measure)]
    assert lines == ["lose hyperspace-", "presentation-east-", "z1"]
    assert cells.wrap(["abcdefghij"], 1.0, measure) == [[(0, 0, 10)]]  # alone, not cut


def cells_style():  # type: ignore[no-untyped-def]
    from exports.sections.base import CELL
    return CELL


def test_columns_widen_from_those_with_room_to_spare():
    # 20 short of what its widest word needs; 40 + 30 to spare elsewhere, given 4:3
    assert cells.fit_widths([50, 100, 80], [70, 60, 50]) == pytest.approx(
        [70, 100 - 20 * 40 / 70, 80 - 20 * 30 / 70])
    assert cells.fit_widths([50, 100], [40, 60]) == [50, 100]  # every word fits already
    # a word wider than 45 % of the table is not given its width: it breaks at hyphens
    assert cells.fit_widths([50, 150], [190, 10])[0] == pytest.approx(0.45 * 200)


# ---------------------------------------------------------------------------- capacity
def test_capacity_of_a_thousand_components_fits_on_three_pages():
    data = build_pdf(synthetic_design(1000), CATALOG)
    reader = PdfReader(io.BytesIO(data))
    starts = {item.title: reader.get_destination_page_number(item) for item in reader.outline
              if not isinstance(item, list)}
    titles = list(starts)
    following = titles[titles.index("Capacity") + 1]
    assert starts[following] - starts["Capacity"] <= 3
    text = flat(text_of(data))
    assert "ecp-1, ecp-11, ecp-21 and 96 more" in text  # 99 alike pools: one row


def test_the_flagships_derivation_is_still_printed(samples):
    text = flat(text_of(samples["academic-medical-center-ali"][1]))
    assert "odb-prod-a, odb-prod-b: 7,000,000 GRefs/s (estimated as 224 cores x 97,222 " \
           "GRefs/s per core" in text
    assert "Band: low x 0.85 (workload mix), high x 1.1 (bare metal)" in text
    assert "azure-e64bds-v5: 3.78 M GRefs/s an instance (band 2.38 M to 4.16 M) = " \
           "4,200,000 x 0.9 shared-tenancy derating" in text
    assert "ecp-east-z1, ecp-east-z2 azure-e64bds-v5 24 3.78 M 90.7 M" in text
    assert "citrix-east-z1, citrix-east-z2, citrix-east-z3 azure-e32ds-v5 480 80 38,400" in text


@pytest.mark.parametrize("design", [*(design_of(p) for p in SAMPLE_FILES),
                                    synthetic_design(300)], ids=lambda d: d.metadata.name)
def test_the_compact_table_adds_up_to_the_tier(design):
    analysis = analyse(design, CATALOG, design.metadata.effective_date)
    for t in analysis.capacity.tiers.values():
        if t.tier == "database":
            continue
        total = 0.0
        for comp, carrying in carried(analysis.facts, t):
            q = per_instance(analysis.facts, t, comp)
            total += carrying * (q.value if q else 0.0)
        assert total == pytest.approx(t.capacity), t.tier


# ---------------------------------------------------------------------------- overrides
def test_a_components_own_recovery_figures_are_shown_where_used(samples):
    text = flat(text_of(samples["academic-medical-center-ali"][1]))
    lag = "30 s (catalog); 20 s on odb-dr (design)"
    rto = "1 h (catalog); 45 min on odb-dr (design)"
    resilience = text.split("Recovery figures the scenarios use")[1].split("Scenario")[0]
    assumptions = text.split("Assumptions and catalog sources")[-1]
    assert lag in resilience and rto in resilience
    assert f"async replication lag seconds {lag}" in assumptions
    assert f"dr promotion rto minutes {rto}" in assumptions
    # the community sample's DR member states the catalog's own figures: nothing to show
    community = flat(text_of(samples["community-hospital-shared"][1]))
    assert "(design)" not in community


def test_a_design_policy_figure_says_what_it_replaces():
    design = design_of(FLAGSHIP)
    design.policy.assumptions["async_replication_lag_seconds"] = 90
    text = flat(text_of(build_pdf(design, CATALOG)))
    assert "1 min 30 s (design policy; catalog 30 s); 20 s on odb-dr (design)" in text


# ---------------------------------------------------------------------------- links
def uris(data: bytes) -> set[str]:
    found = set()
    for page in PdfReader(io.BytesIO(data)).pages:
        for annot in page.get("/Annots") or []:
            action = annot.get_object().get("/A")
            if action is not None and "/URI" in action:
                found.add(str(action["/URI"]))
    return found


def test_catalog_sources_are_links(samples):
    design, data = samples["academic-medical-center-ali"]
    expected = set()
    for sku in {c.sku for c in design.components}:
        source = CATALOG.skus[sku].source or ""
        expected |= {cells.href(m.group(0)) for m in cells.URL.finditer(source)}
    assert "https://learn.microsoft.com/azure/azure-large-instances/workloads/epic" in expected
    assert expected <= uris(data)


def test_the_address_pattern_leaves_dotted_names_alone():
    assert [m.group(0) for m in cells.URL.finditer(
        "see policy.compliance.baa_scope_confirmed, ctx.design.components and "
        "(learn.microsoft.com/azure/virtual-machines/disks-types#ultra-disks).")] == \
        ["learn.microsoft.com/azure/virtual-machines/disks-types#ultra-disks"]


# ---------------------------------------------------------------------------- lone rows
def rows_per_page(n: int, before: float = 0.0) -> list[int]:
    """Body rows of an n-row table on each page of a small document, after ``before`` points
    of other content on the first page."""
    buf = io.BytesIO()
    doc = SimpleDocTemplate(buf, pagesize=(300, 160), topMargin=10, bottomMargin=10,
                            leftMargin=10, rightMargin=10)
    rows = [["Row", "Value"]] + [[f"row{i:03d}", f"{i}"] for i in range(n)]
    doc.build([Spacer(1, before), table(rows, [120, 120])])
    return [len(re.findall(r"row\d{3}", page.extract_text()))
            for page in PdfReader(io.BytesIO(buf.getvalue())).pages]


def test_no_table_leaves_one_row_alone_on_a_page():
    per_page = rows_per_page(40)[0]
    assert 4 <= per_page < 20
    for before in (0.0, 20.0, 45.0):
        for n in range(3, 2 * per_page + 3):
            counts = [c for c in rows_per_page(n, before) if c]
            assert sum(counts) == n
            assert all(c >= 2 for c in counts), (before, n, counts)


def test_a_short_table_is_kept_whole():
    # two rows of four would fit under the spacer: the table moves to the next page whole
    before = 80.0
    assert rows_per_page(40, before)[0] in (2, 3)
    assert rows_per_page(4, before) == [0, 4]


def test_rows_too_tall_to_keep_together_still_split():
    """Two rows of 40 lines do not fit an A4 page together: kept together, the table could
    not be laid out at all."""
    buf = io.BytesIO()
    rows = [["Row", "Text"]] + [[f"row{i:03d}", "\n".join(["line"] * 40)] for i in range(5)]
    SimpleDocTemplate(buf, pagesize=A4).build([table(rows, [120, 300])])
    assert sum(len(re.findall(r"row\d{3}", page.extract_text()))
               for page in PdfReader(io.BytesIO(buf.getvalue())).pages) == 5


# ---------------------------------------------------------------------------- charts
def _shapes(node):  # type: ignore[no-untyped-def]
    """Every shape of a drawing, its groups opened."""
    for item in getattr(node, "contents", []):
        yield from _shapes(item) if isinstance(item, Group) else [item]


def test_a_bar_of_nothing_is_still_drawn(samples):
    design = samples["flawed-design"][0]
    analysis = validate(design, CATALOG, as_of=design.metadata.effective_date).analysis
    served = [s.served_pct for s in analysis.scenarios.scenarios if s.kind in ("zone", "region")]
    assert 0.0 in served
    shapes = list(_shapes(pdf_charts.scenario_chart(analysis, 400)))
    bars = [s for s in shapes if isinstance(s, Rect) and s.fillColor is not None]
    axis = max((s for s in shapes if isinstance(s, Line) and s.y1 == s.y2),
               key=lambda s: s.x2 - s.x1)  # the bottom of the frame: 0 to 110 %
    assert len(bars) == len(served)
    assert min(bar.width for bar in bars) >= 0.01 * (axis.x2 - axis.x1) - 1e-9
    labels = [s.text for s in shapes if isinstance(s, String)]
    assert labels.count("cannot serve peak") == served.count(0.0)


def test_zero_values_get_a_stub():
    assert chart_data.visible([0.0, 50.0, 0.5], 110.0) == [1.1, 50.0, 1.1]


def test_chart_ticks_are_round_numbers():
    assert pdf_charts.nice_ticks(0.0, 110.0, 9) == [0, 20, 40, 60, 80, 100]
    assert pdf_charts.nice_ticks(0.0, 220.0, 9) == [0, 25, 50, 75, 100, 125, 150, 175, 200]
    assert pdf_charts.nice_ticks(20.7, 103.8, 9) == [30, 40, 50, 60, 70, 80, 90, 100]
