"""Cross-reference errors: each names the offending value and the nearest valid one."""

from __future__ import annotations

import pytest
import yaml

from catalogs.errors import InputError
from workbench.model.io import loads_design


def errors(doc) -> list[str]:
    with pytest.raises(InputError) as info:
        loads_design(yaml.safe_dump(doc, sort_keys=False), "d.yaml")
    return [str(p) for p in info.value.problems]


def test_minimal_design_loads(minimal):
    loaded = loads_design(yaml.safe_dump(minimal, sort_keys=False), "d.yaml")
    assert [c.id for c in loaded.design.components] == ["odb", "citrix"]


def test_unknown_sku_suggests_nearest(minimal):
    minimal["components"][0]["sku"] = "azure-ali-s224"
    (msg,) = errors(minimal)
    assert ("components[0].sku: unknown SKU 'azure-ali-s224' (did you mean "
            "'azure-ali-s224se'?)") in msg
    assert msg.startswith("d.yaml:")


def test_unknown_role_suggests_nearest(minimal):
    minimal["components"][1]["role"] = "hyperspace-presentaton"
    (msg,) = errors(minimal)
    assert "unknown role 'hyperspace-presentaton' (did you mean 'hyperspace-presentation'?)" in msg


def test_unknown_catalog_region_suggests_nearest(minimal):
    minimal["placement"]["regions"][0]["catalog_region"] = "azure-east-us"
    msgs = errors(minimal)
    assert any("unknown catalog region 'azure-east-us' (did you mean 'azure-eastus'?)" in m
               for m in msgs)


def test_unknown_design_region_and_zone(minimal):
    minimal["components"][0]["placement"] = {"region": "eats", "zones": ["z1"]}
    minimal["components"][1]["placement"]["zones"] = ["z1", "z3"]
    msgs = errors(minimal)
    assert any("placement.region: unknown region 'eats' (did you mean 'east'?)" in m for m in msgs)
    assert any("zones[1]: unknown zone in region 'east' 'z3'" in m for m in msgs)


def test_duplicate_ids_across_element_kinds(minimal):
    minimal["components"][1]["id"] = "east"
    minimal["links"][0]["to"] = minimal["links"][1]["from"] = "east"
    (msg,) = errors(minimal)
    assert "duplicate id 'east' (already used by placement.regions[0])" in msg


def test_dangling_link_suggests_nearest(minimal):
    minimal["links"][1]["to"] = "odbb"
    (msg,) = errors(minimal)
    assert "links[1].to: link end unknown component or site 'odbb' (did you mean 'odb'?)" in msg


def test_unknown_link_kind(minimal):
    minimal["links"][0]["kind"] = "clinet"
    (msg,) = errors(minimal)
    assert "unknown link kind 'clinet' (did you mean 'client'?)" in msg


def test_self_link(minimal):
    minimal["links"][0]["to"] = "hq"
    assert any("cannot join 'hq' to itself" in m for m in errors(minimal))


def test_provider_mismatch(minimal):
    minimal["components"][1]["sku"] = "aws-r6i-8xlarge"
    (msg,) = errors(minimal)
    assert "is an aws SKU but region 'east' is in azure" in msg


def test_cloud_sku_at_a_site(minimal):
    minimal["components"][1]["placement"] = {"site": "hq"}
    (msg,) = errors(minimal)
    assert "only on-premises SKUs can be placed at a site" in msg


def test_region_and_site_both_or_neither(minimal):
    minimal["components"][1]["placement"] = {"region": "east", "site": "hq"}
    (msg,) = errors(minimal)
    assert "exactly one of 'region' or 'site'" in msg


def test_catalog_zone_not_in_region(minimal):
    minimal["placement"]["regions"][0]["zones"][1]["catalog_zone"] = "7"
    (msg,) = errors(minimal)
    assert "has no zone '7' (zones: 1, 2, 3)" in msg


def test_unknown_storage_tier(minimal):
    minimal["components"][0]["storage"] = {"tier": "azure-ultradisk", "size_tb": 10}
    (msg,) = errors(minimal)
    assert "unknown storage tier 'azure-ultradisk' (did you mean 'azure-ultra-disk'?)" in msg


def test_waiver_comment_and_layout_targets(minimal):
    minimal["waivers"] = [{"rule": "RED-001", "target": "obd", "justification": "x",
                           "approver": "y"}]
    minimal["reviews"] = {"comments": [{"id": "c1", "author": "a", "date": "2026-01-01T10:00:00Z",
                                        "target": "citrx", "text": "t"}]}
    minimal["layout"] = {"positions": {"odb": {"x": 1, "y": 2}, "ghost": {"x": 0, "y": 0}}}
    minimal["risks"] = [{"id": "r1", "rule": "RED-001", "target": "odbb"},
                        {"id": "r2", "rule": "RED-001", "target": "design"}]
    msgs = errors(minimal)
    assert any("risks[0].target: unknown risk target 'odbb' (did you mean 'odb'?)" in m
               for m in msgs), msgs
    assert not any("risks[1]" in m for m in msgs)
    assert any("unknown waiver target 'obd' (did you mean 'odb'?)" in m for m in msgs)
    assert any("unknown comment target 'citrx' (did you mean 'citrix'?)" in m for m in msgs)
    assert any("layout.positions.ghost: position for unknown element 'ghost'" in m for m in msgs)


def test_waiver_for_whole_design_is_fine(minimal):
    minimal["waivers"] = [{"rule": "RED-011", "target": "design", "justification": "x",
                           "approver": "y"}]
    assert loads_design(yaml.safe_dump(minimal), "d.yaml").design.waivers[0].target == "design"


def test_unknown_assumption_and_service(minimal):
    minimal["policy"] = {"assumptions": {"shared_tenancy_derateing": 0.7},
                         "compliance": {"business_associate_agreements": ["azure-vm"]}}
    msgs = errors(minimal)
    assert any("unknown assumption 'shared_tenancy_derateing' (did you mean "
               "'shared_tenancy_derating'?)" in m for m in msgs)
    assert any("unknown service 'azure-vm'" in m for m in msgs)


def test_every_problem_is_reported_at_once(minimal):
    minimal["components"][0]["sku"] = "nope-1"
    minimal["components"][1]["role"] = "nope-2"
    minimal["links"][0]["to"] = "nope-3"
    assert len(errors(minimal)) == 3


def test_error_lines_point_into_the_file(minimal):
    text = yaml.safe_dump(minimal, sort_keys=False).replace("azure-d16s-v5", "azure-d16s-v9")
    line = next(i for i, t in enumerate(text.splitlines(), 1) if "azure-d16s-v9" in t)
    with pytest.raises(InputError) as info:
        loads_design(text, "d.yaml")
    assert info.value.problems[0].line == line
