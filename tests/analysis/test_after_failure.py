"""Capacity after a failure, worked out by hand on the small complete design
(tests/validators/small.py): ECP servers rated low 1,189,800 / expected 1,890,000 GRefs/s an
instance, 60 Hyperspace hosts at 40 users, the ODB members capped at the published 7,000,000
GRefs/s; demand 2,000,000 GRefs/s and 1,000 users growing 5 % a year from 2026; headroom
limit 80 %."""

from __future__ import annotations

import math

import pytest

from catalogs import load_catalog
from tests.conftest import SAMPLES
from tests.validators.small import AS_OF, complete, run
from workbench.analysis.after_failure import capacity_after, outcome_rows
from workbench.analysis.run import analyse
from workbench.analysis.scenarios import Scenario
from workbench.model.io import load_design


def after(scenario_id: str, doc=None):
    a = run(doc or complete()).analysis
    s = next(x for x in a.scenarios.scenarios if x.id == scenario_id)
    return {t.tier: t for t in capacity_after(a.facts, a.topology, a.capacity, s)}


def test_losing_a_zone_halves_the_ecp_and_hyperspace_pools():
    """Zone z1 takes ecp-1 (2 of 4 ECP instances) and 30 of 60 Hyperspace hosts.
    Application: 4 x 1,189,800 = 4,759,200 (42.0 %) -> 2 x 1,189,800 = 2,379,600 (84.0 %);
    2,000,000 x 1.05^3 = 2,315,250 <= 2,379,600 < 2,000,000 x 1.05^4 = 2,431,013: runs out
    in 2030; 80 % of 2,379,600 = 1,903,680 < 2,000,000: over the limit from 2026.
    Presentation: 2,400 users (41.7 %) -> 1,200 (83.3 %); 1,000 x 1.05^4 = 1,215.5 > 1,200:
    2030; 80 % of 1,200 = 960 < 1,000: 2026."""
    tiers = after("zone:z1")
    app = tiers["application"]
    assert (app.normal.judged, app.after.judged) == pytest.approx((4_759_200, 2_379_600))
    assert (app.normal.capacity, app.after.capacity) == pytest.approx((7_560_000, 3_780_000))
    assert app.after.utilization_pct == pytest.approx(100 * 2_000_000 / 2_379_600)
    assert round(app.after.utilization_pct, 1) == 84.0 and round(app.lost_pct) == 50
    assert (app.normal.runway_year, app.after.runway_year) == (2044, 2030)
    assert app.after.headroom_year == 2026
    assert app.after.components == ["ecp-2"]
    pres = tiers["presentation"]
    assert (pres.normal.capacity, pres.after.capacity) == (2_400, 1_200)
    assert round(pres.after.utilization_pct, 1) == 83.3
    assert (pres.after.runway_year, pres.after.headroom_year) == (2030, 2026)


def test_losing_a_zone_leaves_the_database_one_member_without_the_ecp_uplift():
    """Normal: one member (7,000,000) driven by 4 ECP instances, 4 x 1,890,000 = 7,560,000
    expected (x 1.08). After z1: odb-b with ecp-2's 2 x 1,890,000 = 3,780,000, less than the
    member's own 7,000,000: no uplift, 7,000,000 at every end; the low end (judged) is
    7,000,000 both ways: 2,000,000 / 7,000,000 = 28.6 %."""
    db = after("zone:z1")["database"]
    assert (db.normal.capacity, db.after.capacity) == pytest.approx((7_560_000, 7_000_000))
    assert db.after.judged == db.normal.judged == 7_000_000
    assert round(db.after.utilization_pct, 1) == 28.6 and db.lost_pct == 0
    assert db.after.components == ["odb-b"] and db.after.served == 2_000_000


def test_losing_the_region_leaves_nothing_clinical_but_the_dr_member():
    """Region east: odb-dr promoted (7,000,000), but no ECP or Hyperspace host survives:
    no capacity, out of it at once."""
    tiers = after("region:east")
    assert tiers["database"].after.judged == 7_000_000
    assert tiers["database"].after.components == ["odb-dr"]
    for name in ("application", "presentation"):
        t = tiers[name].after
        assert t.judged == 0 and math.isinf(t.utilization_pct) and t.runway_year == 2026
        assert round(tiers[name].lost_pct) == 100


def test_a_loss_that_takes_nothing_is_normal_operation():
    """The same rules as the capacity module: with nothing lost every tier is as normal."""
    catalog = load_catalog(use_setting=False)
    for name in ("academic-medical-center-ali", "community-hospital-shared"):
        a = analyse(load_design(SAMPLES / f"{name}.yaml", catalog).design, catalog, AS_OF)
        none = Scenario("zone", "none", "lose nothing", {}, [], False, 1.0, 1.0, 0.0, 0.0)
        for t in capacity_after(a.facts, a.topology, a.capacity, none):
            n, f = t.normal, t.after
            assert (f.low, f.capacity, f.high) == pytest.approx((n.low, n.capacity, n.high)), \
                (name, t.tier)
            assert (f.runway_year, f.headroom_year) == (n.runway_year, n.headroom_year)


def test_the_outcome_table_every_view_prints():
    """Zone z1's rows: utilization of the low end, normal then after, and the years."""
    a = run(complete()).analysis
    s = next(x for x in a.scenarios.scenarios if x.id == "zone:z1")
    rows = outcome_rows(capacity_after(a.facts, a.topology, a.capacity, s))
    assert rows[1:] == [
        ("application", "42.0 % of 4,759,200", "84.0 % of 2,379,600", "2040 -> 2026",
         "2044 -> 2030"),
        ("presentation", "41.7 % of 2,400", "83.3 % of 1,200", "2040 -> 2026", "2044 -> 2030")]


def test_every_scenario_reads_the_same_with_the_ratings_the_analysis_shares():
    """`ehrwb scenarios --capacity` passes the analysis's ratings (worked out once for capacity
    and every scenario) instead of working them out for each scenario again: the same
    figures for every scenario of the flagship."""
    catalog = load_catalog(use_setting=False)
    a = analyse(load_design(SAMPLES / "academic-medical-center-ali.yaml", catalog).design,
                catalog, AS_OF)
    shared = a.flow_networks.ratings
    for s in a.scenarios.scenarios:
        fresh = [t.to_json() for t in capacity_after(a.facts, a.topology, a.capacity, s)]
        assert [t.to_json() for t in capacity_after(a.facts, a.topology, a.capacity, s,
                                                    shared)] == fresh, s.id
