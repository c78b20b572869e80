from __future__ import annotations

from collections.abc import Iterable

from validators.rule import Hit, Rule, RuleContext


class AvailabilityTarget(Rule):
    """Threshold ``target_pct`` defaults to requirements.availability_target_pct."""

    id = "RED-007"
    title = "Availability of the clinical path meets the target"
    rationale = ("The clinical path is up when every tier can still carry peak load: k of n "
                 "instances per tier, k from the capacity model, composed from catalog SLAs. "
                 "Below the target the board is signing for more downtime than it asked for.")
    hint = "Add instances or zones to the weakest tier, or a parallel path (e.g. VPN beside " \
           "ExpressRoute), shown in the availability breakdown."
    references = ("Microsoft, composite SLA method (series product, parallel 1 - product of "
                  "unavailabilities)",)
    severity = "error"
    tags = ("redundancy", "availability")
    thresholds = {"target_pct": None}

    def check(self, ctx: RuleContext) -> Iterable[Hit]:
        path = ctx.analysis.availability
        target = ctx.threshold("target_pct", ctx.design.requirements.availability_target_pct)
        achieved = 100 * path.availability
        if achieved >= target - 1e-9:
            return
        weakest = min(path.tiers, key=lambda t: t.availability)
        targets = tuple(p.component for g in weakest.groups for p in g.pools)
        yield Hit(targets, f"clinical path availability {achieved:.4f} % is below the "
                           f"{target:g} % target ({path.downtime_minutes_per_month:,.1f} min of "
                           f"downtime a month); weakest tier: {weakest.tier} "
                           f"{100 * weakest.availability:.4f} %")
