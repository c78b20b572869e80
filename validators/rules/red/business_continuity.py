from __future__ import annotations

from collections.abc import Iterable

from validators.rule import Hit, Rule, RuleContext


class BusinessContinuityAccess(Rule):
    id = "RED-011"
    title = "Business-continuity access exists"
    rationale = ("During downtime clinicians still need recent medication lists and notes: BCA "
                 "PCs on site or BCA Web give read-only access when the EHR is down.")
    hint = "Add BCA PCs at the hospitals (role bca-pc) or BCA Web (role bca-web)."
    # No HIPAA clause is cited: emergency mode operation (164.308(a)(7)(ii)(C)) is about
    # keeping ePHI secure while in emergency mode, not about clinicians' read-only access.
    references = ("consultancy DR guides (BCA)",)
    severity = "warning"
    tags = ("continuity",)

    def check(self, ctx: RuleContext) -> Iterable[Hit]:
        if not ctx.facts.with_role("bca-pc") and not ctx.facts.with_role("bca-web"):
            yield Hit((), "there is no business-continuity access (bca-pc or bca-web)")
