"""Table cells a person can read: words are never cut, web addresses are links.

A cell's text wraps at spaces; a word wider than its whole column (a long identifier such as
``hyperspace-presentation``) breaks after one of its hyphens or slashes, never inside a run of
letters. Columns are first widened, at the expense of columns with room to spare, so that the
words of every column fit whole (``fit_widths``). Addresses in the text (``learn.microsoft.com/
...``, with or without a scheme) become link annotations."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from html import escape as html_escape

from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Paragraph

PADDING = 6.0  # a cell's left and right padding together (styles.table_style: 3 + 3)
LINK_COLOUR = "#1f4e8c"
URL = re.compile(r"(?:https?://)?(?:[A-Za-z0-9-]+\.)+(?:com|org|net|gov|edu|io)\b"
                 r"(?:/[^\s()<>,;\"']*[^\s()<>,;.:\"'])?")
_BREAK_AFTER = re.compile(r"[^-/]*[-/]+|[^-/]+")

Measure = Callable[[str], float]
Piece = tuple[int, int, int]  # (word, start, end): part of one word on a line


def escape(text: str) -> str:
    """``&``, ``<`` and ``>`` as entities, as paragraph markup wants them (what
    ``xml.sax.saxutils.escape`` does, whose module imports ``urllib.request``: ~10 ms of an
    export)."""
    return html_escape(text, quote=False)


def _quoted(value: str) -> str:
    """An attribute value, escaped and in double quotes."""
    return f'"{html_escape(value)}"'


def href(url: str) -> str:
    """The link target of an address written with or without its scheme."""
    return url if url.startswith(("http://", "https://")) else f"https://{url}"


def linked(text: str) -> str:
    """Paragraph markup of plain ``text``: escaped, every address in it a link."""
    out, at = [], 0
    for m in URL.finditer(text):
        out += [escape(text[at:m.start()]), _anchor(m.group(0), m.group(0))]
        at = m.end()
    return "".join(out) + escape(text[at:])


def _anchor(label: str, url: str) -> str:
    return f"<a href={_quoted(href(url))} color={_quoted(LINK_COLOUR)}>{escape(label)}</a>"


class Para(Paragraph):
    """A paragraph that breaks its lines once per width: laid out again at the width of its
    last layout (the next pass of the document, the table cell drawn after it was measured),
    it keeps the lines it has. Its text never changes once made."""

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        own = self.__dict__
        if own.get("_wrapped_at") == availWidth and "blPara" in own:  # a split drops it
            return self.width, self.height
        size: tuple[float, float] = super().wrap(availWidth, availHeight)
        self._wrapped_at = availWidth
        return size


def measure_with(style: ParagraphStyle) -> Measure:
    return lambda s: stringWidth(s, style.fontName, style.fontSize)


# ---------------------------------------------------------------------------- wrapping
def wrap(words: Sequence[str], width: float, measure: Measure) -> list[list[Piece]]:
    """Lines of ``words`` no wider than ``width``: broken between words, and inside a word
    only when the word is wider than a line, after a hyphen or slash. A piece with neither
    that is still too wide stands alone on its line (the columns are sized so none is)."""
    lines: list[list[Piece]] = []
    line: list[Piece] = []
    used, space = 0.0, measure(" ")
    for i, word in enumerate(words):
        w = measure(word)
        if w <= width:
            if line and used + space + w > width:
                lines.append(line)
                line, used = [], 0.0
            used += (space if line else 0.0) + w
            line.append((i, 0, len(word)))
            continue
        for m in _BREAK_AFTER.finditer(word):
            pw = measure(m.group(0))
            glue = space if line and m.start() == 0 else 0.0
            if line and used + glue + pw > width:
                lines.append(line)
                line, used, glue = [], 0.0, 0.0
            used += glue + pw
            line.append((i, m.start(), m.end()))
    return [*lines, line] if line else lines


def markup(text: str, width: float, measure: Measure) -> str:
    """Paragraph markup of ``text`` broken into lines of ``width`` (``<br/>`` between them),
    its addresses links: a split address is one link on each of its lines."""
    out: list[str] = []
    for para in text.split("\n"):
        words = para.split()
        spans = [_url_span(word) for word in words]
        for line in wrap(words, width, measure) or [[]]:
            parts, last = [], -1
            for i, start, end in line:
                if last not in (-1, i):
                    parts.append(" ")
                parts.append(_piece(words[i], start, end, spans[i]))
                last = i
            out.append("".join(parts))
    return "<br/>".join(out)


def _url_span(word: str) -> tuple[int, int, str] | None:
    m = URL.search(word)
    return None if m is None else (m.start(), m.end(), m.group(0))


def _piece(word: str, start: int, end: int, span: tuple[int, int, str] | None) -> str:
    if span is None or span[1] <= start or span[0] >= end:
        return escape(word[start:end])
    u0, u1 = max(start, span[0]), min(end, span[1])
    return escape(word[start:u0]) + _anchor(word[u0:u1], span[2]) + escape(word[u1:end])


def cell(text: str, width: float, style: ParagraphStyle) -> Paragraph | str:
    """A plain string when it fits its column on one line without an address (tables of
    thousands of rows stay fast), else a paragraph broken where a person would break it."""
    measure = measure_with(style)
    avail = width - PADDING
    if "\n" not in text and measure(text) <= avail and not URL.search(text):
        return text
    return Para(markup(text, avail, measure), style)


# ---------------------------------------------------------------------------- column widths
def widest_words(rows: Sequence[Sequence[object]], measure: Measure) -> list[float]:
    """Per column, the width of its widest word among the plain-text cells."""
    widest = [0.0] * max((len(r) for r in rows), default=0)
    for row in rows:
        for j, value in enumerate(row):
            if isinstance(value, str | int | float):
                for word in str(value).split():
                    widest[j] = max(widest[j], measure(word))
    return widest


def fit_widths(widths: Sequence[float], needs: Sequence[float],
               most: float = 0.45) -> list[float]:
    """``widths`` moved so that every column is at least as wide as it ``needs`` (up to
    ``most`` of the table), taken from columns wider than they need in proportion to what
    they can spare; the total stays the same. Words beyond that break at hyphens."""
    total = sum(widths)
    want = [min(need, most * total) for need in needs]
    short = [max(0.0, w_ - w) for w, w_ in zip(widths, want, strict=True)]
    spare = [max(0.0, w - w_) for w, w_ in zip(widths, want, strict=True)]
    deficit, room = sum(short), sum(spare)
    if deficit <= 0 or room <= 0:
        return list(widths)
    moved = min(deficit, room)
    return [w + s * moved / deficit - r * moved / room
            for w, s, r in zip(widths, short, spare, strict=True)]
