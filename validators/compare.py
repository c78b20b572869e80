"""Candidate designs side by side: the dedicated-or-shared decision in figures and in words.

Each candidate (a design file, or a variant a design holds) is validated the usual way; the
comparison then reads, per candidate, the capacity band and utilization of every tier, the
**ceiling** of the tenancy its database tier runs on and the year growing demand reaches it,
availability against the target, the worst RPO and RTO in the survivable failure domain, the
findings (and which the candidate opens or closes against the first one, the baseline), and
the cost: per month, over the planning horizon, and per million GRefs/s of database capacity.

The ceiling of a tenancy is the most GRefs/s the largest database configuration of that tenancy
in the catalog can serve, judged like capacity on the low end of the rating band: the largest
database-server SKU of the tenancy (shared ones derated), times the low ECP scale-out factor,
capped by the highest published ECP result for that platform (the Azure Large Instances claim of
50 M for ALI) and, for shared compute, by the catalog's shared-tenancy ceiling (an assumption a
design may override). A design overriding a SKU's rating does not move the ceiling: it is the
catalog's figure for the tenancy, the same for every candidate.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from catalogs import Catalog
from workbench.analysis.capacity import runway_year
from workbench.analysis.facts import DesignFacts, Quantity
from workbench.analysis.flow import sku_ecp_ceiling
from workbench.model import units
from workbench.model.design import Design
from workbench.model.variants import apply_variant, variant_names

from .engine import validate
from .report import Report

DATABASE = "database"
BASE = "base"  # the label of the design itself beside its variants


@dataclass(frozen=True)
class Candidate:
    """One design to compare: its label (variant name or file name) and the design itself."""

    label: str
    design: Design
    source: str | None = None


@dataclass(frozen=True)
class TierFigures:
    tier: str
    unit: str
    demand: float
    low: float
    expected: float
    high: float
    utilization_pct: float | None
    headroom_year: int | None
    runway_year: int | None

    def to_json(self) -> dict[str, Any]:
        return {"tier": self.tier, "unit": self.unit, "demand": self.demand,
                "capacity_band": {"low": self.low, "expected": self.expected,
                                  "high": self.high},
                "utilization_pct": self.utilization_pct, "headroom_year": self.headroom_year,
                "runway_year": self.runway_year}


@dataclass
class CandidateFigures:
    label: str
    source: str | None
    fingerprint: str
    tenancy: str  # of the database tier: dedicated, shared or mixed
    tiers: list[TierFigures]
    peak_grefs: float
    ceiling: Quantity
    ceiling_year: int | None  # the year demand reaches the ceiling (None: not with this growth)
    base_year: int
    availability_pct: float
    availability_target_pct: float
    worst_rpo_minutes: float | None
    worst_rto_minutes: float | None
    summary: dict[str, int]
    finding_keys: set[tuple[str, tuple[str, ...]]]
    opened: list[str] = field(default_factory=list)  # rule@targets vs the baseline
    closed: list[str] = field(default_factory=list)
    failing_rules: list[str] = field(default_factory=list)  # rules with open errors
    currency: str | None = None
    monthly_cost: Decimal | None = None  # what could be priced: a floor when ``unpriced``
    horizon_cost: Decimal | None = None
    horizon_years: int = 0
    unpriced: list[str] = field(default_factory=list)  # elements with no price (cost gaps)

    @property
    def database(self) -> TierFigures | None:
        return next((t for t in self.tiers if t.tier == DATABASE), None)

    @property
    def cost_per_mgrefs(self) -> Decimal | None:
        """Monthly cost per million GRefs/s of database capacity (low end of its band)."""
        db = self.database
        if self.monthly_cost is None or db is None or db.low <= 0:
            return None
        return (self.monthly_cost / Decimal(repr(db.low / 1e6))).quantize(Decimal("1"))

    def to_json(self) -> dict[str, Any]:
        return {
            "label": self.label, "source": self.source, "fingerprint": self.fingerprint,
            "tenancy": self.tenancy,
            "tiers": [t.to_json() for t in self.tiers],
            "peak_grefs": self.peak_grefs,
            "ceiling": self.ceiling.value, "ceiling_basis": self.ceiling.basis,
            "ceiling_year": self.ceiling_year,
            "availability_pct": round(self.availability_pct, 6),
            "availability_target_pct": self.availability_target_pct,
            "worst_rpo_minutes": self.worst_rpo_minutes,
            "worst_rto_minutes": self.worst_rto_minutes,
            "summary": self.summary,
            "findings_opened": self.opened, "findings_closed": self.closed,
            "failing_rules": self.failing_rules,
            "currency": self.currency,
            "monthly_cost": _money_json(self.monthly_cost),
            "horizon_cost": _money_json(self.horizon_cost),
            "cost_complete": not self.unpriced, "unpriced": self.unpriced,
            "horizon_years": self.horizon_years,
            "cost_per_mgrefs_month": _money_json(self.cost_per_mgrefs),
        }


def _money_json(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


@dataclass
class Comparison:
    candidates: list[CandidateFigures]
    explanation: list[str]
    as_of: dt.date

    def to_json(self) -> dict[str, Any]:
        return {"as_of": self.as_of.isoformat(),
                "variants": [c.to_json() for c in self.candidates],
                "explanation": self.explanation}

    def render_text(self) -> str:
        return "\n".join(text_table(self)) + "\n"


# ---------------------------------------------------------------------------- the ceiling
def tenancy_ceiling(facts: DesignFacts, tenancy: str) -> Quantity:
    """The most GRefs/s the largest database configuration of ``tenancy`` can serve (low end
    of the band, with ECP), with how it was found. Zero when the catalog has no database
    server of that tenancy."""
    catalog = facts.catalog
    scaleout = facts.assumption("ecp_scaleout_low")
    best = Quantity(0.0, f"the catalog has no {tenancy} database server")
    for sku in sorted(catalog.skus.values(), key=lambda s: s.id):
        if sku.tenancy != tenancy or "database-server" not in sku.classes:
            continue
        band = catalog.grefs_band(sku.id)
        if band is None:
            continue
        single = band.low
        why = [f"{sku.id}: {units.quantity(band.low)} GRefs/s (low end)"]
        if tenancy == "shared":
            derating = facts.assumption("shared_tenancy_derating")
            single *= derating.value
            why.append(f"x {derating.value:g} shared-tenancy derating")
        value = single * scaleout.value
        why.append(f"x {scaleout.value:g} with ECP ({scaleout.basis})")
        cap = sku_ecp_ceiling(facts, sku)
        if value > cap.value:
            value = cap.value
            why.append(f"capped at {units.quantity(cap.value)} ({cap.basis})")
        if value > best.value:
            best = Quantity(value, "; ".join(why))
    if tenancy == "shared":
        shared = facts.assumption("shared_tenancy_grefs_ceiling")
        if best.value > shared.value:
            best = Quantity(shared.value, f"{best.basis}; capped at "
                            f"{units.quantity(shared.value)} shared-tenancy ceiling "
                            f"({shared.basis})")
    return best


# ---------------------------------------------------------------------------- figures
def _tenancy(report: Report) -> str:
    analysis = report.analysis
    facts = analysis.facts
    tier = analysis.capacity.tiers.get(DATABASE)
    members = [facts.components[c] for c in (tier.components if tier else [])
               if c in facts.components]
    kinds = {facts.sku(c).tenancy for c in members}
    return kinds.pop() if len(kinds) == 1 else ("mixed" if kinds else "none")


def _figures(candidate: Candidate, report: Report) -> CandidateFigures:
    analysis = report.analysis
    facts = analysis.facts
    req = candidate.design.requirements
    tiers = []
    for t in analysis.capacity.tiers.values():
        low = t.judged
        high = t.capacity if t.high is None else t.high
        util = t.utilization_pct
        tiers.append(TierFigures(t.tier, t.unit, t.demand, low, t.capacity, high,
                                 None if util == float("inf") else round(util, 3),
                                 t.headroom_year, t.runway_year))
    tenancy = _tenancy(report)
    base_year = int(facts.base_year.value)
    peak = facts.peak_grefs.value
    ceiling = tenancy_ceiling(facts, tenancy if tenancy in ("dedicated", "shared") else "shared")
    ceiling_year = runway_year(peak, ceiling.value, req.annual_growth_pct, base_year) \
        if ceiling.value > 0 else base_year
    rpo, rto = analysis.scenarios.worst_recovery()
    open_findings = [f for f in report.findings if not f.waived]
    cost = analysis.cost
    return CandidateFigures(
        label=candidate.label, source=candidate.source, fingerprint=report.fingerprint,
        tenancy=tenancy, tiers=tiers, peak_grefs=peak, ceiling=ceiling,
        ceiling_year=ceiling_year, base_year=base_year,
        availability_pct=100 * analysis.availability.availability,
        availability_target_pct=req.availability_target_pct,
        worst_rpo_minutes=rpo, worst_rto_minutes=rto, summary=report.summary(),
        finding_keys={(f.rule, f.targets) for f in open_findings},
        failing_rules=sorted({f.rule for f in open_findings if f.severity == "error"}),
        currency=cost.currency, monthly_cost=cost.monthly_cost, horizon_cost=cost.horizon_cost,
        unpriced=sorted({f"{gap.element} ({gap.item})" for gap in cost.gaps}),
        horizon_years=req.planning_horizon_years)


def _key_text(key: tuple[str, tuple[str, ...]]) -> str:
    rule, targets = key
    return f"{rule} on {', '.join(targets)}" if targets else f"{rule} on the design"


def candidates_of(design: Design, source: str | None = None) -> list[Candidate]:
    """The base of ``design`` (labelled "base") and each variant it holds, applied."""
    return [Candidate(BASE, design, source),
            *(Candidate(name, apply_variant(design, name, source), source)
              for name in variant_names(design))]


def compare(candidates: Sequence[Candidate], catalog: Catalog, as_of: dt.date | None = None,
            first: Report | None = None,
            known: Sequence[Report | None] = ()) -> Comparison:
    """Validate every candidate and set them side by side; the first is the baseline that
    findings opened and closed, and the words, are measured against. ``first`` (the first
    candidate's) and ``known`` (by position, None for one to validate): reports the caller has
    already, so that no design is validated twice."""
    if not candidates:
        raise ValueError("nothing to compare")
    have = list(known) + [None] * (len(candidates) - len(known))
    if first is not None:
        have[0] = first
    reports = [r if r is not None else validate(c.design, catalog, c.source, as_of)
               for c, r in zip(candidates, have, strict=True)]
    figures = [_figures(c, r) for c, r in zip(candidates, reports, strict=True)]
    base = figures[0]
    for f in figures[1:]:
        f.opened = sorted(_key_text(k) for k in f.finding_keys - base.finding_keys)
        f.closed = sorted(_key_text(k) for k in base.finding_keys - f.finding_keys)
    judged = reports[0].as_of or dt.date.min
    return Comparison(figures, explain(figures), judged)


# ---------------------------------------------------------------------------- in words
def _ceiling_words(f: CandidateFigures) -> str:
    if f.ceiling_year is None:
        return f"stays below its {units.quantity(f.ceiling.value)} GRefs/s {f.tenancy} " \
            "ceiling at this growth"
    if f.ceiling_year <= f.base_year:
        return f"is above its {units.quantity(f.ceiling.value)} GRefs/s {f.tenancy} ceiling " \
            "already"
    end = f.base_year + f.horizon_years
    after = f" (its planning horizon ends {end})" if f.ceiling_year > end else ""
    return f"reaches its {units.quantity(f.ceiling.value)} GRefs/s {f.tenancy} ceiling in " \
        f"{f.ceiling_year}{after}"


def _later(f: CandidateFigures) -> float:
    """The ceiling year as a number to compare: never reached is the latest."""
    return math.inf if f.ceiling_year is None else f.ceiling_year


def _cost_words(f: CandidateFigures, base: CandidateFigures) -> str:
    if f.monthly_cost is None or base.monthly_cost is None or base.monthly_cost == 0:
        return ""
    gaps = [c for c in (base, f) if c.unpriced]
    if gaps and base.unpriced != f.unpriced:  # never "cheaper" on what could not be priced
        missing = "; ".join(f"{_name(c, c is base).replace('The ', 'the ', 1)} has "
                            f"{len(c.unpriced)} unpriced ({_some(c.unpriced, 3)})" for c in gaps)
        return f"cannot be compared on cost ({missing})"
    change = (f.monthly_cost - base.monthly_cost) / base.monthly_cost * 100
    if abs(change) < Decimal("0.5"):
        return "costs about the same"
    word = "cheaper" if change < 0 else "dearer"
    same = f" (leaving out what neither prices: {_some(f.unpriced, 3)})" if f.unpriced else ""
    return f"is {abs(change):.0f} % {word}{same}"


def _name(f: CandidateFigures, baseline: bool) -> str:
    """How a sentence names a candidate: the base design, a variant, or a file."""
    if f.label == BASE:
        return "The base design"
    if f.label.endswith((".yaml", ".yml", ".pdf")) or "/" in f.label:
        return f"{'The baseline, ' if baseline else ''}{f.label}"
    return f"The {f.label} variant"


def _some(rules: list[str], shown: int = 5) -> str:
    if len(rules) <= shown:
        return ", ".join(rules)
    return f"{', '.join(rules[:shown])} and {len(rules) - shown} more"


def explain(figures: list[CandidateFigures]) -> list[str]:
    """One sentence per candidate after the first, against the first: cost, ceiling year,
    and what it fails that the baseline does not (or passes that the baseline fails)."""
    base = figures[0]
    lines = [f"{_name(base, True)} ({base.tenancy}) {_ceiling_words(base)}"
             + (f" and fails {_some(base.failing_rules)} at today's peak"
                if base.failing_rules else " and passes every error-level rule") + "."]
    for f in figures[1:]:
        cost = _cost_words(f, base)
        parts = [cost] if cost else []
        # "but" where cost and ceiling pull apart (cheaper yet sooner, dearer yet later)
        cheaper, dearer = "% cheaper" in cost, "% dearer" in cost
        sooner, later = _later(f) < _later(base), _later(f) > _later(base)
        joint = "but " if (cheaper and sooner) or (dearer and later) else "and "
        parts.append(f"{joint if parts else ''}{_ceiling_words(f)}")
        new = [r for r in f.failing_rules if r not in base.failing_rules]
        gone = [r for r in base.failing_rules if r not in f.failing_rules]
        if new:
            parts.append(f"and fails {_some(new)} at today's peak")
        if gone:
            parts.append(f"and passes {_some(gone)}, which the baseline fails")
        lines.append(f"{_name(f, False)} ({f.tenancy}) " + " ".join(parts) + ".")
        end = base.base_year + base.horizon_years
        if dearer and _later(base) > end and not base.failing_rules:
            lines.append(f"{_name(base, True)} already serves its demand past the end of its "
                         f"planning horizon ({end}): what the {f.label} "
                         f"{'variant' if _name(f, False).endswith('variant') else 'design'} "
                         "pays for is not needed before then.")
    return lines


# ---------------------------------------------------------------------------- as text
def _money(value: Decimal | None, currency: str | None) -> str:
    if value is None:
        return "not priced"
    return units.money(value) if currency in (None, "USD") else f"{currency} {value:,.0f}"


def _floor(c: CandidateFigures, text: str) -> str:
    """A cost with items left unpriced is a floor, and says so."""
    return f"at least {text}" if c.unpriced and text != "not priced" else text


def cost_text(c: CandidateFigures, amount: Decimal | None) -> str:
    """One of ``c``'s amounts as printed: "$12,345", "at least $12,345" when items are left
    unpriced, "not priced"."""
    return _floor(c, _money(amount, c.currency))


def band_text(t: TierFigures) -> str:
    """A tier's capacity band: "21 M-35 M", "38,400" (users are counted exactly)."""
    fmt = units.count if t.unit == "concurrent users" else units.quantity
    return fmt(t.low) if t.low == t.high else f"{fmt(t.low)}-{fmt(t.high)}"


def util_text(t: TierFigures) -> str:
    return units.CANNOT_SERVE if t.utilization_pct is None else \
        units.percent(t.utilization_pct)


def rows(comparison: Comparison) -> list[tuple[str, list[str]]]:
    """The comparison table, one (measure, value per candidate) row at a time: what the text
    output, the PDF section and the GUI view all show."""
    cs = comparison.candidates
    out: list[tuple[str, list[str]]] = [("tenancy (database tier)", [c.tenancy for c in cs])]
    names = list(dict.fromkeys(t.tier for c in cs for t in c.tiers))
    for name in names:
        cells = []
        for c in cs:
            tier = next((x for x in c.tiers if x.tier == name), None)
            if tier is None:
                cells.append("-")
                continue
            cells.append(f"{band_text(tier)}, {util_text(tier)}")
        out.append((f"{name}: capacity, utilization", cells))
    out += [
        ("ceiling of the tenancy (GRefs/s)", [units.quantity(c.ceiling.value) for c in cs]),
        ("year demand reaches it", [
            "already" if c.ceiling_year is not None and c.ceiling_year <= c.base_year else
            str(c.ceiling_year or "not at this growth") for c in cs]),
        ("availability (target)", [f"{units.availability(c.availability_pct)} "
                                   f"({c.availability_target_pct:g} %)" for c in cs]),
        ("worst RPO / RTO", [f"{units.minutes(c.worst_rpo_minutes)} / "
                             f"{units.minutes(c.worst_rto_minutes)}" for c in cs]),
        ("errors / warnings open", [f"{c.summary.get('error', 0)} / "
                                    f"{c.summary.get('warning', 0)}" for c in cs]),
        ("findings opened / closed", ["baseline"] + [f"{len(c.opened)} / {len(c.closed)}"
                                                     for c in cs[1:]]),
        ("monthly cost", [cost_text(c, c.monthly_cost) for c in cs]),
        ("horizon cost", [_floor(c, f"{_money(c.horizon_cost, c.currency)} over "
                                    f"{c.horizon_years} y")
                          if c.horizon_cost is not None else "not priced" for c in cs]),
        ("per M GRefs/s of database capacity, a month",
         [cost_text(c, c.cost_per_mgrefs) for c in cs]),
        ("not priced", [f"{len(c.unpriced)} item{'s' * (len(c.unpriced) != 1)}"
                        if c.unpriced else "-" for c in cs]),
    ]
    return out


def text_table(comparison: Comparison) -> list[str]:
    table = [("", [c.label for c in comparison.candidates]), *rows(comparison)]
    first = max(len(name) for name, _ in table)
    widths = [max(len(cells[i]) for _, cells in table) for i in range(len(table[0][1]))]
    lines = [f"Comparison judged as of {comparison.as_of}", ""]
    for name, cells in table:
        lines.append("  ".join([name.ljust(first), *(c.ljust(w) for c, w in
                                                     zip(cells, widths, strict=True))]).rstrip())
    lines.append("")
    lines += comparison.explanation
    for c in comparison.candidates[1:]:
        for what, items in (("opens", c.opened), ("closes", c.closed)):
            if items:
                lines.append(f"{c.label} {what}: {'; '.join(items)}")
    return lines
