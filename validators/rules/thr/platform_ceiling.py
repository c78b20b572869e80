from __future__ import annotations

from collections.abc import Iterable

from validators.rule import Hit, Rule, RuleContext
from validators.rules.units import grefs


class PlatformCeiling(Rule):
    """Threshold ``ceiling_grefs`` defaults to the catalog's platform_grefs_ceiling."""

    id = "THR-004"
    title = "Demand above the published platform ceiling"
    rationale = ("Azure Large Instances for Epic are marketed for up to 50 million database "
                 "accesses per second for the whole platform; no published configuration goes "
                 "beyond it.")
    hint = "Split the workload (separate instances) or obtain a vendor-validated configuration."
    references = ("Microsoft / Fierce Healthcare 2023-08: up to 50 million database accesses "
                  "per second",)
    severity = "error"
    tags = ("capacity",)
    thresholds = {"ceiling_grefs": None}

    def check(self, ctx: RuleContext) -> Iterable[Hit]:
        published = ctx.facts.assumption("platform_grefs_ceiling").value
        ceiling = ctx.threshold("ceiling_grefs", published)
        peak = ctx.facts.peak_grefs.value
        if peak > ceiling:
            yield Hit((), f"peak demand {grefs(peak)} is above the {grefs(ceiling)} platform "
                          "ceiling")
