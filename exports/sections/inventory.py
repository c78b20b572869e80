"""What the design is made of: the bill of materials, the assumptions and catalog entries the
figures rest on, and the appendix listing every component and link."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import Flowable

from workbench.analysis.cost import CostLine
from workbench.model import units

from .base import E, Heading, P, StoryContext, num, table
from .resilience import assumption_text, recovery_texts


def bill_of_materials(ctx: StoryContext) -> list[Flowable]:
    """Instances by SKU, tenancy and region with their monthly list price, dedicated and
    shared totals; then what the design costs, line by line, with sources and exclusions."""
    design, catalog = ctx.design, ctx.catalog
    cost = ctx.analysis.cost
    monthly = {x.element: x.monthly for x in cost.lines if x.what in ("compute", "network")}
    bom: Counter[tuple[str, str, str]] = Counter()
    money: dict[tuple[str, str, str], Decimal | None] = {}
    for comp in design.components:
        sku = catalog.skus[comp.sku]
        where = comp.placement.region or f"site {comp.placement.site}"
        region = next((r for r in design.placement.regions if r.id == comp.placement.region),
                      None)
        key: tuple[str, str, str] = (
            sku.id, sku.tenancy, f"{where} ({region.catalog_region})" if region else where)
        bom[key] += comp.count
        if sku.category != "storage-service":  # priced by what it stores, below
            before, price = money.get(key, Decimal(0)), monthly.get(comp.id)
            money[key] = None if before is None or price is None else before + price
    rows: list[list[Any]] = [["SKU", "Tenancy", "Region", "Instances", "Monthly"]]
    for key, count in sorted(bom.items()):
        amount = money.get(key, Decimal(0))
        rows.append([*key, units.count(count), "-" if key not in money else
                     "not priced" if amount is None else units.money(amount)])
    total = sum(bom.values())
    dedicated = sum(c for (_, t, _), c in bom.items() if t == "dedicated")
    rows.append(["Total", f"{units.count(dedicated)} dedicated",
                 f"{units.count(total - dedicated)} shared", units.count(total),
                 units.money(sum((m for m in money.values() if m), Decimal(0)))])
    return [table(rows, [56 * mm, 20 * mm, ctx.width - 118 * mm, 20 * mm, 22 * mm]),
            Heading("Cost", 1), *cost_story(ctx)]


def cost_story(ctx: StoryContext) -> list[Flowable]:
    """The design's cost: the totals, a line per priced item by tier, sources, exclusions."""
    cost = ctx.analysis.cost
    years = cost.horizon_years
    out: list[Flowable] = [P(
        f"<b>{units.money(cost.monthly_cost)} a month, {units.money(cost.horizon_cost)} over "
        f"{years} year{'s' if years != 1 else ''}</b> at list prices ({E(cost.commitment)}, "
        f"{E(cost.currency)}). Compute, gateways and on-premises equipment stay as designed; "
        f"storage, backup and replication traffic grow {units.number(float(cost.growth_pct))} "
        "% a year with demand. Figures marked * are assumptions; override any price with a "
        "price file in your catalog folder.")]
    sources: dict[str, int] = {}
    rows: list[list[Any]] = [["Tier", "Item", "What", "Quantity", "Unit price", "Monthly",
                              "Src"]]
    for tier, lines in _by_tier(cost.lines).items():
        for (item, what, unit, price, basis), (quantity, amount) in lines.items():
            ref = sources.setdefault(basis, len(sources) + 1)
            rows.append([tier, item, what, f"{units.number(float(quantity))} "
                         f"{_SHORT.get(unit, unit)}",
                         units.unit_price(price) + ("*" if basis.startswith("assumption")
                                                    else ""), units.money(amount), str(ref)])
        rows.append(["", f"{tier} subtotal", "", "", "", units.money(cost.by_tier[tier]), ""])
    rows.append(["Total", "", "", "", "", units.money(cost.monthly_cost), ""])
    out.append(table(rows, [22 * mm, ctx.width - 144 * mm, 30 * mm, 30 * mm, 20 * mm,
                            22 * mm, 10 * mm]))
    out += [Heading("Where the prices come from", 1),
            table([["Src", "Source, or the assumption and why (with the date)"],
                   *[[str(n), basis] for basis, n in sources.items()]],
                  [10 * mm, ctx.width - 10 * mm])]
    out += [P("<b>Not included.</b> " + "; ".join(E(x) for x in cost.excluded) + ".",
              "Small")]
    if cost.notes:
        out.append(P("<b>Notes.</b> " + "; ".join(E(n) for n in cost.notes) + ".", "Small"))
    return out


_SHORT = {"instance-hours": "h", "instance-months": "months", "GB-months": "GB-mo",
          "IOPS-months": "IOPS-mo", "MBps-months": "MB/s-mo"}


def _by_tier(lines: Iterable[CostLine]) -> dict[str, dict[tuple[str, str, str, Decimal, str],
                                                            tuple[Decimal, Decimal]]]:
    """Lines of the same item, what, unit price and basis added up, by tier."""
    out: dict[str, dict[tuple[str, str, str, Decimal, str], tuple[Decimal, Decimal]]] = {}
    for x in sorted(lines, key=lambda x: (x.tier, x.item, x.what)):
        key = (x.item, x.what, x.unit, x.unit_price, x.basis)
        quantity, amount = out.setdefault(x.tier, {}).get(key, (Decimal(0), Decimal(0)))
        out[x.tier][key] = (quantity + x.quantity, amount + x.monthly)
    return out


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
