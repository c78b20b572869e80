"""Repository settings (ehrwb.toml, [tool.ehrwb]), --select/--ignore, baselines and user rules
(issue 18, point 2), through the ehrwb command."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from tests.conftest import SAMPLES
from tests.test_cli import run as cli

AS_OF = "2026-11-28"  # the DR-test age and waiver expiry the counts below are judged at


def run(capsys, command, *args):
    """ehrwb COMMAND ARGS, validate judged at AS_OF (no test depends on today's date)."""
    return cli(capsys, command, *args, *(("--as-of", AS_OF) if command == "validate" else ()))

FLAGSHIP = SAMPLES / "academic-medical-center-ali.yaml"
FLAWED = SAMPLES / "flawed-design.yaml"


def repo(tmp_path: Path, settings: str | None, name: str = "ehrwb.toml") -> Path:
    """A repository with the settings at its root and the flawed design two folders down."""
    design = tmp_path / "designs" / "east" / "flawed.yaml"
    design.parent.mkdir(parents=True)
    shutil.copy(FLAWED, design)
    if settings is not None:
        (tmp_path / name).write_text(settings, encoding="utf-8")
    return design


def rules_of(capsys, *args: str) -> tuple[int, list[tuple[str, str]]]:
    code, out, err = run(capsys, "validate", *args, "--format", "json")
    assert out, err
    return code, [(f["rule"], f["severity"]) for f in json.loads(out)["findings"]]


def test_settings_are_found_walking_up_from_the_design(capsys, tmp_path):
    design = repo(tmp_path, 'select = ["CMP", "RED-001"]\nignore = ["CMP-002"]\n'
                            '[rules.CMP-001]\nseverity = "info"\n')
    code, found = rules_of(capsys, str(design))
    families = {rule.split("-")[0] for rule, _ in found}
    assert families == {"CMP"} | ({"RED"} if ("RED-001", "error") in found else set())
    assert "CMP-002" not in {rule for rule, _ in found}
    assert ("CMP-001", "info") in found and ("CMP-001", "error") not in found
    assert code == 1


def test_pyproject_tool_table_is_read_too(capsys, tmp_path):
    design = repo(tmp_path, '[project]\nname = "x"\n\n[tool.ehrwb]\nselect = ["DSN"]\n',
                  name="pyproject.toml")
    _, found = rules_of(capsys, str(design))
    assert found and {rule.split("-")[0] for rule, _ in found} == {"DSN"}


def test_a_pyproject_without_the_table_is_passed_over(capsys, tmp_path):
    design = repo(tmp_path, 'select = ["DSN"]\n')
    (design.parent / "pyproject.toml").write_text('[project]\nname = "x"\n', encoding="utf-8")
    _, found = rules_of(capsys, str(design))
    assert {rule.split("-")[0] for rule, _ in found} == {"DSN"}


def test_command_line_select_replaces_and_ignore_adds(capsys, tmp_path):
    design = repo(tmp_path, 'select = ["DSN"]\nignore = ["CMP-003"]\n')
    _, found = rules_of(capsys, str(design), "--select", "CMP,RED", "--select", "THR-001",
                        "--ignore", "CMP-001")
    rules = {rule for rule, _ in found}
    assert {r.split("-")[0] for r in rules} == {"CMP", "RED", "THR"} and "THR-001" in rules
    assert not rules & {"CMP-001", "CMP-003"} and not {r for r in rules if r > "THR-001"}
    _, found = rules_of(capsys, str(design), "--no-config")
    assert {"CMP-001", "CMP-003", "THR-005", "DSN-004"} <= {rule for rule, _ in found}


def test_the_more_specific_entry_wins(capsys, tmp_path):
    design = repo(tmp_path, 'select = ["RED-001"]\nignore = ["RED"]\n')
    _, found = rules_of(capsys, str(design))
    assert {rule for rule, _ in found} == {"RED-001"}


def test_thresholds_and_fail_on_from_the_settings(capsys, tmp_path):
    design = tmp_path / "flagship.yaml"
    shutil.copy(FLAGSHIP, design)  # database at 66.7 % of its low-end capacity
    code, found = rules_of(capsys, str(design))
    assert code == 0 and "THR-001" not in {rule for rule, _ in found}
    (tmp_path / "ehrwb.toml").write_text('[rules.THR-001]\nthresholds = { headroom_pct = 60 }\n',
                                         encoding="utf-8")
    code, found = rules_of(capsys, str(design))
    assert ("THR-001", "warning") in found and code == 0  # over 60 %: a warning
    (tmp_path / "ehrwb.toml").write_text('fail-on = "warning"\n', encoding="utf-8")
    code, found = rules_of(capsys, str(design))
    assert code == 1 and all(sev != "error" for _, sev in found)  # its warnings now fail
    code, _ = rules_of(capsys, str(design), "--fail-on", "never")
    assert code == 0


def test_the_designs_own_policy_wins(capsys, tmp_path):
    design = tmp_path / "flagship.yaml"
    text = FLAGSHIP.read_text(encoding="utf-8")
    assert "\npolicy:\n  rules:\n" not in text
    shutil.copy(FLAGSHIP, design)
    (tmp_path / "ehrwb.toml").write_text(
        '[rules.THR-001]\nthresholds = { headroom_pct = 60 }\n[rules.CMP-006]\nenabled = false\n',
        encoding="utf-8")
    code, found = rules_of(capsys, str(design))
    assert "CMP-006" not in {r for r, _ in found} and ("THR-001", "warning") in found
    design.write_text(text.replace("\npolicy:\n", "\npolicy:\n  rules:\n    THR-001: "
                                   "{thresholds: {headroom_pct: 70}}\n    CMP-006: "
                                   "{enabled: true, severity: info}\n", 1), encoding="utf-8")
    code, found = rules_of(capsys, str(design))
    assert "THR-001" not in {r for r, _ in found}
    assert ("CMP-006", "info") in found


def test_bad_settings_are_exit_2_naming_file_and_key(capsys, tmp_path):
    design = repo(tmp_path, 'selct = ["CMP"]\n[rules.THR-001]\nseverity = "warn"\n'
                            'thresholds = { headroom = 60 }\n')
    code, out, err = run(capsys, "validate", str(design))
    settings = str(tmp_path / "ehrwb.toml")
    assert code == 2 and out == ""
    assert f"{settings}: selct: unknown setting (did you mean 'select'?)" in err
    assert f"{settings}: rules.THR-001.severity: must be one of error, warning, info" in err
    (tmp_path / "ehrwb.toml").write_text('[rules.THR-001]\nthresholds = { headroom = 60 }\n',
                                         encoding="utf-8")
    code, _, err = run(capsys, "validate", str(design))
    assert code == 2 and "rules.THR-001.thresholds.headroom: THR-001 has no threshold " \
        "'headroom' (did you mean 'headroom_pct'?)" in err
    (tmp_path / "ehrwb.toml").write_text('select = ["CMP"\nignore = []\n', encoding="utf-8")
    code, _, err = run(capsys, "validate", str(design))
    assert code == 2 and err.startswith(f"{settings}:2:1: is not valid TOML")
    code, _, err = run(capsys, "validate", str(design), "--no-config", "--select", "CPM-001")
    assert code == 2 and "unknown rule or family 'CPM-001' (did you mean 'CMP-001'?)" in err


def test_a_baseline_lets_old_findings_pass_and_new_ones_fail(capsys, tmp_path):
    design = repo(tmp_path, None)
    baseline = tmp_path / "ehrwb-baseline.json"
    code, out, err = run(capsys, "validate", str(design), "--write-baseline", str(baseline))
    assert code == 0 and out == "" and "49 findings recorded as the baseline" in err
    recorded = json.loads(baseline.read_text(encoding="utf-8"))
    assert recorded["findings"][0]["file"] == "designs/east/flawed.yaml"
    code, out, _ = run(capsys, "validate", str(design), "--baseline", str(baseline))
    assert code == 0 and "(49 findings in the baseline not shown)" in out
    # a new unencrypted link: new findings fail the run; the old ones stay hidden
    text = design.read_text(encoding="utf-8")
    link = "- {id: odb-prod--odb-dr2, from: odb-prod, to: odb-dr, kind: mirror-async, " \
        "encrypted: false}\n"
    design.write_text(text.replace("- {id: odb-prod--odb-dr,", link + "- {id: odb-prod--odb-dr,",
                                   1), encoding="utf-8")
    code, out, _ = run(capsys, "validate", str(design), "--baseline", str(baseline), "--format",
                       "json")
    data = json.loads(out)
    assert code == 1 and data["baselined"] == 49
    assert {tuple(f["targets"]) for f in data["findings"]} == {("odb-prod--odb-dr2",)}
    # the settings can name it
    (tmp_path / "ehrwb.toml").write_text('baseline = "ehrwb-baseline.json"\n', encoding="utf-8")
    code, out, _ = run(capsys, "validate", str(design), "--quiet")
    assert code == 1 and all("odb-prod--odb-dr2" in line for line in out.splitlines())


def test_a_broken_baseline_is_exit_2(capsys, tmp_path):
    design = repo(tmp_path, None)
    (tmp_path / "b.json").write_text('{"findings": ', encoding="utf-8")
    code, _, err = run(capsys, "validate", str(design), "--baseline", str(tmp_path / "b.json"))
    assert code == 2 and f"{tmp_path / 'b.json'}:1:" in err and "not JSON" in err


USER_RULES = '''
from validators.rule import Hit, Rule


class NamedOwner(Rule):
    id = "USR-001"
    title = "Every production database names its owner"
    rationale = "Operations pages the owner."
    hint = "Add a description naming the owner."
    severity = "warning"

    def check(self, ctx):
        for c in ctx.design.components:
            if c.role.startswith("odb-") and "owner" not in (c.name or ""):
                yield Hit((c.id,), f"{c.id} names no owner")
'''


def test_user_rules_from_a_module_the_settings_name(capsys, tmp_path):
    design = repo(tmp_path, 'rule-modules = ["hospital_rules_a"]\nselect = ["USR"]\n')
    (tmp_path / "hospital_rules_a.py").write_text(USER_RULES, encoding="utf-8")
    code, found = rules_of(capsys, str(design))
    assert found and set(found) == {("USR-001", "warning")} and code == 0
    code, out, _ = run(capsys, "validate", str(design), "--format", "sarif")
    rules = json.loads(out)["runs"][0]["tool"]["driver"]["rules"]
    assert "USR-001" in [r["id"] for r in rules]


def test_a_user_rule_outside_its_family_is_exit_2(capsys, tmp_path):
    design = repo(tmp_path, 'rule-modules = ["hospital_rules_b"]\n')
    (tmp_path / "hospital_rules_b.py").write_text(USER_RULES.replace("USR-001", "CMP-001"),
                                                  encoding="utf-8")
    code, _, err = run(capsys, "validate", str(design))
    assert code == 2 and "id 'CMP-001' must be USR-NNN" in err and "ehrwb.toml" in err
    (tmp_path / "ehrwb.toml").write_text('rule-modules = ["no_such_module_x"]\n',
                                         encoding="utf-8")
    code, _, err = run(capsys, "validate", str(design))
    assert code == 2 and "cannot import rule module 'no_such_module_x'" in err


def test_catalog_folders_from_the_settings(capsys, tmp_path):
    fixtures = Path(__file__).parent / "fixtures" / "catalog-user"
    shutil.copytree(fixtures, tmp_path / "catalog")
    design = tmp_path / "flagship.yaml"
    text = FLAGSHIP.read_text(encoding="utf-8")
    design.write_text(text.replace("sku: azure-ali-s224se", "sku: onprem-hcg-db-server", 1),
                      encoding="utf-8")
    code, _, err = run(capsys, "validate", str(design))
    assert code == 2 and "unknown SKU 'onprem-hcg-db-server'" in err  # without the folder
    (tmp_path / "ehrwb.toml").write_text('catalogs = ["catalog"]\n', encoding="utf-8")
    code, out, err = run(capsys, "validate", str(design), "--format", "json")
    assert code == 2  # the folder's SKU is known now: what is wrong is where it is placed
    assert "SKU 'onprem-hcg-db-server' is an on-premises SKU but region 'east'" in err
