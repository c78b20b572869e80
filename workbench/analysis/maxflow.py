"""Maximum flow on integer-indexed arrays: the residual network of the clinical flow graph and
Dinitz's algorithm, without networkx on the hot path.

Nodes are numbered 0..n-1; every edge is an index into parallel lists (its head, capacity,
flow and reverse edge), and each node keeps the indices of the edges leaving it in insertion
order.  The construction and the search follow networkx's ``build_residual_network`` and
``dinitz`` step for step (the same edge order, the same breadth-first layering, the same
depth-first augmentation and the same float operations in the same order), so the flow value,
every edge's flow and hence every figure derived from them are bit for bit what networkx
computes: the analysis results stay byte-identical while a run costs a fraction of the time.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Iterator
from contextlib import contextmanager

INF = float("inf")


NOT_REACHED, END = -2, -1


class UnboundedFlow(ValueError):
    """An unlimited path joins the source to the sink."""


class Layers:
    """The layered network of one Dinitz phase: for each node, its edges from the previous
    layer in the order found, as linked lists in flat integer lists (no list per node, so a
    phase on a large design creates no objects for the garbage collector to trace).

    ``first[v]`` is the position in ``edge`` of the next unused edge into ``v`` (END once
    used up, NOT_REACHED if ``v`` was not reached); ``after[k]`` the position after ``k``
    in the same node's list."""

    def __init__(self, n_nodes: int) -> None:
        self.first = [NOT_REACHED] * n_nodes
        self.last = [END] * n_nodes
        self.edge: list[int] = []
        self.after: list[int] = []


class ResidualNetwork:
    """The residual network of a directed graph with edge capacities (None: unlimited).

    As networkx builds it: an edge of positive capacity and its reverse (capacity 0) are
    added as a pair, self-loops and edges of capacity 0 are left out, and an unlimited edge
    gets ``inf``, three times the sum of the finite capacities (1 when that sum is 0), large
    enough never to lie on a minimum cut of a bounded flow."""

    def __init__(self, n_nodes: int, edges: Iterable[tuple[int, int, float | None]]) -> None:
        self.out: list[list[int]] = [[] for _ in range(n_nodes)]  # edge ids leaving a node
        self.edge_to: list[dict[int, int]] = [{} for _ in range(n_nodes)]  # head -> edge id
        self.head: list[int] = []
        self.tail: list[int] = []
        self.capacity: list[float] = []
        self.flow: list[float] = []
        self.flow_value: float = 0
        kept = [(u, v, cap) for u, v, cap in edges if u != v and (cap is None or cap > 0)]
        self.inf: float = 3 * sum(cap for _, _, cap in kept
                                  if cap is not None and cap != INF) or 1
        for u, v, cap in kept:
            r = self.inf if cap is None else min(cap, self.inf)
            e = self.edge_to[u].get(v)
            if e is None:
                self._add_pair(u, v, r)
            else:  # added as the reverse of (v, u)
                self.capacity[e] = r

    @property
    def n_nodes(self) -> int:
        return len(self.out)

    def _add_edge(self, u: int, v: int, cap: float) -> int:
        e = len(self.head)
        self.head.append(v)
        self.tail.append(u)
        self.capacity.append(cap)
        self.flow.append(0)
        self.out[u].append(e)
        self.edge_to[u][v] = e
        return e

    def _add_pair(self, u: int, v: int, cap: float) -> int:
        e = self._add_edge(u, v, cap)
        self._add_edge(v, u, 0)
        return e

    def edge(self, u: int, v: int) -> int | None:
        """The id of the residual edge u -> v, or None."""
        return self.edge_to[u].get(v)

    def reverse(self, e: int) -> int:
        return e ^ 1  # pairs are added together: (2k, 2k + 1)

    @contextmanager
    def extra_edges(self, pairs: list[tuple[int, int]]) -> Iterator[list[int]]:
        """Edges absent from the network (capacity 0 in the graph) added, each with its
        reverse, at the end of their nodes' lists, for the time of a ``with`` block; yields
        their ids (capacity 0 until set)."""
        added = []
        for u, v in pairs:
            assert self.edge(u, v) is None and self.edge(v, u) is None
            added.append(self._add_pair(u, v, 0.0))
        try:
            yield added
        finally:
            for e in reversed(added):
                for f in (e + 1, e):
                    u, v = self.tail[f], self.head[f]
                    assert self.out[u][-1] == f and len(self.head) == f + 1
                    self.out[u].pop()
                    del self.edge_to[u][v]
                    self.head.pop()
                    self.tail.pop()
                    self.capacity.pop()
                    self.flow.pop()

    # ------------------------------------------------------------------ Dinitz
    def max_flow(self, s: int, t: int) -> float:
        """The value of a maximum s-t flow; each edge's flow is left in :attr:`flow`."""
        if s == t:
            raise ValueError("source and sink are the same node")
        flow = self.flow
        for e in range(len(flow)):
            flow[e] = 0
        value: float = 0
        while value < self.inf:
            layers = self._layers(s, t)
            if layers.first[t] == NOT_REACHED:
                break
            pushed = self._augment(s, t, layers)
            if pushed * 2 > self.inf:
                raise UnboundedFlow("an unlimited path joins the source to the sink")
            value += pushed
        self.flow_value = value
        return value

    def _layers(self, s: int, t: int) -> Layers:
        """The residual edges into each node from the previous layer of a breadth-first
        search from ``s`` that stops once ``t`` is reached.  ``s`` itself enters only if an
        edge leads back into it, as in networkx."""
        out, head, cap, flow = self.out, self.head, self.capacity, self.flow
        layers = Layers(len(out))
        first, last, edge, after = layers.first, layers.last, layers.edge, layers.after
        dist = [0] * len(out)  # meaningful once a node is reached, and for s
        queue = deque([s])
        popleft, push = queue.popleft, queue.append
        while queue:
            if first[t] != NOT_REACHED:
                break
            u = popleft()
            d = dist[u] + 1
            for e in out[u]:
                if cap[e] - flow[e] > 0:
                    v = head[e]
                    if first[v] == NOT_REACHED:
                        first[v] = last[v] = len(edge)
                        edge.append(e)
                        after.append(END)
                        dist[v] = d
                        push(v)
                    elif dist[v] == d:
                        after[last[v]] = last[v] = len(edge)
                        edge.append(e)
                        after.append(END)
        return layers

    def _augment(self, s: int, t: int, layers: Layers) -> float:
        """Every shortest augmenting path of the layered network, found by a depth-first
        search back from the sink; the flow pushed."""
        tail, cap, flow = self.tail, self.capacity, self.flow
        first, edge, after = layers.first, layers.edge, layers.after
        total: float = 0
        u = t
        nodes = [u]  # the path from t back towards s
        edges: list[int] = []  # edges[i] runs from nodes[i + 1] into nodes[i]
        while True:
            k = first[u]
            if k == NOT_REACHED:  # networkx stops here too (KeyError)
                raise ArithmeticError("no edge of an augmenting path was saturated")
            if k != END:
                e = edge[k]
                v = tail[e]
                nodes.append(v)
                edges.append(e)
            else:
                nodes.pop()
                if not nodes:
                    break
                edges.pop()
                v = nodes[-1]
                first[v] = after[first[v]]  # that edge leads nowhere now
            if v == s:
                pushed = self.inf
                for e in edges:
                    pushed = min(pushed, cap[e] - flow[e])
                for i in range(len(edges) - 1, -1, -1):
                    e = edges[i]
                    flow[e] += pushed
                    flow[e ^ 1] -= pushed
                    if cap[e] - flow[e] == 0:  # saturated: search again from its head
                        w = nodes[i]
                        first[w] = after[first[w]]
                        while nodes[-1] != w:
                            nodes.pop()
                            edges.pop()
                total += pushed
                v = nodes[-1]
            u = v
        return total

    def reachable(self, s: int) -> list[bool]:
        """Nodes reached from ``s`` along edges with residual capacity: after a maximum flow,
        the source side of the minimum cut nearest the source."""
        out, head, cap, flow = self.out, self.head, self.capacity, self.flow
        seen = [False] * self.n_nodes
        seen[s] = True
        stack = [s]
        while stack:
            u = stack.pop()
            for e in out[u]:
                v = head[e]
                if not seen[v] and flow[e] < cap[e]:
                    seen[v] = True
                    stack.append(v)
        return seen
