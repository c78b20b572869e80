from __future__ import annotations

from collections.abc import Iterable

from validators.rule import Hit, Rule, RuleContext


class IntegrityControls(Rule):
    id = "CMP-012"
    title = "Integrity controls on PHI stores and backups"
    rationale = ("PHI must be protected from improper alteration or destruction: checksums, "
                 "immutable or write-once backups.")
    hint = "Enable security.integrity_controls (block checksums, immutable backup storage)."
    clauses = ("HIPAA 164.312(c)(1)",)
    severity = "warning"
    tags = ("compliance", "hipaa", "integrity")

    def check(self, ctx: RuleContext) -> Iterable[Hit]:
        for cid in ctx.analysis.phi.stores:
            if not ctx.facts.components[cid].security.integrity_controls:
                yield Hit((cid,), f"{cid} stores PHI without integrity controls")
