from __future__ import annotations

from collections.abc import Iterable

from validators.rule import Hit, Rule, RuleContext
from validators.rules.units import grefs
from workbench.analysis.facts import ODB_PRODUCTION


class SharedTenancyCeiling(Rule):
    """Threshold ``shared_ceiling_grefs`` defaults to the catalog's shared_tenancy_grefs_ceiling."""

    id = "PLC-002"
    title = "Database demand beyond shared tenancy needs dedicated compute"
    rationale = ("Above a certain peak the production ODB needs single-tenant hardware: shared "
                 "VMs bring hypervisor overhead and noisy neighbours the ODB cannot absorb.")
    hint = "Place the production ODB on dedicated compute (ALI, bare metal or a dedicated host)."
    references = ("PRODUCT.md section 2 (dedicated vs shared)",
                  "catalog assumption shared_tenancy_grefs_ceiling")
    severity = "error"
    tags = ("placement", "tenancy")
    thresholds = {"shared_ceiling_grefs": None}

    def check(self, ctx: RuleContext) -> Iterable[Hit]:
        ceiling = ctx.threshold("shared_ceiling_grefs",
                                ctx.facts.assumption("shared_tenancy_grefs_ceiling").value)
        peak = ctx.facts.peak_grefs.value
        if peak <= ceiling:
            return
        for comp in ctx.facts.with_role(ODB_PRODUCTION):
            if ctx.facts.is_shared(comp):
                yield Hit((comp.id,), f"{comp.id} runs on shared {comp.sku} but peak demand "
                                      f"{grefs(peak)} is above the shared-tenancy ceiling "
                                      f"{grefs(ceiling)}")
