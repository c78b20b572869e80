"""A design joined to its catalog: lookups and effective figures every analysis reads.

Effective figures honour, in this order, a component's ``overrides``, the design's
``policy.assumptions`` and the catalog; each comes with the basis that produced it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cached_property
from typing import Literal

from catalogs import SITE, Catalog
from catalogs.loader import RatingBand
from catalogs.models import Figure, Role, Sku, StorageTier
from catalogs.models import Region as CatalogRegion

from .. import clock
from ..model.design import Component, Design, Link, Region, Site

# The roles the analysis is built around, by id; what a role is (tier, PHI, clinical path,
# ODB mirror member, ODB storage, exposure) is read from the catalog (roles.yaml), never listed
# here: see DesignFacts.role and is_network.
ODB_PRODUCTION = "odb-production"
ODB_DR = "odb-dr"
ARBITER = "arbiter"
PRESENTATION = "hyperspace-presentation"
ECP = "ecp-app-server"
WEB_SERVICE = "web-service"
NETWORK_TIER = "network"  # roles of this tier pass traffic: every surviving instance carries
# the Epic / NetApp sizing method: the write burst of one 80-second write-daemon cycle must be
# written within 45 seconds; GRefs/s = (read IOPS + burst / 45) x 225 (NetApp, "NetApp
# storage reference architectures for Epic", from the customer's Hardware Configuration Guide)
WRITE_BURST_SECONDS = 45
GREFS_PER_IO = 225
End = Literal["low", "expected", "high"]  # an end of a capacity band
ENDS: tuple[End, ...] = ("low", "expected", "high")
CARRYING_MODES = frozenset({"single", "active-active"})  # every instance carries load
ONE_CARRIES_MODES = frozenset({"active-passive", "mirror-failover"})  # one instance carries


@dataclass(frozen=True)
class Quantity:
    """A figure used by the analysis, with where it came from."""

    value: float
    basis: str


@dataclass
class DesignFacts:
    design: Design
    catalog: Catalog
    as_of: dt.date = field(default_factory=lambda: clock.today())  # date checks judge here

    @cached_property
    def components(self) -> dict[str, Component]:
        return {c.id: c for c in self.design.components}

    @cached_property
    def sites(self) -> dict[str, Site]:
        return {s.id: s for s in self.design.placement.sites}

    @cached_property
    def regions(self) -> dict[str, Region]:
        return {r.id: r for r in self.design.placement.regions}

    @cached_property
    def links(self) -> dict[str, Link]:
        return {link.id: link for link in self.design.links}

    @cached_property
    def zone_region(self) -> dict[str, str]:
        return {z.id: r.id for r in self.design.placement.regions for z in r.zones}

    @cached_property
    def by_role(self) -> dict[str, list[Component]]:
        out: dict[str, list[Component]] = {}
        for comp in self.design.components:
            out.setdefault(comp.role, []).append(comp)
        return out

    def with_role(self, role: str) -> list[Component]:
        return self.by_role.get(role, [])

    # ---- catalog joins -------------------------------------------------------------------
    def role(self, comp: Component) -> Role:
        return self.catalog.roles[comp.role]

    def is_network(self, comp: Component) -> bool:
        """A gateway or load balancer: every surviving instance passes traffic."""
        return self.role(comp).tier == NETWORK_TIER

    def sku(self, comp: Component) -> Sku:
        return self.catalog.skus[comp.sku]

    def storage_tier(self, comp: Component) -> StorageTier | None:
        if comp.storage is None:
            return None
        return self.catalog.storage_tiers[comp.storage.tier]

    def catalog_region(self, comp: Component) -> CatalogRegion | None:
        if comp.placement.region is None:
            return None
        return self.catalog.regions[self.regions[comp.placement.region].catalog_region]

    def end_role(self, element_id: str) -> str:
        """The role at a link end: a component's role, or SITE for a clinical site."""
        comp = self.components.get(element_id)
        return comp.role if comp is not None else SITE

    def is_shared(self, comp: Component) -> bool:
        return self.sku(comp).tenancy == "shared"

    def stores_phi(self, comp: Component) -> bool:
        return self.role(comp).stores_phi if comp.stores_phi is None else comp.stores_phi

    def carries_phi(self, link: Link) -> bool:
        kind = self.catalog.link_kinds[link.kind]
        return kind.carries_phi if link.carries_phi is None else link.carries_phi

    # ---- assumptions and requirements ------------------------------------------------------
    def assumption(self, name: str) -> Quantity:
        if name in self.design.policy.assumptions:
            return Quantity(self.design.policy.assumptions[name],
                            f"design policy.assumptions.{name}")
        assumptions = self.catalog.assumptions
        assert assumptions is not None
        fig: Figure = getattr(assumptions, name)
        assert fig.value is not None
        return Quantity(fig.value, fig.basis)

    @cached_property
    def base_year(self) -> Quantity:
        req = self.design.requirements
        if req.base_year is not None:
            return Quantity(req.base_year, "requirements.base_year")
        if self.design.metadata.effective_date is not None:
            return Quantity(self.design.metadata.effective_date.year,
                            "year of metadata.effective_date")
        return Quantity(self.as_of.year,
                        "year of the as-of date (no base_year or effective_date)")

    @cached_property
    def peak_grefs(self) -> Quantity:
        """Peak GRefs/s at the production ODB: the Hardware Configuration Guide's when the
        design carries one, unless the design states a larger peak to plan for."""
        req = self.design.requirements
        stated = Quantity(req.peak_grefs_per_s, "requirements.peak_grefs_per_s")
        if req.sizing is None or req.sizing.peak_grefs is None \
                or req.peak_grefs_per_s > req.sizing.peak_grefs:
            return stated
        return Quantity(req.sizing.peak_grefs, self._guide("peak_grefs"))

    def _guide(self, name: str) -> str:
        sizing = self.design.requirements.sizing
        assert sizing is not None
        return f"Hardware Configuration Guide: {sizing.source} ({sizing.date}), {name}"

    def sizing_summary(self) -> dict[str, object]:
        """Which demand and storage figures came from the Hardware Configuration Guide and
        which are estimates or the design's own statements (for the report)."""
        sizing = self.design.requirements.sizing
        need = self.odb_iops_needed
        figures = {"peak_grefs": self.peak_grefs, "journal_mb_s": self.journal_mb_s,
                   "odb_iops": need or Quantity(0, "estimated: 1,000-2,000 IOPS per TB of "
                                                   "the ODB (no guide figures)")}
        out: dict[str, object] = {"guide": None if sizing is None else {
            "source": sizing.source, "date": sizing.date.isoformat(),
            "servers": dict(sizing.servers)}}
        out["from_guide"] = {k: q.value for k, q in figures.items()
                             if q.basis.startswith("Hardware Configuration Guide")
                             or "write-burst" in q.basis}
        out["estimated_or_stated"] = {k: q.basis for k, q in figures.items()
                                      if k not in out["from_guide"]}  # type: ignore[operator]
        return out

    @cached_property
    def grefs_per_user(self) -> float:
        req = self.design.requirements
        return self.peak_grefs.value / req.concurrent_users if req.concurrent_users else 0.0

    @cached_property
    def journal_mb_s(self) -> Quantity:
        req = self.design.requirements
        if req.sizing is not None and req.sizing.journal_mb_s is not None:
            return Quantity(req.sizing.journal_mb_s, self._guide("journal_mb_s"))
        if req.peak_journal_mb_s is not None:
            return Quantity(req.peak_journal_mb_s, "requirements.peak_journal_mb_s")
        rate = self.assumption("journal_mb_s_per_million_grefs")
        peak = self.peak_grefs.value
        return Quantity(peak / 1e6 * rate.value,
                        f"estimated: {peak / 1e6:g} M GRefs/s x {rate.value:g} MB/s per "
                        f"million ({rate.basis})")

    @cached_property
    def odb_iops_needed(self) -> Quantity | None:
        """IOPS the production ODB's storage must sustain by the Epic / NetApp sizing method:
        read IOPS + the write burst of one 80-second write-daemon cycle written within 45
        seconds; None without both figures from the guide."""
        sizing = self.design.requirements.sizing
        if sizing is None or sizing.read_iops is None or sizing.write_burst_ops is None:
            return None
        need = sizing.read_iops + sizing.write_burst_ops / WRITE_BURST_SECONDS
        return Quantity(need, f"{sizing.read_iops:,} read IOPS + {sizing.write_burst_ops:,} "
                        f"write-burst operations / {WRITE_BURST_SECONDS} s ({self._guide('')[:-2]}"
                        f"; method: NetApp, Epic sizing on NetApp storage)")

    # ---- effective per-instance ratings --------------------------------------------------
    def grefs_band(self, comp: Component) -> RatingBand | None:
        """GRefs/s one instance carries, low / expected / high: the design's override (a
        measured figure: no band) or the catalog's estimate, x the shared-tenancy derating."""
        if comp.overrides is not None and comp.overrides.grefs_per_s is not None:
            v = comp.overrides.grefs_per_s
            band = RatingBand(v, v, v, comp.overrides.basis or f"{comp.id}.overrides.grefs_per_s",
                              "the design's own figure: no band", estimated=False)
        else:
            found = self.catalog.grefs_band(comp.sku)
            if found is None:
                return None
            band = found
        if not self.is_shared(comp):
            return band
        d = self.assumption("shared_tenancy_derating")
        return RatingBand(band.low * d.value, band.expected * d.value, band.high * d.value,
                          f"{band.expected:,.0f} x {d.value:g} shared-tenancy derating "
                          f"({band.basis})", band.reason, band.estimated)

    def grefs_per_instance(self, comp: Component, end: End = "low") -> Quantity | None:
        """One end of :meth:`grefs_band` (verdicts are judged on the low end)."""
        band = self.grefs_band(comp)
        if band is None:
            return None
        return Quantity(getattr(band, end), band.basis if end == "expected" else
                        f"{end} end of {band.expected:,.0f} ({band.reason}; {band.basis})")

    def users_per_instance(self, comp: Component) -> Quantity | None:
        if comp.overrides is not None and comp.overrides.users_per_host is not None:
            return Quantity(comp.overrides.users_per_host,
                            comp.overrides.basis or f"{comp.id}.overrides.users_per_host")
        fig = self.sku(comp).users_per_host
        if fig is None or fig.value is None:
            return None
        return Quantity(fig.value, fig.basis)

    def carrying_instances(self, comp: Component) -> int:
        """Instances of one component that carry load at once."""
        mode = comp.redundancy.mode
        if mode in CARRYING_MODES:
            return comp.count
        if mode in ONE_CARRIES_MODES:
            return 1
        return 0  # async mirror members serve no production load
