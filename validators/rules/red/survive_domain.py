from __future__ import annotations

from collections.abc import Iterable

from validators.rule import Hit, Rule, RuleContext
from validators.rules.units import grefs


class SurviveFailureDomain(Rule):
    id = "RED-009"
    title = "Full throughput after losing any one element of the survivable failure domain"
    rationale = ("The design says which failure it must ride out (a component, a zone or a "
                 "region); after losing any one such element, what survives must still carry "
                 "peak demand.")
    hint = "Spread the named tier over more zones (or regions) with enough capacity in each."
    references = ("failure scenarios (ehrwb scenarios)",)
    severity = "error"
    tags = ("redundancy", "scenarios")
    survivable_domain_only = True

    def check(self, ctx: RuleContext) -> Iterable[Hit]:
        for s in ctx.analysis.scenarios.within_domain():
            if "throughput" in s.breaks:
                where = f"; bottleneck: {', '.join(s.bottleneck)}" if s.bottleneck else ""
                yield Hit((s.target,), f"after losing {s.target} the topology serves "
                                       f"{grefs(s.served)} of {grefs(s.demand)} "
                                       f"({s.served_pct:.0f} %){where}")
