"""The inspector: every field of the selected element (or of the design), edited in place.

Forms are generated from the pydantic models, so a new field appears without UI work. An edit
is validated by the model; an error is shown beside its field and nothing changes; a valid
edit becomes one undo command. Catalog references get choices filtered by context (SKUs by
role and the region's provider, link kinds by their ends, storage tiers by provider).
"""

from __future__ import annotations

import types
import typing
from collections.abc import Callable
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QCheckBox, QComboBox, QFormLayout, QGroupBox, QLabel, QLineEdit,
                               QPlainTextEdit, QScrollArea, QTabWidget, QVBoxLayout, QWidget)

from catalogs import SITE, Catalog

from ..model.canonical import dump_yaml, to_plain
from ..model.design import Component, Link, Region, Site
from ..model.document import DesignDocument
from .editor import Editor

NONE = "(default)"


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
    """One field's editor and its error label."""

    def __init__(self, name: str, widget: QWidget, read: Callable[[], Any],
                 write: Callable[[Any], None]) -> None:
        self.name, self.widget, self.read, self.write = name, widget, read, write
        self.error = QLabel()
        self.error.setStyleSheet("color: #c0392b;")
        self.error.setWordWrap(True)
        self.error.hide()

    def show_error(self, text: str | None) -> None:
        self.error.setText(text or "")
        self.error.setVisible(bool(text))


class ModelForm(QWidget):
    """A form for one pydantic model instance; ``committed`` is called with the new instance."""

    def __init__(self, model: BaseModel, on_commit: Callable[[BaseModel], None],
                 choices: Callable[[str, BaseModel], list[str] | None],
                 read_only: bool = False, skip: tuple[str, ...] = (),
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        self.on_commit = on_commit
        self.choices = choices
        self.read_only = read_only
        self.fields: dict[str, Field] = {}
        self.subforms: dict[str, ModelForm] = {}
        layout = QFormLayout(self)
        layout.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        for name, info in type(model).model_fields.items():
            if name in skip:
                continue
            label = (info.alias or name).replace("_", " ")
            value = getattr(model, name)
            tp, optional = _unwrap(info.annotation)
            if isinstance(tp, type) and issubclass(tp, BaseModel) and not optional:
                box = QGroupBox(label)
                sub = ModelForm(value, self._sub_commit(name), choices, read_only)
                QVBoxLayout(box).addWidget(sub)
                self.subforms[name] = sub
                layout.addRow(box)
                continue
            field = self._editor(name, tp, optional, value)
            field.widget.setToolTip(info.description or "")
            field.widget.setEnabled(not read_only and name != "id")
            self.fields[name] = field
            layout.addRow(label, field.widget)
            layout.addRow("", field.error)

    # ---- editors -----------------------------------------------------------------------
    def _editor(self, name: str, tp: Any, optional: bool, value: Any) -> Field:
        origin = typing.get_origin(tp)
        options = self.choices(name, self.model)
        if tp is bool:
            box = QCheckBox()
            box.setChecked(bool(value))
            box.toggled.connect(lambda _=None: self.commit())
            return Field(name, box, box.isChecked, box.setChecked)
        if origin is typing.Literal or options is not None:
            combo = QComboBox()
            # long catalog ids must not widen the form past the dock
            combo.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(10)
            items = list(typing.get_args(tp)) if origin is typing.Literal else list(options or [])
            if optional:
                combo.addItem(NONE, None)
            for item in items:
                combo.addItem(str(item), item)
            if value is not None and combo.findData(value) < 0:
                combo.addItem(str(value), value)
            combo.setCurrentIndex(max(0, combo.findData(value)))
            combo.activated.connect(lambda _=None: self.commit())
            return Field(name, combo, combo.currentData,
                         lambda v: combo.setCurrentIndex(max(0, combo.findData(v))))
        if origin is list and typing.get_args(tp) and typing.get_args(tp)[0] in (str,) \
                or origin is list and _unwrap(typing.get_args(tp)[0])[0] is str:
            line = QLineEdit(", ".join(value or []))
            line.setPlaceholderText("comma-separated")
            line.editingFinished.connect(self.commit)
            return Field(name, line, lambda: [p.strip() for p in line.text().split(",")
                                              if p.strip()],
                         lambda v: line.setText(", ".join(v or [])))
        if origin in (list, dict) or (isinstance(tp, type) and issubclass(tp, BaseModel)):
            text = QPlainTextEdit(self._yaml(value))
            text.setFixedHeight(90)
            text.setPlaceholderText("YAML")

            def read_yaml() -> Any:
                raw = text.toPlainText().strip()
                return yaml.safe_load(raw) if raw else (None if optional else
                                                        [] if origin is list else {})

            text.focusOutEvent = self._wrap_focus_out(text.focusOutEvent)  # type: ignore[method-assign]
            return Field(name, text, read_yaml, lambda v: text.setPlainText(self._yaml(v)))
        line = QLineEdit("" if value is None else self._scalar(value))
        line.editingFinished.connect(self.commit)
        return Field(name, line, lambda: (line.text().strip() or None) if optional
                     else line.text(), lambda v: line.setText("" if v is None
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

    def _sub_commit(self, name: str) -> Callable[[BaseModel], None]:
        def commit(sub: BaseModel) -> None:
            self._apply({name: sub})
        return commit

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

    def _apply(self, changes: dict[str, Any]) -> None:
        data = self.model.model_dump(by_alias=True)
        for name, value in changes.items():
            alias = type(self.model).model_fields[name].alias or name
            data[alias] = value.model_dump(by_alias=True) if isinstance(value, BaseModel) \
                else value
        for field in self.fields.values():
            field.show_error(None)
        try:
            new = type(self.model).model_validate(data)
        except ValidationError as exc:
            for err in exc.errors():
                loc = err["loc"]
                name = next((n for n, f in type(self.model).model_fields.items()
                             if loc and loc[0] in (n, f.alias)), None)
                target = self.fields.get(name or "")
                if target is not None:
                    target.show_error(err["msg"])
            return
        if new != self.model:
            self.model = new
            self.on_commit(new)


class Inspector(QWidget):
    """Shows the form of the selected element, or the design's sections when none is."""

    def __init__(self, doc: DesignDocument, catalog: Catalog, editor: Editor,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.doc, self.catalog, self.editor = doc, catalog, editor
        self.title = QLabel()
        self.title.setStyleSheet("font-weight: bold; font-size: 11pt;")
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.title)
        layout.addWidget(self.scroll)
        self.current: str | None = None
        self.form: ModelForm | None = None
        self.show_element(None)

    # ---- choices for catalog references -------------------------------------------------
    def choices(self, name: str, model: BaseModel) -> list[str] | None:
        cat = self.catalog
        if isinstance(model, Component):
            if name == "role":
                return sorted(cat.roles)
            if name == "sku":
                region = self.doc.region(model.placement.region or "")
                provider = None
                if region is not None and region.catalog_region in cat.regions:
                    provider = cat.regions[region.catalog_region].provider
                elif model.placement.site:
                    provider = "on-premises"
                return [s.id for s in cat.skus_for_role(model.role)
                        if provider is None or s.provider == provider] \
                    if model.role in cat.roles else sorted(cat.skus)
        if name == "tier":
            return sorted(cat.storage_tiers)
        if name == "catalog_region":
            return sorted(cat.regions)
        if isinstance(model, Link) and name == "kind":
            a = self.doc.component(model.from_)
            b = self.doc.component(model.to)
            return self.catalog.link_kinds_between(a.role if a else SITE, b.role if b else SITE)
        if name == "region" and not isinstance(model, Region):
            return [r.id for r in self.doc.design.placement.regions]
        if name == "log_store":
            return [c.id for c in self.doc.design.components if c.role == "log-store"]
        if name == "site":
            return [s.id for s in self.doc.design.placement.sites]
        return None

    def _zone_choices(self, region: Region) -> Callable[[str, BaseModel], list[str] | None]:
        offered = self.catalog.regions.get(region.catalog_region)

        def choices(name: str, model: BaseModel) -> list[str] | None:
            if name == "catalog_zone" and offered is not None:
                return list(offered.zones)
            return None
        return choices

    # ---- what is shown -----------------------------------------------------------------
    def show_element(self, element_id: str | None) -> None:
        self.current = element_id
        kind = self.doc.kind_of(element_id) if element_id else None
        read_only = self.editor.read_only
        if kind in ("component", "link", "site", "region"):
            model = getattr(self.doc, kind)(element_id)
            self.title.setText(f"{kind.capitalize()}: {element_id}")

            def commit(new: BaseModel, kind: str = kind, eid: str = element_id or "") -> None:
                self.editor.replace(kind, eid, new, f"Edit {eid}")

            self.form = ModelForm(model, commit, self.choices, read_only)
            self.scroll.setWidget(self.form)
            return
        if kind == "zone":
            region = self.doc.region_of_zone(element_id or "")
            assert region is not None
            zone = next(z for z in region.zones if z.id == element_id)
            self.title.setText(f"Zone: {element_id} (region {region.id})")

            def commit_zone(new: BaseModel, region: Region = region,
                            zid: str = element_id or "") -> None:
                zones = [new if z.id == zid else z for z in region.zones]
                self.editor.replace("region", region.id,
                                    region.model_copy(update={"zones": zones}),
                                    f"Edit zone {zid}")

            self.form = ModelForm(zone, commit_zone, self._zone_choices(region), read_only)
            self.scroll.setWidget(self.form)
            return
        self.title.setText("Design")
        tabs = QTabWidget()
        for section in ("metadata", "requirements", "policy"):
            value = getattr(self.doc.design, section)

            def commit(new: BaseModel, section: str = section) -> None:
                self.editor.set_section(section, new, f"Edit {section}")

            form = ModelForm(value, commit, self.choices, read_only)
            tabs.addTab(form, section.capitalize())
        self.form = None
        self.scroll.setWidget(tabs)

    def refresh(self) -> None:
        if self.current is not None and self.doc.kind_of(self.current) is None:
            self.current = None
        self.show_element(self.current)


__all__ = ["Inspector", "ModelForm", "Site"]
