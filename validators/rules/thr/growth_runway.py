from __future__ import annotations

from collections.abc import Iterable

from validators.rule import Hit, Rule, RuleContext
from validators.rules.units import band, count, grefs


class GrowthRunway(Rule):
    id = "THR-002"
    title = "Growth runway within the planning horizon"
    rationale = ("Demand grows every year; a tier that runs out of capacity inside the planning "
                 "horizon needs a plan and a budget now.")
    hint = "Size the tier for the horizon's demand, or shorten the horizon with a stated plan."
    references = ("capacity model: demand x (1 + growth)^years against tier capacity",)
    severity = "warning"
    tags = ("capacity", "growth")

    def check(self, ctx: RuleContext) -> Iterable[Hit]:
        req = ctx.design.requirements
        base = int(ctx.capacity.base_year.value)
        end = base + req.planning_horizon_years
        for tier in ctx.capacity.tiers.values():
            year = tier.runway_year
            if year is None or year > end or not tier.components or tier.demand > tier.judged:
                continue  # over capacity already is THR-001/THR-007's finding
            projected = tier.demand * (1 + req.annual_growth_pct / 100) ** (year - base)
            shown = grefs if tier.unit == "GRefs/s" else (lambda v: f"{count(v)} users")
            yield Hit(tuple(tier.components),
                      f"{tier.tier} tier runs out in {year}: demand grows to {shown(projected)} "
                      f"at {req.annual_growth_pct:g} % a year, capacity is "
                      f"{band(tier.judged, tier.capacity, tier.high or tier.capacity, shown)} "
                      f"(horizon {end})")
