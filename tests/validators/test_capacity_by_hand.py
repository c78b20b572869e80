"""Capacity numbers worked out by hand, asserted exactly."""

from __future__ import annotations

import pytest

from tests.validators.small import _link, base, comp, drop, link, run
from workbench.analysis.capacity import runway_year


def tiers(report):
    cap = report.analysis.capacity
    return cap, cap.tiers


def test_base_design_by_hand():
    """Base design (see tests/validators/small.py).

    Database: ALI S224SE = 112 cores x 97,222 x 1.25 = 13,611,080 -> 13,611,000 GRefs/s;
      fed by ECP so x 3 = 40,833,000; one failover member serves.
      utilization = 2,000,000 / 40,833,000 = 4.8980 %.
      runway: 2,000,000 x 1.05^n > 40,833,000 -> n > ln(20.4165)/ln(1.05) = 61.83 -> n = 62,
      year 2026 + 62 = 2088.
    Application: E32bds_v5 = 16 x 97,222 x 1.35 = 2,099,995 -> 2,100,000; shared x 0.8 =
      1,680,000; 4 active-active instances = 6,720,000; utilization 29.7619 %;
      runway n > ln(3.36)/ln(1.05) = 24.83 -> 25 -> 2051.
    Presentation: 40 x 40 users = 1,600; utilization 62.5 %; runway
      n > ln(1.6)/ln(1.05) = 9.63 -> 10 -> 2036.
    Served: sites 1.2 M + 0.8 M; nothing on the path is smaller -> 2,000,000, no bottleneck.
    """
    cap, t = tiers(run(base()))
    assert t["database"].capacity == 40_833_000
    assert t["database"].utilization_pct == pytest.approx(4.897999, abs=1e-6)
    assert t["database"].runway_year == 2088
    assert t["application"].capacity == 6_720_000
    assert t["application"].utilization_pct == pytest.approx(29.761905, abs=1e-6)
    assert t["application"].runway_year == 2051
    assert t["presentation"].capacity == 1600
    assert t["presentation"].utilization_pct == 62.5
    assert t["presentation"].runway_year == 2036
    assert cap.flow.served == 2_000_000 and cap.flow.bottleneck == []
    assert cap.grefs_per_user == 2000


def test_single_host_without_ecp_by_hand():
    """No ECP, peak 8,000,000 GRefs/s, Hyperspace straight to the data server.

    Database: 13,611,000 (no ECP factor); utilization 8,000,000 / 13,611,000 = 58.775990 %.
    runway: n > ln(13,611,000 / 8,000,000) / ln(1.05) = ln(1.701375)/0.048790 = 10.89 -> 11
      -> 2037.
    Presentation: 8,000 GRefs/s per user; citrix 1,600 users = 12,800,000 GRefs/s >= 8 M.
    Served 8,000,000; no application tier.
    """
    doc = drop(base(), "ecp-1", "ecp-2")
    doc["requirements"]["peak_grefs_per_s"] = 8_000_000
    doc["links"] += [_link("citrix", "odb-a", "client"), _link("citrix", "odb-b", "client")]
    cap, t = tiers(run(doc))
    assert "application" not in t
    assert t["database"].capacity == 13_611_000
    assert t["database"].utilization_pct == pytest.approx(58.775990, abs=1e-6)
    assert t["database"].runway_year == 2037
    assert cap.flow.served == 8_000_000


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
