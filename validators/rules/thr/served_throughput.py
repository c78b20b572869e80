from __future__ import annotations

from collections.abc import Iterable

from validators.rule import Hit, Rule, RuleContext
from validators.rules.units import grefs


class ServedThroughput(Rule):
    id = "THR-009"
    title = "Served throughput through the topology meets demand"
    rationale = ("Capacity that is not connected carries nothing: the load the sites can "
                 "actually push through gateways, presentation, application and database tiers "
                 "along the drawn links must reach peak demand.")
    hint = "Enlarge or connect the bottleneck named in the finding."
    references = ("capacity model: maximum flow from the sites to the production ODB",)
    severity = "error"
    tags = ("capacity", "topology")

    def check(self, ctx: RuleContext) -> Iterable[Hit]:
        flow = ctx.capacity.flow
        if flow.served >= flow.demand * (1 - 1e-9):
            return
        ids = set(ctx.facts.components) | set(ctx.facts.links) | set(ctx.facts.sites)
        targets = tuple(b for b in flow.bottleneck if b in ids)
        where = ", ".join(flow.bottleneck) or "unknown"
        yield Hit(targets, f"the topology serves {grefs(flow.served)} of {grefs(flow.demand)} "
                           f"demand; bottleneck: {where}")
