"""What the topology pages show, before any geometry: boxes (a component, a site, or on the
overview a whole zone with its components counted by role), the containers they sit in (areas:
the regions and the clinical sites; units: a region's zones and its region-wide column), the
links between boxes by kind, and the open findings on each element. Pure: no reportlab."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Literal

from catalogs import Catalog
from validators.report import Report
from workbench.model.autolayout import TIER_ORDER, column_of
from workbench.model.design import Component, Design, Link, Region

Style = Literal["dedicated", "shared", "site", "group"]
SITES, UNPLACED = "sites", "unplaced"


@dataclass(frozen=True)
class Marks:
    """Open (not waived) errors and warnings on an element, a box or a link."""

    errors: int = 0
    warnings: int = 0

    def __add__(self, other: Marks) -> Marks:
        return Marks(self.errors + other.errors, self.warnings + other.warnings)


@dataclass(frozen=True)
class Box:
    """One box of a drawing. ``members`` are the elements it stands for (itself, or every
    component of a zone on the overview); ``lines`` are (text, tenancy mark or None)."""

    key: str
    title: str
    lines: tuple[tuple[str, Style | None], ...]
    style: Style
    tier: str | None = None
    marks: Marks = Marks()
    members: tuple[str, ...] = ()
    role: str | None = None


@dataclass(frozen=True)
class Edge:
    """Links of one kind between two boxes (one link on a detail sheet, every link of that
    kind between two zones on the overview)."""

    a: str
    b: str
    kind: str
    count: int = 1
    unsafe: int = 0  # how many carry PHI unencrypted
    marks: Marks = Marks()


@dataclass
class Unit:
    """A column of the canvas: a zone, a region's region-wide column, or the sites."""

    key: str
    title: str
    area: str
    boxes: list[Box] = field(default_factory=list)
    marks: Marks = Marks()


@dataclass
class Area:
    """A region, the clinical sites, or what is placed nowhere known."""

    key: str
    title: str
    units: list[Unit]
    marks: Marks = Marks()


@dataclass(frozen=True)
class Topology:
    """The areas with their boxes, and the edges between boxes."""

    areas: list[Area]
    edges: list[Edge]


def open_marks(report: Report) -> dict[str, Marks]:
    """Open errors and warnings by element id (component, site, link, zone, region)."""
    out: dict[str, Marks] = {}
    for finding in report.findings:
        if finding.waived or finding.severity not in ("error", "warning"):
            continue
        mark = Marks(1, 0) if finding.severity == "error" else Marks(0, 1)
        for target in set(finding.targets):
            out[target] = out.get(target, Marks()) + mark
    return out


def unsafe_link(link: Link, catalog: Catalog) -> bool:
    """PHI travelling unencrypted: the link's own flag wins over its kind's."""
    kind = catalog.link_kinds.get(link.kind)
    phi = link.carries_phi if link.carries_phi is not None else bool(kind and kind.carries_phi)
    return phi and not link.encrypted


def _tier_rank(tier: str | None) -> int:
    return TIER_ORDER.index(tier) if tier in TIER_ORDER else len(TIER_ORDER)


def _skeleton(design: Design, marks: dict[str, Marks]) -> list[Area]:
    """Regions (their zones, then the region-wide column), then the sites, then the rest."""
    areas = [_region_area(region, marks) for region in design.placement.regions]
    areas.append(Area(SITES, "Clinical sites", [Unit(SITES, "Sites and on-site components",
                                                       SITES)]))
    areas.append(Area(UNPLACED, "Not placed in a known region or site",
                      [Unit(UNPLACED, "Unplaced", UNPLACED)]))
    return areas


def _region_area(region: Region, marks: dict[str, Marks]) -> Area:
    units = [Unit(z.id, z.name or (f"Zone {z.catalog_zone}" if z.catalog_zone else z.id),
                  region.id, marks=marks.get(z.id, Marks())) for z in region.zones]
    units.append(Unit(region.id, "Region-wide", region.id))
    title = f"{region.name or region.id} ({region.catalog_region})"
    return Area(region.id, title, units, marks.get(region.id, Marks()))


def _unit_of(design: Design) -> dict[str, str]:
    """The unit each component is drawn in (see ``column_of``)."""
    known = {r.id for r in design.placement.regions} | \
        {z.id for r in design.placement.regions for z in r.zones}
    sites = {s.id for s in design.placement.sites}
    out = {}
    for comp in design.components:
        col = column_of(comp)
        if comp.placement.site in sites:
            out[comp.id] = SITES
        else:
            out[comp.id] = col if col in known else UNPLACED
    return out


def _ordered(design: Design, catalog: Catalog) -> list[Component]:
    """Components by tier, from the network edge down to backups as on the canvas; within a
    tier as the canvas has them (top to bottom), then by id with its numbers in order
    (``pool-2`` before ``pool-10``)."""
    pos = design.layout.positions

    def key(comp: Component) -> tuple[int, float, float, list[tuple[int, str]]]:
        role = catalog.roles.get(comp.role)
        p = pos.get(comp.id)
        return (_tier_rank(role.tier if role else None), p.y if p else float("inf"),
                p.x if p else 0.0, _natural(comp.id))

    return sorted(design.components, key=key)


def _natural(text: str) -> list[tuple[int, str]]:
    return [(int(part), "") if part.isdigit() else (-1, part)
            for part in re.split(r"(\d+)", text) if part]


def _component_box(comp: Component, catalog: Catalog, marks: dict[str, Marks]) -> Box:
    sku, role = catalog.skus.get(comp.sku), catalog.roles.get(comp.role)
    style: Style = "dedicated" if sku and sku.tenancy == "dedicated" else "shared"
    detail = f"{comp.sku} \u00d7 {comp.count}"
    lines = ((f"{comp.id} \u00b7 {detail}" if comp.name else detail, style),)
    return Box(comp.id, comp.name or comp.id, lines, style, role.tier if role else None,
               marks.get(comp.id, Marks()), (comp.id,), comp.role)


def detail_topology(design: Design, catalog: Catalog, report: Report) -> Topology:
    """Every component and site as a box, every link as an edge."""
    marks = open_marks(report)
    areas = _skeleton(design, marks)
    units = {u.key: u for a in areas for u in a.units}
    unit_of = _unit_of(design)
    on_site: dict[str, list[Component]] = {}
    for comp in _ordered(design, catalog):
        if unit_of[comp.id] == SITES:
            on_site.setdefault(comp.placement.site or "", []).append(comp)
        else:
            units[unit_of[comp.id]].boxes.append(_component_box(comp, catalog, marks))
    for site in design.placement.sites:
        users = f"{site.concurrent_users:,} users" if site.concurrent_users else "no users"
        units[SITES].boxes.append(Box(site.id, site.name or site.id,
                                      ((f"{site.id} \u00b7 {site.kind}, {users}", None),),
                                      "site", None, marks.get(site.id, Marks()), (site.id,)))
        units[SITES].boxes += [_component_box(c, catalog, marks)
                               for c in on_site.get(site.id, [])]
    boxes = {b.key for u in units.values() for b in u.boxes}
    edges = [Edge(link.from_, link.to, link.kind, 1, int(unsafe_link(link, catalog)),
                  marks.get(link.id, Marks()))
             for link in design.links
             if link.from_ in boxes and link.to in boxes and link.from_ != link.to]
    return Topology(areas, edges)


def overview_topology(detail: Topology, catalog: Catalog) -> Topology:
    """One box per unit (zone, region-wide column, sites) counting its components by role, and
    the detail's edges summed by kind between units."""
    areas, owner = [], {}
    for area in detail.areas:
        units = []
        for unit in area.units:
            if unit.key in (SITES, UNPLACED) and not unit.boxes:
                continue
            for box in unit.boxes:
                owner[box.key] = unit.key
            units.append(Unit(unit.key, unit.title, unit.area, [_group_box(unit, catalog)],
                              unit.marks))
        if units:
            areas.append(Area(area.key, area.title, units, area.marks))
    return Topology(areas, _aggregate(detail.edges, owner))


def _group_box(unit: Unit, catalog: Catalog) -> Box:
    """A unit as one box: its components counted by role (tier order), the site count."""
    sites = [b for b in unit.boxes if b.style == "site"]
    comps = [b for b in unit.boxes if b.style != "site"]
    by_role: Counter[tuple[int, str, Style]] = Counter()
    for box in comps:
        role = catalog.roles.get(box.role or "")
        by_role[(_tier_rank(box.tier), role.name if role else box.role or "?", box.style)] += 1
    lines: list[tuple[str, Style | None]] = []
    if sites:
        lines.append((f"{len(sites)} site{'s' if len(sites) > 1 else ''}", "site"))
    lines += [(f"{n} \u00d7 {name}", style) for (_, name, style), n in sorted(by_role.items())]
    if not lines:
        lines.append(("no components", None))
    marks = sum((b.marks for b in unit.boxes), unit.marks)
    return Box(unit.key, unit.title, tuple(lines), "group", None, marks,
               tuple(b.key for b in unit.boxes))


def _aggregate(edges: list[Edge], owner: dict[str, str]) -> list[Edge]:
    """Edges between different units, summed by (unit pair, kind), in first-seen order."""
    out: dict[tuple[str, str, str], Edge] = {}
    for e in edges:
        a, b = owner.get(e.a), owner.get(e.b)
        if a is None or b is None or a == b:
            continue
        lo, hi = sorted((a, b))
        key = (lo, hi, e.kind)
        old = out.get(key, Edge(lo, hi, e.kind, 0))
        out[key] = Edge(old.a, old.b, e.kind, old.count + e.count, old.unsafe + e.unsafe,
                        old.marks + e.marks)
    return list(out.values())
