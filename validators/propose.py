"""Design from requirements: the cheapest design that passes every rule (``ehrwb propose``).

The search (no Qt), deterministic: the same brief and catalog give the same design.

1. **What cannot be met at all** is said first, in one line: a peak beyond the largest
   configuration of the tenancies allowed (the platform's published ceiling, the shared-tenancy
   ceiling), no region of the allowed providers in the allowed jurisdictions, no DR region far
   enough from production.
2. **Placements**: for each tenancy allowed (dedicated, shared) and each production region of
   the allowed providers in the allowed jurisdictions (two zones or more; offering dedicated
   hosts for dedicated), with its DR region (the given one, else the nearest far enough away:
   RED-004), one design is built from the requirements (:mod:`workbench.analysis.blueprint`),
   validated and priced over the horizon.
3. **Refinement**: the cheapest placement of each provider and tenancy is refined one choice
   at a time, in order: the database host (each cheaper SKU of the tenancy), the ODB storage
   tier, ECP application servers or not, the presentation pool over fewer zones. Each step
   keeps the cheapest design that passes.
4. **The proposal** is the cheapest design that passes every rule with no finding at all
   (errors, warnings and information) and no waiver; a design with unpriced items never wins
   on cost against one fully priced. Its ``decisions`` record the search: each choice with the
   options tried, their cost over the horizon or the rule that rejected them. The cheapest
   passing designs of the same topology that differ from it (the other tenancy, the next
   database host) are kept as its ``variants`` for ``ehrwb compare``.
5. **Nothing passes**: the statement names the requirement, the figure asked and the best
   the catalog offers (from the rule that rejected the closest design), in one line.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal
from functools import cached_property

from catalogs import Catalog
from validators.compare import tenancy_ceiling
from validators.engine import validate
from validators.report import Finding, Report
from validators.rules.cmp.baa import UNSIGNED
from validators.rules.red.dr_region import distance_km
from workbench.analysis.blueprint import Choice, NotBuilt, build
from workbench.analysis.cost import instance_monthly
from workbench.analysis.facts import DesignFacts
from workbench.analysis.sizing import attaches, candidates
from workbench.model import agreements, units
from workbench.model.agreements import OWN_PREMISES
from workbench.model.design import (
    ComponentChange,
    Decision,
    DecisionOption,
    Design,
    StorageChange,
    Variant,
)
from workbench.model.secure import LOG_STORE
from workbench.model.severity import SEVERITIES

TENANCIES = ("dedicated", "shared")
DR_REGIONS_TRIED = 2  # for each production region: the nearest regions far enough away


@dataclass(frozen=True)
class Brief:
    """What the organisation asks for: ``start`` states the metadata, requirements, policy
    (compliance record, pricing commitment) and sites; the rest narrows the search."""

    start: Design
    tenancy: str = "cheapest"  # dedicated, shared or cheapest
    providers: tuple[str, ...] = ()  # allowed; empty: any with a region in the jurisdictions
    regions: tuple[str, ...] = ()  # catalog regions: production, then DR (either optional)
    baa_signed: tuple[str, ...] = ()  # providers whose BAA the organisation has signed
    fail_on: str = "info"  # the least severity of finding that rejects a design
    reference: Design | None = None  # a design for the same requirements to compare with


@dataclass
class Tried:
    """One design the search built, and what became of it."""

    choice: Choice
    order: int = 0  # when it was tried: of equal cost, the first tried wins
    fail_on: str = "info"
    design: Design | None = None
    report: Report | None = None
    refused: str | None = None  # why it could not be built
    records_unsigned: bool = False  # no --baa-signed: an unrecorded agreement is a record

    @property
    def passed(self) -> bool:
        return self.report is not None and not self.rejecting

    @property
    def records(self) -> list[Finding]:
        """The findings about the organisation's records, which no design changes."""
        if self.report is None:
            return []
        return [f for f in self.report.findings if _is_record(f, self.records_unsigned)]

    @property
    def horizon(self) -> Decimal | None:
        return None if self.report is None else self.report.analysis.cost.horizon_cost

    @property
    def unpriced(self) -> list[str]:
        if self.report is None:
            return []
        facts = self.report.analysis.facts
        return sorted({g.item for g in self.report.analysis.cost.gaps
                       if g.element in facts.components
                       and facts.components[g.element].role != LOG_STORE})

    def rank(self) -> tuple[object, ...]:
        cost = self.horizon
        return (len(self.unpriced), cost if cost is not None else Decimal("Infinity"),
                self.order)

    @property
    def rejecting(self) -> list[Finding]:
        """The findings that reject the design, most severe first."""
        if self.report is None:
            return []
        levels = SEVERITIES[: SEVERITIES.index(self.fail_on) + 1]
        return sorted((f for f in self.report.findings if not f.waived
                       and f.severity in levels and not _is_record(f, self.records_unsigned)),
                      key=lambda f: SEVERITIES.index(f.severity))

    def verdict(self) -> str:
        """The outcome in a few words: its cost, or the first rule that rejected it."""
        if self.refused is not None:
            return f"not built: {self.refused}"
        assert self.report is not None
        if self.passed:
            gaps = f" (not priced: {', '.join(self.unpriced)})" if self.unpriced else ""
            floor = "at least " if self.unpriced else ""
            return f"passes, {floor}{money(self.horizon)} over the horizon{gaps}"
        rejecting = self.rejecting
        first = rejecting[0]
        more = len(rejecting) - 1
        return f"fails {first.rule} ({first.severity}): {first.message}" + \
            (f"; and {more} more finding{'s' if more > 1 else ''}" if more else "")


@dataclass
class Proposal:
    """The search's outcome: the design (with its decisions and runner-up variants), or the
    statement of what cannot be met."""

    design: Design | None
    chosen: Tried | None
    tried: list[Tried] = field(default_factory=list)
    infeasible: str | None = None

    def left_to_record(self) -> str | None:
        """What the organisation has still to record for the proposal to validate with no
        finding, and how (None: nothing)."""
        if self.chosen is None:
            return None
        rules = list(dict.fromkeys(f.rule for f in self.chosen.records))
        if not rules:
            return None
        count = len(self.chosen.records)
        return (f"{count} finding{'s' if count > 1 else ''} about the organisation's records "
                f"({', '.join(rules)}), which no design changes: give "
                + "; ".join(RECORD_FLAGS[r] for r in rules if r in RECORD_FLAGS)
                + ", or record them in the file")

    def to_json(self) -> dict[str, object]:
        out: dict[str, object] = {"proposed": self.design is not None,
                                  "infeasible": self.infeasible,
                                  "left_to_record": self.left_to_record(),
                                  "considered": [_tried_json(t) for t in self.tried]}
        if self.design is not None and self.chosen is not None:
            cost = self.chosen.report.analysis.cost  # type: ignore[union-attr]
            out.update({"choice": _tried_json(self.chosen),
                        "monthly_cost": float(cost.monthly_cost),
                        "horizon_cost": float(cost.horizon_cost),
                        "decisions": [d.model_dump(mode="json", exclude_none=True)
                                      for d in self.design.decisions],
                        "variants": [v.name for v in self.design.variants]})
        return out

    def summary(self) -> list[str]:
        if self.chosen is None or self.design is None:
            return [f"infeasible: {self.infeasible}"]
        req = self.design.requirements
        chosen = self.chosen
        monthly = None if chosen.report is None else chosen.report.analysis.cost.monthly_cost
        passes = "every rule passes with no finding" if chosen.fail_on == "info" else \
            f"no finding at or above {chosen.fail_on} (--fail-on {chosen.fail_on})"
        if chosen.records:
            passes = passes.replace("every rule", "every rule about the design") + \
                "; the organisation's records are still to fill in (below)"
        floor = "at least " if chosen.unpriced else ""
        unpriced = f" (not priced: {', '.join(chosen.unpriced)})" if chosen.unpriced else ""
        lines = [f"proposed: {describe(chosen.choice)}; "
                 f"{floor}{money(chosen.horizon)} over {req.planning_horizon_years} years "
                 f"({floor}{money(monthly)} a month){unpriced}; {len(self.tried)} designs "
                 f"considered, {passes}"]
        left = self.left_to_record()
        if left:
            lines.append(f"to record: {left}")
        for decision in self.design.decisions:
            lines.append(f"- {decision.title}: {decision.decision}")
        for variant in self.design.variants:
            lines.append(f"- runner-up kept as variant '{variant.name}': {variant.description}")
        return lines


def _tried_json(t: Tried) -> dict[str, object]:
    c = t.choice
    return {"tenancy": c.tenancy, "production": c.production, "dr": c.dr,
            "database_sku": c.database_sku, "storage_tier": c.storage_tier, "ecp": c.ecp,
            "presentation_zones": c.presentation_zones or None, "passes": t.passed,
            "horizon_cost": None if t.horizon is None else float(t.horizon),
            "verdict": t.verdict()}


def money(amount: Decimal | None) -> str:
    return "unpriced" if amount is None else f"${amount:,.0f}"


def describe(choice: Choice) -> str:
    return (f"{choice.tenancy} database hosts ({choice.database_sku}) in {choice.production} "
            f"with DR in {choice.dr}; " +
            ("ECP application servers" if choice.ecp else "no ECP application servers"))


# Rules about the organisation's records, not the design: the last DR test and the
# criticality analysis (CMP-009), the design's revision, date and owner (CMP-010), the
# break-glass procedure (CMP-011). No design the search builds changes them: they never
# reject one, and the proposal says what is left to record (RECORD_FLAGS).
RECORDS = ("CMP-009", "CMP-010", "CMP-011")
RECORD_FLAGS = {"CMP-009": "--last-dr-test and --criticality-analysis",
                "CMP-010": "--owner, --revision and --effective-date",
                "CMP-011": "--emergency-access",
                "CMP-006": "--baa-signed PROVIDER (the providers whose BAA you have signed)"}


def _is_record(finding: Finding, unsigned: bool) -> bool:
    """Whether ``finding`` is about the organisation's records: also an agreement not
    recorded as signed, when the brief names no signed provider at all (``unsigned``)."""
    return finding.rule in RECORDS or \
        unsigned and finding.rule == "CMP-006" and UNSIGNED in finding.message


class Infeasible(Exception):
    """What cannot be met by any catalog SKU, in one line."""


# ---------------------------------------------------------------------------- the search
class _Search:
    def __init__(self, brief: Brief, catalog: Catalog, as_of: dt.date) -> None:
        self.brief = brief
        self.catalog = catalog
        self.as_of = as_of
        self.tried: list[Tried] = []
        self.seen: dict[Choice, Tried] = {}
        self.facts = DesignFacts(brief.start, catalog)
        req = brief.start.requirements
        self.jurisdictions = set(req.allowed_jurisdictions)
        self.commitment = brief.start.policy.pricing.commitment

    # ---- one design
    def attempt(self, choice: Choice) -> Tried:
        if choice in self.seen:
            return self.seen[choice]
        tried = Tried(choice, len(self.tried), self.brief.fail_on,
                      records_unsigned=not self.brief.baa_signed)
        try:
            design = build(self.brief.start, self.catalog, choice)
        except NotBuilt as exc:
            tried.refused = str(exc)
        else:
            design = self._agreements(design)
            tried.design = design
            tried.report = validate(design, self.catalog, None, self.as_of)
            database = [c for c in design.components if c.role == "odb-production"]
            storage = database[0].storage if database else None
            tried.choice = replace(  # what the build chose where the choice left it open
                choice, database_sku=database[0].sku if database else choice.database_sku,
                storage_tier=storage.tier if storage is not None else choice.storage_tier)
        self.seen[choice] = tried
        self.seen.setdefault(tried.choice, tried)
        self.tried.append(tried)
        return tried

    def _agreements(self, design: Design, *others: Design) -> Design:
        """The agreements the organisation has signed (providers in ``baa_signed``) recorded
        for the services ``design`` (and ``others``: its variants) run on: those the
        provider's BAA covers, and those whose coverage the provider confirmed in writing
        (``baa_scope_confirmed``)."""
        if not self.brief.baa_signed:
            return design
        confirmed = set(design.policy.compliance.baa_scope_confirmed)
        services = []
        for comp in (c for d in (design, *others) for c in d.components):
            service = self.catalog.services[self.catalog.skus[comp.sku].service]
            if service.provider in self.brief.baa_signed and service.id != OWN_PREMISES \
                    and (service.baa_covered is True or service.id in confirmed):
                services.append(service.id)
        return design.model_copy(update={"policy": agreements.recorded(design.policy,
                                                                       services)})

    # ---- where
    @cached_property
    def providers(self) -> list[str]:
        """The allowed providers with a region that has zones in the allowed jurisdictions."""
        allowed = self.brief.providers
        return sorted({r.provider for r in self.catalog.regions.values()
                       if r.zones and r.jurisdiction in self.jurisdictions
                       and (not allowed or r.provider in allowed)})

    def _offers(self, catalog_region: str, tenancy: str, sku: str | None) -> bool:
        """Whether the region can hold an ODB member of ``tenancy`` (of ``sku`` when given:
        a dedicated SKU only where the catalog region offers it, PLC-001)."""
        if tenancy != "dedicated":
            return True
        if sku is not None and self.catalog.skus[sku].tenancy == "dedicated":
            return sku in self.catalog.regions[catalog_region].dedicated_skus
        return self._dedicated_offered(catalog_region)

    def production_regions(self, tenancy: str, sku: str | None = None) -> list[str]:
        if self.brief.regions:
            return [self.brief.regions[0]]
        out = []
        for region in self.catalog.regions.values():
            if region.provider not in self.providers or len(region.zones) < 2 \
                    or region.jurisdiction not in self.jurisdictions:
                continue
            if not self._offers(region.id, tenancy, sku):
                continue
            out.append(region.id)
        return out  # in the catalog's order: of equal cost, its first region wins

    def _dedicated_offered(self, catalog_region: str) -> bool:
        """Whether the region offers a dedicated host that can be an ODB member (PLC-001)."""
        offered = set(self.catalog.regions[catalog_region].dedicated_skus)
        return any(s.id in offered for s in self.catalog.skus_for_role("odb-production"))

    def dr_regions(self, production: str, tenancy: str, sku: str | None = None) -> list[str]:
        if len(self.brief.regions) > 1:
            return [self.brief.regions[1]]
        home = self.catalog.regions[production]
        limit = self.dr_distance()
        found = []
        for region in self.catalog.regions.values():
            if region.id == production or region.provider != home.provider \
                    or region.jurisdiction not in self.jurisdictions \
                    or home.coordinates is None or region.coordinates is None:
                continue
            if not self._offers(region.id, tenancy, sku):
                continue
            km = distance_km((home.coordinates.lat, home.coordinates.lon),
                             (region.coordinates.lat, region.coordinates.lon))
            if km >= limit:  # regions offering dedicated hosts first: the other tenancy
                # then fits the same regions, and is kept as a variant
                found.append((not self._dedicated_offered(region.id),
                              region.id != home.paired_region, km, region.id))
        return [found_[-1] for found_ in sorted(found)[:DR_REGIONS_TRIED]]

    def dr_distance(self) -> float:
        setting = self.brief.start.policy.rules.get("RED-004")
        if setting is not None and "min_distance_km" in setting.thresholds:
            return float(setting.thresholds["min_distance_km"])
        return self.facts.assumption("dr_min_distance_km").value

    def tenancies(self) -> list[str]:
        """The tenancies the search builds: the one asked, or each that can carry the peak
        (the others are in ``excluded``, with why)."""
        if self.brief.tenancy != "cheapest":
            return [self.brief.tenancy]
        return [t for t in TENANCIES if t not in self.excluded]

    @cached_property
    def excluded(self) -> dict[str, str]:
        peak = self.facts.peak_grefs.value
        out = {}
        for tenancy in TENANCIES:
            ceiling = tenancy_ceiling(self.facts, tenancy).value
            if peak > ceiling:
                out[tenancy] = f"peak {units.quantity(peak)} GRefs/s exceeds the largest " \
                    f"{tenancy} configuration, {units.quantity(ceiling)} (PLC-002, THR-004)"
        return out

    # ---- refinement
    def refine(self, best: Tried, dimensions: Sequence[str] = ()) -> Tried:
        """Each choice in turn (``dimensions``, default all), keeping the cheapest design that
        passes; again until no single change makes a cheaper design that passes (at most a
        few rounds)."""
        for _ in range(ROUNDS):
            start = best
            for dimension in dimensions or DIMENSIONS:
                tried = [self.attempt(c) for c in self.neighbours(best.choice, dimension)]
                best = cheapest([best, *tried], passing_first=True)
            if best is start:
                break
        return best

    def neighbours(self, choice: Choice, dimension: str) -> list[Choice]:
        """The choices that differ from ``choice`` in ``dimension`` alone."""
        return [c for c in getattr(self, f"_{dimension}")(choice) if c != choice]

    def _placement(self, choice: Choice) -> list[Choice]:
        provider = self.catalog.regions[choice.production].provider
        sku = choice.database_sku
        return [replace(choice, production=p, dr=d)
                for p in self.production_regions(choice.tenancy, sku)
                if self.catalog.regions[p].provider == provider
                for d in self.dr_regions(p, choice.tenancy, sku)]

    def _database_sku(self, choice: Choice) -> list[Choice]:
        provider = self.catalog.regions[choice.production].provider
        skus = candidates(self.facts, "odb-production", provider, choice.production,
                          choice.tenancy)
        priced = sorted((self._price(s.id, choice.production), s.id) for s in skus)
        return [replace(choice, database_sku=s) for _, s in priced]

    def _price(self, sku: str, region: str) -> float:
        amount = instance_monthly(self.catalog, sku, region, self.commitment)
        return math.inf if amount is None else float(amount)

    def _storage_tier(self, choice: Choice) -> list[Choice]:
        provider = self.catalog.regions[choice.production].provider
        sku = self.catalog.skus.get(choice.database_sku or "")
        tiers = sorted(t.id for t in self.catalog.storage_tiers.values()
                       if t.provider == provider and t.media == "flash"
                       and attaches(self.catalog, t, sku))
        return [replace(choice, storage_tier=t) for t in tiers]

    def _ecp(self, choice: Choice) -> list[Choice]:
        return [replace(choice, ecp=not choice.ecp)]

    def _presentation_zones(self, choice: Choice) -> list[Choice]:
        zones = len(self.catalog.regions[choice.production].zones)
        return [replace(choice, presentation_zones=n if n < zones else 0)
                for n in range(2, zones + 1)]


DIMENSIONS = ("placement", "database_sku", "storage_tier", "ecp", "presentation_zones")
ROUNDS = 4


def cheapest(tried: Sequence[Tried], passing_first: bool = False) -> Tried:
    """The cheapest of ``tried`` (those that pass first when asked); of equal cost, the first
    tried."""
    pool = [t for t in tried if t.passed] if passing_first else list(tried)
    pool = pool or [t for t in tried if t.report is not None] or list(tried)
    return min(pool, key=lambda t: t.rank())


def propose(brief: Brief, catalog: Catalog, as_of: dt.date) -> Proposal:
    """The cheapest design that passes every rule for ``brief``, judged at ``as_of``; or the
    statement of what cannot be met (``Proposal.infeasible``)."""
    search = _Search(brief, catalog, as_of)
    try:
        _feasible(search)
    except Infeasible as exc:
        return Proposal(None, None, [], str(exc))
    groups: dict[tuple[str, str], list[Tried]] = {}
    for tenancy in search.tenancies():
        for production in search.production_regions(tenancy):
            for dr in search.dr_regions(production, tenancy):
                tried = search.attempt(Choice(production, dr, tenancy,
                                              commitment=search.commitment))
                provider = catalog.regions[production].provider
                groups.setdefault((provider, tenancy), []).append(tried)
    if not groups:
        return Proposal(None, None, search.tried, _no_placement(search))
    for members in groups.values():
        search.refine(cheapest(members, passing_first=True))
    passing = [t for t in search.tried if t.passed]
    if not passing:
        return Proposal(None, None, search.tried, _why_not(search, search.tried))
    chosen = cheapest(passing)
    for tenancy in search.tenancies():  # the other tenancy where the proposal is: a variant
        if tenancy != chosen.choice.tenancy:
            there = search.attempt(replace(chosen.choice, tenancy=tenancy, database_sku=None,
                                           storage_tier=None))
            search.refine(there, [d for d in DIMENSIONS if d != "placement"])
    assert chosen.design is not None
    kept = _variants(search, chosen)
    decisions = _decisions(search, chosen, {id(t): v.name for v, t in kept})
    if brief.reference is not None and brief.reference.components:
        decisions.append(_against(search, chosen, brief.reference))
    passes = "passes every rule with no finding" if brief.fail_on == "info" else \
        f"has no finding at or above {brief.fail_on}"
    summary = (f"Proposed by ehrwb propose: of {len(search.tried)} designs built from the "
               f"requirements, the cheapest over the horizon that {passes}; the decisions "
               "record the search.")
    design = search._agreements(chosen.design, *(t.design for _, t in kept if t.design))
    design = design.model_copy(update={
        "metadata": chosen.design.metadata.model_copy(update={"change_summary": summary}),
        "decisions": decisions,
        "variants": [v for v, _ in kept]})
    return Proposal(design, chosen, search.tried)


# ---------------------------------------------------------------------------- cannot be met
def _feasible(search: _Search) -> None:
    """Raise Infeasible for what no catalog SKU can meet, before anything is built."""
    req = search.brief.start.requirements
    peak = search.facts.peak_grefs.value
    asked = list(TENANCIES) if search.brief.tenancy == "cheapest" else [search.brief.tenancy]
    ceilings = {t: tenancy_ceiling(search.facts, t).value for t in asked}
    platform = search.facts.assumption("platform_grefs_ceiling").value
    if "dedicated" in ceilings:
        ceilings["dedicated"] = min(ceilings["dedicated"], platform) \
            if ceilings["dedicated"] else platform
    best = max(ceilings, key=lambda t: (ceilings[t], t))
    if peak > ceilings[best]:
        raise Infeasible(f"peak {units.quantity(peak)} GRefs/s exceeds the largest {best} "
                         f"configuration, {units.quantity(ceilings[best])}"
                         + ("" if search.brief.tenancy != "shared" else
                            " (the shared-tenancy ceiling: ask for --tenancy dedicated or "
                            "cheapest)"))
    grown = peak * (1 + req.annual_growth_pct / 100) ** req.planning_horizon_years
    # running out within the horizon is THR-002's warning, crossing the headroom limit
    # THR-010's information: each rejects a design only at the severity asked
    fail_on = SEVERITIES.index(search.brief.fail_on)
    if grown > ceilings[best] and fail_on >= SEVERITIES.index("warning"):
        raise Infeasible(
            f"peak {units.quantity(peak)} GRefs/s grows to {units.quantity(grown)} at "
            f"{req.annual_growth_pct:g} % a year over {req.planning_horizon_years} years, "
            f"beyond the largest {best} configuration, {units.quantity(ceilings[best])} "
            "(THR-002)")
    limit = ceilings[best] * req.headroom_limit_pct / 100
    within = (f"beyond the largest {best} configuration within the "
              f"{req.headroom_limit_pct:g} % headroom limit, {units.quantity(limit)} "
              f"({units.quantity(ceilings[best])} at 100 %")
    if peak > limit and fail_on >= SEVERITIES.index("warning"):
        raise Infeasible(f"peak {units.quantity(peak)} GRefs/s is {within}; THR-001)")
    if grown > limit and fail_on >= SEVERITIES.index("info"):
        raise Infeasible(
            f"peak {units.quantity(peak)} GRefs/s grows to {units.quantity(grown)} at "
            f"{req.annual_growth_pct:g} % a year over {req.planning_horizon_years} years, "
            f"{within}; THR-010: --fail-on warning accepts it)")
    _recovery(search)
    if len(search.brief.regions) == 2:
        here, there = (search.catalog.regions[r] for r in search.brief.regions)
        if here.coordinates is not None and there.coordinates is not None:
            km = distance_km((here.coordinates.lat, here.coordinates.lon),
                             (there.coordinates.lat, there.coordinates.lon))
            if km < search.dr_distance():
                raise Infeasible(f"regions {here.id} and {there.id} are {km:,.0f} km apart, "
                                 f"under the {search.dr_distance():,.0f} km the DR member "
                                 "needs from production (RED-004)")
    if not search.providers:
        allowed = ", ".join(search.brief.providers) or "any provider"
        raise Infeasible(f"no region of {allowed} is in the allowed jurisdictions "
                         f"({', '.join(sorted(search.jurisdictions))})")
    for given in search.brief.regions:
        info = search.catalog.regions[given]
        if info.jurisdiction not in search.jurisdictions:
            raise Infeasible(f"region {given} is in {info.jurisdiction}, outside the allowed "
                             f"jurisdictions ({', '.join(sorted(search.jurisdictions))})")
        if search.brief.providers and info.provider not in search.brief.providers:
            raise Infeasible(f"region {given} is {info.provider}'s, not an allowed provider's "
                             f"({', '.join(search.brief.providers)})")


def _recovery(search: _Search) -> None:
    """RPO and RTO that no design reaches after losing one element of the survivable
    failure domain: a region's loss is recovered by promoting the async DR member (its lag,
    its promotion time), a zone's or a component's by the synchronous failover."""
    req = search.brief.start.requirements
    facts = search.facts
    if req.survivable_failure_domain == "region":
        lag = facts.assumption("async_replication_lag_seconds")
        if req.rpo_minutes < lag.value / 60:
            raise Infeasible(f"RPO {req.rpo_minutes:g} min after losing a region is below "
                             f"what the async DR member keeps, {lag.value / 60:g} min "
                             f"(replication lag {lag.value:g} s: async_replication_lag_seconds"
                             ", an assumption a design can override)")
        promotion = facts.assumption("dr_promotion_rto_minutes")
        if req.rto_minutes < promotion.value:
            raise Infeasible(f"RTO {req.rto_minutes:g} min after losing a region is below the "
                             f"DR member's promotion, {promotion.value:g} min "
                             "(dr_promotion_rto_minutes, an assumption a design can override)")
    failover = facts.assumption("sync_failover_rto_minutes")
    if req.rto_minutes < failover.value:
        raise Infeasible(f"RTO {req.rto_minutes:g} min is below the automatic failover "
                         f"between the mirror members, {failover.value:g} min "
                         "(sync_failover_rto_minutes, an assumption a design can override)")


def _no_placement(search: _Search) -> str:
    tenancies = " or ".join(search.tenancies())
    regions = [r for t in search.tenancies() for r in search.production_regions(t)]
    if not regions:
        return (f"no region of the allowed providers in the allowed jurisdictions has two "
                f"zones and {tenancies} database hosts")
    return (f"no region is at least {search.dr_distance():,.0f} km from "
            f"{', '.join(sorted(set(regions)))} for the DR member (RED-004)")


def _why_not(search: _Search, tried: list[Tried]) -> str:
    """The requirement the closest design could not meet, with the figure asked and the best
    any design reached, or the rule that rejected the closest and what would let it pass."""
    req = search.brief.start.requirements
    built = [t for t in tried if t.report is not None]
    if not built:
        return f"no design could be built: {tried[0].refused if tried else 'no placement'}"
    closest = min(built, key=lambda t: (  # the fewest rules broken, the most severe first
        [len({f.rule for f in t.rejecting if f.severity == level}) for level in SEVERITIES],
        t.rank()))
    rules = {f.rule for f in closest.rejecting}
    best = max(100 * t.report.analysis.availability.availability  # type: ignore[union-attr]
               for t in built)
    if "RED-007" in rules and best < req.availability_target_pct:
        return (f"availability {req.availability_target_pct:g} % exceeds the most available "
                f"configuration, {best:.4f} % ({describe(closest.choice)})")
    first = closest.rejecting[0]
    unverified = sorted({search.catalog.skus[c.sku].service for f in closest.rejecting
                         if f.rule == "CMP-006" and "unverified" in f.message
                         for c in closest.design.components  # type: ignore[union-attr]
                         if c.id in f.targets})
    if first.rule == "CMP-006" and unverified:
        return (f"no design passes every rule: the closest ({describe(closest.choice)}) holds "
                f"PHI on {', '.join(unverified)}, whose BAA coverage the provider's in-scope "
                "list does not show (CMP-006); once the provider confirms it in writing, say "
                f"so with --baa-confirmed {','.join(unverified)}")
    count = len(closest.rejecting)
    more = f" and {count - 1} more finding{'s' if count > 2 else ''}" if count > 1 else ""
    return (f"no design passes every rule: the closest ({describe(closest.choice)}) fails "
            f"{first.rule}: {first.message}{more}; {first.hint}").rstrip("; ")


# ---------------------------------------------------------------------------- the record
TITLES = {
    "placement": ("Production in {c.production}, DR in {c.dr}",
                  "The production regions of the provider in the allowed jurisdictions that "
                  "offer the database host, each with the nearest regions that offer it far "
                  "enough away for the DR member (RED-004); of equal cost, the catalog's "
                  "first."),
    "database_sku": ("ODB members on {c.database_sku}",
                     "Each database host of the tenancy the catalog offers in the region: the "
                     "rules judge whether it carries the peak (with ECP) at the horizon within "
                     "headroom, the cost decides between those that do."),
    "storage_tier": ("ODB storage on {c.storage_tier}",
                     "The provider's all-flash tiers for the ODB volumes: IOPS, latency and "
                     "what the host passes are the rules'; the cost decides between those that "
                     "pass."),
    "ecp": ("{ecp}",
            "ECP application servers let the data server serve a multiple of its own rating "
            "and keep serving after a zone is lost, at the price of their own hosts."),
    "presentation_zones": ("Presentation pool across {zones}",
                           "Spread over more zones, less spare capacity is needed to carry "
                           "every user after a zone is lost; over fewer, fewer hosts "
                           "and load balancers' zones."),
}


def _against(search: _Search, chosen: Tried, reference: Design) -> Decision:
    """The proposal beside the design it started from: cost over the horizon and a month by
    tier, findings, and the roles that design has that the proposal leaves out."""
    report = validate(reference, search.catalog, None, search.as_of)
    theirs, ours = report.analysis.cost, chosen.report.analysis.cost  # type: ignore[union-attr]
    delta = theirs.horizon_cost - ours.horizon_cost
    found = report.summary()
    findings = ", ".join(f"{n} {k}" + ("s" if n > 1 and k in ("error", "warning") else "")
                         for k, n in found.items() if n) or "no finding"
    mine = {c.role for c in chosen.design.components}  # type: ignore[union-attr]
    extra = sorted({c.role for c in reference.components} - mine)
    tiers = sorted(set(theirs.by_tier) | set(ours.by_tier))
    by_tier = "; ".join(f"{t} {money(ours.by_tier.get(t, Decimal(0)))} against "
                        f"{money(theirs.by_tier.get(t, Decimal(0)))}" for t in tiers)
    if delta >= 0:
        verdict = (f"The proposal costs {money(delta)} less over the horizon "
                   f"({money(ours.horizon_cost)} against {money(theirs.horizon_cost)}).")
    else:
        verdict = (f"The proposal costs {money(-delta)} more over the horizon "
                   f"({money(ours.horizon_cost)} against {money(theirs.horizon_cost)}): that "
                   f"design does not pass every rule ({findings}), the proposal does.")
    roles = {c.id: c.role for c in reference.components}
    theirs_extra = sum((x.monthly for x in theirs.lines if roles.get(x.element) in extra),
                       Decimal(0))
    why = (f" {reference.metadata.name} also runs {', '.join(extra)}, which no rule asks of "
           f"these requirements; they cost it {money(theirs_extra)} a month, so with them "
           f"the proposal would cost about {money(ours.monthly_cost + theirs_extra)} a month "
           f"against {money(theirs.monthly_cost)}: add them where the organisation needs them."
           if extra else "")
    return Decision(
        id="propose-against-start", title=f"Compared with {reference.metadata.name}",
        context=f"The design the proposal started from (--from): {findings}.",
        decision=f"{verdict}{why} A month by tier, proposal against that design: {by_tier}.",
        decided_by="ehrwb propose", status="proposed")


def _name(choice: Choice, dimension: str) -> str:
    match dimension:
        case "placement":
            return f"{choice.production} with DR in {choice.dr}"
        case "ecp":
            return "with ECP" if choice.ecp else "without ECP"
        case "presentation_zones":
            return f"{choice.presentation_zones} zones" if choice.presentation_zones \
                else "every zone"
        case _:
            return str(getattr(choice, dimension))


def _decisions(search: _Search, chosen: Tried, variants: dict[int, str]) -> list[Decision]:
    """The search in the design's own terms: one decision for the tenancy (the best design of
    each, and the other tenancy where the proposal is) and one for each choice (the designs
    that differ from the proposal in it alone). ``variants``: the variant each kept design
    is, by id of its Tried."""
    c = chosen.choice
    best: dict[str, list[Tried]] = {}
    for t in search.tried:
        best.setdefault(t.choice.tenancy, []).append(t)
    options = [chosen, *(cheapest(v, passing_first=True) for k, v in sorted(best.items())
                         if k != c.tenancy)]
    options += [t for t in search.tried if id(t) in variants and t.choice.tenancy != c.tenancy]
    tenancy = _decision("propose-tenancy", f"Database hosts on {c.tenancy} tenancy",
                        "Dedicated hosts (bare metal, dedicated hosts) or shared VMs for the "
                        "ODB members and the DR member: the best design of each tenancy the "
                        "search found, and the other tenancy where the proposal is.", chosen,
                        options, _where, variants)
    if search.brief.tenancy == "cheapest":
        tenancy.options += [DecisionOption(name=f"{t}", summary=f"not built: {why}")
                            for t, why in search.excluded.items()]
    else:
        tenancy.context = f"--tenancy {search.brief.tenancy}: the search built no other."
    out = [tenancy]
    tenancy.consequences = _consequences(chosen, "tenancy")
    for dimension in DIMENSIONS:
        neighbours = [search.attempt(n) for n in search.neighbours(c, dimension)]
        title, context = TITLES[dimension]
        title = title.format(c=c, ecp="ECP application servers" if c.ecp else
                             "No ECP application servers",
                             zones=_name(c, "presentation_zones"))
        out.append(_decision(f"propose-{dimension.replace('_', '-')}", title, context, chosen,
                             [chosen, *neighbours],
                             lambda x, d=dimension: _name(x, d),  # type: ignore[misc]
                             variants))
        out[-1].consequences = _consequences(chosen, dimension)
    return out


def _consequences(chosen: Tried, dimension: str) -> str | None:
    """What the choice means in the proposal's own figures."""
    assert chosen.report is not None and chosen.design is not None
    analysis = chosen.report.analysis
    tiers = analysis.capacity.tiers
    comps = chosen.design.components

    def tier(name: str) -> str:
        t = tiers.get(name)
        if t is None or not t.components:
            return ""
        return (f"the {name} tier carries {units.quantity(t.judged)} {t.unit} (low end) "
                f"against a peak of {units.quantity(t.demand)}: {t.utilization_pct:.1f} % "
                f"at peak, within the {t.headroom_limit_pct:g} % headroom limit")

    def count(role: str) -> int:
        return sum(c.count for c in comps if c.role == role)

    match dimension:
        case "tenancy" | "database_sku":
            text = tier("database")
            return text[:1].upper() + text[1:] + "." if text else None
        case "placement":
            return (f"The DR member is {count('odb-dr')} host in {chosen.choice.dr}; "
                    f"availability of the clinical path "
                    f"{100 * analysis.availability.availability:.4f} % against the "
                    f"{analysis.availability.target_pct:g} % target.")
        case "storage_tier":
            member = next((c for c in comps if c.role == "odb-production"), None)
            store = member.storage if member is not None else None
            return None if store is None else \
                f"Each ODB member has {store.size_tb:g} TB at {store.iops or 0:,} IOPS."
        case "ecp":
            return f"{count('ecp-app-server')} ECP application servers in production." \
                if chosen.choice.ecp else "The presentation tier reaches the data server " \
                "directly."
        case "presentation_zones":
            text = tier("presentation")
            return f"{count('hyperspace-presentation')} presentation hosts; " + \
                (text + "." if text else "")
    return None


def _where(choice: Choice) -> str:
    return (f"{choice.tenancy}: {choice.database_sku} in {choice.production}, DR in "
            f"{choice.dr}" + ("" if choice.ecp else ", no ECP"))


def _decision(ident: str, title: str, context: str, chosen: Tried, options: list[Tried],
              name: Callable[[Choice], str], variants: dict[int, str]) -> Decision:
    by_name: dict[str, Tried] = {}
    for t in options:  # each option once: the one kept as a variant, else the first
        if name(t.choice) not in by_name or id(t) in variants:
            by_name[name(t.choice)] = t
    listed = sorted(by_name.values(), key=lambda t: (t is not chosen, not t.passed, t.rank()))
    return Decision(
        id=ident, title=title, context=context, status="proposed", decided_by="ehrwb propose",
        options=[DecisionOption(name=name(t.choice), summary=t.verdict(),
                                variant=variants.get(id(t))) for t in listed],
        decision=_decided(chosen, listed, name))


def _decided(chosen: Tried, listed: list[Tried], name: Callable[[Choice], str]) -> str:
    mine = name(chosen.choice)
    others = [t for t in listed if t is not chosen]
    if not others:
        return f"{mine}: the only option the catalog offers here."
    text = f"{mine}: the cheapest design that {_passes(chosen.fail_on)}, " \
        f"{money(chosen.horizon)} over the horizon"
    cheaper = [t for t in others if not t.passed and t.horizon is not None
               and chosen.horizon is not None and t.horizon < chosen.horizon]
    dearer = [t for t in others if t.passed]
    if cheaper:
        text += "; cheaper options fail the rules (" + "; ".join(
            f"{name(t.choice)}: {t.rejecting[0].rule}" for t in cheaper
        ) + ")"
    if dearer:
        nxt = min(dearer, key=lambda t: t.rank())
        if nxt.horizon is not None and chosen.horizon is not None:
            more = nxt.horizon - chosen.horizon
            text += f"; the next, {name(nxt.choice)}, passes too and " + \
                (f"costs {money(more)} more" if more else
                 "costs the same (the first in the catalog's order is kept)")
    return text + "."


def _variants(search: _Search, chosen: Tried) -> list[tuple[Variant, Tried]]:
    """The cheapest passing design of the same topology in each other tenancy, and the next
    cheapest of the chosen tenancy, as variants of the proposal (with the designs they are)."""
    assert chosen.design is not None
    out: list[tuple[Variant, Tried]] = []
    same = [t for t in search.tried if t.passed and t is not chosen
            and t.design is not None and _same_topology(t.design, chosen.design)]
    picks: list[tuple[str, Tried]] = []
    for tenancy in TENANCIES:
        if tenancy == chosen.choice.tenancy:
            continue
        other = [t for t in same if t.choice.tenancy == tenancy]
        if other:
            picks.append((tenancy, cheapest(other)))
    runner = [t for t in same if t.choice.tenancy == chosen.choice.tenancy]
    if runner:
        picks.append(("next-cheapest", cheapest(runner)))
    for name, tried in picks:
        assert tried.design is not None and tried.horizon is not None
        extra = tried.horizon - (chosen.horizon or Decimal(0))
        out.append((Variant(
            name=name, tenancy=tried.choice.tenancy,
            description=f"{describe(tried.choice)}: {_passes(tried.fail_on)}, "
                        f"{money(tried.horizon)} over the horizon, {money(extra)} more than "
                        "the proposal",
            changes=_changes(chosen.design, tried.design)), tried))
    return out


def _passes(fail_on: str) -> str:
    return "passes every rule" if fail_on == "info" else \
        f"passes with no finding at or above {fail_on}"


def _same_topology(a: Design, b: Design) -> bool:
    ids = [(c.id, c.role) for c in a.components]
    return ids == [(c.id, c.role) for c in b.components] and \
        [(x.id, x.kind) for x in a.links] == [(x.id, x.kind) for x in b.links]


def _changes(base: Design, other: Design) -> list[ComponentChange]:
    out = []
    for a, b in zip(base.components, other.components, strict=True):
        update: dict[str, object] = {}
        if a.sku != b.sku:
            update["sku"] = b.sku
        if a.count != b.count:
            update["count"] = b.count
        if a.placement.zones != b.placement.zones:
            update["zones"] = b.placement.zones
        if a.storage != b.storage and b.storage is not None:
            given = b.storage.model_dump(include={"tier", "size_tb", "iops"})
            update["storage"] = StorageChange.model_validate(given)
        if update:
            out.append(ComponentChange.model_validate({"component": a.id, **update}))
    return out
