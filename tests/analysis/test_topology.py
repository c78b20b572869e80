"""Topology answers from one pass over the links, as the networkx graph of the design would:
links in the order the graph lists them, degrees, client/ECP ancestors; the graph itself is
built only when asked for."""

from __future__ import annotations

import networkx as nx
import yaml

from catalogs import load_catalog
from tests.conftest import SAMPLE_FILES
from tests.validators.small import complete
from workbench.analysis.facts import DesignFacts
from workbench.analysis.topology import Topology
from workbench.model.io import load_design, loads_design


def topology(doc) -> Topology:
    catalog = load_catalog(use_setting=False)
    design = loads_design(yaml.safe_dump(doc, sort_keys=False), "small.yaml").design
    return Topology(DesignFacts(design, catalog))


def as_networkx_reads_them(topo: Topology, node: str, direction: str) -> list[str]:
    out = []
    if direction in ("out", "both"):
        out += [d["link"].id for _, _, d in topo.graph.out_edges(node, data=True)]
    if direction in ("in", "both"):
        out += [d["link"].id for _, _, d in topo.graph.in_edges(node, data=True)]
    return out


def test_links_are_grouped_by_neighbour_in_the_order_first_linked():
    """gw gets a second link to citrix after its link to citrix and before none other: the
    graph lists both gw -> citrix links together, ahead of gw -> ecp-1 added later."""
    doc = complete()
    doc["links"].insert(3, {"id": "gw-ecp", "from": "gw", "to": "ecp-1", "kind": "client",
                            "encrypted": True})
    doc["links"].append({"id": "gw-citrix-2", "from": "gw", "to": "citrix", "kind": "client",
                         "encrypted": True})
    topo = topology(doc)
    assert [x.id for x in topo.links("gw", direction="out")] == [
        "gw--citrix", "gw-citrix-2", "gw-ecp"]
    assert [x.id for x in topo.links("gw", direction="in")] == ["hq--gw", "clinic--gw"]
    assert [x.id for x in topo.links("gw")] == [
        "gw--citrix", "gw-citrix-2", "gw-ecp", "hq--gw", "clinic--gw"]
    assert [x.id for x in topo.links("odb-a", ["ecp"], "in")] == [
        "ecp-1--odb-a", "ecp-2--odb-a"]
    assert topo.links("no-such-node") == []


def test_every_node_of_the_samples_reads_as_in_the_networkx_graph():
    catalog = load_catalog(use_setting=False)
    for path in SAMPLE_FILES:
        topo = Topology(DesignFacts(load_design(path, catalog).design, catalog))
        assert "graph" not in vars(topo)  # not built until asked for
        assert topo.nodes == list(topo.graph.nodes)
        assert [(u, v, x.id) for u, v, x in topo.edges()] == list(topo.graph.edges(keys=True))
        for node in topo.graph.nodes:
            for direction in ("out", "in", "both"):
                assert [x.id for x in topo.links(node, direction=direction)] == \
                    as_networkx_reads_them(topo, node, direction), (path.name, node)
            assert topo.degree(node) == topo.graph.degree(node)
            assert topo.clinical_ancestors(node) == nx.ancestors(topo.clinical, node)
        assert topo.serving_production  # the samples have a clinical path to the ODB


def test_client_and_ecp_ancestors_follow_direction_and_kind():
    """In the small design hq -> gw -> citrix -> ecp-1 -> odb-a are client/ECP links; the
    arbiter's admin link and the mirror links do not count."""
    topo = topology(complete())
    assert topo.clinical_ancestors("odb-a") == {"hq", "clinic", "gw", "citrix", "ecp-1",
                                                "ecp-2"}
    assert topo.clinical_ancestors("odb-dr") == set()
    assert topo.clinical_ancestors("hq") == set()
    assert "arbiter" not in topo.serving_production
    assert {"gw", "citrix", "odb-a", "odb-b"} <= topo.serving_production
