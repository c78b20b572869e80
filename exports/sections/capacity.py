"""Capacity: demand against each tier's capacity band, the charts, and how each figure was
computed: one worked example per rating, and a compact table of the instances that carry it
(so a design of a thousand components reads as briefly as one of ten)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, cast

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Spacer

from workbench.analysis.capacity import TierCapacity
from workbench.analysis.facts import DesignFacts, Quantity
from workbench.model import units
from workbench.model.design import Component

from .. import pdf_charts
from .base import E, Heading, P, StoryContext, table

SIZING_NAMES = {"peak_grefs": "peak GRefs/s", "journal_mb_s": "journal rate",
                "odb_iops": "ODB storage IOPS (read IOPS + write burst / 45)"}
LISTED = 4  # ids a row of the compact table names before "and n more"


def capacity(ctx: StoryContext) -> list[Flowable]:
    """Per tier: demand, capacity band, utilization, runway, served flow and bottleneck."""
    analysis, req, width = ctx.analysis, ctx.design.requirements, ctx.width
    rows: list[list[Any]] = [["Tier", "Demand", "Capacity low / expected / high", "Utilization",
                              "Runs out", "Served", "Bottleneck"]]
    for t in analysis.capacity.tiers.values():
        amount = _amount(t)
        ends = [t.judged, t.capacity, t.high or t.capacity]
        band = amount(ends[0]) if len(set(ends)) == 1 else \
            " / ".join(_bare(t, v) for v in ends) + f" {_unit(t)}"
        rows.append([t.tier, amount(t.demand), band, units.percent(t.utilization_pct),
                     t.runway_year or "-", _bare(t, t.served or 0),
                     ", ".join(t.bottleneck) or "-"])
    return [table(rows, [22 * mm, 26 * mm, 44 * mm, 20 * mm, 16 * mm, 20 * mm,
                         width - 148 * mm]),
            Spacer(1, 4 * mm),
            pdf_charts.utilization_chart(analysis, width * 0.9),
            P("Utilization at peak per tier, against the low end of its capacity band (the "
              "verdicts are judged there); the dashed line is the headroom limit.", "Caption"),
            pdf_charts.runway_chart(analysis, width * 0.9),
            P(f"Demand growing {units.number(req.annual_growth_pct)} % a year over the "
              f"{req.planning_horizon_years}-year horizon, as a share of each tier's "
              "capacity.", "Caption"),
            Heading("How capacity was computed", 1),
            *_how_computed(ctx)]


def _unit(t: TierCapacity) -> str:
    return "users" if t.unit == "concurrent users" else t.unit


def _bare(t: TierCapacity, value: float) -> str:
    """A tier's figure without its unit: users are counted exactly, throughput in M / k."""
    return units.count(value) if t.unit == "concurrent users" else units.quantity(value)


def _amount(t: TierCapacity) -> Any:
    return lambda value: f"{_bare(t, value)} {_unit(t)}"


def _how_computed(ctx: StoryContext) -> list[Flowable]:
    """Which sizing figures came from a published guide, which did not, and each tier's
    derivation."""
    sizing = ctx.analysis.facts.sizing_summary()
    guide = sizing["guide"]
    from_guide = cast("dict[str, float]", sizing["from_guide"])
    rest = cast("dict[str, str]", sizing["estimated_or_stated"])
    out: list[Flowable] = []
    if isinstance(guide, dict):
        out.append(P(f"<b>Sizing figures from</b> {E(str(guide['source']))} "
                     f"({E(str(guide['date']))}): "
                     + E(", ".join(SIZING_NAMES[k] for k in from_guide)) + ".", "Small"))
    if rest:
        out.append(P("<b>Not from a guide</b>: " + E("; ".join(
            f"{SIZING_NAMES[k]}: {v}" for k, v in rest.items())) + ".", "Small"))
    for t in ctx.analysis.capacity.tiers.values():
        if t.tier == "database":
            out.append(P(f"<b>{E(t.tier)}</b>: " + E("; ".join(merged_basis(t)))
                         + _band(t), "Small"))
        else:
            out += _pool_derivation(ctx, t)
    return out


def _band(t: TierCapacity) -> str:
    return f". <i>Band</i>: {E(t.band_reason)}" if t.band_reason \
        and t.judged != (t.high or t.capacity) else ""


def merged_basis(t: TierCapacity) -> list[str]:
    """The tier's basis with lines that differ only in the component they name said once
    ("odb-a, odb-b: 7,000,000 GRefs/s (...)")."""
    named: dict[str, list[str]] = {}
    order: list[str] = []
    for line in t.basis:
        cid, sep, rest = line.partition(": ")
        of_one = bool(sep) and cid in t.components
        key = rest if of_one else line
        if key not in named:
            named[key] = []
            order.append(key)
        if of_one:
            named[key].append(cid)
    return [f"{', '.join(named[k])}: {k}" if named[k] else k for k in order]


# ---------------------------------------------------------------------------- pooled tiers
@dataclass
class Rating:
    """Components of one tier rated alike (one SKU, one figure, one basis): one worked
    example, and rows of the compact table."""

    sku: str
    per_instance: Quantity | None
    band: tuple[float, float] | None  # low and high per instance, when an estimate
    rows: dict[int, list[tuple[Component, int]]] = field(default_factory=dict)


def ratings(facts: DesignFacts, t: TierCapacity) -> list[Rating]:
    """The tier's components by rating, each with what it carries: every instance of an
    active pool, one instance of a failover pool (its best member's), none of a standby."""
    found: dict[tuple[object, ...], Rating] = {}
    for comp, carrying in carried(facts, t):
        q = per_instance(facts, t, comp)
        band = facts.grefs_band(comp) if t.unit != "concurrent users" else None
        key = (comp.sku, None if q is None else (q.value, q.basis))
        r = found.setdefault(key, Rating(comp.sku, q, None if band is None
                                         or band.low == band.high else
                                         (band.low, band.high)))
        r.rows.setdefault(carrying, []).append((comp, carrying))
    return list(found.values())


def per_instance(facts: DesignFacts, t: TierCapacity, comp: Component) -> Quantity | None:
    return facts.users_per_instance(comp) if t.unit == "concurrent users" else \
        facts.grefs_per_instance(comp, "expected")


def carried(facts: DesignFacts, t: TierCapacity) -> list[tuple[Component, int]]:
    """Each component of the tier with the instances of it counted in the tier's expected
    capacity (as workbench.analysis.capacity adds them up)."""
    comps = [facts.components[cid] for cid in t.components]
    best: dict[str, Component] = {}
    for comp in comps:
        if comp.redundancy.mode in ("active-passive", "mirror-failover"):
            group = comp.redundancy.group or f"component:{comp.id}"
            q, held = per_instance(facts, t, comp), best.get(group)
            held_q = None if held is None else per_instance(facts, t, held)
            if q is not None and (held_q is None or q.value > held_q.value):
                best[group] = comp
    one = {c.id for c in best.values()}
    return [(c, (1 if c.id in one else 0) if c.redundancy.mode in
             ("active-passive", "mirror-failover") else facts.carrying_instances(c))
            for c in comps]


def _pool_derivation(ctx: StoryContext, t: TierCapacity) -> list[Flowable]:
    """The tier's sum, a worked example per rating and the compact table."""
    found = ratings(ctx.analysis.facts, t)
    amount = _amount(t)
    out: list[Flowable] = [P(f"<b>{E(t.tier)}</b>: {amount(t.capacity)} expected: the "
                             "instances that carry load, times their rating" + _band(t) + ".",
                             "Small")]
    for r in found:
        if r.per_instance is None:
            continue
        spread = "" if r.band is None else \
            f" (band {_bare(t, r.band[0])} to {_bare(t, r.band[1])})"
        out.append(P(f"<i>{E(r.sku)}</i>: {amount(r.per_instance.value)} an instance{spread}"
                     f" = {E(r.per_instance.basis)}", "Small"))
    rows: list[list[Any]] = [["Components", "SKU", "Carrying instances", "Per instance",
                              "Total"]]
    for r in found:
        for carrying, members in r.rows.items():
            value = 0.0 if r.per_instance is None else r.per_instance.value
            total = carrying * value * len(members)
            rows.append([_ids([c.id for c, _ in members]), r.sku,
                         units.count(carrying * len(members)),
                         "no rating: counts 0" if r.per_instance is None else _bare(t, value),
                         _bare(t, total)])
    rows.append(["Tier capacity (expected)", "", "", "", amount(t.capacity)])
    return [KeepTogether([*out, Spacer(1, 1.5 * mm), table(rows, [
        60 * mm, 34 * mm, 26 * mm, 24 * mm, ctx.width - 144 * mm])]), Spacer(1, 3 * mm)]


def _ids(ids: list[str]) -> str:
    if len(ids) <= LISTED:
        return ", ".join(ids)
    return f"{', '.join(ids[:LISTED - 1])} and {len(ids) - LISTED + 1} more"
