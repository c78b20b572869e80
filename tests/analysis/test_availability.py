"""Availability of the clinical path, checked by hand (6 decimal places) and by Monte Carlo."""

from __future__ import annotations

import numpy as np
import pytest

from tests.validators.small import comp, complete, run
from workbench.analysis.availability import PathAvailability


def availability(doc) -> PathAvailability:
    return run(doc).analysis.availability


def pct(x: float) -> float:
    return round(100 * x, 6)


def test_complete_design_by_hand():
    """complete() (tests/validators/small.py); instances at their single-VM SLA 99.9 %.

    gateways: one ErGw3AZ, only a zone-redundant SLA: 99.95 %            -> 0.9995
    presentation: 60 x D16s_v5 over z1, z2 (zones SLA 99.99 % as the common cause);
      80,000 GRefs/s each (40 users x 2,000), k = 2,000,000 / 80,000 = 25 of 60;
      P(>= 25 of 60 up at 0.999) = 1 - O(1e-90)                         -> 0.9999
    application: ECP group of 4 (z1, z2; common cause 0.9999), 1,680,000 each,
      k = ceil(2,000,000 / 1,680,000) = 2 of 4:
      1 - (0.001^4 + 4 x 0.999 x 0.001^3) = 1 - 3.997e-9                -> 0.999899999600
    database: failover pair on ALI, pair SLA 99.99 % as common cause, one member suffices:
      0.9999 x (1 - 0.001^2)                                            -> 0.999899000100
    path = 0.9995 x 0.9999 x 0.9998999960034 x 0.9998990001 = 0.99919917679 -> 99.919918 %
    """
    path = availability(complete())
    tiers = {t.tier: t for t in path.tiers}
    assert pct(tiers["gateways"].availability) == 99.95
    assert (tiers["presentation"].needed, tiers["presentation"].instances) == (25, 60)
    assert pct(tiers["presentation"].availability) == 99.99
    assert tiers["application"].needed == 2
    assert pct(tiers["application"].availability) == 99.99
    assert tiers["application"].availability == pytest.approx(0.9998999960034, abs=1e-13)
    assert pct(tiers["database"].availability) == 99.9899
    assert pct(path.availability) == 99.919918
    assert path.downtime_minutes_per_month == pytest.approx(
        (1 - 0.9991991767900215) * 43200, abs=1e-6)


def test_single_zone_pool_by_hand():
    """Hyperspace in one zone, no availability set: the provider promises no more than one
    VM's 99.9 % for the pool -> presentation 0.999 (k = 25 of 60 is certain otherwise).
    path = 0.9995 x 0.999 x 0.9998999960034 x 0.9998990001 = 0.9982998076 -> 99.829981 %"""
    doc = complete()
    comp(doc, "citrix")["placement"] = {"region": "east", "zones": ["z1"]}
    path = availability(doc)
    assert pct({t.tier: t for t in path.tiers}["presentation"].availability) == 99.9
    assert pct(path.availability) == 99.829981


def test_availability_set_by_hand():
    """Hyperspace in an availability set: common cause 99.95 % -> presentation 0.9995.
    path = 0.9995 x 0.9995 x 0.9998999960034 x 0.9998990001 = 0.9987994571 -> 99.879946 %"""
    doc = complete()
    comp(doc, "citrix")["placement"] = {"region": "east", "availability_set": True}
    path = availability(doc)
    assert pct({t.tier: t for t in path.tiers}["presentation"].availability) == 99.95
    assert pct(path.availability) == 99.879946


def test_capacity_ties_redundancy():
    """ECP at 500,000 GRefs/s x 0.8 = 400,000 each needs k = 5 of its 4 instances: the tier
    can never carry peak load, so the path availability is 0 whatever the SLAs."""
    doc = complete()
    for cid in ("ecp-1", "ecp-2"):
        comp(doc, cid)["overrides"] = {"grefs_per_s": 500_000}
    path = availability(doc)
    app = {t.tier: t for t in path.tiers}["application"]
    assert (app.needed, app.instances, app.availability) == (5, 4, 0.0)
    assert path.availability == 0.0


def test_more_instances_raise_a_k_of_n_tier():
    """Unreliable instances (90 %) make k-of-n visible: ECP 4 instances needing 2:
    1 - (0.1^4 + 4 x 0.9 x 0.1^3) = 0.9963, x common cause 0.9999 = 0.99620037."""
    doc = complete()
    for cid in ("ecp-1", "ecp-2"):
        comp(doc, cid)["overrides"] = {"sla_pct": 90}
    app = {t.tier: t for t in availability(doc).tiers}["application"]
    assert app.availability == pytest.approx(0.9963 * 0.9999, abs=1e-12)


# ------------------------------------------------------------------------------ Monte Carlo
def simulate(path: PathAvailability, samples: int, seed: int = 7) -> float:
    """Draw every group's common cause and every instance independently, add up the capacity
    that is up per tier as the model says, and count the draws where all tiers carry demand."""
    rng = np.random.default_rng(seed)
    path_up = np.ones(samples, dtype=bool)
    for tier in path.tiers:
        demand = tier.demand
        capacity = np.zeros(samples)
        for group in tier.groups:
            group_up = rng.random(samples) < group.common_cause
            one_carrier = np.zeros(samples, dtype=bool)
            best = 0.0
            for pool in group.pools:
                up = rng.binomial(pool.instances, pool.instance_availability, samples)
                cap = demand if pool.capacity is None else pool.capacity
                if pool.one_carries:
                    one_carrier |= up > 0
                    best = max(best, cap)
                else:
                    capacity += np.where(group_up, np.minimum(demand, up * cap), 0.0)
            capacity += np.where(group_up & one_carrier, min(demand, best), 0.0)
        path_up &= capacity >= demand - 1e-6
    return float(path_up.mean())


@pytest.mark.parametrize("sla", [90.0, 97.0])
def test_monte_carlo_agrees_with_the_exact_figure(sla):
    """Lower the SLAs so that failures are frequent, then compare 400,000 simulated draws
    with the exact figure: within 4 standard errors."""
    doc = complete()
    for c in doc["components"]:
        c["overrides"] = {**c.get("overrides", {}), "sla_pct": sla}
    path = availability(doc)
    exact = path.availability
    n = 400_000
    estimate = simulate(path, n)
    se = (exact * (1 - exact) / n) ** 0.5
    assert 0.05 < exact < 0.999
    assert abs(estimate - exact) < 4 * se, (estimate, exact, se)


def test_monte_carlo_sees_k_of_n_with_mixed_pools():
    """Two presentation pools of different sizes and users per host in one tier: the exact
    dynamic programme over capacities and the simulation agree."""
    doc = complete()
    c = comp(doc, "citrix")
    c.update(count=20, overrides={"sla_pct": 80})
    doc["components"].append({**c, "id": "citrix-big", "sku": "azure-d32s-v5", "count": 6,
                              "overrides": {"sla_pct": 85}})
    doc["links"].append({"id": "gw--citrix-big", "from": "gw", "to": "citrix-big",
                         "kind": "client", "encrypted": True})
    for target in ("ecp-1", "ecp-2"):
        doc["links"].append({"id": f"citrix-big--{target}", "from": "citrix-big",
                             "to": target, "kind": "client", "encrypted": True})
    path = availability(doc)
    pres = {t.tier: t for t in path.tiers}["presentation"]
    assert pres.needed is None  # unlike pools: no single k
    estimate = simulate(path, 400_000, seed=11)
    se = (path.availability * (1 - path.availability) / 400_000) ** 0.5
    assert abs(estimate - path.availability) < 4 * se
