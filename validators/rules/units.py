"""How numbers read in findings: one style for every rule."""

from __future__ import annotations


def grefs(value: float) -> str:
    return f"{value / 1e6:,.2f} M GRefs/s"


def pct(value: float) -> str:
    return f"{value:.1f} %"


def count(value: float) -> str:
    return f"{value:,.0f}"


def band(low: float, expected: float, high: float, fmt=grefs) -> str:  # type: ignore[no-untyped-def]
    """A capacity judged on its low end, with the rest of its band."""
    if low == expected == high:
        return fmt(expected)
    return f"{fmt(low)} (low end; expected {fmt(expected)}, high {fmt(high)})"
