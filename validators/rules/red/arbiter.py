from __future__ import annotations

from collections.abc import Iterable

from validators.rule import Hit, Rule, RuleContext
from workbench.analysis.facts import ARBITER, ODB_DR, ODB_PRODUCTION


class ArbiterPlacement(Rule):
    id = "RED-003"
    title = "An arbiter exists, apart from the failover and DR members"
    rationale = ("Automatic failover needs an arbiter; one that shares a host or a zone with a "
                 "failover or DR member fails with it, and the surviving member cannot take over "
                 "on its own.")
    hint = "Add an arbiter (a small VM) in a zone, or site, of its own."
    references = ("InterSystems IRIS mirroring: arbiter",)
    severity = "warning"
    tags = ("redundancy", "database")

    def check(self, ctx: RuleContext) -> Iterable[Hit]:
        facts = ctx.facts
        members = [c for c in facts.design.components
                   if c.role in (ODB_PRODUCTION, ODB_DR)]
        if not any(c.redundancy.mode == "mirror-failover" for c in members):
            return
        arbiters = facts.with_role(ARBITER)
        if not arbiters:
            yield Hit(tuple(c.id for c in members if c.role == ODB_PRODUCTION),
                      "the mirror has no arbiter, so failover is manual")
            return
        for arb in arbiters:
            for m in members:
                same_region = arb.placement.region == m.placement.region
                shared = set(arb.placement.zones) & set(m.placement.zones)
                if same_region and (shared or not arb.placement.zones
                                    and not m.placement.zones):
                    where = ", ".join(sorted(shared)) or f"region {arb.placement.region}"
                    yield Hit((arb.id, m.id), f"arbiter {arb.id} shares a failure domain "
                                              f"({where}) with mirror member {m.id}")
