from __future__ import annotations

from collections.abc import Iterable

from validators.rule import Hit, Rule, RuleContext
from workbench.analysis.facts import ODB_PRODUCTION

WORKLOAD = ("client", "ecp", "extract", "replication")


class NoWorkloadOnBackupMember(Rule):
    id = "RED-006"
    title = "No workload is pointed at the backup failover member"
    rationale = ("Either failover member can be the backup; queries pinned to one member run on "
                 "the backup whenever the other is primary, which IRIS does not allow. Workload "
                 "connects to the mirror (both members), never to one.")
    hint = "Connect the workload to both failover members (the mirror), or to the reporting " \
           "shadow."
    references = ("InterSystems IRIS mirroring: no user activity on the backup member",)
    severity = "error"
    tags = ("redundancy", "database")

    def check(self, ctx: RuleContext) -> Iterable[Hit]:
        facts = ctx.facts
        members = {c.id for c in facts.with_role(ODB_PRODUCTION)
                   if c.redundancy.mode == "mirror-failover"}
        if len(members) < 2:
            return
        for link in ctx.design.links:
            if link.kind not in WORKLOAD:
                continue
            if link.to in members and link.from_ not in members:
                peer, member, other_end = link.from_, link.to, "to"
            elif link.from_ in members and link.to not in members:
                peer, member, other_end = link.to, link.from_, "from"
            else:
                continue
            partners = members - {member}
            linked = {x.to if other_end == "to" else x.from_
                      for x in ctx.topology.links(peer, [link.kind])}
            if not partners & linked:
                yield Hit((link.id,), f"{peer} is tied to failover member {member} only; when "
                                      f"{member} is the backup this workload runs on it")
