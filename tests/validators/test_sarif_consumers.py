"""SARIF as its consumers take it: the SARIF 2.1.0 schema, the Microsoft SARIF Multitool
(what GitHub code scanning's checks are modelled on: no error and no warning) and sarif-tools,
for the flawed sample, a clean one, a file given by its absolute path, several files, and
files that cannot be read (reported as results, exit 2, not as an empty log).

The official schema is read from ../shared/reference (the OASIS file; that folder asks that it
is not copied into the project), else the copy the Multitool ships; the Multitool comes from
tools/package.json (`make setup-test`, npm)."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import ROOT, SAMPLES
from tests.test_cli import run
from validators.registry import all_rules
from validators.sarif import INPUT_RULE, SRCROOT, security_severity
from workbench.model.schema import RULES_URL

OFFICIAL_SCHEMA = ROOT.parent / "shared" / "reference" / "sarif-schema-2.1.0.json"
MULTITOOL = ROOT / "tools" / "node_modules" / "@microsoft" / \
    f"sarif-multitool-{'darwin' if sys.platform == 'darwin' else sys.platform}" / \
    "Sarif.Multitool"
SARIF_TOOLS = Path(sys.executable).parent / "sarif"
FLAWED = SAMPLES / "flawed-design.yaml"
CLEAN = SAMPLES / "community-hospital-shared.yaml"  # clean at its effective date
CLEAN_AS_OF = "2026-10-05"


def _sarif(capsys, *args: str, code: int | None = None) -> dict[str, Any]:
    got, out, err = run(capsys, "validate", *args, "--format", "sarif")
    if code is not None:
        assert got == code, err
    return json.loads(out)


@pytest.fixture
def logs(capsys, tmp_path, monkeypatch) -> dict[str, dict[str, Any]]:
    """The SARIF of each case, run in the repository (the %SRCROOT%)."""
    monkeypatch.chdir(ROOT)
    broken = tmp_path / "broken.yaml"
    broken.write_text("schema_version: 2\nmetadata: {name: x}\nrequirements: [\n")
    wrong = tmp_path / "wrong-type.yaml"
    wrong.write_text(CLEAN.read_text().replace("odb_size_tb: ", "odb_size_tb: big #", 1))
    unknown = ROOT / "tests" / "fixtures" / "no-such-design.yaml"
    sku = tmp_path / "unknown-sku.yaml"
    sku.write_text(CLEAN.read_text().replace("sku: ", "sku: no-such-", 1))
    return {
        "flawed": _sarif(capsys, "assets/samples/flawed-design.yaml", code=1),
        "clean": _sarif(capsys, str(CLEAN.relative_to(ROOT)), "--as-of", CLEAN_AS_OF, code=0),
        "absolute": _sarif(capsys, str(FLAWED), code=1),
        "broken": _sarif(capsys, str(broken), code=2),
        "inputs": _sarif(capsys, str(wrong), str(sku), str(unknown.relative_to(ROOT)),
                         code=2),
        "several": _sarif(capsys, str(FLAWED), str(CLEAN), str(broken), code=2),
    }


def _physical(log: dict[str, Any]) -> list[dict[str, Any]]:
    return [loc["physicalLocation"] for r in log["runs"][0]["results"]
            for loc in r.get("locations", []) if "physicalLocation" in loc]


def test_every_result_is_located_with_a_region_and_a_uri_code_scanning_takes(logs):
    for name, log in logs.items():
        run_ = log["runs"][0]
        assert run_["originalUriBaseIds"][SRCROOT]["uri"] == ROOT.as_uri() + "/"
        for result in run_["results"]:
            [location] = result["locations"]
            region = location["physicalLocation"]["region"]
            assert region["startLine"] >= 1, name
        for physical in _physical(log):
            artifact = physical["artifactLocation"]
            assert not artifact["uri"].startswith("/"), name
            if artifact["uri"].startswith("file://"):
                assert "uriBaseId" not in artifact
            else:
                assert artifact["uriBaseId"] == SRCROOT
    assert {p["artifactLocation"]["uri"] for p in _physical(logs["absolute"])} == \
        {"assets/samples/flawed-design.yaml"}


def test_rules_carry_help_links_and_security_severity(logs):
    driver = logs["flawed"]["runs"][0]["tool"]["driver"]
    assert driver["informationUri"].startswith("https://")
    anchors = set(re.findall(r"^### (\S+)$", (ROOT / "docs" / "rules.md").read_text(),
                             re.MULTILINE))
    rules = {r.id: r for r in all_rules()}
    assert len(driver["rules"]) == len(rules)
    for rule in driver["rules"]:
        assert rule["helpUri"] == f"{RULES_URL}#{rule['id'].lower()}"
        assert rule["id"] in anchors
        score = rule["properties"]["security-severity"]
        assert isinstance(score, str) and 0 < float(score) <= 10
        assert score == security_severity(rules[rule["id"]])
    cmp1 = next(r for r in driver["rules"] if r["id"] == "CMP-001")  # HIPAA, error: critical
    assert float(cmp1["properties"]["security-severity"]) >= 9.0
    assert "security" in cmp1["properties"]["tags"]


def test_input_errors_are_results_at_their_line(logs):
    [result] = logs["broken"]["runs"][0]["results"]
    assert result["ruleId"] == INPUT_RULE and result["level"] == "error"
    physical = result["locations"][0]["physicalLocation"]
    assert physical["artifactLocation"]["uri"].startswith("file://")  # outside the folder
    assert physical["artifactLocation"]["uri"].endswith("/broken.yaml")
    assert physical["region"] == {"startLine": 4, "startColumn": 1}
    texts = [r["message"]["text"] for r in logs["inputs"]["runs"][0]["results"]]
    assert any("requirements.odb_size_tb" in t for t in texts)
    assert any("unknown SKU 'no-such-" in t for t in texts)
    assert any("cannot read file" in t for t in texts)
    rules = logs["inputs"]["runs"][0]["tool"]["driver"]["rules"]
    assert rules[logs["inputs"]["runs"][0]["results"][0]["ruleIndex"]]["id"] == INPUT_RULE
    several = logs["several"]["runs"][0]["results"]
    assert {r["ruleId"] for r in several} > {INPUT_RULE, "DSN-004"}


def test_fingerprints_hold_across_runs_and_moved_lines(capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    design = tmp_path / "design.yaml"
    design.write_text(FLAWED.read_text())

    def fingerprints(*args: str) -> dict[tuple[str, ...], str]:
        """Each result's fingerprint by its rule, elements and message without digits."""
        out = {}
        for r in _sarif(capsys, "design.yaml", *args)["runs"][0]["results"]:
            about = [loc["name"] for loc in r["locations"][0].get("logicalLocations", [])]
            key = (r["ruleId"], *about, re.sub(r"[0-9]+", "#", r["message"]["text"]))
            out[key] = r["partialFingerprints"]["ehrwbFinding/v1"]
        return out

    first = fingerprints("--as-of", "2027-01-01")
    assert len(set(first.values())) == len(first)  # one finding, one fingerprint
    design.write_text("# moved\n\n" + FLAWED.read_text())  # every line moves down
    assert fingerprints("--as-of", "2027-01-01") == first
    # months later the DR test is older (its message says so): the same finding
    later = fingerprints("--as-of", "2027-09-01")
    same = first.keys() & later.keys()
    assert any(key[0] == "CMP-009" for key in same)
    assert {k: first[k] for k in same} == {k: later[k] for k in same}


# ---------------------------------------------------------------------------- consumers
def test_logs_validate_against_the_sarif_schema(logs):
    """The OASIS schema (draft-07) where ../shared/reference has it, else the copy the
    Multitool ships (draft 2020-12)."""
    from jsonschema import Draft7Validator, Draft202012Validator

    if OFFICIAL_SCHEMA.exists():
        validator: Any = Draft7Validator(json.loads(OFFICIAL_SCHEMA.read_text()))
    elif (MULTITOOL.parent / "sarif-2.1.0.json").exists():
        validator = Draft202012Validator(json.loads(
            (MULTITOOL.parent / "sarif-2.1.0.json").read_text()))
    else:
        pytest.skip("no SARIF 2.1.0 schema here: ../shared/reference holds the OASIS one, "
                    "`make setup-test` (npm) installs the Multitool's copy")
    for name, log in logs.items():
        errors = list(validator.iter_errors(log))
        assert not errors, (name, [f"{list(e.path)}: {e.message}" for e in errors[:3]])


def test_the_multitool_reports_no_error_and_no_warning(logs, tmp_path):
    if not MULTITOOL.exists():
        pytest.skip("the SARIF Multitool is not installed: run `make setup-test` (npm ci in "
                    "tools/, with npm)")
    files = []
    for name, log in logs.items():
        files.append(tmp_path / f"{name}.sarif")
        files[-1].write_text(json.dumps(log, indent=2))
    out = tmp_path / "multitool.sarif"
    # notes are advice, not problems (message ids instead of text, versionControlProvenance,
    # snippets; the $schema URL is unreachable offline): only errors and warnings are asked for
    done = subprocess.run([str(MULTITOOL), "validate", *map(str, files), "-o", str(out),
                           "--level", "Error;Warning", "--log", "ForceOverwrite"],
                          capture_output=True, text=True, timeout=600, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    report = json.loads(out.read_text())["runs"][0]
    problems = [(r["ruleId"], r["message"].get("arguments"), r.get("locations"))
                for r in report.get("results", [])]
    assert problems == []
    assert report["invocations"][0]["executionSuccessful"]
    assert f"{len(files)} files scanned" in done.stdout


def test_sarif_tools_reads_every_log(logs, tmp_path):
    if not SARIF_TOOLS.exists():
        pytest.skip("sarif-tools is not installed (the [test] extra installs it)")
    for name, log in logs.items():
        path = tmp_path / f"{name}.sarif"
        path.write_text(json.dumps(log))
        done = subprocess.run([str(SARIF_TOOLS), "csv", str(path), "-o",
                               str(tmp_path / f"{name}.csv")], capture_output=True, text=True,
                              timeout=300, check=False)
        assert done.returncode == 0 and "error" not in done.stderr.lower(), done.stderr
        rows = (tmp_path / f"{name}.csv").read_text().splitlines()[1:]
        assert len(rows) == len(log["runs"][0]["results"]), name
        done = subprocess.run([str(SARIF_TOOLS), "summary", str(path)], capture_output=True,
                              text=True, timeout=300, check=False)
        assert done.returncode == 0 and not done.stderr, done.stderr
        errors = sum(r["level"] == "error" for r in log["runs"][0]["results"])
        assert f"error: {errors}" in done.stdout, (name, done.stdout)


def test_multitool_and_sarif_tools_are_pinned_where_they_install_from():
    tools = json.loads((ROOT / "tools" / "package.json").read_text())["dependencies"]
    lock = json.loads((ROOT / "tools" / "package-lock.json").read_text())["packages"]
    for name, version in tools.items():
        assert re.fullmatch(r"\d+\.\d+\.\d+", version), name  # exact: npm ci installs it
        assert lock[f"node_modules/{name}"]["version"] == version
    assert "node_modules/" in (ROOT / ".gitignore").read_text().splitlines()
