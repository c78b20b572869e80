"""The editor: owns the undo stack and turns user intentions into undo commands.

What an action changes is planned by pure functions of the model (``workbench.model.edits``,
``clipboard``, ``placement``); the editor wraps the planned edits in undo commands, pushes
them as one step and says why when an action is refused.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, assert_never

from PySide6.QtCore import QObject, QPoint, QPointF, Signal
from PySide6.QtGui import QCursor, QGuiApplication, QUndoCommand, QUndoStack
from PySide6.QtWidgets import QMenu, QWidget

from catalogs import SITE, Catalog

from ..analysis.patterns import plan_pattern
from ..model import edits
from ..model.autolayout import auto_layout, column_of
from ..model.clipboard import (
    HEADER,
    FragmentError,
    fragment_of,
    fragment_text,
    parse_fragment,
    plan_paste,
)
from ..model.design import (
    Approval,
    Comment,
    Component,
    Design,
    Layout,
    Link,
    Position,
    Region,
    Reviews,
    Site,
    Waiver,
    Zone,
)
from ..model.document import DesignDocument, Element, Replaceable, Section, snapshot
from ..model.placement import PlacementRefused, moved_to, placement_in, tidied
from ..model.references import new_issues
from ..model.secure import NEW_LINK_ENCRYPTED, log_store_for, secure_security
from ..model.slots import free_slot, make_room, node_rect, node_rects
from .commands import (
    AddComponent,
    AddLink,
    AddRegion,
    AddSite,
    Macro,
    RemoveElements,
    RemoveRegion,
    ReplaceElement,
    SetPositions,
    SetSection,
)
from .geometry import (
    FIRST_LEFT,
    PASTE_OFFSET,
    REGION_GAP,
    REGION_H,
    REGION_TOP,
    SITE_STEP,
    SITE_TOP,
    ZONE_DX,
    ZONE_DY,
    ZONE_GAP,
    ZONE_H,
    ZONE_W,
    node_centre,
    snap,
)

if TYPE_CHECKING:
    from .scene import TopologyScene


class Editor(QObject):
    statusMessage = Signal(str)

    def __init__(self, doc: DesignDocument, catalog: Catalog,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.doc = doc
        self.catalog = catalog
        self.last_message = ""  # what the editor said last (why an action was refused)
        self.statusMessage.connect(self._remember)
        self.undo_stack = QUndoStack(self)
        self.read_only = False
        self.scene: TopologyScene | None = None  # set by the main window
        self._parent_widget = parent

    def push(self, command: QUndoCommand) -> bool:
        if self.read_only:
            self.statusMessage.emit("this design is open read-only")
            return False
        self.undo_stack.push(command)
        return True

    def push_review(self, command: QUndoCommand) -> bool:
        """Review comments and approvals: allowed in reviewer mode (they leave the design's
        fingerprint unchanged)."""
        self.undo_stack.push(command)
        return True

    def add_waiver(self, rule: str, target: str, justification: str, approver: str,
                   expires: object) -> bool:
        waiver = Waiver(rule=rule, target=target, justification=justification,
                        approver=approver, expires=expires, granted=None)
        waivers = [*self.doc.design.waivers, waiver]
        return self.push(SetSection(self.doc, "waivers", self.doc.design.waivers, waivers,
                                    f"Waive {rule} on {target}"))

    def add_comment(self, author: str, text: str, target: str | None, when: object) -> bool:
        reviews = self.doc.design.reviews
        cid = f"c{len(reviews.comments) + 1}"
        while any(c.id == cid for c in reviews.comments):
            cid += "x"
        comment = Comment(id=cid, author=author, date=when, target=target, text=text)
        new = Reviews(comments=[*reviews.comments, comment], approvals=reviews.approvals)
        return self.push_review(SetSection(self.doc, "reviews", reviews, new,
                                           f"Comment by {author}"))

    def record_approval(self, approval: Approval) -> bool:
        """Append a ready-made (signed) approval or rejection: one undoable step."""
        reviews = self.doc.design.reviews
        new = Reviews(comments=reviews.comments, approvals=[*reviews.approvals, approval])
        return self.push_review(SetSection(self.doc, "reviews", reviews, new,
                                           f"{approval.decision.capitalize()} by "
                                           f"{approval.reviewer}"))

    def resolve_comment(self, comment_id: str) -> bool:
        reviews = self.doc.design.reviews
        if not any(c.id == comment_id and not c.resolved for c in reviews.comments):
            return False
        comments = [c.model_copy(update={"resolved": True}) if c.id == comment_id else c
                    for c in reviews.comments]
        new = Reviews(comments=comments, approvals=reviews.approvals)
        return self.push_review(SetSection(self.doc, "reviews", reviews, new,
                                           f"Resolve comment {comment_id}"))

    # ------------------------------------------------------------------ creating
    def add_component(self, role: str, sku: str, container_id: str | None,
                      at: QPointF | None = None) -> str | None:
        try:
            placement = placement_in(self.doc.design, self.catalog, container_id, sku)
        except PlacementRefused as refused:
            self.statusMessage.emit(str(refused))
            return None
        role_info = self.catalog.roles[role]
        cid = self.doc.unique_id(role)
        comp = Component(id=cid, name=f"{role_info.name}", role=role, sku=sku,
                         placement=placement, security=secure_security(
                             self.catalog, role, log_store_for(self.doc.design, placement)))
        text = f"Add {role_info.name} ({cid})"
        drawn = self._drawn()
        design = drawn.model_copy(update={"components": [*drawn.components, comp]})
        slot = free_slot(design, container_id or "", (at.x(), at.y()) if at else None)
        macro = Macro(text)
        room = self._with_drawn(drawn, make_room(design, {cid: slot}))
        AddComponent(self.doc, comp, room.pop(cid, slot), text, macro)
        self._set_room(room, macro)
        return cid if self.push(macro) else None

    def _drawn(self) -> Design:
        """The design with the positions the canvas draws: a file without a layout is drawn
        laid out automatically, and a drop into it keeps that layout."""
        design = self.doc.design
        known = design.layout.positions
        ids = [c.id for c in design.components] + [s.id for s in design.placement.sites] + \
            [r.id for r in design.placement.regions] + \
            [z.id for r in design.placement.regions for z in r.zones]
        if all(i in known for i in ids):
            return design
        auto = auto_layout(design, self.catalog)
        return design.model_copy(update={"layout": design.layout.model_copy(update={
            "positions": {**{i: auto[i] for i in ids if i in auto}, **known}})})

    def _with_drawn(self, drawn: Design, room: dict[str, Position]) -> dict[str, Position]:
        """``room`` with the drawn positions the document does not hold yet."""
        known = self.doc.design.layout.positions
        return {**{i: p for i, p in drawn.layout.positions.items() if i not in known}, **room}

    def _set_room(self, room: dict[str, Position], macro: Macro) -> None:
        """Containers grown and neighbours pushed, in the same step as what made them move."""
        if room:
            known = self.doc.design.layout.positions
            SetPositions(self.doc, {i: known.get(i) for i in room}, dict(room), "", macro)

    def add_region(self, catalog_region: str) -> str | None:
        """A region from the catalog with all its zones, placed right of what is drawn."""
        info = self.catalog.regions[catalog_region]
        rid = self.doc.unique_id(catalog_region.split("-", 1)[-1])
        zones = [Zone(id=f"{rid}-z{z}", name=f"{info.name} zone {z}", catalog_zone=z)
                 for z in info.zones]
        taken = self.doc.ids()
        zones = [z for z in zones if z.id not in taken]
        region = Region(id=rid, name=info.name, catalog_region=catalog_region, zones=zones)
        left = FIRST_LEFT
        if self.scene is not None and self.scene.items():
            left = snap(self.scene.itemsBoundingRect().right() + REGION_GAP)
        positions = {z.id: Position(x=left + ZONE_DX + i * (ZONE_W + ZONE_GAP),
                                    y=REGION_TOP + ZONE_DY, w=ZONE_W, h=ZONE_H)
                     for i, z in enumerate(zones)}
        width = 2 * ZONE_DX + max(1, len(zones)) * (ZONE_W + ZONE_GAP)
        positions[rid] = Position(x=left, y=REGION_TOP, w=width, h=REGION_H)
        return rid if self.push(AddRegion(self.doc, region, positions)) else None

    def add_site(self, at: QPointF | None = None) -> str | None:
        sid = self.doc.unique_id("site")
        if at is None:
            known = self.doc.design.layout.positions
            xs = [known[s.id].x for s in self.doc.design.placement.sites if s.id in known]
            at = QPointF(max(xs) + SITE_STEP if xs else FIRST_LEFT, SITE_TOP)
        site = Site(id=sid, name="New site")
        pos = Position(x=snap(at.x()), y=snap(at.y()))
        trial = self.doc.design.model_copy(update={"placement": self.doc.design.placement
                                                   .model_copy(update={"sites": [
                                                       *self.doc.design.placement.sites, site]})})
        room = make_room(trial, {sid: pos})
        macro = Macro(f"Add site {sid}")
        AddSite(self.doc, site, room.pop(sid, pos), macro)
        self._set_room(room, macro)
        return sid if self.push(macro) else None

    # ------------------------------------------------------------------ connecting
    def allowed_kinds(self, a: str, b: str) -> list[str]:
        """Link kinds the catalog allows between two elements: the same table DSN-003 uses."""
        return self.catalog.link_kinds_between(self._end_role(a), self._end_role(b))

    def _end_role(self, element_id: str) -> str:
        comp = self.doc.component(element_id)
        return comp.role if comp else SITE

    def choose_kind(self, kinds: list[str], screen_pos: QPoint | QPointF | None) -> str | None:
        menu = QMenu(self._parent_widget)
        menu.setTitle("Link kind")
        actions = {menu.addAction(self.catalog.link_kinds[k].name): k for k in kinds}
        where = screen_pos.toPoint() if isinstance(screen_pos, QPointF) else (
            screen_pos or QCursor.pos())
        chosen = menu.exec(where)
        return actions.get(chosen) if chosen else None

    def connect_elements(self, a: str, b: str, kind: str | None = None,
                         screen_pos: QPoint | QPointF | None = None) -> str | None:
        kinds = self.allowed_kinds(a, b)
        if not kinds:
            self.statusMessage.emit(f"no link kind joins {self._end_role(a)} to "
                                    f"{self._end_role(b)}")
            return None
        if kind is None:
            kind = kinds[0] if len(kinds) == 1 else self.choose_kind(kinds, screen_pos)
            if kind is None:
                return None
        if kind not in kinds:
            self.statusMessage.emit(f"a {kind} link cannot join these ({', '.join(kinds)} can)")
            return None
        lid = self.doc.unique_id(f"{a}--{b}")
        link = Link(id=lid, **{"from": a}, to=b, kind=kind,
                    encrypted=NEW_LINK_ENCRYPTED)
        return lid if self.push(AddLink(self.doc, link)) else None

    # ------------------------------------------------------------------ moving
    def finish_move(self, moved: dict[str, tuple[QPointF, QPointF]]) -> None:
        """One command for a whole drag: positions, and placement for nodes dropped into
        another zone or region."""
        scene = self.scene
        before: dict[str, Position | None] = {}
        after: dict[str, Position | None] = {}
        changes: list[tuple[str, Component, Component]] = []
        refused: list[str] = []
        for eid, (_, new) in moved.items():
            comp = self.doc.component(eid)
            if comp is not None and not comp.placement.site and scene is not None:
                box = scene.container_at(QPointF(*node_centre(new.x(), new.y())))
                changed = self._moved(comp, box.element_id) if box is not None else None
                if changed is None:
                    refused.append(eid)
                    continue
                if changed != comp:
                    changes.append((eid, comp, changed))
            before[eid] = self.doc.design.layout.positions.get(eid)
            after[eid] = Position(x=new.x(), y=new.y())
        if scene is not None:
            for eid in refused:
                scene.nodes[eid].move_to(moved[eid][0])
            if refused:
                self.statusMessage.emit("drop components inside a zone or a region of a "
                                        "provider they belong to")
        if not after:
            if scene is not None:
                scene.update_containers()
            return
        names = list(after)
        text = f"Move {names[0]}" if len(names) == 1 else f"Move {len(names)} elements"
        if changes:
            where = changes[0][2].placement
            text += f" to {where.zones[0] if where.zones else where.region}"
        macro = Macro(text)
        room = self._settled({eid: p for eid, p in after.items() if p is not None},
                             {eid: new_comp for eid, _, new_comp in changes})
        known = self.doc.design.layout.positions
        SetPositions(self.doc, {**before, **{i: known.get(i) for i in room}},
                     {**after, **room}, text, macro)
        for eid, old_comp, new_comp in changes:
            ReplaceElement(self.doc, "component", eid, old_comp, new_comp,
                           f"Place {eid}", macro)
        if not self.push(macro) and scene is not None:
            for eid, (old, _) in moved.items():
                scene.nodes[eid].move_to(old)

    def _settled(self, after: dict[str, Position], replaced: dict[str, Component]
                 ) -> dict[str, Position]:
        """Moved nodes that landed on another node go to the free slot nearest to where
        they were dropped; then containers make room (see :func:`slots.make_room`)."""
        design = self.doc.design
        swapped = [replaced.get(c.id, c) for c in design.components]
        kept = {i: p for i, p in design.layout.positions.items() if i not in after}
        trial = design.model_copy(update={"components": swapped,
                                          "layout": Layout(positions=kept)})
        others = list(node_rects(trial).values())
        settled: dict[str, Position] = {}
        for eid, pos in after.items():
            comp = next((c for c in swapped if c.id == eid), None)
            column = (column_of(comp) or comp.placement.site) if comp is not None else None
            if column and any(node_rect(pos).intersects(o) for o in others):
                pos = free_slot(trial, column, node_centre(pos.x, pos.y), settled.values())
            settled[eid] = pos
            others.append(node_rect(pos))
        return make_room(trial, settled)

    def _moved(self, comp: Component, container: str) -> Component | None:
        """The component moved into ``container``, or None (and why, said) when refused."""
        try:
            return moved_to(self.doc.design, self.catalog, comp, container)
        except PlacementRefused as refused:
            self.statusMessage.emit(str(refused))
            return None

    def _remember(self, text: str) -> None:
        self.last_message = text

    def move_to_container(self, eid: str, container: str) -> bool:
        comp = self.doc.component(eid)
        if comp is None:
            return False
        changed = self._moved(comp, container)
        if changed is None or changed == comp:
            return False
        text = f"Move {eid} to {container}"
        macro = Macro(text)
        ReplaceElement(self.doc, "component", eid, comp, changed, text, macro)
        drawn = self._drawn()
        known = {i: p for i, p in drawn.layout.positions.items() if i != eid}
        trial = drawn.model_copy(update={
            "components": [changed if c.id == eid else c for c in drawn.components],
            "layout": Layout(positions=known)})
        room = self._with_drawn(drawn, make_room(trial, {eid: free_slot(trial, container)}))
        SetPositions(self.doc, {i: self.doc.design.layout.positions.get(i) for i in room},
                     dict(room), text, macro)
        return self.push(macro)

    def arrange(self, everything: bool = False) -> bool:
        """Arrange: a place for what has none or stands on another node, the user's own
        positions kept; ``everything``: lay the whole design out again."""
        known = self.doc.design.layout.positions
        if everything:
            after: dict[str, Position | None] = dict(auto_layout(self.doc.design, self.catalog))
            after = {i: p for i, p in after.items() if known.get(i) != p}
        else:
            after = dict(tidied(self.doc.design, self.catalog))
        if not after:
            self.statusMessage.emit("nothing to arrange: every element has a place of its own")
            return False
        before = {eid: known.get(eid) for eid in after}
        return self.push(SetPositions(self.doc, before, after, "Arrange everything"
                                      if everything else "Arrange automatically"))

    # ------------------------------------------------------------------ changing and removing
    def refusal(self, kind: Replaceable, element_id: str, new: Element) -> str | None:
        """Why the design could not be saved and opened again with ``new`` in place of the
        element, or None when it could."""
        trial = DesignDocument(snapshot(self.doc.design, with_layout=True))
        trial.replace(kind, element_id, new)
        return self._new_issue(trial)

    def section_refusal(self, name: Section, value: object) -> str | None:
        """Why the design could not be saved and opened again with this section, or None."""
        trial = DesignDocument(snapshot(self.doc.design, with_layout=True))
        trial.set_section(name, value)
        return self._new_issue(trial)

    def _new_issue(self, trial: DesignDocument) -> str | None:
        issues = new_issues(self.doc.design, trial.design, self.catalog)
        return issues[0][1] if issues else None

    def replace(self, kind: Replaceable, element_id: str, new: Element,
                text: str | None = None) -> bool:
        old = self.doc.element(kind, element_id)
        if old is None or old == new:
            return False
        return self.push(ReplaceElement(self.doc, kind, element_id, old, new,
                                        text or f"Edit {element_id}"))

    def set_section(self, name: Section, value: object, text: str | None = None) -> bool:
        old = getattr(self.doc.design, name)
        if old == value:
            return False
        return self.push(SetSection(self.doc, name, old, value, text or f"Edit {name}"))

    def delete(self, ids: list[str]) -> bool:
        """Delete what ``ids`` names with what refers to it (see ``plan_delete``), one step."""
        plan = edits.plan_delete(self.doc.design, ids)
        if plan.refused:
            self.statusMessage.emit(plan.refused)
        return bool(plan.edits) and self.push(self._macro(plan))

    def _macro(self, plan: edits.Plan) -> Macro:
        """The plan's edits as the undo commands of the same names, undone as one step."""
        macro = Macro(plan.text)
        for edit in plan.edits:
            match edit:
                case edits.ReplaceElement(kind, element_id, before, after):
                    ReplaceElement(self.doc, kind, element_id, before, after, "", macro)
                case edits.SetSection(name, before, after):
                    SetSection(self.doc, name, before, after, "", macro)
                case edits.RemoveElements(removed):
                    RemoveElements(self.doc, list(removed), plan.text, macro)
                case edits.RemoveRegion(region_id):
                    RemoveRegion(self.doc, region_id, macro)
                case edits.AddComponent(component, position):
                    AddComponent(self.doc, component, position, None, macro)
                case edits.AddLink(link):
                    AddLink(self.doc, link, None, macro)
                case edits.AddSite(site, position):
                    AddSite(self.doc, site, position, macro)
                case edits.SetPositions(before, after):
                    SetPositions(self.doc, before, after, "", macro)
                case _:
                    assert_never(edit)
        return macro

    # ------------------------------------------------------------------ clipboard
    def fragment(self, ids: list[str]) -> str:
        """The components among ``ids`` with the links between them, as clipboard text."""
        return fragment_text(fragment_of(self.doc.design, ids))

    def copy(self, ids: list[str]) -> bool:
        if not any(self.doc.component(i) for i in ids):
            return False
        # plain text on the clipboard (a YAML fragment with a marker line): handing Qt a
        # QMimeData from Python crashed the interpreter at exit with the offscreen platform
        QGuiApplication.clipboard().setText(self.fragment(ids))
        return True

    def cut(self, ids: list[str]) -> bool:
        return self.copy(ids) and self.delete(ids)

    def paste(self, text: str | None = None, offset: float = PASTE_OFFSET) -> list[str]:
        if text is None:
            text = QGuiApplication.clipboard().text()
            if not text.startswith(HEADER):  # the marker line of our fragments
                self.statusMessage.emit("nothing to paste")
                return []
        try:
            fragment = parse_fragment(text)
        except FragmentError as exc:
            self.statusMessage.emit(f"cannot paste: {exc}")
            return []
        plan = plan_paste(self.doc.design, self.catalog, fragment, offset)
        if not plan.edits or not self.push(self._macro(plan)):
            return []
        return list(plan.created)

    def duplicate(self, ids: list[str]) -> list[str]:
        if not any(self.doc.component(i) for i in ids):
            return []
        return self.paste(self.fragment(ids))

    # ------------------------------------------------------------------ patterns
    def insert_pattern(self, pattern_id: str, target: str | None = None) -> list[str]:
        """Insert a pattern (:mod:`workbench.analysis.patterns`) at ``target`` (a zone, a
        region, a site or a node; None: the design's first region that fits) as one undoable
        step. Returns the ids it created, or [] when refused (and says why)."""
        planned = plan_pattern(self.doc.design, self.catalog, pattern_id, target)
        plan = planned.plan
        if plan.refused:
            self.statusMessage.emit(plan.refused)
            return []
        if not plan.edits or not self.push(self._macro(plan)):
            return []
        self.statusMessage.emit("; ".join([f"{plan.text}: {len(plan.created)} elements added",
                                           *planned.notes]))
        return list(plan.created)
