"""Marks drawn over the canvas: what changed since a revision, and where review comments are.

A mark is its own graphics item, a child of the element's item (it moves with it and goes with
it), so the canvas items stay as they are; what was removed is a *ghost*, a free item where the
element was. Marks differ by shape and words, not colour alone: an added element has a solid
double outline and a "+ added" tag, a changed one a dashed outline and a "~ changed" tag, a
removed one a dotted, hatched ghost with "- removed"; an element with open comments carries a
speech bubble with their number.

An :class:`Overlay` owns the marks it made and draws them again after every edit (the scene
replaces items as the design changes, and drops every item when it is rebuilt)."""

from __future__ import annotations

from dataclasses import dataclass

import shiboken6
from PySide6.QtCore import QLineF, QPointF, QRectF, Qt
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFontMetricsF,
    QPainter,
    QPainterPath,
    QPainterPathStroker,
    QPen,
)
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem, QWidget

from . import style
from .geometry import NODE_H, NODE_W
from .items import ContainerItem, LinkItem, NodeItem
from .scene import TopologyScene

COLOUR = {"added": QColor("#1b7a3a"), "changed": QColor("#b35c00"),
          "removed": QColor("#5f6b78"), "comment": QColor("#2f5fa8")}
TAG = {"added": "+ added", "changed": "~ changed", "removed": "- removed"}
PATTERN = {"added": Qt.PenStyle.SolidLine, "changed": Qt.PenStyle.DashLine,
           "removed": Qt.PenStyle.DotLine}
MARK_Z = 5


def _tag(painter: QPainter, at: QPointF, kind: str) -> QRectF:
    """The tag naming the change, its left edge at ``at``: drawn in its outline's pattern."""
    text = TAG[kind]
    f = style.font(7.0, bold=True)
    w = QFontMetricsF(f).horizontalAdvance(text) + 10
    box = QRectF(at.x(), at.y(), w, 14)
    pen = QPen(COLOUR[kind], 1.4)
    pen.setStyle(PATTERN[kind])
    painter.setPen(pen)
    painter.setBrush(QBrush(QColor("#ffffff")))
    painter.drawRoundedRect(box, 3, 3)
    painter.setFont(f)
    painter.setPen(COLOUR[kind])
    painter.drawText(box, Qt.AlignmentFlag.AlignCenter, text)
    return box


class ChangeMark(QGraphicsItem):
    """Added or changed: an outline around a node or a container and a tag above it."""

    def __init__(self, parent: NodeItem | ContainerItem, kind: str) -> None:
        super().__init__(parent)
        self.kind = kind
        self.setZValue(MARK_Z)
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        self.outline = parent.node_rect() if isinstance(parent, NodeItem) else parent.rect()

    def boundingRect(self) -> QRectF:
        return self.outline.adjusted(-10, -18, 10, 10)

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem,
              widget: QWidget | None = None) -> None:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        pen = QPen(COLOUR[self.kind], 2.6)
        pen.setStyle(PATTERN[self.kind])
        painter.setPen(pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRoundedRect(self.outline.adjusted(-7, -7, 7, 7), 9, 9)
        if self.kind == "added":  # a second rail: added reads apart from changed in grey
            painter.setPen(QPen(COLOUR[self.kind], 1.0))
            painter.drawRoundedRect(self.outline.adjusted(-4, -4, 4, 4), 7, 7)
        # on the outline's top edge: in the gap above the box, clear of the element above
        _tag(painter, QPointF(self.outline.left() + 4, self.outline.top() - 15), self.kind)


class LinkMark(QGraphicsItem):
    """Added or changed link: a wide band along its routed path in the outline's pattern, a
    tag at its middle. Follows the link whenever its path changes, a new route or an end
    moved (LinkItem.update_path calls ``follow``)."""

    BAND = 7.0

    def __init__(self, parent: LinkItem, kind: str) -> None:
        super().__init__(parent)
        self.kind = kind
        self.link = parent
        self.setZValue(MARK_Z)
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        self._path = QPainterPath()
        self._band = QPainterPath()
        self._bounds = QRectF()
        self.follow()

    def follow(self) -> None:
        self.prepareGeometryChange()
        self._path = QPainterPath(self.link.path())
        stroker = QPainterPathStroker()
        stroker.setWidth(self.BAND)
        stroker.setCapStyle(Qt.PenCapStyle.FlatCap)
        self._band = stroker.createStroke(self._path)
        self._bounds = self._path.boundingRect().adjusted(-14, -30, 90, 14)

    def middle(self) -> QPointF:
        """Half-way along the routed path: where the tag hangs."""
        return self._path.pointAtPercent(0.5)

    def boundingRect(self) -> QRectF:
        return self._bounds

    def shape(self) -> QPainterPath:
        return self._band

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem,
              widget: QWidget | None = None) -> None:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        colour = QColor(COLOUR[self.kind])
        colour.setAlpha(150)
        pen = QPen(colour, self.BAND)
        pen.setStyle(PATTERN[self.kind])
        pen.setCapStyle(Qt.PenCapStyle.FlatCap)
        pen.setJoinStyle(Qt.PenJoinStyle.MiterJoin)
        painter.setPen(pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawPath(self._path)
        mid = self.middle()
        _tag(painter, QPointF(mid.x() + 8, mid.y() - 24), self.kind)


class Ghost(QGraphicsItem):
    """A removed element where it was: a dotted, hatched outline (a line for a link) and its
    name. Selecting the change in the list centres on it."""

    def __init__(self, element_id: str, kind: str, rect: QRectF | None = None,
                 line: QLineF | None = None) -> None:
        super().__init__()
        self.element_id, self.element_kind = element_id, kind
        self.rect, self.line = rect, line
        self.setZValue(MARK_Z)
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        self.setToolTip(style.tooltip(f"removed {kind} {element_id}"))

    def boundingRect(self) -> QRectF:
        if self.rect is not None:
            return self.rect.adjusted(-8, -30, 8, 8)
        assert self.line is not None
        return QRectF(self.line.p1(), self.line.p2()).normalized().adjusted(-10, -30, 120, 10)

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem,
              widget: QWidget | None = None) -> None:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        pen = QPen(COLOUR["removed"], 2.0)
        pen.setStyle(Qt.PenStyle.DotLine)
        painter.setPen(pen)
        if self.rect is not None:
            hatch = QColor(COLOUR["removed"])
            hatch.setAlpha(70)
            painter.setBrush(QBrush(hatch, Qt.BrushStyle.BDiagPattern))
            painter.drawRoundedRect(self.rect, 6, 6)
            painter.setFont(style.font(8.0, bold=True))
            painter.setPen(COLOUR["removed"])
            painter.drawText(self.rect.adjusted(8, 0, -8, 0), Qt.AlignmentFlag.AlignCenter,
                             self.element_id)
            _tag(painter, QPointF(self.rect.left(), self.rect.top() - 22), "removed")
            return
        assert self.line is not None
        painter.drawLine(self.line)
        mid = self.line.center()
        _tag(painter, QPointF(mid.x() + 8, mid.y() - 22), "removed")

    def centre(self) -> QPointF:
        return self.rect.center() if self.rect is not None else \
            self.line.center()  # type: ignore[union-attr]


class CommentBubble(QGraphicsItem):
    """A speech bubble with the number of open comments, on a node's top edge or a link's
    middle."""

    SIZE = QRectF(0, 0, 24, 17)

    def __init__(self, parent: NodeItem | LinkItem, count: int) -> None:
        super().__init__(parent)
        self.count = count
        self.setZValue(MARK_Z + 1)
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        self.setToolTip(style.tooltip(f"{count} open review comment{'s' * (count != 1)}"))
        if isinstance(parent, LinkItem):
            self.link: LinkItem | None = parent
            self.follow()
        else:
            self.link = None
            self.setPos(NODE_W - 46, -12)

    def follow(self) -> None:
        if self.link is not None:
            mid = self.link.path().pointAtPercent(0.5)
            self.setPos(mid.x() - 34, mid.y() - 22)

    def boundingRect(self) -> QRectF:
        return self.SIZE.adjusted(-1, -1, 1, 7)

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem,
              widget: QWidget | None = None) -> None:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        body = self.SIZE
        path = QPainterPath()
        path.addRoundedRect(body, 5, 5)
        tail = QPainterPath(QPointF(5, body.bottom() - 1))
        tail.lineTo(QPointF(4, body.bottom() + 6))
        tail.lineTo(QPointF(12, body.bottom() - 1))
        tail.closeSubpath()
        path = path.united(tail)
        painter.setPen(QPen(QColor("#ffffff"), 1.2))
        painter.setBrush(QBrush(COLOUR["comment"]))
        painter.drawPath(path)
        painter.setPen(QColor("#ffffff"))
        painter.setFont(style.font(7.0, bold=True))
        painter.drawText(body, Qt.AlignmentFlag.AlignCenter, f"{self.count}")


def marks_on(item: QGraphicsItem) -> list[str]:
    """What marks an item carries: 'added', 'changed', 'comment' (for tests and tool tips)."""
    out = []
    for child in item.childItems():
        if isinstance(child, (ChangeMark, LinkMark)):
            out.append(child.kind)
        elif isinstance(child, CommentBubble):
            out.append("comment")
    return out


@dataclass(frozen=True)
class GhostPlace:
    """Where a removed element was: a box, or a link's two ends."""

    element_id: str
    kind: str
    rect: QRectF | None = None
    ends: tuple[str, str] | None = None  # a link's from and to
    line: QLineF | None = None  # a link's line in the old layout


class Overlay:
    """Marks of one kind over one scene; ``draw`` them again after each edit."""

    def __init__(self, scene: TopologyScene) -> None:
        self.scene = scene
        self.made: list[QGraphicsItem] = []
        self.ghosts: dict[str, Ghost] = {}

    def clear(self) -> None:
        for item in self.made:
            if shiboken6.isValid(item) and item.scene() is self.scene:
                self.scene.removeItem(item)
        self.made, self.ghosts = [], {}

    def item_of(self, element_id: str) -> QGraphicsItem | None:
        s = self.scene
        return s.nodes.get(element_id) or s.link_items.get(element_id) or \
            s.containers.get(element_id)

    def draw_changes(self, changed: dict[str, str], removed: list[GhostPlace]) -> None:
        """``changed``: element id -> 'added' or 'changed'; ``removed``: where they were."""
        self.clear()
        for eid, kind in changed.items():
            item = self.item_of(eid)
            if isinstance(item, (NodeItem, ContainerItem)):
                self.made.append(ChangeMark(item, kind))
            elif isinstance(item, LinkItem):
                self.made.append(LinkMark(item, kind))
        for place in removed:
            ghost = self._ghost(place)
            if ghost is not None:
                self.scene.addItem(ghost)
                self.made.append(ghost)
                self.ghosts[place.element_id] = ghost

    def _ghost(self, place: GhostPlace) -> Ghost | None:
        if place.rect is not None:
            return Ghost(place.element_id, place.kind, rect=place.rect)
        if place.ends is not None:
            a, b = (self.scene.nodes.get(e) for e in place.ends)
            if a is not None and b is not None:
                return Ghost(place.element_id, place.kind, line=QLineF(a.centre(), b.centre()))
        if place.line is not None:
            return Ghost(place.element_id, place.kind, line=place.line)
        return None

    def draw_comments(self, counts: dict[str, int]) -> None:
        """``counts``: element id -> its open comments."""
        self.clear()
        for eid, count in counts.items():
            item = self.item_of(eid)
            if isinstance(item, (NodeItem, LinkItem)):
                self.made.append(CommentBubble(item, count))


def ghost_rect(x: float, y: float, w: float | None = None, h: float | None = None) -> QRectF:
    return QRectF(x, y, w or NODE_W, h or NODE_H)
