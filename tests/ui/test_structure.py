"""How the window is put together: main_window.py stays small, nothing the window holds hides
a Qt method, and every panel follows each design the window opens through one protocol
(attach to it, detach from it before the next)."""

from __future__ import annotations

from PySide6.QtCore import QObject, SignalInstance
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication, QMainWindow, QMessageBox

from tests.conftest import ROOT
from tests.ui import person

MAIN_WINDOW = ROOT / "workbench" / "ui" / "main_window.py"


def test_main_window_module_stays_under_400_lines():
    lines = MAIN_WINDOW.read_text(encoding="utf-8").splitlines()
    assert len(lines) < 400, f"main_window.py has {len(lines)} lines"


def _hiding(obj: QObject, base: type) -> list[str]:
    """Names set on ``obj`` (or defined by its own classes) that ``base`` has as a method or
    property: Qt's signals and the event handlers a subclass overrides on purpose aside."""
    qt = {name for name in dir(base) if not name.startswith("__")} - {"staticMetaObject"}
    own = {name for cls in type(obj).__mro__ if cls.__module__.startswith("workbench")
           for name in vars(cls)}
    set_on_it = {name for name, value in vars(obj).items()
                 if not isinstance(value, SignalInstance)}
    return sorted(name for name in (own | set_on_it) & qt if not name.endswith("Event"))


def test_nothing_the_window_holds_hides_a_qt_method(window, qtbot):
    # the window after a design was opened, checked, what-if'd and exported from
    window.live.wait()
    QApplication.processEvents()
    assert window.scenarios_view.choose(window.scenarios_view.scenarios[0].id) is not None
    assert _hiding(window, QMainWindow) == []
    for part in (window.files, window.edits, window.menus, window.status_line,
                 window.what_if_panel, *window.panels):
        assert _hiding(part, QObject) == [], type(part).__name__
    assert isinstance(window.palette(), QPalette)  # the palette of SKUs is palette_panel


def test_the_check_sees_a_hidden_method(window):
    window.palette = window.palette_panel  # what the window did before
    try:
        assert _hiding(window, QMainWindow) == ["palette"]
    finally:
        del window.palette
    assert _hiding(window, QMainWindow) == []


class Recorder:
    """A panel that notes what it is told."""

    def __init__(self) -> None:
        self.told: list[tuple[str, object]] = []
        self.attached = None

    def attach(self, context) -> None:
        self.told.append(("attach", context.doc))
        self.attached = context

    def detach(self) -> None:
        self.told.append(("detach", self.attached.doc))
        self.attached = None


def test_a_panel_in_the_list_follows_every_design_the_window_opens(make_window,
                                                                    flagship_copy):
    window = make_window()  # no design yet
    recorder = Recorder()
    window.panels.append(recorder)
    assert window.open_path(flagship_copy)
    flagship = window.doc
    assert recorder.told == [("attach", flagship)]
    person.menu(window, "File", "New", "Empty design")
    assert recorder.told == [("attach", flagship), ("detach", flagship),
                             ("attach", window.doc)]
    assert window.doc is not flagship


def test_a_design_replaced_is_followed_by_nothing(window):
    """Opening another design detaches every panel from the one before: its document tells
    no one of its changes, its checks reach no one."""
    old_doc, old_live, old_stack = window.doc, window.live, window.editor.undo_stack
    person.menu(window, "File", "New", "Empty design")
    assert window.doc is not old_doc
    assert old_doc._listeners == []  # the scene, the checks and every panel unsubscribed
    assert old_live.receivers("2updated(PyObject)") == 0
    assert old_live.receivers("2failed(QString)") == 0
    assert old_stack.receivers("2cleanChanged(bool)") == 0
    assert old_stack.receivers("2undoTextChanged(QString)") == 0
    assert window.live.receivers("2updated(PyObject)") > 0  # the check sees the new one


def test_findings_choose_and_scenarios_grey_out_on_the_new_design(window, qtbot, flagship_copy):
    """The panels' wiring survives opening a design again."""
    window.answers.queue = [QMessageBox.StandardButton.Discard]
    assert window.open_path(flagship_copy)
    window.live.wait()
    qtbot.waitUntil(lambda: window.findings.table.rowCount() > 0, timeout=10_000)
    window.findings.select_row(0)
    chosen = window.findings.current()
    assert chosen is not None and chosen.targets
    assert set(window.scene.selected_ids()) == set(chosen.targets)
    zone = next(s for s in window.scenarios_view.scenarios if s.kind == "zone" and s.lost)
    window.scenarios_view.choose(zone.id)
    lost = next(eid for eid in zone.lost if eid in window.scene.nodes)
    assert window.what_if is zone and window.node_opacity(lost) < 1.0
