"""Two things the open design's reviews put on screen: a speech bubble on every element with
open review comments (resolved ones do not mark), and, the first time an edit changes a design
whose last approval matched it, a banner saying the approval no longer holds.

The banner does not ask: edits come from the canvas, the Inspector and the menus, a question in
the middle of a drag or a typed field would interrupt the edit it is about, and the edit is one
undo away. It says so once per opened design, and the status bar says it too."""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QMainWindow, QPushButton, QWidget

from ..model.canonical import approval_matches
from ..model.document import Change, ChangeKind
from .approved_revision import last_approval
from .marks import Overlay
from .panels import DocumentContext


class CommentMarks(QObject):
    """Speech bubbles on the elements with open review comments, following every edit."""

    def __init__(self, parent: QObject) -> None:
        super().__init__(parent)
        self.context: DocumentContext | None = None
        self.overlay: Overlay | None = None

    def attach(self, context: DocumentContext) -> None:
        self.context = context
        self.overlay = Overlay(context.scene)
        context.doc.subscribe(self._changed)
        self.draw()

    def detach(self) -> None:
        if self.context is not None:
            self.context.doc.unsubscribe(self._changed)
            self.context = None
        self.overlay = None

    def _changed(self, change: Change) -> None:
        if change.kind != ChangeKind.LAYOUT:  # a moved node carries its bubble along
            self.draw()

    def draw(self) -> None:
        if self.context is None or self.overlay is None:
            return
        counts: dict[str, int] = {}
        for c in self.context.doc.design.reviews.comments:
            if c.target and not c.resolved:
                counts[c.target] = counts.get(c.target, 0) + 1
        self.overlay.draw_comments(counts)


class ApprovalBanner(QFrame):
    """A strip above the canvas: the approval the edit invalidated, and a way to dismiss it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("approval-banner")
        self.setStyleSheet("#approval-banner { background: #fff4d6; border: 1px solid #d9a400; "
                           "border-radius: 3px; }")
        self.text = QLabel()
        self.text.setTextFormat(Qt.TextFormat.PlainText)  # reviewer names come from files
        self.text.setWordWrap(True)
        self.dismiss = QPushButton("Dismiss")
        self.dismiss.clicked.connect(self.hide)
        row = QHBoxLayout(self)
        row.setContentsMargins(8, 4, 8, 4)
        warn = QLabel("\u26a0")  # a warning sign, not colour alone
        warn.setStyleSheet("font-size: 16px;")
        row.addWidget(warn)
        row.addWidget(self.text, 1)
        row.addWidget(self.dismiss)
        self.hide()


class ApprovalGuard(QObject):
    """Warns once per opened design when an edit makes its last approval stop matching."""

    def __init__(self, window: QMainWindow, holder: QWidget) -> None:
        super().__init__(window)
        self.window = window
        self.banner = ApprovalBanner(holder)
        layout = holder.layout()
        assert layout is not None
        layout.insertWidget(0, self.banner)  # type: ignore[attr-defined]
        self.context: DocumentContext | None = None
        self.matching = False  # the last approval matches the design as it is
        self.warnings = 0  # for this design: 0 or 1

    def attach(self, context: DocumentContext) -> None:
        self.context = context
        self.warnings = 0
        self.banner.hide()
        self.matching = self._matches()
        context.doc.subscribe(self._changed)

    def detach(self) -> None:
        if self.context is not None:
            self.context.doc.unsubscribe(self._changed)
            self.context = None

    def _matches(self) -> bool:
        assert self.context is not None
        approval = last_approval(self.context.doc.design)
        return approval is not None and approval_matches(self.context.doc.design, approval)

    def _changed(self, change: Change) -> None:
        # layout leaves the fingerprint as it is; a design not approved as it is becomes so
        # only by a new approval (in reviews); after the warning there is nothing to do
        if self.context is None or self.warnings or change.kind == ChangeKind.LAYOUT or \
                (not self.matching and "reviews" not in change.ids):
            return
        was, self.matching = self.matching, self._matches()
        if was and not self.matching:
            self.warn()

    def warn(self) -> None:
        assert self.context is not None
        approval = last_approval(self.context.doc.design)
        assert approval is not None
        self.warnings += 1
        self.banner.text.setText(
            f"This design was approved by {approval.reviewer} on "
            f"{approval.date.date().isoformat()}. This edit changes it: the approval no longer "
            "matches, and the design needs approving again (Edit > Undo takes the edit back; "
            "Review > Changes since approval shows what changed).")
        self.banner.show()
        self.window.statusBar().showMessage("This edit invalidates the design's approval", 8000)
