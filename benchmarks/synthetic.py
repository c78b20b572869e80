"""Realistic synthetic designs of N components for benchmarks.

    .venv/bin/python -m benchmarks.synthetic 1000 > /tmp/design-1000.yaml

A production region with an ALI failover pair, a DR region with an async member, and further
regions for overflow capacity; many hospital sites with on-site BCA PCs; presentation, ECP,
Interconnect, interfaces, print, web BLOB, analytics and backup pools spread over zones, each
linked as in the flagship sample.  The same N always gives the same design.
"""

from __future__ import annotations

import sys
from typing import Any

from workbench.model.canonical import dump_design
from workbench.model.design import Design

REGIONS = ["azure-eastus", "azure-southcentralus", "azure-westus2", "azure-eastus2",
           "azure-centralus", "azure-westus3"]
SECURE = {"encryption_at_rest": "customer-managed-key", "audit_logging": True,
          "management_ports": "just-in-time", "admin_mfa": True, "unique_admin_identity": True,
          "integrity_controls": True}
# 600 GRefs/s a concurrent user, up to what the one production database serves within the
# 75 % utilisation limit: the largest ALI with ECP is rated 21 M GRefs/s at its low end, so a
# larger organisation (above 25,000 users, some 2,000 components) is sized like one that splits
# its load rather than one whose every failure scenario breaks.
PEAK_CAP = 15_000_000
FS = [{"name": "/epic/prd", "purpose": "install-wij", "pool": "sys"},
      {"name": "/epic/db", "purpose": "database", "pool": "db"},
      {"name": "/epic/jrn1", "purpose": "journal-primary", "pool": "jrn1"},
      {"name": "/epic/jrn2", "purpose": "journal-alternate", "pool": "jrn2"}]


def synthetic_design(n: int) -> Design:
    n = max(n, 30)
    n_regions = min(len(REGIONS), max(2, -(-n // 2500)))
    n_sites = max(3, n // 25)
    users_per_site = 300
    users = n_sites * users_per_site
    comps: list[dict[str, Any]] = []
    links: list[dict[str, Any]] = []

    def comp(cid: str, role: str, sku: str, placement: dict[str, Any], count: int = 1,
             mode: str = "single", group: str | None = None, **extra: Any) -> str:
        red: dict[str, Any] = {"mode": mode}
        if group:
            red["group"] = group
        region = int(placement.get("region", "r0")[1:])
        security = {**SECURE, "log_store": f"logs-{region}"} if role != "log-store" \
            else dict(SECURE)
        comps.append({"id": cid, "role": role, "sku": sku, "count": count,
                      "placement": placement, "redundancy": red, "security": security,
                      **extra})
        return cid

    def link(a: str, b: str, kind: str, bw: float | None = None) -> None:
        entry: dict[str, Any] = {"id": f"l{len(links)}", "from": a, "to": b, "kind": kind,
                                 "encrypted": True}
        if bw:
            entry["bandwidth_mbps"] = bw
        links.append(entry)

    def at(r: int, *zones: int, ppg: int | None = None) -> dict[str, Any]:
        p: dict[str, Any] = {"region": f"r{r}", "zones": [f"r{r}-z{z}" for z in zones]}
        if ppg is not None:
            p["proximity_group"] = f"r{r}-ppg{ppg}"
        return p

    odb_storage = {"tier": "ali-netapp-flash", "size_tb": 60, "iops": 120000, "filesystems": FS}
    comp("odb-a", "odb-production", "azure-ali-s448se", at(0, 1, ppg=1), mode="mirror-failover",
         group="prd", storage=odb_storage)
    comp("odb-b", "odb-production", "azure-ali-s448se", at(0, 2, ppg=2), mode="mirror-failover",
         group="prd", storage=odb_storage)
    # ALI for Epic in South Central US is offered without zones: the DR server sits in the region
    comp("odb-dr", "odb-dr", "azure-ali-s448se", at(1), mode="mirror-async",
         group="prd", storage=odb_storage)
    comp("arbiter", "arbiter", "azure-arbiter-vm", at(0, 3))
    comp("odb-rpt", "odb-reporting", "azure-ali-s224se", at(0, 3), mode="mirror-async",
         group="prd", storage=odb_storage)
    link("odb-a", "odb-b", "mirror-sync", 25000)
    for m in ("odb-a", "odb-b"):
        for t in ("odb-dr", "odb-rpt"):
            link(m, t, "mirror-async", 10000)
        link("arbiter", m, "admin")
    gateways, lbs, backups = [], [], []
    for r in range(n_regions):
        comp(f"logs-{r}", "log-store", "azure-log-analytics", at(r))
        # 150 kbit/s per user with half again in reserve, on 10 Gbit/s gateways
        gw_count = max(1, -(-users * 150 * 3 // 2 // 10_000_000))
        gateways.append(comp(f"gw-{r}", "expressroute-gateway", "azure-er-gw-ergw3az", at(r),
                             count=gw_count))
        lbs.append(comp(f"lb-{r}", "load-balancer", "azure-load-balancer-standard", at(r)))
        backups.append(comp(f"backup-{r}", "backup-target", "azure-blob-immutable", at(r)))
        link(gateways[-1], lbs[-1], "client", 10000 * gw_count)
    for r in range(1, n_regions):
        link(backups[0], backups[r], "replication", 10000)
    link("odb-a", backups[0], "backup", 25000)
    link("odb-dr", backups[1], "backup", 25000)
    sites = [{"id": f"site-{i}", "name": f"Hospital {i}", "concurrent_users": users_per_site}
             for i in range(n_sites)]
    for i in range(n_sites):
        link(f"site-{i}", gateways[0], "client", 200)
        link(f"site-{i}", gateways[1], "client", 200)

    ecp_pools: list[str] = []
    citrix_pools: dict[int, list[str]] = {}
    kinds = ["citrix", "ecp", "citrix", "interconnect", "bridges", "print", "webblob", "bca",
             "citrix", "clarity"]
    i = 0
    while len(comps) < n:
        kind = kinds[i % len(kinds)]
        zone = 1 + (i // len(kinds)) % 2  # each round of pools in the other zone
        # presentation pools stay beside the ECP servers and the ODB, in the production region
        # (from four regions on, every fifth would otherwise land where no ECP pool is)
        region = 0 if i % 5 or kind == "citrix" else (i // 5) % n_regions
        cid = f"{kind}-{i}"
        if kind == "citrix":
            comp(cid, "hyperspace-presentation", "azure-e32ds-v5", at(region, zone), count=8,
                 mode="active-active", group=f"citrix-r{region}")
            link(lbs[region], cid, "client")
            citrix_pools.setdefault(region, []).append(cid)
            if region == 0:
                for ecp in ecp_pools[-2:]:  # the newest pool in each zone
                    link(cid, ecp, "client")
        elif kind == "ecp" and region == 0:
            comp(cid, "ecp-app-server", "azure-e64bds-v5", at(0, zone, ppg=zone), count=4,
                 mode="active-active", group="ecp")
            link(cid, "odb-a", "ecp")
            link(cid, "odb-b", "ecp")
            if len(ecp_pools) < 2:  # pools made before any ECP pool existed reach it too
                for early in citrix_pools.get(0, []):
                    link(early, cid, "client")
            ecp_pools.append(cid)
        elif kind == "interconnect":
            comp(cid, "web-service", "azure-e16ds-v5", at(region, zone), count=2,
                 mode="active-active", group=f"ic-r{region}")
            link(gateways[region], cid, "client", 2000)
        elif kind == "bridges":
            comp(cid, "interface-bridges", "azure-e16ds-v5", at(region, zone), count=2,
                 mode="active-active", group=f"bridges-r{region}")
            link(gateways[region], cid, "client", 1000)
            link(cid, backups[region], "backup")
        elif kind == "print":
            comp(cid, "print-server", "azure-d8s-v5", at(region, zone), count=2,
                 mode="active-active")
            link(citrix_pools[region][-1] if citrix_pools.get(region) else "citrix-0", cid,
                 "client")
        elif kind == "webblob":
            comp(cid, "web-blob", "azure-e16ds-v5", at(region, zone), count=2,
                 mode="active-active",
                 storage={"tier": "azure-premium-ssd", "size_tb": 10, "iops": 20000})
            link(cid, backups[region], "backup")
        elif kind == "bca":
            site = sites[i % n_sites]["id"]
            comps_before = len(comps)
            comp(cid, "bca-pc", "onprem-bca-pc", {"site": site}, count=4, mode="active-active")
            comps[comps_before]["security"]["log_store"] = "logs-0"
            link("odb-rpt", cid, "replication", 100)
        elif kind == "clarity":
            comp(cid, "clarity", "azure-e64bds-v5", at(region, zone),
                 storage={"tier": "azure-premium-ssd-v2", "size_tb": 20, "iops": 40000})
            link("odb-rpt", cid, "extract", 5000)
            link(cid, backups[region], "backup")
        i += 1

    regions = [{"id": f"r{r}", "catalog_region": REGIONS[r],
                "zones": [{"id": f"r{r}-z{z}", "catalog_zone": str(z)} for z in (1, 2, 3)],
                "proximity_groups": [{"id": f"r{r}-ppg{z}", "zone": f"r{r}-z{z}"}
                                     for z in (1, 2)]}
               for r in range(n_regions)]
    return Design.model_validate({
        "schema_version": 2,
        "metadata": {"name": f"Synthetic design, {len(comps)} components", "revision": "1",
                     "owner": "benchmarks", "effective_date": "2026-01-01"},
        "requirements": {"peak_grefs_per_s": min(PEAK_CAP, users * 600),
                         "concurrent_users": users, "odb_size_tb": 48, "annual_growth_pct": 5,
                         "base_year": 2026, "availability_target_pct": 99.9,
                         "rpo_minutes": 5, "rto_minutes": 120},
        "policy": {"compliance": {
            "last_dr_test": "2026-06-01", "criticality_analysis": "2026-02-01",
            "emergency_access_procedure": "SYN-001 break-glass",
            "business_associate_agreements": [
                "azure-large-instances", "azure-virtual-machines", "azure-storage",
                "azure-disk-storage", "azure-expressroute", "azure-load-balancer",
                "azure-monitor"]}},
        "placement": {"regions": regions, "sites": sites},
        "components": comps,
        "links": links,
    })


if __name__ == "__main__":
    sys.stdout.write(dump_design(synthetic_design(int(sys.argv[1]))))
