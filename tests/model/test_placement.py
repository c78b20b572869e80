"""Where a component may stand, and the SKUs offered there: the one rule the canvas (drops
and moves) and the Inspector (SKU choices) share, worked out by hand without Qt."""

from __future__ import annotations

import pytest

from tests.model.designs import AWS_DB, AZURE_DB, AZURE_VM, ONPREM_PRINT, small
from workbench.model.design import Component, ComponentPlacement
from workbench.model.placement import (
    PlacementRefused,
    moved_to,
    placement_in,
    provider_at,
    sku_choices,
)


def _comp(design, cid: str) -> Component:
    return next(c for c in design.components if c.id == cid)


# ------------------------------------------------------------------------ dropping a SKU
def test_a_zone_places_in_its_region_and_that_zone(catalog):
    assert placement_in(small(), catalog, "e2", AZURE_DB) == ComponentPlacement(
        region="east", zones=["e2"])


def test_a_region_places_regionally(catalog):
    assert placement_in(small(), catalog, "west", AZURE_VM) == ComponentPlacement(region="west")


def test_a_site_takes_an_on_premises_sku(catalog):
    assert placement_in(small(), catalog, "hq", ONPREM_PRINT) == ComponentPlacement(site="hq")


def test_a_site_refuses_a_cloud_sku(catalog):
    with pytest.raises(PlacementRefused) as refused:
        placement_in(small(), catalog, "hq", AZURE_VM)
    assert str(refused.value) == ("azure-d16s-v5 is an azure SKU: only on-premises SKUs go at "
                                  "a site")


def test_a_region_refuses_another_providers_sku(catalog):
    with pytest.raises(PlacementRefused) as refused:
        placement_in(small(), catalog, "e1", AWS_DB)
    assert str(refused.value) == "aws-u-6tb1-metal is an aws SKU; east is in azure"
    with pytest.raises(PlacementRefused):
        placement_in(small(), catalog, "east", ONPREM_PRINT)  # on-premises is a provider too


@pytest.mark.parametrize("where", [None, "odb", "l1", "ppg", "nowhere"])
def test_only_zones_regions_and_sites_hold_components(catalog, where):
    with pytest.raises(PlacementRefused) as refused:
        placement_in(small(), catalog, where, AZURE_VM)
    assert str(refused.value) == "drop the component on a zone or a region"


# ------------------------------------------------------------------------ the provider of a place
def test_the_provider_of_a_place(catalog):
    design = small()
    assert provider_at(design, catalog, ComponentPlacement(region="east")) == "azure"
    assert provider_at(design, catalog, ComponentPlacement(site="hq")) == "on-premises"
    assert provider_at(design, catalog, ComponentPlacement(region="gone")) is None


def test_sku_choices_follow_the_role_and_the_providers_place(catalog):
    design = small()
    odb = _comp(design, "odb")
    offered = sku_choices(design, catalog, odb)
    # odb-production SKUs Azure sells, in catalog order; no AWS, Google or on-premises one
    assert offered == [s.id for s in catalog.skus_for_role("odb-production")
                       if s.provider == "azure"]
    assert AZURE_DB in offered and "azure-m176bds-4-v3" in offered and AWS_DB not in offered
    at_site = odb.model_copy(update={"placement": ComponentPlacement(site="hq")})
    assert sku_choices(design, catalog, at_site) == ["onprem-reference-4s-e7-8890v3"]


def test_sku_choices_when_the_place_or_role_is_unknown(catalog):
    design = small()
    odb = _comp(design, "odb")
    nowhere = odb.model_copy(update={"placement": ComponentPlacement(region="gone")})
    assert sku_choices(design, catalog, nowhere) == [
        s.id for s in catalog.skus_for_role("odb-production")]
    unknown_role = odb.model_copy(update={"role": "no-such-role"})
    assert sku_choices(design, catalog, unknown_role) == sorted(catalog.skus)


# ------------------------------------------------------------------------ moving a component
def test_moving_to_another_zone_keeps_a_group_without_a_zone_only(catalog):
    design = small()
    odb = _comp(design, "odb")  # in e1 and in ppg, a group of zone e1
    moved = moved_to(design, catalog, odb, "e2")
    assert moved.placement == ComponentPlacement(region="east", zones=["e2"])
    assert moved.model_copy(update={"placement": odb.placement}) == odb
    regional = design.placement.regions[0].model_copy(update={"proximity_groups": [
        design.placement.regions[0].proximity_groups[0].model_copy(update={"zone": None})]})
    relaxed = design.model_copy(update={"placement": design.placement.model_copy(
        update={"regions": [regional, design.placement.regions[1]]})})
    assert moved_to(relaxed, catalog, odb, "e2").placement.proximity_group == "ppg"


def test_moving_to_another_region_drops_the_group_keeps_the_availability_set(catalog):
    design = small()
    odb = _comp(design, "odb")
    odb = odb.model_copy(update={"placement": odb.placement.model_copy(
        update={"availability_set": True})})
    assert moved_to(design, catalog, odb, "w1").placement == ComponentPlacement(
        region="west", zones=["w1"], availability_set=True)


def test_moving_to_where_it_is_changes_nothing(catalog):
    design = small()
    odb, citrix = _comp(design, "odb"), _comp(design, "citrix")
    assert moved_to(design, catalog, odb, "e1") is odb
    # a component spanning two zones is drawn in its region: dropped there it stays as it is
    assert moved_to(design, catalog, citrix, "east") is citrix
    # a single-zone component dropped on its region becomes regional
    assert moved_to(design, catalog, odb, "east").placement == ComponentPlacement(region="east")


def test_moving_a_cloud_component_to_a_site_is_refused(catalog):
    design = small()
    with pytest.raises(PlacementRefused, match="only on-premises SKUs go at a site"):
        moved_to(design, catalog, _comp(design, "citrix"), "hq")
