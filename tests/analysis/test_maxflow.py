"""The max-flow on integer-indexed arrays (workbench.analysis.maxflow): small networks worked
by hand, and random networks against networkx, whose Dinitz it follows step for step."""

from __future__ import annotations

import random

import networkx as nx
import pytest
from networkx.algorithms.flow import build_residual_network, dinitz

from tests.conftest import SAMPLES
from workbench.analysis import flow as flow_module
from workbench.analysis.maxflow import ResidualNetwork, UnboundedFlow


def network(n: int, edges: list[tuple[int, int, float | None]]) -> ResidualNetwork:
    return ResidualNetwork(n, edges)


def test_textbook_network():
    """Cormen et al., figure 26.6: s=0, v1..v4=1..4, t=5. The maximum flow is 23; the
    minimum cut leaves s, v1, v2 and v4 on the source side (12 + 7 + 4 = 23 across it)."""
    r = network(6, [(0, 1, 16), (0, 2, 13), (1, 3, 12), (2, 1, 4), (2, 4, 14), (3, 2, 9),
                    (3, 5, 20), (4, 3, 7), (4, 5, 4)])
    assert r.max_flow(0, 5) == 23
    assert [i for i, seen in enumerate(r.reachable(0)) if seen] == [0, 1, 2, 4]
    e = r.edge(1, 3)
    assert e is not None and r.flow[e] == 12 and r.flow[r.reverse(e)] == -12


def test_unlimited_edges_are_bounded_by_the_finite_ones():
    """s -(unlimited)-> a -(5)-> t and s -(2)-> t: 7. The stand-in for unlimited is three
    times the finite capacities, 3 x 7 = 21."""
    r = network(3, [(0, 1, None), (1, 2, 5.0), (0, 2, 2.0)])
    assert r.inf == 21
    assert r.max_flow(0, 2) == 7
    e = r.edge(0, 1)
    assert e is not None and r.capacity[e] == 21 and r.flow[e] == 5


def test_zero_capacity_edges_and_self_loops_are_left_out():
    r = network(3, [(0, 1, 0.0), (1, 1, 4.0), (1, 2, 3.0)])
    assert r.edge(0, 1) is None and r.edge(1, 1) is None
    assert r.max_flow(0, 2) == 0
    assert r.reachable(0) == [True, False, False]


def test_a_path_of_unlimited_edges_is_unbounded():
    r = network(3, [(0, 1, None), (1, 2, None)])
    with pytest.raises(UnboundedFlow):
        r.max_flow(0, 2)


def test_series_limits_and_parallel_paths_add():
    """Two paths s-a-t (3 then 8: 3) and s-b-t (10 then 4: 4): 7, each path at its
    narrowest edge."""
    r = network(4, [(0, 1, 3.0), (1, 3, 8.0), (0, 2, 10.0), (2, 3, 4.0)])
    assert r.max_flow(0, 3) == 7
    assert [r.flow[r.edge(u, v)] for u, v in ((0, 1), (1, 3), (0, 2), (2, 3))] == [3, 3, 4, 4]


def test_extra_edges_count_for_one_run_and_are_taken_out_again():
    """An element lost in normal operation (capacity 0, so absent) that a situation gives
    capacity: the edge takes part in the run inside the block and is gone after it."""
    r = network(3, [(0, 1, 5.0), (1, 2, 0.0)])  # 1 -> 2 lost: no capacity
    assert r.max_flow(0, 2) == 0
    before = (list(r.head), [list(o) for o in r.out], list(r.capacity))
    with r.extra_edges([(1, 2)]) as (e,):
        r.capacity[e] = 4.0
        assert r.max_flow(0, 2) == 4
    assert r.edge(1, 2) is None and r.edge(2, 1) is None
    assert (list(r.head), [list(o) for o in r.out], list(r.capacity)) == before
    assert r.max_flow(0, 2) == 0


def random_graph(rng: random.Random) -> tuple[int, list[tuple[int, int, float | None]]]:
    n = rng.randint(2, 14)
    edges = []
    for _ in range(rng.randint(0, n * 4)):
        u, v = rng.randrange(n), rng.randrange(n)
        kind = rng.random()
        cap: float | None
        if kind < 0.1:
            cap = None
        elif kind < 0.2:
            cap = 0.0
        elif kind < 0.5:
            cap = float(rng.randint(1, 20))
        else:
            cap = rng.uniform(0.01, 1e6) * rng.choice([1e-3, 1, 1e3])
        edges.append((u, v, cap))
    return n, edges


def networkx_graph(n: int, edges: list[tuple[int, int, float | None]]) -> nx.DiGraph:
    g = nx.DiGraph()
    g.add_nodes_from(range(n))
    for u, v, cap in edges:
        g.add_edge(u, v, **({} if cap is None else {"capacity": cap}))
    return g


@pytest.mark.parametrize("seed", range(200))
def test_random_networks_match_networkx(seed):
    """The same value as networkx's preflow-push (to rounding), and the same value, flows
    and minimum cut as its Dinitz, bit for bit."""
    rng = random.Random(seed)
    n, edges = random_graph(rng)
    g = networkx_graph(n, edges)
    # networkx keeps the last of repeated edges: so does the graph the flow network builds
    unique = [(u, v, g.edges[u, v].get("capacity")) for u, v in g.edges]
    s, t = 0, n - 1
    ours = ResidualNetwork(n, unique)
    try:
        expected = nx.maximum_flow_value(g, s, t)
    except nx.NetworkXUnbounded:
        with pytest.raises(UnboundedFlow):
            ours.max_flow(s, t)
        return
    value = ours.max_flow(s, t)
    assert value == pytest.approx(expected, rel=1e-9, abs=1e-9)
    r = dinitz(g, s, t, residual=build_residual_network(g, "capacity"))
    assert value == r.graph["flow_value"]
    assert ours.inf == r.graph["inf"]
    for u, v, data in r.edges(data=True):
        e = ours.edge(u, v)
        assert e is not None
        assert (ours.capacity[e], ours.flow[e]) == (data["capacity"], data["flow"])
    assert len(ours.head) == r.number_of_edges()
    reached, stack = {s}, [s]
    while stack:
        for v, data in r[stack.pop()].items():
            if v not in reached and data["flow"] < data["capacity"]:
                reached.add(v)
                stack.append(v)
    assert {i for i, seen in enumerate(ours.reachable(s)) if seen} == reached


def test_capacity_and_scenarios_share_one_flow_network(monkeypatch):
    """The flagship's normal flow network is built once, by capacity, and every failure
    scenario is solved on it (the promoted DR side gets its own, once)."""
    from catalogs import load_catalog
    from workbench.analysis.run import analyse
    from workbench.model.io import load_design

    built: list[bool] = []
    original = flow_module.FlowNetwork.__init__

    def counting(self, facts, topo, promoted=False, ratings=None):
        built.append(promoted)
        original(self, facts, topo, promoted, ratings)

    monkeypatch.setattr(flow_module.FlowNetwork, "__init__", counting)
    catalog = load_catalog(use_setting=False)
    analysis = analyse(load_design(SAMPLES / "academic-medical-center-ali.yaml",
                                   catalog).design, catalog)
    _ = analysis.capacity
    assert built == [False]
    scenarios = analysis.scenarios.scenarios
    assert any(s.promoted for s in scenarios)
    assert sorted(built) == [False, True]
