"""Sizing new components from the design's requirements (no Qt): the smallest SKU and count
of the place's provider that carries the demand at the planning horizon within the headroom
limit, judged as the capacity rules judge (THR-001, THR-002, THR-007, THR-010, RED-009).

Ratings come from :class:`DesignFacts` (catalog band, shared-tenancy derating, the design's
assumptions) and the horizon test is :func:`capacity.runway_year`, so a sized component passes
the same checks that would flag it.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

from catalogs import Catalog
from catalogs.models import Sku, StorageTier

from ..model.design import Component, ComponentPlacement, FileSystem, Storage
from .capacity import runway_year
from .facts import DesignFacts

# the ODB's volumes hold its data grown over the horizon with a quarter free
ODB_FREE_SPACE = 1.25
# IOPS per TB of ODB storage when the guide gives no figures: THR-005's recommended
RECOMMENDED_IOPS_PER_TB = 2000
# THR-006's defaults: all-flash, at most 2 ms average and 5 ms worst read latency
MAX_AVG_LATENCY_MS = 2.0
MAX_LATENCY_MS = 5.0
MAX_PER_ZONE = 2000  # instances of one pool in one zone before the search gives up
# InterSystems' file-system layout (PLC-006): install and WIJ, databases, two journals apart
ODB_FILESYSTEMS = (
    FileSystem(name="/epic/prd", purpose="install-wij", pool="pool-sys"),
    FileSystem(name="/epic/prd01", purpose="database", pool="pool-db"),
    FileSystem(name="/epic/jrn1", purpose="journal-primary", pool="pool-jrn1"),
    FileSystem(name="/epic/jrn2", purpose="journal-alternate", pool="pool-jrn2"),
)


@dataclass(frozen=True)
class Preferences:
    """What a caller asks of the sizing beyond the requirements (``ehrwb propose`` tries
    several): ODB hosts of one tenancy, one ODB SKU, one ODB storage tier, and pools ranked by
    what they cost (``price``: a SKU's monthly price in a catalog region, None when unpriced)
    rather than by the capacity they buy."""

    tenancy: str | None = None
    database_sku: str | None = None
    storage_tier: str | None = None
    price: Callable[[str, str | None], float | None] | None = None


@dataclass(frozen=True)
class Sized:
    """A SKU and a count per zone, with what the choice rests on."""

    sku: str
    count: int
    basis: str
    meets: bool = True  # False: nothing in the catalog meets the demand; the largest chosen


def within_horizon(facts: DesignFacts, demand: float, capacity: float) -> bool:
    """Whether ``capacity`` carries ``demand`` grown over the planning horizon within the
    headroom limit (THR-010's test; THR-001 / THR-007's at year 0)."""
    req = facts.design.requirements
    year = runway_year(demand, capacity * req.headroom_limit_pct / 100.0,
                       req.annual_growth_pct, 0)
    return year is None or year > req.planning_horizon_years


def horizon_factor(facts: DesignFacts) -> float:
    req = facts.design.requirements
    return (1 + req.annual_growth_pct / 100.0) ** req.planning_horizon_years


def candidates(facts: DesignFacts, role: str, provider: str | None,
               region: str | None = None, tenancy: str | None = None) -> list[Sku]:
    """The SKUs of ``role`` the provider sells (dedicated hardware only where the catalog
    region ``region`` offers it: PLC-001), shared tenancy unless the peak is beyond what
    shared tenancy carries (PLC-002), then dedicated only. ``tenancy`` (dedicated or shared)
    asks for ODB hosts of that tenancy (none when the catalog has none)."""
    info = facts.catalog.regions.get(region) if region is not None else None
    offered = info.dedicated_skus if info is not None else None
    skus = [s for s in facts.catalog.skus_for_role(role)
            if (provider is None or s.provider == provider)
            and (offered is None or s.tenancy == "shared" or s.category != "compute"
                 or s.kind not in ("bare-metal", "dedicated-host") or s.id in offered)]
    if role.startswith("odb-"):
        ceiling = facts.assumption("shared_tenancy_grefs_ceiling").value
        if tenancy is not None:
            return [s for s in skus if s.tenancy == tenancy]
        want = "dedicated" if facts.peak_grefs.value > ceiling else "shared"
        skus = [s for s in skus if s.tenancy == want] or skus
    return skus


def _trial(role: str, sku: Sku, placement: ComponentPlacement) -> Component:
    return Component(id="trial", role=role, sku=sku.id, placement=placement)


def _price(sku: Sku) -> float:
    price = sku.price_per_month_usd
    return price.value if price is not None and price.value is not None else 0.0


def smallest(facts: DesignFacts, role: str, provider: str | None) -> str | None:
    """The cheapest, least rated SKU of ``role`` for a component that carries no load (an
    arbiter, a reporting member's host)."""
    placement = ComponentPlacement()
    skus = candidates(facts, role, provider)
    if not skus:
        return None

    def rank(s: Sku) -> tuple[float, float, str]:
        q = facts.grefs_per_instance(_trial(role, s, placement))
        return (q.value if q else 0.0, _price(s), s.id)
    return min(skus, key=rank).id


def database_server(facts: DesignFacts, role: str, provider: str | None,
                    storage: Storage | None, region: str | None = None,
                    tenancy: str | None = None, sku_id: str | None = None) -> Sized | None:
    """One host that carries peak GRefs/s at the horizon within headroom (a failover member
    or the DR member promoted: one host serves at a time) and passes its storage's IOPS
    (PLC-007); the largest when none does (ECP scale-out then carries the rest). ``sku_id``:
    that SKU only (whether it carries the peak is then for the rules to judge)."""
    demand = facts.peak_grefs.value
    rated = []
    for sku in candidates(facts, role, provider, region, tenancy):
        if sku_id is not None and sku.id != sku_id:
            continue
        if storage is not None and storage.iops is not None and sku.max_storage_iops \
                is not None and sku.max_storage_iops.value is not None \
                and sku.max_storage_iops.value < storage.iops:
            continue
        q = facts.grefs_per_instance(_trial(role, sku, ComponentPlacement()))
        if q is not None:
            rated.append((q.value, _price(sku), sku.id))
    if not rated:
        return None
    rated.sort()
    for value, _, sku_id in rated:
        if within_horizon(facts, demand, value):
            return Sized(sku_id, 1, f"{value:,.0f} GRefs/s (low end) carries {demand:,.0f} "
                                    "at the horizon within headroom")
    value, _, sku_id = rated[-1]
    return Sized(sku_id, 1, f"the largest host, {value:,.0f} GRefs/s (low end), does not carry "
                            f"{demand:,.0f} at the horizon within headroom: add ECP servers",
                 meets=False)


def pool(facts: DesignFacts, role: str, provider: str | None, zones: int,
         demand: float, per_instance: str,
         price: Callable[[str, str | None], float | None] | None = None,
         region: str | None = None) -> Sized | None:
    """A pool spread over ``zones`` zones, the same count in each: all of it carries the demand
    at the horizon within headroom, and what is left after losing one zone carries today's
    peak (RED-009), and together at least the servers of the role that the Hardware
    Configuration Guide calls for (DSN-006). ``per_instance`` is "users" (presentation) or
    "grefs" (ECP). The SKU and
    count that buy the least capacity win; fewer instances break ties. With ``price`` (a
    SKU's monthly price in catalog region ``region``) the pool that costs least wins, then the
    least capacity; an unpriced SKU only when no priced one carries the demand."""
    best: tuple[float, int, int, str, Sized] | None = None
    guide = facts.design.requirements.sizing
    least = math.ceil(guide.servers.get(role, 0) / zones) if guide is not None else 0
    for sku in candidates(facts, role, provider):
        trial = _trial(role, sku, ComponentPlacement())
        q = facts.users_per_instance(trial) if per_instance == "users" \
            else facts.grefs_per_instance(trial)
        if q is None or q.value <= 0:
            continue
        for count in range(max(1, least), MAX_PER_ZONE + 1):  # at least the guide's (DSN-006)
            total = count * zones * q.value
            survives = zones == 1 or count * (zones - 1) * q.value >= demand
            if survives and within_horizon(facts, demand, total):
                unit = "users" if per_instance == "users" else "GRefs/s"
                sized = Sized(sku.id, count, f"{count} x {q.value:,.0f} {unit} in each of "
                                             f"{zones} zones for {demand:,.0f}")
                monthly = price(sku.id, region) if price is not None else 0.0
                cost = math.inf if monthly is None else round(monthly * count * zones, 2)
                key = (cost, round(total), count, sku.id, sized)  # whole units: no float ties
                if best is None or key[:4] < best[:4]:
                    best = key
                break
    return None if best is None else best[4]


def odb_storage(facts: DesignFacts, provider: str | None, filesystems: bool = True,
                tier_id: str | None = None, sku: Sku | None = None) -> Storage | None:
    """ODB volumes: the ODB grown over the horizon with a quarter free, on the provider's
    all-flash tier with the least IOPS that gives the guide's IOPS (else the recommended per
    TB) at THR-006's latency; on tier ``tier_id`` when given and one of those; on a tier the
    host ``sku`` can use (:func:`attaches`), in whole units where the tier is sold in units."""
    req = facts.design.requirements
    size = float(max(1, math.ceil(req.odb_size_tb * horizon_factor(facts) * ODB_FREE_SPACE)))
    need = facts.odb_iops_needed
    iops = math.ceil(need.value) if need is not None else int(size * RECOMMENDED_IOPS_PER_TB)
    tiers = [t for t in facts.catalog.storage_tiers.values()
             if (provider is None or t.provider == provider) and _fast(t)
             and _max_iops(t) > 0 and attaches(facts.catalog, t, sku)]
    if tier_id is not None:
        tiers = [t for t in tiers if t.id == tier_id] or tiers
    if not tiers:
        return None
    fits = sorted((t for t in tiers if _max_iops(t) >= iops), key=lambda t: (_max_iops(t), t.id))
    tier = fits[0] if fits else max(tiers, key=_max_iops)
    iops = min(iops, int(_max_iops(tier)))
    if tier.unit_size_tb:
        unit = min(tier.unit_size_tb)
        size = float(math.ceil(size / unit) * unit)
        if need is None:  # the recommended IOPS for every TB of the whole units
            iops = min(int(size * RECOMMENDED_IOPS_PER_TB), int(_max_iops(tier)))
    return Storage(tier=tier.id, size_tb=size, iops=iops,
                   filesystems=list(ODB_FILESYSTEMS) if filesystems else [])


def attaches(catalog: Catalog, tier: StorageTier, sku: Sku | None) -> bool:
    """Whether a host of ``sku`` can use ``tier``: storage that a compute service brings with
    it (Azure Large Instances' NetApp units) serves that service's hosts alone, and those
    hosts use it alone (no managed disks on bare metal); any other tier serves any other host
    (``sku`` None: a host of no such service)."""
    bundled = {t.service for t in catalog.storage_tiers.values()} & \
        {s.service for s in catalog.skus.values() if s.category == "compute"}
    if sku is not None and sku.service in bundled:
        return tier.service == sku.service
    return tier.service not in bundled


def _max_iops(tier: StorageTier) -> float:
    figure = tier.max_iops
    return figure.value if figure is not None and figure.value is not None else 0.0


def _fast(tier: StorageTier) -> bool:
    avg, worst = tier.latency_avg_ms, tier.latency_max_ms
    return tier.media == "flash" and avg is not None and avg.value is not None \
        and avg.value <= MAX_AVG_LATENCY_MS and worst is not None and worst.value is not None \
        and worst.value <= MAX_LATENCY_MS


def gateway(facts: DesignFacts, role: str, provider: str | None, users: float) -> Sized | None:
    """A gateway whose bandwidth carries ``users``' sessions at the horizon within headroom:
    zone-redundant SKUs first (a platform risk, not a single point of failure: RED-008), then
    the least bandwidth that does; the widest when none does."""
    per_user = facts.assumption("client_bandwidth_kbps_per_user").value
    rated = []
    for sku in candidates(facts, role, provider):
        bandwidth = sku.bandwidth_gbps
        gbps = bandwidth.value if bandwidth is not None and bandwidth.value is not None else 0.0
        rated.append(("zone-redundant" not in sku.features, gbps, _price(sku), sku.id))
    if not rated:
        return None
    rated.sort()
    for _, gbps, _, sku_id in rated:
        if within_horizon(facts, users, gbps * 1e6 / per_user):
            return Sized(sku_id, 1, f"{gbps:g} Gbit/s carries {users:,.0f} sessions at the "
                                    "horizon within headroom")
    _, gbps, _, sku_id = max(rated, key=lambda r: (r[1], r[3]))
    return Sized(sku_id, 1, f"the widest gateway, {gbps:g} Gbit/s, does not carry {users:,.0f} "
                            "sessions at the horizon within headroom", meets=False)
