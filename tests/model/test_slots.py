"""Free slots and room-making, worked out by hand on a small laid-out design (no Qt).

Layout (10 px grid; nodes 190 x 70, GAP = PAD = 20, HEADER = 30):
site hq at (20, 20); region east (0, 200, 760 x 260) with zones e1 (20, 230) and e2
(270, 230), each 230 x 200; region west (820, 200, 270 x 260) with zone w1 (840, 230).
odb stands in e1 at (40, 260); logs is regional in east at (520, 260), right of e2.
"""

from __future__ import annotations

from typing import Any

from workbench.model.design import Component, ComponentPlacement, Design, Layout, Position
from workbench.model.slots import container_rects, free_slot, make_room

AZURE_DB = "azure-ali-s224se"

LAID_OUT: dict[str, Any] = {
    "schema_version": 2,
    "metadata": {"name": "Slots"},
    "requirements": {"peak_grefs_per_s": 1_000_000, "concurrent_users": 500, "odb_size_tb": 4},
    "placement": {
        "regions": [
            {"id": "east", "catalog_region": "azure-eastus",
             "zones": [{"id": "e1", "catalog_zone": "1"}, {"id": "e2", "catalog_zone": "2"}]},
            {"id": "west", "catalog_region": "azure-westus2",
             "zones": [{"id": "w1", "catalog_zone": "1"}]},
        ],
        "sites": [{"id": "hq", "name": "HQ"}],
    },
    "components": [
        {"id": "odb", "role": "odb-production", "sku": AZURE_DB,
         "placement": {"region": "east", "zones": ["e1"]}},
        {"id": "logs", "role": "log-store", "sku": "azure-log-analytics",
         "placement": {"region": "east"}},
    ],
    "layout": {"positions": {
        "hq": {"x": 20, "y": 20},
        "east": {"x": 0, "y": 200, "w": 760, "h": 260},
        "e1": {"x": 20, "y": 230, "w": 230, "h": 200},
        "e2": {"x": 270, "y": 230, "w": 230, "h": 200},
        "west": {"x": 820, "y": 200, "w": 270, "h": 260},
        "w1": {"x": 840, "y": 230, "w": 230, "h": 200},
        "odb": {"x": 40, "y": 260},
        "logs": {"x": 520, "y": 260},
    }},
}


def laid_out(*extra: Component) -> Design:
    design = Design.model_validate(LAID_OUT)
    return design.model_copy(update={"components": [*design.components, *extra]})


def new(cid: str, **placement: Any) -> Component:
    return Component(id=cid, role="odb-production", sku=AZURE_DB,
                     placement=ComponentPlacement(**placement))


def xy(pos: Position) -> tuple[float, float]:
    return pos.x, pos.y


# ------------------------------------------------------------------------ free slots
def test_a_zone_fills_below_what_it_holds():
    # odb's top 260 + its height 70 + GAP 20
    assert xy(free_slot(laid_out(), "e1")) == (40, 350)


def test_taken_slots_are_kept_clear_and_the_slot_may_lie_below_the_zone():
    # the zone ends at 430; 350 + 70 + 20 = 440 lies below it (the zone will grow)
    assert xy(free_slot(laid_out(), "e1", taken=[Position(x=40, y=350)])) == (40, 440)


def test_an_empty_zone_gives_its_first_row():
    # in from e2's left edge by PAD, below its title by HEADER
    assert xy(free_slot(laid_out(), "e2")) == (290, 260)


def test_near_picks_the_free_slot_closest_to_the_point():
    # a point in e1 over odb: the free slot nearest to it is just below odb
    assert xy(free_slot(laid_out(), "e1", near=(135, 295))) == (40, 350)
    # a point low in e1: the node centred on it (600 - 35 = 565), rounded to the grid
    assert xy(free_slot(laid_out(), "e1", near=(135, 600))) == (40, 570)


def test_a_region_slot_keeps_clear_of_its_zones():
    # regional area right of e2 (500 + GAP = 520); logs holds the first row there
    assert xy(free_slot(laid_out(), "east")) == (520, 350)


def test_a_site_stacks_its_components_under_it():
    assert xy(free_slot(laid_out(), "hq")) == (20, 110)
    design = laid_out(new("pc", site="hq"))
    design = design.model_copy(update={"layout": Layout(positions={
        **design.layout.positions, "pc": Position(x=20, y=110)})})
    assert xy(free_slot(design, "hq")) == (20, 200)


# ------------------------------------------------------------------------ making room
def test_nothing_moves_when_nothing_overlaps():
    assert make_room(laid_out()) == {}


def test_a_zone_grows_down_and_its_region_with_it():
    design = laid_out(new("ecp", region="east", zones=["e1"]))
    room = make_room(design, {"ecp": Position(x=40, y=440)})
    # 440 + 70 + PAD 20 = 530 for e1; + PAD 20 = 550 for east
    assert room == {"ecp": Position(x=40, y=440),
                    "e1": Position(x=20, y=230, w=230, h=300),
                    "east": Position(x=0, y=200, w=760, h=350)}


def test_a_wider_zone_pushes_its_neighbours_and_the_region_pushes_the_next():
    design = laid_out(new("ecp", region="east", zones=["e1"]))
    room = make_room(design, {"ecp": Position(x=200, y=350)})
    # e1 grows to 200 + 190 + 20 = 410 wide-right and 440 down; e2 moves to 430 (+160);
    # logs then to 660 + 20 = 680; east to 680 + 190 + 20 = 890; west 60 right of it
    assert room == {
        "ecp": Position(x=200, y=350),
        "e1": Position(x=20, y=230, w=390, h=210),
        "e2": Position(x=430, y=230, w=230, h=200),
        "logs": Position(x=680, y=260),
        "east": Position(x=0, y=200, w=890, h=260),
        "west": Position(x=950, y=200, w=270, h=260),
        "w1": Position(x=970, y=230, w=230, h=200),
    }
    rects = list(container_rects(design, {**design.layout.positions, **room}).items())
    regions = [r for i, r in rects if i in ("east", "west")]
    assert not regions[0].intersects(regions[1])


def test_a_growing_site_column_pushes_the_regions_below_it_down():
    design = laid_out(new("pc", site="hq"))
    room = make_room(design, {"pc": Position(x=20, y=200)})
    # the column ends at 270; east moves to 270 + 60 = 330 (+130) with all it holds;
    # west stands clear to the right and stays
    assert room == {
        "pc": Position(x=20, y=200),
        "east": Position(x=0, y=330, w=760, h=260),
        "e1": Position(x=20, y=360, w=230, h=200),
        "e2": Position(x=270, y=360, w=230, h=200),
        "odb": Position(x=40, y=390),
        "logs": Position(x=520, y=390),
    }
