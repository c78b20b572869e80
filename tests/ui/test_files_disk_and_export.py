"""A design file changed by another program asks one question per change; File > Export PDF
proposes ``<design>-<revision>.pdf`` and offers to open what it wrote.

The file is written the ways other programs write it (truncate and write, a temporary file
renamed over it, two writes in a row, deleted and written anew) and the test waits on the
watcher's notices: no test relies on how fast the file system is, only on the settle interval
having passed once a prompt was counted.
"""

from __future__ import annotations

import os
import re

from PySide6.QtCore import QUrl
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox

from tests.ui import person
from workbench.ui.files import DISK_SETTLE_MS, Files

Yes, No = QMessageBox.StandardButton.Yes, QMessageBox.StandardButton.No
PROMPT = "Changed on disk"


def prompts(window) -> int:
    return window.answers.asked.count(PROMPT)


def expect_prompts(qtbot, window, count: int) -> None:
    """Exactly ``count`` questions so far, and still that many once the notices of the same
    change had every chance to ask another."""
    qtbot.waitUntil(lambda: prompts(window) >= count, timeout=10_000)
    qtbot.wait(3 * DISK_SETTLE_MS)
    assert prompts(window) == count, window.answers.asked


def revised(path, revision: str) -> str:
    """The design file's text with another revision."""
    text, count = re.subn(r"^  revision: '[^']*'$", f"  revision: '{revision}'",
                          path.read_text(), count=1, flags=re.MULTILINE)
    assert count == 1
    return text


def test_truncate_and_write_asks_once_and_a_later_change_asks_again(window, flagship_copy,
                                                                   qtbot):
    changed = revised(flagship_copy, "3.3")
    with open(flagship_copy, "w", encoding="utf-8") as out:  # truncated: a first notice
        QApplication.processEvents()  # the window sees the empty file...
        out.write(changed[:200])
        out.flush()
        QApplication.processEvents()  # ...and the half-written one
        out.write(changed[200:])
    expect_prompts(qtbot, window, 1)  # no answer scripted: the user keeps the open design
    assert window.doc.design.metadata.revision == "3.2"
    with qtbot.waitSignal(window.files.disk_settle.timeout, timeout=10_000):
        os.utime(flagship_copy)  # the text the user was asked about: not asked again
    assert prompts(window) == 1
    flagship_copy.write_text(revised(flagship_copy, "3.4"))
    expect_prompts(qtbot, window, 2)


def test_a_file_renamed_over_the_design_asks_once_and_stays_watched(window, flagship_copy,
                                                                    qtbot):
    for number, revision in enumerate(("3.3", "3.4"), start=1):
        temp = flagship_copy.with_name(f".flagship.yaml.{revision}.tmp")
        temp.write_text(revised(flagship_copy, revision))
        window.answers.queue = [Yes]
        os.replace(temp, flagship_copy)  # the watched file is gone, a new one in its place
        expect_prompts(qtbot, window, number)
        assert window.doc.design.metadata.revision == revision


def test_two_writes_in_a_row_ask_once_about_the_last(window, flagship_copy, qtbot):
    flagship_copy.write_text(revised(flagship_copy, "3.3"))
    flagship_copy.write_text(revised(flagship_copy, "3.4"))
    window.answers.queue = [Yes]
    expect_prompts(qtbot, window, 1)
    assert window.doc.design.metadata.revision == "3.4"


def test_a_file_deleted_and_written_anew_asks_once(window, flagship_copy, qtbot):
    changed = revised(flagship_copy, "3.3")
    with qtbot.waitSignal(window.files.disk_settle.timeout, timeout=10_000):
        flagship_copy.unlink()
    assert prompts(window) == 0
    assert "removed" in window.statusBar().currentMessage()
    window.answers.queue = [Yes]
    flagship_copy.write_text(changed)  # the folder's notice: the file is back
    expect_prompts(qtbot, window, 1)
    assert window.doc.design.metadata.revision == "3.3"


def test_notices_while_the_question_is_open_ask_nothing_more(window, flagship_copy, qtbot):
    scripted = window.ask

    def ask_while_the_file_changes_again(title, text, buttons, default):
        answer = scripted(title, text, buttons, default)
        if prompts(window) == 1:  # the program writes again while the first box is open
            flagship_copy.write_text(revised(flagship_copy, "3.4"))
            qtbot.wait(4 * DISK_SETTLE_MS)  # the question's own event loop runs meanwhile
            assert prompts(window) == 1, window.answers.asked
        return answer

    window.ask = ask_while_the_file_changes_again
    flagship_copy.write_text(revised(flagship_copy, "3.3"))
    window.answers.queue = [No]
    expect_prompts(qtbot, window, 1)
    # the answer was about the file as it was when answered; a new change asks again
    flagship_copy.write_text(revised(flagship_copy, "3.5"))
    expect_prompts(qtbot, window, 2)


def test_the_same_text_written_or_touched_asks_nothing(window, flagship_copy, qtbot):
    same = flagship_copy.read_text()
    with qtbot.waitSignal(window.files.disk_settle.timeout, timeout=10_000):
        flagship_copy.write_text(same)
    with qtbot.waitSignal(window.files.disk_settle.timeout, timeout=10_000):
        os.utime(flagship_copy)
        os.utime(flagship_copy)
    qtbot.wait(2 * DISK_SETTLE_MS)
    assert window.answers.asked == []


def test_the_apps_own_save_asks_nothing_and_the_file_stays_watched(window, flagship_copy,
                                                                  qtbot):
    window.editor.delete(["kuiper-east"])  # setup: something to save
    person.menu(window, "File", "Save")
    assert not window.modified
    assert "kuiper-east:" not in flagship_copy.read_text()
    qtbot.wait(4 * DISK_SETTLE_MS)
    assert window.answers.asked == []
    flagship_copy.write_text(revised(flagship_copy, "3.3"))
    expect_prompts(qtbot, window, 1)


# ------------------------------------------------------------------------------ export
def record_save_dialog(monkeypatch, target):
    proposed: list[str] = []

    def get_save_file_name(parent, caption, directory, *args, **kwargs):
        proposed.append(directory)
        return str(target), "PDF (*.pdf)"

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(get_save_file_name))
    return proposed


def export_from_the_menu(window, qtbot):
    person.menu(window, "File", "Export PDF")
    qtbot.waitUntil(lambda: window.export_done is not None, timeout=60_000)
    assert window.export_done[0], window.export_done
    offer = window.files.export_offer
    assert offer is not None and offer.isVisible()
    assert offer.windowTitle() == "Export finished"
    return offer


def click_offer(offer: QMessageBox, text: str) -> None:
    button = next(b for b in offer.buttons() if b.text() == text)
    QTest.mouseClick(button, person.LEFT)
    person.settle()


def test_export_proposes_design_and_revision_and_opens_the_pdf(window, flagship_copy, tmp_path,
                                                               qtbot, monkeypatch):
    opened: list[QUrl] = []
    monkeypatch.setattr(Files, "open_url", staticmethod(opened.append))
    target = tmp_path / "chosen.pdf"
    proposed = record_save_dialog(monkeypatch, target)
    offer = export_from_the_menu(window, qtbot)
    assert proposed == [str(flagship_copy.parent / "flagship-3.2.pdf")]
    assert target.read_bytes()[:5] == b"%PDF-"
    assert {b.text() for b in offer.buttons()} == {"Open PDF", "Show in folder", "Close"}
    assert opened == []  # nothing opens by itself
    click_offer(offer, "Open PDF")
    assert opened == [QUrl.fromLocalFile(str(target))]
    assert not offer.isVisible()


def test_show_in_folder_and_close(window, tmp_path, qtbot, monkeypatch):
    opened: list[QUrl] = []
    monkeypatch.setattr(Files, "open_url", staticmethod(opened.append))
    target = tmp_path / "board.pdf"
    record_save_dialog(monkeypatch, target)
    click_offer(export_from_the_menu(window, qtbot), "Show in folder")
    assert opened == [QUrl.fromLocalFile(str(tmp_path))]
    click_offer(export_from_the_menu(window, qtbot), "Close")
    assert opened == [QUrl.fromLocalFile(str(tmp_path))]


def test_closing_the_window_closes_the_offer_to_open_the_export(window, tmp_path, qtbot,
                                                                 monkeypatch):
    record_save_dialog(monkeypatch, tmp_path / "board.pdf")
    export_from_the_menu(window, qtbot)  # its offer left unanswered
    person.menu(window, "File", "Quit")
    assert not window.isVisible()
    # a box of its own: left open, it kept the app running with no main window
    assert [w.windowTitle() for w in QApplication.topLevelWidgets()
            if w.isVisible() and w.parent() is window] == []


def test_an_untitled_design_is_named_after_its_name_in_the_last_export_folder(
        window, tmp_path, qtbot, monkeypatch):
    monkeypatch.setattr(Files, "open_url", staticmethod(lambda url: None))
    folder = tmp_path / "exports"
    folder.mkdir()
    record_save_dialog(monkeypatch, folder / "first.pdf")
    export_from_the_menu(window, qtbot)
    person.menu(window, "File", "New", "Empty design")  # unchanged: nothing to ask
    assert window.doc.path is None
    proposed = record_save_dialog(monkeypatch, folder / "second.pdf")
    export_from_the_menu(window, qtbot)
    # the empty design: "Untitled design" and no revision
    assert proposed == [str(folder / "untitled-design.pdf")]


def test_cancelling_the_save_dialog_exports_nothing(window, qtbot, monkeypatch):
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: ("", "")))
    person.menu(window, "File", "Export PDF")
    qtbot.wait(100)
    assert window.export_done is None and window.files.export_offer is None


# ------------------------------------------------------------------------------ close
def test_file_close_asks_to_save_then_shows_an_empty_design(window, flagship_copy):
    window.editor.delete(["kuiper-east"])  # setup: unsaved changes
    window.answers.queue = [QMessageBox.StandardButton.Cancel]
    person.menu(window, "File", "Close")
    assert window.doc.path == flagship_copy and window.modified
    window.answers.queue = [QMessageBox.StandardButton.Discard]
    person.menu(window, "File", "Close")
    assert window.answers.asked == ["Unsaved changes", "Unsaved changes"]
    assert window.doc.path is None and not window.modified
    assert window.doc.design.components == []
    assert "kuiper-east:" in flagship_copy.read_text()  # discarded, not saved
