from __future__ import annotations

from collections.abc import Iterable

from validators.rule import Hit, Rule, RuleContext


class AdminIdentityAndMfa(Rule):
    id = "CMP-004"
    title = "Administrative access requires a unique identity and MFA"
    rationale = ("Shared admin accounts cannot be traced to a person and passwords alone are "
                 "phished; every administrator signs in as themselves with a second factor.")
    hint = "Set security.unique_admin_identity and security.admin_mfa (e.g. Entra ID with " \
           "conditional access)."
    clauses = ("HIPAA 164.312(a)(2)(i)", "HIPAA 164.312(d)")
    severity = "error"
    tags = ("compliance", "hipaa", "access")

    def check(self, ctx: RuleContext) -> Iterable[Hit]:
        for comp in ctx.design.components:
            missing = []
            if not comp.security.unique_admin_identity:
                missing.append("unique admin identity")
            if not comp.security.admin_mfa:
                missing.append("MFA")
            if missing:
                yield Hit((comp.id,), f"administration of {comp.id} lacks "
                                      f"{' and '.join(missing)}")
