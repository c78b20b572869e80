"""The Inspector's tables of a region's zones and proximity groups, in place of YAML text: a
row each (id, name, and a choice: the provider's zone among the catalog region's zones, or the
zone a proximity group is in), with Add and Remove buttons. What a table reads back is plain
data the form validates as the model."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QSizePolicy,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ..model.design import Component, Design, Position, Region
from .widgets import Combo, cell_text

ID, NAME, CHOICE = range(3)  # the columns
NONE = "(none)"


class RowsTable(QWidget):
    """Named things of a region as rows (its zones, or its proximity groups): id, name and
    ``key`` chosen from what :meth:`set_rows` offers. ``edited`` is emitted when the user adds,
    removes, renames or otherwise changes one (never by :meth:`set_rows`)."""

    edited = Signal()

    def __init__(self, noun: str, key: str, new_id: Callable[[list[str]], str],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.key = key  # the model's field the third column chooses
        self.new_id = new_id  # a free id, given those taken
        self.offered: list[str] = []
        self.table = QTableWidget(0, 3)
        self.table.setObjectName(f"{noun}-table".replace(" ", "-"))
        self.table.setHorizontalHeaderLabels(["id", "name", key.replace("_", " ")])
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(ID, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(NAME, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(CHOICE, QHeaderView.ResizeMode.ResizeToContents)
        self.table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.table.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.table.setWordWrap(False)  # one line a row; the whole name is its tool tip
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        edit = QAbstractItemView.EditTrigger
        self.table.setEditTriggers(edit.DoubleClicked | edit.EditKeyPressed
                                   | edit.AnyKeyPressed)
        self.table.itemChanged.connect(lambda _=None: self.edited.emit())
        self.add = QPushButton(f"Add {noun}")
        self.add.setObjectName(f"add-{noun}".replace(" ", "-"))
        self.add.clicked.connect(lambda _=None: self._add())
        self.remove = QPushButton(f"Remove {noun}")
        self.remove.setObjectName(f"remove-{noun}".replace(" ", "-"))
        self.remove.clicked.connect(lambda _=None: self._remove())
        buttons = QHBoxLayout()
        buttons.addWidget(self.add)
        buttons.addWidget(self.remove)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table)
        layout.addLayout(buttons)

    # ---- showing ---------------------------------------------------------------------------
    def set_rows(self, rows: Sequence[Any], offered: Sequence[str]) -> None:
        """Show ``rows`` (models with an id, a name and ``key``) in the rows there are (added
        or removed at the end), offering ``offered`` to choose from, without emitting."""
        self.offered = list(offered)
        blocked = self.table.blockSignals(True)
        try:
            while self.table.rowCount() > len(rows):
                self.table.removeRow(self.table.rowCount() - 1)
            for r, row in enumerate(rows):
                if r == self.table.rowCount():
                    self._new_row()
                for col, text in ((ID, row.id), (NAME, row.name or "")):
                    item = self.table.item(r, col)
                    if item is not None and item.text() != text:
                        item.setText(text)
                        item.setToolTip(text)
                self._combo(r).set_items(self._choices(), getattr(row, self.key))
        finally:
            self.table.blockSignals(blocked)
        self._fit()

    def _choices(self) -> list[tuple[str, Any]]:
        return [(NONE, None), *((z, z) for z in self.offered)]

    def _new_row(self) -> None:
        r = self.table.rowCount()
        self.table.insertRow(r)
        for col in (ID, NAME):
            self.table.setItem(r, col, QTableWidgetItem())
        combo = Combo()
        combo.setMinimumContentsLength(3)
        combo.activated.connect(lambda _=None: self.edited.emit())
        self.table.setCellWidget(r, CHOICE, combo)

    def _combo(self, row: int) -> Combo:
        combo = self.table.cellWidget(row, CHOICE)
        assert isinstance(combo, Combo)
        return combo

    def _fit(self) -> None:
        """As tall as its rows (the form scrolls, not the table)."""
        rows = sum(self.table.rowHeight(r) for r in range(self.table.rowCount())) or \
            self.table.verticalHeader().defaultSectionSize()  # an empty table: one blank row
        self.table.setFixedHeight(self.table.horizontalHeader().sizeHint().height() + rows
                                  + 2 * self.table.frameWidth())

    # ---- reading ---------------------------------------------------------------------------
    def rows(self) -> list[dict[str, Any]]:
        """The rows as data (blank names are no name)."""
        return [{"id": cell_text(self.table, r, ID),
                 "name": cell_text(self.table, r, NAME) or None,
                 self.key: self._combo(r).currentData()}
                for r in range(self.table.rowCount())]

    # ---- adding and removing ---------------------------------------------------------------
    def _add(self) -> None:
        """A row with a fresh id, choosing the first choice no row has yet."""
        taken = [row["id"] for row in self.rows()]
        used = {row[self.key] for row in self.rows()}
        free = next((z for z in self.offered if z not in used), None)
        blocked = self.table.blockSignals(True)
        try:
            self._new_row()
            r = self.table.rowCount() - 1
            item = self.table.item(r, ID)
            assert item is not None
            item.setText(self.new_id(taken))
            self._combo(r).set_items(self._choices(), free)
        finally:
            self.table.blockSignals(blocked)
        self._fit()
        self.edited.emit()

    def _remove(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        r = rows[0].row() if rows else self.table.rowCount() - 1
        if r < 0:
            return
        self.table.removeRow(r)
        self._fit()
        self.edited.emit()


def renames(old: Sequence[Any], new: Sequence[Any]) -> dict[str, str]:
    """Rows whose id was typed over: the same row, a new id that no row had (adding or
    removing a row renames nothing)."""
    if len(old) != len(new):
        return {}
    had = {row.id for row in old}
    return {a.id: b.id for a, b in zip(old, new, strict=True) if a.id != b.id and b.id not in had}


@dataclass
class Carried:
    """A region whose zones or proximity groups were renamed, with what follows them: the
    region's groups in a renamed zone, the components placed in them, their canvas places."""

    region: Region
    components: list[tuple[Component, Component]] = field(default_factory=list)  # (old, new)
    before: dict[str, Position | None] = field(default_factory=dict)
    after: dict[str, Position | None] = field(default_factory=dict)


def carry_renames(design: Design, new: Region, zones: dict[str, str],
                  groups: dict[str, str]) -> Carried:
    """What renaming ``zones`` and ``groups`` (old id -> new id) of region ``new`` changes."""
    region = new.model_copy(update={"proximity_groups": [
        g.model_copy(update={"zone": zones.get(g.zone, g.zone) if g.zone else None})
        for g in new.proximity_groups]})
    carried = Carried(region)
    for comp in design.components:
        placement = comp.placement
        if placement.region != new.id:
            continue
        moved = placement.model_copy(update={
            "zones": [zones.get(z, z) for z in placement.zones],
            "proximity_group": groups.get(placement.proximity_group or "",
                                          placement.proximity_group)})
        if moved != placement:
            carried.components.append((comp, comp.model_copy(update={"placement": moved})))
    positions = design.layout.positions
    for was, now in {**zones, **groups}.items():
        if was in positions:
            carried.before.update({was: positions[was], now: positions.get(now)})
            carried.after.update({was: None, now: positions[was]})
    return carried


def free_id(prefix: str, taken: Sequence[str]) -> str:
    """``<prefix><n>`` after the highest n taken (east-z4, east-ppg-3)."""
    numbers = [int(t[len(prefix):]) for t in taken
               if t.startswith(prefix) and t[len(prefix):].isdigit()]
    n = max(numbers, default=0) + 1
    while f"{prefix}{n}" in taken:
        n += 1
    return f"{prefix}{n}"


__all__ = ["Carried", "RowsTable", "carry_renames", "free_id", "renames"]
