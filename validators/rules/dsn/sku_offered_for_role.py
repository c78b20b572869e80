from __future__ import annotations

from collections.abc import Iterable

from validators.rule import Hit, Rule, RuleContext


class SkuOfferedForRole(Rule):
    id = "DSN-004"
    title = "SKU is offered for its role"
    rationale = ("Each role needs a kind of SKU: a storage service cannot run a database server, "
                 "a gateway cannot host Hyperspace.")
    hint = "Choose a SKU whose classes match the role (ehrwb catalog)."
    references = ("catalogs/data/roles.yaml (sku_classes)",)
    severity = "error"
    tags = ("integrity", "catalog")

    def check(self, ctx: RuleContext) -> Iterable[Hit]:
        for comp in ctx.design.components:
            role, sku = ctx.facts.role(comp), ctx.facts.sku(comp)
            if not set(sku.classes) & set(role.sku_classes):
                yield Hit((comp.id,), f"{comp.sku} ({', '.join(sku.classes)}) is not offered for "
                                      f"role {comp.role} (needs {', '.join(role.sku_classes)})")
