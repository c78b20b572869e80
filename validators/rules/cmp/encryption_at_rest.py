from __future__ import annotations

from collections.abc import Iterable

from validators.rule import Hit, Rule, RuleContext


class EncryptionAtRest(Rule):
    id = "CMP-001"
    title = "Encryption at rest on every component that stores PHI"
    rationale = ("PHI at rest must be encrypted (an addressable specification the 2025 proposed "
                 "rule makes mandatory); PHI follows the graph, so backup targets and replicas "
                 "that receive it count too.")
    hint = "Set security.encryption_at_rest (customer-managed keys for the ODB)."
    references = ("PHI flow: roles, overrides and persisting links (ehrwb validate --format json,"
                  " metrics.phi)",)
    clauses = ("HIPAA 164.312(a)(2)(iv)",)
    severity = "error"
    tags = ("compliance", "hipaa", "encryption")

    def check(self, ctx: RuleContext) -> Iterable[Hit]:
        for cid, why in ctx.analysis.phi.stores.items():
            if ctx.facts.components[cid].security.encryption_at_rest == "none":
                yield Hit((cid,), f"{cid} stores PHI ({why}) without encryption at rest")
