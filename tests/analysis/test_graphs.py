"""Reachability and immediate dominators without networkx (workbench.analysis.graphs): small
graphs by hand, and seeded random graphs against networkx."""

from __future__ import annotations

import random

import networkx as nx
import pytest

from workbench.analysis.graphs import immediate_dominators, reach


def adjacency(edges: list[tuple[str, str]]) -> dict[str, list[str]]:
    succ: dict[str, list[str]] = {}
    for u, v in edges:
        succ.setdefault(u, []).append(v)
        succ.setdefault(v, [])
    return succ


def test_a_single_path_through_a_gateway():
    """Two sites reach the ODB only through the gateway gw; the two presentation pools are
    alternatives, so only gw (and the source) dominate the ODB."""
    succ = adjacency([("src", "hq"), ("src", "clinic"), ("hq", "gw"), ("clinic", "gw"),
                      ("gw", "citrix-a"), ("gw", "citrix-b"), ("citrix-a", "odb"),
                      ("citrix-b", "odb"), ("odb", "sink")])
    idom = immediate_dominators(succ.__getitem__, "src")
    assert idom["sink"] == "odb"
    assert idom["odb"] == "gw"
    assert idom["gw"] == "src"
    assert idom["citrix-a"] == idom["citrix-b"] == "gw"
    assert idom["src"] == "src"


def test_unreached_nodes_have_no_dominator_and_cycles_are_fine():
    succ = adjacency([("s", "a"), ("a", "b"), ("b", "a"), ("b", "t"), ("x", "t")])
    idom = immediate_dominators(succ.__getitem__, "s")
    assert "x" not in idom
    assert (idom["a"], idom["b"], idom["t"]) == ("s", "a", "b")
    assert reach(succ.__getitem__, "s") == {"s", "a", "b", "t"}
    assert reach(succ.__getitem__, "x") == {"x", "t"}


@pytest.mark.parametrize("seed", range(150))
def test_random_graphs_match_networkx(seed):
    rng = random.Random(seed)
    n = rng.randint(1, 25)
    g = nx.DiGraph()
    g.add_nodes_from(range(n))
    g.add_edges_from((rng.randrange(n), rng.randrange(n)) for _ in range(rng.randint(0, 3 * n)))
    succ = {u: list(g.successors(u)) for u in g}
    ours = immediate_dominators(succ.__getitem__, 0)
    theirs = nx.immediate_dominators(g, 0)
    theirs.setdefault(0, 0)  # networkx releases differ on whether the start is listed
    assert ours == theirs
    assert reach(succ.__getitem__, 0) == nx.descendants(g, 0) | {0}
