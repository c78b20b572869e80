"""Every field of every kind of element, edited through its widget in the Inspector.

For each field a person changes the value with the widget the field has (a drop-down chosen by
mouse, a check box clicked, a line typed into, YAML typed into a text box, a zone ticked, a date
typed, a cell of the zones table typed into) and saves with Ctrl+S. The saved file must differ
from the original at that field's path alone (choosing another region or site for a component
moves it, so its placement and position change), and the findings the window shows must be
exactly those of the saved file, so no finding appears or disappears except through the field.
Ctrl+Z and Ctrl+S then give back the original file byte for byte. Touching every field without
changing it makes no undo step at all.
"""

from __future__ import annotations

import datetime as dt
import json
import math
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QComboBox, QLineEdit, QPlainTextEdit, QTabWidget

from tests.ui import person
from tests.ui.test_inspector_stable import edit_cell, type_date
from workbench.model.canonical import to_plain
from workbench.model.io import load_design
from workbench.ui.inspector import ModelForm, _unwrap
from workbench.ui.pickers import RowsTable
from workbench.ui.widgets import CheckList, DateField

# one element of each kind the Inspector edits, and the design's three sections
# (a component in a cloud region and one at a hospital site, to move each to the other kind)
COMPONENTS = ("odb-prod-a", "bca-pc-main")
LINK, SITE, REGION, ZONE = ("odb-prod-a--odb-prod-b", "main", "east", "east-z1")
SECTIONS = ("metadata", "requirements", "policy")
TARGETS = COMPONENTS + (LINK, SITE, REGION, ZONE) + SECTIONS
# edits the design cannot take, refused with a message under the field (a component at a
# site is offered no zones to tick and no proximity group to choose: nothing to refuse)
REFUSED = {
    ("odb-prod-a", "placement.site"): "only on-premises SKUs go at a site",
    ("bca-pc-main", "placement.region"): "onprem-bca-pc is an on-premises SKU",
}


# ---------------------------------------------------------------------------- the file
def flatten(value: Any, prefix: tuple = ()) -> dict[tuple, Any]:
    """Leaves by path; list entries with an id are addressed by their id."""
    if isinstance(value, dict):
        if not value:
            return {prefix: {}}
        out: dict[tuple, Any] = {}
        for key, item in value.items():
            out.update(flatten(item, prefix + (key,)))
        return out
    if isinstance(value, list):
        if not value:
            return {prefix: []}
        out = {}
        for i, item in enumerate(value):
            key = item["id"] if isinstance(item, dict) and "id" in item else i
            out.update(flatten(item, prefix + (key,)))
        return out
    return {prefix: value}


def changed_paths(before: dict, after: dict) -> set[tuple]:
    a, b = flatten(before), flatten(after)
    return {p for p in a.keys() | b.keys() if a.get(p, KeyError) != b.get(p, KeyError)}


def base_path(target: str, window) -> tuple:  # type: ignore[no-untyped-def]
    doc = window.doc
    kind = doc.kind_of(target) if target not in SECTIONS else "section"
    if kind == "component":
        return ("components", target)
    if kind == "link":
        return ("links", target)
    if kind == "site":
        return ("placement", "sites", target)
    if kind == "region":
        return ("placement", "regions", target)
    if kind == "zone":
        return ("placement", "regions", doc.region_of_zone(target).id, "zones", target)
    return (target,)


# ---------------------------------------------------------------------------- the window
def open_target(window, target: str) -> ModelForm:  # type: ignore[no-untyped-def]
    """Select the element on the canvas, or click the section's tab with nothing selected."""
    if target in SECTIONS:
        person.press(window.view, Qt.Key.Key_Escape)
        if window.scene.selected_ids():
            window.scene.clearSelection()  # a click on empty canvas does the same
        tabs = window.inspector.form_area.widget()
        assert isinstance(tabs, QTabWidget)
        bar = tabs.tabBar()
        index = [tabs.tabText(i).lower() for i in range(tabs.count())].index(target)
        person.click(bar, bar.tabRect(index).center())
        return window.inspector.section_forms[target]
    person.select(window, target)
    assert window.inspector.form is not None
    return window.inspector.form


def fields(form: ModelForm, prefix: tuple = ()) -> Iterator[tuple[tuple, ModelForm, str]]:
    for name in form.fields:
        yield prefix + (name,), form, name
    for name, sub in form.subforms.items():
        yield from fields(sub, prefix + (name,))


def alias_path(form_path: tuple, root: ModelForm) -> tuple:
    """The field's path in the file (``from_`` is written ``from``)."""
    out, form = [], root
    for name in form_path:
        info = type(form.model).model_fields[name]
        out.append(info.alias or name)
        form = form.subforms.get(name, form)
    return tuple(out)


def analysed(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: not window.live._timer.isActive(), timeout=5000)
    assert window.live.wait()
    person.settle()


def shown_findings(window) -> list[tuple[str, str, str]]:  # type: ignore[no-untyped-def]
    """The rows of the findings table, as the person reads them."""
    table = window.findings.table
    return sorted((table.item(r, 1).text(), table.item(r, 2).text(), table.item(r, 3).text())
                  for r in range(table.rowCount()))


def file_findings(path: Path, catalog) -> list[tuple[str, str, str]]:  # type: ignore[no-untyped-def]
    from validators.engine import validate

    report = validate(load_design(path, catalog).design, catalog)
    return sorted((f.rule, ", ".join(f.targets) or "design", f.message)
                  for f in report.findings)


# ---------------------------------------------------------------------------- new values
def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def line_values(form: ModelForm, name: str, window) -> list[str]:  # type: ignore[no-untyped-def]
    """What a person might type into the line, most likely first."""
    info = type(form.model).model_fields[name]
    tp, _ = _unwrap(info.annotation)
    value = getattr(form.model, name)
    if name in ("from_", "to"):  # another end of the link
        return [c.id for c in window.doc.design.components if c.id != value][:3]
    region = window.doc.region(getattr(form.model, "region", None) or "")
    if name == "zones" and region is not None:  # one more zone of the region, or one fewer
        more = [z.id for z in region.zones if z.id not in value]
        return [", ".join([*value, *more[:1]]), ", ".join(value[:-1])]
    if name == "proximity_group" and region is not None:
        return [g.id for g in region.proximity_groups if g.id != value]
    if value is None:
        return {int: ["2", "30"], float: ["2", "0.5", "30"],
                dt.date: ["2026-01-15"]}.get(tp, ["edited", "edited-2"])
    if name == "baa_scope_confirmed":  # service ids: one more the catalog knows
        more = [s for s in window.catalog.services if s not in value]
        return [", ".join([*value, *more[:1]]), ", ".join(value[:-1])]
    if isinstance(value, list):
        return [", ".join([*value, "extra"]), ", ".join(value[:-1])]
    if isinstance(value, bool):
        raise AssertionError(f"{name} is a bool in a line edit")
    if isinstance(value, int) and tp is int:
        return [str(value + 1), str(value - 1)]
    if isinstance(value, (int, float)):
        return [_number(value + 1), _number(value - 0.5), _number(value * 0.9)]
    if isinstance(value, dt.date):
        return [(value - dt.timedelta(days=1)).isoformat()]
    return [f"{value} (edited)", f"{value}-2", "edited"]


EMPTY_YAML = {"overrides": ["{grefs_per_s: 1000000, basis: measured on our hardware}"],
              "rules": ["{RED-001: {enabled: false}}", "{THR-001: {severity: info}}"],
              "assumptions": ["{shared_tenancy_derating: 0.7}"],
              "backup_policy": ["{frequency_hours: 12, retention_days: 30, encrypted: true}"],
              "storage": ["{tier: onprem-all-flash-array, size_tb: 2}",
                          "{tier: ali-netapp-flash, size_tb: 2}"]}


def yaml_values(form: ModelForm, name: str) -> list[str]:
    value = json.loads(json.dumps(to_plain(getattr(form.model, name)), default=str))
    if value in (None, [], {}):
        return EMPTY_YAML[name]
    out = []
    leaves = flatten(value)
    numbers = [p for p, v in leaves.items() if isinstance(v, (int, float))
               and not isinstance(v, bool)]
    names = [p for p, v in leaves.items() if isinstance(v, str) and p[-1] == "name"]
    for path, make in ([(p, lambda v: v + 1) for p in numbers[:1]]
                       + [(p, lambda v: f"{v} (edited)") for p in names[:1]]):
        new = json.loads(json.dumps(value))
        holder = new
        for key in path[:-1]:
            holder = next(e for e in holder if e.get("id") == key) if isinstance(
                holder, list) and isinstance(key, str) else holder[key]
        holder[path[-1]] = make(holder[path[-1]])
        out.append(yaml.safe_dump(new, default_flow_style=True, width=math.inf).strip())
    return out


def attempts(form: ModelForm, name: str, window) -> list[tuple[str, Any]]:  # type: ignore[no-untyped-def]
    widget = form.fields[name].widget
    if isinstance(widget, CheckList):
        return [("tick", text) for text in widget.boxes]
    if isinstance(widget, DateField):
        value = widget.value()
        return [("date", (value - dt.timedelta(days=1)).isoformat())] if value else \
            [("dated", None)]
    if isinstance(widget, RowsTable):
        name_cell = widget.table.item(0, 1)
        return [("cell", f"{name_cell.text()} (edited)")] if name_cell else []
    if isinstance(widget, QComboBox):
        return [("choose", widget.itemText(i)) for i in range(widget.count())
                if i != widget.currentIndex()]
    if isinstance(widget, QCheckBox):
        return [("toggle", None)]
    if isinstance(widget, QPlainTextEdit):
        return [("type", text) for text in yaml_values(form, name)]
    assert isinstance(widget, QLineEdit)
    return [("type", text) for text in line_values(form, name, window)]


def act(window, widget, how: str, value: Any) -> None:  # type: ignore[no-untyped-def]
    window.inspector.form_area.ensureWidgetVisible(widget)
    person.settle()
    if how == "choose":
        person.choose_by_mouse(widget, value)
    elif how == "toggle":
        person.toggle(widget)
    elif how == "tick":
        person.toggle(widget.boxes[value])
    elif how == "date":
        type_date(widget, value)
    elif how == "dated":
        person.toggle(widget.dated)
    elif how == "cell":
        edit_cell(widget.table, 0, 1, value)
    else:
        person.type_text(widget, value)


def shown(widget) -> tuple[str, Any]:  # type: ignore[no-untyped-def]
    """How to put back what the widget shows now."""
    if isinstance(widget, QComboBox):
        return ("choose", widget.currentText())
    if isinstance(widget, QCheckBox):
        return ("toggle", None)
    if isinstance(widget, DateField):
        return ("date", widget.date.text()) if widget.value() else ("dated", None)
    if isinstance(widget, RowsTable):
        return ("cell", widget.table.item(0, 1).text())
    return ("type", widget.toPlainText() if isinstance(widget, QPlainTextEdit)
            else widget.text())


def save(window, path: Path) -> bytes:  # type: ignore[no-untyped-def]
    person.press(window.view, Qt.Key.Key_S, person.CTRL)
    assert not window.modified, "Ctrl+S did not save"
    return path.read_bytes()


# ---------------------------------------------------------------------------- the tests
@pytest.mark.parametrize("target", TARGETS)
def test_every_field_changes_only_itself(open_window, flagship_copy, catalog, qtbot,
                                         target):
    original = flagship_copy.read_bytes()
    before = yaml.safe_load(original)
    window = open_window(flagship_copy)
    analysed(window, qtbot)
    original_findings = shown_findings(window)
    assert original_findings == file_findings(flagship_copy, catalog)
    root = open_target(window, target)
    stack = window.editor.undo_stack
    prefix = base_path(target, window)
    problems: list[str] = []
    edited = 0
    for form_path, form, name in list(fields(root)):
        widget = form.fields[name].widget
        if name == "id":
            assert not widget.isEnabled(), "ids are renamed on the canvas, not typed here"
            continue
        where = prefix + alias_path(form_path, root)
        done = False
        refusals = []
        tries = attempts(form, name, window)
        if not tries:
            continue  # nothing offered (no zones at a site)
        for how, value in tries:
            depth = stack.index()
            undo_typing = ("tick", value) if how == "tick" else shown(widget)
            act(window, widget, how, value)
            if stack.index() == depth:  # refused with a message under the field
                refusals.append(f"{value!r}: {form.fields[name].error.text()}")
                act(window, widget, *undo_typing)  # the person puts the value back
                assert stack.index() == depth and not form.fields[name].error.isVisible()
                continue
            assert stack.index() == depth + 1, f"{where}: one edit made several undo steps"
            done = True
            after = yaml.safe_load(save(window, flagship_copy))
            scope = [where]
            if form_path[-2:] in (("placement", "region"), ("placement", "site")):
                # another region or site is a move, as a drag on the canvas is: the
                # placement follows and the element is drawn in its new container, which
                # grows to hold it
                scope = [where[:-1], ("layout", "positions", target),
                         ("layout", "positions", value)]
            stray = {p for p in changed_paths(before, after)
                     if not any(p[:len(s)] == s for s in scope)}
            if stray:
                problems.append(f"{'.'.join(map(str, where))} = {value!r} also changed "
                                f"{sorted(map(str, stray))}")
            if not changed_paths(before, after):
                problems.append(f"{'.'.join(map(str, where))} = {value!r} changed nothing")
            analysed(window, qtbot)
            if shown_findings(window) != file_findings(flagship_copy, catalog):
                problems.append(f"{'.'.join(map(str, where))}: the window's findings are not "
                                "the saved file's")
            person.press(window.view, Qt.Key.Key_Z, person.CTRL)
            if save(window, flagship_copy) != original:
                problems.append(f"{'.'.join(map(str, where))}: Ctrl+Z did not restore the file")
                flagship_copy.write_bytes(original)
            analysed(window, qtbot)
            if shown_findings(window) != original_findings:
                problems.append(f"{'.'.join(map(str, where))}: findings not restored by undo")
            break
        if not done:
            expected = REFUSED.get((target, ".".join(form_path)))
            if not refusals and isinstance(widget, QComboBox) and widget.count() == 1:
                continue  # the catalog offers one choice here (one SKU for the role)
            if expected is None or not refusals or not any(expected in r for r in refusals):
                problems.append(f"{'.'.join(map(str, where))}: no value was accepted "
                                f"({'; '.join(refusals)})")
        elif (target, ".".join(form_path)) in REFUSED:
            problems.append(f"{'.'.join(map(str, where))} = {value!r} was accepted")
        edited += done
    assert not problems, "\n".join(problems)
    assert edited


@pytest.mark.parametrize("target", TARGETS)
def test_touching_every_field_without_a_change_makes_no_edit(open_window, flagship_copy,
                                                             target):
    window = open_window(flagship_copy)
    root = open_target(window, target)
    for _, form, name in list(fields(root)):
        widget = form.fields[name].widget
        if not widget.isEnabled():
            continue
        window.inspector.form_area.ensureWidgetVisible(widget)
        if isinstance(widget, CheckList):
            for box in widget.boxes.values():
                toggle_twice(window, box)
        elif isinstance(widget, DateField):
            person.focus_by_click(widget.date.lineEdit())  # the text, where the pointer is
            person.press(widget.date, Qt.Key.Key_Return)
            person.leave(widget.date)
        elif isinstance(widget, RowsTable):
            edit_cell(widget.table, 0, 0, widget.table.item(0, 0).text())  # the same id
        elif isinstance(widget, QComboBox):
            person.choose_by_mouse(widget, widget.currentText())  # the same entry again
        elif isinstance(widget, QLineEdit):
            person.focus_by_click(widget)
            person.press(widget, Qt.Key.Key_Return)
            person.leave(widget)
        elif isinstance(widget, QPlainTextEdit):
            person.focus_by_click(widget)
            person.leave(widget)
        else:
            assert isinstance(widget, QCheckBox)
            toggle_twice(window, widget)
    assert window.editor.undo_stack.count() == 0 and not window.modified


def toggle_twice(window, box: QCheckBox) -> None:  # type: ignore[no-untyped-def]
    """A box ticked and unticked again is two edits; both undone, the history forgotten."""
    person.toggle(box)
    person.toggle(box)
    assert window.editor.undo_stack.index() == 2
    person.press(window.view, Qt.Key.Key_Z, person.CTRL)
    person.press(window.view, Qt.Key.Key_Z, person.CTRL)
    window.editor.undo_stack.clear()
