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
