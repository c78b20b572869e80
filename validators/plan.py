"""A plan of a design change: what changed (``workbench.model.diff``) and what it does.

The effect comes from the project's one analysis, set side by side by ``validators.compare``:
the old design is the baseline, the new one the candidate. A plan reads, old -> new, the
capacity band and utilization of every tier, served throughput at peak, availability, the worst
RPO and RTO in the survivable failure domain, the monthly cost when priced, and the findings the
change opens and closes (rule, target, message). ``ehrwb diff`` prints it as text, JSON or
markdown; the design document's "Changes since the approved revision" section prints the same
rows."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from typing import Any

from catalogs import Catalog
from workbench.model import units
from workbench.model.design import Design
from workbench.model.diff import DesignDiff, diff_designs

from .compare import (
    Candidate,
    CandidateFigures,
    Comparison,
    TierFigures,
    band_text,
    compare,
    cost_text,
    util_text,
)
from .engine import validate
from .report import SEVERITIES, Finding, Report


@dataclass(frozen=True)
class EffectRow:
    """One measure, old and new, and whether the change moved it."""

    measure: str
    old: str
    new: str

    @property
    def moved(self) -> bool:
        return self.old != self.new

    def to_json(self) -> dict[str, Any]:
        return {"measure": self.measure, "old": self.old, "new": self.new,
                "changed": self.moved}


@dataclass
class Plan:
    """The changes from ``old`` to ``new`` and, when there are any, their effect."""

    old_label: str
    new_label: str
    diff: DesignDiff
    as_of: dt.date | None = None
    comparison: Comparison | None = None  # None: no design change, nothing to analyse
    served: tuple[float, float] = (0.0, 0.0)  # served throughput at peak, old and new
    demand: tuple[float, float] = (0.0, 0.0)
    opened: list[Finding] = field(default_factory=list)
    closed: list[Finding] = field(default_factory=list)
    old_design: Design | None = field(default=None, repr=False, compare=False)

    @property
    def same(self) -> bool:
        return self.diff.same

    def summary(self) -> str:
        """'2 changes: 0 added, 0 removed, 2 changed; opens 1 finding, closes none'."""
        if self.same:
            return "no design change"
        return (f"{self.diff.headline()}; opens {_count(self.opened)}, closes "
                f"{_count(self.closed)}")

    def effect_rows(self) -> list[EffectRow]:
        """The effect, one measure a row, old then new (empty without a design change)."""
        if self.comparison is None:
            return []
        old, new = self.comparison.candidates
        rows: list[EffectRow] = []
        for name in dict.fromkeys(t.tier for c in (old, new) for t in c.tiers):
            a, b = _tier(old, name), _tier(new, name)
            rows.append(EffectRow(f"{name}: capacity", _band(a), _band(b)))
            rows.append(EffectRow(f"{name}: utilization", _util(a), _util(b)))
        rows.append(EffectRow("served throughput at peak",
                              *(_served(s, d) for s, d in zip(self.served, self.demand,
                                                               strict=True))))
        rows.append(EffectRow("availability", *(
            f"{units.availability(c.availability_pct)} (target "
            f"{c.availability_target_pct:g} %)" for c in (old, new))))
        rows.append(EffectRow("worst RPO", *(units.minutes(c.worst_rpo_minutes)
                                             for c in (old, new))))
        rows.append(EffectRow("worst RTO", *(units.minutes(c.worst_rto_minutes)
                                             for c in (old, new))))
        if old.monthly_cost is not None or new.monthly_cost is not None:
            rows.append(EffectRow("monthly cost", *(_cost(c) for c in (old, new))))
        rows.append(EffectRow("errors / warnings open", *(
            f"{c.summary.get('error', 0)} / {c.summary.get('warning', 0)}"
            for c in (old, new))))
        return rows

    # ------------------------------------------------------------------------ views
    def to_json(self) -> dict[str, Any]:
        return {
            "old": self.old_label, "new": self.new_label,
            "as_of": self.as_of.isoformat() if self.as_of else None,
            "same": self.same, "summary": self.summary(), **self.diff.to_json(),
            "effect": None if self.comparison is None else {
                "rows": [r.to_json() for r in self.effect_rows()],
                "served_throughput": {"old": self.served[0], "new": self.served[1]},
                "candidates": [c.to_json() for c in self.comparison.candidates]},
            "findings_opened": [_finding_json(f) for f in self.opened],
            "findings_closed": [_finding_json(f) for f in self.closed],
        }

    def render_json(self) -> str:
        return json.dumps(self.to_json(), indent=2, ensure_ascii=False) + "\n"

    def render_text(self) -> str:
        when = f", judged as of {self.as_of.isoformat()}" if self.as_of else ""
        lines = [f"Plan: {self.old_label} -> {self.new_label}{when}", self.summary().capitalize()
                 + "."]
        for group, changes in self.diff.grouped():
            lines += ["", group.capitalize()]
            lines += [f"  {line}" for c in changes for line in c.lines()]
        rows = self.effect_rows()
        if rows:
            first = max(len(r.measure) for r in rows)
            width = max(len(r.old) for r in rows)
            lines += ["", f"{'Effect'.ljust(first + 4)}{'old'.ljust(width)}      new"]
            lines += [f"{'*' if r.moved else ' '} {r.measure.ljust(first)}  {r.old.ljust(width)}"
                      f"  ->  {r.new}".rstrip() for r in rows]
            lines.append("  (* the change moves it)")
        if not self.same:
            for title, items in (("Findings opened", self.opened),
                                 ("Findings closed", self.closed)):
                lines += ["", f"{title} ({len(items)})" + ("" if items else ": none")]
                lines += [f"  {finding_line(f)}" for f in items]
        others = self.diff.not_counted()
        if others:
            lines += ["", "Not design changes (not counted)"] + [f"  {x}" for x in others]
        return "\n".join(lines) + "\n"

    def render_markdown(self) -> str:
        """For a pull-request comment: a summary line, the changes, the effect, findings."""
        when = f", judged as of {self.as_of.isoformat()}" if self.as_of else ""
        out = [f"**ehrwb diff** `{_md(self.old_label)}` → `{_md(self.new_label)}`{when}: "
               f"**{self.summary()}**"]
        if not self.same:
            out += ["", "### Changes", "", "| change | element | field | old | new |",
                    "|---|---|---|---|---|"]
            for _group, changes in self.diff.grouped():
                for c in changes:
                    if c.change != "changed":
                        old, new = ("", c.summary) if c.change == "added" else (c.summary, "")
                        out.append(f"| {c.change} | {_md(c.title)} | | {_md(old)} | "
                                   f"{_md(new)} |")
                        continue
                    out += [f"| {c.change} | {_md(c.title)} | `{_md(f.field)}` | "
                            f"{_md(f.old_text)} | {_md(f.new_text)} |" for f in c.fields]
            out += ["", "### Effect", "", "| measure | old | new |", "|---|---|---|"]
            out += [f"| {_md(r.measure)} | {_md(r.old)} | "
                    f"{'**' + _md(r.new) + '**' if r.moved else _md(r.new)} |"
                    for r in self.effect_rows()]
            out += ["", "### Findings"]
            for title, items in (("Opened", self.opened), ("Closed", self.closed)):
                out += ["", f"**{title} ({len(items)})**" + ("" if items else ": none")]
                if items:
                    out.append("")
                out += [f"- `{f.rule}` ({f.severity}) on {_md(_targets(f))}: {_md(f.message)}"
                        for f in items]
        others = self.diff.not_counted()
        if others:
            out += ["", "Not design changes: " + "; ".join(_md(x) for x in others) + "."]
        return "\n".join(out) + "\n"


def make_plan(old: Design, new: Design, catalog: Catalog, as_of: dt.date | None = None,
              labels: tuple[str, str] = ("old", "new"), new_report: Report | None = None,
              sources: tuple[str | None, str | None] = (None, None)) -> Plan:
    """The plan from ``old`` to ``new`` judged at ``as_of`` (today when None). The effect is
    computed only when there is a design change. ``new_report``: the new design's report
    when the caller has it already (the PDF does)."""
    diff = diff_designs(old, new)
    if diff.same:
        return Plan(*labels, diff, as_of, old_design=old)
    old_report = validate(old, catalog, sources[0], as_of)
    new_report = new_report if new_report is not None else \
        validate(new, catalog, sources[1], as_of)
    comparison = compare([Candidate(labels[0], old, sources[0]),
                          Candidate(labels[1], new, sources[1])], catalog, as_of,
                         known=[old_report, new_report])
    base, candidate = comparison.candidates
    opened = _findings(new_report, candidate.finding_keys - base.finding_keys)
    closed = _findings(old_report, base.finding_keys - candidate.finding_keys)
    return Plan(*labels, diff, comparison.as_of, comparison,
                (_served_of(old_report), _served_of(new_report)),
                (_demand_of(old_report), _demand_of(new_report)), opened, closed, old)


# ---------------------------------------------------------------------------- helpers
def _findings(report: Report, keys: set[tuple[str, tuple[str, ...]]]) -> list[Finding]:
    """The report's open findings under ``keys`` (rule, targets), most severe first."""
    found = [f for f in report.findings if not f.waived and (f.rule, f.targets) in keys]
    return sorted(found, key=lambda f: (SEVERITIES.index(f.severity), f.rule, f.targets))


def _served_of(report: Report) -> float:
    return float(report.metrics.get("capacity", {}).get("served_throughput", 0.0))


def _demand_of(report: Report) -> float:
    return float(report.metrics.get("capacity", {}).get("demand", 0.0))


def _tier(c: CandidateFigures, name: str) -> TierFigures | None:
    return next((t for t in c.tiers if t.tier == name), None)


def _band(t: TierFigures | None) -> str:
    if t is None:
        return "-"
    return f"{band_text(t)} {'users' if t.unit == 'concurrent users' else t.unit}"


def _util(t: TierFigures | None) -> str:
    return "-" if t is None else util_text(t)


def _served(served: float, demand: float) -> str:
    share = units.served_share(100 * served / demand) if demand else "100 %"
    return f"{units.quantity(served)} of {units.quantity(demand)} GRefs/s ({share})"


def _cost(c: CandidateFigures) -> str:
    return cost_text(c, c.monthly_cost)


def _count(findings: list[Finding]) -> str:
    if not findings:
        return "no finding"
    return f"{len(findings)} finding{'s' if len(findings) != 1 else ''}"


def _targets(f: Finding) -> str:
    return ", ".join(f.targets) if f.targets else "the design"


def finding_line(f: Finding) -> str:
    """A finding in one line: 'RED-003 (warning) on a, b: message'."""
    return f"{f.rule} ({f.severity}) on {_targets(f)}: {f.message}"


def _finding_json(f: Finding) -> dict[str, Any]:
    return {"rule": f.rule, "severity": f.severity, "targets": list(f.targets),
            "message": f.message}


def _md(text: str) -> str:
    """Text safe in a markdown table cell: pipes escaped, on one line."""
    return " ".join(text.replace("\\", "\\\\").replace("|", "\\|").split())
