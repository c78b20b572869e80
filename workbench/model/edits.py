"""Edits as data, and the plan of a delete with everything it tidies (no Qt).

A plan is the list of edits one user action makes, with its label ("Delete 3 elements"):
the editor wraps each edit in the undo command of the same name
(:mod:`workbench.ui.commands`) and pushes them as one step. Planning reads the design and
never changes it, so what an action does can be tested without a window.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .design import Comment, Component, Design, Link, Position, Reviews, Site, Variant
from .document import Element, Replaceable, Section


@dataclass(frozen=True)
class ReplaceElement:
    """An element swapped whole for an edited copy."""

    kind: Replaceable
    element_id: str
    before: Element
    after: Element


@dataclass(frozen=True)
class SetSection:
    name: Section
    before: object
    after: object


@dataclass(frozen=True)
class RemoveElements:
    """Components, sites and links removed; the links of a removed node are listed too."""

    ids: tuple[str, ...]


@dataclass(frozen=True)
class RemoveRegion:
    """An empty region removed with its zones and proximity groups."""

    region_id: str


@dataclass(frozen=True)
class AddComponent:
    component: Component
    position: Position | None = None


@dataclass(frozen=True)
class AddLink:
    link: Link


@dataclass(frozen=True)
class AddSite:
    site: Site
    position: Position | None = None


@dataclass(frozen=True)
class SetPositions:
    """Layout positions changed (a container grown, nodes moved out of its way); None: no
    position."""

    before: dict[str, Position | None]
    after: dict[str, Position | None]


Edit = (ReplaceElement | SetSection | RemoveElements | RemoveRegion | AddComponent | AddLink
        | AddSite | SetPositions)


@dataclass(frozen=True)
class Plan:
    """What one action does: ``edits`` in the order they are made (undone in reverse);
    ``refused`` says what was asked and left out, and why."""

    text: str
    edits: tuple[Edit, ...] = ()
    refused: str | None = None
    created: tuple[str, ...] = field(default=())  # ids of the new elements, to select them


def plan_delete(design: Design, ids: list[str]) -> Plan:
    """Delete components, sites, links and empty regions, with what refers to them.

    A node takes its links; a region takes its zones and proximity groups, and is refused
    while it still holds a component that stays. Components that ship audit logs to a deleted
    log store stop naming it, waivers of anything deleted go, and review comments anchored to
    it stay, unanchored; variants stop changing a deleted component. Zones and proximity
    groups asked for alone are not deleted (they go with their region)."""
    components = {c.id for c in design.components}
    sites = {s.id for s in design.placement.sites}
    links = {x.id for x in design.links}
    regions = {r.id: r for r in design.placement.regions}
    wanted = [i for i in ids if i in components or i in sites or i in links]
    asked_regions = [i for i in ids if i in regions and i not in wanted]
    staying = [c for c in design.components if c.id not in wanted]
    busy = [r for r in asked_regions if any(c.placement.region == r for c in staying)]
    refused = (f"region {busy[0]} still holds components: move or delete them first"
               if busy else None)
    removed_regions = [r for r in asked_regions if r not in busy]
    if not wanted and not removed_regions:
        return Plan("", refused=refused)

    nodes = set(wanted) - links
    cascade = [x.id for x in design.links
               if x.id not in wanted and (x.from_ in nodes or x.to in nodes)]
    gone = set(wanted) | set(cascade) | set(removed_regions)
    for rid in removed_regions:
        gone |= {z.id for z in regions[rid].zones} | {g.id for g in regions[rid].proximity_groups}

    edits: list[Edit] = []
    for comp in design.components:  # audit logs shipped to a deleted log store
        if comp.id not in gone and comp.security.log_store in gone:
            security = comp.security.model_copy(update={"log_store": None})
            edits.append(ReplaceElement("component", comp.id, comp,
                                        comp.model_copy(update={"security": security})))
    waivers = [w for w in design.waivers if w.target not in gone]
    if len(waivers) != len(design.waivers):
        edits.append(SetSection("waivers", design.waivers, waivers))
    variants = _without_changes_to(design.variants, gone)
    if variants != design.variants:
        edits.append(SetSection("variants", design.variants, variants))
    reviews = design.reviews
    if any(c.target in gone for c in reviews.comments):
        edits.append(SetSection("reviews", reviews, Reviews(
            comments=[_unanchored(c) if c.target in gone else c for c in reviews.comments],
            approvals=reviews.approvals)))
    if wanted:
        edits.append(RemoveElements((*wanted, *cascade)))
    edits.extend(RemoveRegion(rid) for rid in removed_regions)

    if wanted:
        text = f"Delete {wanted[0]}" if len(wanted) == 1 else f"Delete {len(wanted)} elements"
    else:
        text = f"Delete region {removed_regions[0]}"
    return Plan(text, tuple(edits), refused)


def _without_changes_to(variants: list[Variant], gone: set[str]) -> list[Variant]:
    """The variants without their changes to deleted components (a variant keeps its name)."""
    return [v if not any(c.component in gone for c in v.changes) else
            v.model_copy(update={"changes": [c for c in v.changes if c.component not in gone]})
            for v in variants]


def _unanchored(comment: Comment) -> Comment:
    return comment.model_copy(update={"target": None})
