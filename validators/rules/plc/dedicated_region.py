from __future__ import annotations

from collections.abc import Iterable

from validators.rule import Hit, Rule, RuleContext


class DedicatedSkuOffered(Rule):
    id = "PLC-001"
    title = "Dedicated SKU placed where it is offered"
    rationale = ("Dedicated compute exists only in some regions: ALI for Epic in East US, South "
                 "Central US and West US 2, with availability zones in East US and West US 2 "
                 "only; a design placing it elsewhere, or in a zone the offer has not, cannot be "
                 "built.")
    hint = "Move the component to a region that offers the SKU, or choose a SKU offered there."
    references = ("Microsoft Learn, Azure Large Instances for Epic - regions and SKUs",)
    severity = "error"
    tags = ("placement", "dedicated")

    def check(self, ctx: RuleContext) -> Iterable[Hit]:
        for comp in ctx.design.components:
            sku = ctx.facts.sku(comp)
            region = ctx.facts.catalog_region(comp)
            if sku.tenancy != "dedicated" or region is None or sku.category != "compute" \
                    or sku.kind not in ("bare-metal", "dedicated-host"):
                continue
            if sku.id not in region.dedicated_skus:
                offered = [r.id for r in ctx.catalog.regions.values() if sku.id in r.dedicated_skus]
                yield Hit((comp.id,), f"{sku.id} is not offered in {region.id}; offered in: "
                                      f"{', '.join(offered) or 'no catalog region'}")
            elif sku.id in region.dedicated_skus_without_zones and comp.placement.zones:
                yield Hit((comp.id,), f"{sku.id} is offered in {region.id} without availability "
                                      "zones: place it in the region, not in a zone")
