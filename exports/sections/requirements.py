"""Scope, requirements and constraints in one place: every figure the design is judged
against, where it came from, and the policy the rules run under."""

from __future__ import annotations

from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import Flowable

from workbench.model.design import RuleSetting

from .base import E, Heading, P, StoryContext, num, table
from .board import plural


def requirements_and_constraints(ctx: StoryContext) -> list[Flowable]:
    """The scope, the requirements table and the policy table."""
    widths = [50 * mm, 50 * mm, ctx.width - 100 * mm]
    return [P(_scope(ctx)),
            table([["Requirement", "Value", "Where it comes from"], *_requirements(ctx)],
                  widths),
            Heading("Policy and constraints", 1),
            table([["Constraint", "Value", "Note"], *_policy(ctx)], widths)]


def _scope(ctx: StoryContext) -> str:
    design, m = ctx.design, ctx.report.metrics
    regions = "; ".join(f"{E(r.name or r.id)} ({E(r.catalog_region)})"
                        for r in design.placement.regions) or "none"
    sites = ", ".join(E(s.name or s.id) for s in design.placement.sites) or "none"
    return (f"<b>Scope.</b> {plural(m['components'], 'component')} "
            f"({m['instances']:,} instances: {m['dedicated_instances']:,} dedicated, "
            f"{m['shared_instances']:,} shared) and {plural(m['links'], 'link')} in "
            f"{plural(m['regions'], 'region')} with {plural(m['zones'], 'zone')}: {regions}. "
            f"Sites served ({m['sites']}): {sites}.")


def _requirements(ctx: StoryContext) -> list[list[Any]]:
    req, facts = ctx.design.requirements, ctx.analysis.facts
    base_year = ctx.analysis.capacity.base_year
    base = int(base_year.value)
    allowed_down = (1 - req.availability_target_pct / 100) * 30 * 24 * 60
    sites = sorted({s.jurisdiction for s in ctx.design.placement.sites})
    rows: list[list[Any]] = [
        ["Peak demand at the production ODB", f"{num(facts.peak_grefs.value)} GRefs/s",
         facts.peak_grefs.basis],
        ["Concurrent clinical users at peak", f"{req.concurrent_users:,}",
         "requirements.concurrent_users"],
        ["Production ODB size", f"{req.odb_size_tb:g} TB", "requirements.odb_size_tb"],
        ["Peak journal write rate", f"{facts.journal_mb_s.value:,.1f} MB/s",
         facts.journal_mb_s.basis],
        ["Annual growth", f"{req.annual_growth_pct:g} % a year", "requirements.annual_growth_pct"],
        ["Planning horizon", f"{req.planning_horizon_years} years: {base} to "
         f"{base + req.planning_horizon_years}", f"base year: {base_year.basis}"],
        ["Headroom limit", f"{req.headroom_limit_pct:g} % utilization at peak",
         "the highest utilization a tier may run at (low end of its capacity band)"],
        ["Availability target", f"{req.availability_target_pct:g} %",
         f"at most {allowed_down:,.1f} minutes of downtime a month"],
        ["RPO / RTO", f"{req.rpo_minutes:g} / {req.rto_minutes:g} min",
         "for every loss inside the survivable failure domain"],
        ["Survivable failure domain", req.survivable_failure_domain,
         "the loss of one such element must leave peak served within RPO / RTO"],
        ["Allowed jurisdictions", ", ".join(req.allowed_jurisdictions) or "none stated",
         f"sites are in: {', '.join(sites) or 'no sites'}"],
    ]
    sizing = req.sizing
    if sizing is not None:
        servers = ", ".join(f"{role} {n}" for role, n in sizing.servers.items()) or "none"
        rows += [["Hardware Configuration Guide", f"dated {sizing.date.isoformat()}",
                  sizing.source],
                 ["Servers the guide calls for", servers, "requirements.sizing.servers"]]
    else:
        rows.append(["Hardware Configuration Guide", "none", "figures are the catalog's "
                     "estimates until the guide's are entered (requirements.sizing)"])
    return rows


def _policy(ctx: StoryContext) -> list[list[Any]]:
    policy = ctx.design.policy
    record = policy.compliance
    settings = "; ".join(_rule_setting(rule, s) for rule, s in policy.rules.items())
    assumptions = ", ".join(f"{name} = {value:g}" for name, value in policy.assumptions.items())
    return [
        ["Rule settings", settings or "none", "every other rule runs at its default severity "
         "and thresholds"],
        ["Assumption overrides", assumptions or "none", "catalog assumptions replaced by the "
         "design (ehrwb catalog lists them)"],
        ["Last DR test", record.last_dr_test or "not recorded", "CMP-009"],
        ["Criticality analysis", record.criticality_analysis or "not recorded",
         "HIPAA 164.308(a)(7)(ii)(E)"],
        ["Emergency access procedure", record.emergency_access_procedure or "not recorded",
         "break-glass access"],
        ["Business associate agreements",
         ", ".join(record.business_associate_agreements) or "none", "signed BAAs by service"],
        ["BAA scope confirmed in writing", ", ".join(record.baa_scope_confirmed) or "none",
         "services the catalog marks unverified that the provider confirmed"],
    ]


def _rule_setting(rule: str, setting: RuleSetting) -> str:
    parts = [] if setting.enabled else ["disabled"]
    if setting.severity:
        parts.append(f"severity {setting.severity}")
    parts += [f"{name} = {value}" for name, value in setting.thresholds.items()]
    return f"{rule}: {', '.join(parts) or 'as default'}"
