"""Where a component may stand: the place a drop, a move or a paste gives it, and the SKUs
the provider of that place offers (no Qt).

One rule decides both what the canvas accepts and what the Inspector offers: a site takes
on-premises SKUs only, a region takes its catalog region's provider's SKUs.
"""

from __future__ import annotations

from catalogs import Catalog

from .autolayout import column_of
from .design import Component, ComponentPlacement, Design, Region

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
        raise PlacementRefused(f"{sku} is a {provider} SKU: only on-premises SKUs go at a site")
    if required is not None and required != provider:
        raise PlacementRefused(f"{sku} is a {provider} SKU; {placement.region} is in {required}")
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
