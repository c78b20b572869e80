"""Live validation, the findings panel, waivers, reviewer mode and export from the app."""

from __future__ import annotations

import shutil

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from tests.conftest import ROOT, SAMPLES
from tests.ui import person
from workbench.model.canonical import fingerprint
from workbench.model.io import load_design


def settle(window, qtbot) -> None:
    """Wait for the pending live validation (debounce, then the worker) to report."""
    qtbot.waitUntil(lambda: not window.live._timer.isActive(), timeout=5000)
    window.live.wait()
    QApplication.processEvents()


def rules_of(window) -> set[str]:
    return {f.rule for f in window.live.report.findings if not f.waived}


def test_an_edit_that_breaks_a_rule_shows_its_finding_and_undo_clears_it(window, qtbot):
    settle(window, qtbot)
    assert window.live.report.summary()["error"] == 0
    before = window.scene.nodes["odb-prod-a"].badge  # an info finding (THR-010) at most
    assert before != "error"
    req = window.doc.design.requirements.model_copy(update={"peak_grefs_per_s": 70_000_000})
    window.editor.set_section("requirements", req)
    settle(window, qtbot)
    assert "THR-001" in rules_of(window) and "THR-004" in rules_of(window)
    assert window.scene.nodes["odb-prod-a"].badge == "error"
    window.editor.undo_stack.undo()
    settle(window, qtbot)
    assert window.live.report.summary()["error"] == 0
    assert window.scene.nodes["odb-prod-a"].badge == before


def test_a_run_overtaken_by_an_edit_is_dropped(window, qtbot, monkeypatch):
    """The first delete's check is held on the worker until the second delete is made: it
    finishes, reports, and is dropped; only the check of both deletes is shown."""
    import threading

    import workbench.ui.live as live
    from tests.ui import person

    settle(window, qtbot)
    count = len(window.doc.design.components)
    entered, release = threading.Event(), threading.Event()
    real = live.validate

    def held(design, catalog, **kw):  # type: ignore[no-untyped-def]
        if not entered.is_set():
            entered.set()
            assert release.wait(30)
        return real(design, catalog, **kw)

    monkeypatch.setattr(live, "validate", held)
    finished, shown = [], []
    window.live._signals.done.connect(lambda generation, result, s: finished.append(result))
    window.live.updated.connect(shown.append)

    person.select(window, "kuiper-east")
    person.press(window.view, Qt.Key.Key_Delete)
    qtbot.waitUntil(entered.is_set, timeout=5000)  # its check is running, held
    person.select(window, "pulse-east")
    person.press(window.view, Qt.Key.Key_Delete)  # a second edit before the first reports
    release.set()
    settle(window, qtbot)
    qtbot.waitUntil(lambda: len(finished) == 2, timeout=5000)
    assert [r.metrics["components"] for r in finished] == [count - 1, count - 2]
    assert [r.metrics["components"] for r in shown] == [count - 2]  # the first was dropped
    assert window.live.report is shown[0]


def test_selecting_a_finding_selects_and_centres_its_targets(make_window, tmp_path, qtbot):
    path = tmp_path / "flawed.yaml"
    shutil.copy(SAMPLES / "flawed-design.yaml", path)
    window = make_window(path)
    settle(window, qtbot)
    panel = window.findings
    row = next(i for i, f in enumerate(panel.findings) if f.rule == "DSN-004")
    panel.select_row(row)
    assert window.scene.selected_ids() == ["odb-rpt"]
    visible = window.view.mapToScene(window.view.viewport().rect()).boundingRect()
    assert visible.contains(window.scene.nodes["odb-rpt"].centre())
    assert "DSN-004" in panel.detail.text()


def test_findings_filters_and_search(make_window, tmp_path, qtbot):
    path = tmp_path / "flawed.yaml"
    shutil.copy(SAMPLES / "flawed-design.yaml", path)
    window = make_window(path)
    settle(window, qtbot)
    panel = window.findings
    panel.severity.setCurrentText("warning")
    assert panel.findings and all(f.severity == "warning" for f in panel.findings)
    panel.severity.setCurrentText("all severities")
    panel.family.setCurrentText("PLC")
    assert {f.rule[:3] for f in panel.findings} == {"PLC"}
    panel.family.setCurrentText("all families")
    panel.search.setText("kuiper")
    assert [f.rule for f in panel.findings] == ["DSN-002"]


def test_waiving_from_the_panel_and_undo(make_window, tmp_path, qtbot, monkeypatch):
    import datetime as dt

    from workbench.ui import findings

    path = tmp_path / "flawed.yaml"
    shutil.copy(SAMPLES / "flawed-design.yaml", path)
    window = make_window(path)
    settle(window, qtbot)
    monkeypatch.setattr(findings.WaiverDialog, "exec", lambda self: 1)
    monkeypatch.setattr(findings.WaiverDialog, "values",
                        lambda self: ("Decommissioned next month", "J. Alvarez, CISO",
                                      dt.date(2099, 1, 1)))
    panel = window.findings
    panel.select_row(next(i for i, f in enumerate(panel.findings) if f.rule == "DSN-002"))
    panel.waive_button.click()
    assert window.editor.undo_stack.undoText() == "Waive DSN-002 on kuiper"
    settle(window, qtbot)
    assert "DSN-002" not in rules_of(window)
    assert window.live.report.summary()["waived"] == 1
    window.editor.undo_stack.undo()
    settle(window, qtbot)
    assert "DSN-002" in rules_of(window)


def test_reviewer_mode_refuses_edits(make_window, flagship_copy, qtbot):
    from tests.ui.conftest import drag, node_centre

    window = make_window(flagship_copy, read_only=True)
    assert "[read-only]" in window.windowTitle()
    assert not window.editor.delete(["kuiper-east"])
    assert window.doc.component("kuiper-east") is not None
    assert not all(a.isEnabled() for a in window.edit_actions)
    assert window.palette_dock.isHidden()
    before = window.scene.nodes["odb-prod-a"].pos()
    window.view.resetTransform()
    window.view.centerOn(node_centre(window, "odb-prod-a"))
    QApplication.processEvents()
    drag(window, node_centre(window, "odb-prod-a"), node_centre(window, "odb-prod-a") +
         type(before)(0, 200))
    assert window.scene.nodes["odb-prod-a"].pos() == before
    assert window.inspector.form is None or not window.inspector.form.isEnabled() or \
        all(not f.widget.isEnabled() for f in window.inspector.form.fields.values())


def sign_when_asked() -> None:
    """Answer the Approve/Reject confirmation with the test key (tests/fixtures/keys)."""
    from PySide6.QtWidgets import QLineEdit, QPushButton

    def sign(dialog) -> None:
        dialog.findChild(QLineEdit, "key").setText(
            str(ROOT / "tests" / "fixtures" / "keys" / "architecture-board.pem"))
        next(b for b in dialog.findChildren(QPushButton)
             if b.text().startswith("Sign and")).click()

    person.when_dialog(sign)


def test_review_comments_and_approval_keep_the_fingerprint(make_window, flagship_copy, qtbot):
    window = make_window(flagship_copy, read_only=True)
    original = fingerprint(window.doc.design)
    window.scene.select_ids(["odb-dr"])
    review = window.review
    review.reviewer.setText("Dana Whitfield")
    review.text.setPlainText("DR member confirmed in the Global Reach design.")
    assert review.add_comment()
    review.text.setPlainText("")
    sign_when_asked()
    assert review.decide("approve")
    assert window.files.save_to(flagship_copy)
    saved = load_design(flagship_copy).design
    assert fingerprint(saved) == original
    approval = saved.reviews.approvals[-1]
    assert (approval.reviewer, approval.decision, approval.fingerprint) == (
        "Dana Whitfield", "approve", original)
    assert saved.reviews.comments[-1].target == "odb-dr"
    assert review.approval_state().startswith("Approved by Dana Whitfield")


def test_the_app_shows_when_the_design_changed_since_approval(make_window, flagship_copy):
    window = make_window(flagship_copy)
    window.review.reviewer.setText("Board")
    sign_when_asked()
    assert window.review.decide("approve")
    window.editor.delete(["kuiper-east"])
    assert window.review.approval_state().startswith("CHANGED SINCE APPROVAL")


def test_export_pdf_from_the_app_without_freezing(window, tmp_path, qtbot):
    from exports.document import embedded_design
    from workbench.model.canonical import dump_design

    target = tmp_path / "board.pdf"
    window.export_pdf_to(target)
    qtbot.waitUntil(lambda: window.export_done is not None, timeout=30000)
    assert window.export_done[0]
    assert embedded_design(target.read_bytes()) == dump_design(window.doc.design)


def test_open_accepts_an_exported_pdf(window, tmp_path, catalog):
    from exports.document import build_pdf

    design = load_design(SAMPLES / "community-hospital-shared.yaml").design
    pdf = tmp_path / "community.pdf"
    pdf.write_bytes(build_pdf(design, catalog))
    assert window.open_path(pdf)
    assert window.doc.design == design and window.doc.path is None


def test_review_command_renders_a_screenshot(tmp_path, flagship_copy):
    from workbench.cli import main

    out = tmp_path / "review.png"
    assert main(["review", str(flagship_copy), "--screenshot", str(out)]) == 0
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_what_if_losing_a_zone_in_two_clicks(window, qtbot):
    """Open the Scenarios tab, pick 'lose zone east-z1': what is lost greys out, and the
    capacity view says what happens."""
    settle(window, qtbot)
    s = window.scenarios_view.choose("zone:east-z1")
    assert s is not None and window.what_if is s
    assert window.node_opacity("odb-prod-a") < 0.3  # lost with the zone
    assert window.node_opacity("odb-prod-b") == 1.0  # takes over
    assert window.node_opacity("citrix-east-z1") < 0.3
    text = window.capacity_view.summary.text()
    assert "What if: lose zone east-z1 of east" in text and "served 100 %" in text
    assert "odb-prod-a -&gt; odb-prod-b" in text or "odb-prod-a -> odb-prod-b" in text
    assert "what if lose zone east-z1" in window.findings.summary.text()
    window.scenarios_view.clear()
    assert window.node_opacity("odb-prod-a") == 1.0


def test_what_if_shows_a_breaking_scenario(window, qtbot):
    settle(window, qtbot)
    s = window.scenarios_view.choose("component:lb-citrix-east")
    assert s.breaks == ["throughput", "rto"]
    assert "breaks throughput, rto" in window.capacity_view.summary.text()


def test_capacity_view_follows_each_analysis(window, qtbot):
    settle(window, qtbot)
    assert "database service runs on dedicated compute" in window.capacity_view.summary.text()
    # judged on the low end of the band, all three shown (14 M of 21 / 28 / 35 M)
    assert "<b>database</b> 66.7 % of 21,000,000 (expected 28,000,000, high 35,000,000)" \
        in window.capacity_view.summary.text()
    window.capacity_dock.raise_()
    QApplication.processEvents()
    window.capacity_view.wait()
    QApplication.processEvents()
    assert len(window.capacity_view.canvases) == 2
    assert not window.capacity_view.canvases[0].pixmap().isNull()
    comps = window.doc.design.components
    for cid in ("odb-prod-a", "odb-prod-b"):
        comp = window.doc.component(cid)
        window.editor.replace("component", cid, comp.model_copy(update={
            "sku": "azure-m176bds-4-v3"}))
    settle(window, qtbot)
    assert "database service runs on shared compute" in window.capacity_view.summary.text()
    assert "PLC-002" in rules_of(window)  # 14 M GRefs/s is above the shared ceiling
    assert comps is window.doc.design.components


def test_file_open_for_review_switches_to_reviewer_mode(make_window, flagship_copy):
    window = make_window(flagship_copy)
    assert window.editor.delete(["kuiper-east"])
    window.editor.undo_stack.undo()
    assert window.open_for_review(flagship_copy)
    assert window.read_only and "[read-only]" in window.windowTitle()
    assert window.palette_dock.isHidden()
    assert not window.editor.delete(["kuiper-east"])


def test_an_approval_under_the_old_fingerprint_shows_as_matching(make_window, tmp_path):
    """The review tab judges the last approval as every command does (approval_matches): one
    recorded under fingerprint v1 still matches the design it approved."""
    import yaml

    from tests.conftest import SAMPLES
    from workbench.model.canonical import fingerprint_v1
    from workbench.model.io import loads_design

    data = yaml.safe_load((SAMPLES / "community-hospital-shared.yaml").read_text())
    old = fingerprint_v1(loads_design(yaml.safe_dump(data, sort_keys=False)).design)
    data["reviews"] = {"approvals": [{"reviewer": "A. Board", "date": "2026-11-12T16:00:00Z",
                                      "decision": "approve", "fingerprint": old}]}
    path = tmp_path / "old.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    window = make_window(path)
    assert window.review.approval_state() == \
        "Approved by A. Board on 2026-11-12: this exact design."
