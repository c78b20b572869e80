"""plan_delete: what a delete removes and what it tidies, worked out by hand on the small
design (tests/model/designs.py), without Qt."""

from __future__ import annotations

from tests.model.designs import carried_out, small
from workbench.model.design import Component, Reviews
from workbench.model.edits import (
    Plan,
    RemoveElements,
    RemoveRegion,
    ReplaceElement,
    SetSection,
    plan_delete,
)
from workbench.model.references import check_references


def _waiver_targets(section: object) -> list[str]:
    assert isinstance(section, SetSection) and section.name == "waivers"
    assert isinstance(section.after, list)
    return [w.target for w in section.after]


def _anchors(section: object) -> list[str | None]:
    assert isinstance(section, SetSection) and section.name == "reviews"
    assert isinstance(section.after, Reviews)
    return [c.target for c in section.after.comments]


def test_a_component_takes_its_links_and_their_waivers():
    design = small()
    plan = plan_delete(design, ["odb"])
    assert plan.text == "Delete odb" and plan.refused is None
    waivers, removal = plan.edits
    # l2 (citrix -> odb) and l3 (odb -> logs) go with odb, in the order of the file
    assert removal == RemoveElements(("odb", "l2", "l3"))
    # the waivers of odb and of its link l2 go; the design's and w1's stay
    assert _waiver_targets(waivers) == ["design", "w1"]
    assert isinstance(waivers, SetSection) and waivers.before is design.waivers


def test_a_log_store_is_no_longer_named_by_those_that_ship_to_it():
    design = small()
    plan = plan_delete(design, ["logs"])
    odb, citrix, reviews, removal = plan.edits
    assert isinstance(odb, ReplaceElement) and isinstance(citrix, ReplaceElement)
    assert (odb.kind, odb.element_id, citrix.element_id) == ("component", "odb", "citrix")
    assert odb.before is design.components[0]
    assert isinstance(odb.after, Component) and isinstance(odb.before, Component)
    assert odb.after.security.log_store is None
    assert odb.after.model_copy(update={"security": odb.before.security}) == odb.before
    # the comment on logs stays, unanchored; the others are as they were
    assert _anchors(reviews) == [None, "l1", None]
    assert removal == RemoveElements(("logs", "l3"))


def test_a_link_alone_and_the_comment_anchored_to_it():
    plan = plan_delete(small(), ["l1"])
    reviews, removal = plan.edits
    assert plan.text == "Delete l1"
    assert _anchors(reviews) == ["logs", None, None]
    assert removal == RemoveElements(("l1",))


def test_a_site_takes_its_links():
    plan = plan_delete(small(), ["hq"])
    assert plan.edits[-1] == RemoveElements(("hq", "l1"))


def test_a_region_that_still_holds_components_is_refused():
    plan = plan_delete(small(), ["east"])
    assert plan == Plan("", (), "region east still holds components: move or delete them first")


def test_an_empty_region_goes_with_its_zones_waivers():
    design = small()
    plan = plan_delete(design, ["w1", "west"])  # a zone alone is not deleted
    assert plan.text == "Delete region west"
    waivers, removal = plan.edits
    assert _waiver_targets(waivers) == ["odb", "l2", "design"]
    assert removal == RemoveRegion("west")


def test_a_region_with_every_component_in_it():
    plan = plan_delete(small(), ["odb", "citrix", "logs", "east"])
    assert plan.text == "Delete 3 elements" and plan.refused is None
    removal, region = plan.edits[-2:]
    assert removal == RemoveElements(("odb", "citrix", "logs", "l1", "l2", "l3"))
    assert region == RemoveRegion("east")
    # nothing ships logs any more: no component is edited, only removed
    assert not any(isinstance(e, ReplaceElement) for e in plan.edits)


def test_a_busy_region_is_refused_and_the_rest_deleted():
    plan = plan_delete(small(), ["east", "l1"])
    assert plan.refused == "region east still holds components: move or delete them first"
    assert plan.text == "Delete l1" and plan.edits[-1] == RemoveElements(("l1",))


def test_nothing_known_is_nothing_to_do():
    assert plan_delete(small(), ["ghost", "e1", "ppg"]) == Plan("")


def test_planning_changes_nothing():
    design = small()
    before = design.model_copy(deep=True)
    plan_delete(design, ["odb", "logs", "west"])
    assert design == before


def test_every_delete_leaves_a_file_that_loads(catalog):
    """Whatever is deleted, nothing left names it: the loader's reference check is clean."""
    design = small()
    every = [c.id for c in design.components] + [x.id for x in design.links] + ["hq", "west"]
    for ids in [[i] for i in every] + [every, ["odb", "citrix", "logs", "east"]]:
        after = carried_out(design, plan_delete(design, ids))
        assert check_references(after, catalog) == [], ids
        assert not set(ids) & ({c.id for c in after.components} | {x.id for x in after.links}
                               | {r.id for r in after.placement.regions})
