"""Automatic layout: every element inside its container, tiers in layers (no Qt).

Sites sit in a row at the top with their on-site components below them; each region is a
box of zone columns plus a column for regional (zoneless or multi-zone) components; inside a
column components are stacked by tier, from the network edge down to backups, so that the
clinical path reads top to bottom.
"""

from __future__ import annotations

from catalogs import Catalog

from .design import Component, Design, Position

NODE_W, NODE_H = 190.0, 70.0
GAP, PAD, HEADER = 20.0, 20.0, 30.0  # multiples of the canvas grid (10)
TIER_ORDER = ["network", "presentation", "web", "application", "integration", "database",
              "reporting", "analytics", "continuity", "utility", "security", "backup"]


def _tier_rank(comp: Component, catalog: Catalog) -> tuple[int, str]:
    role = catalog.roles.get(comp.role)
    tier = role.tier if role else "utility"
    rank = TIER_ORDER.index(tier) if tier in TIER_ORDER else len(TIER_ORDER)
    return rank, comp.id


def column_of(comp: Component) -> str | None:
    """The container column a component is drawn in: its zone, or its region when it has no
    zone or several."""
    if comp.placement.site:
        return None
    if len(comp.placement.zones) == 1:
        return comp.placement.zones[0]
    return comp.placement.region


def auto_layout(design: Design, catalog: Catalog) -> dict[str, Position]:
    pos: dict[str, Position] = {}
    x = PAD
    on_site: dict[str, list[Component]] = {}
    for comp in design.components:
        if comp.placement.site:
            on_site.setdefault(comp.placement.site, []).append(comp)
    site_rows = max((len(v) for v in on_site.values()), default=0)
    for site in design.placement.sites:
        pos[site.id] = Position(x=x, y=PAD)
        for i, comp in enumerate(sorted(on_site.get(site.id, []), key=lambda c: c.id)):
            pos[comp.id] = Position(x=x, y=PAD + (i + 1) * (NODE_H + GAP))
        x += NODE_W + GAP
    top = PAD + (site_rows + 1) * (NODE_H + GAP) + 2 * GAP
    columns: dict[str, list[Component]] = {}
    for comp in design.components:
        col = column_of(comp)
        if col is not None:
            columns.setdefault(col, []).append(comp)
    rx = PAD
    for region in design.placement.regions:
        ids = [z.id for z in region.zones] + [region.id]
        rows = max((len(columns.get(i, [])) for i in ids), default=0)
        inner_h = HEADER + max(1, rows) * (NODE_H + GAP) + GAP
        col_w = NODE_W + 2 * PAD
        for i, cid in enumerate(ids):
            cx = rx + PAD + i * (col_w + GAP)
            if cid != region.id:
                pos[cid] = Position(x=cx, y=top + HEADER, w=col_w, h=inner_h)
            members = sorted(columns.get(cid, []), key=lambda c: _tier_rank(c, catalog))
            for k, comp in enumerate(members):
                pos[comp.id] = Position(x=cx + PAD, y=top + 2 * HEADER + k * (NODE_H + GAP))
        width = 2 * PAD + len(ids) * (col_w + GAP) - GAP
        pos[region.id] = Position(x=rx, y=top, w=width, h=inner_h + HEADER + PAD)
        rx += width + 3 * GAP
    return pos
