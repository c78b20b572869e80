"""Failure scenarios: lose a component, a zone or a region and recompute the outcome.

For each scenario: what fails over to what (the synchronous failover member automatically,
or the DR async member promoted), served throughput after the loss (the same flow as normal
operation, on what survives), RPO and RTO, and which requirements break.

Identical instances are analysed once: a component is lost whole, and components that are
alike in every way the analysis sees (role, SKU, count, placement, redundancy, and the kinds,
roles, zones and bandwidths of their links) form one scenario that names them all; zones and
regions once each. The number of scenarios grows with tiers x failure domains, not with
instances or copies of a pool. A scenario that cannot change the flow (nothing it removes
carries clinical load beyond what survives) reuses the normal result instead of recomputing.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Literal

from ..model.design import Component
from .facts import ARBITER, ODB_DR, ODB_PRODUCTION, DesignFacts, Quantity
from .flow import (
    NORMAL,
    FlowNetworks,
    Ratings,
    ServedFlow,
    Situation,
    node_capacity,
    served_flow,
)
from .topology import Topology

Kind = Literal["component", "zone", "region"]
KIND_ORDER: dict[str, int] = {"component": 0, "zone": 1, "region": 2}


@dataclass
class Scenario:
    kind: Kind
    target: str
    label: str
    lost: dict[str, int]
    failover: list[str]
    promoted: bool
    served: float
    demand: float
    rpo_minutes: float | None  # None: data cannot be recovered from what survives
    rto_minutes: float | None  # None: service does not come back without repair
    breaks: list[str] = field(default_factory=list)
    bottleneck: list[str] = field(default_factory=list)
    alike: list[str] = field(default_factory=list)  # identical components this stands for
    reason: str = ""  # why a row that serves nothing is or is not a SPOF (analysis.verdict)

    @property
    def targets(self) -> tuple[str, ...]:
        return (self.target, *self.alike)

    @property
    def id(self) -> str:
        return f"{self.kind}:{self.target}"

    @property
    def served_pct(self) -> float:
        return 100.0 * self.served / self.demand if self.demand else 100.0

    def to_json(self) -> dict[str, object]:
        return {"id": self.id, "kind": self.kind, "target": self.target, "label": self.label,
                "lost": self.lost, "failover": self.failover, "promoted": self.promoted,
                "served": round(self.served, 3), "demand": self.demand,
                "served_pct": round(self.served_pct, 3),
                "rpo_minutes": self.rpo_minutes, "rto_minutes": self.rto_minutes,
                "breaks": self.breaks, "bottleneck": self.bottleneck, "alike": self.alike,
                "reason": self.reason}


@dataclass
class ScenarioSet:
    scenarios: list[Scenario]
    survivable_domain: str

    def within_domain(self) -> list[Scenario]:
        """Scenarios the design must survive: losses of one element of the survivable
        failure domain (RED-009, RED-010)."""
        return [s for s in self.scenarios if s.kind == self.survivable_domain]

    def worst_recovery(self) -> tuple[float | None, float | None]:
        """The worst RPO and RTO in minutes of the scenarios the design must survive (None:
        unbounded, i.e. data or service that does not come back; 0 with no such scenario)."""
        within = self.within_domain()
        rpos = [s.rpo_minutes for s in within]
        rtos = [s.rto_minutes for s in within]
        return (None if None in rpos else max((r for r in rpos if r is not None), default=0.0),
                None if None in rtos else max((r for r in rtos if r is not None), default=0.0))

    def to_json(self) -> dict[str, object]:
        return {"survivable_failure_domain": self.survivable_domain,
                "scenarios": [s.to_json() for s in self.scenarios]}


# ---------------------------------------------------------------------------- what is lost
def zone_redundant(facts: DesignFacts, comp: Component) -> bool:
    sku = facts.sku(comp)
    return "zone-redundant" in sku.features or sku.category in ("storage-service",
                                                                "platform-service")


def lost_in_zone(facts: DesignFacts, zone_id: str) -> dict[str, int]:
    """Instances each component loses with a zone: its share when spread over zones (evenly,
    the first zones taking the remainder), all of a zoneless VM in that region (no zone
    guarantee), none of a zone-redundant service."""
    region = facts.zone_region[zone_id]
    lost: dict[str, int] = {}
    for comp in facts.design.components:
        zones = comp.placement.zones
        if zone_id in zones:
            i = zones.index(zone_id)
            share = comp.count // len(zones) + (1 if i < comp.count % len(zones) else 0)
            if share:
                lost[comp.id] = share
        elif not zones and comp.placement.region == region \
                and not zone_redundant(facts, comp) and facts.regions[region].zones:
            lost[comp.id] = comp.count
    return lost


def lost_in_region(facts: DesignFacts, region_id: str) -> dict[str, int]:
    return {c.id: c.count for c in facts.design.components if c.placement.region == region_id}


# ---------------------------------------------------------------------------- recovery
def _minutes(value: float | None, fallback: float) -> float:
    return fallback if value is None else value


def _database_recovery(facts: DesignFacts, situation: Situation,
                       lost: dict[str, int]) -> tuple[bool, list[str], float | None,
                                                      float | None]:
    """(promoted, failover lines, RPO, RTO) after ``lost``."""
    members = facts.with_role(ODB_PRODUCTION)
    if not members:
        return False, ["no production ODB"], None, None
    primary = members[0]
    alive = [m for m in members if situation.surviving(m) > 0]
    if primary.id not in lost or situation.surviving(primary) > 0:
        return False, [], 0.0, 0.0
    partners = [m for m in alive if m.redundancy.mode == "mirror-failover"]
    if partners:
        survivor = partners[0]
        arbiters = [a for a in facts.with_role(ARBITER) if situation.surviving(a) > 0]
        automatic = bool(arbiters) and survivor.redundancy.failover != "manual"
        if automatic:
            rto = _minutes(survivor.redundancy.rto_minutes,
                           facts.assumption("sync_failover_rto_minutes").value)
            how = "synchronous mirror, automatic failover (arbiter " \
                  f"{arbiters[0].id} survives)"
        else:
            rto = _minutes(survivor.redundancy.rto_minutes,
                           facts.assumption("dr_promotion_rto_minutes").value)
            how = "synchronous mirror, manual failover (no surviving arbiter)"
        return False, [f"{primary.id} -> {survivor.id} ({how})"], 0.0, rto
    drs = [d for d in facts.with_role(ODB_DR) if situation.surviving(d) > 0]
    if drs:
        dr = drs[0]
        lag_s = _minutes(dr.redundancy.replication_lag_s,
                         facts.assumption("async_replication_lag_seconds").value)
        rto = _minutes(dr.redundancy.rto_minutes,
                       facts.assumption("dr_promotion_rto_minutes").value)
        return True, [f"{primary.id} -> {dr.id} (DR async member promoted, "
                      f"{lag_s:g} s of journal at risk)"], lag_s / 60.0, rto
    return False, [f"{primary.id} lost with every failover and DR member: restore from "
                   "backup"], _backup_rpo(facts, situation), None


@dataclass(frozen=True)
class RecoveryFigure:
    """A recovery assumption the scenarios read, and the components whose own figure the
    scenarios use in its place (``redundancy.replication_lag_s`` / ``rto_minutes``)."""

    assumption: str  # its name among the catalog's assumptions
    value: Quantity  # the catalog's figure, or the design policy's
    overrides: tuple[tuple[str, float], ...]  # (component id, its own figure)


def recovery_figures(facts: DesignFacts) -> list[RecoveryFigure]:
    """Which recovery figures :func:`_database_recovery` reads, and where a component's own
    figure replaces the assumption: a DR member's lag and promotion RTO; a synchronous
    failover member's RTO (in place of the promotion RTO when its failover is manual)."""
    own: dict[str, list[tuple[str, float]]] = {
        "sync_failover_rto_minutes": [], "dr_promotion_rto_minutes": [],
        "async_replication_lag_seconds": []}
    for member in facts.with_role(ODB_PRODUCTION)[1:]:  # the first is the one that is lost
        r = member.redundancy
        if r.mode == "mirror-failover" and r.rto_minutes is not None:
            own["dr_promotion_rto_minutes" if r.failover == "manual" else
                "sync_failover_rto_minutes"].append((member.id, r.rto_minutes))
    for dr in facts.with_role(ODB_DR):
        if dr.redundancy.replication_lag_s is not None:
            own["async_replication_lag_seconds"].append((dr.id, dr.redundancy.replication_lag_s))
        if dr.redundancy.rto_minutes is not None:
            own["dr_promotion_rto_minutes"].append((dr.id, dr.redundancy.rto_minutes))
    return [RecoveryFigure(name, facts.assumption(name), tuple(found))
            for name, found in own.items()]


def _backup_rpo(facts: DesignFacts, situation: Situation) -> float | None:
    """Data loss when only backups remain: the ODB's backup interval, if a backup target
    survives."""
    targets = [c for c in facts.with_role("backup-target") if situation.surviving(c) > 0]
    policies = [m.security.backup_policy for m in facts.with_role(ODB_PRODUCTION)
                if m.security.backup_policy is not None]
    if not targets or not policies:
        return None
    return min(p.frequency_hours for p in policies) * 60.0


# ---------------------------------------------------------------------------- evaluation
def _flow_unchanged(facts: DesignFacts, normal: ServedFlow, situation: Situation,
                    ratings: Ratings | None = None) -> bool:
    """True when the normal flow still fits in what survives, so it stays optimal."""
    for cid in situation.lost:
        comp = facts.components[cid]
        through = normal.node_flow.get(cid, 0.0)
        if comp.role == ODB_PRODUCTION:
            return False
        if through <= 0:
            continue
        cap = node_capacity(facts, comp, situation, ratings)
        if cap is not None and cap < through * (1 - 1e-12):
            return False
    return True


def evaluate(facts: DesignFacts, networks: FlowNetworks, normal: ServedFlow, kind: Kind,
             target: str, label: str, lost: dict[str, int]) -> Scenario:
    req = facts.design.requirements
    situation = Situation(lost)
    promoted, failover, rpo, rto = _database_recovery(facts, situation, lost)
    if promoted:
        situation = Situation(lost, promoted=True)
    if not promoted and _flow_unchanged(facts, normal, situation, networks.ratings):
        flow = normal
    else:
        flow = networks.solve(situation)
    demand = flow.demand
    if flow.served <= 0 and demand > 0:
        rto = None
    breaks = []
    if flow.served < demand * (1 - 1e-9):
        breaks.append("throughput")
    if rpo is None or rpo > req.rpo_minutes:
        breaks.append("rpo")
    if rto is None or rto > req.rto_minutes:
        breaks.append("rto")
    return Scenario(kind, target, label, dict(sorted(lost.items())), failover, promoted,
                    flow.served, demand, rpo, rto, breaks, flow.bottleneck)


def signature(facts: DesignFacts, topo: Topology, comp: Component,
              ends: dict[str, tuple[object, ...]] | None = None) -> tuple[object, ...]:
    """What the analysis can see of a component: equal signatures, identical outcomes.
    ``ends`` keeps what is seen of each link end across calls."""
    ends = ends if ends is not None else {}

    def end(other: str) -> tuple[object, ...]:
        seen = ends.get(other)
        if seen is None:
            peer = facts.components.get(other)
            if peer is None:
                seen = ("site", other)  # sites differ by their own demand
            else:
                seen = (peer.role, tuple(peer.placement.zones), peer.placement.region,
                        peer.id if peer.role in (ODB_PRODUCTION, ODB_DR) else None)
            ends[other] = seen
        return seen

    cid = comp.id
    links = Counter(("out", link.kind, end(link.to), link.bandwidth_mbps or 0.0)
                    if link.from_ == cid else
                    ("in", link.kind, end(link.from_), link.bandwidth_mbps or 0.0)
                    for link in topo.links(cid))
    p, r = comp.placement, comp.redundancy
    return (comp.role, comp.sku, comp.count, tuple(p.zones), p.region, p.site,
            p.proximity_group, p.availability_set, r.mode, r.group, r.failover,
            comp.overrides.model_dump_json() if comp.overrides else None,
            comp.storage.model_dump_json() if comp.storage else None, comp.id if comp.role in (
                ODB_PRODUCTION, ODB_DR, ARBITER) else None, frozenset(links.items()))


def failure_scenarios(facts: DesignFacts, topo: Topology, normal: ServedFlow | None = None,
                      networks: FlowNetworks | None = None) -> ScenarioSet:
    """Every scenario, solved on ``networks`` (the flow networks capacity built, when given)
    against the ``normal`` served flow."""
    networks = networks if networks is not None else FlowNetworks(facts, topo)
    normal = normal if normal is not None else served_flow(facts, topo, NORMAL, networks)
    classes: dict[tuple[object, ...], list[Component]] = {}
    ends: dict[str, tuple[object, ...]] = {}
    for comp in facts.design.components:
        classes.setdefault(signature(facts, topo, comp, ends), []).append(comp)
    out = []
    for members in classes.values():
        comp = members[0]
        n = f"{comp.count} instances" if comp.count > 1 else "its only instance"
        label = f"lose {comp.id} ({n})"
        if len(members) > 1:
            label += f", or any of {len(members) - 1} identical"
        scenario = evaluate(facts, networks, normal, "component", comp.id, label,
                            {comp.id: comp.count})
        scenario.alike = [m.id for m in members[1:]]
        out.append(scenario)
    for region in facts.design.placement.regions:
        for zone in region.zones:
            out.append(evaluate(facts, networks, normal, "zone", zone.id,
                                f"lose zone {zone.id} of {region.id}",
                                lost_in_zone(facts, zone.id)))
    for region in facts.design.placement.regions:
        out.append(evaluate(facts, networks, normal, "region", region.id,
                            f"lose region {region.id}", lost_in_region(facts, region.id)))
    return ScenarioSet(out, facts.design.requirements.survivable_failure_domain)
