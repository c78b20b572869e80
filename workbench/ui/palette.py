"""The palette: the patterns on top, then catalog items by role and provider, searchable,
dragged onto a zone; and the quick-insert popup that places one by typing its name."""

from __future__ import annotations

from PySide6.QtCore import QMimeData, Qt, Signal
from PySide6.QtGui import QDrag, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from catalogs import Catalog

from ..analysis.patterns import PATTERNS
from .style import tooltip
from .view import PATTERN_MIME, SKU_MIME

ROLE_ROLE = Qt.ItemDataRole.UserRole
SKU_ROLE = Qt.ItemDataRole.UserRole + 1
PATTERN_ROLE = Qt.ItemDataRole.UserRole + 2


def entries(catalog: Catalog) -> list[tuple[str, str, str]]:
    """(role, sku, label) for every SKU offered for every role."""
    out = []
    for role in catalog.roles.values():
        for sku in catalog.skus_for_role(role.id):
            tag = "dedicated" if sku.tenancy == "dedicated" else "shared"
            out.append((role.id, sku.id, f"{role.name} - {sku.name} ({sku.provider}, {tag})"))
    return out


def _children(item: QTreeWidgetItem) -> list[QTreeWidgetItem]:
    children = (item.child(i) for i in range(item.childCount()))
    return [child for child in children if child is not None]


class _Tree(QTreeWidget):
    def startDrag(self, actions: Qt.DropAction) -> None:
        item = self.currentItem()
        if item is None or item.data(0, SKU_ROLE) is None:
            return
        data = QMimeData()
        data.setData(SKU_MIME, f"{item.data(0, ROLE_ROLE)}\n{item.data(0, SKU_ROLE)}".encode())
        drag = QDrag(self)
        drag.setMimeData(data)
        drag.exec(Qt.DropAction.CopyAction)


class _Patterns(QListWidget):
    @staticmethod
    def drag_data(item: QListWidgetItem) -> QMimeData:
        """What a pattern dragged onto the canvas carries (the view's drop reads it)."""
        data = QMimeData()
        data.setData(PATTERN_MIME, str(item.data(PATTERN_ROLE)).encode())
        return data

    def startDrag(self, actions: Qt.DropAction) -> None:
        item = self.currentItem()
        if item is None:
            return
        drag = QDrag(self)
        drag.setMimeData(self.drag_data(item))
        drag.exec(Qt.DropAction.CopyAction)


class Palette(QWidget):
    """The patterns, then role -> provider -> SKU; the search box filters all of them."""

    activated = Signal(str, str)  # role, sku (double-click: insert at the selected zone)
    patternActivated = Signal(str)  # pattern id (double-click or Enter: insert it)

    def __init__(self, catalog: Catalog, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.catalog = catalog
        self.search = QLineEdit(placeholderText="Search roles and SKUs...")
        self.search.setClearButtonEnabled(True)
        self.tree = _Tree()
        self.tree.setHeaderHidden(True)
        self.tree.setDragEnabled(True)
        self.tree.setDragDropMode(QTreeWidget.DragDropMode.DragOnly)
        self.patterns = _Patterns()
        self.patterns.setDragEnabled(True)
        self.patterns.setDragDropMode(QAbstractItemView.DragDropMode.DragOnly)
        for pattern in PATTERNS:
            item = QListWidgetItem(pattern.name)
            item.setData(PATTERN_ROLE, pattern.id)
            item.setToolTip(tooltip(pattern.summary))
            self.patterns.addItem(item)
        rows = self.patterns.sizeHintForRow(0) * self.patterns.count()
        self.patterns.setFixedHeight(rows + 2 * self.patterns.frameWidth() + 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.search)
        self.patterns.setToolTip("Double-click (or Enter) inserts the pattern into the "
                                 "selected zone or region")
        layout.addWidget(QLabel("Patterns"))
        layout.addWidget(self.patterns)
        layout.addWidget(QLabel("Components"))
        layout.addWidget(self.tree)
        self._populate()
        self.search.textChanged.connect(self.filter)
        self.tree.itemDoubleClicked.connect(self._double_clicked)
        self.patterns.itemActivated.connect(self._pattern_activated)

    def _populate(self) -> None:
        self.tree.clear()
        for role_id in sorted(self.catalog.roles, key=lambda r: self.catalog.roles[r].name):
            role = self.catalog.roles[role_id]
            top = QTreeWidgetItem([f"{role.name}"])
            top.setToolTip(0, tooltip(role.description))
            providers: dict[str, QTreeWidgetItem] = {}
            for sku in self.catalog.skus_for_role(role_id):
                parent = providers.get(sku.provider)
                if parent is None:
                    parent = providers[sku.provider] = QTreeWidgetItem(top, [sku.provider])
                tag = "dedicated" if sku.tenancy == "dedicated" else "shared"
                leaf = QTreeWidgetItem(parent, [f"{sku.name}  [{tag}]"])
                leaf.setData(0, ROLE_ROLE, role_id)
                leaf.setData(0, SKU_ROLE, sku.id)
                leaf.setToolTip(0, tooltip(f"{sku.id}\n{role.name}"))
            self.tree.addTopLevelItem(top)

    def roles(self) -> list[QTreeWidgetItem]:
        """The tree's top level: one item a role."""
        items = (self.tree.topLevelItem(i) for i in range(self.tree.topLevelItemCount()))
        return [item for item in items if item is not None]

    def pattern_items(self) -> list[QListWidgetItem]:
        items = (self.patterns.item(i) for i in range(self.patterns.count()))
        return [item for item in items if item is not None]

    def _pattern_activated(self, item: QListWidgetItem) -> None:
        self.patternActivated.emit(item.data(PATTERN_ROLE))

    def filter(self, text: str) -> None:
        needle = text.strip().lower()
        for item in self.pattern_items():
            item.setHidden(bool(needle) and needle not in
                           f"{item.text()} {item.toolTip()}".lower())
        for top in self.roles():
            role_match = needle in top.text(0).lower()
            any_visible = False
            for prov in _children(top):
                prov_visible = False
                for leaf in _children(prov):
                    hay = f"{top.text(0)} {prov.text(0)} {leaf.text(0)} {leaf.data(0, SKU_ROLE)}"
                    visible = not needle or role_match or needle in hay.lower()
                    leaf.setHidden(not visible)
                    prov_visible |= visible
                prov.setHidden(not prov_visible)
                any_visible |= prov_visible
            top.setHidden(not any_visible)
            top.setExpanded(bool(needle) and any_visible)

    def leaves(self) -> list[QTreeWidgetItem]:
        return [leaf for top in self.roles() for prov in _children(top)
                for leaf in _children(prov)]

    def _double_clicked(self, item: QTreeWidgetItem) -> None:
        if item.data(0, SKU_ROLE) is not None:
            self.activated.emit(item.data(0, ROLE_ROLE), item.data(0, SKU_ROLE))


class QuickInsert(QDialog):
    """Ctrl+K: type part of a role or SKU name, Enter inserts it."""

    def __init__(self, catalog: Catalog, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Quick insert")
        self.setModal(True)
        self.resize(520, 360)
        self.query = QLineEdit(placeholderText="Type a role or SKU, e.g. 'ecp e64' or 's448'")
        self.list = QListWidget()
        layout = QVBoxLayout(self)
        layout.addWidget(self.query)
        layout.addWidget(self.list)
        self._entries = entries(catalog)
        for role, sku, label in self._entries:
            item = QListWidgetItem(label)
            item.setData(ROLE_ROLE, role)
            item.setData(SKU_ROLE, sku)
            self.list.addItem(item)
        self.query.textChanged.connect(self._filter)
        self.query.returnPressed.connect(self.accept)
        self.list.itemActivated.connect(lambda _: self.accept())
        self._filter("")

    def _filter(self, text: str) -> None:
        words = text.lower().split()
        first = None
        for i in range(self.list.count()):
            item = self.list.item(i)
            hay = f"{item.text()} {item.data(SKU_ROLE)} {item.data(ROLE_ROLE)}".lower()
            visible = all(w in hay for w in words)
            item.setHidden(not visible)
            if visible and first is None:
                first = item
        if first is not None:
            self.list.setCurrentItem(first)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Down, Qt.Key.Key_Up):
            self.list.keyPressEvent(event)
            return
        super().keyPressEvent(event)

    def choice(self) -> tuple[str, str] | None:
        item = self.list.currentItem()
        if item is None or item.isHidden():
            return None
        return item.data(ROLE_ROLE), item.data(SKU_ROLE)
