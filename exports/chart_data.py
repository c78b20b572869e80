"""What each chart of an analysis shows, whoever draws it: the PDF's vector charts
(exports/pdf_charts.py, reportlab) and the desktop app's pictures (exports/charts.py,
matplotlib). Plain data, colours as hex strings; nothing here imports a drawing library."""

from __future__ import annotations

import math
from dataclasses import dataclass

from workbench.analysis.run import Analysis
from workbench.model import units

INK, MUTED, LIMIT, GOOD = "#1d2733", "#8c959f", "#b03a2e", "#2e7d4f"
TIER_COLOUR = {"database": "#b5533c", "application": "#8a6bb8", "presentation": "#3f8f6b"}
LINE_STYLES = ("-", "--", ":")  # the runway's tiers, in turn (the chart reads in grayscale)


def visible(values: list[float], xmax: float) -> list[float]:
    """Bar lengths with a stub (1 % of the axis) for a bar of zero, which would not show."""
    stub = 0.01 * xmax
    return [max(v, stub) for v in values]


@dataclass(frozen=True)
class Bars:
    """Horizontal bars, top to bottom: a label, a length (axis 0 to ``xmax``), a fill, a
    hatch ("", "//", "..", "xx") and a note written ``note_gap`` (axis units) after the bar
    ("" for none)."""

    labels: list[str]
    values: list[float]
    xmax: float
    colours: list[str]
    hatches: list[str]
    notes: list[str]
    note_colour: str
    note_size: float
    note_gap: float


@dataclass(frozen=True)
class Utilization:
    """Utilization at peak per tier (% of the low end of its capacity), and the headroom
    limit drawn across."""

    bars: Bars
    limit: float


def utilization(analysis: Analysis) -> Utilization:
    tiers = list(analysis.capacity.tiers.values())
    names = [t.tier for t in tiers]
    values = [min(t.utilization_pct, 200.0) if not math.isinf(t.utilization_pct) else 200.0
              for t in tiers]
    xmax = max(110.0, max(values, default=0) + 20)
    hatches = ["", "//", ".."][:len(names)] if len(names) <= 3 else [""] * len(names)
    bars = Bars(names, values, xmax, [TIER_COLOUR.get(n, MUTED) for n in names], hatches,
                [units.percent(t.utilization_pct) for t in tiers], INK, 7, 1.5)
    return Utilization(bars, tiers[0].headroom_limit_pct if tiers else 75.0)


@dataclass(frozen=True)
class Runway:
    """Demand growing over the planning horizon as % of each tier's capacity: one line per
    tier with capacity (tier, percentages by year, line style, colour), against 100 % and
    the headroom limit."""

    years: list[int]
    lines: list[tuple[str, list[float], str, str]]
    limit: float


def runway(analysis: Analysis) -> Runway:
    req = analysis.design.requirements
    base = int(analysis.capacity.base_year.value)
    years = list(range(base, base + req.planning_horizon_years + 1))
    lines = []
    for i, t in enumerate(analysis.capacity.tiers.values()):
        if t.judged <= 0:
            continue
        ys = [100 * t.demand * (1 + req.annual_growth_pct / 100) ** (y - base) / t.judged
              for y in years]
        lines.append((t.tier, ys, LINE_STYLES[i % 3], TIER_COLOUR.get(t.tier, MUTED)))
    return Runway(years, lines, req.headroom_limit_pct)


def scenarios(analysis: Analysis) -> Bars:
    """Served throughput after losing each zone and region (% of peak demand): a bar that
    falls short is red, hatched, and says what it serves."""
    lost = [s for s in analysis.scenarios.scenarios if s.kind in ("zone", "region")]
    values = [s.served_pct for s in lost]
    short = [v < 100 - 1e-9 for v in values]
    return Bars([f"{s.kind} {s.target}" for s in lost], values, 110.0,
                [LIMIT if s else GOOD for s in short], ["xx" if s else "" for s in short],
                [units.served_share(v) if s else "" for v, s in zip(values, short, strict=True)],
                LIMIT, 6.5, 1.2)
