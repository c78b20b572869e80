from __future__ import annotations

from collections.abc import Iterable

from validators.rule import Hit, Rule, RuleContext


class WaiverComplete(Rule):
    id = "DSN-005"
    title = "A waiver names its justification, approver and expiry"
    rationale = ("A waiver is an accepted risk: without a reason, someone accountable and an end "
                 "date it is an unreviewed exception. An incomplete waiver hides nothing.")
    hint = "Fill in the waiver's justification, approver and expires."
    severity = "error"
    tags = ("integrity", "waivers")

    def check(self, ctx: RuleContext) -> Iterable[Hit]:
        for i, w in enumerate(ctx.design.waivers):
            missing = [name for name, value in (("justification", w.justification.strip()),
                                                ("approver", w.approver.strip()),
                                                ("expiry", w.expires)) if not value]
            if missing:
                target = () if w.target == "design" else (w.target,)
                yield Hit(target, f"waiver {i + 1} ({w.rule} on {w.target}) has no "
                                  f"{', '.join(missing)}")
