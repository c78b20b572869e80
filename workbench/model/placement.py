"""Where a component may stand: the place a drop, a move or a paste gives it, the SKUs
the provider of that place offers, and what Arrange tidies (no Qt).

One rule decides both what the canvas accepts and what the Inspector offers: a site takes
on-premises SKUs only, a region takes its catalog region's provider's SKUs.
"""

from __future__ import annotations

from catalogs import Catalog

from . import units
from .autolayout import GAP, NODE_H, NODE_W, PAD, auto_layout, column_of
from .design import Component, ComponentPlacement, Design, Layout, Position, Region
from .slots import Rect, free_slot, make_room, node_rect

ON_PREMISES = "on-premises"
NOT_A_CONTAINER = "drop the component on a zone or a region"


class PlacementRefused(ValueError):
    """Why a component cannot stand where it was asked to (said to the user as it is)."""


def _region(design: Design, region_id: str | None) -> Region | None:
    return next((r for r in design.placement.regions if r.id == region_id), None)


def provider_at(design: Design, catalog: Catalog, placement: ComponentPlacement) -> str | None:
    """The provider whose SKUs may stand at this place: the region's, on-premises at a site;
    None when the place does not say (a region the catalog does not know)."""
    region = _region(design, placement.region)
    if region is not None:
        info = catalog.regions.get(region.catalog_region)
        return info.provider if info is not None else None
    if placement.site:
        return ON_PREMISES
    return None


def sku_choices(design: Design, catalog: Catalog, comp: Component) -> list[str]:
    """The SKUs the Inspector offers a component: those of its role that its place's
    provider sells (every SKU when the role is not in the catalog)."""
    if comp.role not in catalog.roles:
        return sorted(catalog.skus)
    provider = provider_at(design, catalog, comp.placement)
    return [s.id for s in catalog.skus_for_role(comp.role)
            if provider is None or s.provider == provider]


def placement_in(design: Design, catalog: Catalog, container_id: str | None,
                 sku: str) -> ComponentPlacement:
    """The placement of a component of ``sku`` dropped on a zone, a region or a site.

    Raises PlacementRefused when it cannot stand there: not a container, or the SKU is sold
    by another provider than the place's."""
    placement = _container(design, container_id) if container_id is not None else None
    if placement is None:
        raise PlacementRefused(NOT_A_CONTAINER)
    provider = catalog.skus[sku].provider
    required = provider_at(design, catalog, placement)
    if placement.site and provider != ON_PREMISES:
        raise PlacementRefused(f"{sku} is {units.with_article(provider)} SKU: only on-premises "
                               "SKUs go at a site")
    if required is not None and required != provider:
        raise PlacementRefused(f"{sku} is {units.with_article(provider)} SKU; "
                               f"{placement.region} is in {required}")
    return placement


def _container(design: Design, container_id: str) -> ComponentPlacement | None:
    """The placement a zone, a region or a site gives; None for anything else."""
    for region in design.placement.regions:
        if region.id == container_id:
            return ComponentPlacement(region=region.id)
        if any(z.id == container_id for z in region.zones):
            return ComponentPlacement(region=region.id, zones=[container_id])
    if any(s.id == container_id for s in design.placement.sites):
        return ComponentPlacement(site=container_id)
    return None


def moved_to(design: Design, catalog: Catalog, comp: Component, container_id: str) -> Component:
    """The component after a move into a zone, a region or a site: the same component when it
    is there already (a regional component dropped back on its region stays regional); its
    proximity group kept when the new place has it, its availability-set flag kept.

    Raises PlacementRefused as :func:`placement_in` does."""
    if container_id == column_of(comp) or (
            comp.placement.region == container_id and len(comp.placement.zones) != 1
            and _region(design, container_id) is not None):
        return comp
    placement = placement_in(design, catalog, container_id, comp.sku)
    group = comp.placement.proximity_group
    region = _region(design, placement.region)
    if group and (region is None or not any(
            g.id == group and (g.zone is None or g.zone in placement.zones)
            for g in region.proximity_groups)):
        group = None
    placement = placement.model_copy(update={
        "proximity_group": group, "availability_set": comp.placement.availability_set})
    return comp.model_copy(update={"placement": placement})


def tidied(design: Design, catalog: Catalog) -> dict[str, Position]:
    """What Arrange changes while keeping the user's layout: a place for each element that
    has none (zones and regions from :func:`auto_layout`, nodes in the nearest free slot of
    their container) and for each node standing on another; then containers make room.
    Only changed positions are returned; empty when everything has a place of its own."""
    known = dict(design.layout.positions)
    frames = [r.id for r in design.placement.regions] + \
             [z.id for r in design.placement.regions for z in r.zones]
    if any(f not in known for f in frames):
        auto = auto_layout(design, catalog)
        known.update({f: auto[f] for f in frames if f not in known and f in auto})
    standing: list[Rect] = []
    queued: list[str] = []
    for eid in [s.id for s in design.placement.sites] + [c.id for c in design.components]:
        pos = known.get(eid)
        if pos is None or any(node_rect(pos).intersects(r) for r in standing):
            queued.append(eid)
        else:
            standing.append(node_rect(pos))
    if not queued and known == design.layout.positions:
        return make_room(design)
    trial = design.model_copy(update={"layout": Layout(positions={
        i: p for i, p in known.items() if i not in queued})})
    placed: dict[str, Position] = {}
    for eid in queued:
        old = known.get(eid)
        near = (old.x + NODE_W / 2, old.y + NODE_H / 2) if old is not None else None
        comp = next((c for c in design.components if c.id == eid), None)
        if comp is None:  # a site: right of the row of sites
            xs = [p.x for i, p in {**trial.layout.positions, **placed}.items()
                  if any(s.id == i for s in design.placement.sites)]
            placed[eid] = Position(x=max(xs) + NODE_W + GAP if xs else PAD, y=PAD)
            continue
        column = column_of(comp) or comp.placement.site
        placed[eid] = free_slot(trial, column or "", near, placed.values())
    room = make_room(trial, placed)
    return {i: p for i, p in room.items() if design.layout.positions.get(i) != p}
