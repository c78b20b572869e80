"""The document's fonts, every one embedded (subset TrueType), so that every name prints.

The text faces are DejaVu Sans and DejaVu Sans Mono, shipped in exports/data/fonts (the copies
matplotlib ships; regular, bold, oblique and bold oblique; mono and mono bold). reportlab has no
font fallback, so each face is registered as a ``ChainedFont``: a character the face lacks is
drawn, and measured, with the next font of its chain that has it: DejaVu Sans (the mono and oblique
faces lack scripts the regular face has), then, for Chinese, Japanese and Korean, a cut of Noto
Sans CJK (package ``noto-cjk-sans-otc``, SIL Open Font License) made for the document at hand, and
last the replacement character U+FFFD, never an empty box (PDF/A forbids drawing the .notdef
glyph). Right-to-left and shaped scripts (Hebrew, Arabic, Indic, Thai, Khmer) are put in drawing
order and shaped first (exports/scripts.py); their glyphs are private-use characters of the
script's Noto font, which sits in the chain after the CJK cut. Every path that writes text
(paragraphs, plain table cells, the canvas furniture, the topology drawing) goes through these
fonts by name, so none of them has to know.

The Noto collection holds its glyphs as CFF outlines, which reportlab cannot embed, and is 20 MB:
only a document holding such characters opens it, inside ``document_fonts``, which cuts exactly
those characters out and converts them to TrueType (fontTools, about 0.15 s), so the embedded font,
and so the PDF, depends only on the document's text.
"""

from __future__ import annotations

import io
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from itertools import groupby
from pathlib import Path
from typing import Any

from reportlab import rl_config
from reportlab.graphics import shapes
from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics, ttfonts
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import tables

from exports import scripts

SANS = "DejaVuSans"
SANS_BOLD = "DejaVuSans-Bold"
SANS_OBLIQUE = "DejaVuSans-Oblique"
SANS_BOLD_OBLIQUE = "DejaVuSans-BoldOblique"
MONO = "DejaVuSansMono"
MONO_BOLD = "DejaVuSansMono-Bold"
FACES = (SANS, SANS_BOLD, SANS_OBLIQUE, SANS_BOLD_OBLIQUE, MONO, MONO_BOLD)
FONT_DIR = Path(__file__).with_name("data") / "fonts"  # files of the package
FALLBACK = "NotoSansCJK-cut"
REPLACEMENT = "\ufffd"
# which face of the Noto collection draws a document's Han characters: Japanese when it holds
# kana, Korean when it holds hangul, else Simplified Chinese (they differ in a few glyph forms)
_NOTO_FACE = {"ja": 0, "ko": 1, "zh": 2}
_SUBSETS = 1 << 12  # subset numbers of the n-th font of a chain start at n * _SUBSETS

_LOCK = threading.RLock()
_registered: list[bool] = []


def _dejavu(face: str) -> Path:
    """The face's file, shipped in ``exports/data/fonts`` (the copies matplotlib 3.x ships,
    with their licence, LICENSE_DEJAVU): the PDF needs neither matplotlib nor system fonts."""
    return FONT_DIR / f"{face}.ttf"


class ChainedFont(TTFont):
    """A TrueType face that hands the characters it lacks to the next font of its chain."""

    def __init__(self, name: str, path: Path, chain: list[TTFont]) -> None:
        super().__init__(name, str(path))
        self.chain = chain
        self.document: DocumentFonts | None = None
        # what this face draws as it is: not the right-to-left letters (drawn reversed, and
        # Arabic shaped), which take the slow path below
        self.chars = frozenset(map(chr, self.face.charToGlyph)) - scripts.NEEDS
        self.widths = {chr(code): width for code, width in self.face.charWidths.items()
                       if chr(code) not in scripts.NEEDS}

    def _fonts(self) -> list[TTFont | None]:
        """This face, its chain, the document's CJK cut, then one place for each shaped
        script's font (None where none is loaded): an index always names the same font."""
        fallback = self.document.fallback if self.document is not None else None
        shaped: list[TTFont | None] = [None] * len(scripts.SCRIPTS)
        for index, face in scripts.loaded():
            shaped[index] = face
        return [self, *self.chain, fallback, *shaped]

    def _font(self, index: int) -> TTFont:
        font = self._fonts()[index]
        assert font is not None, "a run names a font that is not loaded"
        return font

    def _runs(self, text: str) -> Iterator[tuple[int, str]]:
        """``text`` as runs of (index in the chain, characters), right-to-left text reversed
        and complex scripts shaped first (exports/scripts.py); a character no font has is the
        replacement character of this face."""
        if scripts.needs_visual(text):
            # outside a document (measuring only): codes of its own, given out afresh
            codes = self.document.codes if self.document is not None else scripts.Codes()
            text = codes.text(scripts.shaped(text))
        if self.document is not None:
            self.document.add(text)
        fonts = self._fonts()
        start, current = 0, -1
        out: list[str] = []
        for ch in text:
            index = next((i for i, f in enumerate(fonts)
                          if f is not None and ord(ch) in f.face.charToGlyph), None)
            if index is None:
                index, ch = 0, REPLACEMENT
            if index != current and out:
                yield current, "".join(out[start:])
                start = len(out)
            current = index
            out.append(ch)
        if out:
            yield current, "".join(out[start:])

    def stringWidth(self, text: Any, size: float, encoding: str = "utf8") -> float:
        if isinstance(text, bytes):
            text = text.decode(encoding or "utf8")
        try:  # reportlab's sum, in the same order, without a Python step per character
            return 0.001 * size * sum(map(self.widths.__getitem__, text))
        except KeyError:  # a character of another font
            pass
        runs = list(self._runs(text))  # first: it may cut the fallback or load a script's font
        return sum(TTFont.stringWidth(self._font(i), run, size) for i, run in runs)

    def splitString(self, text: Any, doc: Any,
                    encoding: str = "utf-8") -> list[tuple[int, bytes]]:
        if isinstance(text, bytes):
            text = text.decode(encoding or "utf-8")
        if text.isascii() or self.chars.issuperset(text):
            return self._assigned(text, doc) or TTFont.splitString(self, text, doc)
        runs = list(self._runs(text))
        return [(i * _SUBSETS + subset, chunk) for i, run in runs
                for subset, chunk in TTFont.splitString(self._font(i), run, doc)]

    def _assigned(self, text: str, doc: Any) -> list[tuple[int, bytes]] | None:
        """reportlab's split when every character already has its code in this document (most
        text, after the first pages), without its Python step per character; else None."""
        state = self.state.get(doc)
        assignments = getattr(state, "assignments", None)
        if not text or assignments is None:
            return None
        try:
            codes = list(map(assignments.__getitem__, map(ord, text)))
        except KeyError:  # a new character, or a no-break space (reportlab draws a space)
            return None
        if max(codes) < 256:
            return [(0, bytes(codes))]
        return [(subset, bytes(code & 0xFF for code in group))
                for subset, group in groupby(codes, key=lambda code: code >> 8)]

    def getSubsetInternalName(self, subset: int, doc: Any) -> str:
        if subset < _SUBSETS:
            return TTFont.getSubsetInternalName(self, subset, doc)
        return TTFont.getSubsetInternalName(self._font(subset // _SUBSETS), subset % _SUBSETS,
                                            doc)


def register() -> None:
    """Register the faces and their families (so <b> and <i> pick the right face), and make
    the body face reportlab's default; once."""
    if _registered:  # without the lock, which a document being laid out holds
        return
    with _LOCK:
        if _registered:
            return
        # where a caller names no font, reportlab sets Helvetica (or Times): the initial font of
        # a canvas, of a table cell (the contents are a table) and of a drawing. Setting one,
        # even to draw nothing, puts an unembedded font on the page; these are reportlab's
        # global defaults, meant to be changed before anything is made.
        ttfonts.makeToUnicodeCMap = to_unicode_cmap
        rl_config.canvas_basefontname = SANS
        rl_config.defaultGraphicsFontName = SANS
        shapes.STATE_DEFAULTS["fontName"] = SANS
        tables.CellStyle.fontname = SANS
        sans = ChainedFont(SANS, _dejavu(SANS), [])
        pdfmetrics.registerFont(sans)
        for face in FACES[1:]:
            pdfmetrics.registerFont(ChainedFont(face, _dejavu(face), [sans]))
        for family, normal, bold, italic, bold_italic in (
                (SANS, SANS, SANS_BOLD, SANS_OBLIQUE, SANS_BOLD_OBLIQUE),
                (MONO, MONO, MONO_BOLD, MONO, MONO_BOLD)):
            for is_bold, is_italic, face in ((0, 0, normal), (1, 0, bold), (0, 1, italic),
                                             (1, 1, bold_italic)):
                addMapping(family, is_bold, is_italic, face)
        _registered.append(True)


def _chained() -> list[ChainedFont]:
    register()
    fonts = [pdfmetrics.getFont(face) for face in FACES]
    return [f for f in fonts if isinstance(f, ChainedFont)]


def _language(chars: Iterable[str]) -> str:
    codes = [ord(c) for c in chars]
    if any(0x3040 <= c <= 0x30FF or 0x31F0 <= c <= 0x31FF for c in codes):
        return "ja"
    if any(0xAC00 <= c <= 0xD7AF or 0x1100 <= c <= 0x11FF or 0x3130 <= c <= 0x318F
           for c in codes):
        return "ko"
    return "zh"


class DocumentFonts:
    """The fonts of one document being laid out: what DejaVu Sans lacks of its Chinese,
    Japanese and Korean characters is cut from Noto Sans CJK when first needed (the design's
    own text up front, so that a document is cut once) and cut again, bigger, should layout
    meet a new one (text from the catalog)."""

    def __init__(self, known: frozenset[str]) -> None:
        self.known = known  # what DejaVu Sans draws: never asked of the fallback
        self.tried: set[str] = set()
        self.fallback: TTFont | None = None
        self.face = 0
        self.codes = scripts.Codes()  # the private-use characters of its shaped glyphs

    def add(self, text: str) -> None:
        new = {c for c in set(text) - self.known - self.tried if _is_cjk(c)}
        if not new:
            return
        if not self.tried:
            self.face = _NOTO_FACE[_language(new)]
        self.tried |= new
        # not "ASCII readable": its first subset holds only what it draws (no Latin in it)
        cut = TTFont(FALLBACK, io.BytesIO(truetype_cut(self.tried, self.face)),
                     asciiReadable=False)
        if self.fallback is None:
            self.fallback = cut
        else:  # the document's subsets name characters, not glyphs: the new face serves them
            self.fallback.face = cut.face


def truetype_cut(chars: Iterable[str], face: int) -> bytes:
    """The glyphs of ``chars`` in face ``face`` of Noto Sans CJK, their cubic outlines turned
    quadratic: a small TrueType font. The same characters give the same bytes."""
    from fontTools import subset
    from fontTools.pens.cu2quPen import Cu2QuPen
    from fontTools.pens.ttGlyphPen import TTGlyphPen
    from fontTools.ttLib import TTFont as FontFile
    from fontTools.ttLib import newTable
    from noto_cjk_sans_otc import FONT_PATH

    font = FontFile(str(FONT_PATH), fontNumber=face, recalcTimestamp=False)
    for tag in ("GSUB", "GPOS", "GDEF", "BASE", "VORG", "vhea", "vmtx", "DSIG"):
        if tag in font:  # deleted unread: reading the layout tables would take most of the time
            del font[tag]
    options = subset.Options()
    options.layout_features = []  # the hints stay: the outlines are drawn, hints never read
    cutter = subset.Subsetter(options)
    cutter.populate(unicodes=sorted({ord(c) for c in chars}))
    cutter.subset(font)
    order = font.getGlyphOrder()
    outlines = font.getGlyphSet()
    glyf = newTable("glyf")
    glyf.glyphOrder, glyf.glyphs = order, {}
    for name in order:
        pen = TTGlyphPen(None)
        outlines[name].draw(Cu2QuPen(pen, 1.0, reverse_direction=True))
        glyf[name] = pen.glyph()
    del font["CFF "]
    font["loca"], font["glyf"] = newTable("loca"), glyf
    font["maxp"] = _maxp_for_glyf(len(order))
    font["head"].glyphDataFormat = 0
    font["post"].formatType = 3.0
    font.sfntVersion = "\x00\x01\x00\x00"
    out = io.BytesIO()
    font.save(out)
    return out.getvalue()


def _maxp_for_glyf(glyphs: int) -> Any:
    from fontTools.ttLib import newTable

    maxp = newTable("maxp")
    maxp.tableVersion = 0x00010000
    maxp.numGlyphs = glyphs
    for field in ("maxPoints", "maxContours", "maxCompositePoints", "maxCompositeContours",
                  "maxTwilightPoints", "maxStorage", "maxFunctionDefs", "maxInstructionDefs",
                  "maxStackElements", "maxSizeOfInstructions", "maxComponentElements",
                  "maxComponentDepth"):
        setattr(maxp, field, 0)
    maxp.maxZones = 1
    return maxp


@contextmanager
def document_fonts(text: str) -> Iterator[DocumentFonts]:
    """Lay out and draw one document inside this; ``text`` is what it is made from (the
    design), whose Chinese, Japanese and Korean characters are cut from Noto Sans CJK up front
    (only when there are any). One document at a time in a process: the faces are shared."""
    with _LOCK:
        fonts = _chained()
        document = DocumentFonts(fonts[0].chars)
        document.add(text)
        for font in fonts:
            font.document = document
        _current[:] = [document]
        try:
            yield document
        finally:
            del _current[:]
            for font in fonts:
                font.document = None


_current: list[DocumentFonts] = []  # the document being made, if any


def to_unicode_cmap(fontname: str, subset: list[int]) -> str:
    """The ToUnicode map of one subset of a font, as reportlab writes it with two changes: a
    character beyond the Basic Multilingual Plane is written in UTF-16 (reportlab writes its
    code point, which readers cannot parse), and a private-use character of shaped text
    (exports/scripts.py) maps to the characters it stands for, so that text copied out of the
    document reads as written."""
    meaning = _current[0].codes.meaning if _current else {}

    def chars(code: int) -> str:
        text = meaning.get(code, chr(code)) if code >= scripts.PRIVATE else chr(code)
        return text.encode("utf-16-be").hex().upper()

    return "\n".join([
        "/CIDInit /ProcSet findresource begin", "12 dict begin", "begincmap",
        "/CIDSystemInfo", f"<< /Registry ({fontname})", f"/Ordering ({fontname})",
        "/Supplement 0", ">> def", f"/CMapName /{fontname} def", "/CMapType 2 def",
        "1 begincodespacerange", f"<00> <{len(subset) - 1:02X}>", "endcodespacerange",
        f"{len(subset)} beginbfchar",
        *(f"<{i:02X}> <{chars(code)}>" for i, code in enumerate(subset)),
        "endbfchar", "endcmap", "CMapName currentdict /CMap defineresource pop", "end", "end"])


def _is_cjk(ch: str) -> bool:
    c = ord(ch)
    return (0x2E80 <= c <= 0x9FFF or 0xAC00 <= c <= 0xD7AF or 0xF900 <= c <= 0xFAFF
            or 0xFF00 <= c <= 0xFFEF or 0x1100 <= c <= 0x11FF or 0x20000 <= c <= 0x3FFFF)
