"""Reading YAML defensively: every bad input gets a located message, none a traceback."""

from __future__ import annotations

import pytest

from workbench.model import source
from workbench.model.errors import InputError, Problem
from workbench.model.io import loads_design
from workbench.model.source import read_bytes, read_file, read_text

BILLION_LAUGHS = "schema_version: 2\n" + 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n' + "".join(
    f"{n}: &{n} [{', '.join(['*' + p] * 9)}]\n" for p, n in zip("abcdefgh", "bcdefghi"))


def problem(fn, *args) -> Problem:
    with pytest.raises(InputError) as info:
        fn(*args)
    assert len(info.value.problems) >= 1
    return info.value.problems[0]


def test_empty_file(tmp_path):
    path = tmp_path / "empty.yaml"
    path.write_text("")
    p = problem(read_file, path)
    assert p.message == "file is empty" and p.file == str(path)


def test_whitespace_only_is_empty():
    assert problem(read_text, "  \n\n# just a comment\n", "x.yaml").message in (
        "file is empty", "file holds no YAML document")


def test_binary_junk():
    p = problem(read_bytes, bytes(range(256)) * 10, "junk.bin")
    assert "not a text file" in p.message and "offset 0" in p.message


def test_not_utf8_names_the_line():
    p = problem(read_bytes, b"schema_version: 2\nname: caf\xe9\n", "latin1.yaml")
    assert "not UTF-8" in p.message and p.line == 2


def test_file_over_the_limit_is_refused_before_reading(tmp_path, monkeypatch):
    path = tmp_path / "big.yaml"
    path.write_bytes(b"a: 1\n" * 1000)
    monkeypatch.setattr(source, "MAX_BYTES", 1000)
    p = problem(read_file, path)
    assert "limited to" in p.message and "MiB" in p.message


def test_missing_file_and_folder(tmp_path):
    assert "cannot read file" in problem(read_file, tmp_path / "nope.yaml").message
    assert "folder" in problem(read_file, tmp_path).message


def test_invalid_yaml_reports_line_and_column():
    p = problem(read_text, "schema_version: 2\nmetadata:\n  name: [unclosed\n", "bad.yaml")
    assert p.file == "bad.yaml" and p.line == 4 and p.column is not None
    assert p.message.startswith("invalid YAML")


def test_tab_indentation_is_located():
    p = problem(read_text, "a:\n\tb: 1\n", "tabs.yaml")
    assert p.line == 2 and "invalid YAML" in p.message


def test_billion_laughs_is_refused_quickly():
    p = problem(read_text, BILLION_LAUGHS, "lol.yaml")
    assert "anchors and aliases" in p.message and p.line is not None


def test_small_aliases_are_fine():
    located = read_text("a: &x [1, 2]\nb: *x\n", "ok.yaml")
    assert located.data == {"a": [1, 2], "b": [1, 2]}


def test_deep_nesting_is_refused():
    text = "a: " + "[" * 200 + "]" * 200 + "\n"
    p = problem(read_text, text, "deep.yaml")
    assert "nested" in p.message or "nesting" in p.message


def test_duplicate_key_is_located():
    p = problem(read_text, "a: 1\nb: 2\na: 3\n", "dup.yaml")
    assert p.message == "duplicate key 'a'" and p.line == 3


def test_merge_keys_are_refused():
    p = problem(read_text, "base: &b {x: 1}\nc:\n  <<: *b\n", "merge.yaml")
    assert "merge keys" in p.message and p.line == 3


def test_positions_map_paths_to_lines():
    located = read_text("a:\n  b:\n    - x\n    - y\n", "pos.yaml")
    assert located.where(("a", "b", 1)) == (4, 7)
    assert located.where(("a", "b", 1, "missing")) == (4, 7)


def test_scalar_document_is_not_a_design():
    p = problem(loads_design, "just a string\n", "s.yaml")
    assert "mapping of sections" in p.message


def test_list_document_is_not_a_design():
    p = problem(loads_design, "- 1\n- 2\n", "l.yaml")
    assert "not list" in p.message
