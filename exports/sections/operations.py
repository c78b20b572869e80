"""How the platform is run once live (monitoring, patching, support), and how it is put into
service and backed out of (cut-over, rollback): the design's own words, one line where it says
nothing."""

from __future__ import annotations

from reportlab.platypus import Flowable

from .base import E, P, StoryContext


def _notes(items: list[tuple[str, str | None]], where: str) -> list[Flowable]:
    said = [(label, text) for label, text in items if text]
    if not said:
        return [P(f"The design records nothing here ({where}).")]
    story: list[Flowable] = []
    for label, text in items:
        story += [P(f"<b>{label}</b>"),
                  P(E(text).replace("\n", "<br/>") if text else "Not stated.")]
    return story


def operations(ctx: StoryContext) -> list[Flowable]:
    """Monitoring, patching and support."""
    ops = ctx.design.operations
    return _notes([("Monitoring", ops.monitoring), ("Patching", ops.patching),
                   ("Support", ops.support)], "operations: monitoring, patching, support")


def transition(ctx: StoryContext) -> list[Flowable]:
    """Cut-over and rollback."""
    plan = ctx.design.transition
    return _notes([("Cut-over", plan.cutover), ("Rollback", plan.rollback)],
                  "transition: cutover, rollback")
