"""Cross-reference checks run on load: ids are unique and everything named exists.

Each problem names the offending value and, where one is close, the nearest valid value.
These are integrity errors that stop a file from loading; design *rules* (DSN-, THR-, ...)
are the validators' business and report findings instead.
"""

from __future__ import annotations

from collections.abc import Iterable

from catalogs import Catalog, suggest
from catalogs.errors import format_path
from catalogs.models import Assumptions, Sku

from . import units
from .design import Component, Design, Region, Site, Variant
from .variants import VariantConflict, applied

Path_ = tuple[str | int, ...]
Issue = tuple[Path_, str]


def element_ids(design: Design) -> dict[str, Path_]:
    """Every element id with the path where it is declared (first declaration wins)."""
    out: dict[str, Path_] = {}
    for path, element_id in _declared(design):
        out.setdefault(element_id, path)
    return out


def _declared(design: Design) -> Iterable[tuple[Path_, str]]:
    for r, region in enumerate(design.placement.regions):
        yield ("placement", "regions", r, "id"), region.id
        for z, zone in enumerate(region.zones):
            yield ("placement", "regions", r, "zones", z, "id"), zone.id
        for g, group in enumerate(region.proximity_groups):
            yield ("placement", "regions", r, "proximity_groups", g, "id"), group.id
    for s, site in enumerate(design.placement.sites):
        yield ("placement", "sites", s, "id"), site.id
    for c, comp in enumerate(design.components):
        yield ("components", c, "id"), comp.id
    for i, link in enumerate(design.links):
        yield ("links", i, "id"), link.id


def new_issues(before: Design, after: Design, catalog: Catalog) -> list[Issue]:
    """Problems ``after`` has that ``before`` had not: an edit that would make a file the
    loader refuses is refused where it is made, with the loader's own message."""
    known = {message for _, message in check_references(before, catalog)}
    return [(path, message) for path, message in check_references(after, catalog)
            if message not in known]


def _unknown(what: str, value: str, choices: Iterable[str]) -> str:
    return f"unknown {what} '{value}'{suggest(value, choices)}"


def check_references(design: Design, catalog: Catalog) -> list[Issue]:
    issues: list[Issue] = []
    first: dict[str, Path_] = {}
    for path, element_id in _declared(design):
        if element_id in first:
            where = ".".join(str(p) if isinstance(p, str) else f"[{p}]"
                             for p in first[element_id][:-1]).replace(".[", "[")
            issues.append((path, f"duplicate id '{element_id}' (already used by {where})"))
        else:
            first[element_id] = path

    regions = {r.id: r for r in design.placement.regions}
    sites = {s.id: s for s in design.placement.sites}
    components = {c.id: c for c in design.components}

    for r, region in enumerate(design.placement.regions):
        base: Path_ = ("placement", "regions", r)
        cat_region = catalog.regions.get(region.catalog_region)
        if cat_region is None:
            issues.append(((*base, "catalog_region"),
                           _unknown("catalog region", region.catalog_region, catalog.regions)))
        zone_ids = {z.id for z in region.zones}
        for z, zone in enumerate(region.zones):
            if cat_region is not None and zone.catalog_zone is not None \
                    and zone.catalog_zone not in cat_region.zones:
                offered = ", ".join(cat_region.zones) or "none"
                issues.append(((*base, "zones", z, "catalog_zone"),
                               f"region {cat_region.id} has no zone '{zone.catalog_zone}' "
                               f"(zones: {offered})"))
        for g, group in enumerate(region.proximity_groups):
            if group.zone is not None and group.zone not in zone_ids:
                issues.append(((*base, "proximity_groups", g, "zone"),
                               _unknown(f"zone in region '{region.id}'", group.zone, zone_ids)))

    for c, comp in enumerate(design.components):
        base = ("components", c)
        if comp.role not in catalog.roles:
            issues.append(((*base, "role"), _unknown("role", comp.role, catalog.roles)))
        sku = catalog.skus.get(comp.sku)
        if sku is None:
            issues.append(((*base, "sku"), _unknown("SKU", comp.sku, catalog.skus)))
        issues.extend(_check_placement(comp, base, regions, sites, catalog, sku))
        if comp.storage is not None:
            tier = catalog.storage_tiers.get(comp.storage.tier)
            if tier is None:
                issues.append(((*base, "storage", "tier"),
                               _unknown("storage tier", comp.storage.tier,
                                        catalog.storage_tiers)))
        log_store = comp.security.log_store
        if log_store is not None and log_store not in components:
            issues.append(((*base, "security", "log_store"),
                           _unknown("component", log_store, components)))

    sizing = design.requirements.sizing
    for role in sizing.servers if sizing is not None else {}:
        if role not in catalog.roles:
            issues.append((("requirements", "sizing", "servers", role),
                           _unknown("role", role, catalog.roles)))

    endpoints = set(components) | set(sites)
    for i, link in enumerate(design.links):
        base = ("links", i)
        for end, value in (("from", link.from_), ("to", link.to)):
            if value not in endpoints:
                text = _unknown("component or site", value, endpoints)
                issues.append(((*base, end), f"link end {text}"))
        if link.kind not in catalog.link_kinds:
            issues.append(((*base, "kind"), _unknown("link kind", link.kind,
                                                     catalog.link_kinds)))
        if link.from_ == link.to:
            issues.append(((*base, "to"), f"a link cannot join '{link.to}' to itself"))

    every_id = set(first)
    for w, waiver in enumerate(design.waivers):
        if waiver.target != "design" and waiver.target not in every_id:
            issues.append((("waivers", w, "target"),
                           _unknown("waiver target", waiver.target, every_id | {"design"})))
    for n, risk in enumerate(design.risks):
        if risk.target is not None and risk.target != "design" and risk.target not in every_id:
            issues.append((("risks", n, "target"),
                           _unknown("risk target", risk.target, every_id | {"design"})))
    for n, comment in enumerate(design.reviews.comments):
        if comment.target is not None and comment.target not in every_id:
            issues.append((("reviews", "comments", n, "target"),
                           _unknown("comment target", comment.target, every_id)))
    for section, ids in (("decisions", [d.id for d in design.decisions]),
                         ("risks", [r.id for r in design.risks])):
        for n, record_id in enumerate(ids):
            if record_id in ids[:n]:
                issues.append(((section, n, "id"), f"duplicate {section[:-1]} id '{record_id}'"))
    for element_id in design.layout.positions:
        if element_id not in every_id:
            issues.append((("layout", "positions", element_id),
                           f"position for {_unknown('element', element_id, every_id)}"))
    for n, element_id in enumerate(design.layout.collapsed):
        if element_id not in every_id:
            issues.append((("layout", "collapsed", n), _unknown("element", element_id, every_id)))
    names = set(Assumptions.model_fields)
    for name in design.policy.assumptions:
        if name not in names:
            issues.append((("policy", "assumptions", name), _unknown("assumption", name, names)))
    for name in design.policy.compliance.business_associate_agreements:
        if name not in catalog.services:
            issues.append((("policy", "compliance", "business_associate_agreements"),
                           _unknown("service", name, catalog.services)))
    for name in design.policy.compliance.baa_scope_confirmed:
        if name not in catalog.services:
            issues.append((("policy", "compliance", "baa_scope_confirmed"),
                           _unknown("service", name, catalog.services)))
    if design.variants:
        known = {message for _, message in issues}
        for v, variant in enumerate(design.variants):
            issues.extend(_check_variant(design, v, variant, catalog, known))
    return issues


def _check_variant(design: Design, v: int, variant: Variant, catalog: Catalog,
                   known: set[str]) -> list[Issue]:
    """What names nothing in the variant's changes, then what the applied design has wrong
    that the base has not (a SKU of another provider than its new region...), located at
    the change that causes it."""
    issues: list[Issue] = []
    components = {c.id: c for c in design.components}
    regions = {r.id: r for r in design.placement.regions}
    for c, change in enumerate(variant.changes):
        at: Path_ = ("variants", v, "changes", c)
        comp = components.get(change.component)
        if comp is None:
            issues.append(((*at, "component"), _unknown("component", change.component,
                                                         components)))
        if change.sku is not None and change.sku not in catalog.skus:
            issues.append(((*at, "sku"), _unknown("SKU", change.sku, catalog.skus)))
        region_id = change.region or (comp.placement.region if comp is not None else None)
        if change.region is not None and change.region not in regions:
            issues.append(((*at, "region"), _unknown("region", change.region, regions)))
        elif change.zones is not None and region_id is None:
            issues.append(((*at, "zones"), f"component '{change.component}' is at a site, "
                                           "which has no zones: give a region too"))
        elif change.zones is not None and region_id is not None:
            zone_ids = {z.id for z in regions[region_id].zones}
            for n, zone in enumerate(change.zones):
                if zone not in zone_ids:
                    issues.append(((*at, "zones", n), _unknown(f"zone in region '{region_id}'",
                                                               zone, zone_ids)))
        tier = change.storage.tier if change.storage is not None else None
        if tier is not None and tier not in catalog.storage_tiers:
            issues.append(((*at, "storage", "tier"), _unknown("storage tier", tier,
                                                              catalog.storage_tiers)))
    if issues:
        return issues
    try:
        result = applied(design, variant, v)
    except VariantConflict as exc:
        return [(exc.path, exc.message)]
    changes = {change.component: c for c, change in enumerate(variant.changes)}
    for path, message in check_references(result, catalog):
        if message in known:
            continue
        where: Path_ = ("variants", v)
        if path[:1] == ("components",) and isinstance(path[1], int):
            cause = changes.get(result.components[path[1]].id)
            where = (*where, "changes", cause) if cause is not None else where
        issues.append((where, f"with variant '{variant.name}', {format_path(path)}: {message}"))
    return issues


def _check_placement(comp: Component, base: Path_, regions: dict[str, Region],
                     sites: dict[str, Site], catalog: Catalog, sku: Sku | None) -> list[Issue]:
    issues: list[Issue] = []
    where = comp.placement
    p: Path_ = (*base, "placement")
    if (where.region is None) == (where.site is None):
        issues.append((p, "give exactly one of 'region' or 'site'"))
        return issues
    if where.site is not None:
        if where.site not in sites:
            issues.append(((*p, "site"), _unknown("site", where.site, sites)))
        if where.zones or where.proximity_group:
            issues.append((p, "a component at a site has no zones or proximity group"))
        if sku is not None and sku.provider != "on-premises":
            issues.append(((*base, "sku"), f"SKU '{sku.id}' is "
                                           f"{units.with_article(sku.provider)} SKU; only "
                                           "on-premises SKUs can be placed at a site"))
        return issues
    assert where.region is not None  # exactly one of region and site, checked above
    region = regions.get(where.region)
    if region is None:
        issues.append(((*p, "region"), _unknown("region", where.region, regions)))
        return issues
    zone_ids = {z.id for z in region.zones}
    for n, zone in enumerate(where.zones):
        if zone not in zone_ids:
            issues.append(((*p, "zones", n), _unknown(f"zone in region '{region.id}'", zone,
                                                      zone_ids)))
    if len(set(where.zones)) != len(where.zones):
        issues.append(((*p, "zones"), "a zone is listed twice"))
    groups = {g.id: g for g in region.proximity_groups}
    if where.proximity_group is not None and where.proximity_group not in groups:
        issues.append(((*p, "proximity_group"),
                       _unknown(f"proximity group in region '{region.id}'",
                                where.proximity_group, groups)))
    cat_region = catalog.regions.get(region.catalog_region)
    if sku is not None and cat_region is not None and sku.provider != cat_region.provider:
        issues.append(((*base, "sku"), f"SKU '{sku.id}' is "
                                       f"{units.with_article(sku.provider)} SKU but region "
                                       f"'{region.id}' is in {cat_region.provider} "
                                       f"({cat_region.id})"))
    if comp.storage is not None and cat_region is not None:
        tier = catalog.storage_tiers.get(comp.storage.tier)
        if tier is not None and tier.provider != cat_region.provider:
            issues.append(((*base, "storage", "tier"),
                           f"storage tier '{tier.id}' is {tier.provider} storage but region "
                           f"'{region.id}' is in {cat_region.provider}"))
    return issues
