"""Every DSN, THR and PLC rule: a small design where it fires (exact rule/target/severity
set) and the base design where it does not."""

from __future__ import annotations

import pytest

from tests.validators.small import _link, base, comp, drop, link, pairs, run
from validators.registry import rule_ids


def test_base_design_has_no_findings():
    assert pairs(run(base())) == set()


def mutate(fn):
    doc = base()
    fn(doc)
    return pairs(run(doc))


# ------------------------------------------------------------------------------------ DSN
def test_dsn_006_fewer_servers_than_the_guide_calls_for():
    doc = base()
    doc["requirements"]["sizing"] = {"source": "HCG 2026", "date": "2026-05-01",
                                     "servers": {"ecp-app-server": 6,
                                                 "hyperspace-presentation": 40}}
    assert {p for p in pairs(run(doc)) if p[0] == "DSN-006"} == {
        ("DSN-006", ("ecp-1", "ecp-2"), "warning")}  # 4 ECP instances of the 6 it calls for
    doc["requirements"]["sizing"]["servers"]["ecp-app-server"] = 4
    assert not {p for p in pairs(run(doc)) if p[0] == "DSN-006"}


def test_dsn_001_missing_backup_target():
    assert mutate(lambda d: drop(d, "backup")) == {("DSN-001", (), "error")}


def test_dsn_001_missing_presentation_and_odb():
    doc = drop(base(), "citrix", "odb-a", "odb-b", "ecp-1", "ecp-2")
    found = {p[:2] for p in pairs(run(doc)) if p[0] == "DSN-001"}
    assert found == {("DSN-001", ())}
    assert len([f for f in run(doc).findings if f.rule == "DSN-001"]) == 2


def test_dsn_002_unconnected_component():
    def add(d):
        d["components"].append({"id": "kuiper", "role": "kuiper", "sku": "azure-d4s-v5",
                                "placement": {"region": "east", "zones": ["z3"]}})
    assert mutate(add) == {("DSN-002", ("kuiper",), "warning")}


def test_dsn_002_log_store_receiving_logs_is_connected():
    def add(d):
        d["components"].append({"id": "logs", "role": "log-store", "sku": "azure-log-analytics",
                                "placement": {"region": "east"}})
        comp(d, "odb-a")["security"] = {"audit_logging": True, "log_store": "logs"}
    assert mutate(add) == set()


def test_dsn_003_wrong_link_kind():
    def wrong(d):
        link(d, "odb-a--odb-b")["kind"] = "ecp"
    assert mutate(wrong) == {("DSN-003", ("odb-a--odb-b",), "error")}


def test_dsn_004_sku_not_offered_for_role():
    def wrong(d):
        comp(d, "backup")["sku"] = "azure-d8s-v5"
    assert mutate(wrong) == {("DSN-004", ("backup",), "error")}


# ------------------------------------------------------------------------------------ THR
def test_thr_001_over_capacity_is_an_error():
    # 600,000 x 3 (ECP) = 1,800,000 < 2,000,000: over capacity, and the flow is short too
    def small(d):
        for cid in ("odb-a", "odb-b"):
            comp(d, cid)["overrides"] = {"grefs_per_s": 600_000, "basis": "test"}
    assert mutate(small) == {("THR-001", ("odb-a", "odb-b"), "error"),
                             ("THR-009", ("odb-a", "odb-b"), "error")}


def test_thr_001_above_headroom_is_a_warning():
    # 800,000 x 3 = 2,400,000: 83.3 % > 75 %; runs out in 2030 (2 M x 1.05^4 = 2.43 M)
    def tight(d):
        for cid in ("odb-a", "odb-b"):
            comp(d, cid)["overrides"] = {"grefs_per_s": 800_000}
    assert mutate(tight) == {("THR-001", ("odb-a", "odb-b"), "warning"),
                             ("THR-002", ("odb-a", "odb-b"), "warning")}


def test_thr_001_policy_headroom_threshold_and_severity():
    def strict(d):
        d["policy"] = {"rules": {"THR-001": {"severity": "info",
                                             "thresholds": {"headroom_pct": 4}}}}
    # utilization 4.9 % > 4 %: reported at the policy's severity
    assert mutate(strict) == {("THR-001", ("odb-a", "odb-b"), "info")}


def test_thr_002_growth_runs_out_within_horizon():
    # presentation: 1,000 x 1.12^5 = 1,762 > 1,600 in 2031 = 2026 + 5
    assert mutate(lambda d: d["requirements"].update(annual_growth_pct=12)) == \
        {("THR-002", ("citrix",), "warning")}


def test_thr_002_not_beyond_horizon():
    # 11 %: 1,000 x 1.11^5 = 1,685 > 1,600 in 2031 too; 10 %: 1,611 in 2031 as well; 9 %:
    # 1,539 in 2031, 1,677 in 2032 -> beyond the horizon. The 80 % headroom limit (1,280
    # users) is crossed inside it: 1,000 x 1.09^3 = 1,295.0 in 2029 (1.09^2: 1,188.1), THR-010
    assert mutate(lambda d: d["requirements"].update(annual_growth_pct=9)) == \
        {("THR-010", ("citrix",), "info")}


def test_thr_010_headroom_crossed_inside_the_horizon():
    """Base design at the default 75 % limit: presentation 1,600 users, limit 1,200;
    1,000 x 1.05^3 = 1,157.6, 1.05^4 = 1,215.5 > 1,200 -> 2030 <= 2031 (horizon); the tier
    runs out of capacity only in 2036 (THR-002 silent). Application: 0.75 x 4,759,200 =
    3,569,400, crossed when 1.05^n > 1.7847, n = 12 -> 2038; database 0.75 x 7,000,000 =
    5,250,000, n > ln(2.625) / ln(1.05) = 19.8 -> 2046: both beyond the horizon."""
    doc = base()
    doc["requirements"]["headroom_limit_pct"] = 75
    report = run(doc)
    assert pairs(report) == {("THR-010", ("citrix",), "info")}
    msg = next(f.message for f in report.findings if f.rule == "THR-010")
    assert msg == ("presentation tier crosses the 75.0 % headroom limit in 2030: demand grows "
                   "to 1,216 users at 5 % a year, 76.0 % of the low end of its capacity "
                   "(horizon 2031)")  # 1,215.5 / 1,600 = 75.97 %


def test_thr_010_not_when_the_crossing_is_beyond_the_horizon():
    """At 75 % with a 3-year horizon (to 2029) the 2030 crossing is outside it; at 80 % with
    the 5-year horizon the limit (1,280) is crossed in 2032 (1,000 x 1.05^5 = 1,276.3 is still
    under it)."""
    doc = base()
    doc["requirements"].update(headroom_limit_pct=75, planning_horizon_years=3)
    assert pairs(run(doc)) == set()
    assert pairs(run(base())) == set()


def test_thr_010_policy_threshold():
    """A policy threshold of 70 % replaces the design's limit: 1,120 users, crossed when
    1.05^n > 1.12, n = 3 (1,157.6) -> 2029."""
    doc = base()
    doc["policy"] = {"rules": {"THR-010": {"thresholds": {"headroom_pct": 70}}}}
    report = run(doc)
    assert pairs(report) == {("THR-010", ("citrix",), "info")}
    assert "in 2029" in next(f.message for f in report.findings if f.rule == "THR-010")


def test_thr_003_large_single_host_without_ecp():
    def no_ecp(d):
        drop(d, "ecp-1", "ecp-2")
        d["requirements"]["peak_grefs_per_s"] = 8_000_000
        d["links"] += [_link("citrix", "odb-a", "client"), _link("citrix", "odb-b", "client")]
    # one host is rated at most 7 M (the highest published single-host result): 8 M is also
    # over capacity (THR-001) and cannot be served (THR-009)
    assert mutate(no_ecp) == {("THR-003", ("odb-a", "odb-b"), "warning"),
                              ("THR-001", ("odb-a", "odb-b"), "error"),
                              ("THR-009", ("odb-a", "odb-b"), "error")}


def test_thr_003_not_with_ecp():
    def big(d):
        d["requirements"]["peak_grefs_per_s"] = 8_000_000
        # 16 ECP instances drive 16 x 1,189,800 = 19.04 M at the low end: the data server
        # serves 7 M x min(3, 19.04 / 7) = 19.04 M, 42 % utilized
        comp(d, "ecp-1")["count"] = comp(d, "ecp-2")["count"] = 8
    assert mutate(big) == set()


def test_thr_004_platform_ceiling_from_policy_threshold():
    def ceiling(d):
        d["policy"] = {"rules": {"THR-004": {"thresholds": {"ceiling_grefs": 1_000_000}}}}
    assert mutate(ceiling) == {("THR-004", (), "error")}


def test_thr_005_iops_per_tb_error_and_info():
    def iops(d):
        comp(d, "odb-a")["storage"]["iops"] = 5000   # 500 per TB
        comp(d, "odb-b")["storage"]["iops"] = 15000  # 1,500 per TB
    assert mutate(iops) == {("THR-005", ("odb-a",), "error"), ("THR-005", ("odb-b",), "info")}


def test_thr_006_latency_and_media():
    def slow(d):
        comp(d, "odb-a")["storage"]["read_latency_avg_ms"] = 3
        comp(d, "odb-b")["storage"].update(tier="azure-standard-hdd", iops=2000, size_tb=1)
    assert mutate(slow) == {("THR-006", ("odb-a",), "error"),
                            ("THR-006", ("odb-b",), "error")}


def test_thr_007_too_few_presentation_hosts():
    # 20 x 40 = 800 users < 1,000; the flow is short by the same
    assert mutate(lambda d: comp(d, "citrix").update(count=20)) == {
        ("THR-007", ("citrix",), "error"), ("THR-009", ("citrix",), "error")}


def test_thr_007_above_headroom():
    # 26 x 40 = 1,040 users: 96.2 %; grows past 1,040 in 2027
    assert mutate(lambda d: comp(d, "citrix").update(count=26)) == {
        ("THR-007", ("citrix",), "warning"), ("THR-002", ("citrix",), "warning")}


def test_thr_008_mirror_and_site_links():
    def thin(d):
        link(d, "odb-a--odb-b")["bandwidth_mbps"] = 50   # journal needs 80 Mbit/s
        link(d, "hq--gw")["bandwidth_mbps"] = 50         # 600 users need 90 Mbit/s
    assert mutate(thin) == {("THR-008", ("odb-a--odb-b",), "error"),
                            ("THR-008", ("hq--gw",), "error"),
                            ("THR-009", ("hq--gw",), "error")}


def test_thr_009_undersized_ecp_tier_is_the_bottleneck():
    def weak(d):
        for cid in ("ecp-1", "ecp-2"):
            comp(d, cid)["overrides"] = {"grefs_per_s": 200_000}
    assert mutate(weak) == {("THR-009", ("ecp-1", "ecp-2"), "error")}


def test_thr_009_disconnected_presentation():
    """No site reaches citrix, so nothing downstream of it carries load either: every pool
    is named (a connectivity fault), and the tiers keep the capacity the design pays for."""
    doc = base()
    doc["links"].remove(link(doc, "gw--citrix"))
    report = run(doc)
    assert pairs(report) == {("THR-009", (), "error"), ("THR-009", ("citrix",), "error"),
                             ("THR-009", ("ecp-1",), "error"), ("THR-009", ("ecp-2",), "error")}
    citrix = next(f for f in report.findings if f.rule == "THR-009" and f.targets == ("citrix",))
    assert citrix.message == ("citrix (40 instances) counts toward the presentation tier but "
                              "carries nothing: no site reaches it through client links")
    assert report.analysis.capacity.tiers["presentation"].capacity == 1600  # 40 x 40 users


def test_thr_009_pool_cut_off_from_the_database_still_counts():
    """ecp-2 loses both ECP links: the application tier still counts its 2 instances
    (4 x 1,189,800 = 4,759,200 low, as in the base design) and THR-009 names ecp-2; served
    throughput is still 2,000,000 (ecp-1 alone: 2 x 1,189,800 = 2,379,600 >= 2 M), so the
    flow itself is not short. THR-007 stays silent: presentation is not short of capacity."""
    doc = base()
    for lid in ("ecp-2--odb-a", "ecp-2--odb-b"):
        doc["links"].remove(link(doc, lid))
    report = run(doc)
    app = report.analysis.capacity.tiers["application"]
    assert app.components == ["ecp-1", "ecp-2"]
    assert app.low == pytest.approx(4_759_200)
    assert report.analysis.capacity.flow.served == pytest.approx(2_000_000)
    found = {p for p in pairs(report) if p[0] in ("THR-007", "THR-009")}
    assert found == {("THR-009", ("ecp-2",), "error")}
    msg = next(f.message for f in report.findings if f.rule == "THR-009")
    assert msg == ("ecp-2 (2 instances) counts toward the application tier but carries "
                   "nothing: it has no client / ECP path to the production ODB")


def test_presentation_pool_without_its_links_is_a_connectivity_fault_not_thr_007():
    """A second Citrix pool of 20 x 40 = 800 users with no links: it counts (1,600 + 800 =
    2,400 users, utilization 1,000 / 2,400 = 41.67 %), THR-009 names it, THR-007 is silent."""
    doc = base()
    doc["components"].append({"id": "citrix-b", "role": "hyperspace-presentation",
                              "sku": "azure-d16s-v5", "count": 20,
                              "placement": {"region": "east", "zones": ["z3"]},
                              "redundancy": {"mode": "active-active"}})
    report = run(doc)
    pres = report.analysis.capacity.tiers["presentation"]
    assert pres.capacity == 2400
    assert pres.utilization_pct == pytest.approx(41.666667, abs=1e-6)
    found = {p for p in pairs(report) if p[0] in ("THR-007", "THR-009")}
    assert found == {("THR-009", ("citrix-b",), "error")}


# ------------------------------------------------------------------------------------ PLC
def test_plc_001_ali_where_not_offered():
    def move(d):
        d["placement"]["regions"][0]["catalog_region"] = "azure-centralus"
    assert mutate(move) == {("PLC-001", ("odb-a",), "error"), ("PLC-001", ("odb-b",), "error")}


def test_plc_002_shared_odb_above_ceiling():
    def shared(d):
        for cid in ("odb-a", "odb-b"):
            comp(d, cid)["sku"] = "azure-m176bds-4-v3"
        d["policy"] = {"rules": {"PLC-002": {"thresholds": {"shared_ceiling_grefs": 1_000_000}}}}
    assert mutate(shared) == {("PLC-002", ("odb-a",), "error"), ("PLC-002", ("odb-b",), "error")}


def test_plc_002_not_below_ceiling():
    def shared(d):
        for cid in ("odb-a", "odb-b"):
            comp(d, cid)["sku"] = "azure-m176bds-4-v3"
    assert mutate(shared) == set()


def test_plc_003_ecp_away_from_data_server():
    def far(d):
        comp(d, "ecp-2")["placement"] = {"region": "east", "zones": ["z3"]}
    assert mutate(far) == {("PLC-003", ("ecp-2", "odb-a", "odb-b"), "error")}


def test_plc_004_gateway_without_fastpath():
    assert mutate(lambda d: comp(d, "gw").update(sku="azure-er-gw-ergw2az")) == \
        {("PLC-004", ("gw",), "warning")}


def test_plc_004_no_gateway_in_a_region_with_ali():
    def no_gw(d):
        drop(d, "gw")
        d["links"] += [_link("hq", "citrix", "client", 1000),
                       _link("clinic", "citrix", "client", 1000)]
    assert mutate(no_gw) == {("PLC-004", ("east",), "warning")}


def test_plc_005_ultra_disk_with_ade_and_availability_set():
    def ultra(d):
        c = comp(d, "odb-a")
        c["storage"]["tier"] = "azure-ultra-disk"
        c["security"] = {"encryption_at_rest": "azure-disk-encryption"}
        c["placement"]["availability_set"] = True
    assert mutate(ultra) == {("PLC-005", ("odb-a",), "error")}


def test_plc_006_journals_on_the_database_pool():
    def shared_pool(d):
        for fs in comp(d, "odb-b")["storage"]["filesystems"]:
            fs["pool"] = "db"
    assert mutate(shared_pool) == {("PLC-006", ("odb-b",), "warning")}


def test_plc_006_too_few_file_systems():
    def few(d):
        comp(d, "odb-a")["storage"]["filesystems"] = comp(d, "odb-a")["storage"]["filesystems"][:2]
    assert mutate(few) == {("PLC-006", ("odb-a",), "warning")}


def test_plc_001_ali_in_a_zone_of_a_region_that_offers_it_without_zones():
    """ALI for Epic: South Central US is offered without zones (Microsoft Learn, ALI for
    Epic); the region's zones serve VMs only."""
    def scus(d):
        d["placement"]["regions"][0]["catalog_region"] = "azure-southcentralus"
    assert mutate(scus) == {("PLC-001", ("odb-a",), "error"), ("PLC-001", ("odb-b",), "error")}

    def scus_no_zone(d):
        scus(d)
        for cid in ("odb-a", "odb-b"):
            comp(d, cid)["placement"].pop("zones")
    assert "PLC-001" not in {p[0] for p in mutate(scus_no_zone)}


def _msv3_odb(d, **storage):
    """odb-a on an M48s_1_v3 VM: 65,000 IOPS / 1,560 MB/s uncached (Microsoft Learn, Msv3
    and Mdsv3 medium memory series)."""
    c = comp(d, "odb-a")
    c["sku"] = "azure-m48s-1-v3"
    c["storage"].update(storage)


def test_plc_007_storage_beyond_what_the_vm_passes():
    found = mutate(lambda d: _msv3_odb(d, iops=80_000, throughput_mb_s=2_000))
    assert ("PLC-007", ("odb-a",), "error") in found
    doc = base()
    _msv3_odb(doc, iops=80_000, throughput_mb_s=2_000)
    report = run(doc)
    [hit] = [f for f in report.findings if f.rule == "PLC-007"]
    assert "IOPS 80,000 IOPS (provisioned) is more than the 65,000 IOPS" in hit.message
    assert "throughput 2,000 MB/s (provisioned) is more than the 1,560 MB/s" in hit.message


def test_plc_007_tier_maximum_beyond_the_vm_is_a_warning():
    """No figure stated: Ultra Disk's 400,000 IOPS is what THR-005 credits, more than the VM
    passes."""
    def ultra(d):
        _msv3_odb(d, tier="azure-ultra-disk")
        comp(d, "odb-a")["storage"].pop("iops")
    assert ("PLC-007", ("odb-a",), "warning") in mutate(ultra)


def test_plc_007_not_within_the_vm_limits():
    found = mutate(lambda d: _msv3_odb(d, iops=60_000, throughput_mb_s=1_500))
    assert "PLC-007" not in {p[0] for p in found}


def test_every_rule_of_these_families_is_exercised():
    import inspect
    import sys

    from tests.validators import test_resilience_rules

    source = inspect.getsource(sys.modules[__name__]) + inspect.getsource(test_resilience_rules)
    for rule_id in rule_ids():
        if rule_id.split("-")[0] in ("DSN", "THR", "PLC"):
            assert f'"{rule_id}"' in source, f"{rule_id} has no firing test"


@pytest.mark.parametrize("rule_id", ["THR-001", "PLC-004"])
def test_policy_can_disable_a_rule(rule_id):
    def off(d):
        comp(d, "gw")["sku"] = "azure-er-gw-ergw2az"
        for cid in ("odb-a", "odb-b"):
            comp(d, cid)["overrides"] = {"grefs_per_s": 600_000}
        d["policy"] = {"rules": {rule_id: {"enabled": False}}}
    assert rule_id not in {p[0] for p in mutate(off)}
