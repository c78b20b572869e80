"""Reading YAML defensively: every bad input gets a located message, none a traceback."""

from __future__ import annotations

import os
import sys
import threading
import tracemalloc
import types

import pytest

from catalogs import reading
from catalogs.errors import InputError, Problem
from catalogs.reading import read_bytes, read_file, read_text
from workbench.model.io import loads_design

BILLION_LAUGHS = ("schema_version: 2\n"
                  'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n' + "".join(
                      f"{n}: &{n} [{', '.join(['*' + p] * 9)}]\n"
                      for p, n in zip("abcdefgh", "bcdefghi", strict=True)))


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
    monkeypatch.setattr(reading, "MAX_BYTES", 1000)
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


# ---------------------------------------------------------------- what may be read, and how much
def test_symlink_loop_is_a_located_problem(tmp_path):
    loop = tmp_path / "loop.yaml"
    loop.symlink_to(loop)
    p = problem(read_file, loop)
    assert p.file == str(loop) and "cannot read file" in p.message


def test_fifo_is_refused_without_opening_it(tmp_path):
    fifo = tmp_path / "pipe.yaml"
    os.mkfifo(fifo)  # opening it for reading would wait for a writer forever
    done = threading.Event()

    def unblock() -> None:  # should the reader ever wait on it, let the test fail instead
        if not done.wait(10):
            os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))

    threading.Thread(target=unblock, daemon=True).start()
    try:
        p = problem(read_file, fifo)
    finally:
        done.set()
    assert p.file == str(fifo) and "FIFO" in p.message


def test_devices_are_refused_without_reading():
    # /dev/zero and /dev/urandom, which never end, are run in a subprocess in test_cli.py
    p = problem(read_file, "/dev/null")
    device = "/dev/null"
    assert p.file == device and "device" in p.message


def test_a_symlink_to_a_design_is_read(tmp_path):
    real = tmp_path / "real.yaml"
    real.write_text("a: 1\n")
    link = tmp_path / "link.yaml"
    link.symlink_to(real)
    assert read_file(link).data == {"a": 1}


def test_standard_input_is_read_at_most_one_byte_past_the_limit(monkeypatch):
    asked: list[int] = []

    class Endless:  # like /dev/zero: never ends, whatever is asked
        def read(self, n: int) -> bytes:
            asked.append(n)
            return b"a" * n

    monkeypatch.setattr(sys, "stdin", types.SimpleNamespace(buffer=Endless()))
    monkeypatch.setattr(reading, "MAX_BYTES", 5000)
    p = problem(read_file, "-")
    assert p.file == "<stdin>" and "limited to" in p.message
    assert sum(asked) == 5001


def test_a_file_that_grows_after_stat_is_read_at_most_one_byte_past_the_limit(tmp_path,
                                                                              monkeypatch):
    path = tmp_path / "grows.yaml"
    path.write_bytes(b"a: 1\n" * 400)  # 2000 bytes: under the limit when stat() looks
    real_read = os.read
    given: list[int] = []

    def read(fd: int, n: int) -> bytes:
        data = real_read(fd, n) or b"#" * n  # ...then it never ends
        given.append(len(data))
        return data

    monkeypatch.setattr(reading, "MAX_BYTES", 3000)
    monkeypatch.setattr(reading.os, "read", read)
    assert "limited to" in problem(read_file, path).message
    assert sum(given) == 3001


# ---------------------------------------------------------------- tags and numbers
@pytest.mark.parametrize("text, tag, line", [
    ("a: !foo x\n", "!foo", 1),
    ("a: 1\nb: !foo {c: 1}\n", "!foo", 2),
    ("a: 1\nb: !foo [1, 2]\n", "!foo", 2),
    ("a:\n  b: !!python/object:os.system x\n", "!!python/object:os.system", 2),
    ("a: !!binary aGVsbG8=\n", "!!binary", 1),
    ("a: !!set {x, y}\n", "!!set", 1),
    ("a: !!omap [x: 1]\n", "!!omap", 1),
    ("!foo\na: 1\n", "!foo", 1),
])
def test_unknown_tags_are_refused_anywhere(text, tag, line):
    p = problem(read_text, text, "tags.yaml")
    assert f"unsupported tag '{tag}'" in p.message and p.line == line


def test_standard_tags_are_read():
    located = read_text("a: !!str 1\nb: !!int '2'\nc: !!float 3\nd: !!map {e: !!seq [x]}\n",
                        "ok.yaml")
    assert located.data == {"a": "1", "b": 2, "c": 3.0, "d": {"e": ["x"]}}


@pytest.mark.parametrize("digits", [19, 4000, 5000])
def test_integers_with_too_many_digits_are_refused_with_their_path(digits):
    p = problem(read_text, "req:\n  peak: " + "9" * digits + "\n", "big.yaml")
    assert p.line == 2 and p.path == "req.peak"
    assert f"{digits:,}-digit number" in p.message and "quotes" in p.message
    assert len(str(p)) < 200


def test_an_18_digit_integer_is_read():
    assert read_text("a: 999999999999999999\n", "ok.yaml").data == {"a": 999999999999999999}


def test_reader_failures_name_the_field():
    p = problem(read_text, "links:\n  - {id: a, kind: !x y}\n", "t.yaml")
    assert p.path == "links[0].kind" and p.line == 2


def test_numbers_remember_how_they_were_written():
    data = read_text("a: 1.10\nb: 010\nc: 5\nd: 2.5\n", "n.yaml").data
    assert data == {"a": 1.1, "b": 8, "c": 5, "d": 2.5}
    assert str(data["a"]) == "1.10" and str(data["b"]) == "010"
    assert type(data["c"]) is int and type(data["d"]) is float  # as printed: nothing to keep


# ---------------------------------------------------------------- built as it is read
def test_a_large_design_is_read_without_holding_its_node_tree():
    from benchmarks.synthetic import synthetic_design
    from workbench.model.canonical import dump_design

    text = dump_design(synthetic_design(300))
    tracemalloc.start()
    try:
        located = read_text(text, "big.yaml")
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert len(located.data["components"]) == 300
    # the composed node tree alone is some 40 bytes for each byte of text
    assert peak < 15 * len(text)
    line, _ = located.where(("components", 299, "id"))  # positions are still found
    assert text.splitlines()[line - 1].endswith(f"id: {located.data['components'][299]['id']}")


@pytest.mark.parametrize("text, message, line", [
    # an error in the YAML anywhere wins over a value refused before it
    ("a: 1\nb: !x 2\na: 3\nc: [unclosed\n", "invalid YAML", 5),
    ("a: !x 1\n---\nb: 2\n", "invalid YAML: expected a single document in the stream but "
                             "found another document", 2),
    ("a: !x 1\nb: *y\n", "invalid YAML: found undefined alias", 2),
    ("a: 1\nb: *y\n", "invalid YAML: found undefined alias", 2),
    # ...and when the YAML is sound, the first refused value is named
    ("a: 1\nb: !x 2\na: 3\n", "unsupported tag '!x'", 2),
])
def test_which_problem_is_reported_first(text, message, line):
    p = problem(read_text, text, "t.yaml")
    assert p.message.startswith(message) and p.line == line


def test_mapping_keys_are_plain_names_with_the_mappings_path():
    p = problem(read_text, "a:\n  - b: 1\n  - ? [x]\n    : 2\n", "k.yaml")
    assert p.message == "a mapping key must be a plain name" and p.path == "a[1]"
    assert (p.line, p.column) == (3, 7)


def test_many_positions_are_found_in_one_pass_without_the_node_tree():
    text = ("a:\n  b:\n    - x\n    - {c: 1, '2': y}\n  '1': z\nlist:\n  - [p, q]\n"
            "  - r\n")
    located = read_text(text, "pos.yaml")
    paths = [(), ("a",), ("a", "b", 1, "c"), ("a", "b", 1, 2), ("a", 1), ("a", "b", 9),
             ("a", "b", 0, "deeper"), ("list", 0, 1), ("list", 1), ("list", -1), ("nope",)]
    found = located.positions(paths)
    assert located.root is None  # no tree was composed for them
    assert found == {path: located.where(path) for path in paths}
    assert found[("a", "b", 1, 2)] == (4, 14) and found[("list", 0, 1)] == (7, 9)
    assert found[("a", "b", 9)] == located.where(("a", "b")) == (2, 3)  # the nearest ancestor


def test_a_word_tagged_as_true_or_false_that_is_neither_is_a_located_problem():
    p = problem(read_text, "a: 1\nb: !!bool maybe\n", "b.yaml")
    assert p.message.startswith("cannot read value 'maybe' as true or false")
    assert (p.line, p.path) == (2, "b")
