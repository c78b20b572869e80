"""Compliance: the clause -> rule -> status matrix, and every finding with its fix, references
and waiver."""

from __future__ import annotations

from collections import Counter
from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Spacer

from validators.docs import clause_key
from validators.registry import all_rules
from validators.report import Finding
from workbench.model.design import Waiver
from workbench.model.severity import SEVERITIES

from ..cells import linked
from ..styles import SEVERITY_COLOUR
from .base import E, Heading, P, StoryContext, table


def compliance_matrix(ctx: StoryContext) -> list[Flowable]:
    """Every HIPAA / HITRUST clause a rule checks, in clause order, with the rule's status."""
    findings = ctx.report.findings
    open_by_rule = Counter(f.rule for f in findings if not f.waived)
    waived_by_rule = Counter(f.rule for f in findings if f.waived)
    by_clause: dict[str, list[Any]] = {}
    for rule in all_rules():
        for clause in rule.clauses:
            by_clause.setdefault(clause, []).append(rule)
    rows = [["Clause", "Rule", "Checks", "Status"]]
    for clause in sorted(by_clause, key=clause_key):
        for rule in by_clause[clause]:
            status = f"{open_by_rule[rule.id]} open finding(s)" if open_by_rule[rule.id] else \
                (f"met ({waived_by_rule[rule.id]} waived)" if waived_by_rule[rule.id] else "met")
            if rule.survivable_domain_only:
                status += f" for each {ctx.design.requirements.survivable_failure_domain} loss"
            rows.append([clause, rule.id, rule.title, status])
    return [table(rows, [38 * mm, 18 * mm, ctx.width - 96 * mm, 40 * mm])]


def findings(ctx: StoryContext) -> list[Flowable]:
    """The findings by severity, each kept on one page."""
    report = ctx.report
    story: list[Flowable] = []
    if not report.findings:
        story.append(P("No findings: every rule passes."))
    waivers = {(w.rule, w.target): w for w in ctx.design.waivers}
    for severity in SEVERITIES:
        group = [f for f in report.findings if f.severity == severity]
        if not group:
            continue
        story.append(Heading(f"{severity.capitalize()}s ({len(group)})", 1))
        for f in group:
            story.append(KeepTogether([P("<br/>".join(_finding_lines(f, waivers)), "Small"),
                                       Spacer(1, 2 * mm)]))
    return story


def _finding_lines(f: Finding, waivers: dict[tuple[str, str], Waiver]) -> list[str]:
    colour = SEVERITY_COLOUR[f.severity].hexval()[2:]
    lines = [f"<font color='#{colour}'><b>{E(f.rule)}</b></font> "
             f"<b>{E(', '.join(f.targets) or 'design')}</b>"
             + (" <i>[waived]</i>" if f.waived else "") + f": {E(f.message)}",
             f"<i>Fix:</i> {E(f.hint)}"]
    if f.references:
        lines.append(f"<i>References:</i> {linked('; '.join(f.references))}")
    if f.waived:
        w = next((w for (r, t), w in waivers.items() if r == f.rule
                  and (t == "design" or t in f.targets)), None)
        if w is not None:
            lines.append(f"<i>Waiver:</i> {E(w.justification)} - approved by "
                         f"{E(w.approver)}, expires {E(w.expires)}")
    return lines
