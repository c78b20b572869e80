from __future__ import annotations

from collections.abc import Iterable

from validators.rule import Hit, Rule, RuleContext


class NoPublicExposure(Rule):
    id = "CMP-005"
    title = "No public endpoint on database or storage; management ports closed or JIT"
    rationale = ("A database or storage endpoint on the internet, or an open RDP/SSH port, is "
                 "the commonest way in for attackers.")
    hint = "Use private endpoints; open management ports just in time (JIT) through a bastion."
    references = ("HITRUST CSF 01.l remote diagnostic and configuration port protection; 01.m "
                  "segregation in networks; 01.n network connection control; 09.m network "
                  "controls",)
    clauses = ("HITRUST 01.l", "HITRUST 01.m", "HITRUST 01.n", "HITRUST 09.m")
    severity = "error"
    tags = ("compliance", "hitrust", "network")

    def check(self, ctx: RuleContext) -> Iterable[Hit]:
        for comp in ctx.design.components:
            problems = []
            if comp.security.public_endpoint and ctx.facts.role(comp).exposure == "private":
                problems.append("a public endpoint")
            if comp.security.management_ports == "open":
                problems.append("management ports open")
            if problems:
                yield Hit((comp.id,), f"{comp.id} has {' and '.join(problems)}")
