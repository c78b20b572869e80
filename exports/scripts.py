"""Names in scripts that a font cannot draw character by character: right-to-left text put in
the order it is read on paper, and scripts whose letters join, reorder or combine shaped by
HarfBuzz (``uharfbuzz``) with a Noto font.

reportlab draws a string character by character, left to right, each character the glyph its
font maps it to. Two kinds of text need more:

- **Right to left** (Hebrew, Arabic): the letters of a name are stored in the order they are
  read and must be drawn reversed. :func:`visual` applies the Unicode bidirectional algorithm
  (UAX #9) for a left-to-right document: runs of right-to-left text, with the spaces and
  punctuation between their words and the numbers inside them, are reversed as units; numbers
  keep their own order; brackets are mirrored.
- **Shaping**: Arabic letters take their initial, medial, final or isolated form and join; in
  Devanagari, Bengali, Tamil, Telugu, Thai and Khmer vowel signs move before their consonant,
  consonants form conjuncts and marks stack. HarfBuzz shapes such a run with the script's Noto
  font (Hind Siliguri for Bengali), all SIL Open Font License, packaged on PyPI by fontpkg; each
  glyph it picks is written as a private-use character (plane 15, one block of 4,096 per font)
  that the font maps to that glyph, so reportlab measures, embeds and draws it like any other
  character. A document gives out its own codes (:class:`Codes`) in the order it meets the
  glyphs, so its bytes do not depend on what else a process drew, and remembers what each
  stands for, so that the PDF's ToUnicode map gives the name back when text is copied out. A
  shaped glyph keeps its advance; HarfBuzz's mark offsets are not applied (the fonts draw marks
  over the preceding glyph by their own outlines).

Hebrew needs no shaping: DejaVu Sans draws it once reversed. Everything here is loaded only when
a string needs it: a document in Latin, Greek, Cyrillic or CJK never imports HarfBuzz.
"""

from __future__ import annotations

import threading
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from importlib import import_module
from pathlib import Path
from typing import Any

PRIVATE = 0xF0000  # Supplementary Private Use Area-A
BLOCK = 0x1000  # private-use codes of one font: glyph ids below this


@dataclass(frozen=True)
class Script:
    name: str
    package: str  # the fontpkg package holding the font
    file: str  # glob of the font file within the package's files/
    ranges: tuple[tuple[int, int], ...]
    rtl: bool = False


SCRIPTS: tuple[Script, ...] = (
    Script("Arabic", "fontpkg_noto_sans_arabic", "NotoSansArabic*.ttf",
           ((0x0600, 0x06FF), (0x0750, 0x077F), (0x0870, 0x08FF), (0xFB50, 0xFDFF),
            (0xFE70, 0xFEFF)), rtl=True),
    Script("Devanagari", "fontpkg_noto_sans_devanagari", "NotoSansDevanagari*.ttf",
           ((0x0900, 0x097F), (0xA8E0, 0xA8FF))),
    Script("Bengali", "fontpkg_hind_siliguri", "HindSiliguri-Regular.ttf", ((0x0980, 0x09FF),)),
    Script("Tamil", "fontpkg_noto_sans_tamil", "NotoSansTamil*.ttf", ((0x0B80, 0x0BFF),)),
    Script("Telugu", "fontpkg_noto_sans_telugu", "NotoSansTelugu*.ttf", ((0x0C00, 0x0C7F),)),
    Script("Thai", "fontpkg_noto_sans_thai", "NotoSansThai*.ttf", ((0x0E00, 0x0E7F),)),
    Script("Khmer", "fontpkg_noto_sans_khmer", "NotoSansKhmer*.ttf",
           ((0x1780, 0x17FF), (0x19E0, 0x19FF))),
)
HEBREW = ((0x0590, 0x05FF), (0xFB1D, 0xFB4F))
# joiners and the combining marks shared by scripts belong to the run they sit in
_JOINERS = frozenset("\u200c\u200d\u25cc")
_MIRROR = str.maketrans("()[]{}<>«»‹›", ")(][}{><»«›‹")

_LOCK = threading.Lock()  # the loaded fonts and the private-use codes mapped in them
_fonts: dict[str, Any] = {}


def _table() -> dict[int, int]:
    """code point -> index in SCRIPTS (-1: Hebrew), for every code point of a shaped script."""
    out: dict[int, int] = {}
    for index, script in enumerate(SCRIPTS):
        for start, end in script.ranges:
            out.update(dict.fromkeys(range(start, end + 1), index))
    for start, end in HEBREW:
        out.update(dict.fromkeys(range(start, end + 1), -1))
    return out


SCRIPT_OF = _table()
NEEDS = frozenset(map(chr, SCRIPT_OF))  # characters that :func:`visual` changes


def needs_visual(text: str) -> bool:
    return not NEEDS.isdisjoint(text)


def font_path(script: Script) -> Path:
    package = import_module(script.package)
    found = sorted((Path(package.ROOT) / "files").glob(script.file))
    if not found:
        raise FileNotFoundError(f"{script.package} holds no {script.file}")
    return found[0]


def font(index: int) -> Any:
    """The reportlab face of ``SCRIPTS[index]``, named after the font (loaded once)."""
    script = SCRIPTS[index]
    with _LOCK:
        if script.name not in _fonts:
            from reportlab.pdfbase.ttfonts import TTFont

            _fonts[script.name] = TTFont(f"Noto-{script.name}", str(font_path(script)))
        return _fonts[script.name]


def loaded() -> list[tuple[int, Any]]:
    """(index, face) of the script fonts loaded so far."""
    with _LOCK:
        return [(i, _fonts[s.name]) for i, s in enumerate(SCRIPTS) if s.name in _fonts]


@lru_cache(maxsize=64)
def _shaper(index: int) -> Any:
    import uharfbuzz as hb

    blob = hb.Blob.from_file_path(str(font_path(SCRIPTS[index])))
    return hb.Font(hb.Face(blob))


Glyph = tuple[int, int, str]  # (index in SCRIPTS, glyph id, the characters it stands for)
Piece = str | Glyph  # a character drawn as it is, or a shaped glyph


def _shape(index: int, text: str) -> list[Glyph]:
    """``text`` (one run of SCRIPTS[index], in reading order) as the glyphs HarfBuzz draws it
    with, left to right, each with the characters it stands for: the first glyph of a cluster
    in reading order stands for all of the cluster's characters (a vowel sign drawn before its
    consonant, a ligature), the others for none."""
    import uharfbuzz as hb

    buffer = hb.Buffer()
    buffer.add_str(text)
    buffer.guess_segment_properties()
    hb.shape(_shaper(index), buffer, {})
    infos = buffer.glyph_infos
    clusters = [info.cluster for info in infos]
    starts = sorted(set(clusters)) + [len(text)]
    end = dict(zip(starts, starts[1:], strict=False))
    order = range(len(infos) - 1, -1, -1) if SCRIPTS[index].rtl else range(len(infos))
    first: dict[int, int] = {}
    for i in order:
        first.setdefault(clusters[i], i)
    return [(index, info.codepoint, text[info.cluster:end[info.cluster]]
             if first[info.cluster] == i else "") for i, info in enumerate(infos)]


class Codes:
    """The private-use characters of one document's shaped glyphs: given out in the order the
    document meets them (so its bytes depend on it alone), one block of codes per font, each
    mapped in the font to its glyph with the glyph's advance, and remembering the characters
    it stands for (for the PDF's ToUnicode map)."""

    def __init__(self) -> None:
        self.codes: dict[Glyph, int] = {}
        self.meaning: dict[int, str] = {}
        self.used = [0] * len(SCRIPTS)

    def text(self, pieces: tuple[Piece, ...]) -> str:
        return "".join(p if isinstance(p, str) else chr(self.code(p)) for p in pieces)

    def code(self, glyph: Glyph) -> int:
        code = self.codes.get(glyph)
        if code is not None:
            return code
        index, gid, chars = glyph
        if self.used[index] >= BLOCK:
            raise ValueError(f"more than {BLOCK} {SCRIPTS[index].name} glyphs in one document")
        code = PRIVATE + index * BLOCK + self.used[index]
        self.used[index] += 1
        self.codes[glyph] = code
        self.meaning[code] = chars
        inner = font(index).face
        with _LOCK:  # the face is shared: this document's code replaces an earlier one's
            inner.charToGlyph[code] = gid
            inner.charWidths[code] = inner.hmetrics[gid][0] * 1000.0 / inner.unitsPerEm
        return code


def _script(ch: str, previous: int | None) -> int | None:
    """The shaped script of ``ch``: its own, or for a joiner or combining mark the run's."""
    own = SCRIPT_OF.get(ord(ch))
    if own is None and previous is not None and (ch in _JOINERS or unicodedata.combining(ch)):
        return previous
    return own


def _shape_runs(pieces: list[Piece]) -> list[Piece]:
    """Every run of a left-to-right shaped script in ``pieces`` shaped; the rest as it is."""
    out: list[Piece] = []
    run: list[str] = []
    current: int | None = None
    for piece in pieces:
        if not isinstance(piece, str):
            out.extend(_finish(current, "".join(run)))
            run, current = [], None
            out.append(piece)
            continue
        script = _script(piece, current)
        if script != current and run:
            out.extend(_finish(current, "".join(run)))
            run = []
        current = script
        run.append(piece)
    out.extend(_finish(current, "".join(run)))
    return out


def _finish(script: int | None, run: str) -> list[Piece]:
    if script is None or script < 0 or SCRIPTS[script].rtl:
        return list(run)
    return list(_shape(script, run))


# -------------------------------------------------------------------------- bidirectional text
def _kind(ch: str) -> str:
    """L (left to right), R (right to left), N (a number's digit), S (separator within a
    number), M (a combining mark) or O (neutral), from the character's bidi class."""
    bidi = unicodedata.bidirectional(ch)
    if bidi in ("R", "AL"):
        return "R"
    if bidi in ("EN", "AN"):
        return "N"
    if bidi in ("CS", "ES", "ET"):
        return "S"
    if bidi == "NSM":
        return "M"
    return "L" if bidi in ("L", "LRE", "LRO", "LRI") else "O"


def _levels(text: str) -> list[int]:
    """UAX #9 levels of ``text`` in a left-to-right paragraph with no explicit embeddings:
    0 left to right, 1 right to left, 2 a number inside right-to-left text."""
    kinds = [_kind(c) for c in text]
    for i, k in enumerate(kinds):  # W1: a mark takes the class of what it marks
        if k == "M":
            kinds[i] = kinds[i - 1] if i else "O"
    for i, k in enumerate(kinds):  # W4/W5: a separator between digits belongs to the number
        if k == "S":
            before = kinds[i - 1] if i else "O"
            after = kinds[i + 1] if i + 1 < len(kinds) else "O"
            kinds[i] = "N" if before == "N" and after == "N" else "O"
    strong: list[str] = []  # the strong direction each character is in (numbers take it)
    last = "L"
    for k in kinds:
        if k in ("L", "R"):
            last = k
        strong.append(last if k in ("N", "O") else k)
    levels = [0] * len(text)
    i = 0
    while i < len(text):
        if kinds[i] != "O":
            levels[i] = (2 if strong[i] == "R" else 0) if kinds[i] == "N" else \
                (1 if kinds[i] == "R" else 0)
            i += 1
            continue
        j = i  # N1/N2: neutrals between two right-to-left sides are right to left
        while j < len(text) and kinds[j] == "O":
            j += 1
        left = "L" if i == 0 else ("R" if kinds[i - 1] == "R" or
                                   (kinds[i - 1] == "N" and strong[i - 1] == "R") else "L")
        right = "L" if j == len(text) else ("R" if kinds[j] == "R" or
                                             (kinds[j] == "N" and strong[j] == "R") else "L")
        level = 1 if left == right == "R" else 0
        for n in range(i, j):
            levels[n] = level
        i = j
    return levels


def _reorder(text: str, levels: list[int]) -> list[Piece]:
    """L2: reverse every run at or above each level, highest first; mirror brackets in
    right-to-left runs. Arabic runs are shaped (in reading order) before they are reversed."""
    units: list[tuple[int, list[Piece]]] = []  # an Arabic run is one unit, in visual order
    i = 0
    while i < len(text):
        j = i + 1
        arabic = SCRIPT_OF.get(ord(text[i])) == 0
        while j < len(text) and levels[j] == levels[i] and arabic and (
                SCRIPT_OF.get(ord(text[j])) == 0 or unicodedata.combining(text[j])):
            j += 1
        units.append((levels[i], list(_shape(0, text[i:j])) if arabic else [text[i]]))
        i = j
    for level in (2, 1):
        out: list[tuple[int, list[Piece]]] = []
        k = 0
        while k < len(units):
            if units[k][0] < level:
                out.append(units[k])
                k += 1
                continue
            m = k
            while m < len(units) and units[m][0] >= level:
                m += 1
            out.extend(reversed(units[k:m]))
            k = m
        units = out
    return [p.translate(_MIRROR) if lvl == 1 and isinstance(p, str) else p
            for lvl, unit in units for p in unit]


def visual(text: str, codes: Codes | None = None) -> str:
    """``text`` as drawn left to right: right-to-left runs reversed (Arabic shaped), the other
    shaped scripts shaped, their glyphs as the private-use characters ``codes`` gives them.
    Text that needs neither comes back unchanged."""
    if not needs_visual(text):
        return text
    return (codes or Codes()).text(shaped(text))


@lru_cache(maxsize=8192)
def shaped(text: str) -> tuple[Piece, ...]:
    """``text`` in the order it is drawn, left to right: characters, and shaped glyphs."""
    levels = _levels(text)
    pieces: list[Piece] = list(text)
    if any(levels):
        # a Hebrew point must follow its letter after reversal: swap marks before letters
        text, levels = _marks_with_letters(text, levels)
        pieces = _reorder(text, levels)
    return tuple(_shape_runs(pieces))


def _marks_with_letters(text: str, levels: list[int]) -> tuple[str, list[int]]:
    """Swap each right-to-left letter with the combining marks after it, so that reversing
    the run puts the marks back after the letter. Marks of shaped Arabic runs are left: the
    shaper takes them in reading order."""
    chars, out_levels = list(text), list(levels)
    i = 0
    while i < len(chars):
        j = i + 1
        while j < len(chars) and unicodedata.combining(chars[j]) and out_levels[i] == 1 \
                and SCRIPT_OF.get(ord(chars[i])) == -1:
            j += 1
        if j > i + 1:
            chars[i:j] = chars[j - 1:i:-1] + [chars[i]]  # reversed back with the run
        i = j
    return "".join(chars), out_levels
