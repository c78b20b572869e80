from __future__ import annotations

from collections.abc import Iterable

from validators.rule import Hit, Rule, RuleContext


class NoSinglePointOfFailure(Rule):
    id = "RED-008"
    title = "No single point of failure on the clinical path"
    rationale = ("A one-instance component that every path from the sites to the ODB passes "
                 "through takes the whole EHR down with it. A managed service the provider "
                 "makes zone-redundant (a Standard load balancer, an ...AZ gateway) is an "
                 "accepted platform risk, not a design SPOF: it is listed beside the SPOFs "
                 "with the provider's SLA (metrics.resilience.platform_redundant) and its "
                 "scenario row says so.")
    hint = "Give it a second instance in another zone, or a parallel path around it."
    references = ("topology: dominators of the database in the clinical flow graph",)
    severity = "error"
    tags = ("redundancy",)

    def check(self, ctx: RuleContext) -> Iterable[Hit]:
        for cid in ctx.analysis.single_points_of_failure:
            yield Hit((cid,), f"every clinical path runs through {cid}, a single instance")
