from __future__ import annotations

from collections.abc import Iterable

from validators.rule import Hit, Rule, RuleContext
from validators.rules.units import band, grefs, pct


class DatabaseCapacity(Rule):
    """Threshold ``headroom_pct`` defaults to requirements.headroom_limit_pct."""

    id = "THR-001"
    title = "Production database service carries peak load within headroom"
    rationale = ("The production ODB must carry peak GRefs/s with room to spare: above the "
                 "headroom limit response times climb and there is no margin for growth, "
                 "failover catch-up or a bad day.")
    hint = ("Use a larger data server (e.g. ALI S448SE), add ECP application servers, or move "
            "from shared VMs to dedicated compute.")
    references = ("capacity model: rating x tenancy derating x carrying instances, judged on "
                  "the low end of the rating band (README, catalog calibration)",)
    severity = "error"
    also_reports = ("warning",)
    tags = ("capacity", "database")
    thresholds = {"headroom_pct": None}

    def check(self, ctx: RuleContext) -> Iterable[Hit]:
        tier = ctx.capacity.tiers["database"]
        if not tier.components:
            return
        limit = ctx.threshold("headroom_pct", ctx.design.requirements.headroom_limit_pct)
        targets = tuple(tier.components)
        capacity = band(tier.judged, tier.capacity, tier.high or tier.capacity)
        if tier.demand > tier.judged:
            yield Hit(targets, f"peak demand {grefs(tier.demand)} exceeds the production "
                               f"database capacity {capacity}", "error")
        elif tier.utilization_pct > limit:
            yield Hit(targets, f"utilization at peak {pct(tier.utilization_pct)} is above the "
                               f"{pct(limit)} headroom limit ({grefs(tier.demand)} of "
                               f"{capacity})", "warning")
