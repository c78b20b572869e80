"""Small widgets the forms share: a drop-down the wheel leaves alone, a line that shows the
start of a long value, a date picker (ISO yyyy-MM-dd, calendar popup, an explicit "no date")
and check boxes of choices to tick."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QDate, QEvent, Qt, Signal
from PySide6.QtGui import QFocusEvent, QKeyEvent, QKeySequence, QWheelEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QTableWidget,
    QVBoxLayout,
    QWidget,
)

from .. import clock

ISO_DATE = "yyyy-MM-dd"  # what the design file holds, whatever the desktop's locale
NO_DATE = "no date"


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


def set_text(line: QLineEdit, text: str) -> None:
    """Show ``text`` from its beginning (a long value is not to show its end); a line that
    already holds it is left alone, with the cursor where the user left it."""
    if line.text() != text:
        line.setText(text)
        line.setCursorPosition(0)


class Line(QLineEdit):
    """A line edit that shows the beginning of its value again once the user leaves it.

    Once what was typed is committed (Return, or leaving the line), Ctrl+Z and Ctrl+Y are the
    window's Undo and Redo, as everywhere else: the line's own undo would show the old text
    while the design kept the new one."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.editingFinished.connect(lambda: self.setModified(False))

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ShortcutOverride and not self.isModified() and \
                isinstance(event, QKeyEvent) and (event.matches(QKeySequence.StandardKey.Undo)
                                                  or event.matches(QKeySequence.StandardKey.Redo)):
            event.ignore()  # the window's shortcut takes the key
            return True
        return super().event(event)

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        self.setCursorPosition(0)


class DateField(QWidget):
    """A date typed as yyyy-MM-dd or picked from a calendar. An optional date has a "dated"
    box: unticked, the field reads "no date" and the value is None; ticking it offers today.
    ``edited`` is emitted when the user changes the value (never by :meth:`set_value`)."""

    edited = Signal()

    def __init__(self, optional: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.optional = optional
        # children from the start: a parentless box made visible is a window of its own
        # (it flashed on screen and took the window's activation, and with it its shortcuts)
        self.dated = QCheckBox(self)  # unticked, the date beside it reads "no date"
        self.dated.setToolTip("dated: untick for no date")
        self.dated.setHidden(not optional)
        self.dated.toggled.connect(self._toggled)
        self.date = QDateEdit(self)
        self.date.setObjectName("date")
        self.date.setDisplayFormat(ISO_DATE)
        self.date.setCalendarPopup(True)
        self.date.setSpecialValueText(NO_DATE)  # shown at the minimum date: no date
        self.date.setMinimumDate(QDate(1752, 9, 14))
        self.date.editingFinished.connect(self._date_edited)
        self.date.calendarWidget().clicked.connect(lambda _=None: self._date_edited())
        self._shown: dt.date | None = None
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.dated)
        row.addWidget(self.date, 1)

    def value(self) -> dt.date | None:
        if self.optional and not self.dated.isChecked():
            return None
        if self.date.date() == self.date.minimumDate():  # "no date" shown
            return None if self.optional else self._shown
        shown: dt.date = self.date.date().toPython()  # type: ignore[assignment]
        return shown

    def set_value(self, value: dt.date | None) -> None:
        """Show ``value`` without emitting ``edited``."""
        self._shown = value
        for widget in (self.dated, self.date):
            widget.blockSignals(True)
        try:
            self.dated.setChecked(value is not None)
            self.date.setDate(QDate(value.year, value.month, value.day) if value is not None
                              else self.date.minimumDate())
            # (a disabled field, read-only, keeps its children disabled whatever they say)
            self.date.setEnabled(value is not None or not self.optional)
        finally:
            for widget in (self.dated, self.date):
                widget.blockSignals(False)

    def _toggled(self, checked: bool) -> None:
        if checked:
            today = clock.today()
            self.date.blockSignals(True)
            self.date.setDate(QDate(today.year, today.month, today.day))
            self.date.blockSignals(False)
        else:
            self.date.blockSignals(True)
            self.date.setDate(self.date.minimumDate())
            self.date.blockSignals(False)
        self.date.setEnabled(checked)
        self.edited.emit()

    def _date_edited(self) -> None:
        if self.value() != self._shown:
            self.edited.emit()


class CheckList(QWidget):
    """Choices to tick, one check box each (the zones a component runs in): ``toggled`` is
    emitted when the user ticks or unticks one. What is ticked keeps the order it had, new
    ticks follow in the order offered, so that looking without changing changes nothing."""

    toggled = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.boxes: dict[str, QCheckBox] = {}
        self._ticked: list[str] = []
        self.none = QLabel("(none to choose from)")
        self.none.setEnabled(False)
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.setSpacing(2)
        self._layout.addWidget(self.none)

    def set_choices(self, offered: Sequence[str], ticked: Sequence[str]) -> None:
        """Offer ``offered`` (and any ticked value not among them) without emitting."""
        self._ticked = list(ticked)
        texts = list(offered) + [t for t in ticked if t not in offered]
        if list(self.boxes) != texts:
            for box in self.boxes.values():
                self._layout.removeWidget(box)
                box.deleteLater()
            self.boxes = {}
            for text in texts:
                box = QCheckBox(text)
                box.setObjectName(f"tick-{text}")
                box.toggled.connect(lambda _=None: self.toggled.emit())
                self._layout.addWidget(box)
                self.boxes[text] = box
        self.none.setVisible(not texts)
        for text, box in self.boxes.items():
            blocked = box.blockSignals(True)
            box.setChecked(text in ticked)
            box.blockSignals(blocked)

    def ticked(self) -> list[str]:
        now = [text for text, box in self.boxes.items() if box.isChecked()]
        return [t for t in self._ticked if t in now] + [t for t in now if t not in self._ticked]


def cell_text(table: QTableWidget, row: int, column: int) -> str:
    """What a cell of the table holds, without surrounding blanks ("" for no cell)."""
    item = table.item(row, column)
    return item.text().strip() if item is not None else ""


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
