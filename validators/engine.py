"""One validation pass: build the analysis once, run every enabled rule on it, apply the
design's policy (disable, severity, thresholds) and waivers, and return one Report."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from catalogs import Catalog, suggest
from catalogs.errors import InputError, Problem
from catalogs.reading import gc_paused
from workbench.analysis.inventory import inventory
from workbench.analysis.run import Analysis, analyse
from workbench.model.canonical import fingerprint
from workbench.model.design import Design, Waiver
from workbench.model.severity import Severity
from workbench.model.signing import check_approvals

from .registry import all_rules
from .report import Finding, Report
from .rule import Rule, RuleContext
from .settings import Settings, selected

NO_SETTINGS = Settings()


def check_policy(design: Design, rules: Sequence[Rule]) -> list[Problem]:
    """Rule ids and threshold names in the policy and waivers must exist."""
    by_id = {r.id: r for r in rules}
    problems = []
    for rule_id, setting in design.policy.rules.items():
        rule = by_id.get(rule_id)
        if rule is None:
            problems.append(Problem(f"unknown rule '{rule_id}'{suggest(rule_id, by_id)}",
                                    path=f"policy.rules.{rule_id}"))
            continue
        for name in setting.thresholds:
            if name not in rule.thresholds:
                known = ", ".join(rule.thresholds) or "none"
                problems.append(Problem(f"{rule_id} has no threshold '{name}'"
                                        f"{suggest(name, rule.thresholds)} (thresholds: {known})",
                                        path=f"policy.rules.{rule_id}.thresholds.{name}"))
    for i, waiver in enumerate(design.waivers):
        if waiver.rule not in by_id:
            problems.append(Problem(f"unknown rule '{waiver.rule}'{suggest(waiver.rule, by_id)}",
                                    path=f"waivers[{i}].rule"))
    return problems


def waiver_in_force(waiver: Waiver, as_of: dt.date) -> bool:
    """A waiver hides its finding only when complete (DSN-005) and not expired (CMP-013) at
    the as-of date."""
    return bool(waiver.justification.strip() and waiver.approver.strip()
                and waiver.expires is not None and waiver.expires >= as_of)


def effective_setting(rule: Rule, design: Design,
                      settings: Settings) -> tuple[bool, Severity | None, dict[str, Any]]:
    """Whether ``rule`` runs, the severity it is given (None: its own) and its thresholds:
    the repository settings (selection, then their entry for the rule), then what the
    design's ``policy.rules`` states for it, which wins."""
    config = settings.rules.get(rule.id)
    stated = design.policy.rules.get(rule.id)
    given = stated.model_fields_set if stated is not None else set()
    enabled = selected(rule.id, settings.select, settings.ignore)
    if config is not None and config.enabled is not None:
        enabled = config.enabled
    if "enabled" in given:
        enabled = stated.enabled  # type: ignore[union-attr]
    severity = (stated.severity if stated is not None else None) \
        or (config.severity if config is not None else None)
    thresholds = {**rule.thresholds, **(config.thresholds if config else {}),
                  **(stated.thresholds if stated is not None else {})}
    return enabled, severity, thresholds  # type: ignore[return-value]


def run_rules(analysis: Analysis, rules: Sequence[Rule] | None = None,
              settings: Settings = NO_SETTINGS) -> list[Finding]:
    """Every enabled rule on ``analysis``, waivers judged at its as-of date."""
    design = analysis.design
    rules = all_rules() if rules is None else rules
    waivers = [w for w in design.waivers if waiver_in_force(w, analysis.facts.as_of)]
    findings: list[Finding] = []
    for rule in rules:
        enabled, stated_severity, thresholds = effective_setting(rule, design, settings)
        if not enabled:
            continue
        ctx = RuleContext(analysis, thresholds)
        for hit in rule.check(ctx):
            severity = stated_severity or hit.severity or rule.severity
            waiver = next((w for w in waivers if w.rule == rule.id
                           and (w.target == "design" or w.target in hit.targets)), None)
            findings.append(Finding(
                rule=rule.id, severity=severity, targets=hit.targets, message=hit.message,
                hint=hit.hint or rule.hint, references=(*rule.clauses, *rule.references),
                waived=waiver is not None,
                waiver_justification=waiver.justification if waiver else None))
    return findings


def _scenario_summary(analysis: Analysis) -> dict[str, object]:
    scenarios = analysis.scenarios
    return {"survivable_failure_domain": scenarios.survivable_domain,
            "count": len(scenarios.scenarios),
            "breaking": [s.id for s in scenarios.scenarios if s.breaks]}


def validate(design: Design, catalog: Catalog, source: str | None = None,
             as_of: dt.date | None = None, variant: str | None = None,
             settings: Settings = NO_SETTINGS, rules: Sequence[Rule] | None = None) -> Report:
    """The whole check of a design: the report the CLI prints and the app and PDF read.
    Waiver expiry, DR-test age and a missing base year are judged at ``as_of`` (default:
    today, read from :mod:`workbench.clock` now). ``variant`` names the variant of the design
    file that ``design`` is (workbench.model.variants.apply_variant), for the report to say.
    ``settings`` are the repository's (validators.settings), ``rules`` the built-in rules
    plus any user rules (default: the built-in ones)."""
    rules = all_rules() if rules is None else rules
    problems = check_policy(design, rules)
    if problems:
        raise InputError([Problem(p.message, source, path=p.path) for p in problems])
    with gc_paused():  # the analysis builds large acyclic graphs; see gc_paused
        analysis = analyse(design, catalog, as_of)
        findings = run_rules(analysis, rules, settings)
        metrics = {**inventory(design, catalog), "capacity": analysis.capacity.to_json(),
                   "availability": analysis.availability.to_json(),
                   "resilience": {
                       "single_points_of_failure": analysis.single_points_of_failure,
                       "platform_redundant": [r.to_json() for r in analysis.platform_redundant],
                       "redundancy_groups": [g.to_json() for g in analysis.redundancy_groups],
                       "scenarios": _scenario_summary(analysis)},
                   "phi": analysis.phi.to_json(),
                   "sizing": analysis.facts.sizing_summary(),
                   "cost": analysis.cost.to_json()}
        return Report(design_name=design.metadata.name, fingerprint=fingerprint(design),
                      findings=findings, metrics=metrics, source=source, analysis=analysis,
                      as_of=analysis.facts.as_of, variant=variant,
                      approvals=check_approvals(design))
