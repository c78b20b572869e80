from __future__ import annotations

from collections.abc import Iterable

from validators.rule import Hit, Rule, RuleContext


class StorageTierLimits(Rule):
    id = "PLC-005"
    title = "Ultra Disk limits: no availability sets, Azure Disk Encryption or Site Recovery"
    rationale = ("Ultra Disk (and other tiers flagged in the catalog) cannot be attached in an "
                 "availability set, encrypted with Azure Disk Encryption or protected by Azure "
                 "Site Recovery: such a design cannot be deployed as drawn.")
    hint = "Use zones instead of an availability set, encryption at host or customer-managed " \
           "keys instead of ADE, and mirroring instead of Site Recovery."
    references = ("Microsoft Learn, Ultra Disk limitations",)
    severity = "error"
    tags = ("placement", "storage")

    def check(self, ctx: RuleContext) -> Iterable[Hit]:
        for comp in ctx.design.components:
            tier = ctx.facts.storage_tier(comp)
            if tier is None:
                continue
            clashes = []
            if comp.placement.availability_set and not tier.supports_availability_set:
                clashes.append("an availability set")
            if comp.security.encryption_at_rest == "azure-disk-encryption" \
                    and not tier.supports_azure_disk_encryption:
                clashes.append("Azure Disk Encryption")
            if comp.redundancy.site_recovery and not tier.supports_site_recovery:
                clashes.append("Azure Site Recovery")
            if clashes:
                yield Hit((comp.id,), f"{comp.id} uses {tier.id} with {', '.join(clashes)}, "
                                      "which it does not support")
