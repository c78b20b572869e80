"""Topology.links answers from one pass over the links, in the order the graph lists them."""

from __future__ import annotations

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


def test_links_of_every_node_of_the_samples_match_the_graph():
    catalog = load_catalog(use_setting=False)
    for path in SAMPLE_FILES:
        topo = Topology(DesignFacts(load_design(path, catalog).design, catalog))
        for node in topo.graph.nodes:
            for direction in ("out", "in", "both"):
                assert [x.id for x in topo.links(node, direction=direction)] == \
                    as_networkx_reads_them(topo, node, direction), (path.name, node)
