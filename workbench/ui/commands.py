"""Undo commands: every edit of the design is one of these on the editor's QUndoStack.

A removal remembers indices so that undo restores order; cascades (a component's links) are
recorded in the same command; a drag is one command pushed on mouse release.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from PySide6.QtGui import QUndoCommand

from ..model.design import Component, Design, Link, Position, Region, Site
from ..model.document import DesignDocument, Element, Replaceable, Section

# per document being changed by a macro's steps: what waits for the last step, in order
_after_steps: dict[int, dict[Callable[[], None], None]] = {}


def after_steps(doc: DesignDocument, follow: Callable[[], None]) -> bool:
    """For what follows ``doc`` (the canvas laying out its containers and links): while a
    macro runs its steps, ``follow`` runs once after the last step (True) rather than now
    (False: no macro runs). A paste of 10 components routed every link 12 times (4.8 s)."""
    waiting = _after_steps.get(id(doc))
    if waiting is None:
        return False
    waiting[follow] = None
    return True


@contextmanager
def _steps_of(doc: DesignDocument | None) -> Iterator[None]:
    if doc is None or id(doc) in _after_steps:
        yield
        return
    _after_steps[id(doc)] = {}
    try:
        yield
    finally:
        for follow in _after_steps.pop(id(doc)):
            follow()


class Macro(QUndoCommand):
    """A command made of steps, undone and redone as one. The steps are plain Python objects
    the macro runs itself: giving Qt parent-owned child commands made Qt and Python both
    delete them (a double free when the undo stack was destroyed)."""

    def __init__(self, text: str) -> None:
        super().__init__(text)
        self.children_kept: list[QUndoCommand] = []

    def _doc(self) -> DesignDocument | None:
        return next((s.doc for s in self.children_kept if isinstance(s, DocCommand)), None)

    def redo(self) -> None:
        with _steps_of(self._doc()):
            for step in self.children_kept:
                step.redo()

    def undo(self) -> None:
        with _steps_of(self._doc()):
            for step in reversed(self.children_kept):
                step.undo()


class DocCommand(QUndoCommand):
    def __init__(self, doc: DesignDocument, text: str, parent: QUndoCommand | None = None) -> None:
        super().__init__(text)  # never a Qt parent: see Macro
        self.doc = doc
        if isinstance(parent, Macro):
            parent.children_kept.append(self)
        elif parent is not None:
            raise TypeError("steps of a compound command belong to a Macro")


class AddComponent(DocCommand):
    def __init__(self, doc: DesignDocument, comp: Component, position: Position | None,
                 text: str | None = None, parent: QUndoCommand | None = None) -> None:
        super().__init__(doc, text or f"Add {comp.id}", parent)
        self.comp, self.position = comp, position

    def redo(self) -> None:
        self.doc.insert_component(self.comp, position=self.position)

    def undo(self) -> None:
        self.doc.remove_component(self.comp.id)


class AddSite(DocCommand):
    def __init__(self, doc: DesignDocument, site: Site, position: Position | None,
                 parent: QUndoCommand | None = None) -> None:
        super().__init__(doc, f"Add site {site.id}", parent)
        self.site, self.position = site, position

    def redo(self) -> None:
        self.doc.insert_site(self.site, position=self.position)

    def undo(self) -> None:
        self.doc.remove_site(self.site.id)


class AddRegion(DocCommand):
    def __init__(self, doc: DesignDocument, region: Region, positions: dict[str, Position],
                 parent: QUndoCommand | None = None) -> None:
        super().__init__(doc, f"Add region {region.id}", parent)
        self.region, self.positions = region, positions

    def redo(self) -> None:
        self.doc.set_positions(dict(self.positions))
        self.doc.insert_region(self.region)

    def undo(self) -> None:
        self.doc.remove_region(self.region.id)
        self.doc.set_positions(dict.fromkeys(self.positions))


class RemoveRegion(DocCommand):
    """Remove an empty region with its zones (and their frames' positions)."""

    def __init__(self, doc: DesignDocument, region_id: str, parent: QUndoCommand | None = None
                 ) -> None:
        super().__init__(doc, f"Delete region {region_id}", parent)
        self.region_id = region_id
        self.saved: tuple[int, Region] | None = None
        self.positions: dict[str, Position | None] = {}

    def redo(self) -> None:
        region = self.doc.region(self.region_id)
        assert region is not None
        ids = [region.id] + [z.id for z in region.zones]
        self.positions = {i: self.doc.design.layout.positions.get(i) for i in ids}
        self.saved = self.doc.remove_region(self.region_id)
        self.doc.set_positions(dict.fromkeys(ids))

    def undo(self) -> None:
        assert self.saved is not None
        self.doc.set_positions(self.positions)
        self.doc.insert_region(self.saved[1], self.saved[0])


class AddLink(DocCommand):
    def __init__(self, doc: DesignDocument, link: Link, text: str | None = None,
                 parent: QUndoCommand | None = None) -> None:
        super().__init__(doc, text or f"Connect {link.from_} to {link.to} ({link.kind})", parent)
        self.link = link

    def redo(self) -> None:
        self.doc.insert_link(self.link)

    def undo(self) -> None:
        self.doc.remove_link(self.link.id)


class RemoveElements(DocCommand):
    """Remove components, sites and links; a node takes its links with it."""

    def __init__(self, doc: DesignDocument, ids: list[str], text: str,
                 parent: QUndoCommand | None = None) -> None:
        super().__init__(doc, text, parent)
        self.ids = ids
        self.removed: list[tuple[str, Any]] = []

    def redo(self) -> None:
        self.removed = []
        nodes = [i for i in self.ids if self.doc.kind_of(i) in ("component", "site")]
        links = {x.id for n in nodes for x in self.doc.links_of(n)}
        links |= {i for i in self.ids if self.doc.kind_of(i) == "link"}
        for lid in sorted(links, key=lambda i: -self._link_index(i)):
            self.removed.append(("link", self.doc.remove_link(lid)))
        for nid in nodes:
            if self.doc.kind_of(nid) == "component":
                self.removed.append(("component", self.doc.remove_component(nid)))
            else:
                self.removed.append(("site", self.doc.remove_site(nid)))

    def _link_index(self, lid: str) -> int:
        return next(i for i, x in enumerate(self.doc.design.links) if x.id == lid)

    def undo(self) -> None:
        for kind, data in reversed(self.removed):
            if kind == "link":
                index, link = data
                self.doc.insert_link(link, index)
            elif kind == "component":
                index, comp, pos = data
                self.doc.insert_component(comp, index, pos)
            else:
                index, site, pos = data
                self.doc.insert_site(site, index, pos)


class SetPositions(DocCommand):
    def __init__(self, doc: DesignDocument, before: dict[str, Position | None],
                 after: dict[str, Position | None], text: str,
                 parent: QUndoCommand | None = None) -> None:
        super().__init__(doc, text, parent)
        self.before, self.after = before, after

    def redo(self) -> None:
        self.doc.set_positions(self.after)

    def undo(self) -> None:
        self.doc.set_positions(self.before)


class ReplaceElement(DocCommand):
    """An edited component, link, site or region, swapped whole so that undo is exact."""

    def __init__(self, doc: DesignDocument, kind: Replaceable, element_id: str,
                 before: Element, after: Element, text: str,
                 parent: QUndoCommand | None = None) -> None:
        super().__init__(doc, text, parent)
        self.kind, self.element_id, self.before, self.after = kind, element_id, before, after

    def _apply(self, value: Element) -> None:
        self.doc.replace(self.kind, self.element_id, value)

    def redo(self) -> None:
        self._apply(self.after)

    def undo(self) -> None:
        self._apply(self.before)


class SetSection(DocCommand):
    def __init__(self, doc: DesignDocument, name: Section, before: Any, after: Any, text: str,
                 parent: QUndoCommand | None = None) -> None:
        super().__init__(doc, text, parent)
        self.name, self.before, self.after = name, before, after

    def redo(self) -> None:
        self.doc.set_section(self.name, self.after)

    def undo(self) -> None:
        self.doc.set_section(self.name, self.before)


class ReplaceDesign(DocCommand):
    """Swap the whole design (restoring unsaved changes from a recovery file): one undoable
    step, so that undo gives back the file as it is on disk."""

    def __init__(self, doc: DesignDocument, design: Design, text: str,
                 parent: QUndoCommand | None = None) -> None:
        super().__init__(doc, text, parent)
        self.after, self.before = design, doc.design

    def redo(self) -> None:
        self.doc.reset(self.after)

    def undo(self) -> None:
        self.doc.reset(self.before)
