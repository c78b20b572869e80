"""Colours, pens and glyphs of the canvas: one place, readable in grayscale too."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont, QPen


def tooltip(text: str) -> str:
    """A tool tip showing ``text`` as written: Qt reads a tip that looks like markup as rich
    text, and names in tips come from design and catalog files."""
    return f"<p style='white-space:pre'>{escape(text)}</p>"


TIER_COLOUR = {
    "network": "#5b7db1", "presentation": "#3f8f6b", "web": "#3f8f6b",
    "application": "#8a6bb8", "integration": "#8a6bb8", "database": "#b5533c",
    "reporting": "#b07a2a", "analytics": "#b07a2a", "continuity": "#4a8a8a",
    "utility": "#6f7782", "security": "#6f7782", "backup": "#4d6b3c",
}
TIER_GLYPH = {
    "network": "NET", "presentation": "UI", "web": "WEB", "application": "APP",
    "integration": "INT", "database": "DB", "reporting": "RPT", "analytics": "AN",
    "continuity": "BCA", "utility": "UTL", "security": "SEC", "backup": "BK",
}

# Link kinds are told apart by line pattern and width, not colour alone.
LINK_STYLE: dict[str, tuple[Qt.PenStyle, float, str]] = {
    "client": (Qt.PenStyle.SolidLine, 1.6, "#44505c"),
    "ecp": (Qt.PenStyle.SolidLine, 3.2, "#8a6bb8"),
    "mirror-sync": (Qt.PenStyle.SolidLine, 2.4, "#b5533c"),
    "mirror-async": (Qt.PenStyle.DashLine, 2.4, "#b5533c"),
    "extract": (Qt.PenStyle.DotLine, 2.0, "#b07a2a"),
    "backup": (Qt.PenStyle.DashDotLine, 1.8, "#4d6b3c"),
    "replication": (Qt.PenStyle.DashDotDotLine, 1.8, "#4a8a8a"),
    "admin": (Qt.PenStyle.DotLine, 1.0, "#8c959f"),
}

BACKGROUND = QColor("#f6f7f9")
GRID = QColor("#e6e9ee")
REGION_FILL = QColor("#eef2f7")
ZONE_FILL = QColor("#ffffff")
SELECTED = QColor("#1f6feb")


def link_pen(kind: str, selected: bool = False) -> QPen:
    style, width, colour = LINK_STYLE.get(kind, (Qt.PenStyle.SolidLine, 1.2, "#44505c"))
    pen = QPen(SELECTED if selected else QColor(colour), width + (1.0 if selected else 0.0))
    pen.setStyle(style)
    pen.setCapStyle(Qt.PenCapStyle.RoundCap)
    return pen


def font(size: float = 9.0, bold: bool = False) -> QFont:
    f = QFont("DejaVu Sans")
    f.setPointSizeF(size)
    f.setBold(bold)
    return f
