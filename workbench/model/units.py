"""Numbers a person reads: one way to write durations, quantities, counts and percentages for
the design document, the text report and the desktop app.

Nothing here ever writes scientific notation or float noise: a duration is "20 s", "45 min",
"1 h 30 min" (never "0.333333 min"), a throughput "12 M", "1.2 M" or "850 k" (never
"1.2e+07"), an exact count "38,400", money "$12,345" (exact decimals, never float noise)."""

from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Decimal

UNBOUNDED = "unbounded"
CANNOT_SERVE = "cannot serve peak"


# ---------------------------------------------------------------------------- durations
def duration(seconds: float | None, none: str = UNBOUNDED, zero: str = "0 s") -> str:
    """A duration in its two largest units, rounded to the smaller: "20 s", "1 min 30 s",
    "45 min", "1 h 30 min", "3 d 4 h"; ``none`` for None or infinity (e.g. "lost" for data
    that cannot be recovered), ``zero`` for 0."""
    if seconds is None or math.isinf(seconds) or math.isnan(seconds):
        return none
    if seconds < 0:
        return "-" + duration(-seconds, none, zero)
    if seconds == 0:
        return zero
    if seconds < 0.05:
        return "< 0.1 s"
    if seconds < 9.95 and abs(seconds - round(seconds)) >= 0.05:
        return f"{_trim(f'{seconds:.1f}')} s"
    total = round(seconds)
    if total < 60:
        return f"{total} s"
    if total < 3600:
        return _two(total, 60, "min", "s")
    mins = round(seconds / 60)
    if mins < 48 * 60:
        return _two(mins, 60, "h", "min")
    return _two(round(seconds / 3600), 24, "d", "h")


def minutes(value: float | None, none: str = UNBOUNDED) -> str:
    """A duration given in minutes (RPO, RTO): "0 min", "20 s", "45 min", "1 h 30 min"."""
    return duration(None if value is None else value * 60, none, "0 min")


def seconds(value: float | None, none: str = UNBOUNDED) -> str:
    """A duration given in seconds (replication lag): "0 s", "20 s", "2 min"."""
    return duration(value, none, "0 s")


def _two(amount: int, per: int, big: str, small: str) -> str:
    whole, rest = divmod(amount, per)
    return f"{whole} {big}" + (f" {rest} {small}" if rest else "")


# ---------------------------------------------------------------------------- quantities
def quantity(value: float, unit: str = "", digits: int = 3) -> str:
    """A throughput or other large figure to ``digits`` significant digits: "12 M", "1.2 M",
    "3.78 M", "850 k", "12.3 k", "9,500", "0.9"; millions stay millions ("1,500 M")."""
    text = _quantity(value, digits)
    return f"{text} {unit}" if unit else text


def _quantity(value: float, digits: int) -> str:
    if math.isnan(value):
        return "n/a"
    if math.isinf(value):
        return UNBOUNDED if value > 0 else "-" + UNBOUNDED
    if value < 0:
        return "-" + _quantity(-value, digits)
    if value >= 1e6:
        return _plain(_sig(value / 1e6, digits)) + " M"
    if round(value) >= 10_000:
        thousands = _sig(value / 1e3, digits)
        return _plain(thousands) + " k" if thousands < 1000 else \
            _plain(_sig(value / 1e6, digits)) + " M"
    return _plain(float(round(value)) if value >= 1000 else _sig(value, digits))


def count(value: float) -> str:
    """An exact count with thousands separators: "38,400", "978"."""
    return f"{round(value):,}"


def number(value: float) -> str:
    """A figure as stated, without an exponent: whole numbers with thousands separators
    ("97,222"), fractions to 6 significant digits ("0.9", "1.35", "99.95", "0.000123")."""
    if math.isnan(value) or math.isinf(value):
        return _quantity(value, 3)
    if value == round(value):
        return count(value)
    return _plain(_sig(value, 6)) if abs(value) < 1000 else count(value)


def _sig(value: float, digits: int) -> float:
    """``value`` rounded to ``digits`` significant digits (not below a millionth)."""
    if value == 0:
        return 0.0
    decimals = digits - 1 - math.floor(math.log10(abs(value)))
    return round(value, min(decimals, 6))


def _plain(value: float) -> str:
    """Fixed-point with thousands separators and no trailing zeros."""
    return _trim(f"{value:,.6f}")


def _trim(text: str) -> str:
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


# ---------------------------------------------------------------------------- percentages
def percent(value: float, decimals: int = 1) -> str:
    """A percentage with fixed decimals: "66.7 %", "0.0 %" (never "-0.0 %")."""
    if math.isnan(value):
        return "n/a"
    if math.isinf(value):
        return "no capacity" if value > 0 else "-" + UNBOUNDED
    text = f"{value:,.{decimals}f}"
    if text.startswith("-") and float(text[1:].replace(",", "")) == 0:
        text = text[1:]
    return f"{text} %"


def availability(pct: float) -> str:
    """An availability with as many decimals as its nines need (two significant digits of
    the unavailability), never rounded up to 100: "99.99 %", "99.9899 %", "99.999975 %"."""
    down = 100.0 - pct
    if down <= 0:
        return "100 %"
    decimals = min(8, max(0, 2 - math.floor(math.log10(down))))
    text = _trim(f"{pct:.{decimals}f}")
    while text == "100" and decimals < 12:  # float noise: say one more digit
        decimals += 1
        text = _trim(f"{pct:.{decimals}f}")
    return f"{text} %"


def served_share(pct: float) -> str:
    """Share of peak demand served, whole, but never rounded to 100 % or to 0 %: "100 %",
    "29 %", "99.6 %" (one decimal, rounded down, from 99 %), "< 1 %", and "cannot serve
    peak" for nothing served."""
    if pct >= 100 - 1e-9:
        return "100 %"
    if pct <= 1e-9:
        return CANNOT_SERVE
    if pct < 1:
        return "< 1 %"
    if pct >= 99:
        return f"{math.floor(pct * 10 + 1e-9) / 10:.1f} %"
    return f"{round(pct)} %"


# ---------------------------------------------------------------------------- with a unit
def figure(value: float, unit: str) -> str:
    """A catalog figure in its range's unit ("minutes, at most a week", "GRefs/s",
    "x the single-host rating", "km, ..."): "60 min", "50 M GRefs/s", "x 4", "250 km"."""
    head = unit.split(",")[0].strip()
    if head.startswith("minutes"):
        return minutes(value)
    if head.startswith("seconds"):
        return seconds(value)
    if head.startswith("GRefs/s"):
        return quantity(value, head)
    if head.startswith("x ") or "factor" in head:
        return f"x {number(value)}"
    return f"{number(value)} {head}" if head else number(value)


# ---------------------------------------------------------------------------- money
def money(amount: Decimal | int) -> str:
    """A sum in whole US dollars, rounded half up, with thousands separators: "$12,345",
    "$0", "-$1,200"."""
    whole = Decimal(amount).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    return f"{'-' if whole < 0 else ''}${abs(whole):,}"


def unit_price(amount: Decimal | int) -> str:
    """A list price as stated, with at least cents and no trailing zeros beyond them: "$0.384",
    "$54.60", "$0.0416", "$3,000.00"."""
    value = Decimal(amount)
    digits = max(2, -value.normalize().as_tuple().exponent)  # type: ignore[operator]
    return f"{'-' if value < 0 else ''}${abs(value):,.{digits}f}"


def with_article(word: str) -> str:
    """'a google', 'an azure', 'an on-premises': a provider's name with its article."""
    return f"{'an' if word[:1].lower() in 'aeiou' else 'a'} {word}"
