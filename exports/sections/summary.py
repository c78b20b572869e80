"""The overview: the verdict with the measures it rests on, and the topology drawing."""

from __future__ import annotations

from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import Flowable

from ..diagram import legend_drawing, topology_drawing
from .base import E, P, StoryContext, num, table


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
    within = analysis.scenarios.within_domain()
    worst_rpo = max((s.rpo_minutes for s in within if s.rpo_minutes is not None), default=0.0)
    worst_rto = max((s.rto_minutes for s in within if s.rto_minutes is not None), default=0.0)
    unbounded = any(s.rto_minutes is None or s.rpo_minutes is None for s in within)
    spofs = analysis.single_points_of_failure
    accepted = "".join(f"; accepted platform risk: {E(r.component)} (SLA "
                       f"{'-' if r.sla_pct is None else f'{r.sla_pct:g}'} %)"
                       for r in analysis.platform_redundant)
    return [
        ["Measure", "Design", "Requirement / limit", "Status"],
        ["Peak demand vs database capacity",
         f"{num(db.demand)} of {num(db.judged)} GRefs/s (low end; expected {num(db.capacity)})",
         f"utilization <= {db.headroom_limit_pct:g} %", f"{db.utilization_pct:.1f} %"],
        ["Headroom left", f"{db.headroom_pct:.1f} points", "", ""],
        ["Served through the topology", f"{num(flow.served)} GRefs/s",
         f"{num(flow.demand)} GRefs/s", "met" if not flow.bottleneck else "SHORT"],
        ["Clinical path availability", f"{availability:.4f} %",
         f"{req.availability_target_pct:g} %",
         "met" if availability >= req.availability_target_pct else "BELOW"],
        ["Survivable failure domain", req.survivable_failure_domain, f"{len(within)} scenarios",
         "all survived" if not any(s.breaks for s in within) else "SOME BREAK"],
        ["Single points of failure", E(", ".join(spofs) or "none") + accepted, "none",
         "PRESENT" if spofs else "met"],
        ["Worst RPO / RTO in that domain",
         "unbounded" if unbounded else f"{worst_rpo:g} / {worst_rto:g} min",
         f"{req.rpo_minutes:g} / {req.rto_minutes:g} min", ""],
        ["Findings", f"{summary['error']} errors, {summary['warning']} warnings, "
         f"{summary['info']} info", f"{summary['waived']} waived", ""]]


def topology(ctx: StoryContext) -> list[Flowable]:
    """The drawing of regions, zones, components and links, its caption and its legend."""
    return [topology_drawing(ctx.design, ctx.catalog, ctx.width, ctx.height - 60 * mm),
            P("Regions and zones as frames; components in their zone (or region when "
              "zoneless or spread over zones); sites on top. Dedicated compute: solid double "
              "border and filled mark; shared: dashed border and open mark. Red links carry "
              "PHI unencrypted.", "Caption"),
            legend_drawing(ctx.width)]
