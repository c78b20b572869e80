from __future__ import annotations

from collections.abc import Iterable

from validators.rule import Hit, Rule, RuleContext


class RecoveryTargets(Rule):
    id = "RED-010"
    title = ("RPO and RTO within the design's targets after losing one element of the "
             "survivable failure domain")
    rationale = ("Synchronous failover loses nothing and takes minutes; promoting the async DR "
                 "member loses the journal not yet shipped and takes longer; restoring from "
                 "backup loses a backup interval. Each must fit the RPO and RTO the hospital "
                 "committed to.")
    hint = "Shorten recovery: automatic failover with an arbiter, lower replication lag, or a " \
           "DR member that can be promoted faster."
    references = ("failure scenarios (ehrwb scenarios)",)
    clauses = ("HIPAA 164.308(a)(7)",)
    severity = "error"
    tags = ("redundancy", "recovery")
    survivable_domain_only = True

    def check(self, ctx: RuleContext) -> Iterable[Hit]:
        req = ctx.design.requirements
        for s in ctx.analysis.scenarios.within_domain():
            problems = []
            if "rpo" in s.breaks:
                problems.append("data cannot be recovered" if s.rpo_minutes is None else
                                f"RPO {s.rpo_minutes:g} min > {req.rpo_minutes:g} min")
            if "rto" in s.breaks:
                problems.append("service does not come back without repair"
                                if s.rto_minutes is None else
                                f"RTO {s.rto_minutes:g} min > {req.rto_minutes:g} min")
            if problems:
                yield Hit((s.target,), f"after losing {s.target}: " + "; ".join(problems))
