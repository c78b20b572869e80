from __future__ import annotations

from collections.abc import Iterable

from validators.rule import Hit, Rule, RuleContext


class EncryptionInTransit(Rule):
    id = "CMP-002"
    title = "Encryption in transit on every link that carries PHI"
    rationale = ("PHI crossing a network must be encrypted: site links, ECP, mirror and backup "
                 "links alike, private circuits included.")
    hint = "Enable TLS (ECP, mirror), IPsec or MACsec on the link and set encrypted: true."
    clauses = ("HIPAA 164.312(e)(1)", "HIPAA 164.312(e)(2)(ii)")
    severity = "error"
    tags = ("compliance", "hipaa", "encryption")

    def check(self, ctx: RuleContext) -> Iterable[Hit]:
        for lid, why in ctx.analysis.phi.carries.items():
            if not ctx.facts.links[lid].encrypted:
                yield Hit((lid,), f"link {lid} carries PHI ({why}) unencrypted")
