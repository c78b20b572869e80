"""What a design contains, counted: the metrics every report starts from."""

from __future__ import annotations

from collections import Counter
from typing import Any

from catalogs import Catalog

from ..model.design import Design


def inventory(design: Design, catalog: Catalog) -> dict[str, Any]:
    """Counts of elements and instances, by tier and by tenancy."""
    instances = sum(c.count for c in design.components)
    by_tenancy: Counter[str] = Counter()
    by_tier: Counter[str] = Counter()
    phi = 0
    for comp in design.components:
        sku = catalog.skus.get(comp.sku)
        role = catalog.roles.get(comp.role)
        if sku is not None:
            by_tenancy[sku.tenancy] += comp.count
        if role is not None:
            by_tier[role.tier] += comp.count
            stores = role.stores_phi if comp.stores_phi is None else comp.stores_phi
            phi += stores
    return {
        "regions": len(design.placement.regions),
        "zones": sum(len(r.zones) for r in design.placement.regions),
        "sites": len(design.placement.sites),
        "components": len(design.components),
        "instances": instances,
        "links": len(design.links),
        "dedicated_instances": by_tenancy["dedicated"],
        "shared_instances": by_tenancy["shared"],
        "phi_components": phi,
        "instances_by_tier": dict(sorted(by_tier.items())),
    }
