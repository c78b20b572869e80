"""Every paragraph and table style of the design document, and its font names, in one place."""

from __future__ import annotations

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT
from reportlab.lib.styles import ParagraphStyle, StyleSheet1
from reportlab.platypus import TableStyle

from workbench.model.severity import COLOURS

# the document's faces (embedded DejaVu Sans, see fonts.py): sections, the topology drawing and
# the page furniture name fonts by these constants, never "Helvetica"
from .fonts import MONO, SANS, SANS_BOLD, register

FONT, FONT_BOLD = SANS, SANS_BOLD  # the names the topology drawing asks for

INK = colors.HexColor("#1d2733")
MUTED = colors.HexColor("#56606b")
RULE = colors.HexColor("#c5ccd5")
HEAD_FILL = colors.HexColor("#e9edf2")
SEVERITY_COLOUR = {level: colors.HexColor(hex_) for level, hex_ in COLOURS.items()}
ERROR, WARNING = SEVERITY_COLOUR["error"], SEVERITY_COLOUR["warning"]
OK = colors.HexColor("#2e7d4f")


def stylesheet() -> StyleSheet1:
    register()
    ss = StyleSheet1()
    base = ParagraphStyle("Body", fontName=SANS, fontSize=9, leading=12, textColor=INK,
                          bulletFontName=SANS)
    ss.add(base)
    ss.add(ParagraphStyle("Small", parent=base, fontSize=7.5, leading=9.5, textColor=MUTED))
    ss.add(ParagraphStyle("Cell", parent=base, fontSize=7.5, leading=9.5))
    # long unbroken identifiers wrap anywhere (slower, so only where needed)
    ss.add(ParagraphStyle("CellWrap", parent=base, fontSize=7.5, leading=9.5, wordWrap="CJK"))
    ss.add(ParagraphStyle("CellBold", parent=base, fontName=SANS_BOLD, fontSize=7.5,
                          leading=9.5))
    ss.add(ParagraphStyle("Mono", parent=base, fontName=MONO, fontSize=8, leading=10,
                          wordWrap="CJK"))
    ss.add(ParagraphStyle("Title", parent=base, fontName=SANS_BOLD, fontSize=24,
                          leading=30, spaceAfter=10))
    ss.add(ParagraphStyle("Subtitle", parent=base, fontSize=13, leading=17, textColor=MUTED,
                          spaceAfter=18))
    ss.add(ParagraphStyle("H1", parent=base, fontName=SANS_BOLD, fontSize=15,
                          leading=19, spaceBefore=6, spaceAfter=8))
    ss.add(ParagraphStyle("H2", parent=base, fontName=SANS_BOLD, fontSize=11,
                          leading=14, spaceBefore=10, spaceAfter=5))
    ss.add(ParagraphStyle("Verdict", parent=base, fontName=SANS_BOLD, fontSize=14,
                          leading=18, alignment=TA_LEFT, spaceAfter=8))
    ss.add(ParagraphStyle("Caption", parent=base, fontSize=7.5, leading=9.5, textColor=MUTED,
                          alignment=TA_CENTER, spaceBefore=3, spaceAfter=8))
    ss.add(ParagraphStyle("TOC1", parent=base, fontSize=10, leading=15))
    ss.add(ParagraphStyle("TOC2", parent=base, fontSize=9, leading=12, leftIndent=14))
    return ss


def table_style(header_rows: int = 1) -> TableStyle:
    return TableStyle([
        ("FONT", (0, 0), (-1, -1), SANS, 7.5),
        ("TEXTCOLOR", (0, 0), (-1, -1), INK),
        ("FONT", (0, 0), (-1, header_rows - 1), SANS_BOLD, 7.5),
        ("BACKGROUND", (0, 0), (-1, header_rows - 1), HEAD_FILL),
        ("LINEBELOW", (0, 0), (-1, header_rows - 1), 0.8, MUTED),
        ("LINEBELOW", (0, header_rows), (-1, -1), 0.25, RULE),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
    ])
