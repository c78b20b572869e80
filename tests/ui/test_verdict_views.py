"""The app says what the scenario table, the SPOF list and the PDF say about the flagship's
zone-redundant Citrix load balancer (issue 11, point 4)."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication

REASON = "platform-redundant: provider SLA 99.99 %, not a design SPOF"


def test_capacity_and_scenarios_views_state_the_platform_risk(window, qtbot):
    qtbot.waitUntil(lambda: not window.live._timer.isActive(), timeout=5000)
    window.live.wait()
    QApplication.processEvents()
    summary = window.capacity_view.summary.text()
    assert "<b>Single points of failure</b>: none" in summary
    assert f"<b>Accepted platform risk</b>: lb-citrix-east, {REASON}" in summary
    view = window.scenarios_view
    row = next(i for i, s in enumerate(view.scenarios) if s.id == "component:lb-citrix-east")
    assert view.table.item(row, 1).text() == "cannot serve peak"  # as the PDF says it
    assert view.table.item(row, 4).text() == f"throughput, rto ({REASON})"
    assert view.table.item(row, 0).toolTip() == REASON
    window.scenarios_view.choose("component:lb-citrix-east")
    QApplication.processEvents()
    assert f"Why: {REASON}" in window.capacity_view.summary.text()
