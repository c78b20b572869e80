"""The Inspector's pickers for a region's zones: a table of the zones (id, name, and the
provider's zone chosen from the catalog region's zones) with Add zone and Remove zone, in
place of YAML text. What it reads back is plain data the form validates as the model."""

from __future__ import annotations

from collections.abc import Callable, Sequence
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

from ..model.design import Zone
from .widgets import Combo, cell_text

ID, NAME, CATALOG = range(3)  # the columns
NO_ZONE = "(none)"


class ZonesTable(QWidget):
    """A region's zones as rows; ``edited`` is emitted when the user adds, removes, renames
    or otherwise changes one (never by :meth:`set_zones`)."""

    edited = Signal()

    def __init__(self, new_id: Callable[[list[str]], str], parent: QWidget | None = None) \
            -> None:
        super().__init__(parent)
        self.new_id = new_id  # a free zone id, given those taken
        self.offered: list[str] = []
        self.table = QTableWidget(0, 3)
        self.table.setObjectName("zones-table")
        self.table.setHorizontalHeaderLabels(["id", "name", "catalog zone"])
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(ID, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(NAME, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(CATALOG, QHeaderView.ResizeMode.ResizeToContents)
        self.table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.table.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.table.setWordWrap(False)  # one line a zone; the whole name is its tool tip
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        edit = QAbstractItemView.EditTrigger
        self.table.setEditTriggers(edit.DoubleClicked | edit.EditKeyPressed
                                   | edit.AnyKeyPressed)
        self.table.itemChanged.connect(lambda _=None: self.edited.emit())
        self.add = QPushButton("Add zone")
        self.add.setObjectName("add-zone")
        self.add.clicked.connect(lambda _=None: self._add())
        self.remove = QPushButton("Remove zone")
        self.remove.setObjectName("remove-zone")
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
    def set_zones(self, zones: Sequence[Zone], offered: Sequence[str]) -> None:
        """Show ``zones`` in the rows there are (added or removed at the end), offering the
        catalog region's ``offered`` zones, without emitting."""
        self.offered = list(offered)
        blocked = self.table.blockSignals(True)
        try:
            while self.table.rowCount() > len(zones):
                self.table.removeRow(self.table.rowCount() - 1)
            for r, zone in enumerate(zones):
                if r == self.table.rowCount():
                    self._new_row()
                for col, text in ((ID, zone.id), (NAME, zone.name or "")):
                    item = self.table.item(r, col)
                    if item is not None and item.text() != text:
                        item.setText(text)
                        item.setToolTip(text)
                self._combo(r).set_items(self._choices(), zone.catalog_zone)
        finally:
            self.table.blockSignals(blocked)
        self._fit()

    def _choices(self) -> list[tuple[str, Any]]:
        return [(NO_ZONE, None), *((z, z) for z in self.offered)]

    def _new_row(self) -> None:
        r = self.table.rowCount()
        self.table.insertRow(r)
        for col in (ID, NAME):
            self.table.setItem(r, col, QTableWidgetItem())
        combo = Combo()
        combo.setMinimumContentsLength(3)
        combo.activated.connect(lambda _=None: self.edited.emit())
        self.table.setCellWidget(r, CATALOG, combo)

    def _combo(self, row: int) -> Combo:
        combo = self.table.cellWidget(row, CATALOG)
        assert isinstance(combo, Combo)
        return combo

    def _fit(self) -> None:
        """As tall as its rows (the form scrolls, not the table)."""
        rows = max(self.table.rowCount(), 1)
        height = self.table.horizontalHeader().sizeHint().height() + \
            rows * self.table.verticalHeader().defaultSectionSize() + 2 * self.table.frameWidth()
        self.table.setFixedHeight(height + 2)

    # ---- reading ---------------------------------------------------------------------------
    def zones(self) -> list[dict[str, Any]]:
        """The rows as zone data (blank names are no name)."""
        return [{"id": cell_text(self.table, r, ID),
                 "name": cell_text(self.table, r, NAME) or None,
                 "catalog_zone": self._combo(r).currentData()}
                for r in range(self.table.rowCount())]

    # ---- adding and removing ---------------------------------------------------------------
    def _add(self) -> None:
        taken = [z["id"] for z in self.zones()]
        used = {z["catalog_zone"] for z in self.zones()}
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


def free_zone_id(region_id: str, taken: Sequence[str]) -> str:
    """``<region>-z<n>`` with the first n not taken."""
    n = 1
    while f"{region_id}-z{n}" in taken:
        n += 1
    return f"{region_id}-z{n}"


__all__ = ["ZonesTable", "free_zone_id"]
