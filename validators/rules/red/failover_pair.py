from __future__ import annotations

from collections.abc import Iterable

from validators.rule import Hit, Rule, RuleContext
from workbench.analysis.facts import ODB_PRODUCTION


class FailoverPair(Rule):
    id = "RED-001"
    title = "Production ODB has exactly two failover members"
    rationale = ("An IRIS mirror has exactly two failover members kept in sync; with one the "
                 "ODB cannot fail over, and a third cannot be a failover member.")
    hint = "Mirror the production ODB to a second failover member (mode mirror-failover)."
    references = ("InterSystems IRIS mirroring: failover members",)
    severity = "error"
    tags = ("redundancy", "database")

    def check(self, ctx: RuleContext) -> Iterable[Hit]:
        members = ctx.facts.with_role(ODB_PRODUCTION)
        if not members:
            return
        failover = [c for c in members if c.redundancy.mode == "mirror-failover"]
        instances = sum(c.count for c in failover)
        if instances != 2 or len(failover) != len(members):
            yield Hit(tuple(c.id for c in members),
                      f"the production ODB has {instances} synchronous failover member"
                      f"{'s' if instances != 1 else ''} (mode mirror-failover); it needs "
                      "exactly two")
