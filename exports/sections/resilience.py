"""Resilience: availability of the clinical path per tier, and every failure scenario with
what it serves, loses and how long it takes."""

from __future__ import annotations

from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer

from .. import charts
from .base import E, Heading, P, StoryContext, image, table


def resilience(ctx: StoryContext) -> list[Flowable]:
    """Availability against the target, single points of failure, the tiers behind the figure,
    and the failure scenarios."""
    analysis, req, width = ctx.analysis, ctx.design.requirements, ctx.width
    path = analysis.availability
    accepted = "".join(f" Accepted platform risk: <b>{E(r.component)}</b>, {E(r.reason)}."
                       for r in analysis.platform_redundant)
    rows: list[list[Any]] = [["Tier", "Instances", "Needed (k)", "Availability", "Deployment"]]
    for t in path.tiers:
        rows.append([t.tier, t.instances, t.needed if t.needed is not None else "mixed",
                     f"{100 * t.availability:.6f} %",
                     ", ".join(sorted({g.deployment for g in t.groups})) or "-"])
    return [P(f"Clinical path availability <b>{100 * path.availability:.4f} %</b> against a "
              f"{req.availability_target_pct:g} % target "
              f"({path.downtime_minutes_per_month:,.1f} minutes of downtime a month). "
              f"Single points of failure: "
              f"{E(', '.join(analysis.single_points_of_failure) or 'none')}." + accepted),
            table(rows, [30 * mm, 22 * mm, 22 * mm, 30 * mm, width - 104 * mm]),
            Spacer(1, 4 * mm),
            image(charts.png_bytes(charts.scenario_figure(analysis)), width * 0.9),
            P("Served throughput after losing each zone and region.", "Caption"),
            Heading("Failure scenarios", 1),
            table(_scenario_rows(ctx), [55 * mm, 15 * mm, 17 * mm, 19 * mm, width - 106 * mm])]


def _scenario_rows(ctx: StoryContext) -> list[list[Any]]:
    rows: list[list[Any]] = [["Scenario", "Served", "RPO", "RTO", "Fails over / breaks"]]
    for s in ctx.analysis.scenarios.scenarios:
        rpo = "lost" if s.rpo_minutes is None else f"{s.rpo_minutes:g} min"
        rto = "unbounded" if s.rto_minutes is None else f"{s.rto_minutes:g} min"
        parts = ["; ".join(s.failover)] if s.failover else []
        if s.breaks:
            parts.append("BREAKS " + ", ".join(s.breaks))
        if s.reason:
            parts.append(s.reason)
        rows.append([s.label, f"{s.served_pct:.0f} %", rpo, rto, " | ".join(parts) or "-"])
    return rows
