"""The topology graph: components and sites as nodes, links as edges (networkx).

Built once per analysis and shared by every rule and by the capacity model.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cached_property

import networkx as nx

from ..model.design import Link
from .facts import ODB_DR, ODB_PRODUCTION, DesignFacts

CLINICAL_KINDS = frozenset({"client", "ecp"})


class Topology:
    def __init__(self, facts: DesignFacts) -> None:
        self.facts = facts
        g: nx.MultiDiGraph = nx.MultiDiGraph()
        for site in facts.design.placement.sites:
            g.add_node(site.id, element="site")
        for comp in facts.design.components:
            g.add_node(comp.id, element="component", role=comp.role)
        for link in facts.design.links:
            g.add_edge(link.from_, link.to, key=link.id, kind=link.kind, link=link)
        self.graph = g

    def links(self, node: str, kinds: Iterable[str] | None = None,
              direction: str = "both") -> list[Link]:
        """The links leaving and/or entering ``node`` (of ``kinds``), in the graph's order:
        by neighbour in the order first linked, then by link."""
        wanted = set(kinds) if kinds is not None else None
        incident = self._incident.get(node)
        out: list[Link] = []
        if incident is None:  # not a node of the graph: as networkx reads it
            if direction in ("out", "both"):
                out += [d["link"] for _, _, d in self.graph.out_edges(node, data=True)]
            if direction in ("in", "both"):
                out += [d["link"] for _, _, d in self.graph.in_edges(node, data=True)]
        else:
            if direction in ("out", "both"):
                out += incident[0]
            if direction in ("in", "both"):
                out += incident[1]
        return [link for link in out if wanted is None or link.kind in wanted]

    @cached_property
    def _incident(self) -> dict[str, tuple[list[Link], list[Link]]]:
        """Each node's outgoing and incoming links as ``graph.out_edges`` / ``in_edges`` list
        them, gathered in one pass (asking networkx node by node is slow on large designs)."""
        succ: dict[str, dict[str, dict[str, Link]]] = {n: {} for n in self.graph.nodes}
        pred: dict[str, dict[str, dict[str, Link]]] = {n: {} for n in self.graph.nodes}
        for link in self.facts.design.links:
            succ[link.from_].setdefault(link.to, {})[link.id] = link
            pred[link.to].setdefault(link.from_, {})[link.id] = link
        return {n: ([link for by_key in succ[n].values() for link in by_key.values()],
                    [link for by_key in pred[n].values() for link in by_key.values()])
                for n in succ}

    def degree(self, node: str) -> int:
        return int(self.graph.degree(node))

    @cached_property
    def clinical(self) -> nx.DiGraph:
        """Client and ECP links only, collapsed to a simple directed graph."""
        view = nx.DiGraph()
        view.add_nodes_from(self.graph.nodes)
        for u, v, d in self.graph.edges(data=True):
            if d["kind"] in CLINICAL_KINDS:
                view.add_edge(u, v)
        return view

    @cached_property
    def serving_production(self) -> frozenset[str]:
        """Nodes with a client/ECP path to a production ODB member (and the members)."""
        members = [c.id for c in self.facts.with_role(ODB_PRODUCTION)]
        reached: set[str] = set(members)
        for member in members:
            reached |= nx.ancestors(self.clinical, member)
        return frozenset(reached)

    @cached_property
    def standby_only(self) -> frozenset[str]:
        """Nodes whose client/ECP paths lead only to a DR member: the standby pools that take
        the load when the DR member is promoted, not part of production capacity."""
        standby: set[str] = set()
        for member in self.facts.with_role(ODB_DR):
            standby |= nx.ancestors(self.clinical, member.id)
        return frozenset(standby - self.serving_production)
