"""A whole design from requirements and a few choices (no Qt): what ``ehrwb propose`` tries.

The start is a design that states only what the organisation states (metadata, requirements,
policy, the sites with their users); a :class:`Choice` says where and on what it runs: the
production and DR regions, the tenancy of the database hosts, ECP application servers or not,
the presentation pool's zones. The build places the regions with all their catalog zones, then
inserts the patterns in the order an architect would (:mod:`.patterns`, each sized from the
requirements by :mod:`.sizing` with the secure defaults): the failover pair with its arbiter,
the ECP pool, the presentation pool behind its load balancer, gateways the sites reach (in
both regions: a site keeps a way in when a region is lost), the DR member, the reporting
shadow with Clarity, BCA Web, the backup chain; for a region-wide survivable failure domain
the DR region gets its own ECP and presentation tiers. Every element is then laid out
(:func:`workbench.model.autolayout.auto_layout`).

Whether the result passes is for the rules to say: :mod:`validators.propose` validates each
build and keeps the cheapest that passes.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from catalogs import Catalog

from ..model import edits
from ..model.autolayout import auto_layout
from ..model.design import Design, Layout, Redundancy, Region, Zone
from ..model.document import DesignDocument
from . import sizing
from .cost import instance_monthly
from .patterns import GATEWAYS, ODB, _Builder, _gateways, plan_pattern


@dataclass(frozen=True)
class Choice:
    """Where and on what a proposal runs."""

    production: str  # catalog region
    dr: str  # catalog region
    tenancy: str  # the database hosts': dedicated or shared
    ecp: bool = True  # ECP application servers between presentation and the ODB
    presentation_zones: int = 0  # 0: every zone of the production region
    database_sku: str | None = None  # None: the least that carries the peak alone (sizing)
    storage_tier: str | None = None  # None: the least IOPS that meets the need (sizing)
    commitment: str = "payg"  # the prices pools are ranked by

    @property
    def label(self) -> str:
        """The choice in one token, for ordering and names."""
        return "-".join([self.tenancy, region_id(self.production), region_id(self.dr),
                         "ecp" if self.ecp else "no-ecp", f"{self.presentation_zones}z",
                         self.database_sku or "", self.storage_tier or ""])

    def preferences(self, catalog: Catalog) -> sizing.Preferences:
        def price(sku: str, region: str | None) -> float | None:
            monthly = instance_monthly(catalog, sku, region, self.commitment)
            return None if monthly is None else float(monthly)
        return sizing.Preferences(self.tenancy, self.database_sku, self.storage_tier, price)


class NotBuilt(Exception):
    """A pattern the choice needs was refused (the catalog has no SKU for it, a region has
    too few zones): the choice cannot be built."""


def region_id(catalog_region: str) -> str:
    """A design region's id from its catalog id: the provider prefix dropped
    (azure-eastus2 -> eastus2)."""
    return catalog_region.split("-", 1)[-1]


def _region(catalog: Catalog, catalog_region: str, zones: int = 0) -> Region:
    info = catalog.regions[catalog_region]
    rid = region_id(catalog_region)
    kept = list(info.zones)[:zones] if zones else list(info.zones)
    return Region(id=rid, name=info.name, catalog_region=catalog_region,
                  zones=[Zone(id=f"{rid}-z{z}", catalog_zone=z) for z in kept])


def _carried_out(design: Design, plan: edits.Plan) -> Design:
    """The design after a pattern's plan (the document's primitives, as the undo commands
    make it); positions are left to the layout at the end."""
    if plan.refused is not None:
        raise NotBuilt(plan.refused)
    doc = DesignDocument(design)
    for edit in plan.edits:
        match edit:
            case edits.AddSite(site, _):
                doc.insert_site(site)
            case edits.AddComponent(component, _):
                doc.insert_component(component)
            case edits.AddLink(link):
                doc.insert_link(link)
            case _:
                pass  # positions: laid out at the end
    return doc.design


def _pattern(design: Design, catalog: Catalog, pattern: str, target: str | None,
             prefer: sizing.Preferences) -> Design:
    return _carried_out(design, plan_pattern(design, catalog, pattern, target, prefer).plan)


def build(start: Design, catalog: Catalog, choice: Choice) -> Design:
    """The design ``start`` states, with the topology ``choice`` makes, laid out. Raises
    NotBuilt when a pattern it needs is refused."""
    prod, dr = _region(catalog, choice.production), _region(catalog, choice.dr)
    design = start.model_copy(update={
        "placement": start.placement.model_copy(update={"regions": [prod, dr]}),
        "components": [], "links": [], "layout": Layout()})
    prefer = choice.preferences(catalog)
    design = _pattern(design, catalog, "failover-pair", prod.id, prefer)
    if choice.ecp:
        design = _pattern(design, catalog, "ecp-pool", prod.id, prefer)
    presentation = prod if not choice.presentation_zones else \
        _region(catalog, choice.production, choice.presentation_zones)
    design = _presentation(design, catalog, prod.id, presentation, prefer)
    # the DR member is Alternate Production: the production members' host and storage tier
    member = next(c for c in design.components if c.role == ODB)
    like = replace(prefer, database_sku=member.sku,
                   storage_tier=member.storage.tier if member.storage else None)
    design = _pattern(design, catalog, "dr-member", dr.id, like)
    if start.requirements.survivable_failure_domain == "region":
        design = _dr_stack(design, catalog, dr.id, choice.ecp, prefer)
    if start.requirements.survivable_failure_domain == "component":
        design = _twins(design, catalog, "load-balancer")
    design = _sites(design, catalog, [prod.id, dr.id])
    design = _pattern(design, catalog, "reporting-shadow", prod.id, prefer)
    design = _analytics(design, catalog, prod.id)
    design = _pattern(design, catalog, "backup-chain", prod.id, prefer)
    return design.model_copy(update={"layout": Layout(positions=auto_layout(design, catalog))})


def _presentation(design: Design, catalog: Catalog, region_id_: str, zones: Region,
                  prefer: sizing.Preferences) -> Design:
    """The presentation pool in the region's first ``zones`` zones (all of them unless the
    choice says fewer)."""
    if len(zones.zones) == len(next(r for r in design.placement.regions
                                    if r.id == region_id_).zones):
        return _pattern(design, catalog, "presentation-pool", region_id_, prefer)
    # a pool over fewer zones: plan it on a design whose region shows only those zones
    narrowed = design.model_copy(update={"placement": design.placement.model_copy(update={
        "regions": [zones if r.id == region_id_ else r for r in design.placement.regions]})})
    plan = plan_pattern(narrowed, catalog, "presentation-pool", region_id_, prefer).plan
    return _carried_out(design, plan)


def _dr_stack(design: Design, catalog: Catalog, dr_region: str, ecp: bool,
              prefer: sizing.Preferences) -> Design:
    """For a region-wide survivable failure domain: the DR region serves on its own once its
    member is promoted, so it gets an ECP pool (next to the DR member) and a presentation
    pool behind its own load balancer."""
    b = _Builder(design, catalog, prefer)
    region = next(r for r in design.placement.regions if r.id == dr_region)
    member = b.with_role("odb-dr", dr_region)[0]
    provider = b.provider(region)
    zones = member.placement.zones or [z.id for z in region.zones[:1]]
    targets = [member.id]
    if ecp:
        sized = sizing.pool(b.facts, "ecp-app-server", provider, len(zones),
                            b.facts.peak_grefs.value, "grefs", prefer.price,
                            region.catalog_region)
        if sized is None:
            raise NotBuilt(f"the catalog offers no ECP server for {dr_region}'s provider")
        group = b.unique("ecp-dr")
        targets = [b.add(f"ecp-{zone}", f"ECP application servers, {zone} (DR)",
                         "ecp-app-server", sized.sku, region, zone, count=sized.count,
                         redundancy=Redundancy(mode="active-active", group=group))
                   for zone in zones]
        for cid in targets:
            b.link(cid, member.id, "ecp")
    design = _carried_out(design, b.finish("DR ECP pool").plan)
    design = _pattern(design, catalog, "presentation-pool", dr_region, prefer)
    b = _Builder(design, catalog)
    for host in b.with_role("hyperspace-presentation", dr_region):
        for target in targets:
            b.link(host.id, target, "client")
    return _carried_out(design, b.finish("DR presentation").plan)


def _twins(design: Design, catalog: Catalog, role: str) -> Design:
    """For a component-wide survivable failure domain (a component is lost whole, all its
    instances): a second component beside each of ``role``, with the same links."""
    b = _Builder(design, catalog)
    for comp in [c for c in design.components if c.role == role]:
        region = next(r for r in design.placement.regions if r.id == comp.placement.region)
        twin = b.add(f"{comp.id}-2", f"{comp.name or comp.id} (second)", role, comp.sku,
                     region, comp.placement.zones[0] if len(comp.placement.zones) == 1
                     else None, count=comp.count, redundancy=comp.redundancy)
        for link in [x for x in design.links if comp.id in (x.from_, x.to)]:
            ends = (twin, link.to) if link.from_ == comp.id else (link.from_, twin)
            b.link(*ends, link.kind, link.bandwidth_mbps)
    return _carried_out(design, b.finish("Second load balancers").plan)


def _sites(design: Design, catalog: Catalog, regions: list[str]) -> Design:
    """Every site reaches each region through that region's gateways (ExpressRoute with a
    VPN beside it), each link sized for the site's users."""
    b = _Builder(design, catalog)
    for rid in regions:
        region = next(r for r in design.placement.regions if r.id == rid)
        gateways = [c.id for c in b.components() if c.role in GATEWAYS
                    and c.placement.region == rid] or _gateways(b, region)
        if not gateways:
            raise NotBuilt(f"the catalog offers no gateway for {rid}'s provider")
        for site in design.placement.sites:
            for gateway in gateways:
                b.link(site.id, gateway, "client",
                       b.site_mbps(site.concurrent_users or 0))
    return _carried_out(design, b.finish("Sites").plan)


def _analytics(design: Design, catalog: Catalog, prod_region: str) -> Design:
    """Clarity loaded from the reporting shadow (RED-005) and BCA Web fed from it for
    downtime (RED-011), both in the production region, backed up."""
    b = _Builder(design, catalog)
    region = next(r for r in design.placement.regions if r.id == prod_region)
    provider = b.provider(region)
    shadow = b.with_role("odb-reporting", prod_region)
    for role, wanted, name, kind in (("clarity", "clarity", "Clarity (SQL Server)", "extract"),
                                     ("bca-web", "bca-web", "BCA Web", "replication")):
        sku = sizing.smallest(b.facts, role, provider)
        if sku is None:
            raise NotBuilt(f"the catalog offers no {name} server for {prod_region}'s provider")
        zone = shadow[0].placement.zones[0] if shadow and shadow[0].placement.zones else None
        cid = b.add(wanted, name, role, sku, region, zone, backed_up=True)
        for source in shadow:
            b.link(source.id, cid, kind)
    return _carried_out(design, b.finish("Analytics").plan)
