"""The counterpart of a design in the other tenancy, as a variant (no Qt).

Every component whose SKU is of the other tenancy is mapped to the nearest catalog SKU of the
target tenancy that serves its role (the role's ``sku_classes``):

1. the same provider as the component's place (a region's provider; on-premises at a site):
   the design's placement allows no other, so a role the provider has no SKU of the target
   tenancy for is reported as not mapped;
2. available in the component's region where the catalog records it (a region's
   ``dedicated_skus``; in its zones unless ``dedicated_skus_without_zones`` lists it; a SKU
   no region lists is taken as available);
3. the closest capacity: users per host for the presentation tier (a SKU that states none
   carries no one there), else the GRefs/s rating (the catalog's figure or its calibrated estimate,
   x the shared-tenancy derating on shared SKUs), else cores, else memory, each compared as a
   ratio; then the closer core count and memory;
4. the SKU id, so that the result never depends on the catalog's order.

Components on premises are left as they are (the tenancy question is the cloud's), and so
are the provider's shared services (gateways, backup vaults, log stores) when deriving the
dedicated counterpart: dedicated compute uses them too. A dedicated appliance (Azure Large
Instances' snapshot target) does map to the provider's shared service for its role.

A database member that must carry the production peak (production ODB and its DR member) is
not moved to shared tenancy when the peak is above the shared-tenancy ceiling (PLC-002's
threshold, else the design's or the catalog's ``shared_tenancy_grefs_ceiling``): the report
says so with the figures. Storage follows the SKU: a tier bound to a compute service (Azure
Large Instances' NetApp flash, on-premises arrays) goes to the nearest tier the new SKU can use
(same platform, then media, then closest IOPS), and such a tier is taken when the new SKU
needs one.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from catalogs import Catalog
from catalogs.models import Sku, StorageTier, Tenancy

from . import units
from .design import Component, ComponentChange, Design, StorageChange, Variant

# roles whose one instance must carry the production peak when it serves (PLC-002)
PEAK_CARRIERS = ("odb-production", "odb-dr")
PRESENTATION = "hyperspace-presentation"  # sized in concurrent users per host


@dataclass(frozen=True)
class Mapped:
    component: str
    from_sku: str
    to_sku: str
    why: str
    storage: tuple[str, str] | None = None  # (from tier, to tier) when the tier changes
    warning: str = ""  # what the mapping cannot make good (e.g. demand above the ceiling)


@dataclass(frozen=True)
class Unmapped:
    component: str
    sku: str
    why: str


@dataclass(frozen=True)
class Derivation:
    """The counterpart variant and what the mapping did and could not do."""

    source: Tenancy
    target: Tenancy
    variant: Variant
    mapped: tuple[Mapped, ...]
    unmapped: tuple[Unmapped, ...]
    kept: tuple[tuple[str, str], ...] = ()  # (component, why it is outside the question)

    def lines(self) -> list[str]:
        """The report: a summary, one line per mapped component, then what was not mapped."""
        out = [f"variant '{self.variant.name}' ({self.source} -> {self.target}): "
               f"{len(self.mapped)} component{'s' * (len(self.mapped) != 1)} mapped, "
               f"{len(self.unmapped)} not mapped"]
        out += [f"  {m.component}: {m.from_sku} -> {m.to_sku} ({m.why})"
                + (f"; storage {m.storage[0]} -> {m.storage[1]}" if m.storage else "")
                for m in self.mapped]
        warned = [m for m in self.mapped if m.warning]
        if warned:
            out.append("MAPPED, BUT THE VARIANT WILL NOT PASS (ehrwb compare shows by how much):")
            out += [f"  {m.component}: {m.warning}" for m in warned]
        if self.unmapped:
            out.append(f"NOT MAPPED (they stay {self.source} in the variant):")
            out += [f"  {u.component}: {u.sku}: {u.why}" for u in self.unmapped]
        reasons = dict.fromkeys(why for _, why in self.kept)
        out += [f"left as they are ({why}): "
                + ", ".join(c for c, w in self.kept if w == why) for why in reasons]
        return out


def design_tenancy(design: Design, catalog: Catalog) -> Tenancy:
    """The tenancy a design stands for: its production database's (the first production ODB
    component), else that of most of its compute instances (shared on a tie)."""
    skus = catalog.skus
    for comp in design.components:
        if comp.role == "odb-production" and comp.sku in skus:
            return skus[comp.sku].tenancy
    dedicated = sum(c.count for c in design.components
                    if c.sku in skus and skus[c.sku].category == "compute"
                    and skus[c.sku].tenancy == "dedicated")
    shared = sum(c.count for c in design.components
                 if c.sku in skus and skus[c.sku].category == "compute"
                 and skus[c.sku].tenancy == "shared")
    return "dedicated" if dedicated > shared else "shared"


def other(tenancy: Tenancy) -> Tenancy:
    return "shared" if tenancy == "dedicated" else "dedicated"


def derive(design: Design, catalog: Catalog, to: Tenancy, name: str | None = None) -> Derivation:
    """The counterpart of the base design (its variants ignored) in tenancy ``to``, as the
    variant ``name`` (default: the tenancy's name)."""
    mapper = _Mapper(design, catalog, to)
    changes: list[ComponentChange] = []
    mapped: list[Mapped] = []
    unmapped: list[Unmapped] = []
    kept: list[tuple[str, str]] = []
    for comp in design.components:
        sku = catalog.skus.get(comp.sku)
        if sku is None or sku.tenancy == to or comp.role not in catalog.roles:
            continue
        if sku.provider == "on-premises":
            kept.append((comp.id, "on premises: the tenancy question is the cloud's"))
            continue
        if to == "dedicated" and sku.category != "compute":
            kept.append((comp.id, "the provider's shared services: dedicated compute uses "
                                  "them too"))
            continue
        result = mapper.map(comp, sku)
        if isinstance(result, Unmapped):
            unmapped.append(result)
            continue
        mapped.append(result)
        storage = StorageChange(tier=result.storage[1]) if result.storage else None
        changes.append(ComponentChange(component=comp.id, sku=result.to_sku, storage=storage))
    source = other(to)
    description = (f"{source} SKUs mapped to the nearest {to} SKU of their role (ehrwb variant "
                   f"derive): {len(mapped)} mapped"
                   + (f", {len(unmapped)} not mapped: {', '.join(u.component for u in unmapped)}"
                      if unmapped else ""))
    variant = Variant(name=name or to, tenancy=to, description=description, changes=changes)
    return Derivation(source, to, variant, tuple(mapped), tuple(unmapped), tuple(kept))


class _Mapper:
    def __init__(self, design: Design, catalog: Catalog, to: Tenancy) -> None:
        self.design, self.catalog, self.to = design, catalog, to
        self.regions = {r.id: r for r in design.placement.regions}
        assumptions = catalog.assumptions
        self.derating = design.policy.assumptions.get(
            "shared_tenancy_derating",
            assumptions.shared_tenancy_derating.value if assumptions else 1.0)
        self.recorded = {s for r in catalog.regions.values() for s in r.dedicated_skus}
        self.bound_services = {t.service for t in catalog.storage_tiers.values()} & \
            {s.service for s in catalog.skus.values() if s.category == "compute"}

    # ---- capacity --------------------------------------------------------------------
    def rating(self, sku: Sku) -> float | None:
        """GRefs/s one host delivers: the expected rating, derated on shared tenancy."""
        band = self.catalog.grefs_band(sku.id)
        if band is None:
            return None
        return band.expected * (self.derating if sku.tenancy == "shared" else 1.0)

    def _rating_text(self, sku: Sku) -> str:
        rating = self.rating(sku)
        if rating is None:
            return "no rating"
        text = f"{units.quantity(rating)} GRefs/s"
        return text + (f" ({units.quantity(rating / self.derating)} x {self.derating:g} shared "
                       "derating)" if sku.tenancy == "shared" and self.derating != 1 else "")

    def _peak_and_ceiling(self) -> tuple[float, float, str]:
        req = self.design.requirements
        sizing = req.sizing
        peak = float(sizing.peak_grefs if sizing and sizing.peak_grefs else req.peak_grefs_per_s)
        rule = self.design.policy.rules.get("PLC-002")
        threshold = rule.thresholds.get("shared_ceiling_grefs") if rule else None
        if isinstance(threshold, (int, float)):
            return peak, float(threshold), "the design's PLC-002 threshold"
        override = self.design.policy.assumptions.get("shared_tenancy_grefs_ceiling")
        if override is not None:
            return peak, override, "the design's shared_tenancy_grefs_ceiling"
        assumptions = self.catalog.assumptions
        ceiling = assumptions.shared_tenancy_grefs_ceiling.value if assumptions else math.inf
        return peak, ceiling, "catalog assumption shared_tenancy_grefs_ceiling"

    # ---- places ----------------------------------------------------------------------
    def _provider(self, comp: Component) -> str | None:
        if comp.placement.site is not None:
            return "on-premises"
        region = self.regions.get(comp.placement.region or "")
        cat_region = self.catalog.regions.get(region.catalog_region) if region else None
        return cat_region.provider if cat_region else None

    def _unavailable(self, comp: Component, sku: Sku) -> int:
        """0 available where the component is, 1 in its region but not in zones, 2 not offered
        there; shared SKUs and regions the catalog records nothing for count as available."""
        region = self.regions.get(comp.placement.region or "")
        cat_region = self.catalog.regions.get(region.catalog_region) if region else None
        if sku.tenancy != "dedicated" or cat_region is None or sku.id not in self.recorded:
            return 0
        if sku.id not in cat_region.dedicated_skus:
            return 2
        return 1 if comp.placement.zones and sku.id in cat_region.dedicated_skus_without_zones \
            else 0

    # ---- the mapping -------------------------------------------------------------------
    def map(self, comp: Component, sku: Sku) -> Mapped | Unmapped:
        role = self.catalog.roles[comp.role]
        provider = self._provider(comp)
        candidates = [s for s in self.catalog.skus.values()
                      if s.tenancy == self.to and s.provider == provider
                      and s.category == sku.category and set(s.classes) & set(role.sku_classes)]
        if not candidates:
            return Unmapped(comp.id, sku.id, f"no {self.to} SKU of {provider} in the catalog "
                            f"serves role {comp.role} (SKU classes "
                            f"{', '.join(role.sku_classes)})")
        if comp.role == PRESENTATION:  # its capacity is users, not GRefs/s
            rated = [s for s in candidates if s.users_per_host is not None]
            if not rated:
                carries = f" ({sku.id} carries {sku.users_per_host.value:,.0f} users)" \
                    if sku.users_per_host else ""
                return Unmapped(comp.id, sku.id, f"no {self.to} SKU of {provider} in the "
                                f"catalog states how many users a host carries{carries}: the "
                                "presentation tier would carry no one")
            candidates = rated
        if self.to == "shared" and comp.role in PEAK_CARRIERS:
            peak, ceiling, basis = self._peak_and_ceiling()
            if peak > ceiling:
                # the counterpart is still made, on the largest shared SKU, so that the
                # comparison can show what shared compute lacks: said, never hidden
                best = min(candidates, key=lambda s: (-(self.rating(s) or 0),
                                                      -(s.cpu.cores if s.cpu else 0), s.id))
                return Mapped(comp.id, sku.id, best.id, f"the largest shared database SKU of "
                              f"{provider}, rated {self._rating_text(best)} per host",
                              self._storage(comp, sku, best),
                              warning=f"peak demand {units.quantity(peak)} GRefs/s is above "
                              f"the shared-tenancy ceiling {units.quantity(ceiling)} GRefs/s "
                              f"({basis}): the variant fails PLC-002")
        choice = min(candidates, key=lambda s: self._distance(comp, sku, s))
        return Mapped(comp.id, sku.id, choice.id, self._why(comp, sku, choice, candidates),
                      self._storage(comp, sku, choice))

    def _distance(self, comp: Component, current: Sku, cand: Sku) -> tuple[object, ...]:
        mine, theirs = self.rating(current), self.rating(cand)
        cur_cpu, cand_cpu = current.cpu, cand.cpu
        cores = _ratio(cur_cpu.cores if cur_cpu else None, cand_cpu.cores if cand_cpu else None)
        memory = _ratio(current.memory_gb.value if current.memory_gb else None,
                        cand.memory_gb.value if cand.memory_gb else None)
        users = _ratio(current.users_per_host.value if current.users_per_host else None,
                       cand.users_per_host.value if cand.users_per_host else None)
        first = next((d for d in (users, _ratio(mine, theirs), cores) if not math.isinf(d)),
                     memory)
        return (self._unavailable(comp, cand), round(first, 9), round(cores, 9),
                round(memory, 9), cand.id)

    def _why(self, comp: Component, current: Sku, choice: Sku, candidates: list[Sku]) -> str:
        parts = [f"same provider, {len(candidates)} {self.to} SKU"
                 + (f"s serve {comp.role}" if len(candidates) != 1 else f" serves {comp.role}")]
        if self.rating(current) is not None and self.rating(choice) is not None:
            parts.append(f"closest rating {self._rating_text(current)} -> "
                         f"{self._rating_text(choice)}")
        if current.cpu and choice.cpu:
            parts.append(f"{current.cpu.cores} -> {choice.cpu.cores} cores")
        if current.memory_gb and choice.memory_gb:
            parts.append(f"{current.memory_gb.value:,.0f} -> {choice.memory_gb.value:,.0f} GB")
        region = comp.placement.region
        level = self._unavailable(comp, choice)
        if choice.id in self.recorded and region is not None:
            parts.append(["offered in region " + region, "offered in region " + region +
                          " but not in zones", "NOT offered in region " + region +
                          " (no closer SKU is)"][level])
        return ", ".join(parts)

    def _storage(self, comp: Component, current: Sku, new: Sku) -> tuple[str, str] | None:
        tiers = self.catalog.storage_tiers
        tier = tiers.get(comp.storage.tier) if comp.storage is not None else None
        if tier is None:
            return None
        if new.service in self.bound_services:
            usable = [t for t in tiers.values() if t.service == new.service]
        else:
            usable = [t for t in tiers.values()
                      if t.provider == tier.provider and t.service not in self.bound_services]
        if not usable or tier in usable:
            return None
        best = min(usable, key=lambda t: _tier_distance(tier, t))
        return (tier.id, best.id)


def _tier_distance(current: StorageTier, cand: StorageTier) -> tuple[object, ...]:
    iops = _ratio(current.max_iops.value if current.max_iops else None,
                  cand.max_iops.value if cand.max_iops else None)
    return (cand.platform != current.platform, cand.media != current.media, round(iops, 9),
            cand.id)


def _ratio(a: float | None, b: float | None) -> float:
    """How far apart two positive figures are, as |log(a / b)|; infinite without both."""
    if not a or not b:
        return math.inf
    return abs(math.log(a / b))
