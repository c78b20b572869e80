"""A small design with something of every kind an edit has to tidy, and a way to carry out a
plan without the desktop app (the document primitives the undo commands call)."""

from __future__ import annotations

import copy
from typing import Any

from workbench.model import edits
from workbench.model.design import Design
from workbench.model.document import DesignDocument

AZURE_DB = "azure-ali-s224se"
AZURE_VM = "azure-d16s-v5"
AZURE_LOGS = "azure-log-analytics"
AWS_DB = "aws-u-6tb1-metal"
ONPREM_PRINT = "onprem-print-server"

# east (Azure East US): zones e1, e2 and proximity group ppg in e1; west (Azure West US 2):
# empty, zone w1; site hq. odb sits in e1 in ppg, citrix spans both zones, logs is regional
# and receives odb's and citrix's audit logs.
SMALL: dict[str, Any] = {
    "schema_version": 2,
    "metadata": {"name": "Small"},
    "requirements": {"peak_grefs_per_s": 1_000_000, "concurrent_users": 500, "odb_size_tb": 4},
    "placement": {
        "regions": [
            {"id": "east", "catalog_region": "azure-eastus",
             "zones": [{"id": "e1", "catalog_zone": "1"}, {"id": "e2", "catalog_zone": "2"}],
             "proximity_groups": [{"id": "ppg", "zone": "e1"}]},
            {"id": "west", "catalog_region": "azure-westus2",
             "zones": [{"id": "w1", "catalog_zone": "1"}]},
        ],
        "sites": [{"id": "hq", "name": "HQ"}],
    },
    "components": [
        {"id": "odb", "role": "odb-production", "sku": AZURE_DB,
         "placement": {"region": "east", "zones": ["e1"], "proximity_group": "ppg"},
         "security": {"log_store": "logs"}},
        {"id": "citrix", "role": "hyperspace-presentation", "sku": AZURE_VM, "count": 4,
         "placement": {"region": "east", "zones": ["e1", "e2"]},
         "security": {"log_store": "logs"}},
        {"id": "logs", "role": "log-store", "sku": AZURE_LOGS,
         "placement": {"region": "east"}},
    ],
    "links": [
        {"id": "l1", "from": "hq", "to": "citrix", "kind": "client", "encrypted": True},
        {"id": "l2", "from": "citrix", "to": "odb", "kind": "client", "encrypted": True},
        {"id": "l3", "from": "odb", "to": "logs", "kind": "admin", "encrypted": True},
    ],
    "waivers": [
        {"rule": "RED-001", "target": "odb", "justification": "j", "approver": "a"},
        {"rule": "CMP-001", "target": "l2", "justification": "j", "approver": "a"},
        {"rule": "DSN-001", "target": "design", "justification": "j", "approver": "a"},
        {"rule": "RED-002", "target": "w1", "justification": "j", "approver": "a"},
    ],
    "reviews": {"comments": [
        {"id": "c1", "author": "r", "date": "2026-01-05T10:00:00", "target": "logs",
         "text": "why regional?"},
        {"id": "c2", "author": "r", "date": "2026-01-05T10:01:00", "target": "l1",
         "text": "bandwidth?"},
        {"id": "c3", "author": "r", "date": "2026-01-05T10:02:00", "text": "overall fine"},
    ]},
    "layout": {"positions": {"odb": {"x": 100, "y": 200}, "citrix": {"x": 300, "y": 200},
                             "logs": {"x": 500, "y": 200}}},
}


def small(**changes: Any) -> Design:
    """The small design, with top-level keys replaced by ``changes``."""
    data = copy.deepcopy(SMALL)
    data.update(copy.deepcopy(changes))
    return Design.model_validate(data)


def carried_out(design: Design, plan: edits.Plan) -> Design:
    """A copy of the design after the plan's edits, made with the document's primitives."""
    doc = DesignDocument(design.model_copy(deep=True))
    for edit in plan.edits:
        match edit:
            case edits.ReplaceElement(kind, element_id, _, after):
                doc.replace(kind, element_id, after)
            case edits.SetSection(name, _, after):
                doc.set_section(name, after)
            case edits.RemoveElements(ids):
                for eid in ids:
                    if doc.link(eid):
                        doc.remove_link(eid)
                for eid in ids:
                    if doc.component(eid):
                        doc.remove_component(eid)
                    elif doc.site(eid):
                        doc.remove_site(eid)
            case edits.RemoveRegion(region_id):
                region = doc.region(region_id)
                assert region is not None
                doc.remove_region(region_id)
                doc.set_positions(dict.fromkeys([region_id, *(z.id for z in region.zones)]))
            case edits.AddComponent(component, position):
                doc.insert_component(component, position=position)
            case edits.AddLink(link):
                doc.insert_link(link)
    return doc.design
