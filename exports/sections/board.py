"""What the board reads first, computed once for the cover, the executive brief and the
summary: the design's computed status (never the file's word alone), the tightest tier, the
scenarios that cannot serve peak, waivers about to expire and the conditions of approval.

Every figure here is read from the report and the analysis behind it (the JSON of
``ehrwb validate``); nothing is computed twice."""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

from workbench.analysis.capacity import TierCapacity
from workbench.analysis.scenarios import Scenario
from workbench.model import units
from workbench.model.design import Approval, Waiver
from workbench.model.signing import ApprovalCheck

from .base import StoryContext

WAIVER_WARNING_DAYS = 90  # a waiver that expires this soon after the as-of date is named


def plural(n: int, one: str, many: str | None = None) -> str:
    """'1 open error', '35 open errors'."""
    return f"{n:,} {one if n == 1 else (many or one + 's')}"


@dataclass(frozen=True)
class Stamp:
    """The status the cover shows: ``headline`` (APPROVED, APPROVABLE, NOT APPROVABLE, NOT
    APPROVED, DRAFT) and the full line, with why when the file's status is contradicted."""

    headline: str
    line: str
    tone: str  # "ok", "bad" or "neutral": the stamp's colour

    @property
    def approvable(self) -> bool:
        return self.headline in ("APPROVED", "APPROVABLE")


def approval_of_this_design(ctx: StoryContext) -> Approval | None:
    """The newest verified decision (signed by a trusted key, see workbench.model.signing) on
    the very design printed (its fingerprint matches)."""
    same = [c.approval for c in ctx.report.approvals if c.matches and c.verified]
    return same[-1] if same else None


def unverified_of_this_design(ctx: StoryContext) -> list[ApprovalCheck]:
    """Approvals of the very design printed that are not verified: they count for nothing."""
    return [c for c in ctx.report.approvals if c.matches and not c.verified]


def cover_stamp(ctx: StoryContext) -> Stamp:
    """A draft is not for approval; 'in-review' or 'approved' with open errors is not
    approvable, whatever the file says; 'approved' holds only with a recorded approval of this
    very fingerprint and no open error; 'in-review' without open errors is approvable."""
    status = ctx.design.metadata.status
    errors = ctx.report.summary()["error"]
    if status == "draft":
        suffix = f" ({plural(errors, 'open error')})" if errors else ""
        return Stamp("DRAFT", f"DRAFT — not for approval{suffix}", "neutral")
    if errors:
        return Stamp("NOT APPROVABLE", f"NOT APPROVABLE — recorded status '{status}' is "
                     f"contradicted by {plural(errors, 'open error')}", "bad")
    if status == "in-review":
        return Stamp("APPROVABLE", "APPROVABLE — in review, no open errors", "ok")
    approval = approval_of_this_design(ctx)
    if approval is None:
        unverified = unverified_of_this_design(ctx)
        why = (f" (only {plural(len(unverified), 'unverified record')}: "
               + ", ".join(sorted({c.signature for c in unverified})) + ")" if unverified else "")
        return Stamp("NOT APPROVED", "NOT APPROVED — recorded status 'approved' has no "
                     "verified approval of this design (fingerprint "
                     f"{ctx.report.fingerprint[:12]}...){why}", "bad")
    when = approval.date.date().isoformat()
    if approval.decision == "reject":
        return Stamp("NOT APPROVED", f"NOT APPROVED — recorded status 'approved' is "
                     f"contradicted by {approval.reviewer}'s rejection of this design on "
                     f"{when}", "bad")
    return Stamp("APPROVED", f"APPROVED — by {approval.reviewer} on {when}, this very design "
                 "(fingerprint matches, signature verified), no open errors", "ok")


# ---------------------------------------------------------------------------- capacity
def tightest_tier(ctx: StoryContext) -> TierCapacity | None:
    """The tier with the least headroom (points below the limit; the most negative when
    over it); ties go to the first tier of the report (database, application,
    presentation)."""
    tiers = [t for t in ctx.analysis.capacity.tiers.values() if t.components]
    return min(tiers, key=lambda t: t.headroom_pct) if tiers else None


def headroom_words(tier: TierCapacity) -> str:
    """'8.3 points of headroom left' / '275.0 points over the limit' / 'no capacity'."""
    if math.isinf(tier.utilization_pct):
        return "no capacity at all: it cannot serve peak"
    if tier.headroom_pct >= 0:
        return f"{tier.headroom_pct:,.1f} points of headroom left"
    return (f"{-tier.headroom_pct:,.1f} points over the "
            f"{units.percent(tier.headroom_limit_pct, 0)} limit")


def horizon_end(ctx: StoryContext) -> int:
    return int(ctx.analysis.capacity.base_year.value) + \
        ctx.design.requirements.planning_horizon_years


# ---------------------------------------------------------------------------- resilience
def short_scenarios(ctx: StoryContext) -> list[Scenario]:
    """Every failure scenario that cannot serve peak demand."""
    return [s for s in ctx.analysis.scenarios.scenarios if "throughput" in s.breaks]


def serves_peak(ctx: StoryContext) -> bool:
    """Whether the topology serves peak demand with nothing lost."""
    flow = ctx.analysis.capacity.flow
    return flow.served >= flow.demand * (1 - 1e-9)


def availability_words(ctx: StoryContext) -> str:
    """The clinical path's availability as a board member reads it: a percentage, or that it
    cannot serve peak (a tier without the instances peak load needs is never 'up')."""
    path = ctx.analysis.availability
    if path.availability <= 0:
        short = [t.tier for t in path.tiers if t.availability <= 0]
        return ("0 % — cannot serve peak: " + ", ".join(short) +
                (" tier has" if len(short) == 1 else " tiers have") +
                " fewer instances than peak load needs")
    return units.availability(100 * path.availability)


def missed(value: float | None, limit: float) -> bool:
    return value is None or value > limit


# ---------------------------------------------------------------------------- governance
def expiring_waivers(ctx: StoryContext) -> list[tuple[Waiver, str]]:
    """Waivers that have expired, or expire within WAIVER_WARNING_DAYS of the as-of date,
    with the words for when."""
    as_of = ctx.as_of.date
    soon = as_of + dt.timedelta(days=WAIVER_WARNING_DAYS)
    out = []
    for w in ctx.design.waivers:
        if w.expires is None or w.expires > soon:
            continue
        when = (f"expired on {w.expires.isoformat()}" if w.expires < as_of
                else f"expires on {w.expires.isoformat()}")
        out.append((w, when))
    return out


def conditions(ctx: StoryContext) -> list[tuple[Approval, str]]:
    """Every condition recorded with a verified approval, with the approval it came with
    (an unverified record's conditions bind no one; the approvals section lists them)."""
    return [(c.approval, text) for c in ctx.report.approvals if c.verified
            for text in c.approval.conditions]
