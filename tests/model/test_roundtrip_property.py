"""Round trip as a property: any design hypothesis can build saves, loads back equal, and
saving again gives the same bytes."""

from __future__ import annotations

import datetime as dt

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from catalogs import load_catalog
from workbench.model.canonical import dump_design, fingerprint, in_canonical_order
from workbench.model.design import Design
from workbench.model.io import loads_design

CATALOG = load_catalog(use_setting=False)
AZURE_SKUS = sorted(s.id for s in CATALOG.skus.values() if s.provider == "azure")
ONPREM_SKUS = sorted(s.id for s in CATALOG.skus.values() if s.provider == "on-premises")
ROLES = sorted(CATALOG.roles)
KINDS = sorted(CATALOG.link_kinds)
TIERS = sorted(t.id for t in CATALOG.storage_tiers.values() if t.provider == "azure")

text = st.text(st.characters(blacklist_categories=("Cs",)), max_size=40)
maybe_text = st.none() | text
ident = st.from_regex(r"[a-z][a-z0-9-]{0,10}", fullmatch=True)
finite = st.floats(allow_nan=False, allow_infinity=False, min_value=-1e9, max_value=1e9)
positive = st.floats(min_value=0.001, max_value=1e6, allow_nan=False)
dates = st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2100, 12, 31))
offsets = st.sampled_from([dt.UTC, dt.timezone(dt.timedelta(hours=-5)),
                           dt.timezone(dt.timedelta(hours=5, minutes=30))])
datetimes = st.datetimes(min_value=dt.datetime(1990, 1, 1), max_value=dt.datetime(2100, 1, 1),
                         timezones=offsets)


@st.composite
def designs(draw) -> Design:
    n_zones = draw(st.integers(0, 3))
    zones = [{"id": f"z{i}", "name": draw(maybe_text), "catalog_zone": str(i + 1)}
             for i in range(n_zones)]
    sites = [{"id": f"s{i}", "name": draw(maybe_text), "location": draw(maybe_text),
              "concurrent_users": draw(st.none() | st.integers(0, 100_000))}
             for i in range(draw(st.integers(0, 3)))]
    components = []
    for i in range(draw(st.integers(0, 8))):
        at_site = sites and draw(st.booleans())
        if at_site:
            placement = {"site": draw(st.sampled_from(sites))["id"]}
            sku = draw(st.sampled_from(ONPREM_SKUS))
        else:
            chosen = draw(st.lists(st.sampled_from([z["id"] for z in zones]), unique=True)) \
                if zones else []
            placement = {"region": "r1", "zones": chosen,
                         "availability_set": draw(st.booleans())}
            sku = draw(st.sampled_from(AZURE_SKUS))
        comp = {
            "id": f"c{i}", "name": draw(maybe_text), "role": draw(st.sampled_from(ROLES)),
            "sku": sku, "count": draw(st.integers(1, 500)), "placement": placement,
            "redundancy": {"mode": draw(st.sampled_from(["single", "active-active",
                                                         "active-passive", "mirror-failover",
                                                         "mirror-async"])),
                           "group": draw(st.none() | ident),
                           "replication_lag_s": draw(st.none() | positive)},
            "security": {"encryption_at_rest": draw(st.sampled_from(
                ["none", "platform-managed-key", "customer-managed-key"])),
                "audit_logging": draw(st.booleans()), "admin_mfa": draw(st.booleans())},
            "stores_phi": draw(st.none() | st.booleans()),
            "notes": draw(maybe_text),
        }
        if not at_site and draw(st.booleans()):
            comp["storage"] = {"tier": draw(st.sampled_from(TIERS)), "size_tb": draw(positive),
                               "iops": draw(st.none() | st.integers(1, 10**6))}
        components.append(comp)
    ends = [c["id"] for c in components] + [s["id"] for s in sites]
    links = []
    if len(ends) >= 2:
        for i in range(draw(st.integers(0, 8))):
            a, b = draw(st.lists(st.sampled_from(ends), min_size=2, max_size=2, unique=True))
            links.append({"id": f"l{i}", "from": a, "to": b, "kind": draw(st.sampled_from(KINDS)),
                          "encrypted": draw(st.booleans()),
                          "bandwidth_mbps": draw(st.none() | positive), "name": draw(maybe_text)})
    every = ["r1"] + [z["id"] for z in zones] + ends + [link["id"] for link in links]
    doc = {
        "schema_version": 2,
        "metadata": {"name": draw(text.filter(lambda s: 0 < len(s) <= 200)),
                     "organisation": draw(maybe_text), "revision": draw(maybe_text),
                     "status": draw(st.sampled_from(["draft", "in-review", "approved"])),
                     "effective_date": draw(st.none() | dates),
                     "change_summary": draw(maybe_text),
                     "signoff_roles": draw(st.lists(text.filter(bool), max_size=3))},
        "requirements": {"peak_grefs_per_s": draw(st.integers(1, 60_000_000)),
                         "concurrent_users": draw(st.integers(0, 100_000)),
                         "odb_size_tb": draw(positive),
                         "annual_growth_pct": draw(st.floats(0, 200)),
                         "availability_target_pct": draw(st.floats(90, 99.999)),
                         "allowed_jurisdictions": draw(st.lists(st.sampled_from(["US", "CA"]),
                                                                unique=True))},
        "policy": {"rules": draw(st.dictionaries(
            st.sampled_from(["THR-001", "RED-007", "CMP-010"]),
            st.fixed_dictionaries({"enabled": st.booleans(),
                                   "severity": st.none() | st.sampled_from(["error", "info"]),
                                   "thresholds": st.dictionaries(ident, st.integers(0, 100),
                                                                 max_size=2)}), max_size=2))},
        "placement": {"regions": [{"id": "r1", "catalog_region": "azure-eastus",
                                   "zones": zones}], "sites": sites},
        "components": components,
        "links": links,
        "waivers": [{"rule": "RED-001", "target": draw(st.sampled_from(every)),
                     "justification": draw(text), "approver": draw(text),
                     "expires": draw(st.none() | dates)}
                    for _ in range(draw(st.integers(0, 2)))],
        "decisions": [{"id": f"d{i}", "title": draw(text.filter(bool)),
                       "context": draw(maybe_text),
                       "options": [{"name": draw(text.filter(bool)), "summary": draw(maybe_text),
                                    "variant": draw(maybe_text)}
                                   for _ in range(draw(st.integers(0, 2)))],
                       "decision": draw(maybe_text), "decided_by": draw(maybe_text),
                       "date": draw(st.none() | dates),
                       "status": draw(st.sampled_from(["proposed", "accepted", "superseded",
                                                       "rejected"]))}
                      for i in range(draw(st.integers(0, 2)))],
        "risks": [{"id": f"k{i}", "title": draw(text.filter(str.strip)),
                   "rule": draw(st.none() | st.sampled_from(["THR-001", "CMP-006"])),
                   "target": draw(st.none() | st.sampled_from(every + ["design"])),
                   "likelihood": draw(st.none() | st.sampled_from(["low", "medium", "high"])),
                   "impact": draw(st.none() | st.sampled_from(["low", "medium", "high"])),
                   "owner": draw(maybe_text), "mitigation": draw(maybe_text),
                   "due": draw(st.none() | dates),
                   "status": draw(st.sampled_from(["open", "mitigating", "accepted", "closed"]))}
                  for i in range(draw(st.integers(0, 2)))],
        "operations": {"monitoring": draw(maybe_text), "patching": draw(maybe_text),
                       "support": draw(maybe_text)},
        "transition": {"cutover": draw(maybe_text), "rollback": draw(maybe_text)},
        "reviews": {"comments": [{"id": f"m{i}", "author": draw(text), "date": draw(datetimes),
                                  "target": draw(st.none() | st.sampled_from(every)),
                                  "text": draw(text), "resolved": draw(st.booleans())}
                                 for i in range(draw(st.integers(0, 2)))],
                    "approvals": [{"reviewer": draw(text), "date": draw(datetimes),
                                   "decision": draw(st.sampled_from(["approve", "reject"])),
                                   "fingerprint": "0" * 64, "note": draw(maybe_text),
                                   "conditions": draw(st.lists(text, max_size=2))}
                                  for _ in range(draw(st.integers(0, 2)))]},
        "layout": {"positions": {e: {"x": draw(finite), "y": draw(finite)}
                                 for e in draw(st.lists(st.sampled_from(every), unique=True))}},
    }
    return Design.model_validate(doc)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(designs())
def test_save_load_equal_and_byte_stable(design):
    text = dump_design(design)
    loaded = loads_design(text, "generated.yaml", CATALOG).design
    assert loaded == in_canonical_order(design)  # lists without a meaningful order sorted
    assert dump_design(loaded) == text
    assert fingerprint(loaded) == fingerprint(design)
