"""Small graph algorithms on plain adjacency (a function giving a node's neighbours), so the
analysis needs no networkx graph: reachability and immediate dominators.

Both give exactly what networkx gives (``nx.descendants``/``nx.ancestors`` plus the node,
``nx.immediate_dominators``): reachability is a set, and the immediate dominator of a node is
unique, whatever order the search takes.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable
from typing import TypeVar

N = TypeVar("N", bound=Hashable)


def reach(neighbours: Callable[[N], Iterable[N]], start: N) -> set[N]:
    """``start`` and every node reached from it by following ``neighbours``."""
    seen = {start}
    stack = [start]
    while stack:
        for v in neighbours(stack.pop()):
            if v not in seen:
                seen.add(v)
                stack.append(v)
    return seen


def immediate_dominators(successors: Callable[[N], Iterable[N]], start: N) -> dict[N, N]:
    """The immediate dominator of every node reached from ``start`` (``start`` maps to
    itself): the last node before it that every path from ``start`` passes through.

    Cooper, Harvey and Kennedy, "A Simple, Fast Dominance Algorithm" (2001): iterate over
    the nodes in reverse postorder, intersecting the dominators of their predecessors."""
    post: list[N] = []
    seen = {start}
    stack: list[tuple[N, Iterable[N]]] = [(start, iter(successors(start)))]
    while stack:  # depth-first postorder without recursion
        node, rest = stack[-1]
        for v in rest:
            if v not in seen:
                seen.add(v)
                stack.append((v, iter(successors(v))))
                break
        else:
            stack.pop()
            post.append(node)
    number = {n: i for i, n in enumerate(post)}
    preds: dict[N, list[N]] = {n: [] for n in post}
    for u in post:
        for v in successors(u):
            preds[v].append(u)
    idom = {start: start}

    def intersect(a: N, b: N) -> N:
        while a != b:
            while number[a] < number[b]:
                a = idom[a]
            while number[b] < number[a]:
                b = idom[b]
        return a

    changed = True
    while changed:
        changed = False
        for node in reversed(post):
            if node == start:
                continue
            new: N | None = None
            for p in preds[node]:
                if p in idom:
                    new = p if new is None else intersect(p, new)
            if new is not None and idom.get(node) != new:
                idom[node] = new
                changed = True
    return idom
