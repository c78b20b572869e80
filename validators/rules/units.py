"""How numbers read in findings: one style for every rule."""

from __future__ import annotations


def grefs(value: float) -> str:
    return f"{value / 1e6:,.2f} M GRefs/s"


def pct(value: float) -> str:
    return f"{value:.1f} %"


def count(value: float) -> str:
    return f"{value:,.0f}"
