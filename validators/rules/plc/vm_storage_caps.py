from __future__ import annotations

from collections.abc import Iterable

from catalogs.models import Figure
from validators.rule import Hit, Rule, RuleContext


def _value(fig: Figure | None) -> float | None:
    return None if fig is None else fig.value


class VmStorageCaps(Rule):
    id = "PLC-007"
    title = "Storage asks no more IOPS or MB/s than the VM can pass"
    rationale = ("A VM passes at most its size's uncached remote-storage IOPS and MB/s, whatever "
                 "its disks could do: an ODB on Ultra Disk rated 400,000 IOPS behind a VM that "
                 "passes 130,000 gets 130,000.")
    hint = "Choose a VM size whose storage limits cover the figures, spread the load over " \
           "more VMs, or state the provisioned storage.iops / storage.throughput_mb_s."
    references = ("Microsoft Learn, VM sizes: max uncached Premium SSD / Ultra Disk throughput "
                  "(IOPS/MBps) per size (figures in the compute catalog, per SKU)",)
    severity = "error"
    tags = ("placement", "storage", "throughput")

    def check(self, ctx: RuleContext) -> Iterable[Hit]:
        for comp in ctx.design.components:
            if comp.storage is None:
                continue
            sku = ctx.facts.sku(comp)
            if sku.kind != "vm":
                continue
            tier = ctx.facts.storage_tier(comp)
            tier_iops = _value(tier.max_iops) if tier else None
            tier_mb_s = _value(tier.max_throughput_mb_s) if tier else None
            over, explicit = [], False
            for name, asked, tier_max, cap, unit in (
                    ("IOPS", comp.storage.iops, tier_iops, _value(sku.max_storage_iops),
                     "IOPS"),
                    ("throughput", comp.storage.throughput_mb_s, tier_mb_s,
                     _value(sku.max_storage_throughput_mb_s), "MB/s")):
                figure = asked if asked is not None else tier_max
                if cap is None or figure is None or figure <= cap:
                    continue
                explicit |= asked is not None
                where = "provisioned" if asked is not None else f"{comp.storage.tier} maximum"
                over.append(f"{name} {figure:,.0f} {unit} ({where}) is more than the "
                            f"{cap:,.0f} {unit}")
            if over:
                # A tier's maximum is what the analysis credits when no figure is stated, not
                # necessarily what was provisioned: a warning until the figure is stated.
                yield Hit((comp.id,), f"{comp.id}: {'; '.join(over)} that a {sku.id} VM "
                                      "passes", None if explicit else "warning")
