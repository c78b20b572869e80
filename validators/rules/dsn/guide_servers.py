from __future__ import annotations

from collections.abc import Iterable

from validators.rule import Hit, Rule, RuleContext


class GuideServers(Rule):
    id = "DSN-006"
    title = "Server counts the Hardware Configuration Guide calls for"
    rationale = ("Epic sizes each customer's servers per role in its Hardware Configuration "
                 "Guide; a design with fewer instances of a role than the guide calls for has "
                 "not been sized the way Epic sized it.")
    hint = ("Add instances of the role (count) or record why the guide's figure does not "
            "apply (a waiver naming the guide's revision).")
    references = ("the customer's Epic Hardware Configuration Guide (requirements.sizing)",)
    severity = "warning"
    tags = ("sizing",)

    def check(self, ctx: RuleContext) -> Iterable[Hit]:
        sizing = ctx.design.requirements.sizing
        if sizing is None:
            return
        for role, wanted in sizing.servers.items():
            comps = ctx.facts.with_role(role)
            have = sum(c.count for c in comps)
            if have < wanted:
                yield Hit(tuple(c.id for c in comps),
                          f"{have} instance(s) of role '{role}' where the Hardware "
                          f"Configuration Guide ({sizing.source}, {sizing.date}) calls for "
                          f"{wanted}")
