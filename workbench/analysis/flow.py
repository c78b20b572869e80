"""Served throughput: a maximum flow (:mod:`.maxflow`) from the sites through network,
presentation, application and database nodes along client and ECP links, with node capacities;
the minimum cut names the bottleneck.

A :class:`Situation` says what has failed (instances lost per component) and whether the DR
member has been promoted; the same computation serves normal operation and every failure
scenario.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

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
from .graphs import reach
from .maxflow import ResidualNetwork
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


class Ratings:
    """What the flow reads of the design that no failure changes, worked out once and
    shared by capacity and every scenario: what one instance of a component passes, and
    the ECP application servers linked to each database member."""

    def __init__(self, facts: DesignFacts, topo: Topology) -> None:
        self.facts, self.topo = facts, topo
        self._instance: dict[str, float | None] = {}
        self._grefs: dict[tuple[str, End], float] = {}
        self._users: dict[str, float | None] = {}
        self._feeders: dict[str, list[str]] = {}

    def instance(self, comp: Component) -> float | None:
        """:func:`instance_capacity` of ``comp``."""
        if comp.id not in self._instance:
            self._instance[comp.id] = instance_capacity(self.facts, comp)
        return self._instance[comp.id]

    def grefs(self, comp: Component, end: End) -> float:
        """GRefs/s one instance serves at ``end`` of its band (0 without a rating)."""
        key = (comp.id, end)
        value = self._grefs.get(key)
        if value is None:
            q = self.facts.grefs_per_instance(comp, end)
            value = self._grefs[key] = q.value if q else 0.0
        return value

    def users(self, comp: Component) -> float | None:
        """Concurrent users one instance serves (None without a figure)."""
        if comp.id not in self._users:
            q = self.facts.users_per_instance(comp)
            self._users[comp.id] = q.value if q else None
        return self._users[comp.id]

    def ecp_feeders(self, member: str) -> list[str]:
        """The ECP application servers with an ECP link into ``member``."""
        found = self._feeders.get(member)
        if found is None:
            found = self._feeders[member] = [
                link.from_ for link in self.topo.links(member, ["ecp"], "in")
                if self.facts.end_role(link.from_) == ECP]
        return found


def database_service(facts: DesignFacts, topo: Topology, situation: Situation,
                     end: End = "low", ratings: Ratings | None = None
                     ) -> tuple[float, list[str], list[str]]:
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
    ratings = ratings if ratings is not None else Ratings(facts, topo)
    feeders = {cid for comp in members for cid in ratings.ecp_feeders(comp.id)
               if situation.surviving(facts.components[cid]) > 0}
    if not feeders or server is None or single <= 0:
        return single, [c.id for c in members], basis
    name = {"low": "ecp_scaleout_low", "expected": "ecp_scaleout_factor",
            "high": "ecp_scaleout_high"}[end]
    factor = facts.assumption(name)
    drive = 0.0
    for cid in sorted(feeders):
        feeder = facts.components[cid]
        drive += situation.carrying(feeder) * ratings.grefs(feeder, end)
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


def node_capacity(facts: DesignFacts, comp: Component, situation: Situation,
                  ratings: Ratings | None = None) -> float | None:
    """GRefs/s what survives of ``comp`` passes in ``situation``; None when unlimited."""
    per = instance_capacity(facts, comp) if ratings is None else ratings.instance(comp)
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

Key = object  # a node of the flow graph: SRC, SINK, or ("in" | "out", element id)


class FlowNetwork:
    """The clinical flow graph built once for normal operation (or for the promoted DR side),
    then solved for any situation by changing the capacities of what was lost on its residual
    network: a failure scenario costs one max-flow run (:mod:`.maxflow`), not a rebuild.

    Every element on the path is an edge ("in", id) -> ("out", id) carrying its capacity; the
    database members feed one service edge whose capacity is :func:`database_service`."""

    def __init__(self, facts: DesignFacts, topo: Topology, promoted: bool = False,
                 ratings: Ratings | None = None) -> None:
        self.facts, self.topo = facts, topo
        self.ratings = ratings if ratings is not None else Ratings(facts, topo)
        self.base = Situation(promoted=promoted)
        self.demand = facts.peak_grefs.value
        self.stages: dict[str, int] = {}
        for node in topo.nodes:
            st = stage(facts, node, self.base)
            if st is not None:
                self.stages[node] = st
        # the graph as networkx held it: nodes numbered in the order they first appear,
        # each node's successors in insertion order, capacity None for unlimited
        self.keys: list[Key] = []
        self.index: dict[Key, int] = {}
        self.succ: list[dict[int, float | None]] = []

        def vertex(key: Key) -> int:
            i = self.index.get(key)
            if i is None:
                i = self.index[key] = len(self.keys)
                self.keys.append(key)
                self.succ.append({})
            return i

        def add(u: Key, v: Key, cap: float | None = None) -> None:
            iu = vertex(u)
            self.succ[iu][vertex(v)] = cap

        for name, st in self.stages.items():
            comp = facts.components.get(name)
            cap = None
            if comp is not None and st != _STAGE["database"]:
                cap = node_capacity(facts, comp, self.base, self.ratings)
            add(("in", name), ("out", name), cap)
            if st == _STAGE["database"]:
                add(("out", name), ("in", SVC))
        add(("in", SVC), ("out", SVC), database_service(facts, topo, self.base,
                                                        ratings=self.ratings)[0])
        add(("out", SVC), SINK)
        demands = site_demand(facts, topo)
        if demands:
            for site_id, d in demands.items():
                add(SRC, ("in", site_id), d)
        else:  # no sites drawn: demand arrives at the presentation tier
            pres = [n for n, st in self.stages.items() if st == _STAGE["presentation"]]
            for name in pres:
                add(SRC, ("in", name), self.demand / len(pres))
        for u, v, link in topo.edges():
            if link.kind not in ("client", "ecp") or u not in self.stages \
                    or v not in self.stages:
                continue
            if not edge_allowed(self.stages[u], self.stages[v]):
                continue
            cap = link_capacity(facts, link.bandwidth_mbps) if link.kind == "client" else None
            iu, iv = vertex(("out", u)), vertex(("in", v))
            if iv in self.succ[iu]:  # parallel links add up; any unlimited one is unlimited
                existing = self.succ[iu][iv]
                self.succ[iu][iv] = None if existing is None or cap is None \
                    else existing + cap
            else:
                self.succ[iu][iv] = cap
        # each element's own edge ("in", id) -> ("out", id), in stage order
        self._elements = [(name, *self._element_edge(name)) for name in self.stages]
        self.residual: ResidualNetwork | None = None
        self.on_path: frozenset[str] = frozenset()
        self._connected = False
        if SRC in self.index:
            self.residual = ResidualNetwork(len(self.keys), (
                (u, v, cap) for u, adj in enumerate(self.succ) for v, cap in adj.items()))
            src, sink = self.index[SRC], self.index[SINK]
            succ, pred = self.succ, _reversed(self.succ)

            def after(i: int) -> Iterable[int]:
                return succ[i]

            def before(i: int) -> Iterable[int]:
                return pred[i]

            forward, backward = reach(after, src), reach(before, sink)
            ends = forward & backward
            self.on_path = frozenset(key[1] for key in (self.keys[i] for i in ends)
                                     if isinstance(key, tuple) and key[1] in self.stages)
            self._connected = sink in forward

    def _element_edge(self, name: str) -> tuple[int, int]:
        return self.index[("in", name)], self.index[("out", name)]

    def _capacity_changes(self, situation: Situation) -> dict[tuple[int, int], float]:
        assert self.residual is not None
        inf = self.residual.inf
        changes: dict[tuple[int, int], float] = {}
        for cid in situation.lost:
            comp = self.facts.components[cid]
            st = self.stages.get(cid)
            if st is None:
                continue
            if st == _STAGE["database"]:
                cap: float | None = 0.0 if situation.surviving(comp) == 0 else None
            else:
                cap = node_capacity(self.facts, comp, situation, self.ratings)
            changes[self._element_edge(cid)] = inf if cap is None else cap
        changes[self._element_edge(SVC)] = database_service(self.facts, self.topo, situation,
                                                            ratings=self.ratings)[0]
        return changes

    def solve(self, situation: Situation, with_path: bool = False) -> ServedFlow:
        if self.residual is None:
            return ServedFlow(0.0, self.demand, ["no site or presentation tier"], {})
        r = self.residual
        changes = self._capacity_changes(situation)
        # the residual network leaves out edges of zero capacity: add those that now have
        # capacity for this run (after every other edge, where networkx put them)
        missing = [e for e, cap in changes.items() if r.edge(*e) is None and cap > 0]
        with r.extra_edges(missing):
            saved = {}
            for (u, v), cap in changes.items():
                e = r.edge(u, v)
                if e is not None:
                    saved[e] = r.capacity[e]
                    r.capacity[e] = cap
            try:
                value = float(r.max_flow(self.index[SRC], self.index[SINK]))
                node_flow = {}
                edge_to, flows = r.edge_to, r.flow
                for name, iu, iv in self._elements:
                    e = edge_to[iu].get(iv)
                    if e is not None:
                        node_flow[name] = max(0.0, float(flows[e]))
                bottleneck: list[str] = []
                if value < self.demand * (1 - 1e-9):
                    bottleneck = self._bottleneck(situation)
            finally:
                for e, cap in saved.items():
                    r.capacity[e] = cap
        return ServedFlow(value, self.demand, bottleneck, node_flow,
                          self.on_path if with_path else frozenset())

    def _bottleneck(self, situation: Situation) -> list[str]:
        """Elements on the minimum cut: what is saturated between the source side of the
        residual network and the rest."""
        assert self.residual is not None
        src = self.index[SRC]
        reached = self.residual.reachable(src)
        names: set[str] = set()
        for iu, seen in enumerate(reached):
            if not seen or iu == src:
                continue  # cutting the demand edges means nothing is short
            u = self.keys[iu]
            for iv in self.succ[iu]:
                if reached[iv]:
                    continue
                v = self.keys[iv]
                assert isinstance(u, tuple)
                if u[0] == "in" and isinstance(v, tuple) and v[0] == "out" and u[1] == v[1]:
                    if u[1] == SVC:
                        names.update(c.id for c in self.facts.with_role(
                            situation.database_role))
                    else:
                        names.add(u[1])
                elif isinstance(v, tuple):
                    names.update(link.id for link in self.topo.links_between(u[1], v[1])
                                 if link.kind in ("client", "ecp"))
        if not names and not self._connected:
            return ["no path from the sites to the production ODB"]
        return sorted(names)


def _reversed(succ: list[dict[int, float | None]]) -> list[dict[int, float | None]]:
    pred: list[dict[int, float | None]] = [{} for _ in succ]
    for u, adj in enumerate(succ):
        for v, cap in adj.items():
            pred[v][u] = cap
    return pred


class FlowNetworks:
    """The normal and the promoted flow network of one design, each built on first use and
    shared by capacity and every failure scenario."""

    def __init__(self, facts: DesignFacts, topo: Topology) -> None:
        self.facts, self.topo = facts, topo
        self.ratings = Ratings(facts, topo)
        self._built: dict[bool, FlowNetwork] = {}

    def network(self, promoted: bool = False) -> FlowNetwork:
        net = self._built.get(promoted)
        if net is None:
            net = self._built[promoted] = FlowNetwork(self.facts, self.topo, promoted,
                                                      self.ratings)
        return net

    def solve(self, situation: Situation, with_path: bool = False) -> ServedFlow:
        return self.network(situation.promoted).solve(situation, with_path)


def served_flow(facts: DesignFacts, topo: Topology, situation: Situation = NORMAL,
                networks: FlowNetworks | None = None) -> ServedFlow:
    networks = networks if networks is not None else FlowNetworks(facts, topo)
    return networks.solve(situation, with_path=True)
