from __future__ import annotations

from collections.abc import Iterable

from validators.rule import Hit, Rule, RuleContext

OWN = "customer-premises"
# the words of the finding that an agreement is not recorded as signed (validators.propose
# tells it from the others by them)
UNSIGNED = "no signed BAA is recorded"


class BusinessAssociateAgreement(Rule):
    id = "CMP-006"
    title = "Every service that holds PHI is covered by a business associate agreement"
    rationale = ("A provider service that stores or processes PHI must be in scope of the "
                 "provider's BAA, and the organisation must have signed it.")
    hint = "Use a BAA-covered service (ehrwb catalog) and record the signed agreement in " \
           "policy.compliance.business_associate_agreements."
    references = ("catalog: services and BAA coverage",)
    clauses = ("HIPAA 164.308(b)(1)",)
    severity = "error"
    tags = ("compliance", "hipaa", "baa")

    def check(self, ctx: RuleContext) -> Iterable[Hit]:
        facts = ctx.facts
        record = ctx.design.policy.compliance
        signed = set(record.business_associate_agreements)
        confirmed = set(record.baa_scope_confirmed)
        holders = set(ctx.analysis.phi.stores)
        holders |= {link.from_ for lid in ctx.analysis.phi.carries
                    for link in [facts.links[lid]] if link.from_ in facts.components}
        for cid in sorted(holders):
            sku = facts.sku(facts.components[cid])
            service = ctx.catalog.services[sku.service]
            if service.baa_covered == "unverified" and service.id not in confirmed:
                yield Hit((cid,), f"{cid} handles PHI on {service.name}, whose BAA coverage is "
                                  "unverified: the provider's in-scope list does not show it",
                          severity="warning",
                          hint=f"Have the provider confirm in writing that {service.name} is "
                               "covered by the signed BAA, then list it in "
                               "policy.compliance.baa_scope_confirmed.")
            elif not service.baa_covered:
                yield Hit((cid,), f"{cid} handles PHI on {service.name}, which the provider's "
                                  "BAA does not cover")
                continue
            if service.id != OWN and service.id not in signed:
                yield Hit((cid,), f"{cid} handles PHI on {service.name}; {UNSIGNED} for "
                                  f"{service.id}")
