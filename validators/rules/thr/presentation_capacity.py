from __future__ import annotations

from collections.abc import Iterable

from validators.rule import Hit, Rule, RuleContext
from validators.rules.units import count, pct


class PresentationCapacity(Rule):
    """Threshold ``headroom_pct`` defaults to requirements.headroom_limit_pct."""

    id = "THR-007"
    title = "Presentation tier carries the concurrent users within headroom"
    rationale = ("Every clinician session runs on a presentation host; too few hosts means "
                 "clinicians cannot log in at peak.")
    hint = "Add presentation hosts (instances) or choose a larger SKU; users per host come from " \
           "the catalog or the component's override."
    references = ("capacity model: users per host x carrying instances",)
    severity = "error"
    also_reports = ("warning",)
    tags = ("capacity", "presentation")
    thresholds = {"headroom_pct": None}

    def check(self, ctx: RuleContext) -> Iterable[Hit]:
        tier = ctx.capacity.tiers["presentation"]
        if not ctx.facts.with_role("hyperspace-presentation"):
            return  # DSN-001 reports the missing tier
        limit = ctx.threshold("headroom_pct", ctx.design.requirements.headroom_limit_pct)
        targets = tuple(tier.components) or tuple(
            c.id for c in ctx.facts.with_role("hyperspace-presentation"))
        for comp in ctx.facts.with_role("hyperspace-presentation"):
            if ctx.facts.users_per_instance(comp) is None:
                yield Hit((comp.id,), f"{comp.sku} has no users-per-host figure; set "
                                      f"{comp.id}.overrides.users_per_host", "error")
        if tier.demand > tier.judged:
            yield Hit(targets, f"{count(tier.demand)} concurrent users exceed the presentation "
                               f"tier's {count(tier.capacity)}", "error")
        elif tier.utilization_pct > limit:
            yield Hit(targets, f"presentation utilization {pct(tier.utilization_pct)} is above "
                               f"the {pct(limit)} headroom limit", "warning")
