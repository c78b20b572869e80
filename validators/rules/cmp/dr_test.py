from __future__ import annotations

from collections.abc import Iterable

from validators.rule import Hit, Rule, RuleContext


class DrTestAndCriticality(Rule):
    id = "CMP-009"
    title = "DR tested within the last year and a criticality analysis recorded"
    rationale = ("A DR plan nobody has run is a hope; HIPAA asks that the contingency plan be "
                 "tested and revised and the applications ranked by criticality, without a "
                 "period: the twelve months is organisational policy (HITRUST CSF 12.e asks for "
                 "regular tests), which a design's policy can change.")
    hint = "Record policy.compliance.last_dr_test and criticality_analysis dates."
    references = ("organisation policy: DR test interval (default twelve months)",)
    clauses = ("HIPAA 164.308(a)(7)(ii)(D)", "HIPAA 164.308(a)(7)(ii)(E)", "HITRUST 12.e")
    severity = "warning"
    tags = ("compliance", "hipaa", "contingency")
    thresholds = {"max_months": 12}

    def check(self, ctx: RuleContext) -> Iterable[Hit]:
        record = ctx.design.policy.compliance
        months = ctx.threshold("max_months", 12)
        as_of = ctx.facts.as_of
        if record.last_dr_test is None:
            yield Hit((), "no DR test is recorded")
        else:
            age = (as_of - record.last_dr_test).days / 30.4375
            if age > months:
                yield Hit((), f"the last DR test ({record.last_dr_test}) is {age:.0f} months "
                              f"old on {as_of} (policy limit {months:g})")
        if record.criticality_analysis is None:
            yield Hit((), "no criticality analysis is recorded")


