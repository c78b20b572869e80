"""The Python API (workbench/api.py, docs/python-api.md): the documented example runs as
written, and each function gives what its command gives."""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.conftest import FLAGSHIP, ROOT, SAMPLES
from workbench import api
from workbench.cli import main

FLAWED = SAMPLES / "flawed-design.yaml"
AS_OF = dt.date(2026, 9, 1)
DOC = ROOT / "docs" / "python-api.md"


def _cli(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(list(args))
    return code, out.getvalue(), err.getvalue()


def _doc_blocks() -> list[str]:
    return re.findall(r"```python\n(.*?)```", DOC.read_text(), re.S)


def test_the_documented_example_runs_as_written(tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    blocks = _doc_blocks()
    assert len(blocks) == 3
    out = io.StringIO()
    namespace: dict[str, Any] = {}
    with contextlib.redirect_stdout(out):
        for block in blocks:
            exec(compile(block, str(DOC), "exec"), namespace)
    printed = out.getvalue().splitlines()
    # the findings with their file:line:column, the summary, the scenarios, the errors
    located = [line for line in printed if re.match(rf"{re.escape(str(FLAGSHIP))}:\d+:\d+: ",
                                                    line)]
    assert located and all(re.search(r": [A-Z]{3}-\d{3} (error|warning|info): ", line)
                           for line in located)
    assert any(line.startswith("{'error': ") for line in printed)
    assert any("% served" in line for line in printed)
    assert any(line.startswith("<string>:3:1: components: ") for line in printed)
    assert (tmp_path / "design.pdf").read_bytes().startswith(b"%PDF-")
    # the proposal's first line: what it chose and what it costs
    assert any(line.startswith("proposed: shared database hosts") and " over 5 years " in line
               for line in printed)


def test_the_example_is_short_and_imports_only_the_api() -> None:
    example = _doc_blocks()[0].strip().splitlines()
    assert len(example) <= 12
    assert [line for line in example if "import" in line] == [
        "from workbench import api", "from workbench.samples import flagship_path"]


def test_load_reads_a_path_text_bytes_and_a_pdf(tmp_path: Path) -> None:
    text = FLAGSHIP.read_text()
    by_path = api.load(FLAGSHIP)
    assert by_path.name == str(FLAGSHIP)
    assert api.load(str(FLAGSHIP)).design == by_path.design
    assert api.load(text).design == by_path.design and api.load(text).name == "<string>"
    assert api.load(text.encode()).design == by_path.design
    pdf = api.export(by_path, tmp_path / "flagship.pdf")
    from_pdf = api.load(pdf)
    assert from_pdf.name == f"{pdf}#design.yaml"
    assert api.validate(from_pdf).report.fingerprint == api.validate(by_path).report.fingerprint


def test_an_unusable_design_raises_input_error_with_located_problems(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    text = FLAGSHIP.read_text()
    bad.write_text(text.replace("sku: azure-", "sku: nosuch-", 1))
    line = text.splitlines().index(next(x for x in text.splitlines() if "sku: azure-" in x)) + 1
    for call in (api.load, api.validate, api.scenarios,
                 lambda s: api.export(s, tmp_path / "out.pdf")):
        with pytest.raises(api.InputError) as caught:
            call(bad)
        problem = caught.value.problems[0]
        assert (problem.file, problem.line) == (str(bad), line), call
        assert problem.column and problem.path and problem.path.endswith(".sku")
        assert "nosuch-" in problem.message
    assert not (tmp_path / "out.pdf").exists()
    with pytest.raises(api.InputError) as caught:
        api.load(tmp_path / "missing.yaml")
    assert caught.value.problems[0].file == str(tmp_path / "missing.yaml")


def test_validate_of_a_path_is_the_commands_json_report() -> None:
    for sample in (FLAWED, FLAGSHIP):
        code, out, _ = _cli("validate", str(sample), "--format", "json", "--as-of",
                            AS_OF.isoformat())
        result = api.validate(str(sample), as_of=AS_OF)
        assert result.to_json() == json.loads(out)
        assert code == (1 if result.fails() else 0)
    assert api.validate(FLAWED, as_of=AS_OF).to_json()["findings"][0]["location"]["line"] > 1


def test_validate_finds_the_repository_settings_as_the_command_does(tmp_path: Path) -> None:
    design = tmp_path / "designs" / "flawed.yaml"
    design.parent.mkdir()
    design.write_text(FLAWED.read_text())
    (tmp_path / "ehrwb.toml").write_text('ignore = ["CMP"]\n')
    _, out, _ = _cli("validate", str(design), "--format", "json", "--as-of", AS_OF.isoformat())
    found = api.validate(design, as_of=AS_OF)
    assert found.to_json() == json.loads(out)
    assert found.findings and not [f for f in found.findings if f.rule.startswith("CMP")]
    unset = api.validate(design, settings=False, as_of=AS_OF)
    assert [f for f in unset.findings if f.rule.startswith("CMP")]
    assert api.validate(design, settings=False, select=["cmp,RED-001"], as_of=AS_OF).findings
    assert {f.rule.split("-")[0] for f in api.validate(
        design, settings=False, select=["CMP"], as_of=AS_OF).findings} == {"CMP"}
    bad = tmp_path / "bad.toml"
    bad.write_text('select = ["NOPE-001"]\n')
    with pytest.raises(api.InputError) as caught:
        api.validate(design, settings=bad)
    assert caught.value.problems[0].file == str(bad)


def test_validate_applies_a_baseline(tmp_path: Path) -> None:
    baseline = tmp_path / "baseline.json"
    code, _, _ = _cli("validate", str(FLAWED), "--write-baseline", str(baseline), "--as-of",
                      AS_OF.isoformat())
    assert code == 0
    result = api.validate(FLAWED, baseline=baseline, as_of=AS_OF)
    assert result.findings == [] and result.baselined > 0 and not result.fails()


def test_a_model_or_text_is_checked_without_locations() -> None:
    loaded = api.load(FLAWED)
    by_model = api.validate(loaded.design, as_of=AS_OF)
    assert by_model.path is None and by_model.findings
    assert [where for _, where in by_model.located()] == [None] * len(by_model.findings)
    assert by_model.to_json() == by_model.report.to_json()
    by_file = api.validate(loaded, as_of=AS_OF)
    assert [f.rule for f in by_model.findings] == [f.rule for f in by_file.findings]
    assert all(str(where).startswith(f"{FLAWED}:") for _, where in by_file.located())
    by_text = api.validate(FLAWED.read_text(), as_of=AS_OF)
    assert {str(w).split(":")[0] for _, w in by_text.located()} == {"<string>"}
    assert by_model.summary() == by_text.summary() == by_file.summary()
    assert by_model.summary()["error"] > 0 and by_model.fails("error")


def test_scenarios_are_the_commands(tmp_path: Path) -> None:
    code, out, _ = _cli("scenarios", str(FLAGSHIP), "--format", "json", "--as-of",
                        AS_OF.isoformat())
    assert code == 0
    listed = api.scenarios(FLAGSHIP, as_of=AS_OF)
    command = json.loads(out)
    assert {k: command[k] for k in listed.to_json()} == json.loads(json.dumps(listed.to_json()))
    assert listed.survivable_domain == "zone" and len(listed.scenarios) > 10
    assert all(not s.breaks for s in listed.within_domain())


def test_a_variant_is_checked_and_analysed_as_the_command_does() -> None:
    variant = next(iter(yaml.safe_load(FLAGSHIP.read_text())["variants"]))["name"]
    _, out, _ = _cli("validate", str(FLAGSHIP), "--variant", variant, "--format", "json",
                     "--as-of", AS_OF.isoformat())
    assert api.validate(FLAGSHIP, variant=variant, as_of=AS_OF).to_json() == json.loads(out)
    _, out, _ = _cli("scenarios", str(FLAGSHIP), "--variant", variant, "--format", "json",
                     "--as-of", AS_OF.isoformat())
    assert json.loads(out)["scenarios"] == json.loads(json.dumps(
        api.scenarios(FLAGSHIP, variant=variant, as_of=AS_OF).to_json()["scenarios"]))
    with pytest.raises(api.InputError):
        api.validate(FLAGSHIP, variant="no-such-variant")


def test_export_writes_a_pdf_the_command_reads_back(tmp_path: Path) -> None:
    out = api.export(FLAGSHIP, str(tmp_path / "design.pdf"), paper="letter", as_of=AS_OF)
    assert out == tmp_path / "design.pdf" and out.read_bytes().startswith(b"%PDF-")
    code, text, _ = _cli("validate", str(out), "--format", "json", "--as-of", AS_OF.isoformat())
    assert code == 0
    assert json.loads(text)["design"]["fingerprint"] == api.validate(FLAGSHIP).report.fingerprint
    with pytest.raises(OSError):
        api.export(FLAGSHIP, tmp_path / "no-such-folder" / "design.pdf")


def test_export_is_the_commands_pdf_with_the_changes_since_a_revision(tmp_path: Path) -> None:
    """The same bytes as `ehrwb export`, plain and with --since the approved revision (which
    the edited design's document lists the changes from)."""
    edited = tmp_path / "edited.yaml"
    edited.write_text(FLAGSHIP.read_text().replace("count: 4", "count: 3", 1))
    for args, kwargs in (((), {}), (("--since", str(FLAGSHIP)), {"since": FLAGSHIP})):
        by_command = tmp_path / "command.pdf"
        code, _, err = _cli("export", str(edited), "-o", str(by_command), "--as-of",
                            AS_OF.isoformat(), *args)
        assert code == 0, err
        by_api = api.export(edited, tmp_path / "api.pdf", as_of=AS_OF, **kwargs)
        assert by_api.read_bytes() == by_command.read_bytes(), args
    plain = api.export(edited, tmp_path / "plain.pdf", as_of=AS_OF)
    assert plain.read_bytes() != by_api.read_bytes()  # the changes are listed


def test_load_catalog_is_the_catalogs(tmp_path: Path) -> None:
    from catalogs import load_catalog

    assert api.load_catalog(use_setting=False) is load_catalog(use_setting=False)


def test_the_api_imports_no_qt_and_no_pdf_library() -> None:
    probe = ("import sys, workbench.api\n"
             "print(sorted(m for m in sys.modules\n"
             "             if m.split('.')[0] in ('PySide6', 'shiboken6', 'reportlab')))")
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                         check=True, cwd=ROOT, env=env).stdout
    assert out.strip() == "[]"
