from __future__ import annotations

from collections.abc import Iterable

from validators.rule import Hit, Rule, RuleContext


class NoSingleVmOnStandardDisks(Rule):
    id = "RED-012"
    title = "No production tier is a single VM on Standard SSD or HDD"
    rationale = ("A single VM carries a 99.9 % SLA only with Premium SSD or Ultra Disk; on "
                 "Standard SSD it is 99.5 %, on Standard HDD 95 % (36 hours of downtime a "
                 "month).")
    hint = "Use Premium SSD v2 or Ultra Disk, or run two instances across zones."
    references = ("Microsoft, SLA for Online Services - Virtual Machines",)
    severity = "warning"
    tags = ("redundancy", "storage")

    def check(self, ctx: RuleContext) -> Iterable[Hit]:
        facts = ctx.facts
        serving = ctx.topology.serving_production
        for comp in facts.design.components:
            tier = facts.storage_tier(comp)
            if comp.id not in serving or tier is None or comp.count != 1:
                continue
            group = comp.redundancy.group
            if group and sum(c.count for c in facts.design.components
                             if c.redundancy.group == group) > 1:
                continue
            sla = tier.single_vm_sla
            if sla is not None and sla.value is not None and sla.value < 99.9:
                yield Hit((comp.id,), f"{comp.id} is a single VM on {tier.id}: SLA "
                                      f"{sla.value:g} %")
