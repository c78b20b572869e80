"""What-if that stays (issue 16, point 5) and charts that scale (point 4), through the real
widgets: a click on a scenario row keeps the Scenarios tab in front and shows the outcome
beside the list; the Capacity tab, when the user looks at it, shows the load after the
failure beside normal; its charts follow the dock's size and are not drawn behind another tab.

The flagship's zone east-z1, worked out by hand (demand 14,000,000 GRefs/s and 25,000
concurrent users; utilization judged on the low end of each band):
- application: 24 ECP servers (12 a zone) at 2,379,600 GRefs/s = 57,110,400 (24.5 %);
  the zone takes 12: 12 x 2,379,600 = 28,555,200 (49.0 %);
- presentation: 3 x 160 Citrix hosts at 80 users = 38,400 users (65.1 %); the zone takes
  160: 320 x 80 = 25,600 (97.7 %, past the 75 % headroom limit);
- database: odb-prod-b takes over, the 12 surviving ECP servers still drive the low end of
  the ECP multiple: 21,000,000 both ways (66.7 %).
"""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication, QTabBar

from tests.ui import person
from workbench.ui.views import CHART_MINIMUM

ZONE = "lose zone east-z1 of east"
APPLICATION = ("24.5 % of 57,110,400", "49.0 % of 28,555,200")
PRESENTATION = ("65.1 % of 38,400", "97.7 % of 25,600")
DATABASE = ("66.7 % of 21,000,000", "66.7 % of 21,000,000")


def analysed(window, qtbot) -> None:
    qtbot.waitUntil(lambda: not window.live._timer.isActive(), timeout=10_000)
    window.live.wait()
    person.settle()


def dock_tabs(window, title: str) -> tuple[QTabBar, int]:
    """The tab bar of the dock called ``title`` and the docks tabbed with it (Qt keeps the
    bars of earlier tab groups alive under it), and the index of its tab."""
    dock = person.dock(window, title.lower())
    group = {dock.windowTitle(), *(d.windowTitle() for d in window.tabifiedDockWidgets(dock))}
    for bar in window.findChildren(QTabBar):
        tabs = [bar.tabText(i) for i in range(bar.count())]
        if bar.isVisible() and bar.parent() is window and set(tabs) == group:
            return bar, tabs.index(title)
    raise AssertionError(f"no dock tab {title}")


def click_tab(window, title: str) -> None:
    bar, i = dock_tabs(window, title)
    person.click(bar, bar.tabRect(i).center())


def front_tab(window, title: str) -> str:
    bar, _ = dock_tabs(window, title)
    return bar.tabText(bar.currentIndex())


def click_scenario(window, label: str) -> None:
    table = window.scenarios_view.table
    row = next(i for i in range(table.rowCount()) if table.item(i, 0).text() == label)
    table.scrollToItem(table.item(row, 0))
    person.click(table.viewport(), table.visualItemRect(table.item(row, 0)).center())


def on_screen(widget) -> bool:
    return widget.isVisible() and not widget.visibleRegion().isEmpty()


def test_choosing_a_scenario_keeps_the_list_in_front_and_shows_the_outcome(window, qtbot):
    analysed(window, qtbot)
    click_tab(window, "Scenarios")
    assert front_tab(window, "Scenarios") == "Scenarios"
    click_scenario(window, ZONE)
    assert front_tab(window, "Scenarios") == "Scenarios"  # not sent to the Capacity tab
    assert on_screen(window.scenarios_view.table)
    assert not on_screen(window.capacity_view)
    assert window.what_if is not None and window.what_if.label == ZONE
    assert window.node_opacity("odb-prod-a") < 0.3  # greyed out: lost with the zone
    outcome = window.scenarios_view.outcome
    assert on_screen(outcome)
    text = outcome.text()
    assert f"What if: {ZONE}" in text and "served 100 %" in text
    assert "odb-prod-a -&gt; odb-prod-b" in text
    for normal, after in (APPLICATION, PRESENTATION, DATABASE):
        assert f"<td>{normal}</td>" in text
        assert f"{after}</" in text
    # past the headroom limit after the failure: said in the error colour
    assert f">{PRESENTATION[1]}</font>" in text and f">{APPLICATION[1]}</font>" not in text
    # another row, still in place; Clear what-if empties the outcome
    click_scenario(window, "lose zone east-z2 of east")
    assert front_tab(window, "Scenarios") == "Scenarios"
    assert "What if: lose zone east-z2 of east" in outcome.text()
    person.click(window.scenarios_view.clear_button)
    assert window.what_if is None and "What if" not in outcome.text()
    assert window.node_opacity("odb-prod-a") == 1.0


def test_a_scenario_that_serves_nothing_names_its_bottleneck(window, qtbot):
    """Losing the Citrix load balancer leaves every tier's capacity as it was, but nothing
    reaches it: the outcome says so and names the bottleneck, in both tabs."""
    analysed(window, qtbot)
    click_tab(window, "Scenarios")
    click_scenario(window, "lose lb-citrix-east (its only instance)")
    text = window.scenarios_view.outcome.text()
    assert "- cannot serve peak, RPO 0 min, RTO unbounded" in text
    assert "breaks throughput, rto</font>" in text and "<br/>Bottleneck: lb-citrix-east" in text
    assert f"<td>{PRESENTATION[0]}</td><td>{PRESENTATION[0]}</td>" in text  # nothing lost
    click_tab(window, "Capacity")
    assert "<br/>Bottleneck: lb-citrix-east" in window.capacity_view.summary.text()


def test_the_capacity_tab_shows_the_load_after_the_failure_beside_normal(window, qtbot):
    analysed(window, qtbot)
    view = window.capacity_view
    assert "Capacity after the failure" not in view.summary.text()
    click_tab(window, "Scenarios")
    drawn = view.drawn
    click_scenario(window, ZONE)
    assert view.drawn == drawn  # its tab is behind the Scenarios tab: nothing drawn
    click_tab(window, "Capacity")
    assert front_tab(window, "Capacity") == "Capacity" and on_screen(view)
    text = view.summary.text()
    assert f"What if: {ZONE}" in text and "Capacity after the failure" in text
    for normal, after in (APPLICATION, PRESENTATION, DATABASE):
        assert normal in text and after in text
    assert view.drawn == drawn + 1  # drawn once it is looked at
    view.wait()
    qtbot.waitUntil(lambda: not view.canvases[0].pixmap().isNull(), timeout=10_000)
    assert view.scenario is not None and view.scenario.label == ZONE
    assert [t.after.judged for t in view.tiers] == [21_000_000, 28_555_200, 25_600]


def test_charts_are_not_drawn_behind_another_tab(window, qtbot):
    analysed(window, qtbot)
    click_tab(window, "Findings")
    view = window.capacity_view
    drawn = view.drawn
    person.select(window, "kuiper-east")
    person.press(window.view, Qt.Key.Key_Delete)  # a new analysis
    analysed(window, qtbot)
    assert window.doc.component("kuiper-east") is None
    assert view.drawn == drawn
    click_tab(window, "Capacity")
    assert view.drawn == drawn + 1


def test_resizing_the_dock_resizes_the_charts(window, qtbot):
    window.resize(1300, 900)
    analysed(window, qtbot)
    click_tab(window, "Capacity")
    view = window.capacity_view
    canvas = view.canvases[0]
    view.wait()
    qtbot.waitUntil(lambda: canvas.drawn_size() == canvas.size(), timeout=10_000)
    assert canvas.minimumSize() == CHART_MINIMUM
    assert canvas.maximumWidth() > 10_000  # no fixed size: the layout decides
    before = canvas.size()
    dock = window.capacity_dock
    window.resize(1700, 900)  # the bottom dock is as wide as the window
    person.settle()
    assert canvas.width() > before.width() + 100
    # the new size is drawn once the dock rests, at the canvas's own size
    qtbot.waitUntil(lambda: canvas.drawn_size() == canvas.size(), timeout=10_000)
    assert canvas.pixmap().width() >= canvas.width()
    # taller: drag the separator between the canvas and the bottom docks 120 px up
    before = canvas.size()
    top = dock.mapTo(window, QPoint(0, 0)).y()
    x = window.width() // 2
    grip = QPoint(x, top - 3)
    assert window.childAt(grip) is None  # the window's own separator, not a widget
    qtbot.mouseMove(window, grip)
    qtbot.mousePress(window, Qt.MouseButton.LeftButton, pos=grip)
    for step in range(1, 7):
        qtbot.mouseMove(window, QPoint(x, top - 2 - 20 * step))
        QApplication.processEvents()
    qtbot.mouseRelease(window, Qt.MouseButton.LeftButton, pos=QPoint(x, top - 123))
    person.settle()
    assert canvas.height() >= before.height() + 100
    qtbot.waitUntil(lambda: canvas.drawn_size() == canvas.size(), timeout=10_000)
    assert canvas.pixmap().height() >= canvas.height()
