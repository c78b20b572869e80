"""Redundancy on the clinical path: redundancy groups and single points of failure.

A single point of failure is a component every path from the sites to the production ODB
passes through (a dominator of the database in the clinical flow graph) and that has one
instance: losing that instance stops the service. A zone-redundant managed service (a
Standard load balancer, an ...AZ gateway) is one component but not one instance: the provider
spreads it over zones and backs it with an SLA, so it is an accepted *platform* risk, listed
beside the single points of failure (:func:`platform_redundant`) and never among them.
"""

from __future__ import annotations

from dataclasses import dataclass

from .facts import ODB_PRODUCTION, DesignFacts
from .flow import NORMAL, edge_allowed, stage
from .graphs import immediate_dominators, reach
from .scenarios import zone_redundant
from .topology import Topology


@dataclass
class RedundancyGroup:
    name: str
    mode: str
    members: list[str]
    instances: int
    zones: list[str]
    regions: list[str]

    def to_json(self) -> dict[str, object]:
        return self.__dict__.copy()


def redundancy_groups(facts: DesignFacts) -> list[RedundancyGroup]:
    groups: dict[str, list[str]] = {}
    for comp in facts.design.components:
        if comp.redundancy.group:
            groups.setdefault(comp.redundancy.group, []).append(comp.id)
    out = []
    for name, ids in groups.items():
        comps = [facts.components[i] for i in ids]
        modes = sorted({c.redundancy.mode for c in comps})
        out.append(RedundancyGroup(
            name, "+".join(modes), ids, sum(c.count for c in comps),
            sorted({z for c in comps for z in c.placement.zones}),
            sorted({c.placement.region for c in comps if c.placement.region})))
    return out


@dataclass
class PlatformRisk:
    """A one-component dominator of the database that the provider makes zone-redundant."""

    component: str
    sla_pct: float | None

    @property
    def reason(self) -> str:
        sla = f"provider SLA {self.sla_pct:g} %" if self.sla_pct is not None else \
            "provider zone-redundant, no SLA figure in the catalog"
        return f"platform-redundant: {sla}, not a design SPOF"

    def to_json(self) -> dict[str, object]:
        return {"component": self.component, "sla_pct": self.sla_pct, "reason": self.reason}


def _dominators(facts: DesignFacts, topo: Topology, on_path: frozenset[str]) -> list[str]:
    """Nodes every clinical path from a site to the production ODB passes through."""
    src, sink = "\0source", "\0sink"
    succ: dict[str, dict[str, None]] = {}  # successors in insertion order, as networkx kept

    def add_edge(u: str, v: str) -> None:
        succ.setdefault(u, {})[v] = None
        succ.setdefault(v, {})

    stages = {n: stage(facts, n, NORMAL) for n in on_path}
    for node, st in stages.items():
        if st is None:
            continue
        if node in facts.sites:
            add_edge(src, node)
        comp = facts.components.get(node)
        if comp is not None and comp.role == ODB_PRODUCTION:
            add_edge(node, sink)
    for u, v in topo.clinical_edges:
        su, sv = stages.get(u), stages.get(v)
        if su is not None and sv is not None and edge_allowed(su, sv):
            add_edge(u, v)
    if src not in succ or sink not in succ or sink not in reach(succ.__getitem__, src):
        return []
    idom = immediate_dominators(succ.__getitem__, src)
    out = []
    current: str | None = idom.get(sink)
    while current is not None and current != src:
        out.append(current)
        parent = idom.get(current)
        current = parent if parent != current else None
    return out


def single_points_of_failure(facts: DesignFacts, topo: Topology,
                             on_path: frozenset[str]) -> list[str]:
    spofs = []
    for node in _dominators(facts, topo, on_path):
        comp = facts.components.get(node)
        if comp is not None and comp.count == 1 and not zone_redundant(facts, comp):
            spofs.append(node)
    return sorted(spofs)


def platform_redundant(facts: DesignFacts, topo: Topology,
                       on_path: frozenset[str]) -> list[PlatformRisk]:
    """One-component dominators the provider makes zone-redundant: losing the component
    whole stops the service, but only a provider outage loses it (an accepted platform
    risk, stated with the provider's SLA)."""
    out = []
    for node in _dominators(facts, topo, on_path):
        comp = facts.components.get(node)
        if comp is not None and comp.count == 1 and zone_redundant(facts, comp):
            sla = facts.sku(comp).sla
            fig = sla.zones or sla.pair or sla.single
            out.append(PlatformRisk(node, fig.value if fig is not None else None))
    return sorted(out, key=lambda r: r.component)
