"""Patterns planned without the desktop app: what each adds, where, how big, wired how, how
secured; what is refused and why; and the two-zone design built from an empty file with them
validating with no error and nothing overlapping."""

from __future__ import annotations

import pytest

from validators.engine import validate
from workbench.analysis.patterns import PATTERNS, PatternPlan, plan_pattern
from workbench.model import agreements, edits
from workbench.model.autolayout import NODE_H, NODE_W, column_of
from workbench.model.design import Design, Position, Region, Zone
from workbench.model.document import DesignDocument
from workbench.model.session import empty_design

# the walkthrough: a production region with three zones, a DR region, then the patterns
WALK = ["failover-pair", "ecp-pool", "presentation-pool", "hospital-site", "dr-member",
        "backup-chain"]
# rules about an element's own fields: a pattern's elements must pass them as inserted (the
# rules about what else the design needs, e.g. a DR member, are judged on the whole design)
# CMP-006 is not among them: the signed BAA is the user's to record (see agreements_signed)
OWN_FIELD_RULES = ("CMP-001", "CMP-002", "CMP-003", "CMP-004", "CMP-005", "CMP-007",
                   "CMP-012", "DSN-003", "DSN-004", "PLC-", "THR-005", "THR-006", "THR-008")


def carried_out(design: Design, plan: edits.Plan) -> Design:
    """The design after the plan, made with the document's primitives (as the undo commands
    make it)."""
    doc = DesignDocument(design.model_copy(deep=True))
    for edit in plan.edits:
        match edit:
            case edits.AddSite(site, position):
                doc.insert_site(site, position=position)
            case edits.AddComponent(component, position):
                doc.insert_component(component, position=position)
            case edits.AddLink(link):
                doc.insert_link(link)
            case edits.SetPositions(_, after):
                doc.set_positions(after)
            case edits.SetSection(name, _, after):
                doc.set_section(name, after)
            case _:
                raise AssertionError(f"a pattern made {edit}")
    return doc.design


def with_region(design: Design, catalog, catalog_region: str) -> Design:
    """Insert > Region as the editor does it: every catalog zone, right of what is drawn."""
    info = catalog.regions[catalog_region]
    rid = catalog_region.split("-", 1)[-1]
    zones = [Zone(id=f"{rid}-z{z}", catalog_zone=z) for z in info.zones]
    doc = DesignDocument(design.model_copy(deep=True))
    doc.design.placement.regions.append(Region(id=rid, catalog_region=catalog_region,
                                               zones=zones))
    drawn = doc.design.layout.positions.values()
    left = max((p.x + (p.w or NODE_W) + 60 for p in drawn), default=20.0)
    boxes = {z.id: Position(x=left + 20 + i * 250, y=290, w=230, h=150)
             for i, z in enumerate(zones)}
    boxes[rid] = Position(x=left, y=260, w=40 + len(zones) * 250, h=220)
    doc.set_positions(boxes)
    return doc.design


def inserted(design: Design, catalog, pattern: str, target: str | None = None) \
        -> tuple[Design, PatternPlan]:
    planned = plan_pattern(design, catalog, pattern, target)
    assert planned.plan.refused is None, planned.plan.refused
    return carried_out(design, planned.plan), planned


@pytest.fixture
def two_regions(catalog) -> Design:
    return with_region(with_region(empty_design(), catalog, "azure-eastus2"), catalog,
                       "azure-centralus")


def errors(design: Design, catalog) -> list[tuple[str, tuple[str, ...], str]]:
    report = validate(design, catalog)
    return [(f.rule, f.targets, f.message) for f in report.findings if f.severity == "error"]


def agreements_signed(design: Design, catalog) -> Design:
    """The design after the user records the signed BAAs CMP-006 asks for (Findings >
    Record signed BAA...): patterns never record one themselves."""
    ids = [t for f in validate(design, catalog).findings if f.rule == "CMP-006" for t in f.targets]
    services = agreements.unsigned(design, catalog, ids)
    return design.model_copy(update={"policy": agreements.recorded(design.policy, services)})


def rect(pos: Position) -> tuple[float, float, float, float]:
    return pos.x, pos.y, pos.w or NODE_W, pos.h or NODE_H


def overlapping(design: Design) -> list[tuple[str, str]]:
    pos = design.layout.positions
    nodes = [c.id for c in design.components] + [s.id for s in design.placement.sites]
    out = []
    for i, a in enumerate(nodes):
        for b in nodes[i + 1:]:
            (ax, ay, aw, ah), (bx, by, bw, bh) = rect(pos[a]), rect(pos[b])
            if ax < bx + bw and bx < ax + aw and ay < by + bh and by < ay + ah:
                out.append((a, b))
    return out


def outside_their_container(design: Design) -> list[str]:
    pos = design.layout.positions
    out = []
    for comp in design.components:
        col = column_of(comp)
        if col is None:
            continue
        cx, cy, cw, ch = rect(pos[col])
        x, y, w, h = rect(pos[comp.id])
        if not (cx <= x and x + w <= cx + cw and cy <= y and y + h <= cy + ch):
            out.append(comp.id)
    return out


# ------------------------------------------------------------------------------ the walkthrough
def test_an_empty_design_with_two_regions_and_the_patterns_validates_with_no_error(
        catalog, two_regions):
    design = two_regions
    for pattern in WALK:
        design, _ = inserted(design, catalog, pattern)
    assert {e[0] for e in errors(design, catalog)} == {"CMP-006"}  # the BAA is the user's to say
    design = agreements_signed(design, catalog)
    assert errors(design, catalog) == []
    assert overlapping(design) == []
    assert outside_their_container(design) == []
    assert len(design.placement.sites) == 1
    assert {c.role for c in design.components} >= {
        "odb-production", "arbiter", "ecp-app-server", "hyperspace-presentation",
        "load-balancer", "vpn-gateway", "expressroute-gateway", "odb-dr", "backup-target",
        "log-store"}


def test_each_pattern_inserts_elements_that_pass_the_rules_about_their_own_fields(
        catalog, two_regions):
    design = two_regions
    for pattern in [*WALK, "reporting-shadow"]:
        before = {e[2] for e in errors(design, catalog)}
        design, planned = inserted(design, catalog, pattern)
        created = set(planned.plan.created) | {e.link.id for e in planned.plan.edits
                                               if isinstance(e, edits.AddLink)}
        new = [e for e in errors(design, catalog) if e[2] not in before
               and e[0].startswith(OWN_FIELD_RULES) and created & set(e[1])]
        assert new == [], pattern
        assert overlapping(design) == [], pattern


def test_the_patterns_in_another_order_still_end_with_no_error(catalog, two_regions):
    design = two_regions
    for pattern in ["failover-pair", "hospital-site", "presentation-pool", "backup-chain",
                    "dr-member", "ecp-pool", "reporting-shadow"]:
        design, _ = inserted(design, catalog, pattern)
    assert errors(agreements_signed(design, catalog), catalog) == []
    assert overlapping(design) == []


# ------------------------------------------------------------------------------ each pattern
def test_the_failover_pair_spans_two_zones_with_an_arbiter_in_the_third(catalog, two_regions):
    design, planned = inserted(two_regions, catalog, "failover-pair", "eastus2")
    comps = {c.id: c for c in design.components}
    a, b, arbiter = comps["odb-a"], comps["odb-b"], comps["arbiter"]
    assert [a.placement.zones, b.placement.zones, arbiter.placement.zones] == [
        ["eastus2-z1"], ["eastus2-z2"], ["eastus2-z3"]]
    for member in (a, b):
        assert member.role == "odb-production"
        assert member.redundancy.mode == "mirror-failover"
        assert member.redundancy.failover == "automatic"
        assert member.redundancy.group == a.redundancy.group
        assert member.storage is not None and len(member.storage.filesystems) == 4
        assert member.security.backup_policy is not None
        assert member.security.backup_policy.encrypted
    kinds = {(x.from_, x.to): x.kind for x in design.links}
    assert kinds == {("odb-a", "odb-b"): "mirror-sync", ("arbiter", "odb-a"): "admin",
                     ("arbiter", "odb-b"): "admin"}
    assert planned.plan.text == "Insert ODB failover pair"
    assert set(planned.plan.created) == {"odb-a", "odb-b", "arbiter", "logs-eastus2"}


def test_a_zone_target_picks_its_region(catalog, two_regions):
    design, _ = inserted(two_regions, catalog, "failover-pair", "centralus-z2")
    assert {c.placement.region for c in design.components} == {"centralus"}


def test_sizing_worked_out_by_hand(catalog, two_regions):
    """3 M GRefs/s and 2,000 users growing 5 % a year over 5 years (x 1.2763), 75 % headroom.

    Database: the low end of one host x 0.9 (shared) must be at least 3 M x 1.2763 / 0.75 =
    5.11 M: the E64bds (2.64 M x 0.9) and M96s (3.97 M x 0.9) are short, the 7 M-class M-series
    VMs (6.3 M) carry it; of those equally rated, the first by id.
    Presentation over three zones, 40 users a D16s: losing a zone leaves 2c x 40 >= 2,000 (c >=
    25); all of it within headroom at the horizon: 3c x 40 x 0.75 >= 2,552.6 (c >= 29). 80-user
    hosts need 15 a zone, 3,600 users bought against 3,480: 29 D16s a zone.
    ODB storage: 4 TB x 1.2763 x 1.25 free = 6.4, 7 TB, at 2,000 IOPS a TB."""
    design = two_regions.model_copy(update={"requirements": two_regions.requirements.model_copy(
        update={"peak_grefs_per_s": 3_000_000, "concurrent_users": 2000, "odb_size_tb": 4,
                "annual_growth_pct": 5, "planning_horizon_years": 5})})
    design, _ = inserted(design, catalog, "failover-pair")
    design, _ = inserted(design, catalog, "presentation-pool")
    comps = {c.id: c for c in design.components}
    assert comps["odb-a"].sku == comps["odb-b"].sku == "azure-m176bds-4-v3"
    storage = comps["odb-a"].storage
    assert storage is not None and (storage.size_tb, storage.iops) == (7, 14_000)
    pools = [c for c in design.components if c.role == "hyperspace-presentation"]
    assert [(c.sku, c.count, c.placement.zones) for c in pools] == [
        ("azure-d16s-v5", 29, [f"eastus2-z{z}"]) for z in (1, 2, 3)]
    assert len({c.redundancy.group for c in pools}) == 1
    assert {c.redundancy.mode for c in pools} == {"active-active"}


def test_a_small_design_gets_the_smallest_server_that_carries_it(catalog, two_regions):
    """1 M GRefs/s, no growth: 1.33 M needed; the E32bds (1.32 M x 0.9) is short, the M48s
    (1.98 M x 0.9 = 1.78 M) the least that carries it."""
    design, _ = inserted(two_regions, catalog, "failover-pair")
    assert {c.sku for c in design.components if c.role == "odb-production"} == {
        "azure-m48s-1-v3"}


def test_the_ecp_pool_survives_a_zone_and_fits_the_horizon(catalog, two_regions):
    design, _ = inserted(two_regions, catalog, "failover-pair")
    design, _ = inserted(design, catalog, "ecp-pool")
    report = validate(design, catalog)
    app = report.analysis.capacity.tiers["application"]
    per_zone = app.judged / 2
    assert per_zone >= design.requirements.peak_grefs_per_s  # one zone left carries the peak
    assert app.utilization_pct <= design.requirements.headroom_limit_pct
    pool = [c for c in design.components if c.role == "ecp-app-server"]
    assert [c.placement.zones for c in pool] == [["eastus2-z1"], ["eastus2-z2"]]
    ecp = {(x.from_, x.to) for x in design.links if x.kind == "ecp"}
    assert ecp == {(c.id, m) for c in pool for m in ("odb-a", "odb-b")}  # RED-006: both


def test_the_dr_member_goes_to_the_other_region_and_follows_both_members(catalog,
                                                                         two_regions):
    design, _ = inserted(two_regions, catalog, "failover-pair")
    design, _ = inserted(design, catalog, "dr-member", "eastus2")  # the production region
    dr = next(c for c in design.components if c.role == "odb-dr")
    assert dr.placement.region == "centralus" and dr.placement.zones == ["centralus-z1"]
    assert (dr.redundancy.mode, dr.redundancy.failover) == ("mirror-async", "manual")
    assert dr.security.log_store == "logs-centralus"
    assert {(x.from_, x.kind) for x in design.links if x.to == dr.id} == {
        ("odb-a", "mirror-async"), ("odb-b", "mirror-async")}


def test_the_site_reaches_the_load_balancer_two_ways(catalog, two_regions):
    design, _ = inserted(two_regions, catalog, "presentation-pool")
    design, planned = inserted(design, catalog, "hospital-site")
    site = design.placement.sites[0]
    assert site.concurrent_users == design.requirements.concurrent_users
    gateways = {x.to for x in design.links if x.from_ == site.id}
    assert {next(c.role for c in design.components if c.id == g) for g in gateways} == {
        "vpn-gateway", "expressroute-gateway"}
    assert {(x.from_, x.to) for x in design.links if x.to == "lb"} >= {(g, "lb")
                                                                        for g in gateways}
    assert all(x.bandwidth_mbps for x in design.links if x.from_ == site.id)
    assert design.layout.positions[site.id].y < design.layout.positions["eastus2"].y


def test_the_backup_chain_keeps_a_copy_in_the_other_region(catalog, two_regions):
    design, _ = inserted(two_regions, catalog, "failover-pair")
    design, _ = inserted(design, catalog, "backup-chain")
    targets = {c.id: c for c in design.components if c.role == "backup-target"}
    assert {c.placement.region for c in targets.values()} == {"eastus2", "centralus"}
    links = {(x.from_, x.to, x.kind) for x in design.links}
    vault = next(i for i, c in targets.items() if c.placement.region == "eastus2")
    copy = next(i for i, c in targets.items() if c.placement.region == "centralus")
    assert {("odb-a", vault, "backup"), ("odb-b", vault, "backup"),
            (vault, copy, "replication")} <= links
    assert all(c.security.integrity_controls for c in targets.values())


def test_the_reporting_shadow_sits_in_the_zone_without_a_failover_member(catalog,
                                                                          two_regions):
    design, _ = inserted(two_regions, catalog, "failover-pair")
    design, _ = inserted(design, catalog, "reporting-shadow")
    rpt = next(c for c in design.components if c.role == "odb-reporting")
    assert rpt.placement.zones == ["eastus2-z3"]
    assert rpt.redundancy.mode == "mirror-async"


def test_a_pattern_records_no_baa_the_user_has_not_confirmed(catalog, two_regions):
    design, _ = inserted(two_regions, catalog, "failover-pair")
    assert design.policy.compliance.business_associate_agreements == []
    cmp006 = [f for f in validate(design, catalog).findings if f.rule == "CMP-006"]
    assert cmp006 and all("no signed BAA is recorded for azure-virtual-machines" in f.message
                          for f in cmp006)
    assert agreements.unsigned(design, catalog, [t for f in cmp006 for t in f.targets]) == [
        "azure-virtual-machines"]


# ------------------------------------------------------------------------------ secure defaults
@pytest.mark.parametrize("pattern", [p.id for p in PATTERNS])
def test_every_pattern_element_starts_secure(catalog, two_regions, pattern):
    design = two_regions
    for before in WALK[:WALK.index(pattern)] if pattern in WALK else WALK[:1]:
        design, _ = inserted(design, catalog, before)
    after, planned = inserted(design, catalog, pattern)
    stores = {c.id for c in after.components if c.role == "log-store"}
    new = [e for e in planned.plan.edits if isinstance(e, edits.AddComponent)]
    assert new
    for edit in new:
        sec = edit.component.security
        assert sec.encryption_at_rest != "none"
        assert sec.audit_logging and sec.admin_mfa and sec.unique_admin_identity
        assert sec.integrity_controls and not sec.public_endpoint
        assert sec.management_ports == "closed"
        assert edit.component.role == "log-store" or sec.log_store in stores
        assert edit.position is not None
    for link in (e.link for e in planned.plan.edits if isinstance(e, edits.AddLink)):
        roles = [next((c.role for c in after.components if c.id == end), "site")
                 for end in (link.from_, link.to)]
        assert link.encrypted
        assert link.kind in catalog.link_kinds_between(*roles)


# ------------------------------------------------------------------------------ refusals
@pytest.mark.parametrize(("pattern", "says"), [
    ("failover-pair", "the failover pair needs a region with two zones"),
    ("ecp-pool", "insert the failover pair first"),
    ("dr-member", "insert the failover pair first"),
    ("reporting-shadow", "insert the failover pair first"),
    ("hospital-site", "add a region first"),
    ("backup-chain", "needs a region"),
    ("presentation-pool", "needs a region with zones"),
])
def test_an_empty_design_refuses_with_a_sentence(catalog, pattern, says):
    planned = plan_pattern(empty_design(), catalog, pattern)
    assert planned.plan.edits == ()
    assert planned.plan.refused is not None and says in planned.plan.refused


def test_a_one_zone_region_cannot_hold_the_failover_pair(catalog):
    design = with_region(empty_design(), catalog, "azure-eastus2")
    region = design.placement.regions[0]
    design.placement.regions[0] = region.model_copy(update={"zones": region.zones[:1]})
    planned = plan_pattern(design, catalog, "failover-pair", "eastus2")
    assert planned.plan.refused == ("the failover pair needs a region with two zones (eastus2 "
                                    "has 1): add one with Insert > Region")


def test_one_region_refuses_the_dr_member_and_the_backup_chain(catalog):
    design = with_region(empty_design(), catalog, "azure-eastus2")
    design, _ = inserted(design, catalog, "failover-pair")
    assert "another region" in (plan_pattern(design, catalog, "dr-member").plan.refused or "")
    assert "another region" in (plan_pattern(design, catalog, "backup-chain").plan.refused
                                or "")


def test_a_second_failover_pair_is_refused(catalog, two_regions):
    design, _ = inserted(two_regions, catalog, "failover-pair")
    refused = plan_pattern(design, catalog, "failover-pair").plan.refused
    assert refused is not None and "exactly two failover members" in refused


def test_planning_changes_nothing(catalog, two_regions):
    before = two_regions.model_copy(deep=True)
    for pattern in PATTERNS:
        plan_pattern(two_regions, catalog, pattern.id)
    assert two_regions == before


def test_beyond_shared_tenancy_the_odb_is_dedicated_hardware_the_region_offers(catalog):
    """15 M GRefs/s is past the 12 M shared-tenancy ceiling (PLC-002): dedicated compute, and
    only a SKU the region offers (PLC-001): Central US offers the dedicated host alone."""
    design = empty_design()
    design = design.model_copy(update={"requirements": design.requirements.model_copy(
        update={"peak_grefs_per_s": 15_000_000})})
    central = with_region(design, catalog, "azure-centralus")
    central, _ = inserted(central, catalog, "failover-pair")
    assert {c.sku for c in central.components if c.role == "odb-production"} == {
        "azure-dedicated-host-edsv5-type1"}
    east = with_region(design, catalog, "azure-eastus")
    east, _ = inserted(east, catalog, "failover-pair")
    skus = {c.sku for c in east.components if c.role == "odb-production"}
    assert len(skus) == 1 and skus <= set(catalog.regions["azure-eastus"].dedicated_skus)


def test_a_gateway_the_provider_does_not_make_zone_redundant_runs_twice_in_two_zones(catalog):
    design = with_region(empty_design(), catalog, "aws-us-east-1")
    design, _ = inserted(design, catalog, "presentation-pool")
    design, _ = inserted(design, catalog, "hospital-site")
    gateway = next(c for c in design.components if c.role == "expressroute-gateway")
    assert "zone-redundant" not in catalog.skus[gateway.sku].features
    assert (gateway.count, len(gateway.placement.zones)) == (2, 2)
    assert gateway.redundancy.mode == "active-active"
    assert overlapping(design) == []
