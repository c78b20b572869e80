"""Run by tests/ui/test_xserver.py in a child process on a real X server (QT_QPA_PLATFORM=xcb):
opens the flagship as ``ehrwb gui`` does, waits for its analysis and charts, measures what a
person sees, optionally acts with xdotool (real pointer and keyboard events from the X
server), and prints one JSON object of facts for the test to assert on.

    python -m tests.ui.xprobe DESIGN [--act]
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from PySide6.QtCore import QPoint, QRect
from PySide6.QtWidgets import QApplication, QDockWidget, QMainWindow, QWidget


def pump(seconds: float) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        QApplication.processEvents()
        time.sleep(0.01)


def wait_for(condition: Any, seconds: float = 20) -> bool:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        QApplication.processEvents()
        if condition():
            return True
        time.sleep(0.02)
    return False


def on_screen(widget: QWidget) -> list[int]:
    top_left = widget.mapToGlobal(QPoint(0, 0))
    return [top_left.x(), top_left.y(), widget.width(), widget.height()]


def inside(rect: list[int], area: QRect) -> bool:
    x, y, w, h = rect
    return w > 0 and h > 0 and area.contains(QRect(x, y, w, h))


def layout_facts(window: QMainWindow) -> dict[str, Any]:
    """Every dock (or its tab) and the status bar, in screen and window coordinates."""
    screen = window.screen().geometry()
    frame = window.geometry()
    docks: dict[str, Any] = {}
    for dock in window.findChildren(QDockWidget):
        shown = dock.isVisible() and not dock.visibleRegion().isEmpty()
        front = dock if shown else next(
            (d for d in window.tabifiedDockWidgets(dock) if d.isVisible()
             and not d.visibleRegion().isEmpty()), None)
        rect = on_screen(front) if front is not None else [0, 0, 0, 0]
        docks[dock.objectName() or dock.windowTitle()] = {
            "shown": shown, "reachable": front is not None, "rect": rect,
            "on_screen": inside(rect, screen), "in_window": inside(rect, frame)}
    bar = window.statusBar()
    waive = window.findings.waive_button  # type: ignore[attr-defined]
    return {"screen": [screen.width(), screen.height()],
            "window": [frame.x(), frame.y(), frame.width(), frame.height()],
            "minimum": [window.minimumSizeHint().width(), window.minimumSizeHint().height()],
            "docks": docks,
            "status_bar": {"visible": bar.isVisible(), "rect": on_screen(bar),
                           "on_screen": inside(on_screen(bar), screen),
                           "in_window": inside(on_screen(bar), frame)},
            "waive_button": {"visible": waive.isVisible(),
                             "on_screen": inside(on_screen(waive), screen)}}


def charts_drawn(window: QMainWindow) -> bool:
    view = window.capacity_view  # type: ignore[attr-defined]
    return len(view.canvases) >= 2 and all(
        c.pixmap() is not None and not c.pixmap().isNull() for c in view.canvases)


# ---------------------------------------------------------------------------- xdotool
def xdotool(*args: str) -> subprocess.Popen:
    """Real X input, run alongside the event loop (a drag runs Qt's own nested loop)."""
    return subprocess.Popen(["xdotool", *args])


def finish(process: subprocess.Popen, seconds: float = 20) -> None:
    wait_for(lambda: process.poll() is not None, seconds)
    pump(0.3)


def centre(widget: QWidget, local: QPoint | None = None) -> tuple[int, int]:
    point = widget.mapToGlobal(local if local is not None else widget.rect().center())
    return point.x(), point.y()


def act(window: QMainWindow, path: Path) -> dict[str, Any]:
    """An architect's first minutes: drag a SKU from the palette onto a zone, change the
    database's redundancy mode in the Inspector with the mouse, save with Ctrl+S, export the
    PDF with Ctrl+E typing its name into the save dialog. Everything through the X server."""
    out: dict[str, Any] = {}
    doc = window.doc  # type: ignore[attr-defined]
    view = window.view  # type: ignore[attr-defined]
    scene = window.scene  # type: ignore[attr-defined]
    before = len(doc.design.components)

    # 1. palette drag: the first SKU of a role that goes in a cloud zone
    palette = window.palette_panel  # type: ignore[attr-defined]
    palette.search.setText("ECP application server")
    pump(0.3)
    tree = palette.tree
    tree.expandAll()
    pump(0.2)
    role = next(tree.topLevelItem(i) for i in range(tree.topLevelItemCount())
                if not tree.topLevelItem(i).isHidden())
    provider = next(role.child(i) for i in range(role.childCount())
                    if "azure" in role.child(i).text(0).lower())
    item = provider.child(0)
    tree.scrollToItem(item)
    pump(0.2)
    start = centre(tree.viewport(), tree.visualItemRect(item).center())
    zone = scene.containers["east-z1"].rect()
    view.centerOn(zone.center())
    pump(0.3)
    target = centre(view.viewport(), view.mapFromScene(zone.center()))
    steps = [arg for i in range(1, 11) for arg in (
        "mousemove", str(start[0] + (target[0] - start[0]) * i // 10),
        str(start[1] + (target[1] - start[1]) * i // 10), "sleep", "0.05")]
    finish(xdotool("mousemove", *map(str, start), "sleep", "0.2", "mousedown", "1",
                   "sleep", "0.1", *steps, "sleep", "0.3", "mouseup", "1"))
    wait_for(lambda: len(doc.design.components) > before, 10)
    added = list(doc.design.components[before:])
    out["palette_drag"] = {"added": [c.id for c in added],
                           "zones": [c.placement.zones for c in added]}

    # 2. select the database by clicking it, choose its redundancy mode with the mouse
    node = scene.nodes["clarity-a"]
    view.centerOn(node.centre())
    pump(0.3)
    finish(xdotool("mousemove", *map(str, centre(view.viewport(),
                                                  view.mapFromScene(node.centre()))),
                   "click", "1"))
    wait_for(lambda: window.inspector.current == "clarity-a", 5)  # type: ignore[attr-defined]
    form = window.inspector.form  # type: ignore[attr-defined]
    combo = form.subforms["redundancy"].fields["mode"].widget
    window.inspector.form_area.ensureWidgetVisible(combo)  # type: ignore[attr-defined]
    pump(0.3)
    finish(xdotool("mousemove", *map(str, centre(combo)), "click", "1"))
    wait_for(lambda: combo.view().isVisible(), 5)
    list_view = combo.view()
    wanted = next(i for i in range(combo.count()) if combo.itemText(i) == "active-passive")
    entry = list_view.visualRect(list_view.model().index(wanted, 0)).center()
    pump(0.5)
    finish(xdotool("mousemove", *map(str, centre(list_view.viewport(), entry)), "sleep",
                   "0.5", "click", "1"))
    wait_for(lambda: doc.component("clarity-a").redundancy.mode == "active-passive", 5)
    out["mode"] = doc.component("clarity-a").redundancy.mode

    # 3. Ctrl+S from the keyboard, to the window that has the focus
    window.activateWindow()
    pump(0.3)
    finish(xdotool("key", "--clearmodifiers", "ctrl+s"))
    wait_for(lambda: not window.modified, 5)  # type: ignore[attr-defined]

    # 4. File > Export PDF with Ctrl+E, the file name typed into Qt's own save dialog
    pdf = path.with_suffix(".pdf")
    # both started now: the dialog's own event loop holds this code until the dialog closes
    # (and xdotool's "type" takes every argument after it, so Return is a second run)
    enter = xdotool("sleep", "4", "key", "Return")
    finish(xdotool("key", "--clearmodifiers", "ctrl+e", "sleep", "1.5", "key", "ctrl+a",
                   "type", "--delay", "20", str(pdf)), 30)
    finish(enter, 10)
    wait_for(lambda: getattr(window, "export_done", None) is not None, 60)
    out["export"] = {"done": getattr(window, "export_done", None),
                     "pdf_head": pdf.read_bytes()[:5].decode("latin-1") if pdf.exists() else ""}
    out["alive"] = True
    return out


def main(argv: list[str]) -> int:
    from catalogs import load_catalog
    from workbench.ui.app import build_window

    path = Path(argv[0])
    app = QApplication.instance() or QApplication([])
    window = build_window(load_catalog(use_setting=False), path)
    screen = window.screen().availableGeometry()
    window.setGeometry(screen)  # as a window manager maximises it
    window.show()
    wait_for(lambda: window.isVisible() and window.live.report is not None, 30)
    window.capacity_dock.raise_()  # the Capacity tab in front: its charts are drawn
    facts: dict[str, Any] = {"charts": wait_for(lambda: charts_drawn(window), 30)}
    window.findings_dock.raise_()
    pump(0.5)
    facts["full"] = layout_facts(window)
    window.resize(screen.width(), 740)
    pump(0.5)
    facts["short"] = layout_facts(window)
    window.setGeometry(screen)
    pump(0.5)
    if "--act" in argv and shutil.which("xdotool"):
        facts["act"] = act(window, path)
    window.editor.undo_stack.setClean()
    window.close()
    del app
    print(json.dumps(facts))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
