"""Capacity: demand against effective capacity per tier, growth runway, and served throughput.

Tiers on the clinical path (RULES.md): presentation (concurrent users), application (ECP
servers, GRefs/s) and the production database service (GRefs/s).  Effective capacity is the
per-instance rating (catalog estimate or the design's override) x shared-tenancy derating x the
instances that carry load: active-active pools add up, active-passive pools and mirror failover
pairs count one instance, async mirror members count none.  A data server fed by ECP
application servers serves a multiple of its single-host rating (:func:`flow.database_service`).

Every estimated rating is a band (low / expected / high): ``capacity`` is the expected value,
``capacity_band`` all three with the reason for the width, and utilization, headroom, runway
and the THR verdicts are judged on the low end.

Served throughput comes from :mod:`workbench.analysis.flow`.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field

from ..model.design import Component
from .facts import ECP, ENDS, PRESENTATION, DesignFacts, Quantity
from .flow import INF, NORMAL, FlowNetworks, ServedFlow, database_service, served_flow
from .topology import Topology


@dataclass
class TierCapacity:
    tier: str
    unit: str
    demand: float
    capacity: float
    components: list[str]
    basis: list[str] = field(default_factory=list)
    headroom_limit_pct: float = 75.0
    runway_year: int | None = None  # first year demand exceeds the low end of capacity
    headroom_year: int | None = None  # first year utilization exceeds the headroom limit
    served: float | None = None
    bottleneck: list[str] = field(default_factory=list)  # this tier's part of the min cut
    low: float | None = None  # ends of the capacity band (None: the expected value)
    high: float | None = None
    band_reason: str = ""

    @property
    def judged(self) -> float:
        """The capacity verdicts are judged on: the low end of the band."""
        return self.capacity if self.low is None else self.low

    @property
    def utilization_pct(self) -> float:
        """Utilization at peak against the low end of the capacity band."""
        if self.judged <= 0:
            return INF if self.demand > 0 else 0.0
        return 100.0 * self.demand / self.judged

    @property
    def headroom_pct(self) -> float:
        """Points of utilization left before the headroom limit (negative when over it)."""
        return self.headroom_limit_pct - self.utilization_pct

    def to_json(self) -> dict[str, object]:
        util = self.utilization_pct
        return {
            "tier": self.tier, "unit": self.unit, "demand": self.demand,
            "capacity": self.capacity,
            "capacity_band": {"low": self.judged, "expected": self.capacity,
                              "high": self.capacity if self.high is None else self.high,
                              "reason": self.band_reason},
            "judged_on": "low",
            "utilization_pct": None if math.isinf(util) else round(util, 2),
            "headroom_limit_pct": self.headroom_limit_pct,
            "headroom_pct": None if math.isinf(util) else round(self.headroom_pct, 2),
            "runway_year": self.runway_year, "headroom_year": self.headroom_year,
            "served": self.served,
            "bottleneck": self.bottleneck, "components": self.components, "basis": self.basis,
        }


@dataclass
class Capacity:
    tiers: dict[str, TierCapacity]
    flow: ServedFlow
    grefs_per_user: float
    journal_mb_s: Quantity
    base_year: Quantity
    database_service: list[str]

    def to_json(self) -> dict[str, object]:
        return {
            "base_year": self.base_year.value,
            "grefs_per_user": round(self.grefs_per_user, 3),
            "journal_mb_s": round(self.journal_mb_s.value, 3),
            "served_throughput": round(self.flow.served, 3),
            "demand": self.flow.demand,
            "bottleneck": self.flow.bottleneck,
            "tiers": [t.to_json() for t in self.tiers.values()],
        }


# ------------------------------------------------------------------------------ tiers
def _pool_capacity(facts: DesignFacts, comps: Iterable[Component],
                   per_instance: dict[str, Quantity | None]) -> tuple[float, list[str]]:
    """Capacity of a tier's components: pools that fail over count one member's instance."""
    groups: dict[str, list[Component]] = {}
    for comp in comps:
        groups.setdefault(comp.redundancy.group or f"component:{comp.id}", []).append(comp)
    total = 0.0
    basis = []
    for members in groups.values():
        best_one = 0.0
        for comp in members:
            q = per_instance.get(comp.id)
            if q is None:
                basis.append(f"{comp.id}: no rating for {comp.sku}; counts 0 (override it)")
                continue
            n = facts.carrying_instances(comp)
            if comp.redundancy.mode in ("active-passive", "mirror-failover"):
                best_one = max(best_one, q.value)
                basis.append(f"{comp.id}: one carrying instance of {q.value:,.0f} ({q.basis})")
            else:
                total += n * q.value
                basis.append(f"{comp.id}: {n} x {q.value:,.0f} ({q.basis})")
        total += best_one
    return total, basis


def _band_reason(facts: DesignFacts, members: list[str], basis: Iterable[str] = ()) -> str:
    """Why the tier's band is as wide as it is: the reasons of its members' ratings, and the
    spread of the ECP multiple when the database is fed by ECP servers."""
    reasons = []
    for cid in members:
        band = facts.grefs_band(facts.components[cid])
        if band is not None and band.reason not in reasons:
            reasons.append(band.reason)
    if any("with ECP application servers" in b for b in basis):
        low, exp, high = (facts.assumption(n).value for n in (
            "ecp_scaleout_low", "ecp_scaleout_factor", "ecp_scaleout_high"))
        reasons.append(f"ECP multiple x {low:g} / x {exp:g} / x {high:g}: one published ECP "
                       "result (21 M GRefs/s) against single-host results of two "
                       "generations and releases")
    return "; ".join(reasons)


def runway_year(demand: float, capacity: float, growth_pct: float, base_year: int) -> int | None:
    """First year in which demand grown by ``growth_pct`` a year exceeds capacity (equal is
    not exceeding; a relative tolerance of 1e-9 keeps float noise from deciding)."""
    if demand > capacity * (1 + 1e-9):
        return base_year
    if growth_pct <= 0 or demand <= 0 or capacity == INF:
        return None
    rate = 1 + growth_pct / 100.0
    n = max(1, math.floor(math.log(capacity / demand) / math.log(rate)))
    while demand * rate ** n <= capacity * (1 + 1e-9):
        n += 1
    while n > 1 and demand * rate ** (n - 1) > capacity * (1 + 1e-9):
        n -= 1
    return base_year + n


def compute_capacity(facts: DesignFacts, topo: Topology,
                     networks: FlowNetworks | None = None) -> Capacity:
    """Capacity of every tier and the served flow (on ``networks`` when given, so the
    failure scenarios reuse the flow network built here)."""
    req = facts.design.requirements
    base = int(facts.base_year.value)
    tiers: dict[str, TierCapacity] = {}

    ratings = networks.ratings if networks is not None else None
    db = {end: database_service(facts, topo, NORMAL, end, ratings) for end in ENDS}
    db_cap, db_members, db_basis = db["expected"]
    tiers["database"] = TierCapacity("database", "GRefs/s", facts.peak_grefs.value, db_cap,
                                     db_members, db_basis, req.headroom_limit_pct,
                                     low=db["low"][0], high=db["high"][0],
                                     band_reason=_band_reason(facts, db_members, db_basis))

    # every pool the design pays for counts, connected or not (THR-009 names a pool that
    # carries nothing); only standby pools that feed the DR member alone stay out
    standby = topo.standby_only
    ecp = [c for c in facts.with_role(ECP) if c.id not in standby]
    if ecp:
        ends = {end: _pool_capacity(facts, ecp, {c.id: facts.grefs_per_instance(c, end)
                                                  for c in ecp}) for end in ENDS}
        cap, basis = ends["expected"]
        tiers["application"] = TierCapacity("application", "GRefs/s",
                                            facts.peak_grefs.value, cap,
                                            [c.id for c in ecp], basis, req.headroom_limit_pct,
                                            low=ends["low"][0], high=ends["high"][0],
                                            band_reason=_band_reason(facts, [c.id for c in ecp]))

    pres = [c for c in facts.with_role(PRESENTATION) if c.id not in standby]
    per_users = {c.id: facts.users_per_instance(c) for c in pres}
    cap, basis = _pool_capacity(facts, pres, per_users)
    tiers["presentation"] = TierCapacity("presentation", "concurrent users",
                                         float(req.concurrent_users), cap, [c.id for c in pres],
                                         basis, req.headroom_limit_pct)

    for tier in tiers.values():
        tier.runway_year = runway_year(tier.demand, tier.judged, req.annual_growth_pct, base)
        tier.headroom_year = runway_year(tier.demand, tier.judged * tier.headroom_limit_pct
                                         / 100.0, req.annual_growth_pct, base)

    flow = served_flow(facts, topo, NORMAL, networks)
    for tier in tiers.values():
        through = sum(flow.node_flow.get(cid, 0.0) for cid in tier.components)
        if tier.tier == "database":
            through = flow.served
        elif tier.unit == "concurrent users" and facts.grefs_per_user:
            through /= facts.grefs_per_user
        tier.served = round(through, 3)
        tier.bottleneck = [b for b in flow.bottleneck if b in tier.components]
    return Capacity(tiers, flow, facts.grefs_per_user, facts.journal_mb_s, facts.base_year,
                    db_members)


