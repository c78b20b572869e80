"""Patterns: the building blocks every Epic design repeats, each planned as one undoable step
(no Qt).

A pattern is a plan (:class:`workbench.model.edits.Plan`): its components placed in the zones
they need, wired with the link kinds the catalog allows (DSN-003's table) to one another and to
what the design already has, sized from the requirements by :mod:`.sizing`, with the secure
defaults of :mod:`workbench.model.secure`. When the design lacks what a pattern needs, the plan
is refused with a sentence saying what to add. It lives beside the analysis, not in the model,
because sizing reads the capacity model (the model layer may not import the analysis).
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field

from catalogs import SITE, Catalog

from ..model import edits
from ..model.autolayout import GAP, HEADER, NODE_H, NODE_W, PAD
from ..model.design import (
    Component,
    ComponentPlacement,
    Design,
    Link,
    Position,
    Redundancy,
    Region,
    Site,
    Storage,
)
from ..model.document import DesignDocument
from ..model.placement import provider_at
from ..model.secure import LOG_STORE, NEW_LINK_ENCRYPTED, secure_security
from ..model.slots import (
    Rect,
    container_rects,
    free_slot,
    make_room,
    node_rect,
    node_rects,
)
from . import sizing
from .facts import DesignFacts

ODB = "odb-production"
GATEWAYS = ("vpn-gateway", "expressroute-gateway")
SITE_TOP = 20.0  # the row of sites above the regions (as the editor's Insert > Site)
GRID = 10.0  # the canvas grid new nodes snap to


@dataclass(frozen=True)
class Pattern:
    id: str
    name: str  # the menu's and the palette's text
    summary: str  # the tooltip


PATTERNS: tuple[Pattern, ...] = (
    Pattern("failover-pair", "ODB failover pair with arbiter",
            "Two production ODB members in two zones with a synchronous mirror, automatic "
            "failover and an arbiter in a third zone"),
    Pattern("ecp-pool", "ECP pool per zone",
            "ECP application servers next to each failover member, sized for peak GRefs/s"),
    Pattern("presentation-pool", "Presentation pool behind a load balancer",
            "Hyperspace hosts in every zone behind a load balancer, sized for the users"),
    Pattern("hospital-site", "Hospital site with its gateway",
            "A hospital reaching the load balancer through ExpressRoute with a VPN beside it"),
    Pattern("dr-member", "DR async member",
            "An async mirror member of the production ODB in another region"),
    Pattern("reporting-shadow", "Reporting shadow",
            "A read-only async member for Clarity's extracts"),
    Pattern("backup-chain", "Backup chain (3-2-1)",
            "A backup vault fed by the ODB, replicated to immutable storage in another region"),
)
BY_ID = {p.id: p for p in PATTERNS}


@dataclass(frozen=True)
class PatternPlan:
    """The plan, and what the user should know about it (said in the status bar)."""

    plan: edits.Plan
    notes: tuple[str, ...] = ()


def refused(text: str) -> PatternPlan:
    return PatternPlan(edits.Plan("", refused=text))


@dataclass
class _New:
    comp: Component
    column: str | None  # the zone or region it is drawn in


@dataclass
class _Builder:
    """Collects a pattern's elements; ``finish`` places them and makes the plan."""

    design: Design
    catalog: Catalog
    prefer: sizing.Preferences = field(default_factory=sizing.Preferences)
    facts: DesignFacts = field(init=False)
    taken: set[str] = field(init=False)
    new: list[_New] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    sites: list[Site] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.facts = DesignFacts(self.design, self.catalog)
        self.taken = DesignDocument(self.design).ids()

    # ---- ids, roles, lookups
    def unique(self, wanted: str) -> str:
        ident, n = wanted, 2
        while ident in self.taken:
            ident, n = f"{wanted}-{n}", n + 1
        self.taken.add(ident)
        return ident

    def components(self) -> list[Component]:
        return [*self.design.components, *(n.comp for n in self.new)]

    def with_role(self, role: str, region: str | None = None) -> list[Component]:
        return [c for c in self.components() if c.role == role
                and (region is None or c.placement.region == region)]

    def role_of(self, element_id: str) -> str:
        comp = next((c for c in self.components() if c.id == element_id), None)
        return comp.role if comp is not None else SITE

    def provider(self, region: Region) -> str | None:
        return provider_at(self.design, self.catalog, ComponentPlacement(region=region.id))

    # ---- adding
    def add(self, wanted: str, name: str, role: str, sku: str, region: Region,
            zone: str | None = None, count: int = 1, redundancy: Redundancy | None = None,
            storage: Storage | None = None, backed_up: bool = False,
            proximity_group: str | None = None) -> str:
        cid = self.unique(wanted)
        log_store = None if role == LOG_STORE else self.log_store(region)
        placement = ComponentPlacement(region=region.id, zones=[zone] if zone else [],
                                       proximity_group=proximity_group)
        comp = Component(id=cid, name=name, role=role, sku=sku, count=count,
                         placement=placement, redundancy=redundancy or Redundancy(),
                         storage=storage,
                         security=secure_security(self.catalog, role, log_store, backed_up))
        self.new.append(_New(comp, zone or region.id))
        return cid

    def add_network(self, wanted: str, name: str, role: str, sku: str, region: Region) -> str:
        """A gateway or load balancer: one instance when the provider makes the SKU
        zone-redundant, else two, in two zones (no single point of failure: RED-008)."""
        zones = [z.id for z in region.zones[:2]]
        if "zone-redundant" in self.catalog.skus[sku].features or len(zones) < 2:
            return self.add(wanted, name, role, sku, region)
        cid = self.add(wanted, name, role, sku, region, count=2,
                       redundancy=Redundancy(mode="active-active", group=self.unique(wanted)))
        comp = self.new[-1].comp
        self.new[-1] = _New(comp.model_copy(update={"placement": comp.placement.model_copy(
            update={"zones": zones})}), region.id)
        return cid

    def log_store(self, region: Region) -> str | None:
        """The region's log store, added with the first component that needs one."""
        here = self.with_role(LOG_STORE, region.id)
        if here:
            return here[0].id
        skus = [s for s in self.catalog.skus_for_role(LOG_STORE)
                if s.provider == self.provider(region)
                and self.catalog.services[s.service].baa_covered is True]
        if not skus:
            return None
        return self.add(f"logs-{region.id}", f"Audit log workspace ({region.id})", LOG_STORE,
                        skus[0].id, region)

    def link(self, a: str, b: str, kind: str, bandwidth_mbps: float | None = None) -> None:
        """A link of ``kind`` when the catalog allows it between the two ends (else none)."""
        if kind not in self.catalog.link_kinds_between(self.role_of(a), self.role_of(b)):
            return
        if any({x.from_, x.to} == {a, b} and x.kind == kind
               for x in [*self.design.links, *self.links]):
            return
        self.links.append(Link(id=self.unique(f"{a}--{b}"), **{"from": a}, to=b, kind=kind,
                               encrypted=NEW_LINK_ENCRYPTED, bandwidth_mbps=bandwidth_mbps))

    # ---- figures
    def journal_mbps(self) -> float:
        """Mirror links: twice the peak journal rate, in whole hundreds of Mbit/s (THR-008)."""
        return _hundreds(2 * self.facts.journal_mb_s.value * 8)

    def site_mbps(self, users: int) -> float:
        """A site link: its users' sessions within the headroom limit (THR-008)."""
        per_user = self.facts.assumption("client_bandwidth_kbps_per_user").value
        limit = self.design.requirements.headroom_limit_pct / 100.0
        return _hundreds(users * per_user / 1000.0 / limit)

    # ---- the plan
    def finish(self, text: str) -> PatternPlan:
        positions, moved = self._placed()
        plan_edits: list[edits.Edit] = [edits.AddSite(s, positions.get(s.id)) for s in self.sites]
        plan_edits += [edits.AddComponent(n.comp, positions.get(n.comp.id)) for n in self.new]
        plan_edits += [edits.AddLink(x) for x in self.links]
        if moved:
            plan_edits.append(edits.SetPositions(
                {k: self.design.layout.positions.get(k) for k in moved}, dict(moved)))
        created = tuple(s.id for s in self.sites) + tuple(n.comp.id for n in self.new)
        return PatternPlan(edits.Plan(text, tuple(plan_edits), created=created),
                           tuple(self.notes))

    def _placed(self) -> tuple[dict[str, Position], dict[str, Position]]:
        """Where the new nodes go (a free slot each, in their zone, their region's own area or
        the row of sites) and the existing positions that move to make room for them
        (:mod:`workbench.model.slots`)."""
        design = self.design
        taken: dict[str, Position] = {}
        for n in self.new:
            column = _regional_column(design, n.column or "")
            if column is not None:
                taken[n.comp.id] = _column_slot(design, *column, taken.values())
            elif n.column is not None and n.column in design.layout.positions:
                taken[n.comp.id] = free_slot(design, n.column, taken=taken.values())
        for site in self.sites:
            taken[site.id] = _site_slot(design, taken.values())
        trial = design.model_copy(update={
            "components": [*design.components, *(n.comp for n in self.new)],
            "placement": design.placement.model_copy(update={
                "sites": [*design.placement.sites, *self.sites]})})
        room = make_room(trial, taken)
        placed = {k: room.pop(k, p) for k, p in taken.items()}
        return placed, room


def _hundreds(mbps: float) -> float:
    return float(max(100, math.ceil(mbps / 100.0) * 100))


# ------------------------------------------------------------------------------ where
def _region(design: Design, ident: str | None) -> tuple[Region | None, str | None]:
    """The region a target names (a region, one of its zones, or a node in it) and the zone
    it names, if any."""
    for region in design.placement.regions:
        if region.id == ident:
            return region, None
        if any(z.id == ident for z in region.zones):
            return region, ident
    comp = next((c for c in design.components if c.id == ident), None)
    if comp is not None and comp.placement.region:
        return _region(design, comp.placement.region)[0], None
    return None, None


def _target_region(design: Design, target: str | None, zones: int = 0) -> Region | None:
    """The target's region, else the design's first region with ``zones`` zones."""
    region, _ = _region(design, target)
    if region is not None:
        return region
    return next((r for r in design.placement.regions if len(r.zones) >= zones), None)


def _production(b: _Builder) -> list[Component]:
    return b.with_role(ODB)


# ------------------------------------------------------------------------------ the patterns
def failover_pair(b: _Builder, target: str | None) -> PatternPlan:
    if _production(b):
        have = ", ".join(c.id for c in _production(b))
        return refused(f"the design already has its production ODB ({have}): a mirror has "
                       "exactly two failover members")
    region = _target_region(b.design, target, zones=2)
    if region is None or len(region.zones) < 2:
        where = f"{region.id} has {len(region.zones)}" if region else "the design has none"
        return refused(f"the failover pair needs a region with two zones ({where}): add one "
                       "with Insert > Region")
    provider = b.provider(region)
    storage, sized = _database(b, ODB, provider, region)
    if sized is None:
        return refused(_no_database(b, region))
    if not sized.meets:
        b.notes.append(sized.basis)
    group = b.unique("prd-mirror")
    mirror = Redundancy(mode="mirror-failover", group=group, failover="automatic")
    members = [b.add(f"odb-{x}", f"Production ODB - failover member {x.upper()}", ODB,
                     sized.sku, region, zone.id, redundancy=mirror, storage=storage,
                     backed_up=True)
               for x, zone in zip("ab", region.zones[:2], strict=True)]
    arbiter_sku = sizing.smallest(b.facts, "arbiter", provider)
    if arbiter_sku is not None:
        third = region.zones[2].id if len(region.zones) > 2 else None
        if third is None:
            b.notes.append(f"{region.id} has no third zone: the arbiter is regional (RED-003 "
                           "wants it in a zone of its own)")
        arbiter = b.add("arbiter", "Mirror arbiter", "arbiter", arbiter_sku, region, third)
        for member in members:
            b.link(arbiter, member, "admin", 100.0)
    b.link(members[0], members[1], "mirror-sync", b.journal_mbps())
    _feed_database(b, members)
    return b.finish("Insert ODB failover pair")


def _database(b: _Builder, role: str, provider: str | None, region: Region) \
        -> tuple[Storage | None, sizing.Sized | None]:
    """A database host for ``role`` and its ODB storage, on a tier the host can use."""
    skus = b.catalog.skus
    wanted = skus.get(b.prefer.database_sku) if b.prefer.database_sku else None
    storage = sizing.odb_storage(b.facts, provider, tier_id=b.prefer.storage_tier, sku=wanted)
    sized = sizing.database_server(b.facts, role, provider, storage, region.catalog_region,
                                   b.prefer.tenancy, b.prefer.database_sku)
    if sized is not None and storage is not None and not sizing.attaches(
            b.catalog, b.catalog.storage_tiers[storage.tier], skus[sized.sku]):
        storage = sizing.odb_storage(b.facts, provider, tier_id=b.prefer.storage_tier,
                                     sku=skus[sized.sku])
    return storage, sized


def _no_database(b: _Builder, region: Region) -> str:
    if b.prefer.database_sku:
        return f"{b.prefer.database_sku} is not offered in {region.catalog_region}"
    tenancy = f"{b.prefer.tenancy} " if b.prefer.tenancy else ""
    return f"the catalog offers no {tenancy}database server in {region.catalog_region}"


def _feed_database(b: _Builder, members: list[str]) -> None:
    """What the design already has that talks to the ODB, linked to each member: ECP servers,
    or presentation and web tiers that have no ECP server to go through; async members and
    backup targets."""
    ecp = b.with_role("ecp-app-server")
    for comp in b.design.components:
        for member in members:
            if comp.role == "ecp-app-server":
                b.link(comp.id, member, "ecp")
            elif comp.role in ("hyperspace-presentation", "web-service") and not ecp:
                b.link(comp.id, member, "client")
            elif comp.role in ("odb-dr", "odb-reporting"):
                b.link(member, comp.id, "mirror-async", b.journal_mbps())
            elif comp.role == "backup-target" and comp.placement.region == \
                    b.with_role(ODB)[0].placement.region and _is_vault(b, comp):
                b.link(member, comp.id, "backup")


def _is_vault(b: _Builder, comp: Component) -> bool:
    return "backup-vault" in b.catalog.skus[comp.sku].classes


def ecp_pool(b: _Builder, target: str | None) -> PatternPlan:
    members = _production(b)
    if not members:
        return refused("the ECP pool serves the production ODB: insert the failover pair first")
    region = next(r for r in b.design.placement.regions if r.id == members[0].placement.region)
    zones = [m.placement.zones[0] for m in members if len(m.placement.zones) == 1]
    if not zones:
        return refused("the ECP pool sits in the failover members' zones: place them in zones")
    provider = b.provider(region)
    sized = sizing.pool(b.facts, "ecp-app-server", provider, len(zones),
                        b.facts.peak_grefs.value, "grefs", b.prefer.price,
                        region.catalog_region)
    if sized is None:
        return refused(f"the catalog offers no ECP server for {region.id}'s provider")
    group = b.unique("ecp")
    pool = []
    for member, zone in zip(members, zones, strict=False):
        cid = b.add(f"ecp-{zone}", f"ECP application servers, {zone}", "ecp-app-server",
                    sized.sku, region, zone, count=sized.count,
                    redundancy=Redundancy(mode="active-active", group=group),
                    proximity_group=member.placement.proximity_group)
        pool.append(cid)
        for server in members:
            b.link(cid, server.id, "ecp")
    for comp in b.design.components:
        if comp.role in ("hyperspace-presentation", "web-service"):
            for cid in pool:
                b.link(comp.id, cid, "client")
    return b.finish("Insert ECP pool")


def presentation_pool(b: _Builder, target: str | None) -> PatternPlan:
    region = _target_region(b.design, target, zones=1)
    if region is None or not region.zones:
        return refused("the presentation pool needs a region with zones: add one with "
                       "Insert > Region")
    provider = b.provider(region)
    users = b.design.requirements.concurrent_users
    sized = sizing.pool(b.facts, "hyperspace-presentation", provider, len(region.zones),
                        float(users), "users", b.prefer.price, region.catalog_region)
    balancers = [s for s in b.catalog.skus_for_role("load-balancer") if s.provider == provider]
    if sized is None:
        return refused(f"the catalog offers no presentation host for {region.id}'s provider "
                       f"that carries {users:,} users")
    if not balancers:
        return refused(f"the catalog offers no load balancer for {region.id}'s provider")
    zone_redundant = [s for s in balancers if "zone-redundant" in s.features]
    lb = b.add_network("lb", "Presentation load balancer", "load-balancer",
                       (zone_redundant or balancers)[0].id, region)
    group = b.unique("citrix")
    hosts = [b.add(f"citrix-{z.id}", f"Hyperspace on Citrix, {z.id}",
                   "hyperspace-presentation", sized.sku, region, z.id, count=sized.count,
                   redundancy=Redundancy(mode="active-active", group=group))
             for z in region.zones]
    ecp = b.with_role("ecp-app-server", region.id)
    for host in hosts:
        b.link(lb, host, "client")
        for server in ecp or _production(b):
            b.link(host, server.id, "client")
    for gateway in [c for c in b.design.components if c.role in GATEWAYS
                    and c.placement.region == region.id]:
        b.link(gateway.id, lb, "client")
    return b.finish("Insert presentation pool")


def hospital_site(b: _Builder, target: str | None) -> PatternPlan:
    region = _target_region(b.design, target)
    if region is None:
        return refused("the hospital site reaches the EHR through a gateway in a region: add a "
                       "region first with Insert > Region")
    req = b.design.requirements
    seated = sum(s.concurrent_users or 0 for s in b.design.placement.sites)
    users = max(0, req.concurrent_users - seated) or None
    sid = b.unique("hospital")
    b.sites.append(Site(id=sid, name="Hospital", kind="hospital", concurrent_users=users))
    gateways = [c.id for c in b.components() if c.role in GATEWAYS
                and c.placement.region == region.id]
    if not gateways:
        gateways = _gateways(b, region)
        if not gateways:
            return refused(f"the catalog offers no gateway for {region.id}'s provider")
    for gateway in gateways:
        b.link(sid, gateway, "client", b.site_mbps(users or req.concurrent_users))
    return b.finish("Insert hospital site")


def _gateways(b: _Builder, region: Region) -> list[str]:
    """Two ways in, in parallel (RED-007's fix): ExpressRoute and a VPN beside it, each
    sized for every user, each linked on to the region's load balancer (else its
    presentation hosts)."""
    made = []
    users = float(b.design.requirements.concurrent_users)
    for role, wanted, name in (("expressroute-gateway", "er", "ExpressRoute gateway"),
                               ("vpn-gateway", "vpn", "Site-to-site VPN gateway")):
        sized = sizing.gateway(b.facts, role, b.provider(region), users)
        if sized is None:
            continue
        if not sized.meets:
            b.notes.append(sized.basis)
        made.append(b.add_network(f"{wanted}-{region.id}", f"{name} ({region.id})", role,
                                  sized.sku, region))
    front = b.with_role("load-balancer", region.id) or \
        b.with_role("hyperspace-presentation", region.id)
    for gateway in made:
        for comp in front:
            b.link(gateway, comp.id, "client")
    return made


def dr_member(b: _Builder, target: str | None) -> PatternPlan:
    members = _production(b)
    if not members:
        return refused("the DR member mirrors the production ODB: insert the failover pair "
                       "first")
    home = members[0].placement.region
    others = [r for r in b.design.placement.regions if r.id != home]
    chosen, zone = _region(b.design, target)
    region = chosen if chosen is not None and chosen.id != home else \
        (others[0] if others else None)
    if region is None:
        return refused("the DR member belongs in another region: add a second region with "
                       "Insert > Region")
    if chosen is None or chosen.id != region.id or zone is None:
        zone = region.zones[0].id if region.zones else None
    provider = b.provider(region)
    storage, sized = _database(b, "odb-dr", provider, region)
    if sized is None:
        return refused(_no_database(b, region))
    lag = b.facts.assumption("async_replication_lag_seconds").value
    rto = b.facts.assumption("dr_promotion_rto_minutes").value
    redundancy = Redundancy(mode="mirror-async", group=members[0].redundancy.group,
                            failover="manual", replication_lag_s=lag, rto_minutes=rto)
    info = b.catalog.regions.get(region.catalog_region)
    if info is not None and sized.sku in info.dedicated_skus_without_zones:
        zone = None  # offered there without zones: placed in the region (PLC-001)
    dr = b.add("odb-dr", "DR ODB (async member)", "odb-dr", sized.sku, region, zone,
               redundancy=redundancy, storage=storage, backed_up=True)
    for member in members:
        b.link(member.id, dr, "mirror-async", b.journal_mbps())
    for target_comp in b.with_role("backup-target", region.id):
        b.link(dr, target_comp.id, "backup")
    return b.finish("Insert DR async member")


def reporting_shadow(b: _Builder, target: str | None) -> PatternPlan:
    members = _production(b)
    if not members:
        return refused("the reporting shadow mirrors the production ODB: insert the failover "
                       "pair first")
    region = next(r for r in b.design.placement.regions if r.id == members[0].placement.region)
    used = {z for m in members for z in m.placement.zones}
    free = [z.id for z in region.zones if z.id not in used]
    zone = free[-1] if free else (region.zones[0].id if region.zones else None)
    provider = b.provider(region)
    sku = sizing.smallest(b.facts, "odb-reporting", provider)
    if sku is None:
        return refused(f"the catalog offers no reporting server for {region.id}'s provider")
    storage = sizing.odb_storage(b.facts, provider, filesystems=False,
                                 tier_id=b.prefer.storage_tier)
    rpt = b.add("odb-rpt", "Reporting shadow", "odb-reporting", sku, region, zone,
                redundancy=Redundancy(mode="mirror-async", group=members[0].redundancy.group),
                storage=storage)
    for member in members:
        b.link(member.id, rpt, "mirror-async", b.journal_mbps())
    for clarity in b.with_role("clarity"):
        b.link(rpt, clarity.id, "extract")
    return b.finish("Insert reporting shadow")


def backup_chain(b: _Builder, target: str | None) -> PatternPlan:
    members = _production(b)
    home_id = members[0].placement.region if members else None
    home = next((r for r in b.design.placement.regions if r.id == home_id), None) \
        or _target_region(b.design, target)
    if home is None:
        return refused("the backup chain needs a region: add one with Insert > Region")
    remote = next((r for r in b.design.placement.regions if r.id != home.id), None)
    if remote is None:
        return refused("the backup chain keeps a copy in another region (3-2-1): add a second "
                       "region with Insert > Region")
    provider = b.provider(home)
    targets = [s for s in b.catalog.skus_for_role("backup-target") if s.provider == provider
               and s.tenancy == "shared"]
    objects = [s for s in targets if "object-storage" in s.classes]
    vaults = [s for s in targets if "backup-vault" in s.classes] or objects
    if not objects:
        return refused(f"the catalog offers no object storage for {home.id}'s provider")
    vault = b.add(f"backup-vault-{home.id}", "Backup vault", "backup-target", vaults[0].id,
                  home)
    copy = b.add(f"backup-blob-{remote.id}", f"Immutable backup copy ({remote.id})",
                 "backup-target", objects[0].id, remote)
    for member in members:
        b.link(member.id, vault, "backup")
    b.link(vault, copy, "replication")
    for dr in b.with_role("odb-dr", remote.id):
        b.link(dr.id, copy, "backup")
    return b.finish("Insert backup chain")


PLANNERS = {
    "failover-pair": failover_pair, "ecp-pool": ecp_pool,
    "presentation-pool": presentation_pool, "hospital-site": hospital_site,
    "dr-member": dr_member, "reporting-shadow": reporting_shadow,
    "backup-chain": backup_chain,
}


def plan_pattern(design: Design, catalog: Catalog, pattern_id: str,
                 target: str | None = None,
                 prefer: sizing.Preferences | None = None) -> PatternPlan:
    """The plan that inserts the pattern at ``target`` (a region, a zone, a site or a node;
    None: the design's first region that fits), sized as ``prefer`` asks (by default: from
    the requirements alone). Reads the design, never changes it."""
    planner = PLANNERS.get(pattern_id)
    if planner is None:
        return refused(f"no pattern {pattern_id!r}")
    return planner(_Builder(design, catalog, prefer or sizing.Preferences()), target)


# ------------------------------------------------------------------------------ placement
def _regional_column(design: Design, container: str) -> tuple[float, float] | None:
    """A region's own nodes stand in the column right of its zones, as the automatic layout
    puts them (below a zone they would end up inside it once it grows): the column's x and
    top; None for anything but a placed region."""
    region = next((r for r in design.placement.regions if r.id == container), None)
    rects = container_rects(design)
    box = rects.get(container)
    if region is None or box is None:
        return None
    zones = [rects[z.id] for z in region.zones if z.id in rects]
    x = max((z.right + GAP for z in zones), default=box.x + PAD)
    return _grid(x), _grid(box.y + 2 * HEADER)


def _column_slot(design: Design, x: float, top: float, taken: Iterable[Position]) -> Position:
    """The first free node-sized slot, a GAP clear of every node, down the column at x."""
    rects = [r.grown(GAP, GAP, GAP, GAP)
             for r in [*node_rects(design).values(), *(node_rect(p) for p in taken)]]
    y = top
    while any(Rect(x, y, NODE_W, NODE_H).intersects(r) for r in rects):
        y += GRID
    return Position(x=x, y=y)


def _grid(value: float) -> float:
    return math.ceil(value / GRID) * GRID


def _site_slot(design: Design, taken: Iterable[Position]) -> Position:
    """A new site: the first free place in the row of sites at the top."""
    rects = [*node_rects(design).values(), *(node_rect(p) for p in taken)]
    x = PAD
    while any(Rect(x, SITE_TOP, NODE_W, NODE_H).intersects(r.grown(GAP, GAP, GAP, GAP))
              for r in rects):
        x += NODE_W + GAP
    return Position(x=x, y=SITE_TOP)
