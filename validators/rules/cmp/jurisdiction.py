from __future__ import annotations

from collections.abc import Iterable

from validators.rule import Hit, Rule, RuleContext


class PhiJurisdiction(Rule):
    id = "CMP-007"
    title = "PHI stays in allowed jurisdictions"
    rationale = ("Organisation policy (and often contracts) keep PHI in the country: every "
                 "place that stores PHI must be in an allowed jurisdiction.")
    hint = "Move the component to a region in an allowed jurisdiction, or change " \
           "requirements.allowed_jurisdictions if policy allows."
    references = ("organisation policy (requirements.allowed_jurisdictions)",)
    severity = "error"
    tags = ("compliance", "residency")

    def check(self, ctx: RuleContext) -> Iterable[Hit]:
        facts = ctx.facts
        allowed = set(ctx.design.requirements.allowed_jurisdictions)
        for cid in ctx.analysis.phi.stores:
            comp = facts.components[cid]
            region = facts.catalog_region(comp)
            if region is not None:
                where, place = region.jurisdiction, region.id
            else:
                site = facts.sites[comp.placement.site or ""]
                where, place = site.jurisdiction, f"site {site.id}"
            if where not in allowed:
                yield Hit((cid,), f"{cid} stores PHI in {place} ({where}); allowed: "
                                  f"{', '.join(sorted(allowed)) or 'none'}")
