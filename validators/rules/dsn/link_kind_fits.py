from __future__ import annotations

from collections.abc import Iterable

from catalogs import SITE
from validators.rule import Hit, Rule, RuleContext


class LinkKindFitsEnds(Rule):
    id = "DSN-003"
    title = "Link kind fits its ends"
    rationale = ("Mirror links join database mirror members, ECP joins an application server to "
                 "a data server, extracts feed the analytics databases: a link of the wrong kind "
                 "means the topology does not say what the architect meant.")
    hint = "Change the link's kind to one the catalog allows between these roles, or its ends."
    references = ("InterSystems IRIS mirroring and ECP documentation",
                  "catalogs/data/links.yaml (the same table the editor uses)")
    severity = "error"
    tags = ("integrity", "links")

    def check(self, ctx: RuleContext) -> Iterable[Hit]:
        facts = ctx.facts
        for link in ctx.design.links:
            a, b = facts.end_role(link.from_), facts.end_role(link.to)
            if ctx.catalog.link_kind_fits(link.kind, a, b):
                continue
            allowed = ctx.catalog.link_kinds_between(a, b)
            ends = f"{'site' if a == SITE else a} -> {'site' if b == SITE else b}"
            yield Hit((link.id,), f"a {link.kind} link cannot join {ends}"
                      + (f"; allowed: {', '.join(allowed)}" if allowed else ""))
