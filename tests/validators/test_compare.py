"""Candidate designs side by side (validators/compare.py): the ceiling of each tenancy and the
year demand reaches it, worked out by hand from the catalog; findings opened and closed
against the baseline; the explanation in words."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import yaml

from catalogs import load_catalog
from tests.conftest import FLAGSHIP
from validators.compare import Candidate, compare, rows, tenancy_ceiling
from workbench.analysis.facts import DesignFacts
from workbench.model.design import Design
from workbench.model.io import loads_design

CATALOG = load_catalog(use_setting=False)
AS_OF = dt.date(2026, 11, 1)


def _flagship_data() -> dict[str, Any]:
    return yaml.safe_load(FLAGSHIP.read_text(encoding="utf-8"))


def _design(data: dict[str, Any]) -> Design:
    return loads_design(yaml.safe_dump(data, sort_keys=False), "design.yaml", CATALOG).design


def _on_shared_vms(data: dict[str, Any]) -> dict[str, Any]:
    """The flagship with every Azure Large Instance replaced by the largest M-series VM."""
    for comp in data["components"]:
        if comp["sku"].startswith("azure-ali-"):
            comp["sku"] = "azure-m416bs-v3"
    return data


def test_ceilings_of_the_tenancies_by_hand():
    facts = DesignFacts(_design(_flagship_data()), CATALOG, AS_OF)
    # dedicated: the largest data servers (ALI S448SE, 4-socket bare metal...) rate 7 M GRefs/s
    # at the low end, x 3.0 (the low ECP scale-out factor) = 21 M, under ALI's 50 M claim
    assert tenancy_ceiling(facts, "dedicated").value == pytest.approx(21e6)
    # shared: M416bs v3 7 M x 0.9 derating x 3.0 = 18.9 M, capped by the 12 M shared ceiling
    shared = tenancy_ceiling(facts, "shared")
    assert shared.value == pytest.approx(12e6)
    assert "shared-tenancy ceiling" in shared.basis


def test_a_design_that_raises_the_shared_ceiling_meets_the_next_limit():
    data = _flagship_data()
    data.setdefault("policy", {}).setdefault("assumptions", {})[
        "shared_tenancy_grefs_ceiling"] = 30e6
    facts = DesignFacts(_design(data), CATALOG, AS_OF)
    assert tenancy_ceiling(facts, "shared").value == pytest.approx(7e6 * 0.9 * 3.0)


def test_the_flagship_alone():
    (f,) = compare([Candidate("flagship", _design(_flagship_data()))], CATALOG, AS_OF).candidates
    assert f.tenancy == "dedicated"
    # 14 M x 1.06^n > 21 M from n > ln 1.5 / ln 1.06 = 6.96: n = 7, 2026 + 7
    assert f.ceiling_year == 2033
    assert f.peak_grefs == 14e6 and f.failing_rules == []
    assert f.worst_rpo_minutes == 0 and f.availability_target_pct == 99.95


@pytest.fixture(scope="module")
def dedicated_and_shared():
    return compare([Candidate("dedicated", _design(_flagship_data())),
                    Candidate("shared", _design(_on_shared_vms(_flagship_data())))],
                   CATALOG, AS_OF)


def test_the_shared_counterpart_is_above_its_ceiling_today(dedicated_and_shared):
    base, shared = dedicated_and_shared.candidates
    assert shared.tenancy == "shared"
    assert shared.ceiling.value == pytest.approx(12e6)
    assert shared.ceiling_year == 2026  # 14 M peak already above 12 M
    db = shared.database
    assert db is not None and base.database is not None
    # one M416bs v3 data server: 7 M x 0.9 = 6.3 M, x 3.0 with ECP = 18.9 M at the low end
    assert db.low == pytest.approx(18.9e6)
    assert shared.failing_rules and not base.failing_rules
    # the shared-ceiling rule fires on both production data servers; ALI's warning that its
    # service is not on the provider's BAA list (CMP-006) goes with the ALI servers
    assert shared.opened == ["PLC-002 on odb-prod-a", "PLC-002 on odb-prod-b"]
    assert shared.closed == ["CMP-006 on odb-dr", "CMP-006 on odb-prod-a",
                             "CMP-006 on odb-prod-b", "CMP-006 on odb-rpt"]


def test_the_explanation_names_ceiling_year_and_failing_rules(dedicated_and_shared):
    base_line, shared_line = dedicated_and_shared.explanation
    assert base_line.startswith("The dedicated variant (dedicated) reaches its 21 M GRefs/s "
                                "dedicated ceiling in 2033")
    assert "is above its 12 M GRefs/s shared ceiling already" in shared_line
    first = dedicated_and_shared.candidates[1].failing_rules[0]
    assert f"fails {first}" in shared_line


def test_json_and_table_carry_every_measure(dedicated_and_shared):
    data = dedicated_and_shared.to_json()
    assert [v["label"] for v in data["variants"]] == ["dedicated", "shared"]
    for variant in data["variants"]:
        assert {"ceiling", "monthly_cost", "horizon_cost", "tiers", "availability_pct",
                "worst_rpo_minutes", "worst_rto_minutes"} <= set(variant)
        assert variant["ceiling"] > 0 and variant["ceiling_basis"]
    names = [name for name, _ in rows(dedicated_and_shared)]
    for wanted in ("tenancy (database tier)", "database: capacity, utilization",
                   "ceiling of the tenancy (GRefs/s)", "year demand reaches it",
                   "availability (target)", "worst RPO / RTO", "findings opened / closed",
                   "monthly cost", "horizon cost"):
        assert wanted in names
    text = dedicated_and_shared.render_text()
    assert "already" in text and "2033" in text


def test_nothing_to_compare_is_an_error():
    with pytest.raises(ValueError):
        compare([], CATALOG, AS_OF)
