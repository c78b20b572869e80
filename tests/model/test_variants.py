"""Variants in the design file: applying one, the messages for bad ones, the canonical text
and the fingerprints (workbench/model/variants.py)."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from catalogs.errors import InputError
from tests.conftest import FLAGSHIP, MINIMAL, without_variants
from workbench.model.canonical import dump_design, fingerprint
from workbench.model.design import Design
from workbench.model.edits import SetSection, plan_delete
from workbench.model.io import loads_design
from workbench.model.variants import apply_variant, variant_fingerprint, variant_names

SHARED = {"name": "shared", "tenancy": "shared", "description": "ODB on M-series VMs",
          "changes": [{"component": "odb", "sku": "azure-m176bds-4-v3",
                       "storage": {"tier": "azure-ultra-disk", "size_tb": 8}},
                      {"component": "citrix", "count": 6, "zones": ["z2"]}]}
BIGGER = {"name": "bigger", "changes": [{"component": "citrix", "count": 8}]}


def _design(*variants: dict[str, Any], **extra: Any) -> dict[str, Any]:
    data = copy.deepcopy(MINIMAL)
    data["variants"] = copy.deepcopy(list(variants))
    data.update(extra)
    return data


def _load(data: dict[str, Any], catalog: Any) -> Design:
    return loads_design(dump_design(Design.model_validate(data)), "d.yaml", catalog).design


def _odb(design: Design) -> Any:
    return next(c for c in design.components if c.id == "odb")


def _error(data: dict[str, Any], catalog: Any) -> str:
    import yaml

    with pytest.raises(InputError) as caught:
        loads_design(yaml.safe_dump(data, sort_keys=False), "d.yaml", catalog)
    return str(caught.value)


def test_apply_changes_only_what_the_variant_says(catalog):
    design = _load(_design(SHARED, BIGGER), catalog)
    assert variant_names(design) == ["shared", "bigger"]
    shared = apply_variant(design, "shared")
    citrix, odb = shared.components  # written sorted by id (canonical form)
    assert (odb.sku, odb.storage and odb.storage.tier, odb.storage and odb.storage.size_tb) == \
        ("azure-m176bds-4-v3", "azure-ultra-disk", 8)
    assert (citrix.sku, citrix.count, citrix.placement.zones) == ("azure-d16s-v5", 6, ["z2"])
    assert shared.variants == [] and shared.links == design.links
    # the base is left as it was
    assert _odb(design).sku == "azure-ali-s224se" and design.components[0].count == 4
    assert apply_variant(design, "bigger").components[0].count == 8


def test_a_new_region_places_the_component_there_and_out_of_its_group(catalog):
    data = _design({"name": "west", "changes": [{"component": "odb", "region": "west"}]})
    data["placement"]["regions"].append({"id": "west", "catalog_region": "azure-westus2",
                                         "zones": [{"id": "w1", "catalog_zone": "1"}],
                                         "proximity_groups": [{"id": "g"}]})
    data["components"][0]["placement"] = {"region": "east", "zones": ["z1"]}
    moved = _odb(apply_variant(_load(data, catalog), "west")).placement
    assert (moved.region, moved.zones, moved.proximity_group) == ("west", [], None)
    data["variants"][0]["changes"][0]["zones"] = ["w1"]
    assert _odb(apply_variant(_load(data, catalog), "west")).placement.zones == ["w1"]


def test_storage_fields_replace_the_bases_and_keep_the_rest(catalog):
    data = _design({"name": "v", "changes": [{"component": "odb", "storage": {"iops": 9000}}]})
    data["components"][0]["storage"] = {"tier": "ali-netapp-flash", "size_tb": 20,
                                        "iops": 40000}
    storage = _odb(apply_variant(_load(data, catalog), "v")).storage
    assert storage is not None and (storage.tier, storage.size_tb, storage.iops) == \
        ("ali-netapp-flash", 20, 9000)


def test_unknown_variant_is_one_line_listing_the_variants(catalog):
    design = _load(_design(SHARED, BIGGER), catalog)
    with pytest.raises(InputError) as caught:
        apply_variant(design, "shraed", source="d.yaml")
    assert str(caught.value) == ("d.yaml: --variant: no variant 'shraed' (did you mean "
                                 "'shared'?); the file holds shared, bigger")
    with pytest.raises(InputError, match="the file holds no variants"):
        apply_variant(_load(_design(), catalog), "shared")


@pytest.mark.parametrize(("variants", "expected"), [
    ([{"name": "a", "changes": [{"component": "odbx", "sku": "azure-m176bds-4-v3"}]}],
     "variants[0].changes[0].component: unknown component 'odbx' (did you mean 'odb'?)"),
    ([SHARED, {"name": "shared"}],
     "variants[1].name: duplicate variant name 'shared' (variants[0] has it)"),
    ([{"name": "a", "changes": [{"component": "odb"}]}],
     "variants[0].changes[0]: a change sets at least one of sku, count, region, zones or "
     "storage of component 'odb'"),
    ([{"name": "a", "changes": [{"component": "odb", "storage": {}}]}],
     "variants[0].changes[0].storage: a storage change sets at least one of tier, size_tb"),
    ([{"name": "a", "changes": [{"component": "odb", "count": 2},
                                {"component": "odb", "count": 3}]}],
     "variants[0].changes[1].component: component 'odb' is changed twice in this variant"),
    ([{"name": "a", "changes": [{"component": "odb", "sku": "azure-m176bds-4-v33"}]}],
     "variants[0].changes[0].sku: unknown SKU 'azure-m176bds-4-v33' (did you mean "
     "'azure-m176bds-4-v3'?)"),
    ([{"name": "a", "changes": [{"component": "odb", "zones": ["z3"]}]}],
     "variants[0].changes[0].zones[0]: unknown zone in region 'east' 'z3'"),
    ([{"name": "a", "changes": [{"component": "citrix", "storage": {"tier": "azure-ultra-disk"}}]}],
     "variants[0].changes[0].storage: citrix has no storage in the base design: give at least "
     "tier and size_tb"),
    # what only the applied design shows, located at the change that causes it
    ([{"name": "aws", "changes": [{"component": "odb", "sku": "aws-u-6tb1-metal"}]}],
     "variants[0].changes[0]: with variant 'aws', components[0].sku: SKU 'aws-u-6tb1-metal' "
     "is an aws SKU but region 'east' is in azure (azure-eastus)"),
])
def test_bad_variants_are_one_located_line_naming_the_field(catalog, variants, expected):
    message = _error(_design(*variants), catalog)
    assert message.startswith("d.yaml:") and expected in message
    assert len(message.splitlines()) == 1


def test_canonical_text_keeps_the_section_compact_and_stable(catalog):
    design = _load(_design(SHARED, BIGGER), catalog)
    text = dump_design(design)
    section = text[text.index("variants:"):]
    assert section.startswith(
        "variants:\n- name: shared\n  tenancy: shared\n  description: ODB on M-series VMs\n"
        "  changes:\n"
        "  - {component: odb, sku: azure-m176bds-4-v3, storage: {tier: azure-ultra-disk, "
        "size_tb: 8}}\n"
        "  - {component: citrix, count: 6, zones: [z2]}\n"
        "- name: bigger\n  changes:\n  - {component: citrix, count: 8}\n")
    # after the links, before what follows them
    assert text.index("\nlinks:") < text.index("\nvariants:")
    assert dump_design(loads_design(text, "d.yaml", catalog).design) == text


def test_the_base_fingerprint_leaves_variants_out_and_each_variant_has_its_own(catalog):
    plain = _load(_design(), catalog)
    design = _load(_design(SHARED, BIGGER), catalog)
    assert fingerprint(design) == fingerprint(plain)
    shared, bigger = variant_fingerprint(design, "shared"), variant_fingerprint(design, "bigger")
    assert len({fingerprint(plain), shared, bigger}) == 3
    assert shared == fingerprint(apply_variant(design, "shared"))
    # a variant's fingerprint is its applied design's: the same design written out in full
    edited = plain.model_copy(update={"components": apply_variant(design, "bigger").components})
    assert bigger == fingerprint(edited)


def test_the_flagship_takes_a_variant_and_keeps_its_fingerprint(catalog):
    text = without_variants(FLAGSHIP.read_text(encoding="utf-8"))
    base = loads_design(text, "f.yaml", catalog).design
    with_variant = loads_design(text + "variants:\n- name: shared\n  changes:\n"
                                "  - {component: odb-rpt, sku: azure-m176bds-4-v3, storage: "
                                "{tier: azure-netapp-files-ultra}}\n", "f.yaml", catalog).design
    assert fingerprint(with_variant) == fingerprint(base)
    assert variant_fingerprint(with_variant, "shared") != fingerprint(base)


def test_deleting_a_component_takes_it_out_of_the_variants(catalog):
    design = _load(_design(SHARED, BIGGER), catalog)
    plan = plan_delete(design, ["citrix"])
    section = next(e for e in plan.edits if isinstance(e, SetSection) and e.name == "variants")
    assert isinstance(section.after, list)
    assert [[c.component for c in v.changes] for v in section.after] == [["odb"], []]
