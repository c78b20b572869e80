"""Reviewing in the workbench (issue 15 points 2 and 5): Approve and Reject ask for
confirmation naming what is decided, Approve signs with the reviewer's key as ``ehrwb approve``
does, the approvals list shows each signature's status, and open comments mark their element
on the canvas until resolved."""

from __future__ import annotations

from pathlib import Path

import yaml
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QDialog, QLabel, QLineEdit, QPushButton

from tests.conftest import ROOT
from tests.ui import person
from workbench.model.canonical import fingerprint
from workbench.model.io import load_design
from workbench.model.signing import check_approvals
from workbench.ui.marks import marks_on

KEY = ROOT / "tests" / "fixtures" / "keys" / "architecture-board.pem"


def button(dialog: QDialog, text: str) -> QPushButton:
    found = [b for b in dialog.findChildren(QPushButton) if b.text().replace("&", "") == text]
    assert found, f"no button {text!r}"
    return found[0]


def as_reviewer(make_window, path: Path, name: str = "Dana Whitfield"):
    window = make_window(path, read_only=True)
    person.type_text(window.review.reviewer, name)
    return window


def test_approve_asks_for_confirmation_and_cancel_records_nothing(make_window,
                                                                  flagship_copy):
    window = as_reviewer(make_window, flagship_copy)
    before = list(window.doc.design.reviews.approvals)
    shown: list[str] = []

    def cancel(dialog: QDialog) -> None:
        shown.append(dialog.windowTitle())
        shown.append(dialog.findChild(QLabel, "what").text())
        QTest.mouseClick(button(dialog, "Cancel"), Qt.MouseButton.LeftButton)

    person.when_dialog(cancel)
    person.click(window.review.approve_button)
    title, text = shown
    design = window.doc.design
    assert title == "Approve design"
    assert design.metadata.name in text and "flagship.yaml as saved" in text
    assert fingerprint(design)[:16] in text and "Dana Whitfield" in text
    assert window.doc.design.reviews.approvals == before and not window.modified
    assert "nothing recorded" in window.review.status.text()


def test_approve_signs_with_the_reviewers_key_and_shows_it_verified(make_window,
                                                                    flagship_copy):
    window = as_reviewer(make_window, flagship_copy)

    def sign(dialog: QDialog) -> None:
        person.type_text(dialog.findChild(QLineEdit, "key"), str(KEY))
        QTest.mouseClick(button(dialog, "Sign and approve"), Qt.MouseButton.LeftButton)

    person.when_dialog(sign)
    person.click(window.review.approve_button)
    approvals = window.doc.design.reviews.approvals
    assert approvals[-1].reviewer == "Dana Whitfield" and approvals[-1].signature
    assert window.review.approval_statuses()[-1] == "verified"
    last = window.review.approvals.item(window.review.approvals.count() - 1)
    assert last.text().startswith("verified: Dana Whitfield") and not last.icon().isNull()
    # saved, it verifies as every command checks it
    person.menu(window, "File", "Save")
    saved = load_design(flagship_copy).design
    check = check_approvals(saved)[-1]
    assert (check.signature, check.matches, check.approval.fingerprint) == (
        "verified", True, fingerprint(saved))

    # the key file is remembered: the next decision's dialog offers it
    offered: list[str] = []

    def look(dialog: QDialog) -> None:
        offered.append(dialog.findChild(QLineEdit, "key").text())
        QTest.mouseClick(button(dialog, "Cancel"), Qt.MouseButton.LeftButton)

    person.when_dialog(look)
    person.click(window.review.reject_button)
    assert offered == [str(KEY)]


def test_a_key_that_is_not_a_key_is_refused_in_the_dialog(make_window, flagship_copy,
                                                          tmp_path):
    window = as_reviewer(make_window, flagship_copy)
    bad = tmp_path / "not-a-key.pem"
    bad.write_text("hello\n")
    said: list[str] = []

    def try_bad_key(dialog: QDialog) -> None:
        person.type_text(dialog.findChild(QLineEdit, "key"), str(bad))
        QTest.mouseClick(button(dialog, "Sign and reject"), Qt.MouseButton.LeftButton)
        said.append(next(label.text() for label in dialog.findChildren(QLabel)
                         if label.isVisible() and "not-a-key.pem" in label.text()))
        QTest.mouseClick(button(dialog, "Cancel"), Qt.MouseButton.LeftButton)

    before = len(window.doc.design.reviews.approvals)
    person.when_dialog(try_bad_key)
    person.click(window.review.reject_button)
    assert said and "not a PEM private key" in said[0]
    assert len(window.doc.design.reviews.approvals) == before


def test_a_hand_typed_approval_shows_unsigned(make_window, flagship_copy, tmp_path):
    data = yaml.safe_load(flagship_copy.read_text())
    typed = dict(data["reviews"]["approvals"][0])
    typed.pop("signature"), typed.pop("public_key")
    typed["reviewer"] = "Someone who can edit YAML"
    data["reviews"]["approvals"].append(typed)
    forged = tmp_path / "forged.yaml"
    forged.write_text(yaml.safe_dump(data, sort_keys=False))
    window = as_reviewer(make_window, forged)
    assert window.review.approval_statuses() == ["verified", "unsigned"]
    last = window.review.approvals.item(1)
    assert last.text().startswith("unsigned: Someone who can edit YAML")
    assert not last.icon().isNull()


def test_an_open_comment_marks_its_element_until_resolved(make_window, flagship_copy):
    window = as_reviewer(make_window, flagship_copy)
    # the file's own open comment is on odb-dr
    assert marks_on(window.scene.nodes["odb-dr"]) == ["comment"]
    assert "comment" not in marks_on(window.scene.nodes["kuiper-east"])
    person.select(window, "kuiper-east")
    person.type_text(window.review.text, "Is Kuiper sized for the DR failover?")
    person.click(window.review.comment_button)
    assert marks_on(window.scene.nodes["kuiper-east"]) == ["comment"]
    assert "comment" not in marks_on(window.scene.nodes["odb-prod-a"])
    comments = window.review.comments  # the selected element's comments
    comments.setCurrentRow(comments.count() - 1)
    person.click(window.review.resolve_button)
    assert window.doc.design.reviews.comments[-1].resolved
    assert "comment" not in marks_on(window.scene.nodes["kuiper-east"])
    assert marks_on(window.scene.nodes["odb-dr"]) == ["comment"]
    person.menu(window, "Edit", "Undo")  # unresolved again: marked again
    assert marks_on(window.scene.nodes["kuiper-east"]) == ["comment"]
