"""The executive brief: one page, right after the cover, in sentences a board member reads
without the tables: what is decided, the verdict, the tightest tier and when it breaches the
headroom policy, the scenarios that cannot serve peak, the top risks, waivers about to expire
and what the board is asked to approve. Each line ends with the page it rests on."""

from __future__ import annotations

from collections.abc import Callable

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer

from workbench.model import units

from .base import E, P, StoryContext, num
from .board import (
    WAIVER_WARNING_DAYS,
    Stamp,
    cover_stamp,
    expiring_waivers,
    headroom_words,
    horizon_end,
    plural,
    serves_peak,
    short_scenarios,
    tightest_tier,
)
from .board import conditions as approval_conditions
from .pagerefs import PageRefs, RefParagraph
from .risks import top_risks

# the headings the brief points to (tests check each is a heading of the document)
REQUIREMENTS, FINDINGS, CAPACITY = "Requirements and constraints", "Findings", "Capacity"
SCENARIOS, RISKS, APPROVAL = "Failure scenarios", "Risk register", "Approval and revisions"
DECISIONS = "Architecture decisions"
REFERENCED = (REQUIREMENTS, FINDINGS, CAPACITY, SCENARIOS, RISKS, APPROVAL, DECISIONS)
MAX_LISTED = 30  # scenarios named one by one (the rest counted): one page holds them


def executive_brief(ctx: StoryContext) -> list[Flowable]:
    """The brief's lines, each a paragraph that ends with its page reference."""
    refs = PageRefs()
    stamp = cover_stamp(ctx)
    lines: list[tuple[str, str]] = [
        (_decided(ctx, stamp), REQUIREMENTS), (_verdict(ctx, stamp), FINDINGS),
        (_tightest(ctx), CAPACITY), (_scenarios(ctx), SCENARIOS), (_risks(ctx), RISKS),
        (_waivers(ctx), RISKS), (_decisions(ctx), DECISIONS), (_ask(ctx, stamp), APPROVAL)]
    story: list[Flowable] = [refs, P(E(stamp.line), "Verdict")]
    for text, title in lines:
        story += [RefParagraph(_with_page(text, title), refs), Spacer(1, 2.2 * mm)]
    return story


def _with_page(text: str, title: str) -> Callable[[PageRefs], str]:
    """The sentence with its page reference before the full stop."""
    body = text.rstrip(".")
    return lambda refs: f"{body} ({refs.page(title)})."


def _decided(ctx: StoryContext, stamp: Stamp) -> str:
    meta, req, m = ctx.design.metadata, ctx.design.requirements, ctx.report.metrics
    what = (f"revision {E(meta.revision or '-')} of <b>{E(meta.name)}</b>"
            + (f" for {E(meta.organisation)}" if meta.organisation else ""))
    scope = (f"{plural(m['components'], 'component')} ({m['dedicated_instances']:,} dedicated "
             f"and {m['shared_instances']:,} shared instances) in "
             f"{plural(m['regions'], 'region')}, serving {plural(m['sites'], 'site')} and "
             f"{req.concurrent_users:,} concurrent users at a peak of "
             f"{num(req.peak_grefs_per_s)} GRefs/s")
    if stamp.headline == "DRAFT":
        return (f"The board is asked to comment on {what}, a draft that is not put forward for "
                f"approval. It covers {scope}.")
    return f"The board is asked to decide whether to approve {what}. It covers {scope}."


def _verdict(ctx: StoryContext, stamp: Stamp) -> str:
    s = ctx.report.summary()
    counts = (f"{plural(s['error'], 'open error')}, {plural(s['warning'], 'warning')}, "
              f"{plural(s['info'], 'info finding')} and {plural(s['waived'], 'waived finding')}")
    merit = "APPROVABLE" if s["error"] == 0 else "NOT APPROVABLE"
    lead = (f"As a draft it is not for approval; on its merits the verdict is <b>{merit}</b>"
            if stamp.headline == "DRAFT" else f"The verdict is <b>{E(stamp.headline)}</b>")
    return f"{lead}: the rules report {counts}, judged as of {ctx.as_of.date.isoformat()}."


def _tightest(ctx: StoryContext) -> str:
    tier = tightest_tier(ctx)
    if tier is None:
        return "No tier has capacity to judge: the design holds no clinical tier."
    req = ctx.design.requirements
    end = horizon_end(ctx)
    head = (f"The tightest tier is the <b>{tier.tier}</b> tier, with the least headroom: at "
            f"peak it runs at {_util(tier.utilization_pct)} of the low end of its capacity "
            f"against a {tier.headroom_limit_pct:g} % headroom limit, "
            f"{headroom_words(tier)}")
    year = tier.headroom_year
    base = int(ctx.analysis.capacity.base_year.value)
    if year is None:
        when = "it stays within the headroom policy at the stated growth"
    elif year <= base:
        when = f"it breaches the headroom policy already, in {year}"
    else:
        where = "inside" if year <= end else "after"
        when = (f"growing {req.annual_growth_pct:g} % a year it breaches the headroom policy "
                f"in <b>{year}</b>, {where} the planning horizon that ends in {end}")
    db = ctx.analysis.capacity.tiers.get("database")
    also = (f" For comparison, the database tier: {headroom_words(db)}."
            if db is not None and db is not tier and db.components else "")
    return f"{head}; {when}.{also}"


def _util(pct: float) -> str:
    return "no capacity at all" if pct == float("inf") else units.percent(pct)


def _scenarios(ctx: StoryContext) -> str:
    short = short_scenarios(ctx)
    total = len(ctx.analysis.scenarios.scenarios)
    flow = ctx.analysis.capacity.flow
    lead = "" if serves_peak(ctx) else (
        f"With nothing lost the topology serves only {num(flow.served)} of {num(flow.demand)} "
        "GRefs/s: it cannot serve peak. ")
    if not total:
        return f"{lead}The design has no component, zone or region to lose: no failure scenario."
    if not short:
        return f"{lead}Every one of the {total} failure scenarios serves peak demand."
    named = "; ".join(f"lose {'' if s.kind == 'component' else s.kind + ' '}{E(s.target)} "
                      f"({_serves(s.served_pct)}{_why(s.reason)})" for s in short[:MAX_LISTED])
    rest = f"; and {len(short) - MAX_LISTED} more" if len(short) > MAX_LISTED else ""
    domain = ctx.analysis.scenarios.survivable_domain
    inside = sum(1 for s in short if s.kind == domain)
    where = f"the survivable failure domain ({domain})"
    if len(short) == 1:
        scope = f"It lies {'inside' if inside else 'beyond'} {where}"
    else:
        scope = f"Of these, {inside or 'none'} {'lies' if inside < 2 else 'lie'} inside {where}"
    return (f"{lead}{len(short)} of the {total} failure scenarios cannot serve peak: {named}"
            f"{rest}. {scope}.")


def _why(reason: str) -> str:
    """The scenario's verdict in a few words, when it is one a board asks about."""
    if reason.startswith("single point of failure"):
        return ", a single point of failure"
    if reason.startswith("platform-redundant"):
        return ", an accepted platform risk: " + E(reason.split(":", 1)[1].split(",")[0].strip())
    return ""


def _serves(pct: float) -> str:
    return "serves nothing" if pct <= 0 else f"serves {units.served_share(pct)}"


def _risks(ctx: StoryContext) -> str:
    top = top_risks(ctx)
    if not top:
        return ("The risk register holds no open risk: no open error or warning, and no "
                "open risk recorded in the design.")
    listed = "; ".join(f"({n}) {E(r.brief)}" for n, r in enumerate(top, 1))
    head = "The top risk is" if len(top) == 1 else f"The top {len(top)} risks are"
    return f"{head}: {listed}."


def _waivers(ctx: StoryContext) -> str:
    soon = expiring_waivers(ctx)
    when = ctx.as_of.date.isoformat()
    if not ctx.design.waivers:
        return "The design holds no waivers, so none expires."
    if not soon:
        return (f"No waiver has expired or expires within {WAIVER_WARNING_DAYS} days of "
                f"{when}.")
    listed = "; ".join(f"{E(w.rule)} on {E(w.target)} {words}" for w, words in soon)
    return (f"Waivers expired or expiring within {WAIVER_WARNING_DAYS} days of {when} "
            f"({len(soon)}): {listed}. An expired waiver hides nothing.")


def _decisions(ctx: StoryContext) -> str:
    decisions = ctx.design.decisions
    if not decisions:
        return "The design records no architecture decisions (decisions:)."
    proposed = [d for d in decisions if d.status == "proposed"]
    accepted = sum(1 for d in decisions if d.status == "accepted")
    pending = (f"; still proposed: {', '.join(E(d.id + ' ' + d.title) for d in proposed)}"
               if proposed else "")
    return (f"The design records {plural(len(decisions), 'architecture decision')}, "
            f"{accepted} accepted{pending}.")


def _ask(ctx: StoryContext, stamp: Stamp) -> str:
    conds = approval_conditions(ctx)
    listed = "; ".join(f"({n}) {E(text.rstrip('. '))}" for n, (_, text) in enumerate(conds, 1))
    with_conditions = (f"subject to {plural(len(conds), 'condition')} recorded with the "
                       f"approvals: {listed}" if conds else
                       "with no condition recorded with the approvals")
    errors = ctx.report.summary()["error"]
    if stamp.headline == "DRAFT":
        return ("The board is asked for comments only; approval waits for a revision in review"
                + (f" without the {plural(errors, 'open error')}" if errors else "")
                + f", {with_conditions}.")
    if not stamp.approvable:
        reason = (f"its {plural(errors, 'open error')} must be resolved first" if errors else
                  "the recorded approvals do not approve this very design")
        return (f"The board is asked not to approve this revision: {reason}, and the design "
                "brought back in review.")
    if stamp.headline == "APPROVED":
        return f"The design is approved as it stands; the board is asked to note it, " \
               f"{with_conditions}."
    return f"The board is asked to approve the design as it stands, {with_conditions}."
