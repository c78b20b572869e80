"""The Edit and Insert menus and the canvas's context menu: what they do to the selection.

Each action asks the editor for the change (one undoable step) and selects what it made.
Attached to each open design as a panel: the actions work on the design open now.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QPoint, QPointF, QRectF, Qt
from PySide6.QtWidgets import QInputDialog, QMenu, QMessageBox, QWidget

from catalogs import Catalog
from catalogs.models import Tenancy

from ..model.derive import derive, design_tenancy, other
from ..model.variants import with_variant
from .editor import Editor
from .palette import QuickInsert
from .panels import DocumentContext


def _distance(rect: QRectF, point: QPointF) -> float:
    """How far ``point`` lies outside ``rect`` (0 inside)."""
    dx = max(rect.left() - point.x(), 0.0, point.x() - rect.right())
    dy = max(rect.top() - point.y(), 0.0, point.y() - rect.bottom())
    return (dx * dx + dy * dy) ** 0.5


def _mover(editor: Editor, element_id: str, container: str) -> Callable[[], object]:
    return lambda: editor.move_to_container(element_id, container)


class EditActions(QObject):
    def __init__(self, catalog: Catalog, window: QWidget) -> None:
        super().__init__(window)  # see DockPanel
        self.catalog = catalog
        self.window = window  # the parent of dialogs and menus
        self.context: DocumentContext | None = None

    def attach(self, context: DocumentContext) -> None:
        self.context = context
        context.view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        context.view.customContextMenuRequested.connect(self.context_menu)

    def detach(self) -> None:
        if self.context is not None:
            self.context.view.customContextMenuRequested.disconnect(self.context_menu)
            self.context = None

    def _editable(self) -> DocumentContext | None:
        return self.context if self.context is not None and not self.context.read_only \
            else None

    def selected(self) -> list[str]:
        return self.context.scene.selected_ids() if self.context is not None else []

    # ------------------------------------------------------------------ Edit menu
    def cut(self) -> None:
        if self.context is not None:
            self.context.editor.cut(self.selected())

    def copy(self) -> None:
        if self.context is not None:
            self.context.editor.copy(self.selected())

    def paste(self) -> None:
        if self.context is not None:
            self.context.scene.select_ids(self.context.editor.paste())

    def duplicate(self) -> None:
        if self.context is not None:
            self.context.scene.select_ids(self.context.editor.duplicate(self.selected()))

    def delete(self) -> None:
        if self.context is not None:
            self.context.editor.delete(self.selected())

    def select_all(self) -> None:
        if self.context is not None:
            self.context.scene.select_all()  # one selection change, not one per item

    def arrange(self) -> None:
        """A place for what has none or stands on another node; manual positions kept."""
        if self.context is not None:
            self.context.editor.arrange()

    def arrange_everything(self) -> None:
        """The whole design laid out again."""
        if self.context is not None:
            self.context.editor.arrange(everything=True)
            self.context.view.fit()

    # ------------------------------------------------------------------ Insert menu
    def quick_insert(self) -> None:
        if self._editable() is None:
            return
        dialog = QuickInsert(self.catalog, self.window)
        if dialog.exec():
            choice = dialog.choice()
            if choice:
                self.insert_at_selection(*choice)

    def insert_at_selection(self, role: str, sku: str) -> str | None:
        """Insert where the user is working: into the selected zone, region or site (or the
        selected node's), else the container under the last click or the view's centre,
        else the zone nearest to it; a region with zones gives its zone nearest to that
        point. The new node takes the free slot nearest to the point."""
        context = self.context
        assert context is not None
        doc, scene, view = context.doc, context.scene, context.view
        point = view.last_click if view.last_click is not None and \
            view.viewport().rect().contains(view.mapFromScene(view.last_click)) else \
            view.mapToScene(view.viewport().rect().center())
        target = None
        for eid in self.selected():
            if doc.kind_of(eid) in ("zone", "region", "site"):
                target = eid
                break
            comp = doc.component(eid)
            if comp is not None:
                target = comp.placement.zones[0] if comp.placement.zones \
                    else comp.placement.region or comp.placement.site
                point = scene.nodes[eid].centre() if eid in scene.nodes else point
                break
        if target is None:
            box = scene.container_at(point)
            target = box.element_id if box else None
        target = self._zone_for(target, point)
        near = point if target in scene.containers and \
            scene.containers[target].rect().contains(point) else None
        cid = context.editor.add_component(role, sku, target, near)
        if cid:
            scene.select_ids([cid])
        return cid

    def _zone_for(self, target: str | None, point: QPointF) -> str | None:
        """The zone to insert into: ``target`` when it is a zone or a site, else the zone
        nearest to ``point`` (in ``target``'s region when it is one that has zones)."""
        assert self.context is not None
        doc, scene = self.context.doc, self.context.scene
        if target is not None and doc.kind_of(target) in ("zone", "site"):
            return target
        regions = [r for r in doc.design.placement.regions if r.id == target and r.zones] \
            or doc.design.placement.regions
        zones = [z.id for r in regions for z in r.zones if z.id in scene.containers]
        if not zones:
            return target
        return min(zones, key=lambda z: _distance(scene.containers[z].rect(), point))

    def insert_region(self) -> str | None:
        if self.context is None:
            return None
        names = [f"{r.id}  -  {r.name}" for r in self.catalog.regions.values()]
        choice, ok = QInputDialog.getItem(self.window, "Add region", "Catalog region:", names,
                                          0, False)
        if not ok:
            return None
        rid = self.context.editor.add_region(choice.split()[0])
        if rid:
            self.context.scene.select_ids([rid])
            self.context.view.fit()
        return rid

    def insert_site(self) -> str | None:
        if self.context is None:
            return None
        sid = self.context.editor.add_site()
        if sid:
            self.context.scene.select_ids([sid])
        return sid

    # ------------------------------------------------------------------ Design menu
    def counterpart(self) -> Tenancy:
        """The tenancy the open design's counterpart is in (the other one)."""
        if self.context is None:
            return "shared"
        return other(design_tenancy(self.context.doc.design, self.catalog))

    def derive_counterpart(self) -> bool:
        """The counterpart in the other tenancy as a variant of the open design (added, or
        replacing the variant of that name): one undoable step; the mapping report, what
        could not be mapped included, in a dialog."""
        context = self._editable()
        if context is None:
            return False
        target = self.counterpart()
        title = f"Derive {target} counterpart"
        result = derive(context.doc.design, self.catalog, target)
        lines = result.lines()
        if not result.variant.changes:
            self._report(title, "\n".join([f"Nothing to map to {target}: the design has no "
                                           "component the catalog can replace.", *lines[1:]]))
            return False
        variants = with_variant(context.doc.design, result.variant)
        refusal = context.editor.section_refusal("variants", variants)
        if refusal is not None:
            self._report(title, f"The variant was not added: {refusal}")
            return False
        context.editor.set_section("variants", variants, title)
        self._report(title, "\n".join(lines))
        return True

    def _report(self, title: str, text: str) -> None:
        box = QMessageBox(QMessageBox.Icon.Information, title, text,
                          QMessageBox.StandardButton.Ok, self.window)
        box.setTextFormat(Qt.TextFormat.PlainText)  # names and figures as written
        box.exec()

    # ------------------------------------------------------------------ context menu
    def context_menu(self, pos: QPoint) -> None:
        context = self.context
        if context is None:
            return
        scene, view, editor = context.scene, context.view, context.editor
        node = scene.node_at(view.mapToScene(pos))
        if node is not None and not node.isSelected():
            scene.select_ids([node.element_id])
        menu = QMenu(self.window)
        ids = self.selected()
        if ids and not context.read_only:
            menu.addAction("Delete", self.delete)
            menu.addAction("Duplicate", self.duplicate)
            menu.addAction("Copy", self.copy)
            comp = context.doc.component(ids[0])
            if comp is not None and not comp.placement.site:
                move = menu.addMenu("Move to")
                for region in context.doc.design.placement.regions:
                    for zone in region.zones:
                        move.addAction(f"{region.id} / {zone.id}",
                                       _mover(editor, comp.id, zone.id))
                    move.addAction(f"{region.id} (regional)", _mover(editor, comp.id, region.id))
        if not context.read_only:
            menu.addAction("Paste", self.paste)
            menu.addAction("Arrange automatically", self.arrange)
            menu.addAction("Arrange everything", self.arrange_everything)
        menu.addAction("Fit to window", view.fit)
        menu.exec(view.mapToGlobal(pos))

    # ------------------------------------------------------------------ Insert > Pattern
    def insert_pattern(self, pattern_id: str) -> list[str]:
        """Insert a pattern (Insert > Pattern, the palette's patterns) into the selected zone,
        region or site, or the region of the selected node; else the region under the view's
        centre; else the design's first region that fits. One undoable step; what it made is
        selected."""
        context = self._editable()
        if context is None:
            return []
        scene, view = context.scene, context.view
        ids = self.selected()
        target = ids[0] if ids else None
        if target is None:
            box = scene.container_at(view.mapToScene(view.viewport().rect().center()))
            target = box.element_id if box else None
        created = context.editor.insert_pattern(pattern_id, target)
        if created:
            scene.select_ids(created)
        return created
