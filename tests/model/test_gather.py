"""Which files a command reads when given files, folders and '-' (workbench.model.gather)."""

from __future__ import annotations

from pathlib import Path

import pytest

from catalogs.errors import InputError
from workbench.model.gather import design_files

DESIGN = "schema_version: 2\nmetadata: {name: x}\n"


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_a_folder_yields_its_designs_recursively_in_name_order(tmp_path: Path) -> None:
    write(tmp_path / "b.yaml", DESIGN)
    write(tmp_path / "a" / "z.yml", "# a comment first\n" + DESIGN)
    write(tmp_path / "a" / "catalog.yaml", "compute:\n  - id: x\n")  # not a design
    write(tmp_path / "a" / "notes.txt", DESIGN)  # not YAML
    write(tmp_path / ".git" / "c.yaml", DESIGN)  # hidden folder
    write(tmp_path / "node_modules" / "d.yaml", DESIGN)
    write(tmp_path / "venv" / "pyvenv.cfg", "")
    write(tmp_path / "venv" / "e.yaml", DESIGN)
    write(tmp_path / "indented.yaml", "metadata:\n  schema_version: 2\n")  # not top level
    found = design_files([str(tmp_path)])
    assert [Path(f).relative_to(tmp_path).as_posix() for f in found] == ["a/z.yml", "b.yaml"]


def test_files_and_stdin_are_taken_as_named_once_each(tmp_path: Path) -> None:
    a = write(tmp_path / "a.yaml", DESIGN)
    other = tmp_path / "missing.yaml"  # reading it will say what is wrong
    assert design_files([str(a), "-", str(other), str(a), str(tmp_path / "." / "a.yaml")]) \
        == [str(a), "-", str(other)]


def test_a_folder_without_designs_is_an_input_error_naming_it(tmp_path: Path) -> None:
    write(tmp_path / "empty" / "catalog.yaml", "compute: []\n")
    with pytest.raises(InputError) as err:
        design_files([str(tmp_path / "empty")])
    assert str(tmp_path / "empty") in str(err.value)
    assert "no design file" in str(err.value)
