from __future__ import annotations

from collections.abc import Iterable

from validators.rule import Hit, Rule, RuleContext
from workbench.analysis.facts import ODB_STORAGE_ROLES


class OdbIopsPerTb(Rule):
    id = "THR-005"
    title = "ODB storage IOPS per TB"
    rationale = ("Epic's ODB needs 1,000-2,000 IOPS for every TB it stores; below 1,000 the "
                 "write daemon cannot flush within its window.")
    hint = "Provision more IOPS on the ODB volumes or choose a faster storage tier."
    references = ("NetApp Epic performance guide (1,000-2,000 IOPS per TB)",)
    severity = "error"
    also_reports = ("info",)
    tags = ("storage", "database")
    thresholds = {"min_iops_per_tb": 1000, "recommended_iops_per_tb": 2000}

    def check(self, ctx: RuleContext) -> Iterable[Hit]:
        low = ctx.threshold("min_iops_per_tb", 1000)
        good = ctx.threshold("recommended_iops_per_tb", 2000)
        for comp in ctx.design.components:
            if comp.role not in ODB_STORAGE_ROLES:
                continue
            if comp.storage is None:
                yield Hit((comp.id,), f"{comp.id} declares no storage, so its IOPS cannot be "
                                      "checked", "error")
                continue
            tier = ctx.facts.storage_tier(comp)
            assert tier is not None
            iops = comp.storage.iops
            source = "provisioned"
            if iops is None and tier.max_iops is not None and tier.max_iops.value is not None:
                iops, source = int(tier.max_iops.value), f"{tier.id} maximum"
            if iops is None:
                yield Hit((comp.id,), f"{comp.id}: no IOPS given and {tier.id} states none",
                          "error")
                continue
            per_tb = iops / comp.storage.size_tb
            text = f"{comp.id}: {iops:,} IOPS ({source}) for {comp.storage.size_tb:g} TB is " \
                   f"{per_tb:,.0f} IOPS per TB"
            if per_tb < low:
                yield Hit((comp.id,), f"{text}, below the {low:,.0f} minimum", "error")
            elif per_tb < good:
                yield Hit((comp.id,), f"{text}, below the recommended {good:,.0f}", "info")
