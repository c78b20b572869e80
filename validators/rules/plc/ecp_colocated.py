from __future__ import annotations

from collections.abc import Iterable

from validators.rule import Hit, Rule, RuleContext
from workbench.model.design import Component


class EcpNextToDataServer(Rule):
    id = "PLC-003"
    title = "ECP application servers sit next to their data server"
    rationale = ("ECP is latency-sensitive: application servers must share the data server's "
                 "zone and, where one is used, its proximity placement group.")
    hint = "Place the ECP servers in the data server's zone and proximity group."
    references = ("Microsoft Learn, ALI Epic architecture (proximity placement group)",)
    severity = "error"
    tags = ("placement", "ecp")

    def check(self, ctx: RuleContext) -> Iterable[Hit]:
        facts = ctx.facts
        for comp in facts.with_role("ecp-app-server"):
            servers = [facts.components[link.to]
                       for link in ctx.topology.links(comp.id, ["ecp"], "out")
                       if link.to in facts.components
                       and facts.role(facts.components[link.to]).odb_member]
            if not servers:
                continue
            if any(_colocated(comp, s) for s in servers):
                continue
            names = ", ".join(s.id for s in servers)
            yield Hit((comp.id, *(s.id for s in servers)),
                      f"{comp.id} is not in the zone and proximity group of its data server "
                      f"({names})")


def _colocated(app: Component, server: Component) -> bool:
    a, s = app.placement, server.placement
    if a.region != s.region or a.site or s.site:
        return False
    if s.zones and not set(a.zones) & set(s.zones):
        return False
    return s.proximity_group is None or a.proximity_group == s.proximity_group
