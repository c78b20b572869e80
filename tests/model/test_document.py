"""The document's notifications: each primitive tells its listeners one typed change."""

from __future__ import annotations

import pytest

from tests.model.designs import small
from workbench.model.design import Position, Site
from workbench.model.document import Change, ChangeKind, DesignDocument


@pytest.fixture
def told() -> tuple[DesignDocument, list[Change]]:
    doc = DesignDocument(small())
    changes: list[Change] = []
    doc.subscribe(changes.append)
    return doc, changes


def test_each_primitive_tells_what_changed(told):
    doc, changes = told
    odb = doc.component("odb")
    l1 = doc.link("l1")
    east = doc.region("east")
    doc.replace("component", "odb", odb.model_copy(update={"count": 2}))
    doc.replace("link", "l1", l1.model_copy(update={"encrypted": False}))
    doc.replace("region", "east", east.model_copy(update={"name": "East"}))
    doc.replace("site", "hq", Site(id="hq", name="Head office"))
    doc.remove_link("l1")
    doc.insert_link(l1)
    doc.set_positions({"odb": Position(x=0, y=0), "logs": None})
    doc.set_section("waivers", [])
    doc.reset(small())
    assert changes == [
        Change(ChangeKind.COMPONENT_CHANGED, ("odb",)),
        Change(ChangeKind.LINK_CHANGED, ("l1",)),
        Change(ChangeKind.REGION_CHANGED, ("east",)),
        Change(ChangeKind.SITE_CHANGED, ("hq",)),
        Change(ChangeKind.LINK_REMOVED, ("l1",)),
        Change(ChangeKind.LINK_ADDED, ("l1",)),
        Change(ChangeKind.LAYOUT, ("odb", "logs")),
        Change(ChangeKind.SECTION, ("waivers",)),
        Change(ChangeKind.RESET, ()),
    ]
    assert doc.element("component", "odb") == small().components[0]


def test_a_change_kind_still_equals_the_string_listeners_compared_with():
    """Listeners written before the enum compared ``change.kind`` with strings."""
    assert ChangeKind.LAYOUT == "layout" and ChangeKind.COMPONENT_ADDED == "component-added"
    assert ChangeKind.RESET in ("section", "reset")
    assert len({k.value for k in ChangeKind}) == len(ChangeKind)


def test_an_element_replaces_only_its_own_kind(told):
    doc, changes = told
    with pytest.raises(TypeError):
        doc.replace("component", "odb", doc.link("l1"))
    assert changes == [] and doc.component("odb") == small().components[0]
