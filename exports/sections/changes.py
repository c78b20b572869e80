"""Changes since the approved revision: the plan of ``ehrwb diff`` (validators/plan.py) from
the revision the file records an approval of to this design, when that revision is given
(``ehrwb export FILE --since OLD``); else one line: the design is the one approved, or it
changed and how to give the approved revision."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Flowable

from validators.report import Finding
from workbench.model.canonical import approval_matches
from workbench.model.signing import ApprovalCheck

from .base import E, P, StoryContext, table

if TYPE_CHECKING:  # the plan is made, and its module imported, only for --since
    from validators.plan import Plan

CHANGES_TITLE = "Changes since the approved revision"
GROUP_SHADE = colors.HexColor("#f3f5f8")  # a group's row across the table of changes
_SINCE = ("<font face='DejaVuSansMono'>ehrwb export FILE -o OUT.pdf --since OLD</font> (OLD: "
          "the approved design file, a PDF exported from it, or a git revision such as "
          "<font face='DejaVuSansMono'>HEAD~1:design.yaml</font>)")


def approved_record(ctx: StoryContext) -> ApprovalCheck | None:
    """The approval the changes are counted from: the latest verified approval, else (named
    as unverified) the latest approval record of any signature status."""
    records = [c for c in ctx.report.approvals if c.approval.decision == "approve"]
    verified = [c for c in records if c.verified]
    chosen = verified or records
    return max(chosen, key=lambda c: (c.approval.date, c.index)) if chosen else None


def _who(check: ApprovalCheck) -> str:
    a = check.approval
    kind = "approved" if check.verified else \
        f"recorded as approved (unverified: {check.signature})"
    return f"{kind} by {E(a.reviewer)} on {a.date.date().isoformat()}"


def changes_since_approval(ctx: StoryContext) -> list[Flowable]:
    check, plan = approved_record(ctx), ctx.since
    if check is not None and check.matches:
        return [P(f"No change: this design is the revision {_who(check)} (the approved "
                  "fingerprint matches the design's).")]
    if plan is None:
        if check is None:
            return [P("The design records no approval, so there is no approved revision to "
                      f"set it against; {_SINCE} lists the changes since any earlier one.")]
        return [P(f"The design has changed since it was {_who(check)} (approved fingerprint "
                  f"{check.approval.fingerprint[:12]}..., this design "
                  f"{ctx.report.fingerprint[:12]}...), and the approved revision was not given "
                  f"to this export: {_SINCE} lists the changes and their effect here.")]
    return [*_introduction(ctx, check, plan), *plan_story(plan, ctx.width)]


def _introduction(ctx: StoryContext, check: ApprovalCheck | None,
                  plan: Plan) -> list[Flowable]:
    label = f"<font face='DejaVuSansMono'>{E(plan.old_label)}</font>"
    if check is None:
        which = (f"The design records no approval; the changes below are from the revision "
                 f"given, {label}.")
    elif plan.same:
        which = (f"The design has changed since it was {_who(check)}, but not against the "
                 f"revision given, {label}, which is therefore not the one approved.")
    else:
        approved = check.approval
        if plan.old_design is not None and approval_matches(plan.old_design, approved):
            which = (f"The changes since the revision {_who(check)}: {label} (its fingerprint "
                     "is the approved one).")
        else:
            which = (f"The design was {_who(check)}; the revision given, {label}, is not the "
                     f"one approved (its fingerprint is not the approved "
                     f"{approved.fingerprint[:12]}...): the changes below are from it.")
    return [P(which)]


def plan_story(plan: Plan, width: float) -> list[Flowable]:
    """The plan as the document prints it: the changes by group, the effect old -> new, the
    findings opened and closed."""
    if plan.same:
        return [P("No design change." + _not_counted(plan))]
    judged = f", judged as of {plan.as_of.isoformat()}" if plan.as_of else ""
    story: list[Flowable] = [P(f"<b>{E(plan.summary().capitalize())}</b>{judged}."
                               + _not_counted(plan))]
    rows: list[list[Any]] = [["Change", "Element", "Field", "Was", "Now"]]
    group_rows = []
    for group, changes in plan.diff.grouped():
        group_rows.append(len(rows))
        rows.append([P(f"<b>{E(group.capitalize())}</b>", "Cell"), "", "", "", ""])
        for c in changes:
            if c.change != "changed":
                rows.append([c.change, c.title, "", "" if c.change == "added" else c.summary,
                             c.summary if c.change == "added" else ""])
                continue
            rows += [[c.change if n == 0 else "", c.title if n == 0 else "", f.field,
                      f.old_text, f.new_text] for n, f in enumerate(c.fields)]
    changes = table(rows, [16 * mm, 38 * mm, 32 * mm, (width - 86 * mm) / 2,
                           (width - 86 * mm) / 2])
    changes.setStyle([style for r in group_rows for style in (
        ("SPAN", (0, r), (-1, r)), ("BACKGROUND", (0, r), (-1, r), GROUP_SHADE))])
    story += [changes, P("<b>Effect of the changes</b>", "H2"),
              table([["Measure", "Was", "Now", ""],
                     *[[r.measure, r.old, r.new, "changed" if r.moved else ""]
                       for r in plan.effect_rows()]],
                    [50 * mm, (width - 68 * mm) / 2, (width - 68 * mm) / 2, 18 * mm])]
    for title, findings in (("Findings opened", plan.opened), ("Findings closed",
                                                              plan.closed)):
        story.append(P(f"<b>{title}</b>", "H2"))
        story.append(_findings(findings, width, "opens" if "opened" in title else "closes"))
    return story


def _findings(findings: list[Finding], width: float, verb: str) -> Flowable:
    if not findings:
        return P(f"The change {verb} no finding.")
    return table([["Rule", "Severity", "Target", "Message"],
                  *[[f.rule, f.severity, ", ".join(f.targets) or "design", f.message]
                    for f in findings]],
                 [18 * mm, 16 * mm, 34 * mm, width - 68 * mm])


def _not_counted(plan: Plan) -> str:
    others = plan.diff.not_counted()
    return f" Not design changes, not counted: {E('; '.join(others))}." if others else ""
