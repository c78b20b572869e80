"""An open design and the edit API every change goes through, with notifications (no Qt).

The desktop app wraps each call in an undo command; the scene listens for changes and
mirrors them. Primitives return what their inverse needs, so an undo command can restore the
exact previous state (order included).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal, Protocol

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
Section = Literal["metadata", "requirements", "policy", "waivers", "reviews"]


@dataclass(frozen=True)
class Change:
    """What changed: ``kind`` is e.g. 'component-added', 'link-removed', 'layout', 'section',
    'reset'; ``ids`` the elements concerned."""

    kind: str
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

    def _emit(self, kind: str, *ids: str) -> None:
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
        self._emit("component-added", comp.id)

    def remove_component(self, cid: str) -> tuple[int, Component, Position | None]:
        comps = self.design.components
        index = _index(comps, cid)
        comp = comps.pop(index)
        position = self.design.layout.positions.pop(cid, None)
        self._emit("component-removed", cid)
        return index, comp, position

    def replace_component(self, cid: str, new: Component) -> Component:
        comps = self.design.components
        index = _index(comps, cid)
        old = comps[index]
        comps[index] = new
        self._emit("component-changed", cid)
        return old

    # ---- links -------------------------------------------------------------------------
    def insert_link(self, link: Link, index: int | None = None) -> None:
        links = self.design.links
        links.insert(len(links) if index is None else index, link)
        self._emit("link-added", link.id)

    def remove_link(self, lid: str) -> tuple[int, Link]:
        links = self.design.links
        index = _index(links, lid)
        link = links.pop(index)
        self._emit("link-removed", lid)
        return index, link

    def replace_link(self, lid: str, new: Link) -> Link:
        links = self.design.links
        index = _index(links, lid)
        old = links[index]
        links[index] = new
        self._emit("link-changed", lid)
        return old

    # ---- sites and regions -------------------------------------------------------------
    def insert_site(self, site: Site, index: int | None = None,
                    position: Position | None = None) -> None:
        sites = self.design.placement.sites
        sites.insert(len(sites) if index is None else index, site)
        if position is not None:
            self.design.layout.positions[site.id] = position
        self._emit("site-added", site.id)

    def remove_site(self, sid: str) -> tuple[int, Site, Position | None]:
        sites = self.design.placement.sites
        index = _index(sites, sid)
        site = sites.pop(index)
        position = self.design.layout.positions.pop(sid, None)
        self._emit("site-removed", sid)
        return index, site, position

    def replace_site(self, sid: str, new: Site) -> Site:
        sites = self.design.placement.sites
        index = _index(sites, sid)
        old, sites[index] = sites[index], new
        self._emit("site-changed", sid)
        return old

    def replace_region(self, rid: str, new: Region) -> Region:
        regions = self.design.placement.regions
        index = _index(regions, rid)
        old, regions[index] = regions[index], new
        self._emit("region-changed", rid)
        return old

    def insert_region(self, region: Region, index: int | None = None) -> None:
        regions = self.design.placement.regions
        regions.insert(len(regions) if index is None else index, region)
        self._emit("region-added", region.id)

    def remove_region(self, rid: str) -> tuple[int, Region]:
        regions = self.design.placement.regions
        index = _index(regions, rid)
        region = regions.pop(index)
        self._emit("region-removed", rid)
        return index, region

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
        self._emit("layout", *positions)
        return before

    def set_section(self, name: Section, value: object) -> object:
        old = getattr(self.design, name)
        setattr(self.design, name, value)
        self._emit("section", name)
        return old

    def reset(self, design: Design) -> None:
        self.design = design
        self._emit("reset")

    def invalidate(self) -> None:
        """Call after changing the design's lists other than through this API."""
        self._index = None
