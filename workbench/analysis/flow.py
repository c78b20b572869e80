"""Served throughput: a maximum flow (networkx) from the sites through network, presentation,
application and database nodes along client and ECP links, with node capacities; the minimum
cut names the bottleneck.

A :class:`Situation` says what has failed (instances lost per component) and whether the DR
member has been promoted; the same computation serves normal operation and every failure
scenario.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import networkx as nx
from networkx.algorithms.flow import build_residual_network, dinitz

from catalogs.models import Sku

from ..model.design import Component
from .facts import (
    CARRYING_MODES,
    ECP,
    ODB_DR,
    ODB_PRODUCTION,
    ONE_CARRIES_MODES,
    PRESENTATION,
    WEB_SERVICE,
    DesignFacts,
    End,
    Quantity,
)
from .topology import Topology

INF = float("inf")


@dataclass(frozen=True)
class Situation:
    lost: Mapping[str, int] = field(default_factory=dict)  # instances lost per component
    promoted: bool = False  # the DR member serves; standby (active-passive) pools take load

    def surviving(self, comp: Component) -> int:
        return max(0, comp.count - self.lost.get(comp.id, 0))

    def carrying(self, comp: Component) -> int:
        alive = self.surviving(comp)
        mode = comp.redundancy.mode
        if mode in CARRYING_MODES or (self.promoted and mode == "active-passive"):
            return alive
        if mode in ONE_CARRIES_MODES:
            return min(1, alive)
        return 0

    @property
    def database_role(self) -> str:
        return ODB_DR if self.promoted else ODB_PRODUCTION


NORMAL = Situation()


@dataclass
class ServedFlow:
    served: float
    demand: float
    bottleneck: list[str]
    node_flow: dict[str, float]
    on_path: frozenset[str] = frozenset()  # nodes on some path from a site to the database

    @property
    def shortfall(self) -> float:
        return max(0.0, self.demand - self.served)


def database_service(facts: DesignFacts, topo: Topology, situation: Situation,
                     end: End = "low") -> tuple[float, list[str], list[str]]:
    """Capacity of the database service (production ODB, or the promoted DR member) at one
    end of its band, its surviving member ids and the basis.

    One failover member serves at a time. Fed by ECP application servers, the member serves
    its single-host rating x the ECP multiple (low / expected / high), but never more than
    those ECP servers' ratings added up, and an estimate never more than the highest
    published result of its class (with ECP: the platform's own claim for Azure Large
    Instances, else the highest published ECP result)."""
    members = [c for c in facts.with_role(situation.database_role)
               if situation.surviving(c) > 0]
    if not members:
        return 0.0, [], [f"no surviving {situation.database_role}"]
    best: tuple[float, Component | None, bool] = (0.0, None, True)
    basis = []
    for comp in members:
        band = facts.grefs_band(comp)
        if band is None:
            basis.append(f"{comp.id}: no rating for {comp.sku}; counts 0 (override it)")
            continue
        value = getattr(band, end)
        ends = "" if band.low == band.high else \
            f", {end} end of {band.low:,.0f} / {band.expected:,.0f} / {band.high:,.0f}"
        basis.append(f"{comp.id}: {value:,.0f} GRefs/s{ends} ({band.basis})")
        if value > best[0]:
            best = (value, comp, band.estimated)
    if len(members) > 1:
        basis.append("one failover member serves at a time")
    single, server, estimated = best
    feeders = {link.from_ for comp in members for link in topo.links(comp.id, ["ecp"], "in")
               if facts.end_role(link.from_) == ECP
               and situation.surviving(facts.components[link.from_]) > 0}
    if not feeders or server is None or single <= 0:
        return single, [c.id for c in members], basis
    name = {"low": "ecp_scaleout_low", "expected": "ecp_scaleout_factor",
            "high": "ecp_scaleout_high"}[end]
    factor = facts.assumption(name)
    drive = 0.0
    for cid in sorted(feeders):
        q = facts.grefs_per_instance(facts.components[cid], end)
        drive += situation.carrying(facts.components[cid]) * (q.value if q else 0.0)
    multiple = min(factor.value, max(1.0, drive / single))
    value = single * multiple
    limited = f"; limited by what its {len(feeders)} ECP servers drive, {drive:,.0f} GRefs/s" \
        if multiple < factor.value else ""
    basis.append(f"x {multiple:g} with ECP application servers ({factor.basis}{limited})")
    if estimated:
        ceiling = ecp_ceiling(facts, server)
        if value > ceiling.value:
            value = ceiling.value
            basis.append(f"capped at {ceiling.value:,.0f} GRefs/s ({ceiling.basis})")
    return value, [c.id for c in members], basis


def ecp_ceiling(facts: DesignFacts, server: Component) -> Quantity:
    """The highest published result for a data server with ECP: the platform's own claim for
    Azure Large Instances for Epic, else the highest published ECP result."""
    return sku_ecp_ceiling(facts, facts.sku(server))


def sku_ecp_ceiling(facts: DesignFacts, sku: Sku) -> Quantity:
    """:func:`ecp_ceiling` of a data server on ``sku``."""
    if sku.service == "azure-large-instances":
        return facts.assumption("platform_grefs_ceiling")
    cal = facts.catalog.calibration
    assert cal is not None
    return Quantity(cal.ecp_ceiling.value, cal.ecp_ceiling.basis)


_STAGE = {"site": 0, "network": 1, "presentation": 2, "application": 3, "database": 4}


def stage(facts: DesignFacts, node: str, situation: Situation = NORMAL) -> int | None:
    """Where a node sits on the clinical path, or None when it is not on it."""
    comp = facts.components.get(node)
    if comp is None:
        return _STAGE["site"] if node in facts.sites else None
    if facts.is_network(comp):
        return _STAGE["network"]
    if comp.role == PRESENTATION:
        return _STAGE["presentation"]
    if comp.role in (ECP, WEB_SERVICE):
        return _STAGE["application"]
    if comp.role == situation.database_role:
        return _STAGE["database"]
    return None


def edge_allowed(a: int, b: int) -> bool:
    # before the presentation tier traffic only moves to network or presentation nodes; after
    # it, only forward (or across the application tier, e.g. Interconnect to ECP)
    if a <= _STAGE["network"]:
        return b in (_STAGE["network"], _STAGE["presentation"])
    return b > a or (a == b == _STAGE["application"])


def site_demand(facts: DesignFacts, topo: Topology) -> dict[str, float]:
    """Each clinical site's share of peak GRefs/s: by its concurrent users, else evenly."""
    peak = facts.peak_grefs.value
    clinical = [s for s in facts.design.placement.sites if s.kind != "data-center"
                and topo.links(s.id, ["client"], "out")]
    if not clinical:
        return {}
    users = {s.id: s.concurrent_users for s in clinical if s.concurrent_users}
    if users:
        total = sum(users.values())
        return {s.id: peak * users.get(s.id, 0) / total for s in clinical}
    return {s.id: peak / len(clinical) for s in clinical}


def instance_capacity(facts: DesignFacts, comp: Component) -> float | None:
    """GRefs/s one instance of a clinical-path component passes; None when unlimited."""
    if comp.role == PRESENTATION:
        q = facts.users_per_instance(comp)
        return 0.0 if q is None else q.value * facts.grefs_per_user
    if comp.role in (ECP, WEB_SERVICE):
        q = facts.grefs_per_instance(comp)
        return 0.0 if q is None else q.value
    bw = facts.sku(comp).bandwidth_gbps
    if bw is not None and bw.value is not None:
        per_user = facts.assumption("client_bandwidth_kbps_per_user").value
        return bw.value * 1e6 / per_user * facts.grefs_per_user
    return None


def node_capacity(facts: DesignFacts, comp: Component, situation: Situation) -> float | None:
    per = instance_capacity(facts, comp)
    if per is None:  # unlimited while any instance survives
        return None if situation.surviving(comp) > 0 else 0.0
    if facts.is_network(comp):  # every surviving gateway instance passes traffic
        return situation.surviving(comp) * per
    return situation.carrying(comp) * per


def link_capacity(facts: DesignFacts, bandwidth_mbps: float | None) -> float | None:
    """GRefs/s a client link carries: its users at the per-user bandwidth assumption."""
    if bandwidth_mbps is None:
        return None
    per_user = facts.assumption("client_bandwidth_kbps_per_user").value
    return bandwidth_mbps * 1000.0 / per_user * facts.grefs_per_user


SRC, SINK, SVC = "\0source", "\0sink", "\0odb-service"


class FlowNetwork:
    """The clinical flow graph built once for normal operation (or for the promoted DR side),
    then solved for any situation by changing the capacities of what was lost on its residual
    network: a failure scenario costs one max-flow run, not a rebuild."""

    def __init__(self, facts: DesignFacts, topo: Topology, promoted: bool = False) -> None:
        self.facts, self.topo = facts, topo
        self.base = Situation(promoted=promoted)
        self.demand = facts.peak_grefs.value
        self.stages: dict[str, int] = {}
        for node in topo.graph.nodes:
            st = stage(facts, node, self.base)
            if st is not None:
                self.stages[node] = st
        self.graph = g = nx.DiGraph()
        for node, st in self.stages.items():
            attrs = {}
            comp = facts.components.get(node)
            if comp is not None and st != _STAGE["database"]:
                cap = node_capacity(facts, comp, self.base)
                if cap is not None:
                    attrs["capacity"] = cap
            g.add_edge(("in", node), ("out", node), **attrs)
            if st == _STAGE["database"]:
                g.add_edge(("out", node), ("in", SVC))
        g.add_edge(("in", SVC), ("out", SVC), capacity=database_service(facts, topo,
                                                                      self.base)[0])
        g.add_edge(("out", SVC), SINK)
        demands = site_demand(facts, topo)
        if demands:
            for site_id, d in demands.items():
                g.add_edge(SRC, ("in", site_id), capacity=d)
        else:  # no sites drawn: demand arrives at the presentation tier
            pres = [n for n, st in self.stages.items() if st == _STAGE["presentation"]]
            for node in pres:
                g.add_edge(SRC, ("in", node), capacity=self.demand / len(pres))
        for u, v, data in topo.graph.edges(data=True):
            if data["kind"] not in ("client", "ecp") or u not in self.stages \
                    or v not in self.stages:
                continue
            if not edge_allowed(self.stages[u], self.stages[v]):
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
        self.residual = build_residual_network(g, "capacity") if SRC in g else None

    def _capacity_changes(self, situation: Situation) -> dict[tuple[object, object], float]:
        assert self.residual is not None
        inf = self.residual.graph["inf"]
        changes: dict[tuple[object, object], float] = {}
        for cid in situation.lost:
            comp = self.facts.components[cid]
            st = self.stages.get(cid)
            if st is None:
                continue
            if st == _STAGE["database"]:
                cap: float | None = 0.0 if situation.surviving(comp) == 0 else None
            else:
                cap = node_capacity(self.facts, comp, situation)
            changes[(("in", cid), ("out", cid))] = inf if cap is None else cap
        changes[(("in", SVC), ("out", SVC))] = database_service(self.facts, self.topo,
                                                                situation)[0]
        return changes

    def solve(self, situation: Situation, with_path: bool = False) -> ServedFlow:
        if self.residual is None:
            return ServedFlow(0.0, self.demand, ["no site or presentation tier"], {})
        r = self.residual
        changes = self._capacity_changes(situation)
        # networkx leaves zero-capacity edges out of the residual network: add those that
        # now have capacity, and take them out again afterwards
        added = [e for e, cap in changes.items() if not r.has_edge(*e) and cap > 0]
        for u, v in added:
            r.add_edge(u, v, capacity=0.0)
            if not r.has_edge(v, u):
                r.add_edge(v, u, capacity=0.0)
        saved = {e: r.edges[e]["capacity"] for e in changes if r.has_edge(*e)}
        try:
            for e, cap in changes.items():
                if e in saved:
                    r.edges[e]["capacity"] = cap
            # Dinitz (the fastest of networkx's algorithms on these layered graphs) on the
            # prepared residual network: the value, the flows and the minimum cut
            dinitz(self.graph, SRC, SINK, residual=r)
            value = float(r.graph["flow_value"])
            node_flow = {}
            for node in self.stages:
                edge = r.get_edge_data(("in", node), ("out", node))
                if edge is not None:
                    node_flow[node] = max(0.0, float(edge["flow"]))
            bottleneck: list[str] = []
            if value < self.demand * (1 - 1e-9):
                bottleneck = _bottleneck(self.facts, self.topo, self.graph, r, SRC, situation)
        finally:
            for e, cap in saved.items():
                r.edges[e]["capacity"] = cap
            for u, v in added:
                r.remove_edge(u, v)
                if r.has_edge(v, u) and r.edges[v, u]["capacity"] == 0 \
                        and not self.graph.has_edge(v, u):
                    r.remove_edge(v, u)
        on_path: frozenset[str] = frozenset()
        if with_path:
            ends = nx.descendants(self.graph, SRC) & nx.ancestors(self.graph, SINK)
            on_path = frozenset(n[1] for n in ends
                                if isinstance(n, tuple) and n[1] in self.stages)
        return ServedFlow(value, self.demand, bottleneck, node_flow, on_path)


def served_flow(facts: DesignFacts, topo: Topology, situation: Situation = NORMAL) -> ServedFlow:
    return FlowNetwork(facts, topo, situation.promoted).solve(situation, with_path=True)


def _bottleneck(facts: DesignFacts, topo: Topology, g: nx.DiGraph, residual: nx.DiGraph,
                src: str, situation: Situation) -> list[str]:
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
                    names.update(c.id for c in facts.with_role(situation.database_role))
                else:
                    names.add(u[1])
            else:
                links = topo.graph.get_edge_data(u[1], v[1], default={})
                names.update(k for k, d in links.items() if d["kind"] in ("client", "ecp"))
    if not names and not nx.has_path(g, src, SINK):
        return ["no path from the sites to the production ODB"]
    return sorted(names)
