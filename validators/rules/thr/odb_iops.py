from __future__ import annotations

from collections.abc import Iterable

from validators.rule import Hit, Rule, RuleContext


class OdbIopsPerTb(Rule):
    """With the customer's Hardware Configuration Guide figures (requirements.sizing: read
    IOPS and the write burst) the check follows the Epic / NetApp sizing method instead of
    the per-TB rule of thumb."""

    id = "THR-005"
    title = "ODB storage IOPS: the Hardware Configuration Guide's, else per TB"
    rationale = ("The ODB's storage must serve its random reads and write each 80-second "
                 "write-daemon burst within 45 seconds (Epic / NetApp sizing method, from the "
                 "customer's Hardware Configuration Guide). Without the guide's figures: "
                 "1,000-2,000 IOPS for every TB stored; below 1,000 the write daemon cannot "
                 "flush within its window.")
    hint = ("Provision more IOPS on the ODB volumes or choose a faster storage tier; put the "
            "Hardware Configuration Guide's figures in requirements.sizing.")
    references = ("NetApp, NetApp storage reference architectures for Epic: global references "
                  "= (read IOPS + write operations per 80-second burst / 45) x 225, figures "
                  "from the customer's Hardware Configuration Guide",
                  "NetApp TR-3928, NetApp best practices for Epic (1,000-2,000 IOPS per TB)")
    severity = "error"
    also_reports = ("info",)
    tags = ("storage", "database")
    thresholds = {"min_iops_per_tb": 1000, "recommended_iops_per_tb": 2000}

    def check(self, ctx: RuleContext) -> Iterable[Hit]:
        low = ctx.threshold("min_iops_per_tb", 1000)
        good = ctx.threshold("recommended_iops_per_tb", 2000)
        for comp in ctx.design.components:
            if not ctx.facts.role(comp).odb_storage:
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
            need = ctx.facts.odb_iops_needed
            if need is not None:  # the guide's figures, by the Epic / NetApp method
                if iops < need.value:
                    yield Hit((comp.id,), f"{comp.id}: {iops:,} IOPS ({source}) is below the "
                                          f"{need.value:,.0f} IOPS its Hardware Configuration "
                                          f"Guide needs ({need.basis})", "error")
                continue
            per_tb = iops / comp.storage.size_tb
            text = f"{comp.id}: {iops:,} IOPS ({source}) for {comp.storage.size_tb:g} TB is " \
                   f"{per_tb:,.0f} IOPS per TB (an estimate: no Hardware Configuration Guide " \
                   "figures)"
            if per_tb < low:
                yield Hit((comp.id,), f"{text}, below the {low:,.0f} minimum", "error")
            elif per_tb < good:
                yield Hit((comp.id,), f"{text}, below the recommended {good:,.0f}", "info")
