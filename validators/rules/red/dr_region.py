from __future__ import annotations

import math
from collections.abc import Iterable

from validators.rule import Hit, Rule, RuleContext
from workbench.analysis.facts import ODB_DR, ODB_PRODUCTION


def distance_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance (haversine, Earth radius 6,371 km)."""
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = math.sin((lat2 - lat1) / 2) ** 2 + \
        math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(h))


class DrInAnotherRegion(Rule):
    """Threshold ``min_distance_km`` defaults to the catalog's dr_min_distance_km."""

    id = "RED-004"
    title = "A DR async member sits in another region, far enough away"
    rationale = ("A disaster that takes the production region must not take the DR copy: "
                 "Alternate Production belongs in a geographically separate region.")
    hint = "Add an odb-dr member (mode mirror-async) in a region at least the minimum distance " \
           "away, e.g. South Central US for East US."
    references = ("NetApp Epic architecture (Alternate Production)",)
    clauses = ("HIPAA 164.308(a)(7)(ii)(B)", "HITRUST 12.c")
    severity = "error"
    tags = ("redundancy", "dr")
    thresholds = {"min_distance_km": None}

    def check(self, ctx: RuleContext) -> Iterable[Hit]:
        facts = ctx.facts
        prod = facts.with_role(ODB_PRODUCTION)
        if not prod:
            return
        limit = ctx.threshold("min_distance_km", facts.assumption("dr_min_distance_km").value)
        drs = [c for c in facts.with_role(ODB_DR) if c.redundancy.mode == "mirror-async"]
        if not drs:
            yield Hit(tuple(c.id for c in prod), "the production ODB has no DR async member "
                                                 "(role odb-dr, mode mirror-async)")
            return
        prod_regions = {c.placement.region for c in prod}
        for dr in drs:
            if dr.placement.region in prod_regions:
                yield Hit((dr.id,), f"DR member {dr.id} is in the production region "
                                    f"{dr.placement.region}")
                continue
            here = facts.catalog_region(dr)
            for p in prod:
                there = facts.catalog_region(p)
                if here is None or there is None or here.coordinates is None \
                        or there.coordinates is None:
                    yield Hit((dr.id,), f"the distance from {dr.id} to {p.id} is unknown (no "
                                        "coordinates); it cannot be shown to be far enough")
                    break
                km = distance_km((here.coordinates.lat, here.coordinates.lon),
                                 (there.coordinates.lat, there.coordinates.lon))
                if km < limit:
                    yield Hit((dr.id,), f"DR member {dr.id} ({here.id}) is {km:,.0f} km from "
                                        f"{p.id} ({there.id}), under {limit:,.0f} km")
                    break
