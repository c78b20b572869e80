"""The overview: the verdict with the measures it rests on."""

from __future__ import annotations

from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import Flowable

from workbench.model import units

from .base import E, P, StoryContext, num, table
from .board import availability_words, headroom_words, missed, tightest_tier


def executive_summary(ctx: StoryContext) -> list[Flowable]:
    """Approvable or not, and each measure against its requirement."""
    summary = ctx.report.summary()
    verdict = "APPROVABLE: no open errors" if summary["error"] == 0 else \
        f"NOT APPROVABLE: {summary['error']} open error(s)"
    return [P(E(verdict), "Verdict"),
            table(_measures(ctx, summary), [55 * mm, 45 * mm, 40 * mm, ctx.width - 140 * mm])]


def _measures(ctx: StoryContext, summary: dict[str, int]) -> list[list[Any]]:
    analysis, req = ctx.analysis, ctx.design.requirements
    db = analysis.capacity.tiers["database"]
    flow = analysis.capacity.flow
    availability = 100 * analysis.availability.availability
    spofs = analysis.single_points_of_failure
    accepted = "".join(f"; accepted platform risk: {E(r.component)} (SLA "
                       f"{'-' if r.sla_pct is None else f'{r.sla_pct:g}'} %)"
                       for r in analysis.platform_redundant)
    within = analysis.scenarios.within_domain()
    return [
        ["Measure", "Design", "Requirement / limit", "Status"],
        ["Peak demand vs database capacity",
         f"{num(db.demand)} of {num(db.judged)} GRefs/s (low end; expected {num(db.capacity)})",
         f"utilization <= {db.headroom_limit_pct:g} %", f"{db.utilization_pct:.1f} %"],
        _headroom_row(ctx),
        ["Served through the topology", f"{num(flow.served)} GRefs/s",
         f"{num(flow.demand)} GRefs/s", "met" if not flow.bottleneck else "SHORT"],
        ["Clinical path availability", availability_words(ctx),
         f"{req.availability_target_pct:g} %",
         "met" if availability >= req.availability_target_pct else "BELOW"],
        ["Survivable failure domain", req.survivable_failure_domain, f"{len(within)} scenarios",
         "all survived" if not any(s.breaks for s in within) else "SOME BREAK"],
        ["Single points of failure", E(", ".join(spofs) or "none") + accepted, "none",
         "PRESENT" if spofs else "met"],
        _recovery_row(ctx),
        ["Findings", f"{summary['error']} errors, {summary['warning']} warnings, "
         f"{summary['info']} info", f"{summary['waived']} waived", ""]]


def _headroom_row(ctx: StoryContext) -> list[Any]:
    """Headroom of the tightest tier (the least left), not the database's alone."""
    tier = tightest_tier(ctx)
    if tier is None:
        return ["Headroom left (tightest tier)", "no clinical tier", "", ""]
    year = tier.headroom_year
    breach = "" if year is None or tier.headroom_pct < 0 else f"; crosses the limit in {year}"
    return [f"Headroom left (tightest tier: {tier.tier})", headroom_words(tier) + breach,
            f"utilization <= {tier.headroom_limit_pct:g} %",
            "met" if tier.headroom_pct >= 0 else "OVER LIMIT"]


def _recovery_row(ctx: StoryContext) -> list[Any]:
    """The worst RPO and RTO of the scenarios the design must survive, MISSED when either is
    beyond its target (or unbounded)."""
    req = ctx.design.requirements
    worst_rpo, worst_rto = ctx.analysis.scenarios.worst_recovery()
    shown = " / ".join(units.minutes(v) for v in (worst_rpo, worst_rto))
    missed_what = [name for name, value, limit in (("RPO", worst_rpo, req.rpo_minutes),
                                                   ("RTO", worst_rto, req.rto_minutes))
                   if missed(value, limit)]
    return ["Worst RPO / RTO in that domain", shown,
            f"{units.minutes(req.rpo_minutes)} / {units.minutes(req.rto_minutes)}",
            f"MISSED ({', '.join(missed_what)})" if missed_what else "met"]

