"""Charts of an analysis: matplotlib ``Figure`` objects on the Agg backend (never pyplot, never
a Qt backend). The PDF embeds them as PNG; the desktop app draws the same figures on a worker
thread and shows them as images."""

from __future__ import annotations

import functools
import io
import math
import threading
from collections.abc import Callable
from typing import Any, TypeVar

from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from workbench.analysis.run import Analysis
from workbench.model import units

# matplotlib is not thread-safe (its font cache above all): the window draws its charts on a
# worker thread while an export may draw the PDF's on another; two at once hung both threads
_LOCK = threading.RLock()
_F = TypeVar("_F", bound=Callable[..., Any])


def _one_at_a_time(func: _F) -> _F:
    @functools.wraps(func)
    def locked(*args: Any, **kwargs: Any) -> Any:
        with _LOCK:
            return func(*args, **kwargs)
    return locked  # type: ignore[return-value]


INK, MUTED, LIMIT = "#1d2733", "#8c959f", "#b03a2e"
TIER_COLOUR = {"database": "#b5533c", "application": "#8a6bb8", "presentation": "#3f8f6b"}


def _axes(height: float) -> Axes:
    """One plot on a new Agg figure, page-wide and ``height`` inches tall."""
    fig = Figure(figsize=(6.4, height), dpi=100)
    FigureCanvasAgg(fig)
    return fig.add_subplot(1, 1, 1)


def _finished(ax: Axes) -> Figure:
    """The house style applied: no top and right frame, tight margins."""
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    fig = ax.get_figure()
    assert isinstance(fig, Figure)
    fig.tight_layout()
    return fig


def visible(values: list[float], xmax: float) -> list[float]:
    """Bar lengths with a stub (1 % of the axis) for a bar of zero, which would not show."""
    stub = 0.01 * xmax
    return [max(v, stub) for v in values]


@_one_at_a_time
def utilization_figure(analysis: Analysis) -> Figure:
    """Utilization at peak per tier, with the headroom limit as a line."""
    tiers = list(analysis.capacity.tiers.values())
    ax = _axes(2.4)
    names = [t.tier for t in tiers]
    values = [min(t.utilization_pct, 200.0) if not math.isinf(t.utilization_pct) else 200.0
              for t in tiers]
    xmax = max(110.0, max(values, default=0) + 20)
    bars = ax.barh(names, visible(values, xmax),
                   color=[TIER_COLOUR.get(n, MUTED) for n in names],
                   hatch=["", "//", ".."][: len(names)] if len(names) <= 3 else None,
                   edgecolor=INK, linewidth=0.6)
    limit = tiers[0].headroom_limit_pct if tiers else 75.0
    ax.axvline(limit, color=LIMIT, linestyle="--", linewidth=1.2)
    ax.text(limit, len(names) - 0.45, f" headroom limit {limit:g} %", color=LIMIT, fontsize=7,
            va="bottom")
    ax.axvline(100, color=INK, linewidth=0.8)
    for bar, t in zip(bars, tiers, strict=True):  # one bar per tier
        ax.text(bar.get_width() + 1.5, bar.get_y() + bar.get_height() / 2,
                units.percent(t.utilization_pct), va="center", fontsize=7, color=INK)
    ax.set_xlim(0, xmax)
    ax.set_xlabel("utilization at peak (%)", fontsize=8)
    ax.tick_params(labelsize=8)
    ax.invert_yaxis()
    return _finished(ax)


@_one_at_a_time
def runway_figure(analysis: Analysis) -> Figure:
    """Demand growing over the planning horizon against each tier's capacity, as % of capacity."""
    req = analysis.design.requirements
    base = int(analysis.capacity.base_year.value)
    years = list(range(base, base + req.planning_horizon_years + 1))
    ax = _axes(2.6)
    styles = ["-", "--", ":"]
    for i, t in enumerate(analysis.capacity.tiers.values()):
        if t.judged <= 0:
            continue
        ys = [100 * t.demand * (1 + req.annual_growth_pct / 100) ** (y - base) / t.judged
              for y in years]
        ax.plot(years, ys, styles[i % 3], color=TIER_COLOUR.get(t.tier, MUTED), linewidth=1.6,
                label=t.tier)
    ax.axhline(100, color=INK, linewidth=0.9)
    ax.text(years[-1], 101, "capacity ", fontsize=7, color=INK, va="bottom", ha="right")
    ax.axhline(req.headroom_limit_pct, color=LIMIT, linestyle="--", linewidth=1.0)
    ax.set_ylabel("demand / capacity (%)", fontsize=8)
    ax.set_xticks(years)
    ax.tick_params(labelsize=8)
    if ax.get_legend_handles_labels()[0]:
        ax.legend(fontsize=7, frameon=False, loc="upper left")
    return _finished(ax)


@_one_at_a_time
def scenario_figure(analysis: Analysis) -> Figure:
    """Served throughput after losing each zone and region."""
    scenarios = [s for s in analysis.scenarios.scenarios if s.kind in ("zone", "region")]
    ax = _axes(max(1.6, 0.22 * len(scenarios) + 0.8))
    labels = [f"{s.kind} {s.target}" for s in scenarios]
    values = [s.served_pct for s in scenarios]
    colours = [("#2e7d4f" if v >= 100 - 1e-9 else LIMIT) for v in values]
    bars = ax.barh(labels, visible(values, 110.0), color=colours, edgecolor=INK, linewidth=0.5,
                   hatch=[("" if v >= 100 - 1e-9 else "xx") for v in values])
    for bar, value in zip(bars, values, strict=True):  # a short bar says what it serves
        if value < 100 - 1e-9:
            ax.text(bar.get_width() + 1.2, bar.get_y() + bar.get_height() / 2,
                    units.served_share(value), va="center", fontsize=6.5, color=LIMIT)
    ax.axvline(100, color=INK, linewidth=0.8)
    ax.set_xlim(0, 110)
    ax.set_xlabel("served throughput after the loss (% of peak demand)", fontsize=8)
    ax.tick_params(labelsize=7)
    ax.invert_yaxis()
    return _finished(ax)


@_one_at_a_time
def png_bytes(fig: Figure, dpi: int = 200) -> bytes:
    """PNG of a figure, without the timestamp-free but version-bearing metadata text."""
    buf = io.BytesIO()
    try:
        fig.savefig(buf, format="png", dpi=dpi, metadata={"Software": None})
    finally:
        fig.clear()
    return buf.getvalue()
