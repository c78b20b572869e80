"""The file format: canonical text, byte-stable round trips, one-line diffs, migrations,
fingerprints that ignore layout and reviews, atomic saves."""

from __future__ import annotations

import difflib
import os
import stat

import pytest

from tests.conftest import FIXTURES, SAMPLE_FILES
from workbench.model.canonical import dump_design, fingerprint
from workbench.model.design import Comment, Position
from workbench.model.io import load_design, loads_design, save_design


@pytest.mark.parametrize("path", SAMPLE_FILES, ids=lambda p: p.name)
def test_samples_load_and_save_byte_identical(path):
    text = path.read_text(encoding="utf-8")
    assert dump_design(load_design(path).design) == text


def test_schema_version_is_the_first_line():
    for path in SAMPLE_FILES:
        assert path.read_text().splitlines()[0] == "schema_version: 2"


def _diff(a: str, b: str) -> list[str]:
    return [line for line in difflib.unified_diff(a.splitlines(), b.splitlines(), lineterm="", n=0)
            if line[:1] in "+-" and not line.startswith(("+++", "---"))]


@pytest.mark.parametrize("edit", [
    ("component count", lambda d: setattr(d.components[5], "count", 13)),
    ("security flag", lambda d: setattr(d.components[0].security, "admin_mfa", False)),
    ("link encryption", lambda d: setattr(d.links[3], "encrypted", False)),
    ("placement zone", lambda d: setattr(d.components[2].placement, "zones", ["east-z2"])),
    ("requirement", lambda d: setattr(d.requirements, "peak_grefs_per_s", 17_000_000)),
    ("layout position", lambda d: setattr(d.layout.positions["odb-dr"], "x", 999)),
], ids=lambda e: e[0])
def test_one_field_edit_is_a_one_line_diff(edit):
    path = SAMPLE_FILES[0]
    before = path.read_text()
    design = load_design(path).design
    edit[1](design)
    changed = _diff(before, dump_design(design))
    assert len(changed) == 2, changed  # one line out, one line in


def test_fingerprint_ignores_layout_reviews_and_status():
    design = load_design(SAMPLE_FILES[0]).design
    before = fingerprint(design)
    design.layout.positions["odb-prod-a"] = Position(x=-5, y=12345)
    design.reviews.comments.append(Comment(id="c9", author="r", date="2026-11-20T09:00:00Z",
                                           text="looks fine"))
    design.metadata.status = "approved"
    assert fingerprint(design) == before


def test_fingerprint_changes_with_the_design():
    design = load_design(SAMPLE_FILES[0]).design
    before = fingerprint(design)
    design.components[0].count = 2
    after = fingerprint(design)
    assert after != before and len(after) == 64 and int(after, 16) >= 0


def test_fingerprint_is_stable_across_processes_and_formatting(tmp_path):
    path = SAMPLE_FILES[0]
    # same content, different formatting (key order, flow vs block, quotes): same fingerprint
    import yaml
    raw = yaml.safe_load(path.read_text())
    raw["metadata"] = dict(reversed(list(raw["metadata"].items())))
    other = tmp_path / "reordered.yaml"
    other.write_text(yaml.safe_dump(raw, sort_keys=True, default_flow_style=False))
    assert fingerprint(load_design(other).design) == fingerprint(load_design(path).design)


def test_v1_fixture_migrates_to_v2():
    v1 = FIXTURES / "formats" / "v1" / "community-v1.yaml"
    loaded = load_design(v1)
    assert loaded.schema_version_read == 1 and loaded.migrated
    d = loaded.design
    assert d.metadata.name == "Community Hospital (v1 draft)"
    assert d.requirements.peak_grefs_per_s == 1_500_000
    assert d.components[0].placement.region == "east2"
    assert d.components[0].placement.zones == ["east2-z1"]
    assert d.components[2].placement.site == "riverside"
    assert [link.kind for link in d.links] == ["mirror-sync", "replication"]
    assert [link.encrypted for link in d.links] == [True, False]
    expected = (FIXTURES / "formats" / "v1" / "community-v1.expected-v2.yaml").read_text()
    assert dump_design(d) == expected


@pytest.mark.parametrize(("body", "where"), [
    ("components: 3", "components"), ("metadata: 5", "metadata"), ("links: {a: 1}", "links"),
    ("metadata: {title: x}\ncomponents: [3]", "components[0]")])
def test_a_v1_file_with_values_of_the_wrong_type_is_a_located_input_error(body, where):
    """The migration leaves what it cannot migrate for the schema to name (it crashed: exit 3)."""
    from catalogs.errors import InputError

    with pytest.raises(InputError) as err:
        loads_design(f"schema_version: 1\n{body}\n", "v1.yaml")
    assert any(p.path == where and p.line is not None for p in err.value.problems)


def test_fmt_output_of_a_migrated_file_is_current_and_idempotent():
    loaded = load_design(FIXTURES / "formats" / "v1" / "community-v1.yaml")
    once = dump_design(loaded.design)
    again = loads_design(once, "again.yaml")
    assert not again.migrated and dump_design(again.design) == once


def test_save_is_atomic_keeps_one_backup_and_mode(tmp_path):
    path = tmp_path / "d.yaml"
    design = load_design(SAMPLE_FILES[1]).design
    save_design(design, path)
    os.chmod(path, 0o640)
    first = path.read_text()
    design.components[0].count = 7
    save_design(design, path)
    assert (tmp_path / "d.yaml.bak").read_text() == first
    assert path.read_text() != first
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    design.components[0].count = 8
    save_design(design, path)
    assert "count: 7" in (tmp_path / "d.yaml.bak").read_text()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["d.yaml", "d.yaml.bak"]


def test_failed_save_leaves_the_file_untouched(tmp_path, monkeypatch):
    path = tmp_path / "d.yaml"
    design = load_design(SAMPLE_FILES[1]).design
    save_design(design, path)
    before = path.read_bytes()

    def boom(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(os, "fsync", boom)
    with pytest.raises(OSError):
        save_design(design, path)
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["d.yaml"]


def test_multiline_text_is_a_literal_block():
    design = load_design(SAMPLE_FILES[1]).design
    design.metadata.change_summary = "line one\nline two\n"
    text = dump_design(design)
    assert "change_summary: |\n    line one\n    line two\n" in text
    assert loads_design(text, "x").design.metadata.change_summary == "line one\nline two\n"


def test_strings_that_look_like_other_types_round_trip():
    design = load_design(SAMPLE_FILES[1]).design
    for value in ("yes", "null", "1.5", "0x10", "2026-01-01", "~", "- dash", "a: b", "#hash",
                  " padded ", "@at", "'quoted'", "", "ünïcødé"):
        design.metadata.owner = value
        again = loads_design(dump_design(design), "x").design
        assert again.metadata.owner == value
