"""`ehrwb propose` as a property: any feasible set of requirements gives a design that passes
every rule with no finding at all; a set that cannot be met gives the one-line statement and
never a design that fails.

The brief and the search are called in this process (validators.brief.brief,
validators.propose.propose); the design is judged as the command line judges it
(validators.engine.validate), at a fixed date."""

from __future__ import annotations

import datetime as dt
import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from catalogs import load_catalog
from validators.brief import Asked, brief
from validators.compare import tenancy_ceiling
from validators.engine import validate
from validators.propose import Proposal, propose
from workbench.analysis.facts import DesignFacts
from workbench.model import units

CATALOG = load_catalog(use_setting=False)
AS_OF = dt.date(2026, 11, 28)
# the organisation's records the compliance rules read: the proposal records nothing itself
RECORDS = {"owner": "IT", "revision": "1", "effective_date": "2026-12-01",
           "last_dr_test": "2026-04-20", "criticality_analysis": "2026-01-12",
           "emergency_access": "IT-SOP-22", "baa_signed": ["azure"], "providers": ["azure"]}
# each proposal takes 0.2 to 2 s: a bounded, repeatable draw keeps the file well under a minute
PROPERTY = settings(max_examples=20, derandomize=True, deadline=None, database=None,
                    suppress_health_check=[HealthCheck.too_slow])


def asked(**fields: object) -> Asked:
    return Asked(**{**RECORDS, **fields})  # type: ignore[arg-type]


# the catalog's figures, read through the facts of any brief
FACTS = DesignFacts(brief(asked(users=1000), CATALOG).start, CATALOG)


def ceiling(tenancy: str) -> float:
    """The largest configuration of ``tenancy`` (cheapest: either) the catalog offers, in
    GRefs/s at the low end with ECP, as the search states it (validators.compare)."""
    platform = FACTS.assumption("platform_grefs_ceiling").value
    found = {"shared": tenancy_ceiling(FACTS, "shared").value,
             "dedicated": min(tenancy_ceiling(FACTS, "dedicated").value, platform)}
    return found[tenancy] if tenancy in found else max(found.values())


def covered_ceiling() -> float:
    """The largest dedicated configuration on a service the provider's BAA covers (no
    confirmation asked), at the low end with ECP: above it only Azure Large Instances carry
    the peak, whose coverage is unverified."""
    lows = [band.low for sku in CATALOG.skus.values()
            if sku.provider == "azure" and sku.tenancy == "dedicated"
            and "database-server" in sku.classes
            and CATALOG.services[sku.service].baa_covered is True
            and (band := CATALOG.grefs_band(sku.id)) is not None]
    return max(lows) * FACTS.assumption("ecp_scaleout_low").value


CEILINGS = {t: ceiling(t) for t in ("cheapest", "dedicated", "shared")}
SIZES = (200, 1_000, 2_500, 5_000, 10_000, 15_000, 20_000, 30_000, 39_001)
HEADROOM = 0.75  # the design model's default headroom limit
COVERED = covered_ceiling()


def grown(peak: float, growth_pct: float, years: int) -> float:
    return peak * (1 + growth_pct / 100) ** years


def judged(proposal: Proposal) -> list[str]:
    """Every finding of the proposed design, waived or not, in one line each."""
    assert proposal.design is not None
    report = validate(proposal.design, CATALOG, None, AS_OF)
    return [f"{f.rule} {f.severity} {', '.join(f.targets)}: {f.message}"
            for f in report.findings]


@st.composite
def feasible(draw) -> Asked:
    """Requirements the catalog can meet: the demand at the end of the horizon within the
    headroom limit of the largest configuration of the tenancy asked."""
    tenancy = draw(st.sampled_from(["cheapest", "shared", "dedicated"]))
    growth = draw(st.sampled_from([0.0, 2.0, 4.0, 8.0]) | st.floats(0, 8).map(
        lambda g: round(g, 1)))
    horizon = draw(st.integers(3, 7))
    # hypothesis favours the smallest integers: a size class first spreads the draws over the
    # range, from a clinic to the largest academic centre
    users = min(40_000, draw(st.sampled_from(SIZES)) + draw(st.integers(0, 999)))
    per_user = draw(st.integers(300, 600))  # GRefs/s per concurrent user
    limit = HEADROOM * CEILINGS[tenancy]
    if tenancy != "shared":  # see test_a_peak_only_large_instances_carry
        limit = min(limit, HEADROOM * COVERED)
    # 3 % short of the limit at the end of the horizon: no tie with it after rounding
    most = int(0.97 * limit / (1 + growth / 100) ** horizon)
    peak = most if draw(st.booleans()) else min(users * per_user, most)  # at the edge, or not
    return asked(users=users, peak_grefs=peak, growth_pct=growth, horizon_years=horizon,
                 availability_pct=draw(st.sampled_from([99.9, 99.95])),
                 rpo_minutes=draw(st.integers(5, 60)), rto_minutes=draw(st.integers(60, 480)),
                 survive=draw(st.sampled_from(["zone", "component", "region"])),
                 tenancy=tenancy)


@PROPERTY
@given(feasible())
def test_every_feasible_set_gives_a_design_with_no_finding(wanted):
    proposal = propose(brief(wanted, CATALOG), CATALOG, AS_OF)
    assert proposal.infeasible is None, proposal.infeasible
    assert proposal.design is not None and judged(proposal) == []
    req = proposal.design.requirements
    assert (req.concurrent_users, req.peak_grefs_per_s, req.survivable_failure_domain) == \
        (wanted.users, wanted.peak_grefs, wanted.survive)
    if wanted.tenancy != "cheapest":
        assert proposal.chosen is not None
        assert proposal.chosen.choice.tenancy == wanted.tenancy


@st.composite
def beyond(draw) -> tuple[str, Asked]:
    """Requirements no catalog configuration meets, and the kind of statement they call for:
    a peak above the largest configuration today, a demand that outgrows it (or its headroom
    limit) within the horizon, or an availability above what any placement reaches."""
    tenancy = draw(st.sampled_from(["cheapest", "shared", "dedicated"]))
    top = CEILINGS[tenancy]
    kind = draw(st.sampled_from(["peak", "growth", "headroom", "availability"]))
    horizon = draw(st.integers(3, 7))
    growth = draw(st.integers(1, 8))
    availability = 99.95
    if kind == "peak":
        peak = int(top * draw(st.floats(1.01, 4)))
        growth = draw(st.integers(0, 8))
    elif kind == "availability":
        peak, growth = draw(st.integers(200_000, 3_000_000)), 0
        availability = draw(st.sampled_from([99.99, 99.995, 99.999, 99.9999]))
    else:  # within the ceiling today, beyond it (or its headroom) at the end of the horizon
        reach = top if kind == "growth" else HEADROOM * top
        low = reach / (1 + growth / 100) ** horizon * 1.01
        peak = int(draw(st.floats(low, reach * 0.999)))
    return kind, asked(users=draw(st.integers(200, 40_000)), peak_grefs=peak,
                       growth_pct=float(growth), horizon_years=horizon, tenancy=tenancy,
                       availability_pct=availability,
                       survive=draw(st.sampled_from(["zone", "component", "region"])))


@PROPERTY
@given(beyond())
def test_what_cannot_be_met_is_stated_in_one_line_never_a_failing_design(case):
    kind, wanted = case
    proposal = propose(brief(wanted, CATALOG), CATALOG, AS_OF)
    if proposal.design is not None:  # never a design that fails
        assert judged(proposal) == [], f"a design that fails for {kind} beyond reach"
        return
    statement = proposal.infeasible
    assert statement and "\n" not in statement
    if kind == "availability":
        match = re.fullmatch(rf"availability {wanted.availability_pct:g} % exceeds the most "
                             r"available configuration, (\d+\.\d+) % \(.+\)", statement)
        assert match and float(match[1]) < (wanted.availability_pct or 0), statement
        return
    peak = float(wanted.peak_grefs or 0)
    assert statement.startswith(f"peak {units.quantity(peak)} GRefs/s "), statement
    largest = "the largest shared" if wanted.tenancy == "shared" else "the largest"
    if kind == "peak":
        assert re.search(r"exceeds the largest (shared|dedicated) configuration, "
                         r"\d+(\.\d+)? M", statement), statement
        assert largest in statement, statement
    else:
        end = grown(peak, wanted.growth_pct or 0, wanted.horizon_years or 0)
        assert f"grows to {units.quantity(end)} at {wanted.growth_pct:g} % a year over " \
            f"{wanted.horizon_years} years, beyond {largest}" in statement, statement


def test_a_peak_only_large_instances_carry():
    """Above the largest dedicated host the BAA covers, the peak needs Azure Large Instances:
    once their coverage is confirmed (--baa-confirmed), a design passes."""
    peak = int(0.9 * HEADROOM * CEILINGS["dedicated"])
    assert peak > HEADROOM * COVERED
    wanted = asked(users=22_000, peak_grefs=peak, tenancy="dedicated",
                   baa_confirmed=["azure-large-instances"])
    proposal = propose(brief(wanted, CATALOG), CATALOG, AS_OF)
    assert proposal.infeasible is None, proposal.infeasible
    assert judged(proposal) == []
