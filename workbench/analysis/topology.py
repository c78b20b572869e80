"""The topology graph: components and sites as nodes, links as edges.

Built once per analysis and shared by every rule and by the capacity model.  The analysis
reads it from plain dictionaries gathered in one pass over the links, in the order a networkx
``MultiDiGraph`` of the design lists them (nodes: sites, components, then link ends not
declared; each node's links by neighbour in the order first linked, then by link); the
networkx graphs (:attr:`Topology.graph`, :attr:`Topology.clinical`) are built, and networkx
imported, only when a caller asks for them.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import cached_property
from typing import TYPE_CHECKING

from ..model.design import Link
from .facts import ODB_DR, ODB_PRODUCTION, DesignFacts
from .graphs import reach

if TYPE_CHECKING:
    import networkx as nx

CLINICAL_KINDS = frozenset({"client", "ecp"})

Neighbours = dict[str, dict[str, dict[str, Link]]]  # node -> neighbour -> link id -> link


class Topology:
    def __init__(self, facts: DesignFacts) -> None:
        self.facts = facts
        nodes: dict[str, None] = {}
        for site in facts.design.placement.sites:
            nodes[site.id] = None
        for comp in facts.design.components:
            nodes[comp.id] = None
        succ: Neighbours = {}
        pred: Neighbours = {}
        for link in facts.design.links:
            for end in (link.from_, link.to):
                if end not in nodes:
                    nodes[end] = None
            # a repeated (from, to, id) replaces the link where it stood, as in networkx
            succ.setdefault(link.from_, {}).setdefault(link.to, {})[link.id] = link
            pred.setdefault(link.to, {}).setdefault(link.from_, {})[link.id] = link
        self.nodes: list[str] = list(nodes)
        self._succ, self._pred = succ, pred

    def edges(self) -> Iterator[tuple[str, str, Link]]:
        """Every link as (from, to, link), in the graph's order."""
        for u in self.nodes:
            for v, by_id in self._succ.get(u, {}).items():
                for link in by_id.values():
                    yield u, v, link

    def links_between(self, u: str, v: str) -> list[Link]:
        """The links from ``u`` to ``v``."""
        return list(self._succ.get(u, {}).get(v, {}).values())

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
        them."""
        def flat(by_neighbour: dict[str, dict[str, Link]]) -> list[Link]:
            return [link for by_id in by_neighbour.values() for link in by_id.values()]
        return {n: (flat(self._succ.get(n, {})), flat(self._pred.get(n, {})))
                for n in self.nodes}

    def degree(self, node: str) -> int:
        incident = self._incident.get(node)
        if incident is None:
            return int(self.graph.degree(node))
        return len(incident[0]) + len(incident[1])

    @cached_property
    def graph(self) -> nx.MultiDiGraph:
        """The design as a networkx multigraph (node attributes ``element`` and ``role``;
        edge key the link id, attributes ``kind`` and ``link``)."""
        import networkx as nx

        g: nx.MultiDiGraph = nx.MultiDiGraph()
        for site in self.facts.design.placement.sites:
            g.add_node(site.id, element="site")
        for comp in self.facts.design.components:
            g.add_node(comp.id, element="component", role=comp.role)
        for link in self.facts.design.links:
            g.add_edge(link.from_, link.to, key=link.id, kind=link.kind, link=link)
        return g

    @cached_property
    def _clinical_pred(self) -> dict[str, list[str]]:
        """Each node's predecessors over client and ECP links."""
        pred: dict[str, list[str]] = {n: [] for n in self.nodes}
        for u, v in self.clinical_edges:
            pred[v].append(u)
        return pred

    @cached_property
    def clinical_edges(self) -> list[tuple[str, str]]:
        """The (from, to) pairs joined by client or ECP links, each once, in graph order."""
        seen: dict[tuple[str, str], None] = {}
        for u, v, link in self.edges():
            if link.kind in CLINICAL_KINDS:
                seen[(u, v)] = None
        return list(seen)

    @cached_property
    def clinical(self) -> nx.DiGraph:
        """Client and ECP links only, collapsed to a simple directed graph (networkx; the
        analysis itself reads :attr:`clinical_edges` and :meth:`clinical_ancestors`)."""
        import networkx as nx

        view = nx.DiGraph()
        view.add_nodes_from(self.nodes)
        view.add_edges_from(self.clinical_edges)
        return view

    def clinical_ancestors(self, node: str) -> set[str]:
        """Nodes with a client/ECP path to ``node`` (``nx.ancestors(self.clinical, node)``)."""
        return reach(self._clinical_pred.__getitem__, node) - {node}

    @cached_property
    def serving_production(self) -> frozenset[str]:
        """Nodes with a client/ECP path to a production ODB member (and the members)."""
        members = [c.id for c in self.facts.with_role(ODB_PRODUCTION)]
        reached: set[str] = set(members)
        for member in members:
            reached |= self.clinical_ancestors(member)
        return frozenset(reached)

    @cached_property
    def standby_only(self) -> frozenset[str]:
        """Nodes whose client/ECP paths lead only to a DR member: the standby pools that take
        the load when the DR member is promoted, not part of production capacity."""
        standby: set[str] = set()
        for member in self.facts.with_role(ODB_DR):
            standby |= self.clinical_ancestors(member.id)
        return frozenset(standby - self.serving_production)
