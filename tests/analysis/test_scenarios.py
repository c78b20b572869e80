"""Failure scenarios worked out by hand, and the scenarios command."""

from __future__ import annotations

import json

from tests.conftest import SAMPLES
from tests.validators.small import comp, complete, run
from workbench.cli import main


def scenarios(doc):
    return {s.id: s for s in run(doc).analysis.scenarios.scenarios}


def test_zone_loss_fails_over_synchronously():
    """Losing z1 takes odb-a (the primary), ecp-1 and 30 of 60 Hyperspace hosts.
    odb-b takes over automatically (arbiter in z3 survives): RPO 0, RTO 2 min (catalog
    assumption). What is left: ECP 2 x 1,680,000 = 3,360,000 >= 2,000,000; Hyperspace
    30 x 40 = 1,200 users >= 1,000; database odb-b 13,611,000 x 3 >> 2,000,000: all served."""
    s = scenarios(complete())["zone:z1"]
    assert s.lost == {"citrix": 30, "ecp-1": 2, "odb-a": 1}
    assert s.failover == ["odb-a -> odb-b (synchronous mirror, automatic failover (arbiter "
                          "arbiter survives))"]
    assert (s.served, s.rpo_minutes, s.rto_minutes, s.breaks) == (2_000_000, 0.0, 2.0, [])


def test_zone_loss_with_too_few_hosts_left():
    """With 40 Hyperspace hosts, z1 takes 20: 20 x 40 users x 2,000 GRefs/s = 1,600,000 of
    2,000,000 served (80 %), the presentation tier the bottleneck."""
    doc = complete()
    comp(doc, "citrix")["count"] = 40
    s = scenarios(doc)["zone:z1"]
    assert s.served == 1_600_000 and s.served_pct == 80.0
    assert s.breaks == ["throughput"] and s.bottleneck == ["citrix"]


def test_region_loss_promotes_dr():
    """Losing east promotes odb-dr: RPO 30 s = 0.5 min (async lag assumption), RTO 60 min
    (promotion assumption). Nothing clinical runs in dr, so nothing is served: the service
    does not come back (RTO breaks) and throughput breaks."""
    s = scenarios(complete())["region:east"]
    assert s.promoted and s.failover[0].startswith("odb-a -> odb-dr (DR async member promoted")
    assert s.rpo_minutes == 0.5 and s.rto_minutes is None and s.served == 0
    assert s.breaks == ["throughput", "rto"]


def test_losing_the_dr_region_changes_nothing_clinical():
    s = scenarios(complete())["region:dr"]
    assert (s.served, s.rpo_minutes, s.rto_minutes, s.breaks) == (2_000_000, 0.0, 0.0, [])


def test_losing_both_failover_members_and_dr_leaves_backups():
    """Every ODB member lost: restore from backup; RPO is the ODB backup interval (4 h =
    240 min) because backup targets survive; RTO unbounded."""
    doc = complete()
    for cid in ("odb-a", "odb-b"):
        comp(doc, cid)["security"]["backup_policy"] = {"frequency_hours": 4, "encrypted": True}
        comp(doc, cid)["placement"]["zones"] = ["z1"]
        comp(doc, cid)["placement"]["proximity_group"] = "ppg1"
    comp(doc, "odb-dr")["placement"] = {"region": "east", "zones": ["z1"]}
    s = scenarios(doc)["zone:z1"]
    assert s.rpo_minutes == 240 and s.rto_minutes is None and "rpo" in s.breaks


def test_identical_components_are_analysed_once():
    doc = complete()
    doc["components"].append({**comp(doc, "bca-web"), "id": "bca-web-2"})
    doc["links"].append({"id": "odb-rpt--bca-web-2", "from": "odb-rpt", "to": "bca-web-2",
                         "kind": "replication", "encrypted": True})
    by_id = scenarios(doc)
    assert "component:bca-web-2" not in by_id
    assert by_id["component:bca-web"].alike == ["bca-web-2"]


def test_alike_whatever_order_their_links_are_listed_in():
    """bca-web-2 has bca-web's two links listed the other way round: alike. bca-web-3 has
    the backup link twice: not alike (how many links of a kind counts, not just which)."""
    def backup_link(cid: str, n: int = 1) -> dict[str, object]:
        return {"id": f"{cid}--backup-{n}", "from": cid, "to": "backup", "kind": "backup",
                "encrypted": True}

    def replication(cid: str) -> dict[str, object]:
        return {"id": f"odb-rpt--{cid}", "from": "odb-rpt", "to": cid, "kind": "replication",
                "encrypted": True}

    doc = complete()
    doc["links"].append(backup_link("bca-web"))
    for cid in ("bca-web-2", "bca-web-3"):
        doc["components"].append({**comp(doc, "bca-web"), "id": cid})
    doc["links"] += [backup_link("bca-web-2"), replication("bca-web-2"),
                     replication("bca-web-3"), backup_link("bca-web-3"),
                     backup_link("bca-web-3", 2)]
    by_id = scenarios(doc)
    assert by_id["component:bca-web"].alike == ["bca-web-2"]
    assert by_id["component:bca-web-3"].alike == []


def test_flagship_keeps_full_throughput_after_any_zone():
    report = run_sample("academic-medical-center-ali")
    zones = [s for s in report.analysis.scenarios.scenarios if s.kind == "zone"]
    assert len(zones) == 6
    assert all(s.served == s.demand and not s.breaks for s in zones)
    east = next(s for s in report.analysis.scenarios.scenarios if s.id == "region:east")
    assert east.promoted and east.served == east.demand  # the DR side carries it all


def run_sample(name):
    from catalogs import load_catalog
    from validators.engine import validate
    from workbench.model.io import load_design

    catalog = load_catalog(use_setting=False)
    return validate(load_design(SAMPLES / f"{name}.yaml", catalog).design, catalog)


def test_scenarios_command_text_and_json(capsys):
    path = str(SAMPLES / "academic-medical-center-ali.yaml")
    assert main(["scenarios", path]) == 0
    out = capsys.readouterr().out
    assert "zone east-z1" in out and "odb-prod-a -> odb-prod-b" in out
    assert main(["scenarios", path, "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["survivable_failure_domain"] == "zone"
    ids = {s["id"] for s in data["scenarios"]}
    assert {"zone:east-z1", "region:east", "component:odb-prod-a"} <= ids
    assert data["availability"]["availability_pct"] >= 99.95
