"""The Inspector's Decisions tab: the design's architecture decisions as a list and a form.

The list adds, removes and chooses a decision; the form edits the chosen one: id, title,
status, context, decision, consequences, who decided and when, and the options considered,
each naming the variant it stands for (``base`` for the design itself, or one of the design's
variants). Every committed field is one undoable step through the editor; what the model or
the loader refuses is said under the field and changes nothing. What comes back from the
document (the edit itself, an undo) is written into the same widgets: the list keeps its
choice and the tab its scroll position.
"""

from __future__ import annotations

import re
import typing
from collections.abc import Callable
from typing import Any

from pydantic import ValidationError
from pydantic_core import ErrorDetails
from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFocusEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ..model.design import Decision, DecisionOption
from ..model.document import DesignDocument
from ..model.severity import COLOURS
from ..model.variants import variant_names
from .editor import Editor
from .style import tooltip
from .widgets import Combo, DateField, Line, cell_text, set_text

STATUSES: list[str] = list(typing.get_args(Decision.model_fields["status"].annotation))
BASE = "base"  # an option standing for the design itself (validators.compare's label)
NO_VARIANT = "(none)"
LABELS = {"id": "id", "title": "title", "status": "status", "context": "context",
          "decision": "decision", "consequences": "consequences", "decided_by": "decided by",
          "date": "date", "options": "options"}
NAME, SUMMARY, VARIANT = range(3)  # the options table's columns


class TextBox(QPlainTextEdit):
    """A multi-line field, committed when the focus leaves it."""

    left = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.setFixedHeight(72)
        self.setTabChangesFocus(True)

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        self.left.emit()


def next_id(decisions: list[Decision]) -> str:
    """ADR-nnn after the highest the design holds."""
    numbers = [int(m.group(1)) for d in decisions if (m := re.fullmatch(r"ADR-(\d+)", d.id))]
    taken = {d.id for d in decisions}
    n = max(numbers, default=0) + 1
    while f"ADR-{n:03d}" in taken:
        n += 1
    return f"ADR-{n:03d}"


def _message(error: ErrorDetails) -> str:
    """The model's message, with where in the field when it is inside it (an option)."""
    where = [str(p + 1) if isinstance(p, int) else str(p) for p in error["loc"][1:]]
    return f"{' '.join(where)}: {error['msg']}" if where else str(error["msg"])


def _button(text: str, slot: Callable[[], object]) -> QPushButton:
    button = QPushButton(text)
    button.clicked.connect(lambda _=None: slot())
    return button


def _row(*widgets: QWidget) -> QHBoxLayout:
    """Side by side from the left."""
    row = QHBoxLayout()
    for widget in widgets:
        row.addWidget(widget)
    row.addStretch(1)
    return row


def _quiet(widget: QWidget, write: Callable[[], None]) -> None:
    """Show a value without the widget reporting it as an edit."""
    blocked = widget.blockSignals(True)
    try:
        write()
    finally:
        widget.blockSignals(blocked)


class DecisionsEditor(QWidget):
    def __init__(self, doc: DesignDocument, editor: Editor, row: int = 0,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.doc, self.editor = doc, editor
        self.row = row  # the chosen decision's place in the list (-1: none)
        self.errors: dict[str, QLabel] = {}
        editable = not editor.read_only

        self.list = QListWidget()
        self.list.setObjectName("decisions")
        self.list.setFixedHeight(110)
        # long titles end in "..." (the whole title is the item's tool tip), never scroll
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.currentRowChanged.connect(self._chosen)
        self.add_button = _button("Add decision", self.add_decision)
        self.remove_button = _button("Remove decision", self.remove_decision)
        buttons = _row(self.add_button, self.remove_button)
        for button in (self.add_button, self.remove_button):
            button.setEnabled(editable)

        self.id = self._line("id")
        self.title = self._line("title")
        self.status = Combo()
        self.status.activated.connect(lambda _=None: self._commit("status",
                                                                  self.status.currentData()))
        self.context = self._text("context")
        self.decision = self._text("decision")
        self.consequences = self._text("consequences")
        self.decided_by = self._line("decided_by", required=False)
        date_row = DateField(optional=True)  # "dated" unticked: no date
        date_row.edited.connect(lambda: self._commit("date", date_row.value()))
        self.when, self.dated, self.date = date_row, date_row.dated, date_row.date

        self.options = QTableWidget(0, 3)
        self.options.setObjectName("options")
        self.options.setHorizontalHeaderLabels(["name", "summary", "variant"])
        self.options.verticalHeader().hide()
        header = self.options.horizontalHeader()
        header.setSectionResizeMode(NAME, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(SUMMARY, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(VARIANT, QHeaderView.ResizeMode.Interactive)
        self.options.setColumnWidth(NAME, 100)
        self.options.setColumnWidth(VARIANT, 92)
        self.options.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.options.setWordWrap(True)
        self.options.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.options.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.options.setMinimumHeight(120)
        self.options.itemChanged.connect(lambda _=None: self._commit_options())
        self.add_option = _button("Add option", self._add_option)
        self.remove_option = _button("Remove option", self._remove_option)
        option_buttons = _row(self.add_option, self.remove_option)

        self.form = QWidget()
        form = QFormLayout(self.form)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        fields: list[tuple[str, QWidget]] = [
            ("id", self.id), ("title", self.title), ("status", self.status),
            ("context", self.context), ("decision", self.decision),
            ("consequences", self.consequences), ("decided_by", self.decided_by),
            ("date", date_row)]
        for name, widget in fields:
            widget.setObjectName(name)
            form.addRow(LABELS[name], widget)
            form.addRow("", self._error_label(name))
        # the options across the whole width: three columns need it in a narrow dock
        form.addRow(QLabel(LABELS["options"]))
        form.addRow(self.options)
        form.addRow(option_buttons)
        form.addRow(self._error_label("options"))
        self.editables: list[QWidget] = [w for _, w in fields] + [
            self.add_option, self.remove_option]
        for widget in self.editables:
            widget.setEnabled(editable)
        # the options table stays usable to read (and scroll) in reviewer mode
        edit = QAbstractItemView.EditTrigger
        self.options.setEditTriggers(
            edit.DoubleClicked | edit.EditKeyPressed | edit.AnyKeyPressed if editable
            else edit.NoEditTriggers)

        layout = QVBoxLayout(self)
        layout.addWidget(self.list)
        layout.addLayout(buttons)
        layout.addWidget(self.form)
        layout.addStretch(1)
        self.refresh()

    # ---- building --------------------------------------------------------------------------
    def _line(self, name: str, required: bool = True) -> QLineEdit:
        line = Line()
        line.editingFinished.connect(lambda: self._commit(
            name, line.text().strip() if required else line.text().strip() or None))
        return line

    def _text(self, name: str) -> TextBox:
        box = TextBox()
        box.left.connect(lambda: self._commit(name, box.toPlainText()
                                              if box.toPlainText().strip() else None))
        return box

    def _error_label(self, name: str) -> QLabel:
        label = QLabel()
        label.setTextFormat(Qt.TextFormat.PlainText)  # messages quote what was typed
        label.setStyleSheet(f"color: {COLOURS['error']};")
        label.setWordWrap(True)
        label.hide()
        self.errors[name] = label
        return label

    def show_error(self, name: str, text: str | None) -> None:
        self.errors[name].setText(text or "")
        self.errors[name].setVisible(bool(text))

    # ---- showing the document ----------------------------------------------------------------
    @property
    def chosen(self) -> Decision | None:
        decisions = self.doc.design.decisions
        return decisions[self.row] if 0 <= self.row < len(decisions) else None

    def refresh(self) -> None:
        """Show the decisions as the document holds them now, in the same widgets."""
        decisions = self.doc.design.decisions
        self.row = min(max(self.row, 0), len(decisions) - 1)

        def write_list() -> None:
            while self.list.count() > len(decisions):
                self.list.takeItem(self.list.count() - 1)
            for i, d in enumerate(decisions):
                text = f"{d.id}  {d.title}"
                item = self.list.item(i)
                if item is None:
                    self.list.addItem(text)
                    item = self.list.item(i)
                if item.text() != text:
                    item.setText(text)
                item.setToolTip(tooltip(text))
            self.list.setCurrentRow(self.row)
        _quiet(self.list, write_list)
        self.remove_button.setEnabled(self.row >= 0 and not self.editor.read_only)
        self._show_fields()

    def _show_fields(self) -> None:
        d = self.chosen
        self.form.setEnabled(d is not None)
        set_text(self.id, d.id if d else "")
        set_text(self.title, d.title if d else "")
        self.status.set_items([(s, s) for s in STATUSES], d.status if d else None)
        for box, text in ((self.context, d.context if d else None),
                          (self.decision, d.decision if d else None),
                          (self.consequences, d.consequences if d else None)):
            if box.toPlainText() != (text or ""):
                box.setPlainText(text or "")
        set_text(self.decided_by, (d.decided_by if d else None) or "")
        self.when.set_value(d.date if d else None)  # ticking "dated" offers today
        self._show_options(d.options if d else [])

    def _variant_choices(self) -> list[tuple[str, Any]]:
        return [(NO_VARIANT, None), (BASE, BASE),
                *((name, name) for name in variant_names(self.doc.design))]

    def _show_options(self, options: list[DecisionOption]) -> None:
        choices = self._variant_choices()

        def write() -> None:
            while self.options.rowCount() > len(options):
                self.options.removeRow(self.options.rowCount() - 1)
            for r, option in enumerate(options):
                if r == self.options.rowCount():
                    self.options.insertRow(r)
                    for col in (NAME, SUMMARY):
                        self.options.setItem(r, col, QTableWidgetItem())
                    combo = Combo()
                    combo.setMinimumContentsLength(4)
                    combo.setEnabled(not self.editor.read_only)
                    combo.activated.connect(lambda _=None: self._commit_options())
                    self.options.setCellWidget(r, VARIANT, combo)
                for col, text in ((NAME, option.name), (SUMMARY, option.summary or "")):
                    item = self.options.item(r, col)
                    if item is not None and item.text() != text:
                        item.setText(text)
                        item.setToolTip(tooltip(text))
                self._variant_combo(r).set_items(choices, option.variant)
        _quiet(self.options, write)

    def _variant_combo(self, row: int) -> Combo:
        combo = self.options.cellWidget(row, VARIANT)
        assert isinstance(combo, Combo)
        return combo

    # ---- choosing, adding and removing -----------------------------------------------------
    def _chosen(self, row: int) -> None:
        self.row = row
        for name in self.errors:
            self.show_error(name, None)
        self.remove_button.setEnabled(row >= 0 and not self.editor.read_only)
        self._show_fields()

    def add_decision(self) -> bool:
        decisions = list(self.doc.design.decisions)
        new = Decision(id=next_id(decisions), title="New decision")
        self.row = len(decisions)
        if not self.editor.set_section("decisions", [*decisions, new],
                                       f"Add decision {new.id}"):
            return False
        self.title.setFocus(Qt.FocusReason.OtherFocusReason)
        self.title.selectAll()  # what a person types next is its title
        return True

    def remove_decision(self) -> bool:
        gone = self.chosen
        if gone is None:
            return False
        decisions = [d for n, d in enumerate(self.doc.design.decisions) if n != self.row]
        refused = self.editor.section_refusal("decisions", decisions)
        if refused:
            self.show_error("id", refused)
            return False
        self.row = min(self.row, len(decisions) - 1)
        return self.editor.set_section("decisions", decisions, f"Remove decision {gone.id}")

    # ---- committing a field ----------------------------------------------------------------
    def _commit(self, name: str, value: object) -> bool:
        """The chosen decision with ``name`` set to ``value``, as one undoable step; or why
        not, under the field."""
        old = self.chosen
        if old is None or self.editor.read_only:
            return False
        data = old.model_dump(by_alias=True)
        data[name] = value
        try:
            new = Decision.model_validate(data)
        except ValidationError as exc:
            self.show_error(name, "; ".join(_message(e) for e in exc.errors()))
            return False
        self.show_error(name, None)
        if new == old:
            return False
        decisions = list(self.doc.design.decisions)
        decisions[self.row] = new
        refused = self.editor.section_refusal("decisions", decisions)
        if refused:
            self.show_error(name, refused)
            return False
        return self.editor.set_section("decisions", decisions,
                                       f"Edit decision {new.id}: {LABELS[name]}")

    def _option_rows(self) -> list[dict[str, object]]:
        return [{"name": cell_text(self.options, r, NAME),
                 "summary": cell_text(self.options, r, SUMMARY) or None,
                 "variant": self._variant_combo(r).currentData()}
                for r in range(self.options.rowCount())]

    def _commit_options(self) -> None:
        self._commit("options", self._option_rows())

    def _add_option(self) -> None:
        self._commit("options", [*self._option_rows(), {"name": "New option"}])

    def _remove_option(self) -> None:
        r = self.options.currentRow()
        if r < 0:
            r = self.options.rowCount() - 1
        if r >= 0:
            self._commit("options", [o for n, o in enumerate(self._option_rows()) if n != r])
