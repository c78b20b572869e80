from __future__ import annotations

from collections.abc import Iterable

from validators.rule import Hit, Rule, RuleContext
from validators.rules.units import count, grefs, pct
from workbench.analysis.capacity import runway_year


class HeadroomRunway(Rule):
    """Threshold ``headroom_pct`` defaults to requirements.headroom_limit_pct."""

    id = "THR-010"
    title = "Utilization stays within the headroom limit over the planning horizon"
    rationale = ("A tier within its headroom today that crosses the limit as demand grows "
                 "runs without margin for failover catch-up or a bad day before the horizon "
                 "ends, and the runway chart shows it; the budget for it is needed now. Over "
                 "the limit already is THR-001 / THR-007's finding; out of capacity inside "
                 "the horizon is THR-002's.")
    hint = "Size the tier so that utilization at the horizon's demand stays within the " \
           "headroom limit, or state the upgrade year in the plan."
    references = ("capacity model: demand x (1 + growth)^years against the headroom limit x "
                  "the low end of the tier's capacity",)
    severity = "info"  # below THR-002 (runs out in the horizon, warning); policy can raise it
    tags = ("capacity", "growth")
    thresholds = {"headroom_pct": None}

    def check(self, ctx: RuleContext) -> Iterable[Hit]:
        req = ctx.design.requirements
        base = int(ctx.capacity.base_year.value)
        end = base + req.planning_horizon_years
        limit = ctx.threshold("headroom_pct", req.headroom_limit_pct)
        for tier in ctx.capacity.tiers.values():
            if not tier.components or tier.judged <= 0:
                continue
            year = runway_year(tier.demand, tier.judged * limit / 100.0,
                               req.annual_growth_pct, base)
            if year is None or year == base or year > end:
                continue  # never, already over (THR-001 / THR-007), or after the horizon
            if tier.runway_year is not None and tier.runway_year <= end:
                continue  # runs out of capacity inside the horizon: THR-002 says so
            grown = tier.demand * (1 + req.annual_growth_pct / 100.0) ** (year - base)
            shown = grefs(grown) if tier.unit == "GRefs/s" else f"{count(grown)} users"
            yield Hit(tuple(tier.components),
                      f"{tier.tier} tier crosses the {pct(limit)} headroom limit in {year}: "
                      f"demand grows to {shown} at {req.annual_growth_pct:g} % a year, "
                      f"{pct(100.0 * grown / tier.judged)} of the low end of its capacity "
                      f"(horizon {end})")
