"""The editor: owns the undo stack and turns user intentions into undo commands."""

from __future__ import annotations

import yaml
from PySide6.QtCore import QObject, QPoint, QPointF, Signal
from PySide6.QtGui import QCursor, QGuiApplication, QUndoCommand, QUndoStack
from PySide6.QtWidgets import QMenu, QWidget

from catalogs import SITE, Catalog

from ..model.autolayout import auto_layout, column_of
from ..model.canonical import dump_yaml, to_plain
from ..model.design import (
    Approval,
    Comment,
    Component,
    ComponentPlacement,
    Link,
    Position,
    Region,
    Reviews,
    Site,
    Waiver,
    Zone,
)
from ..model.document import DesignDocument, snapshot
from ..model.references import new_issues
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

FRAGMENT_HEADER = "# ehrwb fragment: components and the links between them\n"


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
        self.scene = None  # set by the main window: TopologyScene
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

    def record_decision(self, reviewer: str, decision: str, fingerprint: str, when: object,
                        note: str | None = None) -> bool:
        reviews = self.doc.design.reviews
        approval = Approval(reviewer=reviewer, date=when, decision=decision,
                            fingerprint=fingerprint, note=note)
        new = Reviews(comments=reviews.comments, approvals=[*reviews.approvals, approval])
        return self.push_review(SetSection(self.doc, "reviews", reviews, new,
                                           f"{decision.capitalize()} by {reviewer}"))

    # ------------------------------------------------------------------ creating
    def add_component(self, role: str, sku: str, container_id: str | None,
                      at: QPointF | None = None) -> str | None:
        placement = self._placement_for(container_id, sku)
        if placement is None:
            return None
        role_info = self.catalog.roles[role]
        cid = self.doc.unique_id(role)
        comp = Component(id=cid, name=f"{role_info.name}", role=role, sku=sku,
                         placement=placement)
        pos = Position(x=round(at.x() / 10) * 10, y=round(at.y() / 10) * 10) if at else None
        if self.push(AddComponent(self.doc, comp, pos, f"Add {role_info.name} ({cid})")):
            return cid
        return None

    def _placement_for(self, container_id: str | None, sku: str) -> ComponentPlacement | None:
        kind = self.doc.kind_of(container_id) if container_id else None
        provider = self.catalog.skus[sku].provider
        if kind == "zone":
            region = self.doc.region_of_zone(container_id or "")
            assert region is not None
            placement = ComponentPlacement(region=region.id, zones=[container_id or ""])
        elif kind == "region":
            region = self.doc.region(container_id or "")
            assert region is not None
            placement = ComponentPlacement(region=region.id)
        elif kind == "site":
            if provider != "on-premises":
                self.statusMessage.emit(f"{sku} is a {provider} SKU: only on-premises SKUs go "
                                        "at a site")
                return None
            return ComponentPlacement(site=container_id)
        else:
            self.statusMessage.emit("drop the component on a zone or a region")
            return None
        cat_region = self.catalog.regions.get(region.catalog_region)
        if cat_region is not None and cat_region.provider != provider:
            self.statusMessage.emit(f"{sku} is a {provider} SKU; {region.id} is in "
                                    f"{cat_region.provider}")
            return None
        return placement

    def add_region(self, catalog_region: str) -> str | None:
        """A region from the catalog with all its zones, placed right of what is drawn."""
        info = self.catalog.regions[catalog_region]
        rid = self.doc.unique_id(catalog_region.split("-", 1)[-1])
        zones = [Zone(id=f"{rid}-z{z}", name=f"{info.name} zone {z}", catalog_zone=z)
                 for z in info.zones]
        taken = self.doc.ids()
        zones = [z for z in zones if z.id not in taken]
        region = Region(id=rid, name=info.name, catalog_region=catalog_region, zones=zones)
        left = 20.0
        if self.scene is not None and self.scene.items():
            left = round((self.scene.itemsBoundingRect().right() + 60) / 10) * 10
        top = 260.0
        col = 230.0
        positions = {z.id: Position(x=left + 20 + i * (col + 20), y=top + 30, w=col, h=150)
                     for i, z in enumerate(zones)}
        width = 40 + max(1, len(zones)) * (col + 20)
        positions[rid] = Position(x=left, y=top, w=width, h=220)
        return rid if self.push(AddRegion(self.doc, region, positions)) else None

    def add_site(self, at: QPointF | None = None) -> str | None:
        sid = self.doc.unique_id("site")
        if at is None:
            xs = [self.doc.design.layout.positions[s.id].x
                  for s in self.doc.design.placement.sites if s.id in self.doc.design.layout.positions]
            at = QPointF(max(xs) + 210 if xs else 20, 20)
        site = Site(id=sid, name="New site")
        pos = Position(x=round(at.x() / 10) * 10, y=round(at.y() / 10) * 10)
        return sid if self.push(AddSite(self.doc, site, pos)) else None

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
                    encrypted=self.catalog.link_kinds[kind].carries_phi)
        return lid if self.push(AddLink(self.doc, link)) else None

    # ------------------------------------------------------------------ moving
    def finish_move(self, moved: dict[str, tuple[QPointF, QPointF]]) -> None:
        """One command for a whole drag: positions, and placement for nodes dropped into
        another zone or region."""
        scene = self.scene
        before: dict[str, Position | None] = {}
        after: dict[str, Position | None] = {}
        changes: list[tuple[str, Component, Component]] = []
        refused = []
        for eid, (old, new) in moved.items():
            comp = self.doc.component(eid)
            if comp is not None and not comp.placement.site and scene is not None:
                centre = QPointF(new.x() + 95, new.y() + 35)
                box = scene.container_at(centre)
                changed = self._placement_after_drop(comp, box.element_id if box else None)
                if changed is None:
                    refused.append(eid)
                    continue
                if changed != comp:
                    changes.append((eid, comp, changed))
            before[eid] = self.doc.design.layout.positions.get(eid)
            after[eid] = Position(x=new.x(), y=new.y())
        if scene is not None:
            for eid in refused:
                scene.nodes[eid].setPos(moved[eid][0])
            if refused:
                self.statusMessage.emit("drop components inside a zone or a region of a "
                                        "provider they belong to")
        if not after:
            if scene is not None:
                scene.update_containers()
            return
        names = [e for e in after]
        text = f"Move {names[0]}" if len(names) == 1 else f"Move {len(names)} elements"
        if changes:
            where = changes[0][2].placement
            text += f" to {where.zones[0] if where.zones else where.region}"
        macro = Macro(text)
        SetPositions(self.doc, before, after, text, macro)
        for eid, old_comp, new_comp in changes:
            ReplaceElement(self.doc, "component", eid, old_comp, new_comp,
                           f"Place {eid}", macro)
        if not self.push(macro) and scene is not None:
            for eid, (old, _) in moved.items():
                scene.nodes[eid].setPos(old)

    def _placement_after_drop(self, comp: Component, container: str | None) -> Component | None:
        if container is None:
            return None
        kind = self.doc.kind_of(container)
        current = column_of(comp)
        if container == current or (kind == "region" and comp.placement.region == container
                                    and len(comp.placement.zones) != 1):
            return comp
        placement = self._placement_for(container, comp.sku)
        if placement is None:
            return None
        group = comp.placement.proximity_group
        region = self.doc.region(placement.region or "")
        if group and region is not None and not any(
                g.id == group and (g.zone is None or g.zone in placement.zones)
                for g in region.proximity_groups):
            group = None
        placement = placement.model_copy(update={
            "proximity_group": group, "availability_set": comp.placement.availability_set})
        return comp.model_copy(update={"placement": placement})

    def _remember(self, text: str) -> None:
        self.last_message = text

    def move_to_container(self, eid: str, container: str) -> bool:
        comp = self.doc.component(eid)
        if comp is None:
            return False
        changed = self._placement_after_drop(comp, container)
        if changed is None or changed == comp:
            return False
        text = f"Move {eid} to {container}"
        macro = Macro(text)
        ReplaceElement(self.doc, "component", eid, comp, changed, text, macro)
        if self.scene is not None and container in self.scene.containers:
            r = self.scene.containers[container].rect()
            SetPositions(self.doc, {eid: self.doc.design.layout.positions.get(eid)},
                         {eid: Position(x=round((r.left() + 24) / 10) * 10,
                                        y=round((r.bottom() + 10) / 10) * 10)}, text, macro)
        return self.push(macro)

    def arrange(self) -> None:
        after = dict(auto_layout(self.doc.design, self.catalog))
        before = {eid: self.doc.design.layout.positions.get(eid) for eid in after}
        self.push(SetPositions(self.doc, before, dict(after), "Arrange automatically"))

    # ------------------------------------------------------------------ changing and removing
    def refusal(self, kind: str, element_id: str, new: object) -> str | None:
        """Why the design could not be saved and opened again with ``new`` in place of the
        element (``kind`` "section": of that section), or None when it could."""
        trial = DesignDocument(snapshot(self.doc.design, with_layout=True))
        if kind == "section":
            trial.set_section(element_id, new)  # type: ignore[arg-type]
        else:
            getattr(trial, f"replace_{kind}")(element_id, new)
        issues = new_issues(self.doc.design, trial.design, self.catalog)
        return issues[0][1] if issues else None

    def replace(self, kind: str, element_id: str, new: object, text: str | None = None) -> bool:
        old = getattr(self.doc, kind)(element_id)
        if old is None or old == new:
            return False
        return self.push(ReplaceElement(self.doc, kind, element_id, old, new,
                                        text or f"Edit {element_id}"))

    def set_section(self, name: str, value: object, text: str | None = None) -> bool:
        old = getattr(self.doc.design, name)
        if old == value:
            return False
        return self.push(SetSection(self.doc, name, old, value,  # type: ignore[arg-type]
                                    text or f"Edit {name}"))

    def delete(self, ids: list[str]) -> bool:
        regions = [i for i in ids if self.doc.kind_of(i) == "region"]
        ids = [i for i in ids if self.doc.kind_of(i) in ("component", "site", "link")]
        busy = [r for r in regions if any(c.placement.region == r and c.id not in ids
                                          for c in self.doc.design.components)]
        if busy:
            self.statusMessage.emit(f"region {busy[0]} still holds components: move or delete "
                                    "them first")
            regions = [r for r in regions if r not in busy]
        if not ids and not regions:
            return False
        text = f"Delete {ids[0]}" if len(ids) == 1 else f"Delete {len(ids)} elements"
        macro = Macro(text)
        gone = set(ids) | set(regions)
        for comp in self.doc.design.components:  # audit logs shipped to a deleted log store
            if comp.id not in gone and comp.security.log_store in gone:
                new = comp.model_copy(update={"security": comp.security.model_copy(
                    update={"log_store": None})})
                ReplaceElement(self.doc, "component", comp.id, comp, new, "", macro)
        waivers = [w for w in self.doc.design.waivers if w.target not in gone]
        if len(waivers) != len(self.doc.design.waivers):
            SetSection(self.doc, "waivers", self.doc.design.waivers, waivers, "", macro)
        reviews = self.doc.design.reviews
        if any(c.target in gone for c in reviews.comments):
            kept = Reviews(comments=[c.model_copy(update={"target": None})
                                     if c.target in gone else c for c in reviews.comments],
                           approvals=reviews.approvals)
            SetSection(self.doc, "reviews", reviews, kept, "", macro)
        if ids:
            RemoveElements(self.doc, ids, text, macro)
        for rid in regions:
            RemoveRegion(self.doc, rid, macro)
        if regions and not ids:
            macro.setText(f"Delete region {regions[0]}")
        return self.push(macro)

    # ------------------------------------------------------------------ clipboard
    def fragment(self, ids: list[str]) -> str:
        comps = [c for c in self.doc.design.components if c.id in ids]
        chosen = {c.id for c in comps}
        links = [x for x in self.doc.design.links if x.from_ in chosen and x.to in chosen]
        positions = {c.id: self.doc.design.layout.positions[c.id] for c in comps
                     if c.id in self.doc.design.layout.positions}
        return dump_yaml({"components": to_plain(comps), "links": to_plain(links),
                          "positions": to_plain(positions)})

    def copy(self, ids: list[str]) -> bool:
        if not any(self.doc.component(i) for i in ids):
            return False
        # plain text on the clipboard (a YAML fragment with a marker line): handing Qt a
        # QMimeData from Python crashed the interpreter at exit with the offscreen platform
        QGuiApplication.clipboard().setText(FRAGMENT_HEADER + self.fragment(ids))
        return True

    def cut(self, ids: list[str]) -> bool:
        return self.copy(ids) and self.delete(ids)

    def paste(self, text: str | None = None, offset: float = 40.0) -> list[str]:
        if text is None:
            text = QGuiApplication.clipboard().text()
            if not text.startswith(FRAGMENT_HEADER):
                self.statusMessage.emit("nothing to paste")
                return []
        try:
            data = yaml.safe_load(text) or {}
            comps = [Component.model_validate(c) for c in data.get("components", [])]
            links = [Link.model_validate(x) for x in data.get("links", [])]
            positions = {k: Position.model_validate(v)
                         for k, v in (data.get("positions") or {}).items()}
        except Exception as exc:
            self.statusMessage.emit(f"cannot paste: {exc}")
            return []
        renamed: dict[str, str] = {}
        taken = self.doc.ids()
        new_comps = []
        for comp in comps:
            new_id = comp.id
            n = 1
            while new_id in taken:
                new_id = f"{comp.id}-copy" if n == 1 else f"{comp.id}-copy{n}"
                n += 1
            taken.add(new_id)
            renamed[comp.id] = new_id
            placement = comp.placement
            if placement.region and self.doc.region(placement.region) is None or \
                    placement.site and self.doc.site(placement.site) is None:
                first = self.doc.design.placement.regions[:1]
                if not first:
                    continue
                placement = ComponentPlacement(region=first[0].id)
            new_comps.append(comp.model_copy(update={"id": new_id, "placement": placement}))
        if not new_comps:
            return []
        text_label = f"Paste {len(new_comps)} component{'s' if len(new_comps) > 1 else ''}"
        macro = Macro(text_label)
        for comp in new_comps:
            old_id = next(k for k, v in renamed.items() if v == comp.id)
            pos = positions.get(old_id)
            if pos is not None:
                pos = Position(x=pos.x + offset, y=pos.y + offset)
            AddComponent(self.doc, comp, pos, None, macro)
        for link in links:
            if link.from_ in renamed and link.to in renamed:
                lid = link.id
                while lid in taken:
                    lid = f"{lid}-copy"
                taken.add(lid)
                AddLink(self.doc, link.model_copy(update={
                    "id": lid, "from_": renamed[link.from_], "to": renamed[link.to]}),
                    None, macro)
        return [c.id for c in new_comps] if self.push(macro) else []

    def duplicate(self, ids: list[str]) -> list[str]:
        if not any(self.doc.component(i) for i in ids):
            return []
        return self.paste(self.fragment(ids))
