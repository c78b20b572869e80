from __future__ import annotations

from collections.abc import Iterable

from validators.rule import Hit, Rule, RuleContext


class UnconnectedComponent(Rule):
    id = "DSN-002"
    title = "Component connected to nothing"
    rationale = ("A component with no links carries no load and receives no data: either a link "
                 "is missing or the component is not needed.")
    hint = "Link it to what it serves, or remove it."
    severity = "warning"
    tags = ("integrity",)

    def check(self, ctx: RuleContext) -> Iterable[Hit]:
        log_stores = {c.security.log_store for c in ctx.design.components}
        for comp in ctx.design.components:
            if ctx.topology.degree(comp.id) == 0 and comp.id not in log_stores:
                yield Hit((comp.id,), f"{comp.id} ({comp.role}) has no links and receives no "
                                      "audit logs")
