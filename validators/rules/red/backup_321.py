from __future__ import annotations

from collections.abc import Iterable

from validators.rule import Hit, Rule, RuleContext
from workbench.analysis.facts import ODB_PRODUCTION
from workbench.model.design import Component


class Backup321(Rule):
    id = "RED-013"
    title = "Backups are 3-2-1"
    rationale = ("Three copies of the production data, on two storage platforms, one in "
                 "another location: ransomware, a storage bug or a lost region leaves a copy.")
    hint = "Add backup targets linked from the ODB (backup, then replication links) on a " \
           "second platform and in another region or site."
    references = ("NetApp Epic storage requirements (3-2-1, one copy on a different platform)",)
    clauses = ("HIPAA 164.308(a)(7)(ii)(A)", "HIPAA 164.310(d)(2)(iv)")
    severity = "error"
    tags = ("backup", "recovery")

    def check(self, ctx: RuleContext) -> Iterable[Hit]:
        facts = ctx.facts
        members = facts.with_role(ODB_PRODUCTION)
        if not members:
            return
        copies: dict[str, tuple[str, str]] = {}  # component -> (platform, location)
        for m in members[:1]:
            tier = facts.storage_tier(m)
            copies[m.id] = (tier.platform if tier else "unknown", _location(m))
        frontier = [m.id for m in members]
        seen = set(frontier)
        while frontier:  # backup targets reached by backup, then replication, links
            node = frontier.pop()
            for link in ctx.topology.links(node, ["backup", "replication"], "out"):
                target = facts.components.get(link.to)
                if target is None or target.id in seen or target.role != "backup-target":
                    continue
                seen.add(target.id)
                frontier.append(target.id)
                platform = facts.sku(target).platform or facts.sku(target).service
                copies[target.id] = (platform, _location(target))
        home = _location(members[0])
        problems = []
        if len(copies) < 3:
            problems.append(f"{len(copies)} copies (production and {len(copies) - 1} backup)")
        platforms = {p for p, _ in copies.values()}
        if len(platforms) < 2:
            problems.append(f"one storage platform ({', '.join(platforms)})")
        if not any(loc != home for _, loc in copies.values()):
            problems.append("no copy outside the production region")
        if problems:
            yield Hit(tuple(sorted(copies)), "backups are not 3-2-1: " + "; ".join(problems))


def _location(comp: Component) -> str:
    return comp.placement.region or f"site {comp.placement.site}"
