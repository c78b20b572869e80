"""The Compare variants tab, as a person uses it: a click on its tab shows the open design's base
beside each variant (the table ``ehrwb compare`` prints, the sentences, the findings each
variant opens and closes); an edit in the Inspector compares again; a design without variants
says how to make one, and Design > Derive makes one. The comparison runs off the GUI thread and
a result for an older edit is never shown."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit, QMessageBox, QTabBar

from catalogs.errors import InputError, Problem
from tests.conftest import FLAGSHIP
from tests.ui import person
from validators import compare as comparing
from workbench.model.design import Variant
from workbench.model.io import load_design, save_design
from workbench.ui import compare_view

ON_VMS = Variant.model_validate({
    "name": "on-vms", "tenancy": "shared",
    "description": "the production and DR ODBs on M-series VMs",
    "changes": [{"component": c, "sku": "azure-m416bs-v3"}
                for c in ("odb-prod-a", "odb-prod-b", "odb-dr")]})


def flagship_with(tmp_path: Path, variants: list[Variant]) -> Path:
    """The flagship holding exactly ``variants`` (whatever variants the sample has)."""
    design = load_design(FLAGSHIP).design.model_copy(update={"variants": variants})
    path = tmp_path / "design.yaml"
    save_design(design, path, keep_backup=False)
    return path


@pytest.fixture
def with_variant(tmp_path) -> Path:
    return flagship_with(tmp_path, [ON_VMS])


@pytest.fixture
def without_variants(tmp_path) -> Path:
    return flagship_with(tmp_path, [])


def click_tab(window, title: str) -> None:  # type: ignore[no-untyped-def]
    """Click the tab of the dock ``title`` under the canvas."""
    # the bottom docks' bar (the window keeps an unused one of an earlier arrangement)
    bar = max((b for b in window.findChildren(QTabBar)
               if title in [b.tabText(i) for i in range(b.count())]), key=QTabBar.count)
    index = [bar.tabText(i) for i in range(bar.count())].index(title)
    person.click(bar, bar.tabRect(index).center())


def show_compare(window) -> compare_view.CompareView:  # type: ignore[no-untyped-def]
    """Click the Compare variants tab under the canvas."""
    click_tab(window, "Compare variants")
    view = window.compare_view
    assert on_screen(view)
    return view


def on_screen(view) -> bool:  # type: ignore[no-untyped-def]
    """A dock behind another's tab is moved off screen (isVisible() stays true)."""
    return not view.visibleRegion().isEmpty()


def compared(qtbot, view, columns: list[str]) -> None:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: view.table.isVisible() and view.columns() == columns
                    and not view.status.text().startswith("Comparing"), timeout=20_000)


def expected_rows(window, catalog) -> list[tuple[str, list[str]]]:  # type: ignore[no-untyped-def]
    """The table ``ehrwb compare`` prints for the design as the window holds it."""
    design = window.doc.design
    result = comparing.compare(comparing.candidates_of(design), catalog,
                               window.live.report.as_of)
    return comparing.rows(result)


def shown_rows(view) -> list[tuple[str, list[str]]]:  # type: ignore[no-untyped-def]
    table = view.table
    return [(table.verticalHeaderItem(r).text(),
             [table.item(r, c).text() for c in range(table.columnCount())])
            for r in range(table.rowCount())]


def type_growth(window, text: str) -> None:  # type: ignore[no-untyped-def]
    """Nothing selected, the Inspector's Requirements tab: type the annual growth."""
    person.press(window.view, Qt.Key.Key_Escape)
    window.scene.clearSelection()
    tabs = window.inspector.form_area.widget()
    bar = tabs.tabBar()
    person.click(bar, bar.tabRect([tabs.tabText(i) for i in range(tabs.count())]
                                  .index("Requirements")).center())
    growth = window.inspector.section_forms["requirements"].fields["annual_growth_pct"].widget
    assert isinstance(growth, QLineEdit)
    person.type_text(growth, text)
    assert window.doc.design.requirements.annual_growth_pct == float(text)


def test_the_base_beside_its_variant(open_window, with_variant, qtbot, catalog):
    window = open_window(with_variant)
    view = show_compare(window)
    compared(qtbot, view, ["base", "on-vms"])
    assert view.row("ceiling of the tenancy") == ["21 M", "12 M"]
    assert view.row("year demand reaches it")[1] == "already"
    assert shown_rows(view) == expected_rows(window, catalog)  # the command line's table
    # read only: a double click edits nothing
    assert view.table.editTriggers() == view.table.EditTrigger.NoEditTriggers
    row = [view.table.verticalHeaderItem(r).text() for r in range(view.table.rowCount())
           ].index("ceiling of the tenancy (GRefs/s)")
    tip = view.table.item(row, 1).toolTip()
    assert "shared-tenancy" in tip and "azure-m416bs-v3" not in view.table.item(row, 1).text()
    explanation = view.explanation.text()
    assert view.explanation.isVisible() and view.explanation.wordWrap()
    assert "The on-vms variant (shared)" in explanation and "fails PLC-002" in explanation
    assert "on-vms opens: PLC-002 on odb-prod-a; PLC-002 on odb-prod-b" in view.changes.text()
    assert "on-vms closes:" in view.changes.text()


def test_an_edit_in_the_inspector_compares_again(open_window, with_variant, qtbot, catalog):
    window = open_window(with_variant)
    view = show_compare(window)
    compared(qtbot, view, ["base", "on-vms"])
    assert view.row("year demand reaches it") == ["2033", "already"]
    type_growth(window, "12")  # from 6 % a year
    qtbot.waitUntil(lambda: view.table.isVisible()
                    and view.row("year demand reaches it")[0] != "2033", timeout=20_000)
    assert shown_rows(view) == expected_rows(window, catalog)
    # undone, it compares the design as it was
    person.press(window.view, Qt.Key.Key_Z, person.CTRL)
    qtbot.waitUntil(lambda: view.row("year demand reaches it") == ["2033", "already"],
                    timeout=20_000)


def test_no_variants_says_how_to_make_one_and_derive_makes_one(open_window, without_variants,
                                                                qtbot):
    window = open_window(without_variants)
    view = show_compare(window)
    assert view.status.text() == ("This design holds no variants. Design > Derive shared "
                                  "counterpart... adds one.")
    assert not view.table.isVisible() and not view.explanation.isVisible()
    click_tab(window, "Findings")  # back to the findings
    assert not on_screen(view)
    person.answer(QMessageBox.StandardButton.Ok)
    person.menu(window, "Design", "Derive shared counterpart")
    while person.QApplication.activePopupWidget() is not None:
        person.QApplication.activePopupWidget().close()
    assert on_screen(view)  # a variant was made: the comparison comes to the front
    compared(qtbot, view, ["base", "shared"])
    assert view.row("tenancy") == ["dedicated", "shared"]
    assert "The shared variant (shared)" in view.explanation.text()
    person.menu(window, "Edit", "Undo")
    qtbot.waitUntil(lambda: view.status.text().startswith("This design holds no variants"))
    assert not view.table.isVisible()


def test_the_comparison_runs_off_the_gui_thread(open_window, with_variant, qtbot,
                                                monkeypatch):
    """While the worker compares, the view says so and the window answers; the result is
    shown once the worker lets go."""
    gui = threading.get_ident()
    threads: list[int] = []
    release = threading.Event()

    def held(*args, **kwargs):  # type: ignore[no-untyped-def]
        threads.append(threading.get_ident())
        release.wait(10)  # on the GUI thread this would freeze the window for 10 s
        return comparing.compare(*args, **kwargs)

    monkeypatch.setattr(compare_view, "compare", held)
    window = open_window(with_variant)
    assert window.live.wait()
    person.settle()
    assert threads == []  # behind the Findings tab it compares nothing
    view = show_compare(window)
    qtbot.waitUntil(lambda: bool(threads), timeout=10_000)
    assert view.status.text() == "Comparing the base with 1 variant..."
    assert not view.table.isVisible()
    person.press(window.view, Qt.Key.Key_Escape)  # the window takes input meanwhile
    release.set()
    compared(qtbot, view, ["base", "on-vms"])
    assert threads and gui not in threads


def test_a_result_for_an_older_edit_is_not_shown(open_window, with_variant, qtbot, catalog,
                                                 monkeypatch):
    first_started = threading.Event()
    release = threading.Event()
    calls: list[float] = []

    def held(candidates, *args, **kwargs):  # type: ignore[no-untyped-def]
        calls.append(candidates[0].design.requirements.annual_growth_pct)
        if len(calls) == 1:
            first_started.set()
            release.wait(10)
        return comparing.compare(candidates, *args, **kwargs)

    monkeypatch.setattr(compare_view, "compare", held)
    window = open_window(with_variant)
    shown: list[list[tuple[str, list[str]]]] = []
    original = window.compare_view.show_comparison

    def recording(comparison, design):  # type: ignore[no-untyped-def]
        shown.append(comparing.rows(comparison))
        original(comparison, design)

    monkeypatch.setattr(window.compare_view, "show_comparison", recording)
    show_compare(window)
    qtbot.waitUntil(first_started.is_set, timeout=10_000)
    type_growth(window, "12")  # while the first comparison is still running
    release.set()
    qtbot.waitUntil(lambda: len(calls) == 2 and bool(shown), timeout=20_000)
    window.compare_panel.wait()
    person.settle()
    assert calls == [6.0, 12.0]
    assert shown == [expected_rows(window, catalog)]  # the older result never reached it


@pytest.mark.parametrize(("raised", "line"), [
    (InputError([Problem("unknown SKU 'azure-m999'", "design.yaml",
                         path="variants[0].changes[0].sku"),
                 Problem("a second problem", "design.yaml")]),
     "Cannot compare: design.yaml: variants[0].changes[0].sku: unknown SKU 'azure-m999'"),
    (RuntimeError("boom\nTraceback (most recent call last):"),
     "Cannot compare: comparison failed: RuntimeError: boom"),
])
def test_a_failure_is_one_line(open_window, with_variant, qtbot, monkeypatch, raised, line):
    def failing(design, source=None):  # type: ignore[no-untyped-def]
        raise raised

    monkeypatch.setattr(compare_view, "candidates_of", failing)
    window = open_window(with_variant)
    view = show_compare(window)
    qtbot.waitUntil(lambda: view.status.text().startswith("Cannot compare"), timeout=20_000)
    assert view.status.text() == line
    assert not view.table.isVisible()


def test_the_view_menu_shows_and_hides_it(open_window, with_variant):
    window = open_window(with_variant)
    dock = person.dock(window, "compare variants")
    assert dock.windowTitle() == "Compare variants"
    person.menu(window, "View", "Compare variants")
    assert dock.isHidden()
    person.menu(window, "View", "Compare variants")
    assert not dock.isHidden()
