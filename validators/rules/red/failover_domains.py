from __future__ import annotations

from collections.abc import Iterable

from validators.rule import Hit, Rule, RuleContext
from workbench.analysis.facts import ODB_PRODUCTION


class FailoverInSeparateDomains(Rule):
    id = "RED-002"
    title = "Failover members are in different failure domains"
    rationale = ("Two failover members in the same zone fail together with it: the mirror "
                 "protects against a server, not against the zone.")
    hint = "Place the failover members in different availability zones."
    references = ("InterSystems IRIS mirroring", "Azure VM SLA (availability zones)")
    severity = "error"
    tags = ("redundancy", "database", "zones")

    def check(self, ctx: RuleContext) -> Iterable[Hit]:
        facts = ctx.facts
        members = [c for c in facts.with_role(ODB_PRODUCTION)
                   if c.redundancy.mode == "mirror-failover"]
        for i, a in enumerate(members):
            for b in members[i + 1:]:
                if a.placement.region != b.placement.region or a.placement.site != b.placement.site:
                    continue
                region = facts.regions.get(a.placement.region or "")
                if region is None or not region.zones:
                    continue  # a region without zones offers no separate failure domain
                za, zb = set(a.placement.zones), set(b.placement.zones)
                if not za or not zb or za & zb:
                    where = ", ".join(sorted(za & zb)) or "no zone given"
                    yield Hit((a.id, b.id), f"failover members {a.id} and {b.id} share a "
                                            f"failure domain ({where})")
