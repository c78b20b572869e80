"""Capacity: demand against effective capacity per tier, growth runway, and served throughput.

Tiers on the clinical path (RULES.md): presentation (concurrent users), application (ECP
servers, GRefs/s) and the production database service (GRefs/s).  Effective capacity is the
per-instance rating (catalog estimate or the design's override) x shared-tenancy derating x the
instances that carry load: active-active pools add up, active-passive pools and mirror failover
pairs count one instance, async mirror members count none.  A data server fed by ECP
application servers serves ``ecp_scaleout_factor`` times its single-host rating.

Served throughput is a maximum flow (networkx) from the sites through network, presentation,
application and database nodes along client and ECP links, with node capacities; the minimum
cut names the bottleneck.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field

import networkx as nx
from networkx.algorithms.flow import preflow_push

from ..model.design import Component
from .facts import ECP, ODB_PRODUCTION, PRESENTATION, DesignFacts, Quantity
from .topology import Topology

INF = float("inf")


@dataclass
class TierCapacity:
    tier: str
    unit: str
    demand: float
    capacity: float
    components: list[str]
    basis: list[str] = field(default_factory=list)
    headroom_limit_pct: float = 75.0
    runway_year: int | None = None
    served: float | None = None
    bottleneck: list[str] = field(default_factory=list)  # this tier's part of the min cut

    @property
    def utilization_pct(self) -> float:
        if self.capacity <= 0:
            return INF if self.demand > 0 else 0.0
        return 100.0 * self.demand / self.capacity

    @property
    def headroom_pct(self) -> float:
        """Points of utilization left before the headroom limit (negative when over it)."""
        return self.headroom_limit_pct - self.utilization_pct

    def to_json(self) -> dict[str, object]:
        util = self.utilization_pct
        return {
            "tier": self.tier, "unit": self.unit, "demand": self.demand,
            "capacity": self.capacity,
            "utilization_pct": None if math.isinf(util) else round(util, 2),
            "headroom_limit_pct": self.headroom_limit_pct,
            "headroom_pct": None if math.isinf(util) else round(self.headroom_pct, 2),
            "runway_year": self.runway_year, "served": self.served,
            "bottleneck": self.bottleneck, "components": self.components, "basis": self.basis,
        }


@dataclass
class ServedFlow:
    served: float
    demand: float
    bottleneck: list[str]
    node_flow: dict[str, float]

    @property
    def shortfall(self) -> float:
        return max(0.0, self.demand - self.served)


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


def database_service(facts: DesignFacts, topo: Topology) -> tuple[float, list[str], list[str]]:
    """Capacity of the production ODB service, its member ids and the basis."""
    members = facts.with_role(ODB_PRODUCTION)
    if not members:
        return 0.0, [], ["no production ODB"]
    best = 0.0
    basis = []
    for comp in members:
        q = facts.grefs_per_instance(comp)
        if q is None:
            basis.append(f"{comp.id}: no rating for {comp.sku}; counts 0 (override it)")
            continue
        basis.append(f"{comp.id}: {q.value:,.0f} GRefs/s ({q.basis})")
        best = max(best, q.value)
    if len(members) > 1:
        basis.append("one failover member serves at a time")
    ecp_fed = any(facts.end_role(link.from_) == ECP
                  for comp in members for link in topo.links(comp.id, ["ecp"], "in"))
    if ecp_fed:
        factor = facts.assumption("ecp_scaleout_factor")
        best *= factor.value
        basis.append(f"x {factor.value:g} with ECP application servers ({factor.basis})")
    return best, [c.id for c in members], basis


def compute_capacity(facts: DesignFacts, topo: Topology) -> Capacity:
    req = facts.design.requirements
    base = int(facts.base_year.value)
    tiers: dict[str, TierCapacity] = {}

    db_cap, db_members, db_basis = database_service(facts, topo)
    tiers["database"] = TierCapacity("database", "GRefs/s", float(req.peak_grefs_per_s), db_cap,
                                     db_members, db_basis, req.headroom_limit_pct)

    serving = topo.serving_production
    ecp = [c for c in facts.with_role(ECP) if c.id in serving]
    if ecp:
        per = {c.id: facts.grefs_per_instance(c) for c in ecp}
        cap, basis = _pool_capacity(facts, ecp, per)
        tiers["application"] = TierCapacity("application", "GRefs/s",
                                            float(req.peak_grefs_per_s), cap,
                                            [c.id for c in ecp], basis, req.headroom_limit_pct)

    pres = [c for c in facts.with_role(PRESENTATION) if c.id in serving]
    per_users = {c.id: facts.users_per_instance(c) for c in pres}
    cap, basis = _pool_capacity(facts, pres, per_users)
    tiers["presentation"] = TierCapacity("presentation", "concurrent users",
                                         float(req.concurrent_users), cap, [c.id for c in pres],
                                         basis, req.headroom_limit_pct)

    for tier in tiers.values():
        tier.runway_year = runway_year(tier.demand, tier.capacity, req.annual_growth_pct, base)

    flow = served_flow(facts, topo, db_cap)
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


# ------------------------------------------------------------------------------ flow
_STAGE = {"site": 0, "network": 1, "presentation": 2, "application": 3, "database": 4}


def _stage(facts: DesignFacts, node: str) -> int | None:
    comp = facts.components.get(node)
    if comp is None:
        return _STAGE["site"] if node in facts.sites else None
    if comp.role in ("expressroute-gateway", "vpn-gateway", "load-balancer"):
        return _STAGE["network"]
    if comp.role == PRESENTATION:
        return _STAGE["presentation"]
    if comp.role in (ECP, "web-service"):
        return _STAGE["application"]
    if comp.role == ODB_PRODUCTION:
        return _STAGE["database"]
    return None


def _edge_allowed(a: int, b: int) -> bool:
    # before the presentation tier traffic only moves to network or presentation nodes; after
    # it, only forward (or across the application tier, e.g. Interconnect to ECP)
    if a <= _STAGE["network"]:
        return b in (_STAGE["network"], _STAGE["presentation"])
    return b > a or (a == b == _STAGE["application"])


def site_demand(facts: DesignFacts, topo: Topology) -> dict[str, float]:
    """Each clinical site's share of peak GRefs/s: by its concurrent users, else evenly."""
    peak = float(facts.design.requirements.peak_grefs_per_s)
    clinical = [s for s in facts.design.placement.sites if s.kind != "data-center"
                and topo.links(s.id, ["client"], "out")]
    if not clinical:
        return {}
    users = {s.id: s.concurrent_users for s in clinical if s.concurrent_users}
    if users:
        total = sum(users.values())
        return {s.id: peak * users.get(s.id, 0) / total for s in clinical}
    return {s.id: peak / len(clinical) for s in clinical}


def _node_capacity(facts: DesignFacts, comp: Component) -> float | None:
    gpu = facts.grefs_per_user
    if comp.role == PRESENTATION:
        q = facts.users_per_instance(comp)
        return 0.0 if q is None else facts.carrying_instances(comp) * q.value * gpu
    if comp.role in (ECP, "web-service"):
        q = facts.grefs_per_instance(comp)
        return 0.0 if q is None else facts.carrying_instances(comp) * q.value
    bw = facts.sku(comp).bandwidth_gbps
    if bw is not None and bw.value is not None:
        per_user = facts.assumption("client_bandwidth_kbps_per_user").value
        return max(1, comp.count) * bw.value * 1e6 / per_user * gpu
    return None


def link_capacity(facts: DesignFacts, bandwidth_mbps: float | None) -> float | None:
    """GRefs/s a client link carries: its users at the per-user bandwidth assumption."""
    if bandwidth_mbps is None:
        return None
    per_user = facts.assumption("client_bandwidth_kbps_per_user").value
    return bandwidth_mbps * 1000.0 / per_user * facts.grefs_per_user


def served_flow(facts: DesignFacts, topo: Topology, db_capacity: float) -> ServedFlow:
    demand = float(facts.design.requirements.peak_grefs_per_s)
    g = nx.DiGraph()
    src, sink, svc = "\0source", "\0sink", "\0odb-service"
    stages: dict[str, int] = {}
    for node in topo.graph.nodes:
        st = _stage(facts, node)
        if st is not None:
            stages[node] = st
    for node, st in stages.items():
        attrs = {}
        comp = facts.components.get(node)
        if comp is not None and st != _STAGE["database"]:
            cap = _node_capacity(facts, comp)
            if cap is not None:
                attrs["capacity"] = cap
        g.add_edge(("in", node), ("out", node), **attrs)
        if st == _STAGE["database"]:
            g.add_edge(("out", node), ("in", svc))
    g.add_edge(("in", svc), ("out", svc), capacity=db_capacity)
    g.add_edge(("out", svc), sink)
    demands = site_demand(facts, topo)
    if demands:
        for site_id, d in demands.items():
            g.add_edge(src, ("in", site_id), capacity=d)
    else:  # no sites drawn: demand arrives at the presentation tier
        pres = [n for n, st in stages.items() if st == _STAGE["presentation"]]
        for node in pres:
            g.add_edge(src, ("in", node), capacity=demand / len(pres))
    for u, v, data in topo.graph.edges(data=True):
        if data["kind"] not in ("client", "ecp") or u not in stages or v not in stages:
            continue
        if not _edge_allowed(stages[u], stages[v]):
            continue
        link = data["link"]
        cap = link_capacity(facts, link.bandwidth_mbps) if link.kind == "client" else None
        key = (("out", u), ("in", v))
        if g.has_edge(*key):
            existing = g.edges[key].get("capacity")
            if existing is None or cap is None:
                g.edges[key].pop("capacity", None)
            else:
                g.edges[key]["capacity"] = existing + cap
        else:
            g.add_edge(*key, **({"capacity": cap} if cap is not None else {}))
    if src not in g:
        return ServedFlow(0.0, demand, ["no site or presentation tier"], {})
    # one preflow-push run gives the flow value, the flows and (from the residual network)
    # the minimum cut, so the bottleneck costs no second flow computation
    residual = preflow_push(g, src, sink)
    value = float(residual.graph["flow_value"])
    node_flow = {}
    for node in stages:
        edge = residual.get_edge_data(("in", node), ("out", node))
        if edge is not None:
            node_flow[node] = max(0.0, float(edge["flow"]))
    bottleneck: list[str] = []
    if value < demand * (1 - 1e-9):
        bottleneck = _bottleneck(facts, topo, g, residual, src)
    return ServedFlow(value, demand, bottleneck, node_flow)


def _bottleneck(facts: DesignFacts, topo: Topology, g: nx.DiGraph, residual: nx.DiGraph,
                src: str) -> list[str]:
    """Elements on the minimum cut: what is saturated between the source side of the residual
    network and the rest."""
    reachable = {src}
    stack = [src]
    while stack:
        u = stack.pop()
        for v, attr in residual[u].items():
            if v not in reachable and attr["flow"] < attr["capacity"]:
                reachable.add(v)
                stack.append(v)
    names: set[str] = set()
    for u in reachable:
        if u == src or u not in g:
            continue  # cutting the demand edges means nothing is short
        for v in g.successors(u):
            if v in reachable:
                continue
            if u[0] == "in" and v[0] == "out" and u[1] == v[1]:
                if u[1] == "\0odb-service":
                    names.update(c.id for c in facts.with_role(ODB_PRODUCTION))
                else:
                    names.add(u[1])
            else:
                links = topo.graph.get_edge_data(u[1], v[1], default={})
                names.update(k for k, d in links.items() if d["kind"] in ("client", "ecp"))
    if not names and not nx.has_path(g, src, "\0sink"):
        return ["no path from the sites to the production ODB"]
    return sorted(names)
