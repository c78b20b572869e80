"""Every RED and CMP rule (and DSN-005): a design where it fires, with the exact set of
(rule, targets, severity), and the complete design where none fires."""

from __future__ import annotations

import pytest

from tests.validators.small import _link, comp, complete, drop, link, pairs, run

FAMILIES = ("RED", "CMP", "DSN")


def run_doc(fn):
    doc = complete()
    fn(doc)
    return run(doc)


def found(fn=None):
    doc = complete()
    if fn is not None:
        fn(doc)
    return pairs(run(doc), FAMILIES)


def test_complete_design_is_clean_for_every_family():
    report = run(complete())
    assert report.findings == []


# ------------------------------------------------------------------------------------ RED
def test_red_001_single_production_member():
    def single(d):
        drop(d, "odb-b")
    # one member left: RED-001; it is also a single point of failure (RED-008), the database
    # tier drops to one 99.9 % server (RED-007) and losing z1 loses the service
    assert found(single) == {("RED-001", ("odb-a",), "error"),
                             ("RED-007", ("odb-a",), "error"),
                             ("RED-008", ("odb-a",), "error"),
                             ("RED-009", ("z1",), "error"), ("RED-010", ("z1",), "error")}


def test_red_002_failover_members_in_one_zone():
    def same(d):
        comp(d, "odb-b")["placement"] = {"region": "east", "zones": ["z1"],
                                         "proximity_group": "ppg1"}
        # keep ECP next to its data servers so PLC-003 stays quiet
    # losing z1 now takes both members: the DR member is promoted, but no DR path exists
    assert found(same) == {("RED-002", ("odb-a", "odb-b"), "error"),
                           ("RED-009", ("z1",), "error"), ("RED-010", ("z1",), "error")}


def test_red_003_no_arbiter():
    def none(d):
        drop(d, "arbiter")
    # without an arbiter failover is manual: 60 min RTO still within 120
    assert found(none) == {("RED-003", ("odb-a", "odb-b"), "warning")}


def test_red_003_arbiter_in_a_member_zone():
    def shared(d):
        comp(d, "arbiter")["placement"]["zones"] = ["z2"]
    assert found(shared) == {("RED-003", ("arbiter", "odb-b"), "warning")}


def test_red_003_manual_failover_breaks_a_tight_rto():
    def tight(d):
        drop(d, "arbiter")
        d["requirements"]["rto_minutes"] = 30
    # losing z1 (primary odb-a) needs a manual failover: 60 min > 30 min
    assert found(tight) == {("RED-003", ("odb-a", "odb-b"), "warning"),
                            ("RED-010", ("z1",), "error")}


def test_red_004_no_dr_member():
    assert found(lambda d: drop(d, "odb-dr")) == {("RED-004", ("odb-a", "odb-b"), "error")}


def test_red_004_dr_too_close():
    def close(d):
        d["placement"]["regions"][1]["catalog_region"] = "azure-eastus2"
    # East US (37.37, -79.82) to East US 2 (36.67, -78.39): about 150 km < 250 km (East US 2
    # offering no ALI is PLC-001's finding)
    assert found(close) == {("RED-004", ("odb-dr",), "error")}


def test_red_004_distance_threshold_from_policy():
    def far(d):
        d["policy"]["rules"] = {"RED-004": {"thresholds": {"min_distance_km": 3000}}}
    # East US to South Central US is about 1,700 km
    assert found(far) == {("RED-004", ("odb-dr",), "error")}


def test_red_005_clarity_from_production():
    def direct(d):
        link(d, "odb-rpt--clarity").update({"from": "odb-a", "id": "odb-a--clarity"})
        link(d, "odb-a--clarity")
        d["links"].append(_link("odb-b", "clarity", "extract"))
    assert found(direct) == {("RED-005", ("odb-a--clarity",), "warning"),
                             ("RED-005", ("odb-b--clarity",), "warning")}


def test_red_005_no_reporting_shadow():
    def none(d):
        drop(d, "odb-rpt")
        d["links"] += [_link("odb-a", "clarity", "extract"), _link("odb-b", "clarity", "extract"),
                       _link("odb-a", "bca-web", "replication"),
                       _link("odb-b", "bca-web", "replication")]
    assert found(none) == {("RED-005", (), "warning"),
                           ("RED-005", ("odb-a--clarity",), "warning"),
                           ("RED-005", ("odb-b--clarity",), "warning")}


def test_red_006_workload_pinned_to_one_member():
    def pinned(d):
        d["links"].append(_link("odb-b", "bca-web", "replication"))
    assert found(pinned) == {("RED-006", ("odb-b--bca-web",), "error")}


def test_red_007_availability_below_target():
    def strict(d):
        d["requirements"]["availability_target_pct"] = 99.95
    # gateways 99.95 x presentation 99.99 x application 99.99 x database 99.9899 = 99.9199 %
    assert found(strict) == {("RED-007", ("gw",), "error")}


def test_red_008_single_gateway_vm():
    def single(d):
        comp(d, "gw")["sku"] = "azure-er-gw-standard"  # one gateway, not zone-redundant
    # the gateway has no zones and is not zone-redundant: any zone of east may take it
    zones = {(rule, (z,), "error") for rule in ("RED-009", "RED-010") for z in ("z1", "z2", "z3")}
    assert found(single) == {("RED-008", ("gw",), "error")} | zones


def test_red_009_zone_loss_leaves_too_little_presentation():
    assert found(lambda d: comp(d, "citrix").update(count=40)) == {
        ("RED-009", ("z1",), "error"), ("RED-009", ("z2",), "error")}


def test_red_009_component_domain():
    def domain(d):
        d["requirements"]["survivable_failure_domain"] = "component"
    # losing the whole Hyperspace pool or the only gateway stops the clinical path
    assert found(domain) == {("RED-009", ("citrix",), "error"), ("RED-009", ("gw",), "error"),
                             ("RED-010", ("citrix",), "error"), ("RED-010", ("gw",), "error")}


def test_red_010_rpo_after_dr_promotion():
    def regional(d):
        d["requirements"].update(survivable_failure_domain="region", rpo_minutes=0.1)
        comp(d, "odb-dr")["redundancy"]["replication_lag_s"] = 30
    # losing east promotes odb-dr: 30 s = 0.5 min of journal > 0.1 min, and no DR path
    assert found(regional) == {("RED-009", ("east",), "error"), ("RED-010", ("east",), "error")}
    (f,) = [f for f in run_doc(regional).findings if f.rule == "RED-010"]
    assert f.message == ("after losing east: RPO 0.5 min > 0.1 min; service does not come "
                         "back without repair")


def test_red_011_no_business_continuity_access():
    def none(d):
        drop(d, "bca-web")
    assert found(none) == {("RED-011", (), "warning")}


def test_red_012_single_vm_on_standard_hdd():
    def hdd(d):
        c = comp(d, "ecp-2")
        c["count"] = 1
        c["redundancy"] = {"mode": "single"}
        c["storage"] = {"tier": "azure-standard-hdd", "size_tb": 1}
    # one ECP VM left in z2 also lowers availability and cannot carry peak alone after z1
    assert found(hdd) == {("RED-012", ("ecp-2",), "warning"),
                          ("RED-007", ("ecp-1", "ecp-2"), "error"),
                          ("RED-009", ("z1",), "error")}


def test_red_013_backups_not_321():
    def thin(d):
        drop(d, "backup-dr")
    assert found(thin) == {
        ("RED-013", ("backup", "odb-a"), "error"),
        ("CMP-008", ("backup",), "error")}


# ------------------------------------------------------------------------------------ CMP
def test_cmp_001_phi_store_unencrypted():
    def plain(d):
        comp(d, "odb-rpt")["security"]["encryption_at_rest"] = "none"
    assert found(plain) == {("CMP-001", ("odb-rpt",), "error")}


def test_cmp_001_phi_follows_backups_to_a_non_phi_role():
    def receiver(d):
        # a log store receiving backups holds PHI although its role does not
        d["links"].append(_link("clarity", "logs", "replication"))
        comp(d, "logs")["security"]["encryption_at_rest"] = "none"
    # the catalog allows no such link (DSN-003), but PHI is followed along it all the same
    assert found(receiver) == {("CMP-001", ("logs",), "error"),
                               ("DSN-003", ("clarity--logs",), "error")}


def test_cmp_001_override_says_no_phi():
    def tokenised(d):
        comp(d, "odb-rpt")["security"]["encryption_at_rest"] = "none"
        comp(d, "odb-rpt")["stores_phi"] = False
    assert ("CMP-001", ("odb-rpt",), "error") not in found(tokenised)


def test_cmp_002_unencrypted_phi_links():
    def plain(d):
        link(d, "odb-a--odb-b")["encrypted"] = False
        link(d, "hq--gw")["encrypted"] = False
        link(d, "arbiter--odb-a")["encrypted"] = False  # admin: no PHI
    assert found(plain) == {("CMP-002", ("odb-a--odb-b",), "error"),
                            ("CMP-002", ("hq--gw",), "error")}


def test_cmp_003_audit_logging():
    def quiet(d):
        comp(d, "odb-dr")["security"]["audit_logging"] = False
        del comp(d, "clarity")["security"]["log_store"]
        comp(d, "backup")["security"]["log_store"] = "odb-rpt"
    assert found(quiet) == {("CMP-003", ("odb-dr",), "error"),
                            ("CMP-003", ("clarity",), "error"),
                            ("CMP-003", ("backup",), "error")}


def test_cmp_004_admin_without_mfa():
    def weak(d):
        comp(d, "gw")["security"]["admin_mfa"] = False
        comp(d, "citrix")["security"]["unique_admin_identity"] = False
    assert found(weak) == {("CMP-004", ("gw",), "error"), ("CMP-004", ("citrix",), "error")}


def test_cmp_005_public_database_and_open_ports():
    def exposed(d):
        comp(d, "odb-rpt")["security"]["public_endpoint"] = True
        comp(d, "citrix")["security"]["public_endpoint"] = True  # not a store: allowed
        comp(d, "bca-web")["security"]["management_ports"] = "open"
    assert found(exposed) == {("CMP-005", ("odb-rpt",), "error"),
                              ("CMP-005", ("bca-web",), "error")}


def test_cmp_006_baa():
    def unsigned(d):
        d["policy"]["compliance"]["business_associate_agreements"].remove("azure-storage")
        comp(d, "logs").update(sku="azure-preview-log-store", stores_phi=True)
    assert found(unsigned) == {("CMP-006", ("backup",), "error"),
                               ("CMP-006", ("backup-dr",), "error"),
                               ("CMP-006", ("logs",), "error")}


def test_cmp_007_phi_outside_allowed_jurisdiction():
    def abroad(d):
        d["placement"]["regions"][1]["catalog_region"] = "azure-canadacentral"
    assert found(abroad) == {("CMP-007", ("odb-dr",), "error"),
                             ("CMP-007", ("backup-dr",), "error")}


def test_cmp_008_backups_unencrypted_and_local():
    def local(d):
        comp(d, "backup-dr")["placement"] = {"region": "east"}
        comp(d, "backup")["security"]["encryption_at_rest"] = "none"
        comp(d, "clarity")["security"]["backup_policy"] = {"encrypted": False}
    # the unencrypted backup target is also an unencrypted PHI store (CMP-001), and with both
    # targets in east no copy is remote (RED-013)
    assert found(local) == {("CMP-008", ("backup",), "error"),
                            ("CMP-008", ("clarity",), "error"),
                            ("CMP-008", ("backup", "backup-dr"), "error"),
                            ("CMP-001", ("backup",), "error"),
                            ("RED-013", ("backup", "backup-dr", "odb-a"), "error")}


def test_cmp_009_dr_test_too_old_and_no_criticality():
    def stale(d):
        d["policy"]["compliance"]["last_dr_test"] = "2025-01-10"
        del d["policy"]["compliance"]["criticality_analysis"]
    doc = complete()
    stale(doc)
    report = run(doc)  # judged at 2026-07-01: 537 days, 17.6 months of 30.4375 days
    messages = sorted(f.message for f in report.findings)
    assert [f.rule for f in report.findings] == ["CMP-009", "CMP-009"]
    assert messages[0] == "no criticality analysis is recorded"
    assert messages[1] == ("the last DR test (2025-01-10) is 18 months old on 2026-07-01 "
                           "(policy limit 12)")


def test_cmp_010_missing_documentation():
    def bare(d):
        d["metadata"] = {"name": "x"}
    assert found(bare) == {("CMP-010", (), "info")}


def test_cmp_011_no_break_glass():
    def none(d):
        del d["policy"]["compliance"]["emergency_access_procedure"]
    assert found(none) == {("CMP-011", (), "warning")}


def test_cmp_012_no_integrity_controls():
    def none(d):
        comp(d, "backup-dr")["security"]["integrity_controls"] = False
    assert found(none) == {("CMP-012", ("backup-dr",), "warning")}


# ------------------------------------------------------------------------------------ waivers
def _waived(doc, **waiver):
    doc["waivers"] = [{"rule": "CMP-012", "target": "backup-dr", **waiver}]
    comp(doc, "backup-dr")["security"]["integrity_controls"] = False
    return run(doc)


def test_waiver_in_force_hides_the_finding():
    report = _waived(complete(), justification="immutability in Q2", approver="CISO",
                     expires="2099-12-31")
    (f,) = report.findings
    assert f.rule == "CMP-012" and f.waived and report.summary() == {
        "error": 0, "warning": 0, "info": 0, "waived": 1}


def test_cmp_013_expired_waiver_shows_the_finding_again():
    report = _waived(complete(), justification="immutability in Q2", approver="CISO",
                     expires="2020-01-01")
    assert pairs(report, FAMILIES) == {("CMP-012", ("backup-dr",), "warning"),
                                       ("CMP-013", ("backup-dr",), "warning")}
    assert report.summary()["waived"] == 0


def test_dsn_005_incomplete_waiver_is_an_error_and_hides_nothing():
    report = _waived(complete(), justification="", approver="", expires="2099-12-31")
    assert pairs(report, FAMILIES) == {("CMP-012", ("backup-dr",), "warning"),
                                       ("DSN-005", ("backup-dr",), "error")}


def test_waived_findings_in_sarif_carry_the_justification():
    from validators.registry import all_rules
    from validators.sarif import to_sarif

    report = _waived(complete(), justification="immutability in Q2", approver="CISO",
                     expires="2099-12-31")
    result = to_sarif(report, all_rules())["runs"][0]["results"][0]
    assert result["suppressions"] == [{"kind": "external", "status": "accepted",
                                       "justification": "immutability in Q2"}]


def test_clauses_are_cited():
    doc = complete()
    comp(doc, "odb-rpt")["security"]["encryption_at_rest"] = "none"
    (f,) = [f for f in run(doc).findings if f.rule == "CMP-001"]
    assert f.references[0] == "HIPAA 164.312(a)(2)(iv)"


@pytest.mark.parametrize("family", ["RED", "CMP"])
def test_every_rule_of_the_family_is_exercised(family):
    import inspect
    import sys

    from validators.registry import rule_ids

    source = inspect.getsource(sys.modules[__name__]).lower()
    for rule_id in rule_ids():
        if rule_id.startswith(family):
            assert f"test_{rule_id.lower().replace('-', '_')}" in source, rule_id

