"""The semantic diff (workbench/model/diff.py): elements matched by identity, never by list
position; changes field by field with their units; layout and reviews beside, not counted."""

from __future__ import annotations

import copy
import datetime as dt
from typing import Any

from workbench.model.design import Design
from workbench.model.diff import diff_designs, show


def _design(data: dict[str, Any]) -> Design:
    return Design.model_validate(data)


def _changed(data: dict[str, Any], edit: Any) -> Design:
    new = copy.deepcopy(data)
    edit(new)
    return _design(new)


def test_the_same_design_has_no_change(minimal):
    diff = diff_designs(_design(minimal), _design(minimal))
    assert diff.same and diff.changes == [] and diff.headline() == "no design change"


def test_reordering_every_list_whose_order_means_nothing_is_no_change(minimal):
    def reorder(d: dict[str, Any]) -> None:
        d["components"].reverse()
        d["links"].reverse()
        d["placement"]["regions"][0]["zones"].reverse()

    assert diff_designs(_design(minimal), _changed(minimal, reorder)).same


def test_a_changed_component_lists_each_field_old_and_new_with_units(minimal):
    def edit(d: dict[str, Any]) -> None:
        d["components"][1]["count"] = 6
        d["components"][1]["placement"]["zones"] = ["z2"]
        d["components"][0]["storage"] = {"tier": "azure-netapp-files-ultra", "size_tb": 12}
        d["requirements"]["rpo_minutes"] = 5
        d["requirements"]["peak_grefs_per_s"] = 1_500_000

    diff = diff_designs(_design(minimal), _changed(minimal, edit))
    lines = {c.title: [f.line() for f in c.fields] for c in diff.changes}
    assert lines == {
        "component citrix": ["count: 4 -> 6", "placement.zones: z1, z2 -> z2"],
        "component odb": ["storage.tier: none -> azure-netapp-files-ultra",
                          "storage.size_tb: none -> 12 TB"],
        "requirements": ["peak_grefs_per_s: 1 M GRefs/s -> 1.5 M GRefs/s",
                         "rpo_minutes: 15 min -> 5 min"],
    }
    assert diff.counts() == {"added": 0, "removed": 0, "changed": 3}
    assert [group for group, _ in diff.grouped()] == ["components", "requirements"]


def test_added_and_removed_elements_say_what_they_are(minimal):
    def edit(d: dict[str, Any]) -> None:
        del d["links"][0]
        d["components"].append({"id": "arb", "role": "arbiter", "sku": "azure-arbiter-vm",
                                "placement": {"region": "east", "zones": ["z2"]}})
        d["placement"]["sites"].append({"id": "clinic", "kind": "clinic"})

    diff = diff_designs(_design(minimal), _changed(minimal, edit))
    assert [line for c in diff.changes for line in c.lines()] == [
        "+ added component arb: arbiter on 1 x azure-arbiter-vm in east, z2",
        "- removed link l1: hq -> citrix, client",
        "+ added site clinic: kind clinic, jurisdiction US",
    ]


def test_layout_and_reviews_are_listed_but_are_not_design_changes(minimal):
    def edit(d: dict[str, Any]) -> None:
        d["layout"] = {"positions": {"odb": {"x": 10, "y": 20}}}
        d["metadata"]["status"] = "in-review"
        d["reviews"] = {"comments": [{"id": "c1", "author": "Dana", "text": "why z1?",
                                      "date": dt.datetime(2026, 11, 9, tzinfo=dt.UTC)}]}

    diff = diff_designs(_design(minimal), _changed(minimal, edit))
    assert diff.same
    assert diff.not_counted() == ["layout moved: odb", "reviews: status draft -> in-review",
                                  "reviews: comment c1 by Dana added"]


def test_policy_waivers_and_variants_are_keyed_by_what_names_them(minimal):
    base = copy.deepcopy(minimal)
    base["waivers"] = [{"rule": "RED-001", "target": "odb", "justification": "pilot"},
                       {"rule": "CMP-013", "target": "design"}]
    base["variants"] = [{"name": "shared", "changes": [{"component": "odb",
                                                        "sku": "azure-m416bs-v3"}]}]

    def edit(d: dict[str, Any]) -> None:
        d["waivers"].reverse()
        d["waivers"][1]["justification"] = "pilot until March"
        d["policy"] = {"assumptions": {"shared_tenancy_derating": 0.8},
                       "rules": {"PLC-002": {"enabled": False}}}
        d["variants"][0]["changes"][0]["count"] = 2

    diff = diff_designs(_design(base), _changed(base, edit))
    assert [(c.group, c.title, [f.line() for f in c.fields]) for c in diff.changes] == [
        ("policy", "assumption shared_tenancy_derating", []),
        ("policy", "rule PLC-002", []),
        ("waivers", "waiver RED-001 on odb", ["justification: pilot -> pilot until March"]),
        ("variants", "variant shared", ["changes[odb].count: none -> 2"]),
    ]
    assert [c.change for c in diff.changes] == ["added", "added", "changed", "changed"]


def test_values_are_written_as_the_document_writes_them():
    assert show("replication_lag_s", 30) == "30 s"
    assert show("rto_minutes", 90) == "1 h 30 min"
    assert show("bandwidth_mbps", 10_000) == "10,000 Mbit/s"
    assert show("encrypted", False) == "false"
    assert show("notes", "x" * 100).endswith("…") and len(show("notes", "x" * 100)) == 60
    assert show("zones", []) == "none"
    assert show("base_year", 2026) == "2026" and show("planning_horizon_years", 5) == "5 years"
