"""``ehrwb scenarios --capacity``: each tier's capacity after each failure beside normal, in
text and JSON, checked on the small complete design against the numbers worked by hand in
tests/analysis/test_after_failure.py (zone z1 takes ecp-1, 2 of 4 ECP instances, and 30 of
60 Hyperspace hosts). Without the flag the output is as before."""

from __future__ import annotations

import json

import pytest
import yaml

from tests.validators.small import AS_OF, complete
from workbench.cli import main


@pytest.fixture
def small(tmp_path):
    path = tmp_path / "small.yaml"
    path.write_text(yaml.safe_dump(complete(), sort_keys=False), encoding="utf-8")
    return str(path)


def run(capsys, *args: str) -> str:
    code = main([*args, "--as-of", AS_OF.isoformat()])
    out, err = capsys.readouterr()
    assert code == 0, err
    return out


def test_json_gives_each_scenario_its_tiers_after_the_failure(capsys, small):
    data = json.loads(run(capsys, "scenarios", small, "--format", "json", "--capacity"))
    after = data["capacity_after"]
    assert set(after) == {s["id"] for s in data["scenarios"]}
    tiers = {t["tier"]: t for t in after["zone:z1"]}
    assert list(tiers) == ["database", "application", "presentation"]
    app = tiers["application"]
    # 4 x 1,189,800 = 4,759,200 judged normally; 2 x 1,189,800 = 2,379,600 after: half lost
    assert app["normal"]["capacity_band"]["low"] == pytest.approx(4_759_200)
    assert app["after_failure"]["capacity_band"]["low"] == pytest.approx(2_379_600)
    assert app["after_failure"]["capacity"] == pytest.approx(3_780_000)
    assert app["after_failure"]["utilization_pct"] == pytest.approx(84.05, abs=0.01)
    assert app["lost_pct"] == pytest.approx(50)
    pres = tiers["presentation"]
    assert (pres["normal"]["capacity"], pres["after_failure"]["capacity"]) == (2_400, 1_200)
    db = tiers["database"]  # one member left, 7,000,000 at the low end both ways
    assert db["after_failure"]["capacity"] == pytest.approx(7_000_000)
    assert db["lost_pct"] == 0


def test_text_prints_the_outcome_table_under_each_scenario(capsys, small):
    out = run(capsys, "scenarios", small, "--capacity").splitlines()
    header = next(i for i, line in enumerate(out)
                  if line.split() == ["tier", "normal", "after", "the", "failure", "over",
                                      "the", "limit", "runs", "out"])
    z1 = next(i for i, line in enumerate(out) if i > header and line.startswith("* lose zone z1"))
    rows = [line.split("  ") for line in out[z1 + 1:z1 + 4]]
    cells = [[c.strip() for c in row if c.strip()] for row in rows]
    assert cells[1:] == [
        ["application", "42.0 % of 4,759,200", "84.0 % of 2,379,600", "2040 -> 2026",
         "2044 -> 2030"],
        ["presentation", "41.7 % of 2,400", "83.3 % of 1,200", "2040 -> 2026", "2044 -> 2030"]]
    assert cells[0][0] == "database" and cells[0][1] == cells[0][2] == "28.6 % of 7,000,000"


def test_without_the_flag_the_output_is_unchanged(capsys, small):
    plain = run(capsys, "scenarios", small)
    assert "capacity after each failure" not in plain
    with_flag = run(capsys, "scenarios", small, "--capacity")
    assert with_flag.startswith(plain.rstrip("\n") + "\n")
    data = json.loads(run(capsys, "scenarios", small, "--format", "json"))
    assert "capacity_after" not in data
