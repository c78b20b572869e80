"""Deriving the counterpart of a design in the other tenancy (workbench/model/derive.py), on
the bundled samples and on small designs worked out by hand against the catalog."""

from __future__ import annotations

import copy

import pytest

from catalogs.errors import InputError
from tests.conftest import FLAGSHIP, MINIMAL, SAMPLES
from workbench.model.canonical import dump_design
from workbench.model.derive import derive, design_tenancy
from workbench.model.design import Design
from workbench.model.io import load_design, loads_design
from workbench.model.variants import apply_variant, with_variant

COMMUNITY = SAMPLES / "community-hospital-shared.yaml"
REGIONAL = SAMPLES / "regional-network-hybrid.yaml"


def _changes(derivation) -> dict[str, tuple[str | None, str | None]]:
    return {c.component: (c.sku, c.storage.tier if c.storage else None)
            for c in derivation.variant.changes}


def test_the_flagship_goes_shared_with_the_odb_above_the_shared_ceiling_said(catalog):
    design = load_design(FLAGSHIP, catalog).design
    assert design_tenancy(design, catalog) == "dedicated"
    result = derive(design, catalog, "shared")
    assert (result.variant.name, result.variant.tenancy) == ("shared", "shared")
    # the reporting shadow: of the nine shared SKUs for its role, the 7 M-rated ones are
    # closest to the ALI S224SE's 7 M (derated to 6.3 M); of those, 88 cores are nearest 112,
    # and of the two 88-core M-series the id decides. Its ALI storage follows it to the
    # nearest tier a VM can use: NetApp (the same platform) rather than a managed disk.
    # The production and DR data servers carry a peak above the shared ceiling: they go to
    # the largest shared database SKU, and the report says the variant cannot pass
    assert _changes(result) == {
        "odb-rpt": ("azure-m176bds-4-v3", "azure-netapp-files-ultra"),
        "backup-snap-east": ("azure-backup-vault", None),
        "odb-prod-a": ("azure-m416bs-v3", "azure-netapp-files-ultra"),
        "odb-prod-b": ("azure-m416bs-v3", "azure-netapp-files-ultra"),
        "odb-dr": ("azure-m416bs-v3", "azure-netapp-files-ultra")}
    assert not result.unmapped
    warned = {m.component: m.warning for m in result.mapped if m.warning}
    assert set(warned) == {"odb-prod-a", "odb-prod-b", "odb-dr"}
    assert warned["odb-prod-a"] == (
        "peak demand 14 M GRefs/s is above the shared-tenancy ceiling 12 M GRefs/s (catalog "
        "assumption shared_tenancy_grefs_ceiling): the variant fails PLC-002")
    # the BCA PCs and the tape library are on premises: outside the question, and said so
    assert {c for c, _ in result.kept} >= {"bca-pc-main", "tape-secaucus"}
    lines = result.lines()
    assert lines[0] == "variant 'shared' (dedicated -> shared): 5 components mapped, 0 not mapped"
    assert "MAPPED, BUT THE VARIANT WILL NOT PASS (ehrwb compare shows by how much):" in lines


def test_a_design_ceiling_override_lets_the_odb_go_shared(catalog):
    text = FLAGSHIP.read_text(encoding="utf-8").replace(
        "policy:\n", "policy:\n  assumptions:\n    shared_tenancy_grefs_ceiling: 20000000\n", 1)
    design = loads_design(text, "f.yaml", catalog).design
    result = derive(design, catalog, "shared")
    assert not result.unmapped
    # the ALI S448SE (224 cores): the 208-core M416bs v3 is the nearest of the 7 M-rated VMs
    assert _changes(result)["odb-prod-a"] == ("azure-m416bs-v3", "azure-netapp-files-ultra")


def test_the_community_hospital_goes_dedicated_on_what_its_regions_offer(catalog):
    design = load_design(COMMUNITY, catalog).design
    assert design_tenancy(design, catalog) == "shared"
    result = derive(design, catalog, "dedicated")
    changes = _changes(result)
    # east2 offers dedicated hosts but no Azure Large Instances: the host it is
    assert changes["odb-a"] == ("azure-dedicated-host-edsv5-type1", None)
    assert next(m for m in result.mapped if m.component == "odb-a").why.endswith(
        "offered in region east2")
    # no dedicated SKU states users per host: the Citrix hosts stay, with the figure
    citrix = {u.component: u.why for u in result.unmapped}
    assert set(citrix) == {"citrix-z1", "citrix-z2", "citrix-z3", "citrix-dr"}
    assert citrix["citrix-z1"] == ("no dedicated SKU of azure in the catalog states how many "
                                   "users a host carries (azure-d16s-v5 carries 40 users): the "
                                   "presentation tier would carry no one")
    # gateways, vaults and log stores are the provider's shared services: left as they are
    kept = dict(result.kept)
    assert {"lb", "vpn-gw", "backup-vault", "logs-east2"} <= set(kept)


@pytest.mark.parametrize("sample", sorted(SAMPLES.glob("*.yaml")), ids=lambda p: p.stem)
def test_every_sample_derives_a_variant_that_loads_and_applies(catalog, sample):
    design = load_design(sample, catalog).design
    target = "shared" if design_tenancy(design, catalog) == "dedicated" else "dedicated"
    result = derive(design, catalog, target)
    assert result.variant.changes, "nothing mapped"
    holder = design.model_copy(update={"variants": with_variant(design, result.variant)})
    back = loads_design(dump_design(holder), sample.name, catalog).design
    applied = apply_variant(back, target)
    for change in result.variant.changes:
        assert next(c for c in applied.components if c.id == change.component).sku == change.sku
        assert catalog.skus[change.sku or ""].tenancy == target


def test_a_role_the_provider_has_no_sku_of_the_tenancy_for_is_not_mapped(catalog):
    data = copy.deepcopy(MINIMAL)
    data["components"].append({"id": "arb", "role": "arbiter", "sku": "azure-arbiter-vm",
                               "placement": {"region": "east"}})
    design = Design.model_validate(data)
    result = derive(design, catalog, "shared")
    assert _changes(result) == {"odb": ("azure-m176bds-4-v3", None)}
    # to dedicated: the arbiter's only dedicated SKU is a dedicated host, offered in East US
    to_dedicated = derive(design, catalog, "dedicated", name="single-tenant")
    assert to_dedicated.variant.name == "single-tenant"
    assert {c.component for c in to_dedicated.variant.changes} == {"arb"}


def test_replacing_a_variant_keeps_its_place(catalog):
    design = load_design(REGIONAL, catalog).design
    first = derive(design, catalog, "shared", name="a")
    second = derive(design, catalog, "shared", name="b")
    holder = design.model_copy(update={"variants": [first.variant, second.variant]})
    again = derive(design, catalog, "shared", name="a")
    assert [v.name for v in with_variant(holder, again.variant)] == ["a", "b"]
    with pytest.raises(InputError):
        apply_variant(design, "a")
