"""Severity of a finding: the one definition of its levels, their ranking and their colours,
read by the model (policy overrides), the validators, the window and the PDF."""

from __future__ import annotations

from typing import Literal

Severity = Literal["error", "warning", "info"]

# worst first: the order of the report's sections, the findings table and the badges
SEVERITIES: tuple[Severity, ...] = ("error", "warning", "info")

# one colour a level, on screen and on paper (legible on white, distinct in grayscale)
COLOURS: dict[Severity, str] = {"error": "#b03a2e", "warning": "#9a6a00", "info": "#56606b"}


def rank(severity: Severity) -> int:
    """0 for the worst level: sort by it, or take the min for the worst of several."""
    return SEVERITIES.index(severity)


def worst(levels: list[Severity]) -> Severity | None:
    """The worst of ``levels``, None when there are none."""
    if not levels:
        return None
    return min(levels, key=rank)
