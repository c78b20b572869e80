"""Text, JSON and SARIF reports, policy errors, and the generated rule documentation."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from catalogs.errors import InputError
from tests.conftest import ROOT, SAMPLES
from tests.test_cli import run as cli
from tests.validators.small import base, comp, run
from validators.docs import rules_json, rules_markdown
from validators.registry import RULE_CLASSES, DuplicateRuleId, all_rules, check_unique

SARIF_SCHEMA = ROOT.parent / "shared" / "reference" / "sarif-schema-2.1.0.json"
FLAWED = SAMPLES / "flawed-design.yaml"


def test_json_report_contract(capsys):
    code, out, _ = cli(capsys, "validate", str(FLAWED), "--format", "json")
    assert code == 1
    data = json.loads(out)
    assert set(data["summary"]) == {"error", "warning", "info", "waived"}
    lines = FLAWED.read_text(encoding="utf-8").splitlines()
    for f in data["findings"]:
        assert set(f) == {"rule", "severity", "targets", "message", "hint", "references",
                          "waived", "location"}
        assert f["severity"] in ("error", "warning", "info")
        where = f["location"]  # the declaration of its first element; the top for the design
        assert where["file"] == str(FLAWED)
        if f["targets"]:
            assert lines[where["line"] - 1][where["column"] - 1:].startswith(
                f"id: {f['targets'][0]}")
        else:
            assert (where["line"], where["column"]) == (1, 1)
    tier = data["metrics"]["capacity"]["tiers"][0]
    assert {"demand", "capacity", "utilization_pct", "headroom_pct", "runway_year", "served",
            "bottleneck"} <= set(tier)
    assert data["metrics"]["capacity"]["bottleneck"] == ["citrix"]


def test_text_report_groups_by_severity(capsys):
    code, out, _ = cli(capsys, "validate", str(FLAWED))
    assert code == 1
    errors_at, warnings_at = out.index("ERRORS ("), out.index("WARNINGS (")
    assert errors_at < warnings_at
    assert "PLC-004" in out[warnings_at:] and "PLC-004" not in out[errors_at:warnings_at]
    assert "fix: " in out and "see: " in out


def test_fail_on_warning_and_never(capsys):
    doc_path = SAMPLES / "community-hospital-shared.yaml"
    # judged at its effective date: its DR test is months old then, years old by 2031
    assert cli(capsys, "validate", str(doc_path), "--fail-on", "warning",
               "--as-of", "2026-10-05")[0] == 0
    assert cli(capsys, "validate", str(FLAWED), "--fail-on", "never")[0] == 0


def _sarif(capsys, path: Path) -> dict:
    code, out, _ = cli(capsys, "validate", str(path), "--format", "sarif")
    assert code in (0, 1)
    return json.loads(out)


def test_sarif_shape_and_locations(capsys):
    sarif = _sarif(capsys, FLAWED)
    run = sarif["runs"][0]
    rule_ids = [r["id"] for r in run["tool"]["driver"]["rules"]]
    assert rule_ids == sorted(rule_ids) and "THR-009" in rule_ids
    result = next(r for r in run["results"] if r["ruleId"] == "DSN-004")
    assert rule_ids[result["ruleIndex"]] == "DSN-004"
    region = result["locations"][0]["physicalLocation"]["region"]
    line = FLAWED.read_text().splitlines()[region["startLine"] - 1]
    assert "id: odb-rpt" in line
    assert result["locations"][0]["logicalLocations"][0]["name"] == "odb-rpt"


@pytest.mark.skipif(not SARIF_SCHEMA.exists(), reason="../shared/reference is not present")
@pytest.mark.parametrize("name", ["flawed-design", "academic-medical-center-ali"])
def test_sarif_validates_against_the_official_schema(capsys, name):
    from jsonschema import Draft7Validator

    schema = json.loads(SARIF_SCHEMA.read_text())
    errors = list(Draft7Validator(schema).iter_errors(_sarif(capsys, SAMPLES / f"{name}.yaml")))
    assert not errors, [e.message for e in errors[:3]]


def test_unknown_rule_or_threshold_in_policy_is_an_input_error():
    doc = base()
    doc["policy"] = {"rules": {"THR-099": {"enabled": False},
                               "THR-001": {"thresholds": {"headroom": 70}}}}
    with pytest.raises(InputError) as info:
        run(doc)
    text = str(info.value)
    assert "unknown rule 'THR-099'" in text
    assert "THR-001 has no threshold 'headroom' (did you mean 'headroom_pct'?)" in text


def test_rules_docs_are_current():
    current = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    assert current == rules_markdown(all_rules()), \
        "docs/rules.md is stale: run `.venv/bin/ehrwb rules --format markdown > docs/rules.md`"


def test_rules_command_lists_metadata(capsys):
    code, out, _ = cli(capsys, "rules", "--format", "json")
    data = json.loads(out)
    assert code == 0 and data == rules_json(all_rules())
    thr1 = next(r for r in data if r["id"] == "THR-001")
    assert thr1["levels"] == ["error", "warning"] and thr1["thresholds"] == {"headroom_pct": None}
    for r in data:
        assert r["title"] and r["rationale"] and r["hint"] and r["severity"]


def test_duplicate_rule_ids_are_refused():
    thr1 = next(cls for cls in RULE_CLASSES if cls.id == "THR-001")
    with pytest.raises(DuplicateRuleId, match="THR-001"):
        check_unique((*RULE_CLASSES, thr1))


def test_waiver_marks_a_finding_waived():
    doc = base()
    comp(doc, "gw")["sku"] = "azure-er-gw-ergw2az"
    doc["waivers"] = [{"rule": "PLC-004", "target": "gw", "justification": "FastPath in Q3",
                       "approver": "CISO", "expires": "2099-01-01"}]
    report = run(doc)
    (finding,) = [f for f in report.findings if f.rule == "PLC-004"]
    assert finding.waived and finding.waiver_justification == "FastPath in Q3"
    assert report.summary()["waived"] == 1
    assert not [f for f in report.findings if f.rule in ("DSN-005", "CMP-013")]


def test_rules_markdown_has_a_compliance_matrix(capsys):
    code, out, _ = cli(capsys, "rules", "--format", "markdown")
    matrix = out[out.index("## Compliance matrix"):]
    assert code == 0
    assert "| HIPAA 164.312(a)(2)(iv) | [CMP-001](#cmp-001)" in matrix
    assert "| HITRUST 12.c | [RED-004](#red-004)" in matrix
    for r in all_rules():
        for clause in r.clauses:
            assert f"| {clause} |" in matrix
