"""Alternatives considered: the design's variants set side by side (validators/compare.py),
the difference in words, and each decision option that stands for a variant with its cost."""

from __future__ import annotations

from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer

from validators.compare import Comparison, cost_text, rows
from workbench.model.design import Decision

from .base import E, Heading, P, StoryContext, table


def alternatives_considered(ctx: StoryContext) -> list[Flowable]:
    """The comparison table of the base and its variants, the explanation, and the decisions
    that choose among them; one line when the design holds no variants."""
    comparison = ctx.comparison
    if comparison is None:
        return [P("The design holds no variants, so no alternative was set beside it. "
                  "<font face='DejaVuSansMono'>ehrwb variant derive FILE --to shared</font> "
                  "(or Design &gt; Derive counterpart in the workbench) adds the counterpart "
                  "of the other tenancy as a variant.")]
    labels = [c.label for c in comparison.candidates]
    story: list[Flowable] = [P(
        f"The design holds {len(labels) - 1} variant{'s' if len(labels) > 2 else ''} beside "
        f"its base ({', '.join(E(x) for x in labels[1:])}). Each is validated as a design of "
        f"its own, judged as of {comparison.as_of.isoformat()}; costs are list prices "
        "(see the bill of materials for what they leave out). The ceiling is the most GRefs/s "
        "the largest catalog configuration of the tenancy serves (low end of its band, with "
        "ECP).")]
    head = ["", *labels]
    first = 48 * mm
    rest = (ctx.width - first) / len(labels)
    story.append(table([head, *[[name, *cells] for name, cells in rows(comparison)]],
                       [first, *[rest] * len(labels)]))
    story += [Spacer(1, 2 * mm), *(P(E(line)) for line in comparison.explanation)]
    decisions = [d for d in ctx.design.decisions if any(o.variant for o in d.options)]
    if decisions:
        story.append(Heading("Decisions among the variants", 1))
        for d in decisions:
            story += [P(f"<b>{E(d.id)}: {E(d.title)}</b> ({E(d.status)})"),
                      table(option_rows(d, comparison), [50 * mm, 35 * mm, 30 * mm,
                                                         ctx.width - 115 * mm])]
    return story


def option_rows(decision: Decision, comparison: Comparison) -> list[list[Any]]:
    """Each option of ``decision`` with the cost of the variant it stands for."""
    by_label = {c.label: c for c in comparison.candidates}
    out: list[list[Any]] = [["Option", "Cost a month", "Over the horizon", "Variant"]]
    for option in decision.options:
        figures = by_label.get(option.variant or "")
        if figures is None:
            out.append([option.name, "-", "-", option.variant or "-"])
            continue
        monthly = cost_text(figures, figures.monthly_cost)
        horizon = cost_text(figures, figures.horizon_cost)
        if figures.horizon_cost is not None:
            horizon += f" ({figures.horizon_years} y)"
        out.append([option.name, monthly, horizon, option.variant])
    return out
