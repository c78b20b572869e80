"""The customer's Hardware Configuration Guide figures (requirements.sizing): they replace the
catalog's estimates for demand and storage, and the report says which figures came from it."""

from __future__ import annotations

import pytest

from catalogs.errors import InputError
from tests.validators.small import base, comp, pairs, run
from workbench.model.io import loads_design


def guide(doc, **figures):  # type: ignore[no-untyped-def]
    doc["requirements"]["sizing"] = {"source": "HCG 2026 edition", "date": "2026-05-01",
                                     **figures}
    return doc


def test_the_guides_peak_and_journal_replace_the_estimates():
    """Base demand 2,000,000 GRefs/s (stated in requirements); the guide says 3,000,000 and a
    journal of 20 MB/s. Database low end 7,000,000 (see test_capacity_by_hand):
    utilization 3 / 7 = 42.857143 %; 1,000 users -> 3,000 GRefs/s per user."""
    doc = guide(base(), peak_grefs=3_000_000, journal_mb_s=20)
    report = run(doc)
    cap = report.analysis.capacity
    assert cap.tiers["database"].demand == 3_000_000
    assert cap.tiers["database"].utilization_pct == pytest.approx(42.857143, abs=1e-6)
    assert cap.grefs_per_user == 3000 and cap.journal_mb_s.value == 20
    sizing = report.metrics["sizing"]
    assert sizing["guide"] == {"source": "HCG 2026 edition", "date": "2026-05-01",
                               "servers": {}}
    assert sizing["from_guide"] == {"peak_grefs": 3_000_000, "journal_mb_s": 20}
    assert "odb_iops" in sizing["estimated_or_stated"]
    # a larger stated peak is planned for: the design's own figure counts then
    doc["requirements"]["peak_grefs_per_s"] = 4_000_000
    assert run(doc).analysis.capacity.tiers["database"].demand == 4_000_000


def test_without_a_guide_the_report_says_what_is_estimated():
    doc = base()
    doc["requirements"].pop("peak_journal_mb_s", None)
    sizing = run(doc).metrics["sizing"]
    assert sizing["guide"] is None and sizing["from_guide"] == {}
    assert sizing["estimated_or_stated"]["peak_grefs"] == "requirements.peak_grefs_per_s"
    assert sizing["estimated_or_stated"]["journal_mb_s"].startswith("estimated: ")


def test_odb_storage_follows_the_epic_netapp_method():
    """Need = read IOPS + write burst / 45: 15,000 + 270,000 / 45 = 21,000 IOPS. The base ODB
    members provision 20,000 IOPS each: below, an error; at 25,000 they meet it. (The per-TB
    rule of thumb, 2,000 IOPS per TB of 10 TB, would have passed 20,000.)"""
    doc = guide(base(), read_iops=15_000, write_burst_ops=270_000)
    found = {p for p in pairs(run(doc)) if p[0] == "THR-005"}
    assert found == {("THR-005", ("odb-a",), "error"), ("THR-005", ("odb-b",), "error")}
    message = next(f.message for f in run(doc).findings if f.rule == "THR-005")
    assert "21,000 IOPS its Hardware Configuration Guide needs" in message
    assert "write-burst operations / 45 s" in message
    for cid in ("odb-a", "odb-b"):
        comp(doc, cid)["storage"]["iops"] = 25_000
    assert not {p for p in pairs(run(doc)) if p[0] == "THR-005"}


def test_a_guide_naming_an_unknown_role_is_refused_with_its_path():
    import yaml

    doc = guide(base(), servers={"ecp-app-sever": 4})
    with pytest.raises(InputError) as err:
        loads_design(yaml.safe_dump(doc, sort_keys=False), "small.yaml")
    assert "requirements.sizing.servers.ecp-app-sever" in str(err.value)
    assert "did you mean 'ecp-app-server'" in str(err.value)


def test_the_flagship_carries_its_guide_and_is_checked_against_it():
    from catalogs import load_catalog as catalog
    from tests.conftest import FLAGSHIP
    from validators.engine import validate
    from workbench.model.io import load_design

    cat = catalog(use_setting=False)
    report = validate(load_design(FLAGSHIP, cat).design, cat)
    sizing = report.metrics["sizing"]
    assert set(sizing["from_guide"]) == {"peak_grefs", "journal_mb_s", "odb_iops"}
    # (50,000 + 550,000 / 45) x 225 = 14,000,000: the guide's IOPS and peak agree
    assert sizing["from_guide"]["odb_iops"] * 225 == pytest.approx(14_000_000, rel=1e-9)
    assert not [f for f in report.findings if f.rule in ("THR-005", "DSN-006")]
