"""Reviewer mode's dock: comments anchored to elements, approve or reject with name and date,
and whether the design has changed since it was approved."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from .. import clock
from ..model.canonical import fingerprint
from ..model.document import DesignDocument
from .editor import Editor


class ReviewPanel(QWidget):
    def __init__(self, doc: DesignDocument, editor: Editor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.doc, self.editor = doc, editor
        self.target: str | None = None
        self.status = QLabel()
        self.status.setTextFormat(Qt.TextFormat.PlainText)  # reviewer names come from files
        self.status.setWordWrap(True)
        self.comments = QListWidget()
        self.comments.setWordWrap(True)
        self.reviewer = QLineEdit(placeholderText="Your name")
        self.text = QPlainTextEdit()
        self.text.setPlaceholderText("Comment on the selected element (or the design)")
        self.text.setFixedHeight(70)
        self.comment_button = QPushButton("Add comment")
        self.approve_button = QPushButton("Approve")
        self.reject_button = QPushButton("Reject")
        layout = QVBoxLayout(self)
        layout.addWidget(self.status)
        layout.addWidget(QLabel("Comments"))
        layout.addWidget(self.comments)
        layout.addWidget(self.reviewer)
        layout.addWidget(self.text)
        row = QHBoxLayout()
        for b in (self.comment_button, self.approve_button, self.reject_button):
            row.addWidget(b)
        layout.addLayout(row)
        self.comment_button.clicked.connect(self.add_comment)
        self.approve_button.clicked.connect(lambda: self.decide("approve"))
        self.reject_button.clicked.connect(lambda: self.decide("reject"))
        self.refresh()

    def now(self) -> dt.datetime:
        return clock.now()

    def set_target(self, element_id: str | None) -> None:
        self.target = element_id
        self.refresh()

    def add_comment(self) -> bool:
        text, who = self.text.toPlainText().strip(), self.reviewer.text().strip()
        if not text or not who:
            self.status.setText("Write a comment and your name first.")
            return False
        self.editor.add_comment(who, text, self.target, self.now())
        self.text.clear()
        self.refresh()
        return True

    def decide(self, decision: str) -> bool:
        who = self.reviewer.text().strip()
        if not who:
            self.status.setText("Enter your name to record a decision.")
            return False
        self.editor.record_decision(who, decision, fingerprint(self.doc.design), self.now(),
                                    self.text.toPlainText().strip() or None)
        self.refresh()
        return True

    def approval_state(self) -> str:
        approvals = [a for a in self.doc.design.reviews.approvals if a.decision == "approve"]
        if not approvals:
            return "Not approved yet."
        last = approvals[-1]
        current = fingerprint(self.doc.design)
        if last.fingerprint == current:
            return f"Approved by {last.reviewer} on {last.date.date()}: this exact design."
        return (f"CHANGED SINCE APPROVAL: {last.reviewer} approved on {last.date.date()} a "
                "design with another fingerprint.")

    def refresh(self) -> None:
        self.status.setText(self.approval_state())
        self.comments.clear()
        for c in self.doc.design.reviews.comments:
            if self.target is None or c.target == self.target:
                where = c.target or "design"
                self.comments.addItem(f"{c.date.date()} {c.author} on {where}: {c.text}")
