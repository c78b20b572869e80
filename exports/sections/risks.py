"""The risk register: open errors and warnings, waived findings (accepted risks) and the
design's own ``risks:`` entries, merged. A design risk attaches owner, likelihood, impact,
mitigation and due date to the findings of its rule (on its target when it names one), or
stands alone; where the design says nothing the register says "not assigned"."""

from __future__ import annotations

from dataclasses import dataclass

from reportlab.lib.units import mm
from reportlab.platypus import Flowable

from validators.report import Finding
from workbench.model.design import Risk, Waiver

from .base import P, StoryContext, table

NOT_ASSIGNED = "not assigned"
LEVEL = {"low": 1, "medium": 2, "high": 3}
# the weight of an unassessed row: an open error counts as likely and grave
DEFAULT_SCORE = {"error": 9, "warning": 4, "design": 4, "waived": 2, "info": 1}


@dataclass(frozen=True)
class RiskRow:
    ref: str  # the design risk's id, or the rule
    subject: str  # what the risk is, with its source
    headline: str  # the same in a few words, for the brief
    status: str  # open error, open warning, waived until ..., the design risk's status
    risk: Risk | None  # the design's entry that assesses it, if any
    rank: tuple[int, int, int, int]

    def field(self, name: str) -> str:
        value = getattr(self.risk, name, None) if self.risk is not None else None
        return NOT_ASSIGNED if value in (None, "") else str(value)

    @property
    def likelihood_impact(self) -> str:
        if self.risk is None or (self.risk.likelihood is None and self.risk.impact is None):
            return NOT_ASSIGNED
        return f"{self.field('likelihood')} / {self.field('impact')}"

    @property
    def brief(self) -> str:
        """One line for the executive brief."""
        rated = "" if self.likelihood_impact == NOT_ASSIGNED else \
            f"{self.likelihood_impact}; "
        ref = f"{self.ref}: " if self.risk is not None else ""
        return (f"{ref}{self.headline} ({rated}owner {self.field('owner')}, due "
                f"{self.field('due')})")


def _matches(risk: Risk, f: Finding) -> bool:
    if risk.rule != f.rule:
        return False
    return risk.target is None or risk.target in f.targets or \
        (risk.target == "design" and not f.targets)


def _score(risk: Risk | None, kind: str) -> int:
    if risk is not None and risk.likelihood and risk.impact:
        return LEVEL[risk.likelihood] * LEVEL[risk.impact]
    return DEFAULT_SCORE[kind]


def _unrated(risk: Risk | None) -> int:
    """0 for a risk the design assessed (likelihood and impact), 1 otherwise: at equal
    score an assessed risk comes first."""
    return 0 if risk is not None and risk.likelihood and risk.impact else 1


def _short(message: str, limit: int = 150) -> str:
    return message if len(message) <= limit else message[:limit - 3].rstrip() + "..."


def _group(findings: list[Finding], risks: list[Risk]) -> dict[tuple[str, str, bool, str],
                                                                 list[Finding]]:
    """Findings of one rule, severity and waiver state that one design risk (or none)
    assesses, in report order."""
    groups: dict[tuple[str, str, bool, str], list[Finding]] = {}
    for f in findings:
        risk = next((r for r in risks if _matches(r, f)), None)
        key = (f.rule, f.severity, f.waived, risk.id if risk else "")
        groups.setdefault(key, []).append(f)
    return groups


def _waiver_of(f: Finding, waivers: list[Waiver]) -> Waiver | None:
    return next((w for w in waivers if w.rule == f.rule
                 and (w.target == "design" or w.target in f.targets)), None)


def _finding_row(group: list[Finding], risk: Risk | None, waivers: list[Waiver],
                 order: int) -> RiskRow:
    first = group[0]
    targets = sorted({t for f in group for t in f.targets}) or ["design"]
    more = f" (and {len(group) - 1} more like it)" if len(group) > 1 else ""
    subject = f"{first.rule} on {', '.join(targets)}: {first.message}{more}"
    headline = (risk.title if risk is not None and risk.title else
                f"{first.rule} on {_short(', '.join(targets), 60)}: {_short(first.message, 90)}")
    if first.waived:
        w = _waiver_of(first, waivers)
        until = f" until {w.expires.isoformat()}" if w is not None and w.expires else ""
        by = f", accepted by {w.approver}" if w is not None and w.approver else ""
        status, kind, tier = f"waived{until}{by}", "waived", 3
    else:
        status, kind = f"open {first.severity}", first.severity
        tier = 0 if first.severity == "error" else 1
    if risk is not None and risk.status == "closed":
        tier = 4
    if risk is not None and risk.status != "open":
        status += f"; {risk.status}"
    ref = risk.id if risk is not None else first.rule
    return RiskRow(ref, subject, headline, status, risk,
                   (tier, -_score(risk, kind), _unrated(risk), order))


def _design_row(risk: Risk, findings: list[Finding], order: int) -> RiskRow:
    seen = [f for f in findings if _matches(risk, f)]
    if risk.rule is None:
        subject = risk.title or ""
    elif seen:
        f = seen[0]
        subject = (f"{risk.title + ': ' if risk.title else ''}{f.rule} ({f.severity}) on "
                   f"{', '.join(f.targets) or 'design'}: {f.message}")
    else:
        on = f" on {risk.target}" if risk.target else ""
        subject = (f"{risk.title + ': ' if risk.title else ''}no finding of {risk.rule}{on} "
                   "at the as-of date")
    tier = 4 if risk.status == "closed" else 2 if _score(risk, "design") < 6 else 1
    headline = risk.title or _short(subject, 110)
    return RiskRow(risk.id, subject, headline, risk.status, risk,
                   (tier, -_score(risk, "design"), _unrated(risk), order))


def risk_rows(ctx: StoryContext) -> list[RiskRow]:
    """The register, most pressing first: open errors, then open warnings and design risks
    assessed high, then the other design risks, accepted (waived) findings, closed risks;
    within each, likelihood x impact (unassessed errors count as high x high)."""
    design, findings = ctx.design, ctx.report.findings
    rated = [f for f in findings if f.severity in ("error", "warning") or f.waived]
    rows: list[RiskRow] = []
    used: set[str] = set()
    for n, ((_, _, _, rid), group) in enumerate(_group(rated, design.risks).items()):
        risk = next((r for r in design.risks if r.id == rid), None)
        used.add(rid)
        rows.append(_finding_row(group, risk, design.waivers, n))
    for n, risk in enumerate(design.risks):
        if risk.id not in used:
            rows.append(_design_row(risk, findings, len(rows) + n))
    return sorted(rows, key=lambda r: r.rank)


def top_risks(ctx: StoryContext, n: int = 3) -> list[RiskRow]:
    return [r for r in risk_rows(ctx) if r.rank[0] < 3][:n]


def risk_register(ctx: StoryContext) -> list[Flowable]:
    """One row a risk: what, likelihood / impact, owner, mitigation, due, status."""
    rows = risk_rows(ctx)
    if not rows:
        return [P("No risks: no open error or warning, no waived finding and no risk recorded "
                  "in the design (risks:).")]
    head = [["Ref", "Risk", "Likelihood / impact", "Owner", "Mitigation", "Due", "Status"]]
    body = [[r.ref, r.subject, r.likelihood_impact, r.field("owner"), r.field("mitigation"),
             r.field("due"), r.status] for r in rows]
    w = ctx.width
    assessed = sum(1 for r in rows if r.risk is not None)
    return [P(f"{len(rows)} risks: open errors and warnings from the findings (findings of one "
              "rule that one entry assesses are one row), waived findings, and the design's "
              f"own risks; {assessed} of them assessed in the design's risks: section. "
              f"'{NOT_ASSIGNED}' marks what the design does not say."),
            table(head + body, [14 * mm, w - 126 * mm, 16 * mm, 24 * mm, 38 * mm, 16 * mm,
                                18 * mm])]
