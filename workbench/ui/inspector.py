"""The inspector: every field of the selected element (or of the design), edited in place.

Forms are generated from the pydantic models, so a new field appears without UI work. An edit
is validated by the model; an error is shown beside its field and nothing changes; a valid
edit becomes one undo command. Catalog references get choices filtered by context (SKUs by
role and the region's provider, link kinds by their ends, link ends by the link's kind,
storage tiers by provider); a component's zones are ticked among its region's zones, a
region's zones and proximity groups are rows of tables (a rename carries what is placed in
them along), dates are typed or picked as yyyy-MM-dd.

The Inspector stays put (issue 16): an edit it made, or the undo of one, comes back as new
values written into the same widgets, so the scroll position, the design's tab and the
canvas's selection are what they were.
"""

from __future__ import annotations

import datetime as dt
import types
import typing
from collections.abc import Callable
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ValidationError
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QPlainTextEdit,
    QScrollArea,
    QSizePolicy,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from catalogs import SITE, Catalog

from ..model.canonical import dump_yaml, to_plain
from ..model.design import Component, ComponentPlacement, Design, Link, Region, Site
from ..model.document import DesignDocument, Replaceable, Section, snapshot
from ..model.placement import sku_choices
from ..model.references import new_issues
from ..model.severity import COLOURS
from .commands import Macro, ReplaceElement, SetPositions
from .decisions import DecisionsEditor
from .editor import Editor
from .pickers import RowsTable, carry_renames, free_id, renames
from .style import tooltip
from .widgets import CheckList, Combo, DateField, Line, set_text

NONE = "(default)"
YES, NO = "yes", "no"
# tabs with no selection: the design's sections, then the Decisions tab (an editor of its own)
SECTIONS: tuple[Section, ...] = ("metadata", "requirements", "policy")
Shown = Replaceable | Literal["zone"]  # what has a form of its own

Choices = Callable[[str, BaseModel], "list[str] | None"]
# the text of a three-state field's "automatic" choice, with the value it has and why
Automatic = Callable[[str, BaseModel], str]
# an editor of the form's own for a field (a region's zones table), or None for the usual one
Custom = Callable[[str, "ModelForm"], "Field | None"]


def section_model(design: Design, section: Section) -> BaseModel:
    """What a design-level tab's form shows."""
    value = getattr(design, section)
    assert isinstance(value, BaseModel)
    return value


def _unwrap(tp: Any) -> tuple[Any, bool]:
    """(inner type, optional)."""
    optional = False
    while True:
        origin = typing.get_origin(tp)
        if origin is typing.Annotated:
            tp = typing.get_args(tp)[0]
        elif origin in (typing.Union, types.UnionType):
            args = [a for a in typing.get_args(tp) if a is not type(None)]
            optional = optional or len(args) < len(typing.get_args(tp))
            if len(args) != 1:
                return tp, optional
            tp = args[0]
        else:
            return tp, optional


class Field:
    """One field's editor and its error label. ``write`` shows a value without emitting
    the editor's change signal; ``refresh`` renews choices from the current model."""

    def __init__(self, name: str, widget: QWidget, read: Callable[[], Any],
                 write: Callable[[Any], None]) -> None:
        self.name, self.widget, self.read, self._write = name, widget, read, write
        self.reshow = False  # a refused edit is undone in the widget (rows of a table)
        self.error = QLabel()
        self.error.setTextFormat(Qt.TextFormat.PlainText)  # messages quote file content
        self.error.setStyleSheet(f"color: {COLOURS['error']};")
        self.error.setWordWrap(True)
        self.error.hide()

    def write(self, value: Any) -> None:
        blocked = self.widget.blockSignals(True)
        try:
            self._write(value)
        finally:
            self.widget.blockSignals(blocked)

    def show_error(self, text: str | None) -> None:
        self.error.setText(text or "")
        self.error.setVisible(bool(text))


class ModelForm(QWidget):
    """A form for one pydantic model instance; ``on_commit`` is called with the new instance
    and returns why it is refused (shown under the changed field), or None.

    The form is never rebuilt while one of its editors is emitting: a committed edit comes
    back through the document as :meth:`show_model`, which refreshes the editors in place (the
    combo box that emitted the edit must outlive its own signal)."""

    def __init__(self, model: BaseModel, on_commit: Callable[[BaseModel], str | None],
                 choices: Choices, read_only: bool = False, skip: tuple[str, ...] = (),
                 automatic: Automatic | None = None, custom: Custom | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        self.on_commit = on_commit
        self.choices = choices
        self.custom = custom or (lambda name, form: None)
        self.automatic = automatic or (lambda name, model: "automatic")
        self.read_only = read_only
        self.fields: dict[str, Field] = {}
        self.subforms: dict[str, ModelForm] = {}
        layout = QFormLayout(self)
        layout.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        # a long label beside a date in a narrow dock: the field goes under its label rather
        # than the form under a horizontal scroll bar
        layout.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        for name, info in type(model).model_fields.items():
            if name in skip:
                continue
            label = (info.alias or name).replace("_", " ")
            value = getattr(model, name)
            tp, optional = _unwrap(info.annotation)
            if isinstance(tp, type) and issubclass(tp, BaseModel) and not optional:
                box = QGroupBox(label)
                sub = ModelForm(value, self._sub_commit(name), choices, read_only,
                                automatic=self.automatic, custom=self.custom)
                QVBoxLayout(box).addWidget(sub)
                self.subforms[name] = sub
                layout.addRow(box)
                continue
            field = self._editor(name, tp, optional)
            field.write(value)
            field.widget.setObjectName(name)
            field.widget.setToolTip(tooltip(info.description) if info.description else "")
            field.widget.setEnabled(not read_only and name != "id")
            self.fields[name] = field
            layout.addRow(label, field.widget)
            layout.addRow("", field.error)

    # ---- editors -----------------------------------------------------------------------
    def _editor(self, name: str, tp: Any, optional: bool) -> Field:
        origin = typing.get_origin(tp)
        own = self.custom(name, self)
        if own is not None:
            return own
        if tp is dt.date:
            when = DateField(optional)
            when.edited.connect(self.commit)
            return Field(name, when, when.value, when.set_value)
        if origin is list and _unwrap(typing.get_args(tp)[0])[0] is str and \
                self.choices(name, self.model) is not None:
            ticks = CheckList()
            ticks.toggled.connect(self.commit)

            def write_ticks(value: Any) -> None:
                ticks.set_choices(self.choices(name, self.model) or [], value or [])
            return Field(name, ticks, ticks.ticked, write_ticks)
        if tp is bool and optional:  # three states: automatic (derived), yes, no
            tri = Combo()
            tri.activated.connect(lambda _=None: self.commit())

            def write_tri(value: Any) -> None:
                tri.set_items([(self.automatic(name, self.model), None), (YES, True),
                               (NO, False)], value)
            return Field(name, tri, tri.currentData, write_tri)
        if tp is bool:
            box = QCheckBox()
            box.toggled.connect(lambda _=None: self.commit())
            return Field(name, box, box.isChecked, lambda v: box.setChecked(bool(v)))
        if origin is typing.Literal or self.choices(name, self.model) is not None:
            combo = Combo()
            combo.activated.connect(lambda _=None: self.commit())

            def write_choice(value: Any) -> None:
                literal = list(typing.get_args(tp)) if origin is typing.Literal else \
                    list(self.choices(name, self.model) or [])
                items = [(NONE, None)] if optional else []
                combo.set_items(items + [(str(item), item) for item in literal], value)
            return Field(name, combo, combo.currentData, write_choice)
        if origin is list and _unwrap(typing.get_args(tp)[0])[0] is str:
            line = Line()
            line.setPlaceholderText("comma-separated")
            line.editingFinished.connect(self.commit)
            return Field(name, line, lambda: [p.strip() for p in line.text().split(",")
                                              if p.strip()],
                         lambda v: set_text(line, ", ".join(v or [])))
        if origin in (list, dict) or (isinstance(tp, type) and issubclass(tp, BaseModel)):
            text = QPlainTextEdit()
            text.setFixedHeight(90)
            # not Expanding: the form would spread its rows over the height it cannot take
            text.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
            text.setPlaceholderText("YAML")

            def read_yaml() -> Any:
                raw = text.toPlainText().strip()
                return yaml.safe_load(raw) if raw else (None if optional else
                                                        [] if origin is list else {})

            def write_yaml(value: Any) -> None:
                if text.toPlainText() != self._yaml(value):
                    text.setPlainText(self._yaml(value))

            text.focusOutEvent = self._wrap_focus_out(text.focusOutEvent)  # type: ignore[method-assign]
            return Field(name, text, read_yaml, write_yaml)
        line = Line()
        line.editingFinished.connect(self.commit)
        return Field(name, line, lambda: (line.text().strip() or None) if optional
                     else line.text(), lambda v: set_text(line, "" if v is None
                                                          else self._scalar(v)))

    def _wrap_focus_out(self, original: Callable[[Any], None]) -> Callable[[Any], None]:
        def handler(event: Any) -> None:
            original(event)
            self.commit()
        return handler

    @staticmethod
    def _scalar(value: Any) -> str:
        if isinstance(value, float) and value.is_integer():
            return str(int(value))
        return str(value)

    @staticmethod
    def _yaml(value: Any) -> str:
        if value in (None, [], {}):
            return ""
        return dump_yaml(to_plain(value))

    def _sub_commit(self, name: str) -> Callable[[BaseModel], str | None]:
        def commit(sub: BaseModel) -> str | None:
            return self._apply({name: sub})
        return commit

    # ---- showing a new version of the model ----------------------------------------------
    def show_model(self, model: BaseModel) -> None:
        """Show ``model`` (the same kind of element, changed) in the existing editors."""
        self.model = model
        for name, field in self.fields.items():
            field.write(getattr(model, name))
        for name, sub in self.subforms.items():
            sub.show_model(getattr(model, name))

    # ---- committing --------------------------------------------------------------------
    def values(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for name, field in self.fields.items():
            try:
                out[name] = field.read()
            except yaml.YAMLError as exc:
                field.show_error(f"not YAML: {exc}")
                raise
        return out

    def commit(self) -> None:
        if self.read_only:
            return
        try:
            values = self.values()
        except yaml.YAMLError:
            return
        self._apply(values)

    def _apply(self, changes: dict[str, Any]) -> str | None:
        data = self.model.model_dump(by_alias=True)
        fields = type(self.model).model_fields
        for name, value in changes.items():
            alias = fields[name].alias or name
            if isinstance(value, BaseModel):
                value = value.model_dump(by_alias=True)
            data[alias] = value
        for field in self.fields.values():
            field.show_error(None)
        try:
            new = type(self.model).model_validate(data)
        except ValidationError as exc:
            for err in exc.errors():
                loc = err["loc"]
                where = next((n for n, f in fields.items()
                              if loc and loc[0] in (n, f.alias)), None)
                target = self.fields.get(where or "")
                if target is not None:
                    target.show_error(err["msg"])
            return "; ".join(str(err["msg"]) for err in exc.errors())
        if new == self.model:
            return None
        # compared as validated: a table reads back plain rows, never equal to the models
        changed = [name for name in changes if getattr(new, name) != getattr(self.model, name)]
        # the commit may come back at once as show_model() with what the document now holds
        old, self.model = self.model, new
        refused = self.on_commit(new)
        if refused:
            self.model = old
            for name in changed:
                if name in self.fields and self.fields[name].reshow:
                    self.fields[name].write(getattr(old, name))
            target = next((self.fields[n] for n in changed if n in self.fields), None)
            if target is not None:
                target.show_error(refused)
            return refused
        return None


def _size_to_current(tabs: QTabWidget) -> None:
    """The tabs as tall as the page shown: the long Decisions page is not to give the short
    Metadata page a scroll bar over empty space."""
    for i in range(tabs.count()):
        page = tabs.widget(i)
        if page is None:
            continue
        policy = QSizePolicy.Policy.Preferred if i == tabs.currentIndex() else \
            QSizePolicy.Policy.Ignored
        page.setSizePolicy(policy, policy)
        page.updateGeometry()


class Inspector(QWidget):
    """Shows the form of the selected element, or the design's sections when none is."""

    def __init__(self, doc: DesignDocument, catalog: Catalog, editor: Editor,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.doc, self.catalog, self.editor = doc, catalog, editor
        self.title = QLabel()
        self.title.setStyleSheet("font-weight: bold; font-size: 11pt;")
        self.form_area = QScrollArea()  # not "scroll": that is QWidget.scroll
        self.form_area.setWidgetResizable(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.title)
        layout.addWidget(self.form_area)
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        self.current: str | None = None
        self.form: ModelForm | None = None
        self.section_forms: dict[Section, ModelForm] = {}
        self.decisions: DecisionsEditor | None = None
        # the design's tab and decision chosen last, shown again when nothing is selected
        # again (the Inspector is not to reset under the user: issue 16)
        self.design_tab = 0
        self.decision_row = 0
        self.phi: dict[str, dict[str, str]] | None = None
        self.show_element(None)

    # ---- choices for catalog references -------------------------------------------------
    def choices(self, name: str, model: BaseModel) -> list[str] | None:
        cat = self.catalog
        if isinstance(model, Component):
            if name == "role":
                return sorted(cat.roles)
            if name == "sku":
                return sku_choices(self.doc.design, cat, model)
        if name == "tier":
            return sorted(cat.storage_tiers)
        if name == "catalog_region":
            return sorted(cat.regions)
        if isinstance(model, Link) and name == "kind":
            return self.catalog.link_kinds_between(self._role(model.from_),
                                                   self._role(model.to))
        if isinstance(model, Link) and name in ("from_", "to"):
            return self._link_ends(model, name)
        if isinstance(model, ComponentPlacement) and name in ("zones", "proximity_group"):
            region = self.doc.region(model.region or "")
            if region is None:
                return []
            if name == "zones":
                return [z.id for z in region.zones]
            return [g.id for g in region.proximity_groups
                    if g.zone is None or not model.zones or g.zone in model.zones]
        if name == "region" and not isinstance(model, Region):
            return [r.id for r in self.doc.design.placement.regions]
        if name == "log_store":
            return [c.id for c in self.doc.design.components if c.role == "log-store"]
        if name == "site":
            return [s.id for s in self.doc.design.placement.sites]
        return None

    def _role(self, element_id: str) -> str:
        component = self.doc.component(element_id)
        return component.role if component is not None else SITE

    def _link_ends(self, link: Link, end: str) -> list[str]:
        """The elements the link's ``end`` may be moved to: those its kind may join to the
        other end (the end it has now is offered too)."""
        other = link.to if end == "from_" else link.from_
        other_role = self._role(other)
        design = self.doc.design
        candidates = [c.id for c in design.components] + [s.id for s in design.placement.sites]
        out = []
        for eid in candidates:
            if eid == other:
                continue
            a, b = (self._role(eid), other_role) if end == "from_" else (other_role,
                                                                         self._role(eid))
            if link.kind in self.catalog.link_kinds_between(a, b):
                out.append(eid)
        return out

    def _custom(self, name: str, form: ModelForm) -> Field | None:
        """A region's zones as a table, with the catalog region's zones to choose from; its
        proximity groups as a table, with the region's zones to choose from."""
        if not (isinstance(form.model, Region) and name in ("zones", "proximity_groups")):
            return None
        zones = name == "zones"

        def new_id(taken: list[str]) -> str:
            rid = getattr(form.model, "id", "region")
            return free_id(f"{rid}-{'z' if zones else 'ppg-'}", [*taken, *self._ids()])
        table = RowsTable("zone" if zones else "proximity group",
                          "catalog_zone" if zones else "zone", new_id)
        table.edited.connect(form.commit)

        def write(rows: Any) -> None:
            region = form.model
            assert isinstance(region, Region)
            offered = self.catalog.regions.get(region.catalog_region)
            table.set_rows(rows or [], (list(offered.zones) if offered else []) if zones
                           else [z.id for z in region.zones])
        field = Field(name, table, table.rows, write)
        field.reshow = True  # a row whose removal is refused comes back, with the reason
        return field

    def _ids(self) -> list[str]:
        d = self.doc.design
        return [*(c.id for c in d.components), *(link.id for link in d.links),
                *(s.id for s in d.placement.sites), *(r.id for r in d.placement.regions),
                *(z.id for r in d.placement.regions for z in r.zones),
                *(g.id for r in d.placement.regions for g in r.proximity_groups)]

    def _zone_choices(self, region: Region) -> Callable[[str, BaseModel], list[str] | None]:
        offered = self.catalog.regions.get(region.catalog_region)

        def choices(name: str, model: BaseModel) -> list[str] | None:
            if name == "catalog_zone" and offered is not None:
                return list(offered.zones)
            return None
        return choices

    def automatic(self, name: str, model: BaseModel) -> str:
        """The "automatic" choice of a PHI flag, with the value the analysis derives and why."""
        phi = self.phi or {}
        found: dict[str, str] = {}
        if name == "stores_phi":
            found = phi.get("stores", {})
        elif name == "carries_phi":
            found = phi.get("carries", {})
        eid = getattr(model, "id", "")
        if not phi:
            return "automatic"
        if eid in found:
            return f"automatic: yes ({found[eid]})"
        return "automatic: no"

    def set_phi(self, phi: dict[str, dict[str, str]] | None) -> None:
        """The latest analysis's PHI flow: the automatic choices say what it derived."""
        if phi == self.phi:
            return
        self.phi = phi
        for form in self._forms():
            form.show_model(form.model)

    def _forms(self) -> list[ModelForm]:
        return [self.form] if self.form is not None else list(self.section_forms.values())

    # ---- what is shown -----------------------------------------------------------------
    def _model_of(self, element_id: str | None) -> tuple[Shown | None, BaseModel | None]:
        kind = self.doc.kind_of(element_id) if element_id else None
        if element_id is None or kind is None or kind == "group":
            return None, None
        if kind == "zone":
            region = self.doc.region_of_zone(element_id)
            assert region is not None
            return kind, next(z for z in region.zones if z.id == element_id)
        return kind, self.doc.element(kind, element_id)

    def _show(self, widget: QWidget) -> None:
        """Swap the form; the old one is deleted later, never inside one of its signals."""
        old = self.form_area.takeWidget()
        self.form_area.setWidget(widget)
        if old is not None:
            old.hide()
            old.deleteLater()

    def show_element(self, element_id: str | None) -> None:
        read_only = self.editor.read_only
        kind, model = self._model_of(element_id)
        self.current = element_id if kind else None
        self.section_forms = {}
        if self.decisions is not None:
            self.decision_row = self.decisions.row
            self.decisions = None
        if kind == "zone":
            region = self.doc.region_of_zone(element_id or "")
            assert region is not None and model is not None
            self.title.setText(f"Zone: {element_id} (region {region.id})")

            def commit_zone(new: BaseModel, zid: str = element_id or "") -> str | None:
                region = self.doc.region_of_zone(zid)  # as it is now, not as it was
                if region is None:
                    return None
                zones = [new if z.id == zid else z for z in region.zones]
                return self._replace("region", region.id,
                                     region.model_copy(update={"zones": zones}),
                                     f"Edit zone {zid}")

            self.form = ModelForm(model, commit_zone, self._zone_choices(region), read_only)
            self._show(self.form)
            return
        if kind is not None and model is not None:
            self.title.setText(f"{kind.capitalize()}: {element_id}")

            def commit(new: BaseModel, kind: Replaceable = kind,
                       eid: str = element_id or "") -> str | None:
                return self._replace(kind, eid, new, f"Edit {eid}")

            self.form = ModelForm(model, commit, self.choices, read_only,
                                  automatic=self.automatic, custom=self._custom)
            self._show(self.form)
            return
        self.title.setText("Design")
        tabs = QTabWidget()
        for section in SECTIONS:
            value = section_model(self.doc.design, section)

            def commit_section(new: BaseModel, section: Section = section) -> str | None:
                return self._replace_section(section, new, f"Edit {section}")

            form = ModelForm(value, commit_section, self.choices, read_only)
            self.section_forms[section] = form
            tabs.addTab(form, section.capitalize())
        self.decisions = DecisionsEditor(self.doc, self.editor, self.decision_row)
        tabs.addTab(self.decisions, "Decisions")
        tabs.setCurrentIndex(self.design_tab)
        _size_to_current(tabs)
        tabs.currentChanged.connect(self._tab_chosen)
        self.form = None
        self._show(tabs)

    def _tab_chosen(self, index: int) -> None:
        self.design_tab = index
        tabs = self.form_area.widget()
        if isinstance(tabs, QTabWidget):
            _size_to_current(tabs)

    def _replace(self, kind: Replaceable, eid: str, new: BaseModel, text: str) -> str | None:
        """Make the edit unless the file could then not be opened again (say why).

        Choosing another region or site for a component moves it there, as dragging it
        there on the canvas does: zones and proximity group follow the new place."""
        if not isinstance(new, (Component, Link, Site, Region)):
            raise TypeError(f"a {type(new).__name__} is not a {kind}")
        old = self.doc.component(eid) if kind == "component" else None
        if isinstance(new, Component) and old is not None:
            to = new.placement.site if new.placement.site != old.placement.site else \
                new.placement.region if new.placement.region != old.placement.region else None
            if to is not None and new.model_copy(update={"placement": old.placement}) == old:
                self.editor.last_message = ""
                if self.editor.move_to_container(eid, to):
                    return None
                return self.editor.last_message or f"{eid} cannot move to {to}"
        old_region = self.doc.region(eid) if kind == "region" else None
        if isinstance(new, Region) and old_region is not None:
            zones = renames(old_region.zones, new.zones)
            groups = renames(old_region.proximity_groups, new.proximity_groups)
            if zones or groups:
                return self._rename(old_region, new, zones, groups)
        refused = self.editor.refusal(kind, eid, new)
        if refused:
            return refused
        self.editor.replace(kind, eid, new, text)
        return None

    def _rename(self, old: Region, new: Region, zones: dict[str, str],
                groups: dict[str, str]) -> str | None:
        """Zones or proximity groups renamed in the region's tables, and with them what is
        placed in them (:func:`carry_renames`): one undoable step, or why not."""
        design = self.doc.design
        carried = carry_renames(design, new, zones, groups)
        trial = DesignDocument(snapshot(design, with_layout=True))
        trial.replace("region", old.id, carried.region)
        for comp, edited in carried.components:
            trial.replace("component", comp.id, edited)
        trial.set_positions(carried.after)
        issues = new_issues(design, trial.design, self.catalog)
        if issues:
            return issues[0][1]
        noun = "zone" if zones else "proximity group"
        names = ", ".join(f"{a} to {b}" for a, b in {**zones, **groups}.items())
        macro = Macro(f"Rename {noun} {names}")
        ReplaceElement(self.doc, "region", old.id, old, carried.region, "", macro)
        for comp, edited in carried.components:
            ReplaceElement(self.doc, "component", comp.id, comp, edited, "", macro)
        if carried.after:
            SetPositions(self.doc, carried.before, carried.after, "", macro)
        self.editor.push(macro)
        return None

    def _replace_section(self, name: Section, new: object, text: str) -> str | None:
        """Make the edit unless the file could then not be opened again (say why)."""
        refused = self.editor.section_refusal(name, new)
        if refused:
            return refused
        self.editor.set_section(name, new, text)
        return None

    def refresh(self) -> None:
        """Show the document as it is now: the same element's form is updated in place."""
        if self.current is not None:
            kind, model = self._model_of(self.current)
            if model is None:
                self.show_element(None)
            elif self.form is not None and type(self.form.model) is type(model):
                if model is not self.form.model:
                    self.form.show_model(model)
            else:
                self.show_element(self.current)
            return
        if not self.section_forms:
            self.show_element(None)
            return
        for section, form in self.section_forms.items():
            value = section_model(self.doc.design, section)
            if value is not form.model and value != form.model:
                form.show_model(value)
        if self.decisions is not None:
            self.decisions.refresh()


__all__ = ["Inspector", "ModelForm", "Site"]
