"""Resilience: availability of the clinical path per tier, and every failure scenario with
what it serves, loses and how long it takes, with the recovery figures behind them."""

from __future__ import annotations

from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer

from catalogs import Catalog
from catalogs.models import Assumptions
from workbench.analysis.facts import DesignFacts
from workbench.analysis.scenarios import recovery_figures
from workbench.model import units

from .. import pdf_charts
from .base import E, Heading, P, StoryContext, table

RECOVERY_NAMES = {"sync_failover_rto_minutes": "Synchronous failover RTO",
                  "dr_promotion_rto_minutes": "DR promotion RTO",
                  "async_replication_lag_seconds": "Async replication lag (the RPO of a "
                                                   "promotion)"}


def resilience(ctx: StoryContext) -> list[Flowable]:
    """Availability against the target, single points of failure, the tiers behind the figure,
    and the failure scenarios."""
    analysis, req, width = ctx.analysis, ctx.design.requirements, ctx.width
    path = analysis.availability
    accepted = "".join(f" Accepted platform risk: <b>{E(r.component)}</b>, {E(r.reason)}."
                       for r in analysis.platform_redundant)
    rows: list[list[Any]] = [["Tier", "Instances", "Needed (k)", "Availability", "Deployment"]]
    for t in path.tiers:
        rows.append([t.tier, units.count(t.instances),
                     units.count(t.needed) if t.needed is not None else "mixed",
                     units.availability(100 * t.availability),
                     ", ".join(sorted({g.deployment for g in t.groups})) or "-"])
    return [P(f"Clinical path availability <b>{units.availability(100 * path.availability)}"
              f"</b> against a {units.availability(req.availability_target_pct)} target "
              f"({units.minutes(path.downtime_minutes_per_month)} of downtime a month). "
              f"Single points of failure: "
              f"{E(', '.join(analysis.single_points_of_failure) or 'none')}." + accepted),
            table(rows, [30 * mm, 22 * mm, 22 * mm, 30 * mm, width - 104 * mm]),
            Spacer(1, 4 * mm),
            pdf_charts.scenario_chart(analysis, width * 0.9),
            P("Served throughput after losing each zone and region.", "Caption"),
            Heading("Failure scenarios", 1),
            P("<b>Recovery figures the scenarios use</b><br/>" + "<br/>".join(
                f"{E(RECOVERY_NAMES[name])}: {E(text)}" for name, text in
                recovery_texts(analysis.facts, ctx.catalog).items()), "Small"),
            Spacer(1, 2 * mm),
            table(_scenario_rows(ctx), [55 * mm, 18 * mm, 17 * mm, 19 * mm, width - 109 * mm])]


def assumption_text(facts: DesignFacts, catalog: Catalog, name: str) -> str:
    """An assumption's value in its unit, and where it comes from when the design changes it:
    "1 h", "50 M GRefs/s", "45 min (design policy; catalog 1 h)"."""
    unit = Assumptions.range_of(name).unit
    q = facts.assumption(name)
    if q.basis.startswith("design policy"):
        assert catalog.assumptions is not None
        stated = getattr(catalog.assumptions, name).value
        return f"{units.figure(q.value, unit)} (design policy; catalog " \
               f"{units.figure(stated, unit)})"
    return units.figure(q.value, unit)


def recovery_texts(facts: DesignFacts, catalog: Catalog) -> dict[str, str]:
    """Each recovery assumption the scenarios read, with the components whose own figure is
    used in its place: "30 s (catalog); 20 s on odb-dr (design)" (a component stating the
    same figure changes nothing and is not named)."""
    out = {}
    for fig in recovery_figures(facts):
        text = assumption_text(facts, catalog, fig.assumption)
        unit = Assumptions.range_of(fig.assumption).unit
        own = [(cid, value) for cid, value in fig.overrides if value != fig.value.value]
        if own:
            text = (text if "(" in text else f"{text} (catalog)") + "".join(
                f"; {units.figure(value, unit)} on {cid} (design)" for cid, value in own)
        out[fig.assumption] = text
    return out


def _scenario_rows(ctx: StoryContext) -> list[list[Any]]:
    rows: list[list[Any]] = [["Scenario", "Served", "RPO", "RTO", "Fails over / breaks"]]
    for s in ctx.analysis.scenarios.scenarios:
        parts = ["; ".join(s.failover)] if s.failover else []
        if s.breaks:
            parts.append("BREAKS " + ", ".join(s.breaks))
        if s.reason:
            parts.append(s.reason)
        rows.append([s.label, units.served_share(s.served_pct),
                     units.minutes(s.rpo_minutes, none="lost"),
                     units.minutes(s.rto_minutes), " | ".join(parts) or "-"])
    return rows
