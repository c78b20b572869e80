from __future__ import annotations

from collections.abc import Iterable

from validators.rule import Hit, Rule, RuleContext


class EmergencyAccess(Rule):
    id = "CMP-011"
    title = "An emergency (break-glass) access procedure is recorded"
    rationale = ("When normal sign-in fails during an emergency, clinicians and administrators "
                 "need a documented, audited way in.")
    hint = "Record the procedure in policy.compliance.emergency_access_procedure."
    clauses = ("HIPAA 164.312(a)(2)(ii)",)
    severity = "warning"
    tags = ("compliance", "hipaa", "access")

    def check(self, ctx: RuleContext) -> Iterable[Hit]:
        if not ctx.design.policy.compliance.emergency_access_procedure:
            yield Hit((), "no emergency access procedure is recorded")
