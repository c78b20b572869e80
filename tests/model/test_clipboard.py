"""Copy and paste without Qt: what a fragment holds, what a paste renames and where it puts
what the design has no place for, worked out by hand on the small design."""

from __future__ import annotations

import copy

import pytest

from tests.model.designs import SMALL, carried_out, small
from workbench.model.clipboard import (
    HEADER,
    Fragment,
    FragmentError,
    fragment_of,
    fragment_text,
    parse_fragment,
    plan_paste,
)
from workbench.model.design import ComponentPlacement, Design, Position
from workbench.model.edits import AddComponent, AddLink
from workbench.model.references import check_references


def _added(plan):
    comps = {e.component.id: e for e in plan.edits if isinstance(e, AddComponent)}
    links = {e.link.id: e.link for e in plan.edits if isinstance(e, AddLink)}
    return comps, links


def test_a_fragment_holds_components_the_links_between_them_and_their_positions():
    fragment = fragment_of(small(), ["odb", "citrix", "hq", "l3"])
    assert [c.id for c in fragment.components] == ["odb", "citrix"]
    assert [x.id for x in fragment.links] == ["l2"]  # l1 ends at the site, l3 at logs
    assert fragment.positions == {"odb": Position(x=100, y=200),
                                  "citrix": Position(x=300, y=200)}


def test_the_text_of_a_fragment_reads_back():
    fragment = fragment_of(small(), ["odb", "citrix", "logs"])
    text = fragment_text(fragment)
    assert text.startswith(HEADER)
    assert parse_fragment(text) == fragment
    assert parse_fragment(text[len(HEADER):]) == fragment  # the marker is a comment


@pytest.mark.parametrize("text", ["components: [", "- a list", "components: 3",
                                  "components: [{id: x}]", "positions: {a: {x: no}}"])
def test_text_that_is_not_a_fragment(text):
    with pytest.raises(FragmentError):
        parse_fragment(text)


def test_pasting_into_the_same_design_renames_and_remaps(catalog):
    design = small()
    plan = plan_paste(design, catalog, fragment_of(design, ["odb", "citrix"]))
    assert plan.text == "Paste 2 components" and plan.created == ("odb-copy", "citrix-copy")
    comps, links = _added(plan)
    assert list(links) == ["l2-copy"]
    assert (links["l2-copy"].from_, links["l2-copy"].to) == ("citrix-copy", "odb-copy")
    odb = comps["odb-copy"]
    assert odb.position == Position(x=140, y=240)  # 40 right of and below the original
    assert odb.component.placement == design.components[0].placement  # e1, group ppg
    assert odb.component.security.log_store == "logs"  # the store that stays
    assert odb.component.model_copy(update={"id": "odb"}) == design.components[0]


def test_a_second_paste_takes_the_next_free_names(catalog):
    design = small()
    fragment = fragment_of(design, ["odb", "citrix"])
    once = carried_out(design, plan_paste(design, catalog, fragment))
    twice = plan_paste(once, catalog, fragment, offset=80)
    comps, links = _added(twice)
    assert list(comps) == ["odb-copy2", "citrix-copy2"]
    assert list(links) == ["l2-copy-copy"]
    assert comps["odb-copy2"].position == Position(x=180, y=280)


def test_a_log_store_pasted_along_is_the_copies_store(catalog):
    design = small()
    comps, _ = _added(plan_paste(design, catalog, fragment_of(design, ["odb", "logs"])))
    assert comps["odb-copy"].component.security.log_store == "logs-copy"


def test_a_cut_and_pasted_component_keeps_its_id(catalog):
    design = small()
    fragment = fragment_of(design, ["citrix"])
    without = design.model_copy(update={
        "components": [c for c in design.components if c.id != "citrix"],
        "links": [x for x in design.links if "citrix" not in (x.from_, x.to)]})
    plan = plan_paste(without, catalog, fragment)
    assert plan.created == ("citrix",) and plan.text == "Paste 1 component"


def _other_design(**placement) -> Design:
    data = copy.deepcopy(SMALL)
    data.update(components=[], links=[], waivers=[], reviews={}, layout={},
                placement=placement)
    return Design.model_validate(data)


def test_what_the_design_lacks_is_replaced_by_what_it_has(catalog):
    """Pasted into another design: a missing region gives the first region of the SKU's
    provider, a missing zone or proximity group is left out, a missing log store too."""
    source = small()
    fragment = fragment_of(source, ["odb", "citrix"])
    aws_first = _other_design(regions=[
        {"id": "virginia", "catalog_region": "aws-us-east-1"},
        {"id": "east", "catalog_region": "azure-eastus", "zones": [{"id": "z9"}]},
        {"id": "central", "catalog_region": "azure-centralus"}])
    plan = plan_paste(aws_first, catalog, fragment)
    comps, links = _added(plan)
    # east is there, without e1, e2 or ppg: regional in east; no log store to ship to
    assert comps["odb"].component.placement == ComponentPlacement(region="east")
    assert comps["citrix"].component.placement == ComponentPlacement(region="east")
    assert comps["odb"].component.security.log_store is None
    assert list(links) == ["l2"]
    assert check_references(carried_out(aws_first, plan), catalog) == []

    no_east = _other_design(regions=[
        {"id": "virginia", "catalog_region": "aws-us-east-1"},
        {"id": "central", "catalog_region": "azure-centralus"}])
    comps, _ = _added(plan_paste(no_east, catalog, fragment))
    assert comps["odb"].component.placement == ComponentPlacement(region="central")


def test_a_region_of_the_same_name_and_another_provider_is_not_used(catalog):
    fragment = fragment_of(small(), ["odb"])
    target = _other_design(regions=[
        {"id": "east", "catalog_region": "aws-us-east-1"},
        {"id": "azure", "catalog_region": "azure-eastus2"}])
    comps, _ = _added(plan_paste(target, catalog, fragment))
    assert comps["odb"].component.placement == ComponentPlacement(region="azure")


def test_nothing_is_pasted_where_no_place_takes_it(catalog):
    fragment = fragment_of(small(), ["odb", "citrix"])
    only_aws = _other_design(regions=[{"id": "virginia", "catalog_region": "aws-us-east-1"}])
    plan = plan_paste(only_aws, catalog, fragment)
    assert plan.edits == () and plan.created == ()
    assert plan_paste(small(), catalog, Fragment()).edits == ()


def test_a_component_no_place_takes_leaves_its_links_out(catalog):
    source = small()
    onprem = source.components[0].model_copy(update={
        "id": "printer", "role": "print-server", "sku": "onprem-print-server",
        "placement": ComponentPlacement(site="hq"), "security": source.components[1].security})
    link = source.links[1].model_copy(update={"id": "p", "from_": "citrix", "to": "printer"})
    fragment = Fragment([source.components[1], onprem], [link])
    no_site = _other_design(regions=[{"id": "east", "catalog_region": "azure-eastus"}])
    plan = plan_paste(no_site, catalog, fragment)
    assert plan.created == ("citrix",) and _added(plan)[1] == {}
    with_site = _other_design(sites=[{"id": "clinic"}])
    comps, links = _added(plan_paste(with_site, catalog, fragment))
    assert list(comps) == ["printer"]  # citrix has no region of its provider here
    assert comps["printer"].component.placement == ComponentPlacement(site="clinic")


def test_pasting_keeps_an_unknown_sku_where_it_can(catalog):
    fragment = fragment_of(small(), ["odb"])
    odd = fragment.components[0].model_copy(update={"sku": "no-such-sku"})
    target = _other_design(regions=[{"id": "virginia", "catalog_region": "aws-us-east-1"}])
    comps, _ = _added(plan_paste(target, catalog, Fragment([odd])))
    # the loader names the unknown SKU; the paste puts it in the first region, as before
    assert comps["odb"].component.placement == ComponentPlacement(region="virginia")
    assert comps["odb"].component.sku == "no-such-sku"
