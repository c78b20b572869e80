"""Canvas items: components and sites as nodes, regions and zones as containers, links."""

from __future__ import annotations

import math
from functools import cache
from typing import TYPE_CHECKING

from PySide6.QtCore import QLineF, QPointF, QRectF, Qt
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFontMetricsF,
    QPainter,
    QPainterPath,
    QPainterPathStroker,
    QPen,
    QPolygonF,
)
from PySide6.QtWidgets import (
    QGraphicsItem,
    QGraphicsPathItem,
    QGraphicsRectItem,
    QGraphicsSceneHoverEvent,
    QGraphicsSceneMouseEvent,
    QStyleOptionGraphicsItem,
    QWidget,
)

from ..model.severity import COLOURS, Severity
from . import style
from .geometry import NODE_H, NODE_W

if TYPE_CHECKING:
    from .scene import TopologyScene

HANDLE_R = 6.0
LOD_TEXT = 0.45  # below this zoom, node text is unreadable: draw blocks only


NO_PEN = QPen(Qt.PenStyle.NoPen)


class NodeItem(QGraphicsRectItem):
    """A component or a site: what links join.

    A rectangle item of its bounds, painted by its own ``paint``: Qt measures, indexes and
    hit-tests it without calling Python (10,000 nodes: the index built 2-3 times faster),
    and it has no Python ``itemChange`` (Qt called it a dozen times per node as it was
    made, 0.3 s for 10,000). Its links follow it when it moves: :meth:`move_to` when the
    program moves it, :meth:`moved` called by the scene while the mouse drags it."""

    kind = "node"
    BOUNDS = QRectF(-2, -10, NODE_W + HANDLE_R + 8, NODE_H + 14)

    def __init__(self, element_id: str) -> None:
        super().__init__(self.BOUNDS)
        self.setPen(NO_PEN)  # the bounds are the rectangle's own, no pen around them
        self.element_id = element_id
        self.links: list[LinkItem] = []
        self.badge: Severity | None = None  # worst finding severity, set by later views
        self.setFlags(QGraphicsItem.GraphicsItemFlag.ItemIsSelectable
                      | QGraphicsItem.GraphicsItemFlag.ItemIsMovable)
        self.setAcceptHoverEvents(True)
        self.setZValue(2)
        self._hover = False
        # paint once into a pixmap, reuse while only the view moves (a drag repaints one node)
        self.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)

    def node_rect(self) -> QRectF:
        return QRectF(0, 0, NODE_W, NODE_H)

    def handle_rect(self) -> QRectF:
        return QRectF(NODE_W - HANDLE_R, NODE_H / 2 - HANDLE_R, 2 * HANDLE_R, 2 * HANDLE_R)

    def on_handle(self, scene_pos: QPointF) -> bool:
        return self.handle_rect().adjusted(-4, -4, 4, 4).contains(self.mapFromScene(scene_pos))

    def centre(self) -> QPointF:
        return self.pos() + QPointF(NODE_W / 2, NODE_H / 2)  # nodes are top-level items

    def move_to(self, point: QPointF) -> None:
        """Put the node at ``point`` (scene coordinates); its links follow."""
        if point != self.pos():
            self.setPos(point)
            self.moved()

    def moved(self) -> None:
        """The node is somewhere else: its links are drawn straight until the scene routes
        them again, and the scene measures what it draws again."""
        for link in self.links:
            link.unroute()
        forget = getattr(self.scene(), "forget_extent", None)
        if forget is not None:
            forget()

    def hoverEnterEvent(self, event: QGraphicsSceneHoverEvent) -> None:
        self._hover = True
        self.update()

    def hoverLeaveEvent(self, event: QGraphicsSceneHoverEvent) -> None:
        self._hover = False
        self.update()

    def set_badge(self, severity: Severity | None) -> None:
        if severity != self.badge:
            self.badge = severity
            self.update()

    def _paint_badge(self, painter: QPainter) -> None:
        if not self.badge:
            return
        colour = COLOURS[self.badge]
        r = QRectF(NODE_W - 14, -8, 18, 18)
        painter.setPen(QPen(QColor("#ffffff"), 1.5))
        painter.setBrush(QBrush(QColor(colour)))
        painter.drawEllipse(r)
        painter.setPen(QColor("#ffffff"))
        painter.setFont(style.font(7.5, bold=True))
        painter.drawText(r, Qt.AlignmentFlag.AlignCenter,
                         {"error": "!", "warning": "W", "info": "i"}[self.badge])

    def _paint_handle(self, painter: QPainter) -> None:
        if self._hover or self.isSelected():
            painter.setPen(QPen(style.SELECTED, 1.5))
            painter.setBrush(QBrush(QColor("#ffffff")))
            painter.drawEllipse(self.handle_rect())


class ComponentItem(NodeItem):
    kind = "component"

    def __init__(self, element_id: str, scene: TopologyScene) -> None:
        super().__init__(element_id)
        self._scene = scene
        self.refresh()

    def refresh(self) -> None:
        comp = self._scene.doc.component(self.element_id)
        catalog = self._scene.catalog
        assert comp is not None
        role = catalog.roles.get(comp.role)
        sku = catalog.skus.get(comp.sku)
        self.tier = role.tier if role else "utility"
        self.title = comp.name or comp.id
        self.sku_text = comp.sku
        self.count = comp.count
        self.dedicated = bool(sku and sku.tenancy == "dedicated")
        self.role_name = role.name if role else comp.role
        self.setToolTip(style.tooltip(f"{comp.id} - {self.role_name}\n{comp.sku} x {comp.count}\n"
                                f"{'dedicated' if self.dedicated else 'shared'} tenancy"))
        self.update()

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem,
              widget: QWidget | None = None) -> None:
        rect = self.node_rect()
        colour = QColor(style.TIER_COLOUR.get(self.tier, "#6f7782"))
        if option.levelOfDetailFromTransform(painter.worldTransform()) < LOD_TEXT:
            # far out: the tier colour and the tenancy border are all one can read
            painter.setPen(QPen(QColor("#1d2733"), 2.4 if self.dedicated else 1.0,
                                Qt.PenStyle.SolidLine if self.dedicated else Qt.PenStyle.DashLine))
            painter.setBrush(QBrush(QColor("#ffffff")))
            painter.drawRect(rect)
            painter.fillRect(QRectF(5, 5, 34, NODE_H - 10), colour)
            if self.isSelected():
                painter.setPen(QPen(style.SELECTED, 4))
                painter.setBrush(QBrush(Qt.BrushStyle.NoBrush))
                painter.drawRect(rect.adjusted(-4, -4, 4, 4))
            self._paint_badge(painter)
            return
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setBrush(QBrush(QColor("#ffffff")))
        if self.dedicated:  # solid double border: dedicated, in any print
            painter.setPen(QPen(QColor("#1d2733"), 2.4))
            painter.drawRoundedRect(rect, 6, 6)
            painter.setPen(QPen(QColor("#1d2733"), 1.0))
            painter.drawRoundedRect(rect.adjusted(3.5, 3.5, -3.5, -3.5), 4, 4)
        else:  # dashed single border: shared
            pen = QPen(QColor("#56606b"), 1.4)
            pen.setStyle(Qt.PenStyle.DashLine)
            painter.setPen(pen)
            painter.drawRoundedRect(rect, 6, 6)
        bar = QRectF(5, 5, 34, NODE_H - 10)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QBrush(colour))
        painter.drawRoundedRect(bar, 4, 4)
        painter.setPen(QColor("#ffffff"))
        painter.setFont(style.font(7.0, bold=True))
        painter.drawText(bar, Qt.AlignmentFlag.AlignCenter, style.TIER_GLYPH.get(self.tier, "?"))
        text_x = 46.0
        width = NODE_W - text_x - 12
        painter.setPen(QColor("#1d2733"))
        f = style.font(8.5, bold=True)
        painter.setFont(f)
        fm = QFontMetricsF(f)
        painter.drawText(QPointF(text_x, 19), fm.elidedText(self.title, Qt.TextElideMode.ElideRight,
                                                            width))
        f2 = style.font(7.5)
        painter.setFont(f2)
        painter.setPen(QColor("#44505c"))
        fm2 = QFontMetricsF(f2)
        painter.drawText(QPointF(text_x, 35), fm2.elidedText(self.sku_text,
                                                             Qt.TextElideMode.ElideMiddle, width))
        tag = "DEDICATED" if self.dedicated else "shared"
        painter.setFont(style.font(7.0, bold=self.dedicated))
        box = QRectF(text_x, 44, 9, 9)
        painter.setPen(QPen(QColor("#1d2733"), 1.0))
        painter.setBrush(QBrush(QColor("#1d2733")) if self.dedicated else Qt.BrushStyle.NoBrush)
        painter.drawRect(box)
        painter.setPen(QColor("#1d2733"))
        painter.drawText(QPointF(text_x + 13, 52.5), tag)
        painter.setFont(style.font(8.0, bold=True))
        painter.drawText(QRectF(text_x, 41, width, 14), Qt.AlignmentFlag.AlignRight,
                         f"x {self.count:,}")
        if self.isSelected():
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.setPen(QPen(style.SELECTED, 2.2))
            painter.drawRoundedRect(rect.adjusted(-3, -3, 3, 3), 8, 8)
        self._paint_handle(painter)
        self._paint_badge(painter)


class SiteItem(NodeItem):
    kind = "site"

    def __init__(self, element_id: str, scene: TopologyScene) -> None:
        super().__init__(element_id)
        self._scene = scene
        self.refresh()

    def refresh(self) -> None:
        site = self._scene.doc.site(self.element_id)
        assert site is not None
        self.title = site.name or site.id
        self.detail = f"{site.kind}" + (f", {site.concurrent_users:,} users"
                                        if site.concurrent_users else "")
        self.setToolTip(style.tooltip(f"{site.id} - {site.kind}\n{site.location or ''}"))
        self.update()

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem,
              widget: QWidget | None = None) -> None:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        w, h = NODE_W, NODE_H
        path = QPainterPath()
        path.moveTo(0, 18)
        path.lineTo(w / 2, 0)
        path.lineTo(w, 18)
        path.lineTo(w, h)
        path.lineTo(0, h)
        path.closeSubpath()
        painter.setBrush(QBrush(QColor("#fbfaf4")))
        painter.setPen(QPen(QColor("#7a6a3a"), 1.6))
        painter.drawPath(path)
        painter.setPen(QColor("#1d2733"))
        f = style.font(8.5, bold=True)
        painter.setFont(f)
        fm = QFontMetricsF(f)
        painter.drawText(QRectF(8, 22, w - 16, 18), Qt.AlignmentFlag.AlignCenter,
                         fm.elidedText(self.title, Qt.TextElideMode.ElideRight, w - 16))
        painter.setFont(style.font(7.5))
        painter.setPen(QColor("#44505c"))
        painter.drawText(QRectF(8, 42, w - 16, 16), Qt.AlignmentFlag.AlignCenter, self.detail)
        if self.isSelected():
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.setPen(QPen(style.SELECTED, 2.2))
            painter.drawRect(QRectF(-3, -3, w + 6, h + 6))
        self._paint_handle(painter)
        self._paint_badge(painter)


class ContainerItem(QGraphicsRectItem):
    """A region or a zone: grows to hold what is placed in it. It is selected by its title
    strip; a press anywhere else starts a rubber band, as on the empty canvas."""

    TITLE_STRIP = 26.0

    def __init__(self, element_id: str, kind: str, title: str) -> None:
        super().__init__()
        self.element_id = element_id
        self.kind = kind
        self.title = title
        self.setZValue(-2 if kind == "region" else -1)
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIsSelectable)
        self.setAcceptDrops(False)

    def mousePressEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        if event.pos().y() - self.rect().top() > self.TITLE_STRIP:
            event.ignore()
            return
        super().mousePressEvent(event)

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem,
              widget: QWidget | None = None) -> None:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        rect = self.rect()
        selected = self.isSelected()
        if self.kind == "region":
            painter.setBrush(QBrush(style.REGION_FILL))
            painter.setPen(QPen(style.SELECTED if selected else QColor("#8796a8"),
                                2.0 if selected else 1.4))
            painter.drawRoundedRect(rect, 10, 10)
            painter.setFont(style.font(10.0, bold=True))
        else:
            painter.setBrush(QBrush(style.ZONE_FILL))
            pen = QPen(style.SELECTED if selected else QColor("#a9b4c2"), 1.6 if selected else 1.0)
            pen.setStyle(Qt.PenStyle.DashLine)
            painter.setPen(pen)
            painter.drawRoundedRect(rect, 8, 8)
            painter.setFont(style.font(8.5, bold=True))
        painter.setPen(QColor("#2b3845"))
        painter.drawText(rect.adjusted(12, 6, -12, 0),
                         Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop, self.title)


@cache
def _thin_pen(kind: str) -> QPen:
    """A link drawn while a node is dragged: a cosmetic 1 px line in its kind's colour."""
    return QPen(style.link_pen(kind).color(), 0)


class LinkItem(QGraphicsPathItem):
    """A link: the orthogonal route the scene gives it (see ``geometry.Router``), a straight
    line between the nodes while one of them is being dragged; its short label where the
    scene found room for it, the full text in its tooltip."""

    def __init__(self, element_id: str, source: NodeItem, target: NodeItem, kind: str,
                 label: str, warn: bool, tooltip: str = "") -> None:
        super().__init__()
        self.element_id = element_id
        self.source, self.target = source, target
        self.link_kind = kind
        self.label = label
        self.warn = warn
        self.route: list[QPointF] | None = None  # None: straight until the scene routes it
        self.label_box: QRectF | None = None
        self.setZValue(1)
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIsSelectable)
        if tooltip:
            self.setToolTip(style.tooltip(tooltip))
        self._thin = _thin_pen(kind)
        source.links.append(self)
        target.links.append(self)
        self.update_path()

    def detach(self) -> None:
        for node in (self.source, self.target):
            if self in node.links:
                node.links.remove(self)

    @staticmethod
    def _clip(cx: float, cy: float, tx: float, ty: float) -> QPointF:
        """Where the line from a node's centre (cx, cy) towards (tx, ty) leaves the node."""
        dx, dy = tx - cx, ty - cy
        if dx == 0 and dy == 0:
            return QPointF(cx, cy)
        sx = (NODE_W / 2) / abs(dx) if dx else math.inf
        sy = (NODE_H / 2) / abs(dy) if dy else math.inf
        s = min(sx, sy)
        return QPointF(cx + dx * s, cy + dy * s)

    def set_route(self, points: list[QPointF], label_box: QRectF | None) -> None:
        self.route, self.label_box = points, label_box
        self.update_path()

    def unroute(self) -> None:
        """An end moved: straight until the scene routes the link again."""
        self.route = None
        self.label_box = None
        self.update_path()

    def points(self) -> list[QPointF]:
        if self.route and len(self.route) >= 2:
            return self.route
        a, b = self.source.pos(), self.target.pos()  # nodes are top-level items
        ax, ay, bx, by = a.x() + NODE_W / 2, a.y() + NODE_H / 2, b.x() + NODE_W / 2, \
            b.y() + NODE_H / 2
        return [self._clip(ax, ay, bx, by), self._clip(bx, by, ax, ay)]

    def update_path(self) -> None:
        points = self.points()
        self.prepareGeometryChange()
        path = QPainterPath(points[0])
        for p in points[1:]:
            path.lineTo(p)
        self.setPath(path)
        self._ends = (points[0], points[-1])
        bounds = path.boundingRect().adjusted(-12, -12, 12, 12)
        self._bounds = bounds.united(self.label_box) if self.label_box is not None else bounds
        self._shape: QPainterPath | None = None  # made when first asked (a click, a band)
        for child in self.childItems():  # marks over the link (ui/marks.py) follow it
            follow = getattr(child, "follow", None)
            if follow is not None:
                follow()

    def boundingRect(self) -> QRectF:
        return self._bounds

    def shape(self) -> QPainterPath:
        if self._shape is None:
            stroker = QPainterPathStroker()
            stroker.setWidth(10)
            self._shape = stroker.createStroke(self.path())
        return self._shape

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem,
              widget: QWidget | None = None) -> None:
        path = self.path()
        if getattr(self.scene(), "dragging", False):
            # while a node is dragged every crossing link repaints: a cosmetic 1 px line
            # (no stroker, no antialiasing) keeps frames short; full drawing on release
            painter.setPen(self._thin)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawPath(path)
            return
        pen = style.link_pen(self.link_kind, self.isSelected())
        detail = QStyleOptionGraphicsItem.levelOfDetailFromTransform(painter.worldTransform())
        painter.setPen(pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        if detail < LOD_TEXT and not self.warn:
            painter.drawPath(path)
            return
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        if self.link_kind == "mirror-sync":  # two rails: synchronous mirror
            rails = QPen(pen)
            rails.setStyle(Qt.PenStyle.SolidLine)
            rails.setWidthF(pen.widthF() + 3.5)
            rails.setJoinStyle(Qt.PenJoinStyle.MiterJoin)
            painter.setPen(rails)
            painter.drawPath(path)
            painter.setPen(QPen(QColor("#ffffff"), 1.6))
            painter.drawPath(path)
        else:
            painter.drawPath(path)
        self._paint_arrow(painter, pen)
        if self.label and self.label_box is not None and (
                self.warn or detail >= 0.75 or self.isSelected()):
            f = style.font(6.5, bold=self.warn)
            painter.setFont(f)
            painter.setPen(QPen(QColor(COLOURS["error"]) if self.warn else QColor("#c5ccd5"), 0.8))
            painter.setBrush(QBrush(QColor("#ffffff")))
            painter.drawRoundedRect(self.label_box, 3, 3)
            painter.setPen(QColor(COLOURS["error"]) if self.warn else QColor("#2b3845"))
            painter.drawText(self.label_box, Qt.AlignmentFlag.AlignCenter, self.label)

    def _paint_arrow(self, painter: QPainter, pen: QPen) -> None:
        points = self.points()
        p2 = points[-1]
        line = QLineF(p2, points[-2])
        if line.length() <= 1:
            return
        angle = math.atan2(-line.dy(), line.dx())
        size = 9.0
        a1 = p2 + QPointF(math.cos(angle + math.pi / 7) * size,
                          -math.sin(angle + math.pi / 7) * size)
        a2 = p2 + QPointF(math.cos(angle - math.pi / 7) * size,
                          -math.sin(angle - math.pi / 7) * size)
        solid = QPen(pen)
        solid.setStyle(Qt.PenStyle.SolidLine)
        painter.setPen(solid)
        painter.setBrush(QBrush(pen.color()))
        painter.drawPolygon(QPolygonF([p2, a1, a2]))


def label_size(label: str, warn: bool) -> tuple[float, float]:
    """The size of a link's label box."""
    fm = QFontMetricsF(style.font(6.5, bold=warn))
    return fm.horizontalAdvance(label) + 8, 13.0
