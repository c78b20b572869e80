"""An open design and the edit API every change goes through, with notifications (no Qt).

The desktop app wraps each call in an undo command; the scene listens for changes and
mirrors them. Primitives return what their inverse needs, so an undo command can restore the
exact previous state (order included).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Literal, Protocol, assert_never

from .design import Component, Design, Layout, Link, Position, Region, Site


def snapshot(design: Design, with_layout: bool = False) -> Design:
    """A copy another thread can read while the user edits on: the edit API changes the
    design's lists and sections in place but replaces elements whole, so copying the
    containers is enough (a deep copy cost 40 ms of GUI time on the flagship). The layout is
    left out unless asked for: the analysis does not read it, the PDF's diagram does."""
    p = design.placement
    layout = design.layout.model_copy(update={
        "positions": dict(design.layout.positions),
        "collapsed": list(design.layout.collapsed)}) if with_layout else Layout()
    return design.model_copy(update={
        "components": list(design.components), "links": list(design.links),
        "waivers": list(design.waivers),
        "placement": p.model_copy(update={"regions": list(p.regions), "sites": list(p.sites)}),
        "reviews": design.reviews.model_copy(), "layout": layout})


class _Identified(Protocol):
    @property
    def id(self) -> str: ...


def _index(items: Sequence[_Identified], ident: str) -> int:
    """Where the element with this id stands in its list."""
    return next(i for i, x in enumerate(items) if x.id == ident)


ElementKind = Literal["component", "link", "site", "region", "zone", "group"]
# the elements an edit swaps whole (a zone is edited as part of its region)
Replaceable = Literal["component", "link", "site", "region"]
Section = Literal["metadata", "requirements", "policy", "waivers", "decisions", "risks",
                  "operations", "transition", "reviews", "variants"]
Element = Component | Link | Site | Region


class ChangeKind(StrEnum):
    """What kind of change a notification reports. The values are the strings earlier
    listeners compared ``kind`` with, and a StrEnum member still equals its string."""

    COMPONENT_ADDED = "component-added"
    COMPONENT_REMOVED = "component-removed"
    COMPONENT_CHANGED = "component-changed"
    LINK_ADDED = "link-added"
    LINK_REMOVED = "link-removed"
    LINK_CHANGED = "link-changed"
    SITE_ADDED = "site-added"
    SITE_REMOVED = "site-removed"
    SITE_CHANGED = "site-changed"
    REGION_ADDED = "region-added"
    REGION_REMOVED = "region-removed"
    REGION_CHANGED = "region-changed"
    LAYOUT = "layout"  # positions set or cleared; ids: the elements moved
    SECTION = "section"  # ids: the section's name
    RESET = "reset"  # a whole new design


@dataclass(frozen=True)
class Change:
    """What changed: ``kind``, and ``ids`` the elements concerned."""

    kind: ChangeKind
    ids: tuple[str, ...] = ()


Listener = Callable[[Change], None]


class DesignDocument:
    def __init__(self, design: Design, path: Path | None = None) -> None:
        self.design = design
        self.path = path
        self._listeners: list[Listener] = []
        self._index: dict[str, object] | None = None  # id -> component/link/site, rebuilt lazily

    # ---- notifications ---------------------------------------------------------------
    def subscribe(self, listener: Listener) -> None:
        self._listeners.append(listener)

    def unsubscribe(self, listener: Listener) -> None:
        if listener in self._listeners:
            self._listeners.remove(listener)

    def _emit(self, kind: ChangeKind, *ids: str) -> None:
        self._index = None
        change = Change(kind, ids)
        for listener in list(self._listeners):
            listener(change)

    # ---- lookups -----------------------------------------------------------------------
    def _lookup(self, eid: str) -> object | None:
        if self._index is None:
            index: dict[str, object] = {}
            items: list[Component | Link | Site] = [*self.design.components, *self.design.links,
                                                    *self.design.placement.sites]
            for item in items:
                index.setdefault(item.id, item)
            self._index = index
        return self._index.get(eid)

    def component(self, cid: str) -> Component | None:
        found = self._lookup(cid)
        return found if isinstance(found, Component) else None

    def link(self, lid: str) -> Link | None:
        found = self._lookup(lid)
        return found if isinstance(found, Link) else None

    def site(self, sid: str) -> Site | None:
        found = self._lookup(sid)
        return found if isinstance(found, Site) else None

    def region(self, rid: str) -> Region | None:
        return next((r for r in self.design.placement.regions if r.id == rid), None)

    def region_of_zone(self, zid: str) -> Region | None:
        return next((r for r in self.design.placement.regions
                     if any(z.id == zid for z in r.zones)), None)

    def element(self, kind: Replaceable, element_id: str) -> Element | None:
        """The component, link, site or region with this id, looked up as ``kind``."""
        if kind == "component":
            return self.component(element_id)
        if kind == "link":
            return self.link(element_id)
        if kind == "site":
            return self.site(element_id)
        if kind == "region":
            return self.region(element_id)
        assert_never(kind)

    def kind_of(self, element_id: str) -> ElementKind | None:
        if self.component(element_id):
            return "component"
        if self.link(element_id):
            return "link"
        if self.site(element_id):
            return "site"
        if self.region(element_id):
            return "region"
        for r in self.design.placement.regions:
            if any(z.id == element_id for z in r.zones):
                return "zone"
            if any(g.id == element_id for g in r.proximity_groups):
                return "group"
        return None

    def ids(self) -> set[str]:
        out = {c.id for c in self.design.components} | {x.id for x in self.design.links}
        out |= {s.id for s in self.design.placement.sites}
        for r in self.design.placement.regions:
            out |= {r.id} | {z.id for z in r.zones} | {g.id for g in r.proximity_groups}
        return out

    def unique_id(self, wanted: str) -> str:
        taken = self.ids()
        if wanted not in taken:
            return wanted
        n = 2
        while f"{wanted}-{n}" in taken:
            n += 1
        return f"{wanted}-{n}"

    def links_of(self, element_id: str) -> list[Link]:
        return [x for x in self.design.links if element_id in (x.from_, x.to)]

    # ---- components --------------------------------------------------------------------
    def insert_component(self, comp: Component, index: int | None = None,
                         position: Position | None = None) -> None:
        comps = self.design.components
        comps.insert(len(comps) if index is None else index, comp)
        if position is not None:
            self.design.layout.positions[comp.id] = position
        self._emit(ChangeKind.COMPONENT_ADDED, comp.id)

    def remove_component(self, cid: str) -> tuple[int, Component, Position | None]:
        comps = self.design.components
        index = _index(comps, cid)
        comp = comps.pop(index)
        position = self.design.layout.positions.pop(cid, None)
        self._emit(ChangeKind.COMPONENT_REMOVED, cid)
        return index, comp, position

    def replace_component(self, cid: str, new: Component) -> Component:
        comps = self.design.components
        index = _index(comps, cid)
        old = comps[index]
        comps[index] = new
        self._emit(ChangeKind.COMPONENT_CHANGED, cid)
        return old

    # ---- links -------------------------------------------------------------------------
    def insert_link(self, link: Link, index: int | None = None) -> None:
        links = self.design.links
        links.insert(len(links) if index is None else index, link)
        self._emit(ChangeKind.LINK_ADDED, link.id)

    def remove_link(self, lid: str) -> tuple[int, Link]:
        links = self.design.links
        index = _index(links, lid)
        link = links.pop(index)
        self._emit(ChangeKind.LINK_REMOVED, lid)
        return index, link

    def replace_link(self, lid: str, new: Link) -> Link:
        links = self.design.links
        index = _index(links, lid)
        old = links[index]
        links[index] = new
        self._emit(ChangeKind.LINK_CHANGED, lid)
        return old

    # ---- sites and regions -------------------------------------------------------------
    def insert_site(self, site: Site, index: int | None = None,
                    position: Position | None = None) -> None:
        sites = self.design.placement.sites
        sites.insert(len(sites) if index is None else index, site)
        if position is not None:
            self.design.layout.positions[site.id] = position
        self._emit(ChangeKind.SITE_ADDED, site.id)

    def remove_site(self, sid: str) -> tuple[int, Site, Position | None]:
        sites = self.design.placement.sites
        index = _index(sites, sid)
        site = sites.pop(index)
        position = self.design.layout.positions.pop(sid, None)
        self._emit(ChangeKind.SITE_REMOVED, sid)
        return index, site, position

    def replace_site(self, sid: str, new: Site) -> Site:
        sites = self.design.placement.sites
        index = _index(sites, sid)
        old, sites[index] = sites[index], new
        self._emit(ChangeKind.SITE_CHANGED, sid)
        return old

    def replace_region(self, rid: str, new: Region) -> Region:
        regions = self.design.placement.regions
        index = _index(regions, rid)
        old, regions[index] = regions[index], new
        self._emit(ChangeKind.REGION_CHANGED, rid)
        return old

    def insert_region(self, region: Region, index: int | None = None) -> None:
        regions = self.design.placement.regions
        regions.insert(len(regions) if index is None else index, region)
        self._emit(ChangeKind.REGION_ADDED, region.id)

    def remove_region(self, rid: str) -> tuple[int, Region]:
        regions = self.design.placement.regions
        index = _index(regions, rid)
        region = regions.pop(index)
        self._emit(ChangeKind.REGION_REMOVED, rid)
        return index, region

    def replace(self, kind: Replaceable, element_id: str, new: Element) -> Element:
        """Swap an element whole (``new`` is of ``kind``); returns the one replaced."""
        if kind == "component" and isinstance(new, Component):
            return self.replace_component(element_id, new)
        if kind == "link" and isinstance(new, Link):
            return self.replace_link(element_id, new)
        if kind == "site" and isinstance(new, Site):
            return self.replace_site(element_id, new)
        if kind == "region" and isinstance(new, Region):
            return self.replace_region(element_id, new)
        raise TypeError(f"a {type(new).__name__} cannot replace a {kind}")

    # ---- layout and sections -----------------------------------------------------------
    def set_positions(self, positions: dict[str, Position | None]) -> dict[str, Position | None]:
        """Set (or clear, with None) positions; returns the previous ones."""
        layout = self.design.layout.positions
        before = {eid: layout.get(eid) for eid in positions}
        for eid, pos in positions.items():
            if pos is None:
                layout.pop(eid, None)
            else:
                layout[eid] = pos
        self.design.layout.positions = dict(sorted(layout.items()))
        self._emit(ChangeKind.LAYOUT, *positions)
        return before

    def set_section(self, name: Section, value: object) -> object:
        old = getattr(self.design, name)
        setattr(self.design, name, value)
        self._emit(ChangeKind.SECTION, name)
        return old

    def reset(self, design: Design) -> None:
        self.design = design
        self._emit(ChangeKind.RESET)

    def invalidate(self) -> None:
        """Call after changing the design's lists other than through this API."""
        self._index = None
