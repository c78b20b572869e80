""".pre-commit-hooks.yaml, run by pre-commit itself from a temporary git repository holding
designs and a YAML file that is not one: once with ``pre-commit try-repo`` (the way to try hooks
before tagging them), then with the ``.pre-commit-config.yaml`` that docs/in-a-repository.md
shows, pointed at a snapshot of this repository.

pre-commit installs the hooks' environment with pip (``language: python``: this package and its
dependencies), so it needs a package index and some 30 s; try-repo installs it anew at every run
(in a store of its own), ``pre-commit run`` once for the module (PRE_COMMIT_HOME under the
module's temporary folder). Without an index the tests skip, saying so; any other failure fails
them.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.conftest import FLAGSHIP, ROOT, SAMPLES

pytestmark = pytest.mark.slow

FLAWED = SAMPLES / "flawed-design.yaml"
# pip's words when it cannot reach an index (no network, no proxy, no mirror)
_NO_INDEX = ("Could not find a version that satisfies", "No matching distribution found",
             "Failed to establish a new connection", "Temporary failure in name resolution",
             "Network is unreachable", "ProxyError", "Max retries exceeded")
_IDENTITY = ("-c", "user.name=ehrwb tests", "-c", "user.email=tests@ehrwb.invalid",
             "-c", "commit.gpgsign=false")


def _git(cwd: Path, *args: str) -> str:
    return subprocess.run(["git", *_IDENTITY, *args], cwd=cwd, check=True, capture_output=True,
                          text=True).stdout


@pytest.fixture(scope="module")
def hooks_repo(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """This repository as it stands (committed, changed and new files; what is ignored left
    out), committed in a clone: try-repo with its path and revision installs the hooks'
    environment once for the module (try-repo's own snapshot of uncommitted changes would be
    a new repository, and a new environment, at every run)."""
    snapshot = tmp_path_factory.mktemp("hooks-repo") / "ehrwb"
    _git(ROOT.parent, "clone", "--quiet", "--no-hardlinks", str(ROOT), str(snapshot))
    listed = _git(ROOT, "ls-files", "-z", "--cached", "--others", "--exclude-standard")
    for name in filter(None, listed.split("\0")):
        source, target = ROOT / name, snapshot / name
        if source.is_file():
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)
        elif not source.exists() and target.exists():  # deleted in the working tree
            target.unlink()
    _git(snapshot, "add", "--all")
    _git(snapshot, "commit", "--quiet", "--allow-empty", "-m", "the working tree")
    return snapshot, _git(snapshot, "rev-parse", "HEAD").strip()


@pytest.fixture
def designs(tmp_path: Path) -> Path:
    """A repository of designs beside a YAML file that is not one, all committed."""
    repo = tmp_path / "infra"
    repo.mkdir()
    _git(repo, "init", "--quiet")
    (repo / "designs").mkdir()
    shutil.copy(FLAWED, repo / "designs" / "flawed.yaml")
    shutil.copy(FLAGSHIP, repo / "designs" / "flagship.yaml")
    # the flagship, correct but not in canonical form (indented by four)
    messy = yaml.safe_dump(yaml.safe_load(FLAGSHIP.read_text()), sort_keys=False, indent=4)
    assert messy.startswith("schema_version:")
    (repo / "designs" / "messy.yaml").write_text(messy)
    (repo / "workflow.yaml").write_text("on: push\njobs: {}\n")  # YAML, not a design
    _git(repo, "add", "--all")
    _git(repo, "commit", "--quiet", "-m", "designs")
    return repo


def _pre_commit(hooks: tuple[Path, str], repo: Path, *args: str
                ) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PRE_COMMIT_HOME": str(hooks[0].parent / "pre-commit-home"),
           "PRE_COMMIT_COLOR": "never"}
    env.pop("PRE_COMMIT", None)
    done = subprocess.run([sys.executable, "-m", "pre_commit", *args], cwd=repo, env=env,
                          capture_output=True, text=True, timeout=900)
    if done.returncode != 0 and "Installing environment" in done.stdout + done.stderr:
        log = Path(env["PRE_COMMIT_HOME"]) / "pre-commit.log"
        said = done.stdout + done.stderr + (log.read_text() if log.exists() else "")
        if any(words in said for words in _NO_INDEX):
            pytest.skip("pre-commit could not install the hooks' environment: pip reached no "
                        "package index")
    return done


def _documented_config(hooks: tuple[Path, str], *ids: str) -> str:
    """The .pre-commit-config.yaml of docs/in-a-repository.md, its repo and rev the snapshot's,
    its hooks ``ids``."""
    text = (ROOT / "docs" / "in-a-repository.md").read_text()
    config = yaml.safe_load(re.search(r"```yaml\n(repos:.*?)```", text, re.S).group(1))
    (entry,) = config["repos"]
    assert {h["id"] for h in entry["hooks"]} == {"ehrwb-validate", "ehrwb-fmt"}
    entry.update(repo=str(hooks[0]), rev=hooks[1], hooks=[{"id": i} for i in ids])
    return yaml.safe_dump(config)


def _run(hooks: tuple[Path, str], repo: Path, hook: str, *files: str
         ) -> subprocess.CompletedProcess[str]:
    """``pre-commit run HOOK --files ...`` as configured in the documentation."""
    (repo / ".pre-commit-config.yaml").write_text(
        _documented_config(hooks, "ehrwb-validate", "ehrwb-fmt", "ehrwb-fmt-check"))
    return _pre_commit(hooks, repo, "run", hook, "--files", *files)


def test_try_repo_runs_the_validate_hook_failing_on_findings_passing_over_other_yaml(
        hooks_repo: tuple[Path, str], designs: Path) -> None:
    done = _pre_commit(hooks_repo, designs, "try-repo", str(hooks_repo[0]), "ehrwb-validate",
                       "--ref", hooks_repo[1], "--files", "designs/flawed.yaml",
                       "workflow.yaml")
    output = done.stdout + done.stderr
    assert done.returncode == 1, output
    assert "ehrwb validate" in output and "Failed" in output
    assert "- exit code: 1" in output
    assert "designs/flawed.yaml:171:3: CMP-001" in output  # the finding, located
    assert "workflow.yaml" not in output.split("- exit code: 1", 1)[1]  # passed over


def test_the_validate_hook_passes_on_a_sound_design(hooks_repo: tuple[Path, str],
                                                    designs: Path) -> None:
    done = _run(hooks_repo, designs, "ehrwb-validate", "designs/flagship.yaml",
                "workflow.yaml")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "ehrwb validate" in done.stdout and "Passed" in done.stdout
    flawed = _run(hooks_repo, designs, "ehrwb-validate", "designs/flagship.yaml",
                  "designs/flawed.yaml")
    assert flawed.returncode == 1 and "designs/flawed.yaml:171:3: CMP-001" in flawed.stdout


def test_the_fmt_hook_rewrites_designs_and_leaves_other_yaml(hooks_repo: tuple[Path, str],
                                                             designs: Path) -> None:
    messy, workflow = designs / "designs" / "messy.yaml", designs / "workflow.yaml"
    before = workflow.read_bytes()
    done = _run(hooks_repo, designs, "ehrwb-fmt", "designs/messy.yaml",
                "designs/flagship.yaml", "workflow.yaml")
    output = done.stdout + done.stderr
    assert done.returncode == 1, output  # pre-commit fails a hook that changed files
    assert "files were modified by this hook" in output
    assert "designs/messy.yaml: reformatted" in output
    assert messy.read_text() == FLAGSHIP.read_text()  # the canonical form
    assert workflow.read_bytes() == before
    again = _run(hooks_repo, designs, "ehrwb-fmt", "designs/messy.yaml", "workflow.yaml")
    assert again.returncode == 0, again.stdout + again.stderr


def test_the_fmt_check_hook_fails_on_a_file_not_canonical_and_changes_nothing(
        hooks_repo: tuple[Path, str], designs: Path) -> None:
    messy = designs / "designs" / "messy.yaml"
    before = messy.read_bytes()
    done = _run(hooks_repo, designs, "ehrwb-fmt-check", "designs/messy.yaml",
                "designs/flagship.yaml", "workflow.yaml")
    output = done.stdout + done.stderr
    assert done.returncode == 1, output
    assert "designs/messy.yaml: would reformat" in output
    assert "flagship.yaml" not in output  # canonical: nothing said (--quiet)
    assert messy.read_bytes() == before


def test_the_hooks_file_names_the_entries_pre_commit_runs() -> None:
    hooks = {h["id"]: h for h in yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())}
    assert set(hooks) == {"ehrwb-validate", "ehrwb-fmt", "ehrwb-fmt-check"}
    for hook in hooks.values():
        assert hook["language"] == "python" and hook["types"] == ["yaml"]
        assert hook["entry"].startswith("ehrwb ") and "--designs-only" in hook["entry"]


def test_designs_only_passes_over_named_files_that_are_not_designs(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """What the hooks rely on, through the command line: without --designs-only a YAML file
    that is not a design is an input error (exit 2); with it, it is passed over, and a run
    given nothing else checks nothing and succeeds."""
    from workbench.cli import main

    other = tmp_path / "workflow.yaml"
    other.write_text("on: push\njobs: {}\n")
    assert main(["validate", str(other)]) == 2
    capsys.readouterr()
    assert main(["validate", "--designs-only", "--format", "json", str(other), str(FLAWED)]) == 1
    report = json.loads(capsys.readouterr().out)
    assert report["design"]["name"].startswith("Flawed design")  # one file: its own report
    assert main(["validate", "--designs-only", "--format", "json", str(other)]) == 0
    assert json.loads(capsys.readouterr().out)["summary"]["files"] == 0
    assert main(["fmt", "--check", "--designs-only", str(other), str(FLAGSHIP)]) == 0
    assert main(["fmt", "--check", str(other)]) == 2
