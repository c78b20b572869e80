"""Availability of the clinical path, k-of-n per tier, from catalog SLAs.

Model (a common-cause model, stated so a Monte Carlo can check it):
- each instance is up independently with its *single-instance* SLA (the SKU's ``single``
  figure, lowered by the storage tier's single-VM SLA; a managed service with only a
  zone-redundant figure uses that one), or the component's ``overrides.sla_pct``;
- a redundancy group (components sharing ``redundancy.group``, or one multi-instance
  component) also fails as a whole with the probability its deployment SLA leaves: ``pair``
  for a dedicated failover pair, ``zones`` when its instances span two or more zones,
  ``availability_set`` when they share a set, none for a single instance. This is what keeps
  a pool from looking better than the provider will promise;
- a tier is up when the capacity of its up instances carries peak demand: active-active
  instances add up, a group that fails over carries one instance's capacity while any member
  is up, components with unlimited capacity need only be up. k, the instances needed, comes
  from the same capacity model as THR-001, so capacity and redundancy are tied;
- the path is up when every tier is up (series: the product), and a tier with several
  groups is their parallel (k-of-n) composition.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field

from catalogs.models import Figure

from ..model.design import Component
from .facts import ECP, ODB_PRODUCTION, PRESENTATION, DesignFacts
from .flow import NORMAL, instance_capacity

PRUNE = 1e-16  # probabilities below this are dropped (they move availability by < 1e-12)


@dataclass
class Pool:
    """Instances of one component as the availability model sees them."""

    component: str
    instances: int
    instance_availability: float
    capacity: float | None  # per instance; None = unlimited
    one_carries: bool  # fails over: carries one instance's capacity while any is up
    basis: str


@dataclass
class Group:
    name: str
    pools: list[Pool]
    common_cause: float  # probability the group is not down as a whole
    deployment: str


@dataclass
class TierAvailability:
    tier: str
    demand: float
    groups: list[Group]
    availability: float
    needed: int | None  # k, when the tier's instances are alike
    instances: int
    notes: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, object]:
        return {
            "tier": self.tier, "availability_pct": round(100 * self.availability, 6),
            "needed": self.needed, "instances": self.instances,
            "components": [p.component for g in self.groups for p in g.pools],
            "groups": [{"name": g.name, "deployment": g.deployment,
                        "common_cause_pct": round(100 * g.common_cause, 6),
                        "pools": [{"component": p.component, "instances": p.instances,
                                   "instance_availability_pct":
                                   round(100 * p.instance_availability, 6),
                                   "basis": p.basis} for p in g.pools]}
                       for g in self.groups],
            "notes": self.notes,
        }


@dataclass
class PathAvailability:
    tiers: list[TierAvailability]
    target_pct: float

    @property
    def availability(self) -> float:
        return math.prod(t.availability for t in self.tiers) if self.tiers else 0.0

    @property
    def downtime_minutes_per_month(self) -> float:
        return (1 - self.availability) * 30 * 24 * 60

    def to_json(self) -> dict[str, object]:
        return {"availability_pct": round(100 * self.availability, 6),
                "target_pct": self.target_pct,
                "downtime_minutes_per_month": round(self.downtime_minutes_per_month, 2),
                "tiers": [t.to_json() for t in self.tiers]}


# ---------------------------------------------------------------------------- figures
def instance_availability(facts: DesignFacts, comp: Component) -> tuple[float, str]:
    if comp.overrides is not None and comp.overrides.sla_pct is not None:
        return comp.overrides.sla_pct / 100, f"{comp.id}.overrides.sla_pct"
    sla = facts.sku(comp).sla
    fig = sla.single or sla.zones or sla.availability_set or sla.pair
    if fig is None or fig.value is None:
        return 0.99, f"{comp.sku} states no SLA; 99 % assumed"
    value, basis = fig.value, f"{comp.sku} {fig.value:g} % ({fig.basis})"
    tier = facts.storage_tier(comp)
    if tier is not None and tier.single_vm_sla is not None and tier.single_vm_sla.value \
            is not None and tier.single_vm_sla.value < value:
        value = tier.single_vm_sla.value
        basis = f"single VM on {tier.id}: {value:g} % ({tier.single_vm_sla.basis})"
    return value / 100, basis


def _deployment(facts: DesignFacts, comps: list[Component]) -> tuple[str, float, str]:
    """How a group is deployed and the probability it is not down as a whole."""
    instances = sum(c.count for c in comps)
    if instances < 2:
        return "single", 1.0, "one instance: no common cause beyond it"
    zones = {z for c in comps for z in c.placement.zones}
    failover = all(c.redundancy.mode == "mirror-failover" for c in comps)
    forms = []
    if failover and all(facts.sku(c).tenancy == "dedicated" for c in comps):
        forms.append("pair")
    if len(zones) >= 2:
        forms.append("zones")
    if all(c.placement.availability_set for c in comps):
        forms.append("availability_set")
    for form in forms:
        worst = _worst(getattr(facts.sku(c).sla, form) for c in comps)
        if worst is not None:
            return form, worst[0] / 100, f"{form} SLA {worst[0]:g} % ({worst[1]})"
    if len(zones) <= 1 and not all(c.placement.availability_set for c in comps):
        # several instances with no zone or set guarantee: the provider promises no more
        # than one instance's SLA for all of them together
        worst = _worst(facts.sku(c).sla.single for c in comps)
        if worst is not None:
            return "single", worst[0] / 100, \
                f"no zone or set guarantee: at most {worst[0]:g} % for the group"
    return forms[0] if forms else "single", 1.0, "no SLA figure for this deployment"


def _worst(figures: Iterable[Figure | None]) -> tuple[float, str] | None:
    """The lowest figure and its basis, or None if any is missing."""
    worst: tuple[float, str] | None = None
    for fig in figures:
        if fig is None or fig.value is None:
            return None
        if worst is None or fig.value < worst[0]:
            worst = (fig.value, fig.basis)
    return worst


# ---------------------------------------------------------------------------- distributions
def _binomial(n: int, p: float) -> list[tuple[int, float]]:
    """(k, P(k of n up)) for the likely k, computed in log space."""
    if p >= 1.0:
        return [(n, 1.0)]
    if p <= 0.0:
        return [(0, 1.0)]
    lp, lq = math.log(p), math.log1p(-p)
    out = []
    for k in range(n, -1, -1):
        logc = math.lgamma(n + 1) - math.lgamma(k + 1) - math.lgamma(n - k + 1)
        prob = math.exp(logc + k * lp + (n - k) * lq)
        if prob < PRUNE and k < n * p:
            break  # the tail below the mean only shrinks from here
        if prob >= PRUNE:
            out.append((k, prob))
    return out


def _pool_distribution(pool: Pool, demand: float) -> dict[float, float]:
    """Capacity this pool contributes -> probability (capacity clamped at demand)."""
    dist: dict[float, float] = {}
    for up, prob in _binomial(pool.instances, pool.instance_availability):
        if up == 0:
            cap = 0.0
        elif pool.capacity is None:
            cap = demand
        elif pool.one_carries:
            cap = min(demand, pool.capacity)
        else:
            cap = min(demand, up * pool.capacity)
        key = round(cap, 6)
        dist[key] = dist.get(key, 0.0) + prob
    return dist


def _combine(a: dict[float, float], b: dict[float, float], demand: float) -> dict[float, float]:
    out: dict[float, float] = {}
    for ca, pa in a.items():
        for cb, pb in b.items():
            prob = pa * pb
            if prob < PRUNE:
                continue
            key = round(min(demand, ca + cb), 6)
            out[key] = out.get(key, 0.0) + prob
    return out


def _group_distribution(group: Group, demand: float) -> dict[float, float]:
    one_carries = [p for p in group.pools if p.one_carries]
    dist: dict[float, float] = {0.0: 1.0}
    if one_carries:
        # a failover group carries one instance's capacity while any member is up
        down_all = math.prod((1 - p.instance_availability) ** p.instances for p in one_carries)
        best = max((p.capacity if p.capacity is not None else demand) for p in one_carries)
        dist = {round(min(demand, best), 6): 1 - down_all, 0.0: down_all}
    for pool in group.pools:
        if not pool.one_carries:
            dist = _combine(dist, _pool_distribution(pool, demand), demand)
    scaled = {k: v * group.common_cause for k, v in dist.items()}
    scaled[0.0] = scaled.get(0.0, 0.0) + (1 - group.common_cause)
    return scaled


def tier_availability(name: str, groups: list[Group], demand: float) -> TierAvailability:
    dist: dict[float, float] = {0.0: 1.0}
    for group in groups:
        dist = _combine(dist, _group_distribution(group, demand), demand)
    enough = round(demand, 6)
    availability = sum(p for cap, p in dist.items() if cap >= enough - 1e-6)
    pools = [p for g in groups for p in g.pools]
    caps = {p.capacity for p in pools}
    needed = None
    if len(caps) == 1 and None not in caps and not any(p.one_carries for p in pools):
        cap = caps.pop()
        needed = math.ceil(demand / cap - 1e-9) if cap else None
    elif pools and all(p.capacity is None or p.one_carries for p in pools):
        needed = 1
    return TierAvailability(name, demand, groups, min(1.0, availability), needed,
                            sum(p.instances for p in pools))


# ---------------------------------------------------------------------------- the path
TIERS = (("gateways", ("expressroute-gateway", "vpn-gateway")),
         ("load balancers", ("load-balancer",)),
         ("presentation", (PRESENTATION,)),
         ("application", (ECP, "web-service")),
         ("database", (ODB_PRODUCTION,)))


def _groups(facts: DesignFacts, comps: Iterable[Component]) -> list[Group]:
    by_group: dict[str, list[Component]] = {}
    for comp in comps:
        by_group.setdefault(comp.redundancy.group or f"component:{comp.id}", []).append(comp)
    groups = []
    for name, members in by_group.items():
        pools = []
        for comp in members:
            a, basis = instance_availability(facts, comp)
            cap = instance_capacity(facts, comp)
            if comp.role == ODB_PRODUCTION:
                cap = None  # one member carries the whole service (THR-001 sizes it)
            one = comp.redundancy.mode in ("active-passive", "mirror-failover") \
                and not facts.is_network(comp)
            pools.append(Pool(comp.id, comp.count, a, cap, one, basis))
        deployment, common, _ = _deployment(facts, members)
        groups.append(Group(name.removeprefix("component:"), pools, common, deployment))
    return groups


def path_availability(facts: DesignFacts, on_path: Iterable[str],
                      database_capacity: float) -> PathAvailability:
    """Availability of the clinical path through the components in ``on_path``."""
    demand = facts.peak_grefs.value
    on = set(on_path)
    tiers = []
    for name, roles in TIERS:
        comps = [c for c in facts.design.components if c.id in on and c.role in roles]
        if not comps:
            continue
        tier = tier_availability(name, _groups(facts, comps), demand)
        if name == "database" and database_capacity < demand:
            tier.availability = 0.0
            tier.notes.append("the database service cannot carry peak demand (THR-001)")
        tiers.append(tier)
    if not any(t.tier == "database" for t in tiers):
        tiers.append(TierAvailability("database", demand, [], 0.0, None, 0,
                                      ["no production ODB on the clinical path"]))
    return PathAvailability(tiers, facts.design.requirements.availability_target_pct)


__all__ = ["NORMAL", "PathAvailability", "TierAvailability", "path_availability",
           "tier_availability", "instance_availability"]
