from __future__ import annotations

from collections.abc import Iterable

from validators.rule import Hit, Rule, RuleContext
from workbench.analysis.facts import ODB_PRODUCTION

REQUIRED = ((ODB_PRODUCTION, "production ODB"),
            ("hyperspace-presentation", "presentation tier"),
            ("backup-target", "backup target"))


class RequiredRoles(Rule):
    id = "DSN-001"
    title = "Roles an EHR deployment cannot run without"
    rationale = ("Without a production ODB there is nothing to serve, without a presentation tier "
                 "clinicians cannot reach it, and without a backup target there is no recovery "
                 "from corruption or ransomware.")
    hint = "Add the missing role from the palette (ehrwb catalog lists SKUs for each role)."
    references = ("PRODUCT.md section 2 (components)",)
    severity = "error"
    tags = ("integrity",)

    def check(self, ctx: RuleContext) -> Iterable[Hit]:
        for role, label in REQUIRED:
            if not ctx.facts.with_role(role):
                yield Hit((), f"the design has no {label} (role '{role}')")
