"""Review comments recorded in the design, anchored to elements, open ones first."""

from __future__ import annotations

from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import Flowable

from .base import P, StoryContext, table


def review_comments(ctx: StoryContext) -> list[Flowable]:
    """Each comment with its author, date, element and whether it is resolved."""
    comments = sorted(ctx.design.reviews.comments, key=lambda c: c.resolved)
    if not comments:
        return [P("No review comment is recorded in the design (reviews.comments).")]
    open_ = sum(1 for c in comments if not c.resolved)
    rows: list[list[Any]] = [["Id", "Author", "Date", "On", "Comment", "State"]]
    rows += [[c.id, c.author, c.date.date().isoformat(), c.target or "design", c.text,
              "resolved" if c.resolved else "OPEN"] for c in comments]
    w = ctx.width
    return [P(f"{len(comments)} comment(s), {open_} open."),
            table(rows, [12 * mm, 34 * mm, 19 * mm, 24 * mm, w - 106 * mm, 17 * mm])]
