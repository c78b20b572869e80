"""validate, scenarios and fmt over many files, folders and '-' in one process (issue 18,
point 1): the JSON summary shape, file:line:column for every finding, -o and --quiet."""

from __future__ import annotations

import io
import json
import re
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
QUIET_LINE = re.compile(r"^(?P<file>[^:]+):(?P<line>\d+):(?P<col>\d+): "
                        r"(?P<rule>(DSN|THR|PLC|RED|CMP|USR)-\d{3}) (error|warning|info): .+$")


def repo(tmp_path: Path) -> Path:
    """A repository folder: two designs in nested folders, a catalog and notes beside them."""
    (tmp_path / "designs" / "east").mkdir(parents=True)
    shutil.copy(FLAGSHIP, tmp_path / "designs" / "flagship.yaml")
    shutil.copy(FLAWED, tmp_path / "designs" / "east" / "flawed.yml")
    (tmp_path / "designs" / "catalog.yaml").write_text("compute: []\n", encoding="utf-8")
    (tmp_path / "designs" / "README.md").write_text("notes\n", encoding="utf-8")
    return tmp_path / "designs"


def test_a_folder_is_checked_in_one_run_with_a_summary(capsys, tmp_path):
    folder = repo(tmp_path)
    code, out, _ = run(capsys, "validate", str(folder), "--format", "json")
    assert code == 1  # the flawed design has errors
    data = json.loads(out)
    assert set(data) == {"files", "summary"}
    assert [Path(f["path"]).name for f in data["files"]] == ["flawed.yml", "flagship.yaml"]
    flawed, flagship = data["files"]
    assert flagship["summary"] == {"error": 0, "warning": 5, "info": 2, "waived": 0}
    assert flawed["summary"] == {"error": 36, "warning": 13, "info": 0, "waived": 0}
    assert data["summary"] == {"files": 2, "unreadable": 0, "error": 36, "warning": 18,
                               "info": 2, "waived": 0, "baselined": 0}
    for f in flawed["findings"]:
        assert f["location"]["file"] == flawed["path"]


def test_one_file_keeps_the_shape_it_always_had(capsys):
    code, out, _ = run(capsys, "validate", str(FLAGSHIP), "--format", "json")
    assert code == 0
    assert set(json.loads(out)) == {"design", "variant", "as_of", "summary", "findings",
                                    "metrics", "approvals"}


def test_text_names_file_line_and_column_of_every_finding(capsys, tmp_path):
    folder = repo(tmp_path)
    code, out, _ = run(capsys, "validate", str(folder))
    assert code == 1
    lines = (folder / "east" / "flawed.yml").read_text(encoding="utf-8").splitlines()
    places = re.findall(r"^  (\S+):(\d+):(\d+): ([A-Z]{3}-\d{3})(?: \[waived\])?  (\S+?):",
                        out, re.MULTILINE)
    assert len(places) >= 40
    for file, line, col, _rule, target in places:
        if file.endswith("flawed.yml") and target != "design":
            assert lines[int(line) - 1][int(col) - 1:].startswith(f"id: {target.rstrip(',')}")
    assert out.rstrip().splitlines()[-1].startswith("2 files: 36 errors, ")


def test_quiet_prints_one_line_a_finding_and_nothing_else(capsys, tmp_path):
    folder = repo(tmp_path)
    code, out, err = run(capsys, "validate", str(folder), "--quiet")
    assert code == 1 and err == ""
    lines = out.splitlines()
    assert len(lines) == 36 + 13 + 5 + 2  # the flawed design's findings, then the flagship's
    assert all(QUIET_LINE.match(line) for line in lines), lines[:3]


def test_an_unreadable_file_is_exit_2_and_the_others_are_still_checked(capsys, tmp_path):
    folder = repo(tmp_path)
    (folder / "broken.yaml").write_text("schema_version: 2\nmetadata: [\n", encoding="utf-8")
    code, out, err = run(capsys, "validate", str(folder), "--format", "json")
    assert code == 2
    data = json.loads(out)
    broken = next(f for f in data["files"] if f["path"].endswith("broken.yaml"))
    assert broken["error"]["problems"][0]["line"] == 3
    assert data["summary"]["unreadable"] == 1 and data["summary"]["files"] == 3
    assert sum("findings" in f for f in data["files"]) == 2


def test_a_folder_without_designs_is_exit_2(capsys, tmp_path):
    (tmp_path / "empty").mkdir()
    code, out, err = run(capsys, "validate", str(tmp_path / "empty"))
    assert code == 2 and out == ""
    assert str(tmp_path / "empty") in err and "no design file" in err


def test_standard_input_among_files(capsys, monkeypatch, tmp_path):
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(FLAWED.read_bytes())))
    code, out, _ = run(capsys, "validate", str(FLAGSHIP), "-", "--format", "json")
    data = json.loads(out)
    assert code == 1 and [f["path"] for f in data["files"]] == [str(FLAGSHIP), "-"]
    assert data["files"][1]["findings"][0]["location"]["file"] == "-"


def test_output_file_is_written_and_a_design_is_never_overwritten(capsys, tmp_path):
    out_file = tmp_path / "report.json"
    code, out, _ = run(capsys, "validate", str(FLAGSHIP), "--format", "json", "-o",
                       str(out_file))
    assert code == 0 and out == ""
    assert json.loads(out_file.read_text(encoding="utf-8"))["summary"]["warning"] == 5
    code, _, _ = run(capsys, "validate", str(FLAGSHIP), "-o", str(out_file))  # replaced
    assert code == 0 and out_file.read_text(encoding="utf-8").startswith("Academic Medical")
    design = tmp_path / "flawed.yaml"
    shutil.copy(FLAWED, design)
    code, out, err = run(capsys, "validate", str(FLAGSHIP), "-o", str(design))
    assert code == 2 and "is a design file" in err
    assert design.read_bytes() == FLAWED.read_bytes()


def test_scenarios_of_many_files(capsys, tmp_path):
    folder = repo(tmp_path)
    code, out, _ = run(capsys, "scenarios", str(folder), "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert data["summary"] == {"files": 2, "unreadable": 0}
    assert {f["design"] for f in data["files"]} == {
        "Academic Medical Center - Epic on Azure Large Instances",
        "Flawed design - plausible but wrong"}
    code, out, _ = run(capsys, "scenarios", str(folder), "-o", str(tmp_path / "s.txt"))
    text = (tmp_path / "s.txt").read_text(encoding="utf-8")
    assert code == 0 and out == "" and text.count("clinical path availability") == 2


def test_fmt_check_of_a_folder(capsys, tmp_path):
    folder = repo(tmp_path)
    code, _, err = run(capsys, "fmt", "--check", str(folder))
    assert code == 0 and err.count("already canonical") == 2
    code, _, err = run(capsys, "fmt", "--check", "--quiet", str(folder))
    assert code == 0 and err == ""
    flawed = folder / "east" / "flawed.yml"
    flawed.write_text(flawed.read_text(encoding="utf-8").replace("schema_version: 2\n",
                                                                 "schema_version:   2\n"),
                      encoding="utf-8")
    code, _, err = run(capsys, "fmt", "--check", "--quiet", str(folder))
    assert code == 1 and "flawed.yml: would reformat" in err
