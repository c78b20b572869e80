"""Small widgets the forms share."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)


class Combo(QComboBox):
    """A drop-down that the mouse wheel changes only when it has focus: scrolling the form
    over it scrolls the form, as in every polished desktop tool."""

    def __init__(self) -> None:
        super().__init__()
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        # long catalog ids must not widen the form past the dock
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.setMinimumContentsLength(10)

    def wheelEvent(self, event: QWheelEvent) -> None:
        if self.hasFocus():
            super().wheelEvent(event)
        else:
            event.ignore()

    def set_items(self, items: list[tuple[str, Any]], value: Any) -> None:
        """Replace the choices and select ``value`` without emitting anything."""
        blocked = self.blockSignals(True)
        try:
            current = [(self.itemText(i), self.itemData(i)) for i in range(self.count())]
            if current != items:
                self.clear()
                for text, data in items:
                    self.addItem(text, data)
            if value is not None and self.findData(value) < 0:
                self.addItem(str(value), value)
            self.setCurrentIndex(max(0, self.findData(value)))
        finally:
            self.blockSignals(blocked)


def with_browse(field: QLineEdit, name: str, browse: Callable[[], None]) -> QHBoxLayout:
    """A path field named ``name`` with its Browse... button beside it."""
    field.setObjectName(name)
    button = QPushButton("Browse...")
    button.clicked.connect(browse)
    row = QHBoxLayout()
    row.addWidget(field, 1)
    row.addWidget(button)
    return row


def scrolling(view: QWidget, content: QWidget) -> QScrollArea:
    """Fill ``view`` with a scroll area around ``content`` (a short bottom dock scrolls its
    view rather than squeezing it), and return the area."""
    area = QScrollArea()
    area.setWidgetResizable(True)
    area.setWidget(content)
    layout = QVBoxLayout(view)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.addWidget(area)
    return area
