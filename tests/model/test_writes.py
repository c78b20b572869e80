"""Saving: a write resolves the path it is given and replaces only a file of its own kind.

save_design (the GUI's Save) and write_bytes_atomic (the PDF export) follow symbolic links,
keep FILE.bak beside the real file, and refuse with WriteRefused (an OSError) a PDF, a file
that is not a design, a folder, a FIFO or a device, leaving it as it was."""

from __future__ import annotations

import errno
import os
import stat
import tempfile

import pytest

from tests.conftest import SAMPLE_FILES
from workbench.model.canonical import dump_design
from workbench.model.io import WriteRefused, load_design, save_design, write_bytes_atomic

PDF = b"%PDF-1.7\n% a document\n"


@pytest.fixture(scope="module")
def design():
    return load_design(SAMPLE_FILES[1]).design


def test_saving_through_a_symlink_updates_the_file_it_points_to(tmp_path, design):
    real_dir = tmp_path / "repo"
    real_dir.mkdir()
    real = real_dir / "design.yaml"
    real.write_text("schema_version: 2\nmetadata: {name: old}\n")
    link = tmp_path / "link.yaml"
    link.symlink_to(real)
    save_design(design, link)
    assert link.is_symlink() and os.readlink(link) == str(real)
    assert real.read_text() == dump_design(design)
    assert (real_dir / "design.yaml.bak").read_text().startswith("schema_version: 2\nmetadata:")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["link.yaml", "repo"]


def test_a_dangling_symlink_is_written_through(tmp_path, design):
    link = tmp_path / "link.yaml"
    link.symlink_to(tmp_path / "new.yaml")
    save_design(design, link)
    assert link.is_symlink() and (tmp_path / "new.yaml").read_text() == dump_design(design)


def test_pdf_export_through_a_symlink_updates_the_target(tmp_path):
    real = tmp_path / "real.pdf"
    real.write_bytes(PDF + b"old")
    link = tmp_path / "out.pdf"
    link.symlink_to(real)
    write_bytes_atomic(link, PDF + b"new")
    assert link.is_symlink() and real.read_bytes() == PDF + b"new"


def test_a_fifo_is_refused_at_once_and_left_in_place(tmp_path, design):
    fifo = tmp_path / "pipe.yaml"
    os.mkfifo(fifo)
    with pytest.raises(WriteRefused, match="not a regular file"):
        save_design(design, fifo)
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)
    assert [p.name for p in tmp_path.iterdir()] == ["pipe.yaml"]


@pytest.mark.parametrize("device", ["/dev/null", "/dev/full"])
def test_a_device_is_refused(device, design):
    if not os.path.exists(device):
        pytest.skip(f"no {device}")
    with pytest.raises(WriteRefused, match="not a regular file"):
        save_design(design, device)
    with pytest.raises(WriteRefused):
        write_bytes_atomic(device, PDF)  # type: ignore[arg-type]


def test_a_folder_is_refused(tmp_path, design):
    with pytest.raises(WriteRefused, match="folder"):
        save_design(design, tmp_path)


@pytest.mark.parametrize("content, reason", [
    (PDF, "is a PDF document"),
    (b"shopping list\n", "not a design file"),
    (bytes(range(256)), "not a design file"),
    (b"metadata: {name: x}\n", "not a design file"),
])
def test_a_design_never_replaces_another_kind_of_file(tmp_path, design, content, reason):
    target = tmp_path / "target.yaml"
    target.write_bytes(content)
    with pytest.raises(WriteRefused, match=reason) as info:
        save_design(design, target)
    assert isinstance(info.value, OSError) and reason in info.value.strerror
    assert target.read_bytes() == content
    assert [p.name for p in tmp_path.iterdir()] == ["target.yaml"]


@pytest.mark.parametrize("content", [b"", b"schema_version: 1\nmetadata: {title: old}\n",
                                     b'{"schema_version": 2, "metadata": {"name": "json"}}',
                                     b"broken: [\nschema_version: 2\n"])
def test_a_design_replaces_a_design_or_an_empty_file(tmp_path, design, content):
    target = tmp_path / "d.yaml"
    target.write_bytes(content)
    save_design(design, target)
    assert target.read_text() == dump_design(design)


def test_a_pdf_replaces_only_a_pdf(tmp_path):
    design_file = tmp_path / "d.yaml"
    design_file.write_text("schema_version: 2\n")
    with pytest.raises(WriteRefused, match="is a design file, not a PDF"):
        write_bytes_atomic(design_file, PDF)
    notes = tmp_path / "notes.txt"
    notes.write_text("notes\n")
    with pytest.raises(WriteRefused, match="not a PDF"):
        write_bytes_atomic(notes, PDF)
    assert design_file.read_text() == "schema_version: 2\n" and notes.read_text() == "notes\n"
    old = tmp_path / "old.pdf"
    old.write_bytes(PDF + b"old")
    write_bytes_atomic(old, PDF + b"new")
    assert old.read_bytes() == PDF + b"new"


@pytest.mark.parametrize("failing, code", [("fsync", errno.ENOSPC), ("mkstemp", errno.EROFS),
                                           ("replace", errno.EACCES)])
def test_a_full_or_read_only_disk_leaves_the_file_as_it_was(tmp_path, monkeypatch, design,
                                                            failing, code):
    path = tmp_path / "d.yaml"
    save_design(design, path, keep_backup=False)
    before = path.read_bytes()

    def fail(*args, **kwargs):
        raise OSError(code, os.strerror(code))

    monkeypatch.setattr(tempfile if failing == "mkstemp" else os, failing, fail)
    design = design.model_copy(update={"metadata": design.metadata.model_copy(
        update={"revision": "changed"})})
    with pytest.raises(OSError) as info:
        save_design(design, path, keep_backup=False)
    assert info.value.errno == code and not isinstance(info.value, WriteRefused)
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["d.yaml"]
