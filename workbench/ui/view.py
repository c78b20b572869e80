"""The canvas view (zoom, pan, rubber band, drops from the palette) and its overview."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QPointF, QRect, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import (
    QColor,
    QDragEnterEvent,
    QDragMoveEvent,
    QDropEvent,
    QKeyEvent,
    QKeySequence,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPen,
    QPicture,
    QResizeEvent,
    QWheelEvent,
)
from PySide6.QtWidgets import QGraphicsView, QWidget

from . import style
from .items import ComponentItem
from .scene import TopologyScene

SKU_MIME = "application/x-ehrwb-sku"  # a catalog item dragged from the palette
PATTERN_MIME = "application/x-ehrwb-pattern"  # a pattern dragged onto a zone or region


class CanvasView(QGraphicsView):
    zoomChanged = Signal(float)
    viewportMoved = Signal()

    def __init__(self, scene: TopologyScene, parent: QWidget | None = None) -> None:
        super().__init__(scene, parent)
        self.setRenderHints(QPainter.RenderHint.Antialiasing
                            | QPainter.RenderHint.TextAntialiasing)
        self.setDragMode(QGraphicsView.DragMode.RubberBandDrag)
        self.setRubberBandSelectionMode(Qt.ItemSelectionMode.IntersectsItemShape)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        self.setViewportUpdateMode(QGraphicsView.ViewportUpdateMode.BoundingRectViewportUpdate)
        self.setAcceptDrops(True)
        self._panning: QPointF | None = None
        self._space = False
        self.last_click: QPointF | None = None  # in the scene: where the user works
        self.horizontalScrollBar().valueChanged.connect(lambda _: self.viewportMoved.emit())
        self.verticalScrollBar().valueChanged.connect(lambda _: self.viewportMoved.emit())

    @property
    def topology(self) -> TopologyScene:
        scene = self.scene()
        assert isinstance(scene, TopologyScene)
        return scene

    # ---------------------------------------------------------------- zoom
    def zoom(self) -> float:
        return self.transform().m11()

    def zoom_by(self, factor: float) -> None:
        current = self.zoom()
        target = min(4.0, max(0.05, current * factor))
        self.scale(target / current, target / current)
        self.zoomChanged.emit(self.zoom())
        self.viewportMoved.emit()

    def fit(self) -> None:
        rect = self.topology.extent().adjusted(-30, -30, 30, 30)
        if not rect.isEmpty():
            self.fitInView(rect, Qt.AspectRatioMode.KeepAspectRatio)
        self.zoomChanged.emit(self.zoom())
        self.viewportMoved.emit()

    def first_view(self, readable: float = 0.62) -> None:
        """Fit the design; when that leaves its text unreadable, zoom to a readable size on
        its top-left corner (the sites and the production region)."""
        self.fit()
        if self.zoom() >= readable:
            return
        self.resetTransform()
        self.scale(readable, readable)
        rect = self.topology.extent()
        visible = self.mapToScene(self.viewport().rect()).boundingRect()
        self.centerOn(rect.left() + visible.width() / 2 - 20,
                      rect.top() + visible.height() / 2 - 20)
        self.zoomChanged.emit(self.zoom())
        self.viewportMoved.emit()

    def centre_on_ids(self, ids: list[str]) -> None:
        rects = []
        for eid in ids:
            item = self.topology.nodes.get(eid) or self.topology.containers.get(eid)
            if item is not None:
                rects.append(item.sceneBoundingRect())
        if rects:
            r = rects[0]
            for x in rects[1:]:
                r = r.united(x)
            self.centerOn(r.center())

    def wheelEvent(self, event: QWheelEvent) -> None:
        if event.modifiers() & Qt.KeyboardModifier.ShiftModifier:
            super().wheelEvent(event)  # Shift+wheel scrolls
            return
        steps = event.angleDelta().y() / 120.0
        if steps:
            self.zoom_by(1.15 ** steps)
        event.accept()

    # ---------------------------------------------------------------- keys
    def event(self, event: QEvent) -> bool:
        """Select All is the canvas's own key while it has the focus, as it is a text
        field's: the scene selects everything at once (see TopologyScene.select_all)."""
        if event.type() == QEvent.Type.ShortcutOverride and isinstance(event, QKeyEvent) \
                and event.matches(QKeySequence.StandardKey.SelectAll):
            event.accept()
            return True
        return super().event(event)

    # pan: middle button or Space
    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.matches(QKeySequence.StandardKey.SelectAll):
            self.topology.select_all()
            event.accept()
            return
        if event.key() == Qt.Key.Key_Space and not event.isAutoRepeat():
            self._space = True
            self.setCursor(Qt.CursorShape.OpenHandCursor)
            event.accept()
            return
        super().keyPressEvent(event)

    def keyReleaseEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Space and not event.isAutoRepeat():
            self._space = False
            self.unsetCursor()
            event.accept()
            return
        super().keyReleaseEvent(event)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.MiddleButton or (
                self._space and event.button() == Qt.MouseButton.LeftButton):
            self._panning = event.position()
            self.setCursor(Qt.CursorShape.ClosedHandCursor)
            event.accept()
            return
        self.last_click = self.mapToScene(event.position().toPoint())
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self._panning is not None:
            delta = event.position() - self._panning
            self._panning = event.position()
            self.horizontalScrollBar().setValue(int(self.horizontalScrollBar().value() - delta.x()))
            self.verticalScrollBar().setValue(int(self.verticalScrollBar().value() - delta.y()))
            event.accept()
            return
        super().mouseMoveEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if self._panning is not None:
            self._panning = None
            self.unsetCursor()
            event.accept()
            return
        super().mouseReleaseEvent(event)

    # ---------------------------------------------------------------- drops from the palette
    @staticmethod
    def _ours(event: QDragEnterEvent | QDragMoveEvent | QDropEvent) -> bool:
        data = event.mimeData()
        return data.hasFormat(SKU_MIME) or data.hasFormat(PATTERN_MIME)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if self._ours(event):
            event.acceptProposedAction()
        else:
            event.ignore()  # files go to the main window

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        if self._ours(event):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:
        if event.mimeData().hasFormat(PATTERN_MIME):
            pattern_id = bytes(event.mimeData().data(PATTERN_MIME).data()).decode()
            self.drop_pattern(pattern_id, self.mapToScene(event.position().toPoint()))
            event.acceptProposedAction()
            return
        if not event.mimeData().hasFormat(SKU_MIME):
            event.ignore()
            return
        role, sku = bytes(event.mimeData().data(SKU_MIME).data()).decode().split("\n", 1)
        point = self.mapToScene(event.position().toPoint())
        self.drop_sku(role, sku, point)
        event.acceptProposedAction()

    def drop_sku(self, role: str, sku: str, point: QPointF) -> str | None:
        scene = self.topology
        site = scene.node_at(point)
        target = None
        if site is not None and site.kind == "site":
            target = site.element_id
        else:
            box = scene.container_at(point)
            target = box.element_id if box else None
        editor = scene.editor
        if editor is None:
            return None
        cid = editor.add_component(role, sku, target, point)  # the free slot nearest to it
        if cid:
            scene.select_ids([cid])
        return cid

    def drop_pattern(self, pattern_id: str, point: QPointF) -> list[str]:
        """Insert a pattern into the zone or region under ``point`` (none there: the design's
        first region that fits) as one undoable step; what it made is selected."""
        scene = self.topology
        editor = scene.editor
        if editor is None:
            return []
        box = scene.container_at(point)
        created = editor.insert_pattern(pattern_id, box.element_id if box else None)
        if created:
            scene.select_ids(created)
        return created


class OverviewView(QGraphicsView):
    """The whole design small, with the main view's viewport drawn on it; click to go there.

    It shares the canvas's scene, so renames and new nodes are drawn as they happen; it fits
    the design again whenever the design's extent changes (an add, a move, a removal), and
    never magnifies a small design beyond ``MAX_ZOOM`` (an overview, not a second canvas).
    A large design (more than ``LARGE`` nodes) is drawn as a picture of its zones, regions
    and nodes made once per change: drawing its 28,000 items took 0.5 s at each scroll of
    the canvas."""

    MAX_ZOOM = 0.4
    LARGE = 300

    def __init__(self, main: CanvasView, parent: QWidget | None = None) -> None:
        super().__init__(main.scene(), parent)
        self.main = main
        self.setRenderHints(QPainter.RenderHint.Antialiasing)
        self.setInteractive(False)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        main.viewportMoved.connect(self.viewport().update)
        self.setMinimumHeight(140)
        self.fitted = QRectF()  # the design's extent the view was last fitted to
        self._picture: QPicture | None = None  # a large design's, until it changes
        self._drawn = -1  # the scene's layout_version the picture shows
        self._refit_soon = QTimer(self)  # a drag changes the scene 60 times a second
        self._refit_soon.setSingleShot(True)
        self._refit_soon.setInterval(100)
        self._refit_soon.timeout.connect(self._refit_if_grown)
        main.scene().changed.connect(self._scene_changed)

    @property
    def topology(self) -> TopologyScene | None:
        scene = self.scene()
        return scene if isinstance(scene, TopologyScene) else None

    def _scene_changed(self, _regions: object) -> None:
        if not self._refit_soon.isActive():
            self._refit_soon.start()

    def _refit_if_grown(self) -> None:
        if self.topology is not None and self.topology.layout_version != self._drawn:
            self._picture = None  # nodes or containers moved: links alone are not drawn
        if self.topology is not None and self.topology.extent() != self.fitted:
            self.refit()
        self.viewport().update()

    def refit(self) -> None:
        """Fit the whole design (its items, not the scene's scrollable area)."""
        if self.topology is None:
            return
        self.fitted = self.topology.extent()
        rect = self.fitted.adjusted(-40, -40, 40, 40)
        if self.fitted.isEmpty():
            self.resetTransform()
            self.scale(self.MAX_ZOOM, self.MAX_ZOOM)
            return
        # the scene's rect only grows: centred on a shrunk design it would scroll to an edge
        self.setSceneRect(rect)
        self.fitInView(rect, Qt.AspectRatioMode.KeepAspectRatio)
        if self.transform().m11() > self.MAX_ZOOM:
            self.resetTransform()
            self.scale(self.MAX_ZOOM, self.MAX_ZOOM)
            self.centerOn(rect.center())

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.refit()

    def paintEvent(self, event: QPaintEvent) -> None:
        scene = self.topology
        if scene is None or len(scene.nodes) <= self.LARGE:
            super().paintEvent(event)
            return
        if self._picture is None:
            self._picture, self._drawn = self._draw(scene), scene.layout_version
        painter = QPainter(self.viewport())
        painter.fillRect(event.rect(), style.BACKGROUND)
        painter.setTransform(self.viewportTransform())
        painter.drawPicture(0, 0, self._picture)
        self.drawForeground(painter, QRectF())
        painter.end()

    @staticmethod
    def _draw(scene: TopologyScene) -> QPicture:
        """Regions, zones and nodes as filled rectangles, each node in its tier's colour
        (what the canvas shows of them when zoomed as far out)."""
        picture = QPicture()
        painter = QPainter(picture)
        for kind, fill, edge in (("region", style.REGION_FILL, "#8796a8"),
                                 ("zone", style.ZONE_FILL, "#a9b4c2")):
            painter.setPen(QPen(QColor(edge), 0))
            painter.setBrush(fill)
            painter.drawRects([c.rect() for c in scene.containers.values() if c.kind == kind])
        colours: dict[str, list[QRectF]] = {}
        for node in scene.nodes.values():
            colour = style.TIER_COLOUR.get(node.tier, "#6f7782") \
                if isinstance(node, ComponentItem) else "#d8cf9f"
            colours.setdefault(colour, []).append(node.node_rect().translated(node.pos()))
        painter.setPen(Qt.PenStyle.NoPen)
        for colour, rects in colours.items():
            painter.setBrush(QColor(colour))
            painter.drawRects(rects)
        painter.end()
        return picture

    def drawForeground(self, painter: QPainter, rect: QRectF | QRect) -> None:
        visible = self.main.mapToScene(self.main.viewport().rect()).boundingRect()
        painter.setPen(QPen(QColor("#1f6feb"), 2.0 / max(self.transform().m11(), 1e-6)))
        painter.setBrush(QColor(31, 111, 235, 30))
        painter.drawRect(visible)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        self.main.centerOn(self.mapToScene(event.position().toPoint()))
        event.accept()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if event.buttons() & Qt.MouseButton.LeftButton:
            self.main.centerOn(self.mapToScene(event.position().toPoint()))
        event.accept()
