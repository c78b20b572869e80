"""Architecture decisions with their rationale (ADRs): context, the options weighed, what was
decided and why, the consequences, who decided and when."""

from __future__ import annotations

from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Spacer

from workbench.model.design import Decision

from .base import E, Heading, P, StoryContext, table
from .board import plural


def architecture_decisions(ctx: StoryContext) -> list[Flowable]:
    """Each decision under its own subheading; one line when the design records none."""
    decisions = ctx.design.decisions
    if not decisions:
        return [P("The design records no architecture decisions (decisions: in the design "
                  "file; the Inspector's Decisions tab edits them).")]
    counts: dict[str, int] = {}
    for d in decisions:
        counts[d.status] = counts.get(d.status, 0) + 1
    story: list[Flowable] = [P(f"{plural(len(decisions), 'decision')}: " + ", ".join(
        f"{n} {status}" for status, n in counts.items()) + ".")]
    for d in decisions:
        story += [Heading(f"{d.id}: {d.title}", 1), *_decision(d, ctx.width), Spacer(1, 3 * mm)]
    return story


def _decision(d: Decision, width: float) -> list[Flowable]:
    by = "proposed by" if d.status == "proposed" else "decided by"
    who = ", ".join(x for x in (f"{by} {d.decided_by}" if d.decided_by else "",
                                f"on {d.date.isoformat()}" if d.date else "") if x)
    lines: list[Flowable] = [P(f"<b>Status:</b> {E(d.status)}" + (f" ({E(who)})" if who else ""))]
    for label, text in (("Context", d.context), ("Decision", d.decision),
                        ("Consequences", d.consequences)):
        lines.append(P(f"<b>{label}:</b> " + (E(text) if text else "not stated")))
    if d.options:
        rows: list[list[Any]] = [["Option considered", "Summary", "Variant"]]
        rows += [[o.name, o.summary or "", o.variant or "-"] for o in d.options]
        lines.insert(2, table(rows, [50 * mm, width - 90 * mm, 40 * mm]))
    else:
        lines.insert(2, P("<b>Options considered:</b> not stated"))
    return [KeepTogether(lines[:3]), *lines[3:]]
