"""The PDF's charts as vector drawings (reportlab.graphics): utilization per tier, demand growth
against capacity, and what each zone and region loss serves.

They show what the desktop app's matplotlib charts show (exports/chart_data.py gives both the
data) in the same house style: a figure 6.4 inches wide, DejaVu Sans, the axes laid out tight
to their labels, no top and right frame, hatches on the bars so that they read in grayscale.
Drawn as vector art the PDF imports no matplotlib and embeds no picture: the charts print
sharp, and their words can be searched and copied."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field

from reportlab.graphics.shapes import Circle, Drawing, Group, Line, PolyLine, Rect, String
from reportlab.lib import colors
from reportlab.lib.colors import Color as Colour
from reportlab.pdfbase.pdfmetrics import stringWidth

from workbench.analysis.run import Analysis

from . import chart_data
from .chart_data import INK, LIMIT, Bars, visible
from .styles import FONT

FIGURE_W = 6.4 * 72  # points, as the charts were drawn by matplotlib (and scaled to the page)
PAD = 10.8  # from the figure's edge to its outermost label (matplotlib's tight layout)
TICK, TICK_PAD, LABEL_PAD = 3.5, 3.5, 4.0
ASCENT, DESCENT = 0.76, 0.26  # of a line of text, in ems, above and below its baseline
BLACK = colors.black
HATCH_STEP = 6.0  # points between hatch lines and dots (12 to the inch)
DOT_R = 0.6


def _c(hex_: str) -> Colour:
    return colors.HexColor(hex_)


def nice_ticks(lo: float, hi: float, bins: int) -> list[float]:
    """Tick values within ``lo``..``hi``: the smallest step of 1, 2, 2.5 or 5 times a power of
    ten that needs at most ``bins`` intervals (matplotlib's default locator)."""
    span = hi - lo
    if span <= 0:
        return [lo]
    scale = 10 ** math.floor(math.log10(span / bins))
    step = next(s * scale for s in (1, 2, 2.5, 5, 10, 20) if s * scale >= span / bins - 1e-12)
    first = math.ceil(lo / step - 1e-9)
    return [k * step for k in range(first, math.floor(hi / step + 1e-9) + 1)]


def _tick_label(value: float) -> str:
    return f"{value:g}" if abs(value) < 1e6 else f"{value:.3g}"


@dataclass
class _Text:
    x: float  # data units (or, with ``axes_x``, a fraction of the axes' width)
    y: float
    text: str
    size: float
    colour: Colour
    ha: str = "left"  # left, center, right
    va: str = "baseline"  # baseline, center (of the text's height), bottom, top


@dataclass
class _Plot:
    """One plot on a figure ``FIGURE_W`` x ``height`` points: data limits (``ylim`` as seen
    bottom to top: reversed for bars listed from the top), ticks, labels, and what to draw in
    it, laid out once everything is known."""

    height: float
    xlim: tuple[float, float]
    ylim: tuple[float, float]
    xticks: list[tuple[float, str]]
    yticks: list[tuple[float, str]]
    tick_size: float
    xlabel: str = ""
    ylabel: str = ""
    label_size: float = 8.0
    texts: list[_Text] = field(default_factory=list)
    painters: list[Callable[[_Plot, Group], None]] = field(default_factory=list)
    box: tuple[float, float, float, float] = (0.0, 0.0, 0.0, 0.0)  # axes: left, bottom, w, h

    def x(self, value: float) -> float:
        left, _, w, _ = self.box
        return left + (value - self.xlim[0]) / (self.xlim[1] - self.xlim[0]) * w

    def y(self, value: float) -> float:
        _, bottom, _, h = self.box
        return bottom + (value - self.ylim[0]) / (self.ylim[1] - self.ylim[0]) * h

    def _layout(self) -> None:
        """The axes as large as the figure allows with every label inside it, ``PAD`` from
        the edge; texts in the plot that reach out of it (a label above the top line) count
        too, measured on a first layout."""
        size, label = self.tick_size, self.label_size
        text_h = ASCENT + DESCENT
        widest = max((stringWidth(t, FONT, size) for _, t in self.yticks), default=0.0)
        left = PAD + widest + TICK + TICK_PAD + (label * text_h + LABEL_PAD if self.ylabel
                                                  else 0.0)
        bottom = PAD + TICK + TICK_PAD + size * text_h + (label * text_h + LABEL_PAD
                                                          if self.xlabel else 0.0)
        right, top = PAD, PAD
        for _ in range(2):
            self.box = (left, bottom, FIGURE_W - left - right, self.height - bottom - top)
            over_r = over_t = 0.0
            for value, tick in self.xticks:
                over_r = max(over_r, self.x(value) + stringWidth(tick, FONT, size) / 2 -
                             (self.box[0] + self.box[2]))
            for t in self.texts:
                _, _, x1, y1 = self._extent(t)
                over_r = max(over_r, x1 - (self.box[0] + self.box[2]))
                over_t = max(over_t, y1 - (self.box[1] + self.box[3]))
            right, top = PAD + over_r, PAD + over_t

    def _extent(self, t: _Text) -> tuple[float, float, float, float]:
        w = stringWidth(t.text, FONT, t.size)
        x = self.x(t.x)
        x0 = {"left": x, "center": x - w / 2, "right": x - w}[t.ha]
        base = self._baseline(t)
        return x0, base - DESCENT * t.size, x0 + w, base + ASCENT * t.size

    def _baseline(self, t: _Text) -> float:
        y = self.y(t.y)
        return {"baseline": y, "bottom": y + DESCENT * t.size, "top": y - ASCENT * t.size,
                "center": y - (ASCENT - DESCENT) / 2 * t.size}[t.va]

    def drawing(self, width: float) -> Drawing:
        """The figure scaled to ``width`` points, centred where it is placed."""
        self._layout()
        g = Group()
        for paint in self.painters:
            paint(self, g)
        self._axes(g)
        for t in self.texts:
            g.add(_string(self._extent(t)[0], self._baseline(t), t.text, t.size, t.colour))
        scale = width / FIGURE_W
        g.transform = (scale, 0, 0, scale, 0, 0)
        d = Drawing(width, self.height * scale)
        d.add(g)
        d.hAlign = "CENTER"
        return d

    def _axes(self, g: Group) -> None:
        """The left and bottom frame, outward ticks and their labels, the axis labels."""
        left, bottom, w, h = self.box
        size = self.tick_size
        g.add(Line(left, bottom, left, bottom + h, strokeColor=BLACK, strokeWidth=0.8))
        g.add(Line(left, bottom, left + w, bottom, strokeColor=BLACK, strokeWidth=0.8))
        for value, label in self.xticks:
            x = self.x(value)
            g.add(Line(x, bottom, x, bottom - TICK, strokeColor=BLACK, strokeWidth=0.8))
            g.add(_string(x - stringWidth(label, FONT, size) / 2,
                          bottom - TICK - TICK_PAD - ASCENT * size, label, size, BLACK))
        for value, label in self.yticks:
            y = self.y(value)
            g.add(Line(left, y, left - TICK, y, strokeColor=BLACK, strokeWidth=0.8))
            g.add(_string(left - TICK - TICK_PAD - stringWidth(label, FONT, size),
                          y - ASCENT / 2 * size, label, size, BLACK))
        lab = self.label_size
        if self.xlabel:
            base = bottom - TICK - TICK_PAD - (ASCENT + DESCENT) * size - LABEL_PAD - \
                ASCENT * lab
            g.add(_string(left + w / 2 - stringWidth(self.xlabel, FONT, lab) / 2, base,
                          self.xlabel, lab, BLACK))
        if self.ylabel:
            widest = max((stringWidth(t, FONT, size) for _, t in self.yticks), default=0.0)
            edge = left - TICK - TICK_PAD - widest - LABEL_PAD  # the label's right side
            turned = Group(_string(-stringWidth(self.ylabel, FONT, lab) / 2, 0, self.ylabel,
                                   lab, BLACK))
            turned.transform = (0, 1, -1, 0, edge - DESCENT * lab, bottom + h / 2)
            g.add(turned)


def _string(x: float, y: float, text: str, size: float, colour: Colour) -> String:
    return String(x, y, text, fontName=FONT, fontSize=size, fillColor=colour)


def _vline(value: float, colour: str, width: float, dash: list[float] | None = None
           ) -> Callable[[_Plot, Group], None]:
    def paint(p: _Plot, g: Group) -> None:
        x = p.x(value)
        g.add(Line(x, p.box[1], x, p.box[1] + p.box[3], strokeColor=_c(colour),
                   strokeWidth=width, strokeDashArray=dash))
    return paint


def _hline(value: float, colour: str, width: float, dash: list[float] | None = None
           ) -> Callable[[_Plot, Group], None]:
    def paint(p: _Plot, g: Group) -> None:
        y = p.y(value)
        g.add(Line(p.box[0], y, p.box[0] + p.box[2], y, strokeColor=_c(colour),
                   strokeWidth=width, strokeDashArray=dash))
    return paint


def _dashes(style: str, width: float) -> list[float] | None:
    """matplotlib's dash patterns, scaled with the line's width."""
    pattern = {"-": None, "--": [3.7, 1.6], ":": [1.0, 1.65]}[style]
    return None if pattern is None else [v * width for v in pattern]


def _hatch(g: Group, x0: float, y0: float, w: float, h: float, hatch: str) -> None:
    """matplotlib's hatches inside a rectangle, in its edge colour, on its one-inch pattern:
    "/" rising lines and "x" both diagonals (6 a pattern each, so 12 points apart), "." a
    staggered grid of dots 6 points apart."""
    ink = _c(INK)
    x1, y1 = x0 + w, y0 + h
    step = 2 * HATCH_STEP
    if "/" in hatch or "x" in hatch:  # y = x + c
        for k in range(math.floor((y0 - x1) / step), math.ceil((y1 - x0) / step) + 1):
            c = k * step
            a, b = max(x0, y0 - c), min(x1, y1 - c)
            if b > a:
                g.add(Line(a, a + c, b, b + c, strokeColor=ink, strokeWidth=1.0))
    if "x" in hatch:  # y = c - x
        for k in range(math.floor((x0 + y0) / step), math.ceil((x1 + y1) / step) + 1):
            c = k * step
            a, b = max(x0, c - y1), min(x1, c - y0)
            if b > a:
                g.add(Line(a, c - a, b, c - b, strokeColor=ink, strokeWidth=1.0))
    if "." in hatch:
        for row in range(math.ceil(y0 / HATCH_STEP), math.floor(y1 / HATCH_STEP) + 1):
            shift = HATCH_STEP / 2 if row % 2 else 0.0
            for col in range(math.ceil((x0 - shift) / HATCH_STEP),
                             math.floor((x1 - shift) / HATCH_STEP) + 1):
                g.add(Circle(col * HATCH_STEP + shift, row * HATCH_STEP, DOT_R, fillColor=ink,
                             strokeColor=ink, strokeWidth=1.0))


def _bar_plot(bars: Bars, height: float, tick_size: float, xlabel: str,
              edge: float) -> _Plot:
    """Horizontal bars listed from the top, 0.8 of a row high, each with its note after it."""
    n = len(bars.labels)
    margin = 0.05 * (n - 0.2)
    plot = _Plot(height, (0.0, bars.xmax), (n - 0.6 + margin, -0.4 - margin),
                 [(v, _tick_label(v)) for v in nice_ticks(0.0, bars.xmax, 9)],
                 list(enumerate(bars.labels)), tick_size, xlabel)
    lengths = visible(bars.values, bars.xmax)

    def paint(p: _Plot, g: Group) -> None:
        for i, (length, colour, hatch) in enumerate(zip(lengths, bars.colours, bars.hatches,
                                                        strict=True)):
            x0, top, x1, low = p.x(0.0), p.y(i - 0.4), p.x(length), p.y(i + 0.4)
            g.add(Rect(x0, low, x1 - x0, top - low, fillColor=_c(colour), strokeColor=None))
            if hatch:
                _hatch(g, x0, low, x1 - x0, top - low, hatch)
            g.add(Rect(x0, low, x1 - x0, top - low, fillColor=None, strokeColor=_c(INK),
                       strokeWidth=edge))
    plot.painters.append(paint)
    for i, (length, note) in enumerate(zip(lengths, bars.notes, strict=True)):
        if note:
            plot.texts.append(_Text(length + bars.note_gap, i, note, bars.note_size,
                                    _c(bars.note_colour), va="center"))
    return plot


def utilization_chart(analysis: Analysis, width: float) -> Drawing:
    """Utilization at peak per tier, the headroom limit as a dashed line, 100 % as a rule."""
    shown = chart_data.utilization(analysis)
    bars, limit = shown.bars, shown.limit
    plot = _bar_plot(bars, 2.4 * 72, 8.0, "utilization at peak (%)", 0.6)
    plot.painters += [_vline(limit, LIMIT, 1.2, _dashes("--", 1.2)), _vline(100, INK, 0.8)]
    plot.texts.append(_Text(limit, len(bars.labels) - 0.45, f" headroom limit {limit:g} %",
                            7, _c(LIMIT), va="bottom"))
    return plot.drawing(width)


def scenario_chart(analysis: Analysis, width: float) -> Drawing:
    """Served throughput after losing each zone and region, 100 % as a rule."""
    bars = chart_data.scenarios(analysis)
    height = max(1.6, 0.22 * len(bars.labels) + 0.8) * 72
    plot = _bar_plot(bars, height, 7.0,
                     "served throughput after the loss (% of peak demand)", 0.5)
    plot.painters.append(_vline(100, INK, 0.8))
    return plot.drawing(width)


def runway_chart(analysis: Analysis, width: float) -> Drawing:
    """Each tier's demand over the planning horizon as % of its capacity, one line pattern a
    tier, against 100 % and the headroom limit; the legend at the top left."""
    shown = chart_data.runway(analysis)
    years = shown.years
    values = [v for _, ys, _, _ in shown.lines for v in ys] + [100.0, shown.limit]
    lo, hi = min(values), max(values)
    margin = 0.05 * (hi - lo)
    ylim = (lo - margin, hi + margin)
    span = 0.05 * (years[-1] - years[0]) if len(years) > 1 else 0.5
    plot = _Plot(2.6 * 72, (years[0] - span, years[-1] + span), ylim,
                 [(y, str(y)) for y in years], [], 8.0, ylabel="demand / capacity (%)")
    plot._layout()  # the axes' height says how many ticks fit (two label heights apart)
    bins = max(1, min(9, int(plot.box[3] // (2 * plot.tick_size))))
    plot.yticks = [(v, _tick_label(v)) for v in nice_ticks(*ylim, bins)]

    def paint(p: _Plot, g: Group) -> None:
        for _, ys, style, colour in shown.lines:
            points = [c for x, y in zip(years, ys, strict=True) for c in (p.x(x), p.y(y))]
            g.add(PolyLine(points, strokeColor=_c(colour), strokeWidth=1.6,
                           strokeDashArray=_dashes(style, 1.6)))
        _legend(p, g, [(tier, style, colour) for tier, _, style, colour in shown.lines])
    plot.painters += [_hline(100, INK, 0.9), _hline(shown.limit, LIMIT, 1.0, _dashes("--", 1.0)),
                      paint]
    plot.texts.append(_Text(years[-1], 101, "capacity ", 7, _c(INK), ha="right", va="bottom"))
    return plot.drawing(width)


def _legend(p: _Plot, g: Group, entries: list[tuple[str, str, str]]) -> None:
    """matplotlib's legend at the upper left, frameless: a line sample two ems long, then the
    label, a row per entry."""
    size = 7.0
    left, top = p.box[0] + 0.9 * size, p.box[1] + p.box[3] - 0.9 * size
    row = (ASCENT + DESCENT) * size
    for i, (label, style, colour) in enumerate(entries):
        mid = top - i * (row + 0.5 * size) - row / 2
        g.add(Line(left, mid, left + 2 * size, mid, strokeColor=_c(colour), strokeWidth=1.6,
                   strokeDashArray=_dashes(style, 1.6)))
        g.add(_string(left + 2.8 * size, mid - (ASCENT - DESCENT) / 2 * size, label, size,
                      BLACK))
