"""Charts of an analysis for the desktop app: matplotlib ``Figure`` objects on the Agg backend
(never pyplot, never a Qt backend), drawn on a worker thread and shown as images. What they show
comes from exports/chart_data.py, which the PDF's vector charts (exports/pdf_charts.py) draw
too: the PDF does not import matplotlib."""

from __future__ import annotations

import functools
import io
import threading
from collections.abc import Callable
from typing import Any, TypeVar

from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from workbench.analysis.run import Analysis

from . import chart_data
from .chart_data import INK, LIMIT, MUTED, TIER_COLOUR, visible

__all__ = ["INK", "LIMIT", "MUTED", "TIER_COLOUR", "png_bytes", "runway_figure",
           "utilization_figure", "visible"]

# matplotlib is not thread-safe (its font cache above all): two charts drawn at once on two
# worker threads hung both threads
_LOCK = threading.RLock()
_F = TypeVar("_F", bound=Callable[..., Any])


def _one_at_a_time(func: _F) -> _F:
    @functools.wraps(func)
    def locked(*args: Any, **kwargs: Any) -> Any:
        with _LOCK:
            return func(*args, **kwargs)
    return locked  # type: ignore[return-value]


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


@_one_at_a_time
def utilization_figure(analysis: Analysis) -> Figure:
    """Utilization at peak per tier, with the headroom limit as a line."""
    shown = chart_data.utilization(analysis)
    bars, limit = shown.bars, shown.limit
    names, xmax = bars.labels, bars.xmax
    ax = _axes(2.4)
    drawn = ax.barh(names, visible(bars.values, xmax), color=bars.colours,
                    hatch=bars.hatches, edgecolor=INK, linewidth=0.6)
    ax.axvline(limit, color=LIMIT, linestyle="--", linewidth=1.2)
    ax.text(limit, len(names) - 0.45, f" headroom limit {limit:g} %", color=LIMIT, fontsize=7,
            va="bottom")
    ax.axvline(100, color=INK, linewidth=0.8)
    for bar, note in zip(drawn, bars.notes, strict=True):  # one bar per tier
        ax.text(bar.get_width() + bars.note_gap, bar.get_y() + bar.get_height() / 2, note,
                va="center", fontsize=bars.note_size, color=bars.note_colour)
    ax.set_xlim(0, xmax)
    ax.set_xlabel("utilization at peak (%)", fontsize=8)
    ax.tick_params(labelsize=8)
    ax.invert_yaxis()
    return _finished(ax)


@_one_at_a_time
def runway_figure(analysis: Analysis) -> Figure:
    """Demand growing over the planning horizon against each tier's capacity, as % of capacity."""
    shown = chart_data.runway(analysis)
    years = shown.years
    ax = _axes(2.6)
    for tier, ys, style, colour in shown.lines:
        ax.plot(years, ys, style, color=colour, linewidth=1.6, label=tier)
    ax.axhline(100, color=INK, linewidth=0.9)
    ax.text(years[-1], 101, "capacity ", fontsize=7, color=INK, va="bottom", ha="right")
    ax.axhline(shown.limit, color=LIMIT, linestyle="--", linewidth=1.0)
    ax.set_ylabel("demand / capacity (%)", fontsize=8)
    ax.set_xticks(years)
    ax.tick_params(labelsize=8)
    if ax.get_legend_handles_labels()[0]:
        ax.legend(fontsize=7, frameon=False, loc="upper left")
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
