"""Small designs for rule and hand-checked tests: one good base and named mutations.

The base design (all numbers chosen to be checked by hand):
- requirements: peak 2,000,000 GRefs/s, 1,000 concurrent users (2,000 GRefs/s per user),
  8 TB ODB, journal 10 MB/s (80 Mbit/s), growth 5 %/year, horizon 5 years from 2026;
  headroom limit 80 % (the default 75 % would be crossed by presentation in 2030, inside
  the horizon: 1,000 x 1.05^4 = 1,215.5 > 0.75 x 1,600 = 1,200, a THR-010 finding; at 80 %
  the limit is 1,280 users, crossed in 2032: 1,000 x 1.05^6 = 1,340.1, 1.05^5 = 1,276.3);
- production ODB: mirror pair odb-a (zone z1, ppg1) / odb-b (z2, ppg2) on ALI S224SE
  (13,611,000 GRefs/s estimated; x 3 with ECP = 40,833,000);
- ECP: ecp-1 (z1, ppg1) and ecp-2 (z2, ppg2), 2 x E32bds_v5 each (2,100,000 x 0.8 shared
  derating = 1,680,000 each; 4 instances = 6,720,000);
- presentation: citrix, 40 x D16s_v5 at 40 users = 1,600 users;
- sites hq (600 users) and clinic (400 users) over 1,000 Mbit/s links to an ErGw3AZ gateway;
- a backup target.
"""

from __future__ import annotations

import copy
import datetime as dt
from typing import Any

import yaml

from catalogs import load_catalog
from validators.engine import validate
from validators.report import Report
from workbench.model.io import loads_design

FS = [{"name": "/epic/prd", "purpose": "install-wij", "pool": "sys"},
      {"name": "/epic/db", "purpose": "database", "pool": "db"},
      {"name": "/epic/jrn1", "purpose": "journal-primary", "pool": "jrn1"},
      {"name": "/epic/jrn2", "purpose": "journal-alternate", "pool": "jrn2"}]


def _odb(cid: str, zone: str, ppg: str) -> dict[str, Any]:
    return {"id": cid, "role": "odb-production", "sku": "azure-ali-s224se",
            "placement": {"region": "east", "zones": [zone], "proximity_group": ppg},
            "redundancy": {"mode": "mirror-failover", "group": "prd"},
            "storage": {"tier": "ali-netapp-flash", "size_tb": 10, "iops": 20000,
                        "filesystems": copy.deepcopy(FS)}}


def _link(a: str, b: str, kind: str, bw: float | None = None) -> dict[str, Any]:
    link = {"id": f"{a}--{b}", "from": a, "to": b, "kind": kind, "encrypted": True}
    if bw is not None:
        link["bandwidth_mbps"] = bw
    return link


BASE: dict[str, Any] = {
    "schema_version": 2,
    "metadata": {"name": "Small base design", "effective_date": "2026-01-01"},
    "requirements": {"peak_grefs_per_s": 2_000_000, "concurrent_users": 1000, "odb_size_tb": 8,
                     "peak_journal_mb_s": 10, "annual_growth_pct": 5,
                     "planning_horizon_years": 5, "base_year": 2026,
                     "headroom_limit_pct": 80},
    "placement": {
        "regions": [{"id": "east", "catalog_region": "azure-eastus",
                     "zones": [{"id": f"z{i}", "catalog_zone": str(i)} for i in (1, 2, 3)],
                     "proximity_groups": [{"id": "ppg1", "zone": "z1"},
                                          {"id": "ppg2", "zone": "z2"}]}],
        "sites": [{"id": "hq", "concurrent_users": 600}, {"id": "clinic", "kind": "clinic",
                                                         "concurrent_users": 400}],
    },
    "components": [
        _odb("odb-a", "z1", "ppg1"), _odb("odb-b", "z2", "ppg2"),
        {"id": "ecp-1", "role": "ecp-app-server", "sku": "azure-e32bds-v5", "count": 2,
         "placement": {"region": "east", "zones": ["z1"], "proximity_group": "ppg1"},
         "redundancy": {"mode": "active-active", "group": "ecp"}},
        {"id": "ecp-2", "role": "ecp-app-server", "sku": "azure-e32bds-v5", "count": 2,
         "placement": {"region": "east", "zones": ["z2"], "proximity_group": "ppg2"},
         "redundancy": {"mode": "active-active", "group": "ecp"}},
        {"id": "citrix", "role": "hyperspace-presentation", "sku": "azure-d16s-v5", "count": 40,
         "placement": {"region": "east", "zones": ["z1", "z2"]},
         "redundancy": {"mode": "active-active"}},
        {"id": "gw", "role": "expressroute-gateway", "sku": "azure-er-gw-ergw3az",
         "placement": {"region": "east"}},
        {"id": "backup", "role": "backup-target", "sku": "azure-blob-immutable",
         "placement": {"region": "east"}},
    ],
    "links": [
        _link("hq", "gw", "client", 1000), _link("clinic", "gw", "client", 1000),
        _link("gw", "citrix", "client"),
        _link("citrix", "ecp-1", "client"), _link("citrix", "ecp-2", "client"),
        _link("ecp-1", "odb-a", "ecp"), _link("ecp-1", "odb-b", "ecp"),
        _link("ecp-2", "odb-a", "ecp"), _link("ecp-2", "odb-b", "ecp"),
        _link("odb-a", "odb-b", "mirror-sync", 10000),
        _link("odb-a", "backup", "backup"),
    ],
}


def base() -> dict[str, Any]:
    return copy.deepcopy(BASE)


def comp(doc: dict[str, Any], cid: str) -> dict[str, Any]:
    return next(c for c in doc["components"] if c["id"] == cid)


def link(doc: dict[str, Any], lid: str) -> dict[str, Any]:
    return next(x for x in doc["links"] if x["id"] == lid)


def drop(doc: dict[str, Any], *ids: str) -> dict[str, Any]:
    doc["components"] = [c for c in doc["components"] if c["id"] not in ids]
    doc["links"] = [x for x in doc["links"] if x["id"] not in ids
                    and x["from"] not in ids and x["to"] not in ids]
    return doc


# Every check of the small designs is judged at this date, never at the day the suite runs:
# the DR test of complete() (2026-06-01) is one month old then.
AS_OF = dt.date(2026, 7, 1)


def run(doc: dict[str, Any], as_of: dt.date = AS_OF) -> Report:
    design = loads_design(yaml.safe_dump(doc, sort_keys=False), "small.yaml").design
    return validate(design, load_catalog(use_setting=False), as_of=as_of)


def pairs(report: Report, families: tuple[str, ...] = ("DSN", "THR", "PLC")) \
        -> set[tuple[str, tuple[str, ...], str]]:
    """(rule, targets, severity) of every finding in the given families."""
    return {(f.rule, f.targets, f.severity) for f in report.findings
            if f.rule.split("-")[0] in families}


SECURE = {"encryption_at_rest": "customer-managed-key", "audit_logging": True,
          "log_store": "logs", "management_ports": "just-in-time", "admin_mfa": True,
          "unique_admin_identity": True, "integrity_controls": True}


def complete() -> dict[str, Any]:
    """The base design made clean for every rule family (RED and CMP too): 60 Hyperspace
    hosts so that a zone can go, an arbiter in zone z3, a DR member in South Central US,
    a reporting shadow feeding Clarity, BCA Web, 3-2-1 backups, audit logs, and the
    organisation's compliance records."""
    doc = base()
    doc["metadata"].update(revision="1", owner="Architecture")
    doc["requirements"].update(availability_target_pct=99.9, rpo_minutes=5, rto_minutes=120)
    doc["policy"] = {"compliance": {
        "last_dr_test": "2026-06-01", "criticality_analysis": "2026-01-15",
        "emergency_access_procedure": "SEC-7 break-glass",
        "business_associate_agreements": ["azure-large-instances", "azure-virtual-machines",
                                          "azure-storage", "azure-expressroute",
                                          "azure-monitor", "azure-disk-storage"],
        "baa_scope_confirmed": ["azure-large-instances"]}}
    doc["placement"]["regions"].append(
        {"id": "dr", "catalog_region": "azure-southcentralus",
         "zones": [{"id": "d1", "catalog_zone": "1"}, {"id": "d2", "catalog_zone": "2"}]})
    comp(doc, "citrix")["count"] = 60
    dr = _odb("odb-dr", "d1", "ppg1")
    dr.update(role="odb-dr", redundancy={"mode": "mirror-async", "group": "prd"})
    dr["placement"] = {"region": "dr"}  # ALI in South Central US is offered without zones
    east = {"region": "east"}
    doc["components"] += [
        dr,
        {"id": "arbiter", "role": "arbiter", "sku": "azure-arbiter-vm",
         "placement": {**east, "zones": ["z3"]}},
        {"id": "odb-rpt", "role": "odb-reporting", "sku": "azure-e32bds-v5",
         "placement": {**east, "zones": ["z3"]},
         "redundancy": {"mode": "mirror-async", "group": "prd"},
         "storage": {"tier": "azure-premium-ssd-v2", "size_tb": 10, "iops": 20000,
                     "filesystems": copy.deepcopy(FS)}},
        {"id": "clarity", "role": "clarity", "sku": "azure-e32bds-v5",
         "placement": {**east, "zones": ["z3"]},
         "storage": {"tier": "azure-premium-ssd-v2", "size_tb": 4, "iops": 10000}},
        {"id": "bca-web", "role": "bca-web", "sku": "azure-e16ds-v5",
         "placement": {**east, "zones": ["z2"]}},
        {"id": "backup-dr", "role": "backup-target", "sku": "azure-blob-immutable",
         "placement": {"region": "dr"}},
        {"id": "logs", "role": "log-store", "sku": "azure-log-analytics", "placement": east},
        {"id": "gw-dr", "role": "expressroute-gateway", "sku": "azure-er-gw-ergw3az",
         "placement": {"region": "dr"}},
    ]
    for c in doc["components"]:
        c["security"] = {k: v for k, v in SECURE.items()
                         if not (c["id"] == "logs" and k == "log_store")}
    doc["links"] += [
        _link("odb-a", "odb-dr", "mirror-async", 1000),
        _link("odb-b", "odb-dr", "mirror-async", 1000),
        _link("odb-a", "odb-rpt", "mirror-async", 1000),
        _link("odb-b", "odb-rpt", "mirror-async", 1000),
        _link("arbiter", "odb-a", "admin"), _link("arbiter", "odb-b", "admin"),
        _link("odb-rpt", "clarity", "extract"), _link("clarity", "backup", "backup"),
        _link("odb-rpt", "bca-web", "replication"),
        _link("backup", "backup-dr", "replication"), _link("odb-dr", "backup-dr", "backup"),
        _link("hq", "gw-dr", "client", 1000), _link("clinic", "gw-dr", "client", 1000),
    ]
    return doc
