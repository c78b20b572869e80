"""Run by tests/ui/test_build_from_empty.py in a child process on a real X server (xcb):
an architect builds the two-zone Epic design from an empty file with the X server's own
keyboard and mouse (xdotool), every action counted, and saves it. Prints one JSON object of
facts (the actions, the saved file, what the canvas shows) for the test to assert on.

The design: East US 2 with the ODB failover pair and its arbiter, the ECP and presentation
pools in two zones and a hospital site; Central US with the DR async member and the backup
copy; the signed BAA recorded from its finding.

    python -m tests.ui.xbuild SAVE_AS [SCREENSHOT.png]

With a screenshot path it also saves the window as the person sees it at the end, with the
Outline in front (the README's picture of a design built this way).
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QRectF, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QMainWindow, QMessageBox, QPushButton

from tests.ui.xprobe import centre, finish, pump, wait_for, xdotool


class Person:
    """An architect at the X server's keyboard and mouse; ``actions`` counts what they do
    (a key sequence, a click, a double click, a typed name)."""

    def __init__(self, window: QMainWindow) -> None:
        self.window = window
        self.actions = 0
        self.log: list[str] = []

    def key(self, keys: str) -> None:
        self._did(f"key {keys}")
        finish(xdotool("key", "--clearmodifiers", keys))
        pump(0.4)

    def type(self, text: str) -> None:
        self._did(f"type {text}")
        finish(xdotool("type", "--delay", "20", text), 30)
        pump(0.4)

    def click(self, at: tuple[int, int], what: str, double: bool = False) -> None:
        self._did(f"{'double-click' if double else 'click'} {what}")
        clicks = ["click", "--repeat", "2", "--delay", "80", "1"] if double else ["click", "1"]
        finish(xdotool("mousemove", *map(str, at), "sleep", "0.3", *clicks))
        pump(0.4)

    def answer(self, act: Callable[[QDialog], None]) -> None:
        """What the person does in the next dialog, once it shows: the action that opens it
        runs the dialog's own event loop, so this waits on a timer inside it."""
        def poll(left: int = 400) -> None:
            dialog = modal()
            if dialog is not None:
                pump(0.5)  # drawn and focused before the person looks at it
                act(dialog)
            elif left:
                QTimer.singleShot(25, lambda: poll(left - 1))
        QTimer.singleShot(0, poll)

    def _did(self, what: str) -> None:
        self.actions += 1
        self.log.append(what)
        print(f"{self.actions:2d}. {what}", file=sys.stderr, flush=True)  # where a hang is


def modal() -> QDialog | None:
    widget = QApplication.activeModalWidget()
    return widget if isinstance(widget, QDialog) and widget.isVisible() else None


def add_region(person: Person, downs: int) -> None:
    """Insert > Region... by its key; the region chosen with Down in the dialog, Return."""
    window = person.window
    window.activateWindow()
    pump(0.3)
    regions = len(window.doc.design.placement.regions)  # type: ignore[attr-defined]

    def choose(dialog: QDialog) -> None:
        for _ in range(downs):
            person.key("Down")
        person.key("Return")
    person.answer(choose)
    person.key("ctrl+shift+r")
    assert wait_for(lambda: len(window.doc.design.placement.regions) > regions, 10), \
        "no region added"


def insert_pattern(person: Person, name: str) -> None:
    """A double click on the pattern in the palette's Patterns list."""
    palette = person.window.palette_panel  # type: ignore[attr-defined]
    patterns = palette.patterns
    item = next(i for i in palette.pattern_items() if i.text().startswith(name))
    patterns.scrollToItem(item)
    pump(0.2)
    doc = person.window.doc  # type: ignore[attr-defined]
    before = len(doc.design.components) + len(doc.design.placement.sites)
    person.click(centre(patterns.viewport(), patterns.visualItemRect(item).center()),
                 f"pattern {name}", double=True)
    wait_for(lambda: len(doc.design.components) + len(doc.design.placement.sites) > before, 10)


def checked(window: QMainWindow) -> None:
    live = window.live  # type: ignore[attr-defined]
    live.run_now()
    wait_for(lambda: live.wait(50), 30)
    pump(0.5)


def record_baa(person: Person) -> None:
    """The CMP-006 row of the Findings table clicked, Record signed BAA..., Yes."""
    window = person.window
    checked(window)
    panel = window.findings  # type: ignore[attr-defined]
    row = next(i for i, f in enumerate(panel.findings) if f.rule == "CMP-006")
    table = panel.table
    table.scrollTo(table.model().index(row, 1))
    pump(0.2)
    person.click(centre(table.viewport(), table.visualRect(table.model().index(row, 1))
                        .center()), "the CMP-006 finding")
    assert wait_for(panel.agreement_button.isVisible, 5), "no Record signed BAA... button"
    asked: list[str] = []

    def yes(box: QDialog) -> None:
        assert isinstance(box, QMessageBox)
        asked.append(box.text())
        button = box.button(QMessageBox.StandardButton.Yes)
        assert isinstance(button, QPushButton)
        person.click(centre(button), "Yes")
    person.answer(yes)
    person.click(centre(panel.agreement_button), "Record signed BAA...")
    wait_for(lambda: modal() is None and bool(asked), 10)
    assert asked and "business associate agreement" in asked[0], asked


def save_as(person: Person, path: Path) -> None:
    """Ctrl+S on the untitled design: Qt's save dialog, the name typed, Return."""
    window = person.window
    window.activateWindow()
    pump(0.3)

    def name_it(dialog: QDialog) -> None:
        pump(1.0)  # Qt's file dialog reads the folder first
        person.key("ctrl+a")
        person.type(str(path))
        person.key("Return")
    person.answer(name_it)
    person.key("ctrl+s")
    wait_for(lambda: path.exists() and not window.modified, 20)  # type: ignore[attr-defined]


def overlaps(rects: dict[str, QRectF]) -> list[list[str]]:
    ids = sorted(rects)
    return [[a, b] for i, a in enumerate(ids) for b in ids[i + 1:]
            if rects[a].intersects(rects[b])]


def canvas_facts(window: QMainWindow) -> dict[str, Any]:
    """What the canvas draws: nodes, zones of a region, regions, link labels; which overlap."""
    scene = window.scene  # type: ignore[attr-defined]
    nodes = {eid: n.mapRectToScene(n.node_rect()) for eid, n in scene.nodes.items()}
    containers = scene.containers
    regions = {eid: c.rect() for eid, c in containers.items() if c.kind == "region"}
    zones_by_region: dict[str, dict[str, QRectF]] = {}
    for region in window.doc.design.placement.regions:  # type: ignore[attr-defined]
        zones_by_region[region.id] = {z.id: containers[z.id].rect() for z in region.zones}
    labels = {lid: item.label_box for lid, item in scene.link_items.items()
              if item.label_box is not None}
    label_over_node = [[lid, nid] for lid, r in labels.items() for nid, n in nodes.items()
                       if r.intersects(n)]
    return {"nodes": len(nodes), "links": len(scene.link_items), "labels": len(labels),
            "node_overlaps": overlaps(nodes), "region_overlaps": overlaps(regions),
            "zone_overlaps": [o for zones in zones_by_region.values() for o in overlaps(zones)],
            "label_overlaps": overlaps(labels), "labels_over_nodes": label_over_node}


def watch_dialogs() -> QTimer:
    """Every 2 s, the dialog that is open, on stderr: a walkthrough that hangs says where."""
    def say() -> None:
        box = QApplication.activeModalWidget()
        if box is not None:
            text = box.text() if isinstance(box, QMessageBox) else ""
            print(f"   (open: {box.windowTitle()!r} {text[:200]!r})", file=sys.stderr,
                  flush=True)
    timer = QTimer()
    timer.timeout.connect(say)
    timer.start(2000)
    return timer


def main(argv: list[str]) -> int:
    from catalogs import load_catalog
    from workbench.ui.app import build_window

    target = Path(argv[0])
    app = QApplication.instance() or QApplication([])
    window = build_window(load_catalog(use_setting=False), None, remember_layout=False)
    window.setGeometry(window.screen().availableGeometry())  # as a window manager maximises
    window.show()
    wait_for(lambda: window.isVisible() and window.live.report is not None, 30)
    window.activateWindow()
    pump(0.5)
    person = Person(window)
    watcher = watch_dialogs()

    person.key("ctrl+n")  # File > New > Empty design (the flagship opened unchanged)
    wait_for(lambda: not window.doc.design.components, 10)
    add_region(person, 1)  # East US 2, three zones
    for name in ("ODB failover pair", "ECP pool", "Presentation pool", "Hospital site"):
        insert_pattern(person, name)
    add_region(person, 2)  # Central US, the DR region
    for name in ("DR async member", "Backup chain"):
        insert_pattern(person, name)
    record_baa(person)
    save_as(person, target)
    checked(window)
    report = window.live.report
    facts: dict[str, Any] = {
        "actions": person.actions, "log": person.log, "saved": target.exists(),
        "modified": window.modified,
        "summary": report.summary() if report is not None else None,
        "errors": [f"{f.rule} {f.message}" for f in (report.findings if report else [])
                   if f.severity == "error" and not f.waived],
        "roles": sorted({c.role for c in window.doc.design.components}),
        "regions": [r.catalog_region for r in window.doc.design.placement.regions],
        "canvas": canvas_facts(window),
        "alive": True}
    watcher.stop()
    if len(argv) > 1:
        window.raise_dock("outline")
        window.raise_dock("scenarios")
        window.scene.clearSelection()  # type: ignore[attr-defined]
        window.view.first_view()  # type: ignore[attr-defined]
        pump(1.0)
        window.grab().save(argv[1])
    window.editor.undo_stack.setClean()
    window.close()
    del app
    print(json.dumps(facts))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
