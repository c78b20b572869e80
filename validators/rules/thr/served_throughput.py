from __future__ import annotations

from collections.abc import Iterable

from validators.rule import Hit, Rule, RuleContext
from validators.rules.units import count, grefs


class ServedThroughput(Rule):
    id = "THR-009"
    title = "Served throughput through the topology meets demand"
    rationale = ("Capacity that is not connected carries nothing: the load the sites can "
                 "actually push through gateways, presentation, application and database tiers "
                 "along the drawn links must reach peak demand. A pool the design pays for "
                 "counts toward its tier's capacity, so a pool no site reaches, or with no "
                 "path on to the database, is a connectivity fault named here, not a "
                 "shortage of capacity.")
    hint = "Enlarge or connect the bottleneck named in the finding; link a disconnected pool " \
           "from the sites' gateway and on to the database (client / ECP links)."
    references = ("capacity model: maximum flow from the sites to the production ODB",)
    severity = "error"
    tags = ("capacity", "topology")

    def check(self, ctx: RuleContext) -> Iterable[Hit]:
        flow = ctx.capacity.flow
        yield from self._disconnected_pools(ctx)
        if flow.served >= flow.demand * (1 - 1e-9):
            return
        ids = set(ctx.facts.components) | set(ctx.facts.links) | set(ctx.facts.sites)
        targets = tuple(b for b in flow.bottleneck if b in ids)
        where = ", ".join(flow.bottleneck) or "unknown"
        yield Hit(targets, f"the topology serves {grefs(flow.served)} of {grefs(flow.demand)} "
                           f"demand; bottleneck: {where}")

    @staticmethod
    def _disconnected_pools(ctx: RuleContext) -> Iterable[Hit]:
        """Pools counted in a tier's capacity that lie on no path from a site to the ODB."""
        flow, topo, sites = ctx.capacity.flow, ctx.topology, set(ctx.facts.sites)
        for tier in ctx.capacity.tiers.values():
            if tier.tier == "database":
                continue
            for cid in tier.components:
                if cid in flow.on_path:
                    continue
                why = []
                if not sites & topo.clinical_ancestors(cid):
                    why.append("no site reaches it through client links")
                if cid not in topo.serving_production:
                    why.append("it has no client / ECP path to the production ODB")
                comp = ctx.facts.components[cid]
                unit = "instances" if comp.count != 1 else "instance"
                yield Hit((cid,), f"{cid} ({count(comp.count)} {unit}) counts toward the "
                                  f"{tier.tier} tier but carries nothing: "
                                  + ("; ".join(why) or "it lies on no path from a site to the "
                                     "production ODB"))
