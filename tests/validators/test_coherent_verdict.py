"""One verdict (issue 11, point 4): the SPOF list, the scenario table and the RED verdicts
never disagree, for every bundled sample and the small designs below.

For every scenario row that serves 0 % or has an unbounded RTO, either its component is in
the SPOF list or the row states the reason (with "platform" when the provider's zone
redundancy is the reason); the RED-008 errors are the SPOF list; a platform-redundant
service is never a SPOF; RED-009 and RED-010 report exactly the rows of the survivable
failure domain that break throughput, or RPO / RTO.
"""

from __future__ import annotations

import json

import pytest

from catalogs import load_catalog
from tests.conftest import SAMPLES
from tests.validators.small import base, comp, complete, run
from validators.engine import validate
from validators.report import Report
from workbench.cli import main
from workbench.model.io import load_design

CATALOG = load_catalog(use_setting=False)
SAMPLE_PATHS = sorted(SAMPLES.glob("*.yaml"))


def _non_redundant_gateway(doc):
    comp(doc, "gw")["sku"] = "azure-er-gw-standard"  # one gateway, no zone redundancy
    return doc


def _one_citrix_host(doc):
    comp(doc, "citrix").update(count=1, placement={"region": "east", "zones": ["z1"]})
    doc["requirements"]["concurrent_users"] = 40
    for site in doc["placement"]["sites"]:
        site["concurrent_users"] = 20
    return doc


CASES = {"base": base, "complete": complete,
         "non-redundant gateway": lambda: _non_redundant_gateway(base()),
         "one presentation host": lambda: _one_citrix_host(base())}


def _reports() -> list[tuple[str, Report]]:
    out = [(p.stem, validate(load_design(p, CATALOG).design, CATALOG)) for p in SAMPLE_PATHS]
    return out + [(name, run(make())) for name, make in CASES.items()]


REPORTS = _reports()


def serves_nothing(s) -> bool:
    return (s.served <= 0 < s.demand) or s.rto_minutes is None


@pytest.mark.parametrize(("name", "report"), REPORTS, ids=[n for n, _ in REPORTS])
def test_spof_list_scenarios_and_red_verdicts_agree(name, report):
    a = report.analysis
    spofs = set(a.single_points_of_failure)
    platform = {r.component: r for r in a.platform_redundant}
    assert not spofs & set(platform), "a platform-redundant service is never a design SPOF"
    red008 = {f.targets[0] for f in report.findings if f.rule == "RED-008"
              and f.severity == "error"}
    assert red008 == spofs
    for s in a.scenarios.scenarios:
        if not serves_nothing(s):
            assert s.reason == "", s.id
            continue
        in_spofs = s.kind == "component" and set(s.targets) <= spofs
        assert in_spofs or s.reason, f"{name}: {s.id} serves nothing and says not why"
        if s.kind == "component" and s.target in platform:
            assert "platform" in s.reason and platform[s.target].reason == s.reason
        if s.kind == "component" and s.target in spofs:
            assert "single point of failure" in s.reason
    domain = a.scenarios.within_domain()
    red009 = {f.targets[0] for f in report.findings if f.rule == "RED-009"}
    red010 = {f.targets[0] for f in report.findings if f.rule == "RED-010"}
    assert red009 == {s.target for s in domain if "throughput" in s.breaks}
    assert red010 == {s.target for s in domain if {"rpo", "rto"} & set(s.breaks)}


@pytest.mark.parametrize("path", SAMPLE_PATHS, ids=[p.stem for p in SAMPLE_PATHS])
def test_scenarios_json_states_the_reason(capsys, path):
    assert main(["scenarios", str(path), "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)["scenarios"]
    report = validate(load_design(path, CATALOG).design, CATALOG)
    spofs = set(report.analysis.single_points_of_failure)
    for row in rows:
        if (row["served"] <= 0 < row["demand"]) or row["rto_minutes"] is None:
            assert row["target"] in spofs or row["reason"], row["id"]


def test_base_gateway_is_an_accepted_platform_risk():
    """Base design: both sites reach citrix only through gw (ErGw3AZ, zone-redundant), so
    losing gw whole serves 0 of 2,000,000 GRefs/s with no way back; it is no SPOF, and the
    row, the platform list and the SLA agree."""
    report = run(base())
    a = report.analysis
    assert a.single_points_of_failure == []
    sla = CATALOG.skus["azure-er-gw-ergw3az"].sla.zones.value
    assert [(r.component, r.sla_pct) for r in a.platform_redundant] == [("gw", sla)]
    row = next(s for s in a.scenarios.scenarios if s.id == "component:gw")
    assert (row.served, row.demand, row.rto_minutes) == (0, 2_000_000, None)
    assert row.reason == f"platform-redundant: provider SLA {sla:g} %, not a design SPOF"
    assert report.metrics["resilience"]["platform_redundant"] == [
        {"component": "gw", "sla_pct": sla, "reason": row.reason}]


def test_non_redundant_gateway_is_a_spof():
    report = run(_non_redundant_gateway(base()))
    a = report.analysis
    assert a.single_points_of_failure == ["gw"] and a.platform_redundant == []
    assert ("RED-008", ("gw",), "error") in {(f.rule, f.targets, f.severity)
                                            for f in report.findings}
    row = next(s for s in a.scenarios.scenarios if s.id == "component:gw")
    assert row.reason == "single point of failure (RED-008)"


def test_losing_a_whole_pool_is_explained_not_a_spof():
    """Losing citrix whole (40 instances) serves 0 %: every instance fails alone, so it is
    not a SPOF; the survivable domain is a zone, so the row says it is beyond it."""
    a = run(base()).analysis
    row = next(s for s in a.scenarios.scenarios if s.id == "component:citrix")
    assert row.served == 0 and "citrix" not in a.single_points_of_failure
    assert row.reason == ("loses all 40 instances of citrix at once; each instance fails "
                          "alone, so it is not a single point of failure (beyond the "
                          "survivable failure domain (zone))")


def test_red_010_names_its_domain():
    from validators.rules.red.recovery_targets import RecoveryTargets
    assert "survivable failure domain" in RecoveryTargets.title
    assert RecoveryTargets.survivable_domain_only
