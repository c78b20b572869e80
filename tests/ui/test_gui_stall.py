"""The GUI thread is not stalled by the collector while work runs on other threads (issue 17).

A full pass of the cyclic garbage collector holds the interpreter lock for as long as it walks
every object: 150-200 ms in the open app on a busy machine, during which the GUI thread could
not run. The app's long-lived objects are frozen out of its reach once a design is open, and
the PDF export and the Capacity charts run with the collector paused. benchmarks/bench_live.py
measures the stalls themselves; these tests pin down the measures that bring them down.
"""

from __future__ import annotations

import gc

from exports import document, whatif_charts
from tests.ui import person
from tests.ui.test_compare_view import click_tab
from tests.ui.test_files_disk_and_export import export_from_the_menu, record_save_dialog
from workbench.ui import collector
from workbench.ui.scene import TopologyScene


def collector_state_in(monkeypatch, module, name: str) -> list[bool]:  # type: ignore[no-untyped-def]
    """Whether the collector was enabled at each call of ``module.name`` (which still runs)."""
    seen: list[bool] = []
    real = getattr(module, name)

    def recorded(*args, **kwargs):  # type: ignore[no-untyped-def]
        seen.append(gc.isenabled())
        return real(*args, **kwargs)

    monkeypatch.setattr(module, name, recorded)
    return seen


def test_an_open_design_leaves_the_apps_objects_out_of_the_collectors_reach(window):
    assert gc.get_freeze_count() > 0


def test_each_kind_of_long_lived_state_is_frozen_once(monkeypatch):
    frozen: list[int] = []
    monkeypatch.setattr(collector, "_frozen", set())
    monkeypatch.setattr(collector.gc, "freeze", lambda: frozen.append(1))
    collector.freeze_once("application")
    collector.freeze_once("application")  # a second design opened: no cycles kept for good
    assert len(frozen) == 1
    collector.freeze_once("pdf")
    assert len(frozen) == 2


def test_file_export_pdf_builds_the_document_with_the_collector_paused(window, tmp_path, qtbot,
                                                                     monkeypatch):
    seen = collector_state_in(monkeypatch, document, "export_pdf")
    record_save_dialog(monkeypatch, tmp_path / "out.pdf")
    export_from_the_menu(window, qtbot)
    assert seen == [False]
    assert gc.isenabled()  # and running again afterwards
    assert (tmp_path / "out.pdf").read_bytes()[:5] == b"%PDF-"


def test_the_capacity_charts_are_drawn_with_the_collector_paused(window, qtbot, monkeypatch):
    seen = collector_state_in(monkeypatch, whatif_charts, "sized_png")
    window.resize(1400, 900)
    person.settle()
    click_tab(window, "Capacity")
    capacity = window.capacity_view
    qtbot.waitUntil(lambda: len(seen) == 2, timeout=30_000)
    capacity.wait()
    qtbot.waitUntil(lambda: not capacity.canvases[1].pixmap().isNull(), timeout=10_000)
    assert seen == [False, False]
    assert gc.isenabled()



def test_a_paste_lays_out_the_canvas_once_and_so_does_its_undo(window, monkeypatch):
    """Each step of the paste (every component and link) notified the canvas, which routed
    every link again each time: 4.8 s for 10 components on the flagship."""
    copied = [c.id for c in window.doc.design.components][:6]
    window.scene.select_ids(copied)  # setup: what to copy
    person.menu(window, "Edit", "Copy")
    routed: list[int] = []
    real = TopologyScene.route_links

    def route_links(scene: TopologyScene) -> None:
        routed.append(1)
        real(scene)

    monkeypatch.setattr(TopologyScene, "route_links", route_links)
    before = len(window.doc.design.components)
    person.menu(window, "Edit", "Paste")
    assert len(window.doc.design.components) == before + len(copied)
    assert len(routed) == 1
    assert len(window.scene.selected_ids()) == len(copied)  # what was pasted, on the canvas
    routed.clear()
    person.menu(window, "Edit", "Undo")
    assert len(window.doc.design.components) == before
    assert len(routed) == 1
