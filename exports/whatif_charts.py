"""Charts of a failure scenario beside normal operation, and charts drawn at any size.

The same house style as :mod:`exports.charts` (Agg ``Figure`` objects, never pyplot, never a
Qt backend, one drawing at a time): utilization per tier normal and after the failure as
paired bars with the headroom limit, and demand growth against each tier's capacity after the
failure with the year it crosses the limit. :func:`sized_png` draws any chart at a given size
in pixels, so that a window can draw its charts at the size it shows them.
"""

from __future__ import annotations

import math
from collections.abc import Callable

from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from workbench.analysis.after_failure import TierAfterFailure
from workbench.analysis.capacity import TierCapacity
from workbench.analysis.run import Analysis
from workbench.model import units

from .charts import (
    INK,
    LIMIT,
    MUTED,
    TIER_COLOUR,
    _axes,
    _finished,
    _one_at_a_time,
    png_bytes,
    visible,
)

CAP = 200.0  # utilization drawn at most this far (no capacity left: a full bar)


def _shown(tier: TierCapacity) -> float:
    util = tier.utilization_pct
    return CAP if math.isinf(util) else min(util, CAP)


@_one_at_a_time
def utilization_after_figure(tiers: list[TierAfterFailure], label: str) -> Figure:
    """Utilization at peak per tier: normal (pale) and after the failure (hatched) side by
    side, the headroom limit as a line, each after-failure bar naming the year demand crosses
    the limit and the year it runs out under the failure."""
    ax = _axes(2.4)
    n = len(tiers)
    height = 0.38
    normal = [_shown(t.normal) for t in tiers]
    after = [_shown(t.after) for t in tiers]
    xmax = max(110.0, max(normal + after, default=0) + 35)
    colours = [TIER_COLOUR.get(t.tier, MUTED) for t in tiers]
    ys = list(range(n))
    ax.barh([y - height / 2 for y in ys], visible(normal, xmax), height, color=colours,
            alpha=0.35, edgecolor=INK, linewidth=0.5, label="normal")
    bars = ax.barh([y + height / 2 for y in ys], visible(after, xmax), height, color=colours,
                   hatch="//", edgecolor=INK, linewidth=0.6, label="after the failure")
    limit = tiers[0].normal.headroom_limit_pct if tiers else 75.0
    ax.axvline(limit, color=LIMIT, linestyle="--", linewidth=1.2)
    ax.axvline(100, color=INK, linewidth=0.8)
    for y, t, value in zip(ys, tiers, normal, strict=True):
        ax.text(value + 1.5, y - height / 2, units.percent(t.normal.utilization_pct),
                va="center", fontsize=7, color=MUTED)
    for bar, t in zip(bars, tiers, strict=True):
        a = t.after
        year = f", limit {a.headroom_year}" if a.headroom_year else ""
        ax.text(bar.get_width() + 1.5, bar.get_y() + bar.get_height() / 2,
                units.percent(a.utilization_pct) + year, va="center", fontsize=7,
                color=LIMIT if a.utilization_pct > limit else INK)
    ax.set_yticks(ys, [t.tier for t in tiers])
    ax.set_xlim(0, xmax)
    ax.set_xlabel(f"utilization at peak (%), headroom limit {limit:g} %", fontsize=8)
    ax.set_title(f"what if: {label}", fontsize=8, loc="left", color=INK, pad=14)
    ax.tick_params(labelsize=8)
    ax.legend(fontsize=7, frameon=False, loc="lower left", bbox_to_anchor=(0, 0.98), ncols=2,
              borderaxespad=0, handlelength=1.4)
    ax.invert_yaxis()
    return _finished(ax)


@_one_at_a_time
def runway_after_figure(analysis: Analysis, tiers: list[TierAfterFailure]) -> Figure:
    """Demand growing over the planning horizon as % of each tier's capacity: normal (thin)
    and after the failure (thick), the year each crosses the headroom limit after the failure
    marked."""
    req = analysis.design.requirements
    base = int(analysis.capacity.base_year.value)
    years = list(range(base, base + req.planning_horizon_years + 1))
    rate = 1 + req.annual_growth_pct / 100
    ax = _axes(2.6)
    top = 110.0
    gone = []
    ax.plot([], [], color=MUTED, linewidth=0.9, label="thin: normal, thick: failure")
    for t in tiers:
        colour = TIER_COLOUR.get(t.tier, MUTED)
        for tier, width, alpha, name in ((t.normal, 0.9, 0.45, None),
                                         (t.after, 2.0, 1.0, t.tier)):
            if tier.judged <= 0:
                if name:
                    gone.append(t.tier)
                continue
            ys = [100 * tier.demand * rate ** (y - base) / tier.judged for y in years]
            top = max(top, max(ys) * 1.05)
            ax.plot(years, ys, color=colour, linewidth=width, alpha=alpha, label=name)
            crossing = t.after.headroom_year
            if name and crossing is not None and crossing in years:
                i = years.index(crossing)
                ax.plot([crossing], [ys[i]], "o", color=LIMIT, markersize=4)
    ax.axhline(100, color=INK, linewidth=0.9)
    ax.axhline(req.headroom_limit_pct, color=LIMIT, linestyle="--", linewidth=1.0)
    ax.text(years[0], req.headroom_limit_pct, f" limit {req.headroom_limit_pct:g} %",
            fontsize=7, color=LIMIT, va="bottom")
    if gone:
        ax.text(years[-1], 102, f"no capacity left: {', '.join(gone)} ", fontsize=7,
                color=LIMIT, va="bottom", ha="right")
    ax.set_ylim(0, min(top, 4 * CAP))
    ax.set_ylabel("demand / capacity (%)", fontsize=8)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))  # as many years as fit
    ax.tick_params(labelsize=8)
    ax.legend(fontsize=7, frameon=False, loc="lower left", bbox_to_anchor=(0, 1), ncols=2,
              borderaxespad=0, handlelength=1.4)
    return _finished(ax)


@_one_at_a_time
def sized_png(make: Callable[[], Figure], width_px: int, height_px: int, dpi: int) -> bytes:
    """PNG of the chart ``make`` draws, laid out again at ``width_px`` x ``height_px``."""
    fig = make()
    # a quarter pixel over: matplotlib before 3.9 truncates the size in pixels (447.999... ->
    # 447), later versions round it; either way this gives exactly width_px x height_px
    fig.set_size_inches((width_px + 0.25) / dpi, (height_px + 0.25) / dpi)
    fig.tight_layout()
    return png_bytes(fig, dpi)
