"""The design document's "Changes since the approved revision" (issue 15 point 3), exported
through ``ehrwb export`` and read back from the PDF's text: the plan of ``ehrwb diff`` when the
approved revision is given with --since (a file, an exported PDF or a git revision), one line
when the design is the one approved, when it changed and the revision was not given, and when
it records no approval."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pytest
import yaml
from pypdf import PdfReader

from exports.sections.changes import CHANGES_TITLE
from exports.story import TITLES
from tests.conftest import FLAGSHIP
from tests.exports.test_board import flat, heading_of
from tests.test_diff_cli import ARBITER, ECP, git, raised_and_moved
from workbench.cli import main

AS_OF = "2026-11-02"  # the flagship's effective date, what its document is judged at


def changes_section(pdf: Path) -> str:
    """The section's text, from its heading to the next section's."""
    texts = [p.extract_text() for p in PdfReader(io.BytesIO(pdf.read_bytes())).pages]
    starts = [i for i, t in enumerate(texts) if heading_of(t) in TITLES]
    first = next(i for i in starts if heading_of(texts[i]) == CHANGES_TITLE)
    end = next(i for i in starts if i > first)
    body = ["\n".join(t.splitlines()[3:-1]) for t in texts[first:end]]  # no page furniture
    return flat("\n".join(body)).strip()


def export(capsys, design: Path, *args: str) -> str:
    out = design.with_name(f"{design.stem}-{len(list(design.parent.glob('*.pdf')))}.pdf")
    code = main(["export", str(design), "-o", str(out), *args])
    assert code == 0, capsys.readouterr().err
    return changes_section(out)


@pytest.fixture(scope="module")
def files(tmp_path_factory) -> dict[str, Path]:
    """The approved flagship, the architect's edit of it (more ECP, the arbiter moved), and
    the edit half done (only the arbiter moved): a revision that was never approved."""
    where = tmp_path_factory.mktemp("changes")
    original = FLAGSHIP.read_text(encoding="utf-8")
    edited, was, now, _, _ = raised_and_moved(original)
    block = re.search(rf"(?ms)^- id: {ECP}\n.*?^  count: (\d+)\n", edited)
    assert block is not None and int(block[1]) == now
    half = edited[:block.start(1)] + str(was) + edited[block.end(1):]
    paths = {"approved": where / "approved.yaml", "edited": where / "edited.yaml",
             "half": where / "half.yaml"}
    for key, text in (("approved", original), ("edited", edited), ("half", half)):
        paths[key].write_text(text, encoding="utf-8")
    return paths


def plan_json(capsys, old: Path | str, new: Path) -> dict:
    capsys.readouterr()
    assert main(["diff", str(old), str(new), "--format", "json", "--as-of", AS_OF]) == 1
    return json.loads(capsys.readouterr().out)


def test_the_section_prints_the_plan_since_the_approved_revision(capsys, files, tmp_path,
                                                                  monkeypatch):
    # the approved revision from git, as a reviewer has it
    repo = tmp_path / "repo"
    repo.mkdir()
    git(repo, "init", "-q")
    (repo / "design.yaml").write_bytes(files["approved"].read_bytes())
    git(repo, "add", ".")
    assert git(repo, "commit", "-q", "-m", "approved").returncode == 0
    (repo / "design.yaml").write_bytes(files["edited"].read_bytes())
    monkeypatch.chdir(repo)
    text = export(capsys, repo / "design.yaml", "--since", "HEAD:design.yaml")
    plan = plan_json(capsys, files["approved"], files["edited"])
    assert ("The changes since the revision approved by R. Okafor (Chief Information Security "
            "Officer) on 2026-11-12: HEAD:design.yaml (its fingerprint is the approved one)."
            ) in text
    assert f"2 changes: 0 added, 0 removed, 2 changed; opens 1 finding, closes no finding, " \
           f"judged as of {AS_OF}." in text
    for change in plan["changes"]:  # exactly the plan's changes, field by field
        for f in change["fields"]:
            assert f"component {change['id']} {f['field']} {f['old_text']} {f['new_text']}" \
                in text
    assert {c["id"] for c in plan["changes"]} == {ECP, ARBITER}
    assert text.count("changed component ") == 2
    effect = text[text.index("Effect of the changes"):text.index("Findings opened")]
    for row in plan["effect"]["rows"]:
        mark = " changed" if row["changed"] else ""
        assert f"{row['measure']} {row['old']} {row['new']}{mark}" in effect, row
    opened = text[text.index("Findings opened"):text.index("Findings closed")]
    for f in plan["findings_opened"]:
        assert f"{f['rule']} {f['severity']} {', '.join(f['targets'])} {f['message']}" in opened
    assert "The change closes no finding." in text


def test_the_approved_revision_may_be_the_pdf_exported_from_it(capsys, files):
    text = export(capsys, files["approved"])  # the approved design itself: one line
    assert text == (f"{CHANGES_TITLE} No change: this design is the revision approved by "
                    "R. Okafor (Chief Information Security Officer) on 2026-11-12 (the approved "
                    "fingerprint matches the design's).")
    pdf = sorted(files["approved"].parent.glob("approved-*.pdf"))[0]
    text = export(capsys, files["edited"], "--since", str(pdf))
    assert f"{pdf}#design.yaml (its fingerprint is the approved one)" in text
    assert "2 changes: 0 added, 0 removed, 2 changed" in text


def test_changed_without_the_revision_says_how_to_give_it(capsys, files):
    text = export(capsys, files["edited"])
    assert text.startswith(f"{CHANGES_TITLE} The design has changed since it was approved by "
                           "R. Okafor (Chief Information Security Officer) on 2026-11-12 "
                           "(approved fingerprint ")
    assert "ehrwb export FILE -o OUT.pdf --since OLD" in text
    assert "Effect of the changes" not in text


def test_a_revision_that_is_not_the_approved_one_is_named_so(capsys, files):
    text = export(capsys, files["edited"], "--since", str(files["half"]))
    assert f"the revision given, {files['half']}, is not the one approved" in text
    assert "1 change: 0 added, 0 removed, 1 changed" in text
    assert f"changed component {ECP} count" in text and f"component {ARBITER}" not in text


def test_a_design_with_no_approval_says_so(capsys, tmp_path, minimal):
    design = tmp_path / "minimal.yaml"
    design.write_text(yaml.safe_dump(minimal), encoding="utf-8")
    text = export(capsys, design, "--as-of", AS_OF)
    assert text.startswith(f"{CHANGES_TITLE} The design records no approval, so there is no "
                           "approved revision to set it against;")


def test_a_since_that_cannot_be_read_is_exit_2(capsys, files, tmp_path):
    out = tmp_path / "out.pdf"
    code = main(["export", str(files["edited"]), "-o", str(out), "--since",
                 str(tmp_path / "gone.yaml")])
    err = capsys.readouterr().err
    assert code == 2 and "gone.yaml: " in err and len(err.strip().splitlines()) == 1
    assert not out.exists()
