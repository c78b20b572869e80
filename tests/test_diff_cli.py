"""`ehrwb diff OLD NEW` through the front door (issue 15, "Done when"): an architect raises an
ECP pool's count and moves the arbiter; the reviewer sees exactly those two changes and their
effect on capacity, availability and findings, as text, JSON and markdown, from files, exported
PDFs and git revisions, and through git's own `git diff` (external driver and textconv)."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from exports.document import export_pdf
from tests.conftest import FLAGSHIP
from tests.test_variants_cli import run
from workbench.model.io import load_design

AS_OF = ("--as-of", "2026-11-02")
ECP, ARBITER = "ecp-east-z1", "arbiter-east"


def raised_and_moved(text: str) -> tuple[str, int, int, str, str]:
    """The flagship's text with ECP pool ``ECP`` 4 servers larger and the arbiter moved to
    another zone of its region, as an architect edits the file; with the counts and zones."""
    block = re.search(rf"(?ms)^- id: {ECP}\n.*?^  count: (\d+)\n", text)
    assert block is not None
    count = int(block[1])
    text = text[:block.start(1)] + str(count + 4) + text[block.end(1):]
    arbiter = re.search(rf"(?ms)^- id: {ARBITER}\n.*?^  placement: \{{region: east, zones: "
                        r"\[(east-z\d)\]", text)
    assert arbiter is not None
    was = arbiter[1]
    now = "east-z1" if was != "east-z1" else "east-z2"
    text = text[:arbiter.start(1)] + now + text[arbiter.end(1):]
    return text, count, count + 4, was, now


@pytest.fixture(scope="module")
def revisions(tmp_path_factory) -> tuple[Path, Path, tuple[int, int, str, str]]:
    where = tmp_path_factory.mktemp("diff")
    old, new = where / "approved.yaml", where / "edited.yaml"
    original = FLAGSHIP.read_text(encoding="utf-8")
    old.write_text(original, encoding="utf-8")
    text, *figures = raised_and_moved(original)
    new.write_text(text, encoding="utf-8")
    return old, new, tuple(figures)  # type: ignore[return-value]


@pytest.fixture(scope="module")
def approved_pdf(revisions, catalog) -> Path:
    old = revisions[0]
    target = old.with_suffix(".pdf")
    export_pdf(load_design(old, catalog).design, catalog, target)
    return target


def _json(capsys, old: Path | str, new: Path | str) -> tuple[int, dict]:
    code, out, err = run(capsys, "diff", str(old), str(new), "--format", "json", *AS_OF)
    assert code in (0, 1), err
    return code, json.loads(out)


# ---------------------------------------------------------------------------- the scenario
def test_the_reviewer_sees_exactly_the_two_changes_field_by_field(capsys, revisions):
    old, new, (was_count, now_count, was_zone, now_zone) = revisions
    code, plan = _json(capsys, old, new)
    assert code == 1
    assert plan["same"] is False and plan["counts"] == {"added": 0, "removed": 0, "changed": 2}
    changes = {c["id"]: c for c in plan["changes"]}
    assert set(changes) == {ECP, ARBITER}
    assert all(c["group"] == "components" and c["kind"] == "component"
               and c["change"] == "changed" for c in changes.values())
    assert changes[ECP]["fields"] == [{"field": "count", "old": was_count, "new": now_count,
                                       "old_text": str(was_count),
                                       "new_text": str(now_count)}]
    assert changes[ARBITER]["fields"] == [{"field": "placement.zones", "old": [was_zone],
                                           "new": [now_zone], "old_text": was_zone,
                                           "new_text": now_zone}]
    assert plan["not_design_changes"] == {"layout_moved": [], "reviews": []}


def test_and_their_effect_on_capacity_availability_and_findings(capsys, revisions):
    old, new, _ = revisions
    _, plan = _json(capsys, old, new)
    rows = {r["measure"]: r for r in plan["effect"]["rows"]}
    # more ECP servers: the application tier's capacity and utilization move, the database's not
    assert rows["application: capacity"]["changed"] and rows["application: utilization"][
        "changed"]
    assert not rows["database: capacity"]["changed"]
    low = [t["capacity_band"]["low"] for c in plan["effect"]["candidates"] for t in c["tiers"]
           if t["tier"] == "application"]
    assert low[1] > low[0]
    for measure in ("availability", "served throughput at peak", "worst RPO", "worst RTO",
                    "monthly cost"):
        assert measure in rows
    assert plan["effect"]["served_throughput"]["new"] > 0
    # the arbiter now shares a zone with a mirror member: the finding the move opens
    opened = [(f["rule"], f["targets"]) for f in plan["findings_opened"]]
    assert any(ARBITER in targets for _, targets in opened), opened
    assert all(f["message"] for f in plan["findings_opened"])
    assert plan["findings_closed"] == []
    assert plan["as_of"] == "2026-11-02"


def test_the_text_plan_groups_changes_then_effect_then_findings(capsys, revisions):
    old, new, (was_count, now_count, was_zone, now_zone) = revisions
    code, out, err = run(capsys, "diff", str(old), str(new), *AS_OF)
    assert code == 1, err
    assert out.startswith(f"Plan: {old} -> {new}, judged as of 2026-11-02\n"
                          "2 changes: 0 added, 0 removed, 2 changed; opens 1 finding")
    assert (f"Components\n  ~ changed component {ARBITER}\n      placement.zones: {was_zone} "
            f"-> {now_zone}\n  ~ changed component {ECP}\n      count: {was_count} -> "
            f"{now_count}\n") in out
    effect = out.index("\nEffect ")
    assert out.index("Components") < effect < out.index("Findings opened (1)")
    assert re.search(r"(?m)^\* application: capacity +\S", out)
    assert re.search(r"(?m)^  database: capacity ", out)  # unmarked: not moved
    assert "Findings closed (0): none" in out


def test_markdown_for_a_pull_request_comment(capsys, revisions):
    old, new, (was_count, now_count, _, _) = revisions
    code, out, _ = run(capsys, "diff", str(old), str(new), "--format", "markdown", *AS_OF)
    assert code == 1
    first = out.splitlines()[0]
    assert first.startswith("**ehrwb diff**") and "**2 changes: 0 added" in first
    assert "### Changes" in out and "### Effect" in out and "### Findings" in out
    assert f"| changed | component {ECP} | `count` | {was_count} | {now_count} |" in out
    assert re.search(r"\| application: capacity \| [^|]+ \| \*\*[^|]+\*\* \|", out)
    assert "**Opened (1)**" in out and "**Closed (0)**: none" in out


# ---------------------------------------------------------------------------- no change
def test_reordering_components_links_and_zones_is_no_design_change(capsys, revisions,
                                                                    tmp_path):
    old = revisions[0]
    data = yaml.safe_load(old.read_text(encoding="utf-8"))
    data["components"].reverse()
    data["links"].reverse()
    for region in data["placement"]["regions"]:
        region["zones"].reverse()
    data["layout"]["positions"][ARBITER] = {"x": 5, "y": 5}
    shuffled = tmp_path / "shuffled.yaml"
    shuffled.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    code, out, err = run(capsys, "diff", str(old), str(shuffled), *AS_OF)
    assert code == 0, err
    assert "No design change." in out and "Effect" not in out
    assert f"layout moved: {ARBITER}" in out  # shown, not counted
    code, plan = _json(capsys, old, shuffled)
    assert code == 0 and plan["same"] and plan["changes"] == [] and plan["effect"] is None


# ---------------------------------------------------------------------------- inputs
def test_an_exported_pdf_is_read_for_the_design_it_carries(capsys, revisions, approved_pdf):
    _, new, _ = revisions
    code, plan = _json(capsys, approved_pdf, new)
    assert code == 1 and {c["id"] for c in plan["changes"]} == {ECP, ARBITER}
    assert plan["old"].endswith("approved.pdf#design.yaml")
    code, _ = _json(capsys, approved_pdf, revisions[0])
    assert code == 0


@pytest.mark.parametrize(("args", "message"), [
    (["missing.yaml", "{new}"], "missing.yaml: "),
    (["{old}", "{broken}"], "broken.yaml:3:16: requirements.peak_grefs_per_s: "),
    (["-", "-"], "standard input (-) can be OLD or NEW, not both"),
    (["{old}"], "give OLD and NEW"),
    (["{old}", "{new}", "--as-of", "2026-02-30"], "is not a date"),
])
def test_an_input_error_is_exit_2_in_one_line(capsys, revisions, tmp_path, args, message):
    old, new, _ = revisions
    broken = tmp_path / "broken.yaml"
    broken.write_text("schema_version: 2\nmetadata: {name: x}\nrequirements: "
                      "{peak_grefs_per_s: -1, concurrent_users: 1, odb_size_tb: 1}\n",
                      encoding="utf-8")
    argv = [a.format(old=old, new=new, broken=broken) for a in args]
    code, out, err = run(capsys, "diff", *argv)
    assert code == 2 and out == ""
    assert message in err and len(err.strip().splitlines()) == 1 and "Traceback" not in err


# ---------------------------------------------------------------------------- git
GIT_ENV = {"GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1",
           "GIT_AUTHOR_NAME": "Architect", "GIT_AUTHOR_EMAIL": "a@example.org",
           "GIT_COMMITTER_NAME": "Architect", "GIT_COMMITTER_EMAIL": "a@example.org"}


def git(repo: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["git", *args], cwd=repo, env={**os.environ, **GIT_ENV},
                          capture_output=True, text=True, timeout=120, check=False)


@pytest.fixture(scope="module")
def repo(tmp_path_factory, revisions) -> Path:
    """A repository whose design.yaml is the approved flagship at HEAD~1 and the edited one at
    HEAD, with a third, reordered commit on a branch."""
    old, new, _ = revisions
    where = tmp_path_factory.mktemp("repo")
    (where / "designs").mkdir()
    target = where / "designs" / "design.yaml"
    assert git(where, "init", "-q", "-b", "main").returncode == 0
    (where / ".gitattributes").write_text("*.yaml diff=ehrwb\n", encoding="utf-8")
    target.write_bytes(old.read_bytes())
    git(where, "add", ".")
    assert git(where, "commit", "-q", "-m", "approved").returncode == 0
    target.write_bytes(new.read_bytes())
    assert git(where, "commit", "-q", "-am", "more ECP, arbiter moved").returncode == 0
    return where


def test_git_revisions_are_read_from_the_files_repository(capsys, repo, monkeypatch,
                                                          revisions):
    monkeypatch.chdir(repo / "designs")  # inside the repository, a path from here
    code, plan = _json(capsys, "HEAD~1:design.yaml", "HEAD:design.yaml")
    assert code == 1 and {c["id"] for c in plan["changes"]} == {ECP, ARBITER}
    assert plan["old"] == "HEAD~1:design.yaml"
    monkeypatch.chdir(repo.parent)  # outside it: the path names the repository
    code, plan = _json(capsys, f"HEAD~1:{repo.name}/designs/design.yaml",
                       str(repo / "designs" / "design.yaml"))
    assert code == 1 and len(plan["changes"]) == 2
    code, _ = _json(capsys, f"HEAD:{repo.name}/designs/design.yaml", str(revisions[1]))
    assert code == 0


@pytest.mark.parametrize(("spec", "message"), [
    ("HEAD~9:design.yaml", "HEAD~9:design.yaml: git: fatal: "),
    ("HEAD:nothing.yaml", "HEAD:nothing.yaml: git: fatal: "),
])
def test_a_bad_revision_is_exit_2_with_gits_message(capsys, repo, monkeypatch, spec, message):
    monkeypatch.chdir(repo / "designs")
    code, out, err = run(capsys, "diff", spec, "design.yaml")
    assert code == 2 and out == ""
    assert err.startswith(message) and len(err.strip().splitlines()) == 1


EHRWB = f"'{sys.executable}' -m workbench"


def test_git_diff_shows_the_plan_through_the_external_driver(repo):
    driver = f"diff.ehrwb.command={EHRWB} diff --as-of 2026-11-02 --git-driver"
    proc = git(repo, "-c", driver, "diff", "HEAD~1", "HEAD")
    assert proc.returncode == 0, proc.stderr
    out = proc.stdout
    assert out.startswith("ehrwb diff a/designs/design.yaml b/designs/design.yaml\nPlan: "
                          "a/designs/design.yaml (")
    assert "2 changes: 0 added, 0 removed, 2 changed" in out
    assert f"~ changed component {ECP}\n      count: " in out and "Effect" in out
    assert "@@" not in out  # the plan, not the line diff
    # the working tree against HEAD: the same file, no design change
    proc = git(repo, "-c", driver, "diff", "HEAD")
    assert proc.returncode == 0 and proc.stdout == ""


def test_git_driver_says_when_a_design_file_is_new_or_deleted(capsys, revisions):
    new = revisions[1]
    code, out, _ = run(capsys, "diff", "--git-driver", "d.yaml", os.devnull, ".", ".",
                       str(new), "0" * 40, "100644")
    assert code == 0 and out == "ehrwb diff a/d.yaml b/d.yaml\nnew design file\n"
    code, _, err = run(capsys, "diff", "--git-driver", "d.yaml", str(new))
    assert code == 2 and "git passes 7 arguments" in err


def test_textconv_shows_canonical_text_so_reordering_shows_nothing(repo, tmp_path):
    clone = tmp_path / "clone"
    assert git(tmp_path, "clone", "-q", str(repo), str(clone)).returncode == 0
    target = clone / "designs" / "design.yaml"
    data = yaml.safe_load(target.read_text(encoding="utf-8"))
    data["components"].reverse()
    target.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    conv = f"diff.ehrwb.textconv={EHRWB} fmt - <"
    plain = git(clone, "diff", "--stat")
    assert "designs/design.yaml" in plain.stdout  # the bytes changed...
    proc = git(clone, "-c", conv, "diff", "HEAD")
    assert proc.returncode == 0 and proc.stdout == "", proc.stdout[:500]  # ...the design not
    proc = git(clone, "-c", conv, "diff", "HEAD~1", "--", "designs/design.yaml")
    assert re.search(r"(?m)^-  count: \d+$", proc.stdout) and \
        re.search(r"(?m)^\+  placement: \{region: east, zones: \[east-z\d\]\}$", proc.stdout)
