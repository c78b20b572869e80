from __future__ import annotations

from collections.abc import Iterable

from validators.rule import Hit, Rule, RuleContext
from workbench.analysis.facts import ODB_PRODUCTION


class BackupProtection(Rule):
    id = "CMP-008"
    title = "Backups encrypted and kept in a remote location"
    rationale = ("Backup copies hold all the PHI; they must be encrypted, and at least one must "
                 "sit away from production so that a site or region loss leaves one.")
    hint = "Encrypt the backup targets and backup policies; add a backup target in another " \
           "region or site."
    clauses = ("HITRUST 09.l", "HIPAA 164.310(d)(2)(iv)")
    severity = "error"
    tags = ("compliance", "hitrust", "backup")

    def check(self, ctx: RuleContext) -> Iterable[Hit]:
        facts = ctx.facts
        targets = facts.with_role("backup-target")
        for t in targets:
            if t.security.encryption_at_rest == "none":
                yield Hit((t.id,), f"backup target {t.id} is not encrypted")
        for comp in ctx.design.components:
            policy = comp.security.backup_policy
            if policy is not None and not policy.encrypted:
                yield Hit((comp.id,), f"{comp.id}'s backup policy does not encrypt backups")
        prod = facts.with_role(ODB_PRODUCTION)
        if prod and targets:
            home = {c.placement.region for c in prod}
            if all(t.placement.region in home for t in targets):
                yield Hit(tuple(t.id for t in targets), "every backup target is in the "
                                                        "production region")
