from __future__ import annotations

from collections.abc import Iterable

from validators.rule import Hit, Rule, RuleContext


class ExpiredWaiver(Rule):
    id = "CMP-013"
    title = "A waiver is past its expiry"
    rationale = ("A waiver is an accepted risk for a limited time; once it expires the finding "
                 "it hid is shown again and the waiver must be renewed or the design fixed.")
    hint = "Fix the finding, or renew the waiver with a new approver and expiry."
    severity = "warning"
    tags = ("compliance", "waivers")

    def check(self, ctx: RuleContext) -> Iterable[Hit]:
        as_of = ctx.facts.as_of
        for w in ctx.design.waivers:
            if w.expires is not None and w.expires < as_of:
                target = () if w.target == "design" else (w.target,)
                yield Hit(target, f"the waiver of {w.rule} on {w.target} (approved by "
                                  f"{w.approver or 'nobody'}) expired on {w.expires}")
