"""Capacity: demand against each tier's capacity band, the charts, and how each figure was
computed."""

from __future__ import annotations

from typing import Any, cast

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer

from .. import charts
from .base import E, Heading, P, StoryContext, image, num, table

SIZING_NAMES = {"peak_grefs": "peak GRefs/s", "journal_mb_s": "journal rate",
                "odb_iops": "ODB storage IOPS (read IOPS + write burst / 45)"}


def capacity(ctx: StoryContext) -> list[Flowable]:
    """Per tier: demand, capacity band, utilization, runway, served flow and bottleneck."""
    analysis, req, width = ctx.analysis, ctx.design.requirements, ctx.width
    rows: list[list[Any]] = [["Tier", "Demand", "Capacity low / expected / high", "Utilization",
                              "Runs out", "Served", "Bottleneck"]]
    for t in analysis.capacity.tiers.values():
        unit = "users" if t.unit == "concurrent users" else "GRefs/s"
        rows.append([t.tier, f"{num(t.demand)} {unit}",
                     f"{num(t.judged)} / {num(t.capacity)} / {num(t.high or t.capacity)} {unit}",
                     f"{t.utilization_pct:.1f} %", t.runway_year or "-",
                     num(t.served or 0), ", ".join(t.bottleneck) or "-"])
    return [table(rows, [22 * mm, 26 * mm, 44 * mm, 20 * mm, 16 * mm, 20 * mm,
                         width - 148 * mm]),
            Spacer(1, 4 * mm),
            image(charts.png_bytes(charts.utilization_figure(analysis)), width * 0.9),
            P("Utilization at peak per tier, against the low end of its capacity band (the "
              "verdicts are judged there); the dashed line is the headroom limit.", "Caption"),
            image(charts.png_bytes(charts.runway_figure(analysis)), width * 0.9),
            P(f"Demand growing {req.annual_growth_pct:g} % a year over the "
              f"{req.planning_horizon_years}-year horizon, as a share of each tier's "
              "capacity.", "Caption"),
            Heading("How capacity was computed", 1),
            *_how_computed(ctx)]


def _how_computed(ctx: StoryContext) -> list[Flowable]:
    """Which sizing figures came from a published guide, which did not, and each tier's basis."""
    sizing = ctx.analysis.facts.sizing_summary()
    guide = sizing["guide"]
    from_guide = cast("dict[str, float]", sizing["from_guide"])
    rest = cast("dict[str, str]", sizing["estimated_or_stated"])
    out: list[Flowable] = []
    if isinstance(guide, dict):
        out.append(P(f"<b>Sizing figures from</b> {E(str(guide['source']))} "
                     f"({E(str(guide['date']))}): "
                     + E(", ".join(SIZING_NAMES[k] for k in from_guide)) + ".", "Small"))
    if rest:
        out.append(P("<b>Not from a guide</b>: " + E("; ".join(
            f"{SIZING_NAMES[k]}: {v}" for k, v in rest.items())) + ".", "Small"))
    for t in ctx.analysis.capacity.tiers.values():
        band = f". <i>Band</i>: {E(t.band_reason)}" if t.band_reason \
            and t.judged != (t.high or t.capacity) else ""
        out.append(P(f"<b>{E(t.tier)}</b>: " + E("; ".join(t.basis)) + band, "Small"))
    return out
