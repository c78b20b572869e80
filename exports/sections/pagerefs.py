"""Forward page references: "see page 9" for a heading that is laid out later.

``PageRefs`` is an indexing flowable: the document notifies it of every heading (the same
``TOCEntry`` notice the table of contents reads) with its page and bookmark key, and
``multiBuild`` lays the story out again until the pages it saw are the pages of the pass
before. A ``RefParagraph`` writes its text at layout time from the pages of the previous pass,
so the final pass prints the pages the headings really are on, each a link to its bookmark."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Generic, TypeVar

from reportlab.platypus import Paragraph
from reportlab.platypus.flowables import Flowable
from reportlab.platypus.tableofcontents import IndexingFlowable

from .base import SS, E

V = TypeVar("V")


class PassMemory(IndexingFlowable, Generic[V]):
    """What a layout pass saw, by key, read in the next pass: ``multiBuild`` lays the story
    out again until a pass sees what the pass before saw. It takes no room on the page."""

    def __init__(self) -> None:
        super().__init__()
        self._seen: dict[str, V] = {}
        self._last: dict[str, V] = {}

    def record(self, key: str, value: V) -> None:
        self._seen.setdefault(key, value)

    def beforeBuild(self) -> None:
        self._last, self._seen = self._seen, {}

    def isSatisfied(self) -> bool:
        return self._seen == self._last

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        pass


class PageRefs(PassMemory[tuple[int, str]]):
    """The page and bookmark of every heading, by its text (the first heading of a text)."""

    def notify(self, kind: str, stuff: Any) -> None:
        if kind == "TOCEntry":
            _level, text, page, key = stuff
            self.record(text, (page, key))

    def page(self, title: str) -> str:
        """'Title, page N' linked to the heading; 'Title' alone before its page is known."""
        found = self._last.get(title)
        if found is None:
            return E(title)
        page, key = found
        return f'<a href="#{key}" color="#1f4e8c">{E(title)}, page {page}</a>'


class RefParagraph(Flowable):
    """A paragraph whose markup is written when it is laid out, from ``PageRefs``."""

    def __init__(self, markup: Callable[[PageRefs], str], refs: PageRefs,
                 style: str = "Body") -> None:
        super().__init__()
        self._markup, self._refs, self._style = markup, refs, style
        self._para: Paragraph | None = None

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self._para = Paragraph(self._markup(self._refs), SS[self._style])
        width, height = self._para.wrap(avail_width, avail_height)
        return width, height

    def getSpaceBefore(self) -> float:
        return float(SS[self._style].spaceBefore)

    def getSpaceAfter(self) -> float:
        return float(SS[self._style].spaceAfter)

    def draw(self) -> None:
        assert self._para is not None
        self._para.drawOn(self.canv, 0, 0)
