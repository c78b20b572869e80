"""Reviewer mode's dock: comments anchored to elements (resolved from here), approve or reject
confirmed and signed with the reviewer's key (approve_dialog.py), each recorded approval with
its signature status, and whether the design has changed since it was approved."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from .. import clock
from ..model.canonical import FINGERPRINT_VERSION, approval_matches, fingerprint
from ..model.design import Approval
from ..model.document import DesignDocument
from ..model.signing import check_approvals, sign_approval
from .approve_dialog import ApproveDialog
from .editor import Editor

# each signature status's icon and words: the icon differs by shape, the words say it
STATUS_ICON = {"verified": QStyle.StandardPixmap.SP_DialogApplyButton,
               "invalid": QStyle.StandardPixmap.SP_MessageBoxCritical,
               "unknown-key": QStyle.StandardPixmap.SP_MessageBoxWarning,
               "unsigned": QStyle.StandardPixmap.SP_MessageBoxQuestion}
STATUS_WORDS = {"verified": "verified", "invalid": "invalid", "unknown-key": "unknown key",
                "unsigned": "unsigned"}
ID_ROLE = Qt.ItemDataRole.UserRole


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
        self.resolve_button = QPushButton("Resolve comment")
        self.resolve_button.setEnabled(False)
        self.approvals = QListWidget()
        self.approvals.setWordWrap(True)
        self.approvals.setObjectName("approvals")
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
        layout.addWidget(self.comments, 2)
        layout.addWidget(self.resolve_button)
        layout.addWidget(QLabel("Approvals"))
        layout.addWidget(self.approvals, 1)
        layout.addWidget(self.reviewer)
        layout.addWidget(self.text)
        row = QHBoxLayout()
        for b in (self.comment_button, self.approve_button, self.reject_button):
            row.addWidget(b)
        layout.addLayout(row)
        self.comment_button.clicked.connect(self.add_comment)
        self.resolve_button.clicked.connect(self.resolve_comment)
        self.comments.itemSelectionChanged.connect(
            lambda: self.resolve_button.setEnabled(bool(self.comments.selectedItems())))
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

    def resolve_comment(self) -> bool:
        chosen = self.comments.selectedItems()
        if not chosen:
            return False
        return self.editor.resolve_comment(chosen[0].data(ID_ROLE))

    def decide(self, decision: str) -> bool:
        """Ask for confirmation, naming what is decided, and the key that signs it; record the
        signed decision (Cancel records nothing)."""
        who = self.reviewer.text().strip()
        if not who:
            self.status.setText("Enter your name to record a decision.")
            return False
        design = self.doc.design
        current = fingerprint(design)
        dialog = ApproveDialog(decision, design.metadata.name, self.revision_words(), current,
                               who, self.window())
        if dialog.exec() != QDialog.DialogCode.Accepted or dialog.key is None:
            self.status.setText(f"{decision.capitalize()} cancelled: nothing recorded.")
            return False
        approval = sign_approval(Approval(
            reviewer=who, date=self.now(), decision=decision, fingerprint=current,
            fingerprint_version=FINGERPRINT_VERSION,
            note=self.text.toPlainText().strip() or None), dialog.key)
        self.editor.record_approval(approval)
        self.refresh()
        return True

    def revision_words(self) -> str:
        """'flagship.yaml as saved', 'flagship.yaml with unsaved edits', 'untitled'."""
        name = self.doc.path.name if self.doc.path is not None else "untitled design"
        return f"{name} {'as saved' if self.editor.undo_stack.isClean() else 'with unsaved edits'}"

    def approval_state(self) -> str:
        approvals = [a for a in self.doc.design.reviews.approvals if a.decision == "approve"]
        if not approvals:
            return "Not approved yet."
        last = approvals[-1]
        if approval_matches(self.doc.design, last):  # under the version it was recorded in
            return f"Approved by {last.reviewer} on {last.date.date()}: this exact design."
        return (f"CHANGED SINCE APPROVAL: {last.reviewer} approved on {last.date.date()} a "
                "design with another fingerprint.")

    def refresh(self) -> None:
        self.status.setText(self.approval_state())
        self.comments.clear()
        for c in self.doc.design.reviews.comments:
            if self.target is None or c.target == self.target:
                where = c.target or "design"
                done = " (resolved)" if c.resolved else ""
                item = QListWidgetItem(f"{c.date.date()} {c.author} on {where}{done}: {c.text}")
                item.setData(ID_ROLE, c.id)
                if c.resolved:
                    item.setForeground(Qt.GlobalColor.gray)
                self.comments.addItem(item)
        self.resolve_button.setEnabled(False)
        self.approvals.clear()
        for check in check_approvals(self.doc.design):
            words = STATUS_WORDS[check.signature]
            item = QListWidgetItem(self.style().standardIcon(STATUS_ICON[check.signature]),
                                   f"{words}: {check.line()}")
            item.setData(ID_ROLE, check.signature)
            item.setToolTip(f"fingerprint {check.approval.fingerprint[:16]}... "
                            f"(v{check.approval.fingerprint_version}); matches this design: "
                            f"{check.match_words}")
            self.approvals.addItem(item)

    def approval_statuses(self) -> list[str]:
        """Each recorded approval's signature status, in the file's order (for tests)."""
        return [self.approvals.item(i).data(ID_ROLE) for i in range(self.approvals.count())]
