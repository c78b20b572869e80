"""What the design is made of: the bill of materials, the assumptions and catalog entries the
figures rest on, and the appendix listing every component and link."""

from __future__ import annotations

from collections import Counter
from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import Flowable

from workbench.model import units

from .base import Heading, StoryContext, num, table
from .resilience import assumption_text, recovery_texts


def bill_of_materials(ctx: StoryContext) -> list[Flowable]:
    """Instances by SKU, tenancy and region, with dedicated and shared totals."""
    design, catalog = ctx.design, ctx.catalog
    bom: Counter[tuple[str, str, str]] = Counter()
    for comp in design.components:
        sku = catalog.skus[comp.sku]
        where = comp.placement.region or f"site {comp.placement.site}"
        region = next((r for r in design.placement.regions if r.id == comp.placement.region),
                      None)
        bom[(sku.id, sku.tenancy, f"{where} ({region.catalog_region})" if region else where)] \
            += comp.count
    rows: list[list[Any]] = [["SKU", "Tenancy", "Region", "Instances"]]
    for (sku_id, tenancy, where), count in sorted(bom.items()):
        rows.append([sku_id, tenancy, where, units.count(count)])
    total = sum(bom.values())
    dedicated = sum(c for (_, t, _), c in bom.items() if t == "dedicated")
    rows.append(["Total", f"{units.count(dedicated)} dedicated",
                 f"{units.count(total - dedicated)} shared", units.count(total)])
    return [table(rows, [60 * mm, 22 * mm, ctx.width - 104 * mm, 22 * mm])]


def assumptions_and_sources(ctx: StoryContext) -> list[Flowable]:
    """Each assumption with its value and basis, and the catalog entries the design uses."""
    catalog, width = ctx.catalog, ctx.width
    assert catalog.assumptions is not None
    facts = ctx.analysis.facts
    recovery = recovery_texts(facts, catalog)
    rows: list[list[Any]] = [["Assumption", "Value", "Basis"]]
    for name in type(catalog.assumptions).model_fields:
        rows.append([name.replace("_", " "),
                     recovery.get(name) or assumption_text(facts, catalog, name),
                     facts.assumption(name).basis])
    used: list[list[Any]] = [["SKU", "GRefs/s rating", "Source"]]
    for sku_id in sorted({c.sku for c in ctx.design.components}):
        sku = catalog.skus[sku_id]
        rating = catalog.grefs_rating(sku_id)
        used.append([sku_id, num(rating.value) if rating and rating.value else "-",
                     "; ".join(part for part in (rating.basis if rating else "",
                                                 f"spec: {sku.source}" if sku.source else "")
                               if part)])
    return [table(rows, [45 * mm, 34 * mm, width - 79 * mm]),
            Heading("Catalog entries used", 1),
            table(used, [45 * mm, 22 * mm, width - 67 * mm])]


def appendix_inventory(ctx: StoryContext) -> list[Flowable]:
    """Every component and every link, as the design file has them."""
    design, width = ctx.design, ctx.width
    rows: list[list[Any]] = [["Id", "Role", "SKU", "Count", "Placement", "Redundancy"]]
    for c in design.components:
        where = c.placement.site and f"site {c.placement.site}" or \
            f"{c.placement.region} {'/'.join(c.placement.zones)}".strip()
        rows.append([c.id, c.role, c.sku, units.count(c.count), where,
                     c.redundancy.mode + (f" ({c.redundancy.group})" if c.redundancy.group
                                          else "")])
    links: list[list[Any]] = [["Id", "From", "To", "Kind", "Encrypted", "PHI", "Mbit/s"]]
    phi = ctx.analysis.phi.carries
    for x in design.links:
        links.append([x.id, x.from_, x.to, x.kind, "yes" if x.encrypted else "NO",
                      "yes" if x.id in phi else "no",
                      units.number(x.bandwidth_mbps) if x.bandwidth_mbps else "-"])
    return [Heading("Components", 1),
            table(rows, [34 * mm, 30 * mm, 36 * mm, 12 * mm, 30 * mm, width - 142 * mm]),
            Heading("Links", 1),
            table(links, [44 * mm, 30 * mm, 30 * mm, 22 * mm, 16 * mm, 10 * mm,
                          width - 152 * mm])]
