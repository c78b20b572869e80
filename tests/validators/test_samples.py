"""The bundled samples: expected verdicts and golden results."""

from __future__ import annotations

import json

import pytest

from tests.conftest import SAMPLE_FILES, SAMPLES
from tests.golden.regenerate import GOLDEN, golden_json


@pytest.mark.parametrize("path", SAMPLE_FILES, ids=lambda p: p.stem)
def test_golden_results(path):
    expected = (GOLDEN / f"{path.stem}.json").read_text(encoding="utf-8")
    assert golden_json(path) == expected, (
        "results changed: run `.venv/bin/python -m tests.golden.regenerate` and review the diff")


@pytest.mark.parametrize("name", ["academic-medical-center-ali", "community-hospital-shared",
                                  "regional-network-hybrid"])
def test_good_samples_have_no_errors(name):
    data = json.loads(golden_json(SAMPLES / f"{name}.yaml"))
    assert data["summary"]["error"] == 0
    assert data["metrics"]["capacity"]["served_throughput"] == data["metrics"]["capacity"]["demand"]


def test_flawed_design_breaks_every_family():
    data = json.loads(golden_json(SAMPLES / "flawed-design.yaml"))
    families = {f["rule"].split("-")[0] for f in data["findings"]}
    assert {"DSN", "THR", "PLC", "RED", "CMP"} <= families
    assert data["summary"]["error"] >= 10


def test_flagship_keeps_headroom():
    data = json.loads(golden_json(SAMPLES / "academic-medical-center-ali.yaml"))
    tiers = {t["tier"]: t for t in data["metrics"]["capacity"]["tiers"]}
    assert set(tiers) == {"database", "application", "presentation"}
    for tier in tiers.values():
        assert tier["utilization_pct"] < tier["headroom_limit_pct"]


def test_flagship_database_stays_within_the_published_platform_figure(capsys):
    """Azure Large Instances for Epic: "up to 50 million database accesses per second". The
    flagship's ALI data server with ECP: 7 M (the highest published single-host result) x 3 /
    4 / 5 = 21 / 28 / 35 M, every end at or below 50 M; the derivation and the band are in the
    JSON and the text report."""
    from workbench.cli import main

    data = json.loads(golden_json(SAMPLES / "academic-medical-center-ali.yaml"))
    db = next(t for t in data["metrics"]["capacity"]["tiers"] if t["tier"] == "database")
    band = db["capacity_band"]
    assert (band["low"], band["expected"], band["high"]) == (21e6, 28e6, 35e6)
    assert band["high"] <= 50_000_000 and db["capacity"] == band["expected"]
    assert "ECP multiple x 3 / x 4 / x 5" in band["reason"]
    assert any("capped at 7 M, the highest published single-host result" in b
               for b in db["basis"])
    assert main(["validate", str(SAMPLES / "academic-medical-center-ali.yaml")]) in (0, 1)
    text = capsys.readouterr().out
    assert "21 M (low end; expected 28 M, high 35 M) GRefs/s" in text
    assert "band: " in text and "x 4 with ECP application servers" in text
