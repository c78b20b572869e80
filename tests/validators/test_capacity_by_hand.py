"""Capacity numbers worked out by hand, asserted exactly."""

from __future__ import annotations

import pytest

from tests.validators.small import _link, base, comp, drop, link, run
from workbench.analysis.capacity import runway_year


def tiers(report):
    cap = report.analysis.capacity
    return cap, cap.tiers


def test_base_design_by_hand():
    """Base design (see tests/validators/small.py). Every rating is a band (low / expected /
    high); utilization and runway are judged on the low end.

    One ECP server, E32bds_v5 (16 cores, Ice Lake: generation factor 1.35, an assumption):
      raw 16 x 97,222 x 1.35 = 2,099,995.2; expected 2,100,000; high x 1.1 = 2,309,994.7 ->
      2,310,000; low = min(raw x 0.85, 16 x 97,222 x 0.85 (no uplift: the generation is not
      published)) = 1,322,219.2 -> 1,322,000. Shared x 0.9: 1,189,800 / 1,890,000 / 2,079,000.
    Application: 4 active-active instances: 4,759,200 / 7,560,000 / 8,316,000;
      utilization 2,000,000 / 4,759,200 = 42.023870 %;
      runway n > ln(4,759,200 / 2,000,000) / ln(1.05) = ln(2.3796)/0.04879 = 17.77 -> 18
      -> 2044.
    Database: ALI S224SE, 112 cores x 97,222 x 1.25 = 13,611,080: above the highest published
      single-host result, so 7,000,000 at every end. Fed by ECP: the multiple is at most what
      the ECP servers drive over the data server's own rating: low min(3, max(1, 4,759,200 /
      7 M)) = 1 -> 7,000,000; expected min(4, 7,560,000 / 7 M = 1.08) -> 7,560,000; high
      min(5, 1.188) -> 8,316,000.
      utilization 2,000,000 / 7,000,000 = 28.571429 %;
      runway n > ln(3.5)/ln(1.05) = 25.68 -> 26 -> 2052.
    Presentation: 40 x 40 users = 1,600 (no band); utilization 62.5 %; runway
      n > ln(1.6)/ln(1.05) = 9.63 -> 10 -> 2036.
    Served: sites 1.2 M + 0.8 M; nothing on the path is smaller -> 2,000,000, no bottleneck.
    """
    cap, t = tiers(run(base()))
    db, app = t["database"], t["application"]
    assert (db.low, db.capacity, db.high) == pytest.approx((7_000_000, 7_560_000, 8_316_000))
    assert db.utilization_pct == pytest.approx(28.571429, abs=1e-6)
    assert db.runway_year == 2052
    assert (app.low, app.capacity, app.high) == pytest.approx((4_759_200, 7_560_000, 8_316_000))
    assert app.utilization_pct == pytest.approx(42.023870, abs=1e-6)
    assert app.runway_year == 2044
    assert t["presentation"].capacity == 1600
    assert t["presentation"].utilization_pct == 62.5
    assert t["presentation"].runway_year == 2036
    assert cap.flow.served == 2_000_000 and cap.flow.bottleneck == []
    assert cap.grefs_per_user == 2000
    band = db.to_json()["capacity_band"]
    assert band["expected"] == db.capacity and band["low"] == db.low
    assert "capped at the published 7 M" in band["reason"] and "ECP multiple" in band["reason"]


def test_single_host_without_ecp_by_hand():
    """No ECP, peak 6,000,000 GRefs/s, Hyperspace straight to the data server.

    Database: 7,000,000 at every end (the single-host estimate 13.6 M is capped at the highest
    published single-host result, 7 M); utilization 6 / 7 = 85.714286 %.
    runway: n > ln(7 / 6) / ln(1.05) = 3.16 -> 4 -> 2030.
    Presentation: 6,000,000 / 1,000 users = 6,000 GRefs/s per user; citrix 1,600 users =
    9,600,000 GRefs/s >= 6 M. Served 6,000,000; no application tier.
    """
    doc = drop(base(), "ecp-1", "ecp-2")
    doc["requirements"]["peak_grefs_per_s"] = 6_000_000
    doc["links"] += [_link("citrix", "odb-a", "client"), _link("citrix", "odb-b", "client")]
    cap, t = tiers(run(doc))
    assert "application" not in t
    assert (t["database"].low, t["database"].capacity, t["database"].high) == (7e6, 7e6, 7e6)
    assert t["database"].utilization_pct == pytest.approx(85.714286, abs=1e-6)
    assert t["database"].runway_year == 2030
    assert cap.flow.served == 6_000_000


def test_undersized_presentation_by_hand():
    """citrix count 20: 20 x 40 = 800 users.

    Flow: node capacity 800 users x 2,000 GRefs/s per user = 1,600,000 < 2,000,000 demand,
    so served = 1,600,000 and the min cut is the citrix node.
    Presentation utilization 1,000 / 800 = 125 %; runway: over already -> base year 2026.
    """
    doc = base()
    comp(doc, "citrix")["count"] = 20
    cap, t = tiers(run(doc))
    assert cap.flow.served == 1_600_000
    assert cap.flow.bottleneck == ["citrix"]
    assert t["presentation"].utilization_pct == 125.0
    assert t["presentation"].runway_year == 2026
    assert t["presentation"].served == 800
    assert t["presentation"].bottleneck == ["citrix"]


def test_thin_site_link_by_hand():
    """hq's link at 50 Mbit/s: 50,000 kbit/s / 150 kbit/s per user = 333.33 users
    x 2,000 GRefs/s = 666,666.67 GRefs/s of hq's 1,200,000 share; clinic's 800,000 passes.
    Served = 1,466,666.67; bottleneck the hq link."""
    doc = base()
    link(doc, "hq--gw")["bandwidth_mbps"] = 50
    cap, _ = tiers(run(doc))
    assert cap.flow.served == pytest.approx(1_466_666.6667, abs=1e-3)
    assert cap.flow.bottleneck == ["hq--gw"]


def test_active_passive_pool_counts_one_instance():
    """citrix as active-passive: one instance of 40 users carries load -> capacity 40."""
    doc = base()
    comp(doc, "citrix")["redundancy"] = {"mode": "active-passive"}
    _, t = tiers(run(doc))
    assert t["presentation"].capacity == 40


@pytest.mark.parametrize("demand,capacity,growth,year", [
    (100, 100, 10, None if False else 2027),   # equal now; 110 > 100 next year
    (100, 121, 10, 2029),                       # 121 is reached exactly in 2028, exceeded 2029
    (100, 120, 10, 2028),
    (150, 100, 10, 2026),                       # already over
    (100, 200, 0, None),                        # no growth, never
])
def test_runway_year(demand, capacity, growth, year):
    assert runway_year(demand, capacity, growth, 2026) == year
