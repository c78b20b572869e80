from __future__ import annotations

from collections.abc import Iterable

from validators.rule import Hit, Rule, RuleContext


class FastPathGateway(Rule):
    id = "PLC-004"
    title = "Gateway to dedicated servers is UltraPerformance or ErGw3AZ with FastPath"
    rationale = ("Traffic between ALI servers and the VM network crosses the ExpressRoute "
                 "gateway; without FastPath the gateway adds latency and caps throughput.")
    hint = "Use an UltraPerformance or ErGw3AZ gateway with FastPath enabled."
    references = ("Microsoft Learn, ALI Epic architecture; ExpressRoute FastPath",)
    severity = "warning"
    tags = ("placement", "network", "dedicated")

    def check(self, ctx: RuleContext) -> Iterable[Hit]:
        facts = ctx.facts
        for region in ctx.design.placement.regions:
            comps = [c for c in ctx.design.components if c.placement.region == region.id]
            bare_metal = [c for c in comps if facts.sku(c).kind == "bare-metal"
                          and facts.sku(c).category == "compute"
                          and facts.sku(c).provider == "azure"]
            if not bare_metal:
                continue
            gateways = [c for c in comps if c.role == "expressroute-gateway"]
            if not gateways:
                yield Hit((region.id,), f"region {region.id} has dedicated servers "
                                        f"({', '.join(c.id for c in bare_metal)}) but no "
                                        "ExpressRoute gateway to the VM network")
            for gw in gateways:
                if "fastpath" not in facts.sku(gw).features:
                    yield Hit((gw.id,), f"{gw.id} is {gw.sku}, which has no FastPath; region "
                                        f"{region.id} has dedicated servers")
