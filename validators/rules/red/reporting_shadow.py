from __future__ import annotations

from collections.abc import Iterable

from validators.rule import Hit, Rule, RuleContext
from workbench.analysis.facts import ODB_PRODUCTION


class ReportingShadow(Rule):
    id = "RED-005"
    title = "A reporting shadow exists and Clarity extracts from it"
    rationale = ("Nightly Clarity extracts are heavy; run against production they compete with "
                 "clinicians. Epic runs them from the read-only reporting shadow.")
    hint = "Add an odb-reporting member and point Clarity's extract link at it."
    references = ("NetApp Epic architecture overview", "Microsoft Learn, ALI Epic architecture")
    severity = "warning"
    tags = ("redundancy", "reporting")

    def check(self, ctx: RuleContext) -> Iterable[Hit]:
        facts = ctx.facts
        if facts.with_role(ODB_PRODUCTION) and not facts.with_role("odb-reporting"):
            yield Hit((), "there is no reporting shadow (role odb-reporting)")
        for link in ctx.design.links:
            if link.kind == "extract" and facts.end_role(link.from_) == ODB_PRODUCTION \
                    and facts.end_role(link.to) == "clarity":
                yield Hit((link.id,), f"Clarity ({link.to}) extracts from production "
                                      f"{link.from_}")
