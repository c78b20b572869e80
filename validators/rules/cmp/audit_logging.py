from __future__ import annotations

from collections.abc import Iterable

from validators.rule import Hit, Rule, RuleContext


class AuditLogging(Rule):
    id = "CMP-003"
    title = "Audit logging on every PHI-bearing component, shipped to a log store"
    rationale = ("Activity on systems holding PHI must be recorded and examined; logs kept only "
                 "on the host are lost or altered with it.")
    hint = "Turn on security.audit_logging and point security.log_store at a log-store " \
           "component."
    clauses = ("HIPAA 164.312(b)",)
    severity = "error"
    tags = ("compliance", "hipaa", "audit")

    def check(self, ctx: RuleContext) -> Iterable[Hit]:
        facts = ctx.facts
        for cid in ctx.analysis.phi.stores:
            sec = facts.components[cid].security
            if not sec.audit_logging:
                yield Hit((cid,), f"{cid} stores PHI with audit logging off")
            elif sec.log_store is None:
                if facts.components[cid].role != "log-store":  # a log store keeps its own
                    yield Hit((cid,), f"{cid} keeps its audit logs on the host (no log_store)")
            elif facts.components[sec.log_store].role != "log-store":
                yield Hit((cid,), f"{cid} ships audit logs to {sec.log_store}, which is not a "
                                  "log store")
