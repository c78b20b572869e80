"""The Outline dock: every element of the design in a tree, with a search box.

Regions hold their zones, zones and sites hold the components placed in them, and the links
follow. Typing filters by name, id, role or SKU (every word must match); choosing an entry
selects the element on the canvas and centres the view on it, and selecting on the canvas
shows the entry. The tree follows every edit but a move (a rename, an add, a removal).
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDockWidget,
    QLineEdit,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ..model.design import Component, Design, Link
from ..model.document import Change, ChangeKind
from .panels import DockPanel, DocumentContext

ID_ROLE = Qt.ItemDataRole.UserRole
TEXT_ROLE = Qt.ItemDataRole.UserRole + 1  # what the search matches, lower case
ENDS_ROLE = Qt.ItemDataRole.UserRole + 2  # a link's ends: where the view goes


def _label(name: str | None, eid: str) -> str:
    return f"{name}  ({eid})" if name and name != eid else eid


def _children(item: QTreeWidgetItem) -> list[QTreeWidgetItem]:
    return [c for c in (item.child(i) for i in range(item.childCount())) if c is not None]


class SearchBox(QLineEdit):
    """Down moves into the list; Return chooses the first match."""

    down = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Down:
            self.down.emit()
            event.accept()
            return
        super().keyPressEvent(event)


class OutlineView(QWidget):
    """The tree and its search box. ``chosen`` carries the element id and the ids to centre
    the view on."""

    chosen = Signal(str, list)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.search = SearchBox()
        self.search.setObjectName("outline-search")
        self.search.setPlaceholderText("Find by name, id, role or SKU...")
        self.search.setClearButtonEnabled(True)
        self.tree = QTreeWidget()
        self.tree.setObjectName("outline-tree")
        self.tree.setHeaderHidden(True)
        self.tree.setUniformRowHeights(True)
        self.tree.setIndentation(12)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(2, 2, 2, 2)
        layout.addWidget(self.search)
        layout.addWidget(self.tree)
        self.items: dict[str, QTreeWidgetItem] = {}
        self._quiet = False  # showing the canvas's selection, not a choice
        self._filtered = False  # some entries hidden by a search
        # the links of a folded Links group, entered when it is unfolded, searched or one
        # of them selected (18,800 entries of a 10,000-component design: 0.2 s at each open)
        self._unbuilt: list[Link] = []
        self.tree.itemExpanded.connect(self._expanded)
        self.search.textChanged.connect(self.filter)
        self.search.returnPressed.connect(self.choose_first)
        self.search.down.connect(self._into_tree)
        self.tree.currentItemChanged.connect(lambda item, _: self._choose(item))
        self.tree.itemClicked.connect(lambda item, _: self._choose(item))

    # ------------------------------------------------------------------ the tree
    def show_design(self, design: Design) -> None:
        """Build the tree of ``design``, keeping what was folded, the search and the entry."""
        # the links folded at first: 118 of them would push the components out of sight
        folded = {eid for eid, item in self.items.items()
                  if item.childCount() and not item.isExpanded()} if self.items \
            else {"group:links"}
        if self._unbuilt:
            folded.add("group:links")
        current = self.current_id()
        scrolled = self.tree.verticalScrollBar().value()  # an edit does not move the list
        self._quiet = True
        self.tree.clear()
        self._filtered = False  # a new tree: nothing hidden
        self.items = {}
        placed: dict[str, list[Component]] = {}
        for c in design.components:
            where = c.placement.site or (c.placement.zones[0] if c.placement.zones else None) \
                or c.placement.region or ""
            placed.setdefault(where, []).append(c)

        regions = self._group("Regions", "group:regions")
        for region in design.placement.regions:
            r = self._entry(regions, region.id, _label(region.name, region.id),
                            f"region {region.catalog_region}")
            for zone in region.zones:
                z = self._entry(r, zone.id, _label(zone.name, zone.id), "zone")
                self._components(z, placed.pop(zone.id, []))
            self._components(r, placed.pop(region.id, []))
        sites = self._group("Sites", "group:sites")
        for site in design.placement.sites:
            s = self._entry(sites, site.id, _label(site.name, site.id), f"site {site.kind}")
            self._components(s, placed.pop(site.id, []))
        leftover = [c for members in placed.values() for c in members]
        if leftover:
            self._components(self._group("Not placed", "group:unplaced"), leftover)
        links = self._group("Links", "group:links")
        self._unbuilt = []
        if "group:links" in folded and design.links:
            self._unbuilt = list(design.links)
            links.setChildIndicatorPolicy(QTreeWidgetItem.ChildIndicatorPolicy.ShowIndicator)
        else:
            self._link_entries(links, design.links)
        for eid, item in self.items.items():
            item.setExpanded(eid not in folded)
        self.filter(self.search.text())
        self.tree.verticalScrollBar().setValue(scrolled)
        self.show_selected([current] if current else [])
        self._quiet = False

    def _link_entries(self, group: QTreeWidgetItem, links: list[Link]) -> None:
        for link in links:
            item = self._entry(group, link.id,
                               f"{link.from_} \u2192 {link.to}  {link.kind}"
                               + (f"  ({link.name})" if link.name else ""),
                               f"link {link.kind} {link.name or ''}")
            item.setData(0, ENDS_ROLE, [link.from_, link.to])

    def _build_links(self) -> None:
        """Enter the links not entered yet (see ``_unbuilt``)."""
        links, self._unbuilt = self._unbuilt, []
        if links:
            group = self.items["group:links"]
            group.setChildIndicatorPolicy(
                QTreeWidgetItem.ChildIndicatorPolicy.DontShowIndicatorWhenChildless)
            self._link_entries(group, links)

    def _expanded(self, item: QTreeWidgetItem) -> None:
        if item is self.items.get("group:links"):
            self._build_links()

    def _group(self, title: str, key: str) -> QTreeWidgetItem:
        item = QTreeWidgetItem(self.tree, [title])
        item.setFlags(Qt.ItemFlag.ItemIsEnabled)
        font = item.font(0)
        font.setBold(True)
        item.setFont(0, font)
        item.setData(0, TEXT_ROLE, "")
        self.items[key] = item
        return item

    def _entry(self, parent: QTreeWidgetItem, eid: str, text: str,
               about: str) -> QTreeWidgetItem:
        item = QTreeWidgetItem(parent, [text])
        item.setData(0, ID_ROLE, eid)
        item.setData(0, TEXT_ROLE, f"{text} {eid} {about}".lower())
        item.setToolTip(0, f"{text}\n{about}")
        self.items[eid] = item
        return item

    def _components(self, parent: QTreeWidgetItem, members: list[Component]) -> None:
        for c in sorted(members, key=lambda c: (c.name or c.id).lower()):
            count = f" \u00d7{c.count}" if c.count > 1 else ""
            self._entry(parent, c.id, _label(c.name, c.id) + count, f"{c.role} {c.sku}")

    # ------------------------------------------------------------------ search
    def filter(self, text: str) -> None:
        words = text.lower().split()
        if words:
            self._build_links()
        if not words and not self._filtered:
            return  # every entry shown already (a new tree of 29,000 entries: 0.1 s)
        self._filtered = bool(words)

        def visit(item: QTreeWidgetItem) -> bool:
            own = bool(words) and all(w in item.data(0, TEXT_ROLE) for w in words)
            below = [visit(child) for child in _children(item)]
            shown = not words or own or any(below)
            item.setHidden(not shown)
            if words and any(below):
                item.setExpanded(True)
            return shown

        for top in _children(self.tree.invisibleRootItem()):
            visit(top)

    def matches(self) -> list[str]:
        """The ids shown under the current search, in tree order."""
        found: list[str] = []

        def visit(item: QTreeWidgetItem) -> None:
            eid = item.data(0, ID_ROLE)
            if eid and not item.isHidden() and self._own_match(item):
                found.append(eid)
            for child in _children(item):
                visit(child)

        for top in _children(self.tree.invisibleRootItem()):
            visit(top)
        return found

    def _own_match(self, item: QTreeWidgetItem) -> bool:
        words = self.search.text().lower().split()
        return all(w in item.data(0, TEXT_ROLE) for w in words)

    def choose_first(self) -> None:
        found = self.matches()
        if found:
            self.tree.setCurrentItem(self.items[found[0]])
            self._choose(self.items[found[0]])

    def _into_tree(self) -> None:
        found = self.matches()
        if found:
            self.tree.setCurrentItem(self.items[found[0]])
        self.tree.setFocus(Qt.FocusReason.OtherFocusReason)

    def focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    # ------------------------------------------------------------------ selection
    def current_id(self) -> str | None:
        item = self.tree.currentItem()
        return item.data(0, ID_ROLE) if item is not None else None

    def _choose(self, item: QTreeWidgetItem | None) -> None:
        if self._quiet or item is None or not item.data(0, ID_ROLE):
            return
        eid = item.data(0, ID_ROLE)
        self.chosen.emit(eid, list(item.data(0, ENDS_ROLE) or [eid]))

    def show_selected(self, ids: list[str]) -> None:
        """Mark the canvas's selection (one element) without choosing it again."""
        if len(ids) == 1 and ids[0] not in self.items:
            self._build_links()  # a link, perhaps
        item = self.items.get(ids[0]) if len(ids) == 1 else None
        self._quiet, was = True, self._quiet
        try:
            if item is None:
                self.tree.setCurrentIndex(QModelIndex())
                self.tree.clearSelection()
            elif item is not self.tree.currentItem():
                self.tree.setCurrentItem(item)
                self.tree.scrollToItem(item)
        finally:
            self._quiet = was


class OutlineDock(DockPanel):
    """The Outline in its dock, following the open design."""

    def __init__(self, dock: QDockWidget, outline: OutlineView) -> None:
        super().__init__(dock)
        self.outline = outline
        outline.chosen.connect(self.show_element)
        self._rebuild = QTimer(self)  # a paste of 20 elements rebuilds the tree once
        self._rebuild.setSingleShot(True)
        self._rebuild.setInterval(0)
        self._rebuild.timeout.connect(self.refresh)

    def attach(self, context: DocumentContext) -> None:
        self.context = context
        context.doc.subscribe(self._changed)
        context.scene.selectionChanged.connect(self._selection_changed)
        self.refresh()

    def detach(self) -> None:
        if self.context is not None:
            self.context.doc.unsubscribe(self._changed)
            self.context.scene.selectionChanged.disconnect(self._selection_changed)
            self.context = None
        self._rebuild.stop()

    def refresh(self) -> None:
        if self.context is not None:
            self.outline.show_design(self.context.doc.design)
            self._selection_changed()

    def _changed(self, change: Change) -> None:
        if change.kind != ChangeKind.LAYOUT:
            self._rebuild.start()

    def _selection_changed(self) -> None:
        if self.context is not None:
            self.outline.show_selected(self.context.scene.selected_ids())

    def show_element(self, eid: str, around: list[str]) -> None:
        if self.context is None:
            return
        self.context.scene.select_ids([eid])
        self.context.view.centre_on_ids(around)

    def find(self) -> None:
        """Edit > Find element: the Outline in front with its search box focused."""
        self.dock.show()
        self.dock.raise_()
        self.outline.focus_search()
