"""Capacity after a failure: each tier's capacity, utilization, headroom and runway with what a
scenario loses gone, beside normal operation.

The same rules as :mod:`workbench.analysis.capacity`, on what survives (a
:class:`~workbench.analysis.flow.Situation`): active-active pools add up their surviving
instances, a failover or active-passive pool counts one surviving instance, the database
service is the surviving member (or the promoted DR member) x the ECP multiple its surviving
ECP servers drive. When the DR member is promoted, the standby pools that feed it carry load
(active-passive ones with every instance). Verdicts are judged on the low end of the band, as
for normal operation; the demand does not change.

One computation for every view: the Scenarios and Capacity tabs, and anything else that shows
a scenario's capacity, read :func:`capacity_after`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from ..model import units
from ..model.design import Component
from .capacity import Capacity, TierCapacity, runway_year
from .facts import ECP, ENDS, PRESENTATION, DesignFacts, End
from .flow import Ratings, Situation, database_service
from .scenarios import Scenario
from .topology import Topology


@dataclass(frozen=True)
class TierAfterFailure:
    """One tier in normal operation and after the failure."""

    normal: TierCapacity
    after: TierCapacity

    @property
    def tier(self) -> str:
        return self.normal.tier

    @property
    def lost_pct(self) -> float:
        """Share of the tier's judged (low-end) capacity the failure takes away."""
        if self.normal.judged <= 0:
            return 0.0
        return 100.0 * (1 - self.after.judged / self.normal.judged)

    def to_json(self) -> dict[str, object]:
        return {"tier": self.tier, "normal": self.normal.to_json(),
                "after_failure": self.after.to_json(), "lost_pct": round(self.lost_pct, 2)}


def situation_of(scenario: Scenario) -> Situation:
    return Situation(scenario.lost, promoted=scenario.promoted)


def surviving_pool_capacity(facts: DesignFacts, comps: Iterable[Component],
                            per_instance: dict[str, float | None],
                            situation: Situation) -> float:
    """Capacity of a tier's components after ``situation``: what survives of active-active
    pools adds up; a failover or active-passive pool counts one surviving instance (every
    surviving instance of an active-passive pool once the DR member is promoted)."""
    groups: dict[str, list[Component]] = {}
    for comp in comps:
        groups.setdefault(comp.redundancy.group or f"component:{comp.id}", []).append(comp)
    total = 0.0
    for members in groups.values():
        best_one = 0.0
        for comp in members:
            one = per_instance.get(comp.id)
            carrying = situation.carrying(comp)
            if one is None or carrying == 0:
                continue
            one_counts = comp.redundancy.mode == "mirror-failover" or (
                comp.redundancy.mode == "active-passive" and not situation.promoted)
            if one_counts:
                best_one = max(best_one, one)
            else:
                total += carrying * one
        total += best_one
    return total


def _tier_after(facts: DesignFacts, topo: Topology, normal: TierCapacity,
                situation: Situation, served: float, ratings: Ratings) -> TierCapacity:
    req = facts.design.requirements
    ends: dict[End, float]
    if normal.tier == "database":
        service = {end: database_service(facts, topo, situation, end, ratings) for end in ENDS}
        ends = {end: capacity for end, (capacity, _, _) in service.items()}
        members = service["low"][1]  # the same members at every end
    else:
        role = ECP if normal.tier == "application" else PRESENTATION
        # the standby pools that feed only the DR member carry load once it is promoted
        comps = [c for c in facts.with_role(role)
                 if situation.promoted or c.id not in topo.standby_only]
        if role == ECP:
            ends = {end: surviving_pool_capacity(  # an unrated server counts 0 either way
                facts, comps, {c.id: ratings.grefs(c, end) for c in comps}, situation)
                for end in ENDS}
        else:
            users = surviving_pool_capacity(
                facts, comps, {c.id: ratings.users(c) for c in comps}, situation)
            ends = dict.fromkeys(ENDS, users)
        members = [c.id for c in comps if situation.surviving(c) > 0]
    banded = normal.low is not None
    after = TierCapacity(normal.tier, normal.unit, normal.demand, ends["expected"], members,
                         headroom_limit_pct=normal.headroom_limit_pct,
                         low=ends["low"] if banded else None,
                         high=ends["high"] if banded else None,
                         band_reason=normal.band_reason)
    base = int(facts.base_year.value)
    after.runway_year = runway_year(after.demand, after.judged, req.annual_growth_pct, base)
    after.headroom_year = runway_year(after.demand, after.judged * after.headroom_limit_pct
                                      / 100.0, req.annual_growth_pct, base)
    if normal.tier == "database":
        after.served = round(served, 3)
    return after


def capacity_after(facts: DesignFacts, topo: Topology, capacity: Capacity,
                   scenario: Scenario, ratings: Ratings | None = None) -> list[TierAfterFailure]:
    """Every tier of ``capacity`` (normal operation) beside the same tier after ``scenario``;
    ``ratings``, what no failure changes, shared across scenarios when given (an analysis's
    ``flow_networks.ratings``)."""
    situation = situation_of(scenario)
    shared = ratings if ratings is not None else Ratings(facts, topo)
    return [TierAfterFailure(t, _tier_after(facts, topo, t, situation, scenario.served, shared))
            for t in capacity.tiers.values()]


OUTCOME_HEADER = ("tier", "normal", "after the failure", "over the limit", "runs out")


def outcome_rows(tiers: list[TierAfterFailure]) -> list[tuple[str, str, str, str, str]]:
    """The after-failure table, one tier a row, as every view prints it: utilization at peak
    of the judged (low-end) capacity normally and after the failure, then the years demand
    crosses the headroom limit and capacity (normal -> after the failure; '-' never)."""
    def load(t: TierCapacity) -> str:
        return f"{units.percent(t.utilization_pct)} of {t.judged:,.0f}"

    def years(normal: int | None, after: int | None) -> str:
        return f"{normal or '-'} -> {after or '-'}"

    return [(t.tier, load(t.normal), load(t.after),
             years(t.normal.headroom_year, t.after.headroom_year),
             years(t.normal.runway_year, t.after.runway_year)) for t in tiers]
