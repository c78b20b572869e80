from __future__ import annotations

from collections.abc import Iterable

from validators.rule import Hit, Rule, RuleContext


class AdminIdentityAndMfa(Rule):
    id = "CMP-004"
    title = "Administrative access requires a unique identity and MFA"
    rationale = ("Shared admin accounts cannot be traced to a person and passwords alone are "
                 "phished. HIPAA requires a unique user identity (164.312(a)(2)(i)) and person "
                 "or entity authentication (164.312(d)); it does not name MFA today: MFA is in "
                 "the 2025 proposed Security Rule and in HITRUST CSF 01.q and 01.j, which this "
                 "rule holds administrators to.")
    hint = "Set security.unique_admin_identity and security.admin_mfa (e.g. Entra ID with " \
           "conditional access); MFA is HITRUST 01.q / 01.j and the 2025 proposed HIPAA rule, " \
           "not yet a HIPAA requirement."
    references = ("HHS, HIPAA Security Rule NPRM (90 FR 898, 2025-01-06): MFA proposed",
                  "HITRUST CSF 01.q user identification and authentication; 01.j user "
                  "authentication for external connections")
    clauses = ("HIPAA 164.312(a)(2)(i)", "HIPAA 164.312(d)", "HITRUST 01.q", "HITRUST 01.j")
    severity = "error"
    tags = ("compliance", "hipaa", "access")

    def check(self, ctx: RuleContext) -> Iterable[Hit]:
        for comp in ctx.design.components:
            missing = []
            if not comp.security.unique_admin_identity:
                missing.append("unique admin identity")
            if not comp.security.admin_mfa:
                missing.append("MFA (HITRUST 01.q; proposed, not yet required, by HIPAA)")
            if missing:
                yield Hit((comp.id,), f"administration of {comp.id} lacks "
                                      f"{' and '.join(missing)}")
