"""Copy and paste: a fragment of a design as text, and the plan of pasting one (no Qt).

A fragment holds components, the links between them and their positions. Pasted elements
get ids not yet taken (``odb-copy``, ``odb-copy2``...), links follow their renamed ends,
and whatever the fragment names that the design lacks (a region, a zone, a log store) is
replaced by what the design has, so that a paste never leaves a file the loader refuses.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import yaml
from pydantic import ValidationError

from catalogs import Catalog

from .canonical import dump_yaml, to_plain
from .design import Component, ComponentPlacement, Design, Link, Position
from .edits import AddComponent, AddLink, Edit, Plan
from .placement import ON_PREMISES, PlacementRefused, placement_in, provider_at

_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

HEADER = "# ehrwb fragment: components and the links between them\n"


class FragmentError(ValueError):
    """Text that is not a fragment (its message says why)."""


@dataclass(frozen=True)
class Fragment:
    components: list[Component] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    positions: dict[str, Position] = field(default_factory=dict)


def fragment_of(design: Design, ids: list[str]) -> Fragment:
    """The components among ``ids``, the links between two of them and their positions."""
    comps = [c for c in design.components if c.id in ids]
    chosen = {c.id for c in comps}
    positions = design.layout.positions
    return Fragment(comps, [x for x in design.links if x.from_ in chosen and x.to in chosen],
                    {c.id: positions[c.id] for c in comps if c.id in positions})


def fragment_text(fragment: Fragment) -> str:
    """The fragment as YAML after the marker line that tells a fragment from other text."""
    return HEADER + dump_yaml({"components": to_plain(fragment.components),
                               "links": to_plain(fragment.links),
                               "positions": to_plain(fragment.positions)})


def parse_fragment(text: str) -> Fragment:
    """A fragment from its text (the marker line is a comment: text without it is read too).

    Raises FragmentError."""
    try:
        # libyaml's parser when PyYAML has it: the pure-Python one took 0.1 s of a paste of
        # 50 components (the same safe constructor builds the data)
        data = yaml.load(text, Loader=_LOADER) or {}
    except yaml.YAMLError as exc:
        raise FragmentError(str(exc)) from exc
    if not isinstance(data, dict):
        raise FragmentError("not a fragment of a design")
    comps, links = data.get("components") or [], data.get("links") or []
    positions = data.get("positions") or {}
    if not isinstance(comps, list) or not isinstance(links, list) \
            or not isinstance(positions, dict):
        raise FragmentError("not a fragment of a design")
    try:
        return Fragment([Component.model_validate(c) for c in comps],
                        [Link.model_validate(x) for x in links],
                        {str(k): Position.model_validate(v) for k, v in positions.items()})
    except ValidationError as exc:
        raise FragmentError(str(exc)) from exc


def plan_paste(design: Design, catalog: Catalog, fragment: Fragment,
               offset: float = 40.0) -> Plan:
    """Add the fragment's components with fresh ids, placed ``offset`` right of and below
    where they were, and the links between them; no edits when none can be placed (a
    design without a region or site that takes them)."""
    taken = {c.id for c in design.components} | {x.id for x in design.links}
    taken |= {s.id for s in design.placement.sites}
    for r in design.placement.regions:
        taken |= {r.id} | {z.id for z in r.zones} | {g.id for g in r.proximity_groups}
    renamed: dict[str, str] = {}
    placed: list[tuple[Component, ComponentPlacement]] = []
    for comp in fragment.components:
        placement = _place(design, catalog, comp)
        if placement is None:
            continue
        new_id, n = comp.id, 1
        while new_id in taken:
            new_id = f"{comp.id}-copy" if n == 1 else f"{comp.id}-copy{n}"
            n += 1
        taken.add(new_id)
        renamed[comp.id] = new_id
        placed.append((comp, placement))
    if not placed:
        return Plan("")
    existing = {c.id for c in design.components}
    edits: list[Edit] = []
    for comp, placement in placed:
        store = comp.security.log_store  # the pasted copy of the store, else the design's
        if store is not None:
            store = renamed.get(store, store if store in existing else None)
        new = comp.model_copy(update={
            "id": renamed[comp.id], "placement": placement,
            "security": comp.security.model_copy(update={"log_store": store})})
        pos = fragment.positions.get(comp.id)
        edits.append(AddComponent(new, None if pos is None else
                                  Position(x=pos.x + offset, y=pos.y + offset)))
    for link in fragment.links:
        if link.from_ in renamed and link.to in renamed:
            lid = link.id
            while lid in taken:
                lid = f"{lid}-copy"
            taken.add(lid)
            edits.append(AddLink(link.model_copy(update={
                "id": lid, "from_": renamed[link.from_], "to": renamed[link.to]})))
    count = len(placed)
    return Plan(f"Paste {count} component{'s' if count > 1 else ''}", tuple(edits),
                created=tuple(renamed[c.id] for c, _ in placed))


def _place(design: Design, catalog: Catalog, comp: Component) -> ComponentPlacement | None:
    """The component's placement where the design has its region (zones and proximity group
    it lacks left out) or its site, of the SKU's provider; else the first region, then site,
    that takes its SKU."""
    where = comp.placement
    region = next((r for r in design.placement.regions if r.id == where.region), None)
    sku = catalog.skus.get(comp.sku)
    if region is not None and (sku is None or provider_at(design, catalog, where)
                               in (None, sku.provider)):
        zones = {z.id for z in region.zones}
        groups = {g.id for g in region.proximity_groups}
        update: dict[str, object] = {}
        if not set(where.zones) <= zones:
            update["zones"] = []
        if where.proximity_group is not None and where.proximity_group not in groups:
            update["proximity_group"] = None
        return where.model_copy(update=update) if update else where
    if where.site and any(s.id == where.site for s in design.placement.sites) and (
            sku is None or sku.provider == ON_PREMISES):
        return where
    if sku is None:  # the loader names the SKU; no provider to choose by
        first = design.placement.regions[:1]
        return ComponentPlacement(region=first[0].id) if first else None
    places = [r.id for r in design.placement.regions] + [s.id for s in design.placement.sites]
    for place in places:
        try:
            return placement_in(design, catalog, place, comp.sku)
        except PlacementRefused:
            continue
    return None
