"""Rule documentation generated from the rules' metadata (docs/rules.md, `ehrwb rules`)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from .rule import FAMILIES, Rule


def rule_json(rule: Rule) -> dict[str, Any]:
    return {
        "id": rule.id, "family": rule.family(), "title": rule.title,
        "severity": rule.severity, "levels": list(rule.levels()),
        "rationale": rule.rationale, "hint": rule.hint,
        "references": list(rule.references), "tags": list(rule.tags),
        "clauses": list(rule.clauses),
        "thresholds": dict(rule.thresholds),
        "threshold_notes": (type(rule).__doc__ or "").strip() or None,
    }


def rules_json(rules: Sequence[Rule]) -> list[dict[str, Any]]:
    return [rule_json(r) for r in rules]


def rules_markdown(rules: Sequence[Rule]) -> str:
    out = ["# Rules", "",
           "Generated from the rules' metadata by `ehrwb rules --format markdown`; do not edit "
           "by hand (a test fails when this file is stale).", "",
           "Severity is each rule's default; a design's `policy.rules` can disable a rule, "
           "override its severity and change its thresholds, e.g.", "",
           "```yaml", "policy:", "  rules:",
           "    THR-001: {severity: warning, thresholds: {headroom_pct: 70}}",
           "    PLC-004: {enabled: false}", "```", ""]
    for family, label in FAMILIES.items():
        members = [r for r in rules if r.family() == family]
        if not members:
            continue
        out += [f"## {family} - {label}", "", "| id | title | severity |", "|---|---|---|"]
        out += [f"| [{r.id}](#{r.id.lower()}) | {r.title} | {' / '.join(r.levels())} |"
                for r in members]
        out.append("")
        for r in members:
            out += [f"### {r.id}", "", f"**{r.title}** - {' / '.join(r.levels())}", "",
                    r.rationale, "", f"*Fix:* {r.hint}", ""]
            if r.clauses:
                out += ["*Clauses:* " + "; ".join(r.clauses), ""]
            if r.references:
                out += ["*References:* " + "; ".join(r.references), ""]
            if r.thresholds:
                items = ", ".join(f"`{k}` = {'from the design' if v is None else f'{v:g}'}"
                                  for k, v in r.thresholds.items())
                out += [f"*Thresholds:* {items}", ""]
                note = (type(r).__doc__ or "").strip()
                if note:
                    out += [note, ""]
            if r.tags:
                out += ["*Tags:* " + ", ".join(r.tags), ""]
    out += compliance_matrix(rules)
    return "\n".join(out).rstrip() + "\n"


def compliance_matrix(rules: Sequence[Rule]) -> list[str]:
    """Clause -> rules that check it, for the approval board and the auditors."""
    by_clause: dict[str, list[Rule]] = {}
    for r in rules:
        for clause in r.clauses:
            by_clause.setdefault(clause, []).append(r)
    out = ["## Compliance matrix", "",
           "Which rules check each HIPAA Security Rule (45 CFR 164) and HITRUST clause.", "",
           "| clause | rules |", "|---|---|"]
    for clause in sorted(by_clause, key=clause_key):
        cells = "; ".join(f"[{r.id}](#{r.id.lower()}) {r.title}" for r in by_clause[clause])
        out.append(f"| {clause} | {cells} |")
    return out + [""]


def clause_key(clause: str) -> tuple[str, str]:
    """How clauses sort, in rules.md and in the PDF's compliance matrix: by family (the word
    before the first space: HIPAA, HITRUST), then by the rest as text."""
    family, _, rest = clause.partition(" ")
    return family, rest
