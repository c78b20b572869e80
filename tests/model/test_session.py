"""The document session without Qt: open, save, autosave, recovery, outside changes, recent
files (workbench/model/session.py). The window's side of it is tested in tests/ui."""

from __future__ import annotations

import errno
import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from catalogs.errors import InputError
from tests.conftest import FLAGSHIP, MINIMAL, ROOT
from workbench.model.canonical import dump_design
from workbench.model.design import Design
from workbench.model.io import load_design
from workbench.model.session import (
    AUTOSAVE_SECONDS,
    DiskChange,
    RecoveryStore,
    SaveFailed,
    Session,
    autosave_seconds,
    design_from_template,
    empty_design,
    read_design,
    recent_after_opening,
    recent_from_setting,
    recovery_dir,
)


@pytest.fixture
def design_file(tmp_path: Path) -> Path:
    path = tmp_path / "minimal.yaml"
    path.write_text(dump_design(Design.model_validate(MINIMAL)), encoding="utf-8")
    return path


@pytest.fixture
def store(tmp_path: Path) -> RecoveryStore:
    return RecoveryStore(tmp_path / "appdata" / "recovery")


def opened(session: Session, path: Path | None, catalog) -> Session:
    if path is None:
        session.start(empty_design(), None)
    else:
        found = read_design(path, catalog)
        session.start(found.design, found.path, found.text)
    return session


def edit(session: Session) -> None:
    assert session.doc is not None
    meta = session.doc.design.metadata.model_copy(update={"name": "Edited"})
    session.doc.set_section("metadata", meta)


def test_the_session_works_where_qt_cannot_be_imported(design_file):
    script = ("import sys; sys.modules['PySide6'] = None\n"
              "from catalogs import load_catalog\n"
              "from workbench.model.session import read_design\n"
              "print(read_design(__import__('pathlib').Path(sys.argv[1]),"
              " load_catalog(use_setting=False)).design.metadata.name)\n")
    done = subprocess.run([sys.executable, "-c", script, str(design_file)], cwd=ROOT,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0 and done.stdout == "Minimal\n", done.stderr[-2000:]


# ------------------------------------------------------------------------ settings
@pytest.mark.parametrize(("value", "seconds"), [
    (None, AUTOSAVE_SECONDS), ("2.5", 2.5), ("0", 0.05), ("-4", 0.05), ("soon", AUTOSAVE_SECONDS),
    ("nan", AUTOSAVE_SECONDS), ("inf", 24 * 3600.0)])
def test_autosave_interval_from_the_environment(value, seconds):
    environ = {} if value is None else {"EHRWB_AUTOSAVE_SECONDS": value}
    assert autosave_seconds(environ) == seconds


def test_recovery_folder(tmp_path, monkeypatch):
    assert recovery_dir({"EHRWB_RECOVERY_DIR": str(tmp_path)}, "/app") == tmp_path / "recovery"
    assert recovery_dir({}, str(tmp_path / "app")) == tmp_path / "app" / "recovery"
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert recovery_dir({}, None) == tmp_path / "home" / ".ehrwb" / "recovery"
    assert recovery_dir({"EHRWB_RECOVERY_DIR": ""}, "") == tmp_path / "home" / ".ehrwb" / "recovery"


def test_one_recovery_file_per_design_file(store, tmp_path, monkeypatch):
    a, b = tmp_path / "a.yaml", tmp_path / "b.yaml"
    monkeypatch.chdir(tmp_path)
    assert store.file_for(a) == store.file_for(Path("a.yaml"))  # by absolute path
    assert len({store.file_for(a), store.file_for(b), store.file_for(None)}) == 3
    assert store.file_for(a).parent == store.folder and store.file_for(a).suffix == ".yaml"


# ------------------------------------------------------------------------ opening
def test_opening_a_design_file_keeps_its_text(design_file, catalog):
    found = read_design(design_file, catalog)
    assert found.path == design_file and found.text == design_file.read_text()
    assert found.note is None and found.design.metadata.name == "Minimal"


def test_a_file_with_windows_line_endings_reads_as_python_reads_text(design_file, catalog):
    text = design_file.read_text()
    design_file.write_bytes(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode())
    assert read_design(design_file, catalog).text == text


def test_opening_an_exported_pdf_gives_an_untitled_design(tmp_path, catalog):
    from exports.document import build_pdf

    design = Design.model_validate(MINIMAL)
    pdf = tmp_path / "minimal.pdf"
    pdf.write_bytes(build_pdf(design, catalog))
    found = read_design(pdf, catalog)
    assert found.path is None and found.text is None  # never saved over the PDF
    assert found.note == "opened the design attached to minimal.pdf"
    assert dump_design(found.design) == dump_design(design)


def test_a_broken_file_is_the_located_message(tmp_path, catalog):
    bad = tmp_path / "bad.yaml"
    bad.write_text("schema_version: 2\nmetadata: {name: [\n")
    with pytest.raises(InputError, match=f"^{bad}:"):
        read_design(bad, catalog)


def test_new_designs(catalog):
    assert empty_design().metadata.name == "Untitled design"
    reviewed = load_design(FLAGSHIP, catalog).design
    assert reviewed.reviews.approvals or reviewed.reviews.comments
    from_sample = design_from_template(FLAGSHIP, catalog)
    assert not from_sample.reviews.approvals and not from_sample.reviews.comments
    assert from_sample.components == reviewed.components


# ------------------------------------------------------------------------ saving
def test_save_writes_atomically_with_a_backup_and_clears_recovery(design_file, store, catalog):
    session = opened(Session(store), design_file, catalog)
    before = design_file.read_text()
    edit(session)
    assert session.autosave(modified=True) == store.file_for(design_file)
    session.save(design_file)
    assert design_file.read_text() == dump_design(session.doc.design) == session.saved_text
    assert design_file.with_name("minimal.yaml.bak").read_text() == before
    assert not store.file_for(design_file).exists()


def test_save_as_moves_the_document_and_clears_both_recovery_files(tmp_path, store, catalog):
    session = opened(Session(store), None, catalog)
    edit(session)
    session.autosave(modified=True)
    target = tmp_path / "new.yaml"
    store.write(target, "left by a crash")
    session.save(target)
    assert session.path == target and session.doc.path == target
    assert not store.file_for(None).exists() and not store.file_for(target).exists()
    assert yaml.safe_load(target.read_text())["metadata"]["name"] == "Edited"


def test_save_refuses_to_replace_what_is_not_a_design(tmp_path, store, catalog, design_file):
    session = opened(Session(store), design_file, catalog)
    notes = tmp_path / "notes.txt"
    notes.write_text("my notes\n")
    with pytest.raises(SaveFailed, match="notes.txt"):
        session.save(notes)
    assert notes.read_text() == "my notes\n" and session.path == design_file


def test_a_failed_write_is_one_line_naming_the_file(tmp_path, store, catalog, design_file):
    session = opened(Session(store), design_file, catalog)
    target = design_file / "inside-a-file.yaml"  # its folder is a file
    with pytest.raises(SaveFailed) as failed:
        session.save(target)
    assert str(failed.value) == f"{target}: {os.strerror(errno.ENOTDIR)}"
    assert session.path == design_file


# ------------------------------------------------------------------------ recovery
def test_autosave_writes_only_unsaved_changes_and_never_over_the_file(design_file, store,
                                                                       catalog):
    session = opened(Session(store), design_file, catalog)
    on_disk = design_file.read_text()
    assert session.autosave(modified=False) is None
    assert not store.folder.exists()  # nothing written, not even the folder
    edit(session)
    written = session.autosave(modified=True)
    assert written == store.file_for(design_file) and written in session.owned
    assert written.read_text() == dump_design(session.doc.design) != on_disk
    assert design_file.read_text() == on_disk


def test_recovery_is_offered_to_the_next_session(design_file, store, catalog):
    crashed = opened(Session(store), design_file, catalog)
    edit(crashed)
    crashed.autosave(modified=True)
    restarted = opened(Session(store), design_file, catalog)
    offer = restarted.recovery_offer(design_file)
    assert offer is not None and store.file_for(design_file) in restarted.owned
    assert offer.question == ("minimal.yaml has unsaved changes from a session that did not "
                              "end cleanly. Restore them?")
    assert restarted.recovered_design(offer, catalog).metadata.name == "Edited"
    restarted.decline(offer)
    assert not store.file_for(design_file).exists()


def test_an_untitled_design_is_offered_back_too(store, catalog):
    crashed = opened(Session(store), None, catalog)
    edit(crashed)
    crashed.autosave(modified=True)
    offer = Session(store).recovery_offer(None)
    assert offer is not None and offer.question.startswith("An untitled design has unsaved")


def test_nothing_to_offer(design_file, store, catalog):
    session = opened(Session(store), design_file, catalog)
    assert session.recovery_offer(design_file) is None and not session.owned
    store.write(design_file, design_file.read_text())  # what the file holds already
    assert session.recovery_offer(design_file) is None
    assert not store.file_for(design_file).exists()
    store.file_for(design_file).write_bytes(b"\xff\xfe not text")
    assert session.recovery_offer(design_file) is None


def test_a_recovery_file_that_does_not_load_is_kept(design_file, store, catalog):
    session = opened(Session(store), design_file, catalog)
    store.write(design_file, "schema_version: 2\nmetadata: {name: [\n")
    offer = session.recovery_offer(design_file)
    assert offer is not None
    with pytest.raises(InputError):
        session.recovered_design(offer, catalog)
    assert store.file_for(design_file).exists()


def test_a_session_deletes_only_the_recovery_files_it_wrote_or_offered(design_file, store,
                                                                       catalog):
    other = opened(Session(store), design_file, catalog)
    edit(other)
    other.autosave(modified=True)  # another window's, still running or crashed
    session = opened(Session(store), design_file, catalog)
    session.forget_recovery()
    assert store.file_for(design_file).exists()
    other.forget_recovery()
    assert not store.file_for(design_file).exists() and not other.owned


# ------------------------------------------------------------------------ outside changes
def test_changes_on_disk(design_file, tmp_path, store, catalog):
    session = opened(Session(store), design_file, catalog)
    assert session.disk_event(str(tmp_path / "other.yaml")).change is DiskChange.OTHER_FILE
    assert session.disk_event(str(design_file)).change is DiskChange.SAME_TEXT
    changed = design_file.read_text().replace("name: Minimal", "name: Theirs")
    design_file.write_text(changed)
    event = session.disk_event(str(design_file))
    assert event.change is DiskChange.CHANGED and event.text == changed
    assert event.reload_question(modified=False) == (
        "minimal.yaml was changed outside the workbench. Reload it?")
    assert event.reload_question(modified=True) == (
        "minimal.yaml was changed outside the workbench. Reload it and lose your unsaved "
        "changes?")
    design_file.write_bytes(b"\xff\xfe")
    event = session.disk_event(str(design_file))
    assert event.change is DiskChange.CHANGED and event.text is None
    design_file.unlink()
    assert session.disk_event(str(design_file)).change is DiskChange.REMOVED


def test_our_own_save_is_not_a_change(design_file, store, catalog):
    session = opened(Session(store), design_file, catalog)
    edit(session)
    session.save(design_file)
    assert session.disk_event(str(design_file)).change is DiskChange.SAME_TEXT


def test_an_untitled_design_watches_nothing(store, catalog, design_file):
    session = opened(Session(store), None, catalog)
    assert session.disk_event(str(design_file)).change is DiskChange.OTHER_FILE


# ------------------------------------------------------------------------ recent files
def test_recent_files(tmp_path):
    a, b, c = (tmp_path / f"{n}.yaml" for n in "abc")
    recent = recent_after_opening([], a)
    recent = recent_after_opening(recent, b)
    assert recent_after_opening(recent, a) == [str(a), str(b)]  # first, once
    many = [str(tmp_path / f"{i}.yaml") for i in range(8)]
    assert recent_after_opening(many, c) == [str(c), *many[:7]]
    assert recent_from_setting(None) == [] and recent_from_setting("") == []
    assert recent_from_setting(str(a)) == [str(a)]
    assert recent_from_setting([str(a), "", str(b)]) == [str(a), str(b)]
