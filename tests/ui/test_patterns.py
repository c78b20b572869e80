"""Patterns inserted as a person would: Insert > Pattern in the menu bar and a double-click in
the palette, one undo step each; the two-zone design built from an empty file with the menus
validates with no error and nothing overlapping (pytest-qt, offscreen)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QMessageBox, QWidget

from tests.ui import person
from tests.ui.conftest import drag, node_centre
from validators.engine import validate
from workbench.model.autolayout import NODE_H, NODE_W

UNDO = (Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
SKU = Qt.ItemDataRole.UserRole + 1  # the palette's SKU of a leaf
CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier


def add_region(window, catalog_region: str) -> None:
    """Insert > Region..., the region picked in the dialog by keys, then OK."""
    def pick(dialog: QWidget) -> None:
        assert isinstance(dialog, QDialog)
        combo = dialog.findChild(QComboBox)
        assert combo is not None
        wanted = next(combo.itemText(i) for i in range(combo.count())
                      if combo.itemText(i).startswith(catalog_region + " "))
        person.choose_by_keys(combo, wanted)
        ok = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok)
        person.click(ok)
    person.when_dialog(pick)
    person.menu(window, "Insert", "Region")
    person.settle()


def pattern(window, name: str) -> None:
    person.menu(window, "Insert", "Pattern", name)
    person.settle()


def undo(window) -> None:
    """Ctrl+Z with the window active again (the offscreen platform leaves no window active
    after a menu closes)."""
    window.activateWindow()
    person.settle()
    person.press(window.view, *UNDO)


def double_click(view, where) -> None:
    """A double click on an item view's item: the press, then the double click (an item view
    takes a double click only on the item the press was on)."""
    QTest.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                     where)
    QTest.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton,
                      Qt.KeyboardModifier.NoModifier, where)
    person.settle()


def empty(make_window):
    window = make_window()
    person.menu(window, "File", "New", "Empty design")
    assert window.doc.design.components == []
    return window


def record_baa(window) -> int:
    """The signed BAAs recorded as a person does it, from the finding that asks for them: a
    click on a CMP-006 row of the Findings table, a click on Record signed BAA..., Yes.
    Returns the actions taken (3)."""
    window.live.run_now()
    assert window.live.wait()
    person.settle()
    panel = window.findings
    row = next(i for i, f in enumerate(panel.findings) if f.rule == "CMP-006")
    table = panel.table
    person.click(table.viewport(), table.visualRect(table.model().index(row, 1)).center())
    assert panel.agreement_button.isVisible()
    window.answers.queue.append(QMessageBox.StandardButton.Yes)
    person.click(panel.agreement_button)
    assert window.answers.asked[-1] == "Record signed BAA"
    window.live.run_now()
    assert window.live.wait()
    return 3


def node_rects(window) -> dict[str, tuple[float, float, float, float]]:
    out = {}
    for eid, pos in window.doc.design.layout.positions.items():
        if window.doc.component(eid) or window.doc.site(eid):
            out[eid] = (pos.x, pos.y, NODE_W, NODE_H)
    return out


def overlapping(window) -> list[tuple[str, str]]:
    rects = node_rects(window)
    ids = sorted(rects)
    return [(a, b) for i, a in enumerate(ids) for b in ids[i + 1:]
            if rects[a][0] < rects[b][0] + NODE_W and rects[b][0] < rects[a][0] + NODE_W
            and rects[a][1] < rects[b][1] + NODE_H and rects[b][1] < rects[a][1] + NODE_H]


def test_the_insert_menu_has_every_pattern_without_shortcuts(make_window):
    window = empty(make_window)
    names = [a.text().replace("&", "") for a in window.menus.pattern_menu.actions()]
    assert names == ["ODB failover pair with arbiter", "ECP pool per zone",
                     "Presentation pool behind a load balancer",
                     "Hospital site with its gateway", "DR async member", "Reporting shadow",
                     "Backup chain (3-2-1)"]
    assert all(a.shortcut().isEmpty() for a in window.menus.pattern_menu.actions())


def test_a_pattern_from_the_menu_is_one_step_that_one_undo_takes_back(make_window):
    window = empty(make_window)
    add_region(window, "azure-eastus2")
    assert [r.id for r in window.doc.design.placement.regions] == ["eastus2"]
    zones_before = {z: window.doc.design.layout.positions[z] for z in
                    ("eastus2", "eastus2-z1", "eastus2-z2", "eastus2-z3")}
    steps = window.editor.undo_stack.count()
    pattern(window, "ODB failover pair")
    design = window.doc.design
    assert {c.role for c in design.components} == {"odb-production", "arbiter", "log-store"}
    assert {x.kind for x in design.links} == {"mirror-sync", "admin"}
    assert window.editor.undo_stack.count() == steps + 1
    assert window.editor.undo_stack.undoText() == "Insert ODB failover pair"
    assert set(window.scene.selected_ids()) == {c.id for c in design.components}
    undo(window)
    design = window.doc.design
    assert design.components == [] and design.links == []
    assert design.policy.compliance.business_associate_agreements == []
    assert {z: design.layout.positions[z] for z in zones_before} == zones_before


def test_a_double_click_in_the_palette_inserts_the_pattern(make_window):
    window = empty(make_window)
    add_region(window, "azure-eastus2")
    pattern(window, "ODB failover pair")
    patterns = window.palette_panel.patterns
    item = next(i for i in window.palette_panel.pattern_items()
                if i.text().startswith("Reporting shadow"))
    patterns.scrollToItem(item)
    double_click(patterns, patterns.visualItemRect(item).center())
    rpt = [c for c in window.doc.design.components if c.role == "odb-reporting"]
    assert len(rpt) == 1 and rpt[0].placement.zones == ["eastus2-z3"]
    assert window.editor.undo_stack.undoText() == "Insert reporting shadow"


def test_the_palette_search_filters_the_patterns(make_window):
    window = empty(make_window)
    person.type_text(window.palette_panel.search, "backup")
    shown = [i.text() for i in window.palette_panel.pattern_items() if not i.isHidden()]
    assert shown == ["Backup chain (3-2-1)"]


def test_a_pattern_the_design_cannot_hold_is_refused_with_a_sentence(make_window):
    window = empty(make_window)
    steps = window.editor.undo_stack.count()
    pattern(window, "ODB failover pair")
    assert window.doc.design.components == []
    assert window.editor.undo_stack.count() == steps
    assert "the failover pair needs a region with two zones" in window.editor.last_message
    assert "two zones" in window.statusBar().currentMessage()


def test_reviewer_mode_disables_the_patterns(make_window, flagship_copy):
    window = make_window(flagship_copy, read_only=True)
    assert not any(a.isEnabled() for a in window.menus.pattern_menu.actions())


def test_new_components_and_links_start_secure(make_window, monkeypatch):
    """A component double-clicked in the palette and an admin link drawn by hand (admin links
    used to start unencrypted): encrypted, audited, MFA, ports closed, logs shipped."""
    window = empty(make_window)
    add_region(window, "azure-eastus2")
    pattern(window, "ODB failover pair")
    person.select(window, "eastus2-z3")
    person.type_text(window.palette_panel.search, "reporting shadow")
    item = next(leaf for leaf in window.palette_panel.leaves()
                if not leaf.isHidden() and leaf.data(0, SKU) == "azure-e16ds-v5")
    tree = window.palette_panel.tree
    tree.scrollToItem(item)
    double_click(tree, tree.visualItemRect(item).center())
    comp = window.doc.design.components[-1]
    assert (comp.role, comp.placement.zones) == ("odb-reporting", ["eastus2-z3"])
    sec = comp.security
    assert sec.encryption_at_rest == "customer-managed-key" and sec.audit_logging
    assert sec.admin_mfa and sec.unique_admin_identity and sec.integrity_controls
    assert sec.management_ports == "closed" and sec.log_store == "logs-eastus2"
    monkeypatch.setattr(window.editor, "choose_kind", lambda kinds, where: "admin")
    window.view.resetTransform()
    source = window.scene.nodes["arbiter"]
    handle = source.mapToScene(source.handle_rect().center())
    target = node_centre(window, comp.id)
    window.view.centerOn((handle + target) / 2)
    person.settle()
    drag(window, handle, target)
    link = window.doc.design.links[-1]
    assert (link.from_, link.to, link.kind, link.encrypted) == ("arbiter", comp.id, "admin",
                                                                True)


def test_the_two_zone_design_from_an_empty_file_validates_with_no_error(make_window,
                                                                        catalog):
    """File > New > Empty design; Insert > Region (East US 2); the failover pair, the ECP
    pool, the presentation pool and the hospital site; Insert > Region (Central US); the DR
    member and the backup chain; the signed BAA recorded from its finding: no error,
    nothing overlapping, each pattern one step."""
    window = empty(make_window)
    add_region(window, "azure-eastus2")
    for name in ("ODB failover pair", "ECP pool", "Presentation pool", "Hospital site"):
        pattern(window, name)
    add_region(window, "azure-centralus")
    for name in ("DR async member", "Backup chain"):
        pattern(window, name)
    assert window.doc.design.policy.compliance.business_associate_agreements == []
    record_baa(window)
    design = window.doc.design
    assert "azure-virtual-machines" in design.policy.compliance.business_associate_agreements
    assert [r.id for r in design.placement.regions] == ["eastus2", "centralus"]
    assert next(c for c in design.components if c.role == "odb-dr").placement.region == \
        "centralus"
    report = validate(design, catalog)
    assert [f.message for f in report.findings if f.severity == "error"] == []
    assert overlapping(window) == []
    texts = [window.editor.undo_stack.text(i) for i in range(window.editor.undo_stack.count())]
    assert texts[-8:-1] == ["Insert ODB failover pair", "Insert ECP pool",
                          "Insert presentation pool", "Insert hospital site",
                          "Add region centralus", "Insert DR async member",
                          "Insert backup chain"]
    assert texts[-1].startswith("Record signed BAA for azure-")


def test_the_pattern_menu_answers_its_mnemonic_keys(make_window):
    """Insert opened by a click, then P (Pattern) and R (Reporting shadow) on the keyboard."""
    window = empty(make_window)
    add_region(window, "azure-eastus2")
    pattern(window, "ODB failover pair")
    bar = window.menuBar()
    insert = next(a for a in bar.actions() if a.text() == "&Insert")
    person.click(bar, bar.actionGeometry(insert).center())
    menu = insert.menu()
    assert menu.isVisible()
    QTest.keyClick(menu, Qt.Key.Key_P)
    person.settle()
    assert window.menus.pattern_menu.isVisible()
    QTest.keyClick(window.menus.pattern_menu, Qt.Key.Key_R)
    person.settle()
    assert [c.placement.zones for c in window.doc.design.components
            if c.role == "odb-reporting"] == [["eastus2-z3"]]


def test_the_walkthrough_takes_seventeen_actions_with_the_palette(make_window, catalog):
    """Ctrl+N; Ctrl+Shift+R, Down, Enter (East US 2); four double-clicks in the palette
    (failover pair, ECP pool, presentation pool, hospital site); Ctrl+Shift+R, Down, Down,
    Enter (Central US); two double-clicks (DR member, backup chain); the BAA recorded from
    its finding (row, button, Yes): 17 actions, no error."""
    window = make_window()
    actions = 0

    def key(key: Qt.Key, modifiers=Qt.KeyboardModifier.NoModifier, widget=None) -> None:
        nonlocal actions
        if widget is None:  # the offscreen platform leaves no window active after a change
            window.activateWindow()
            person.settle()
        QTest.keyClick(widget or window.view, key, modifiers)
        person.settle()
        actions += 1

    def region(downs: int) -> None:
        def answer(dialog: QWidget) -> None:
            for _ in range(downs):
                key(Qt.Key.Key_Down, widget=dialog.focusWidget())
            key(Qt.Key.Key_Return, widget=dialog.focusWidget())
        person.when_dialog(answer)
        key(Qt.Key.Key_R, CTRL_SHIFT)

    def palette(name: str) -> None:
        nonlocal actions
        patterns = window.palette_panel.patterns
        item = next(i for i in window.palette_panel.pattern_items() if i.text().startswith(name))
        double_click(patterns, patterns.visualItemRect(item).center())
        actions += 1

    key(Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    region(1)
    for name in ("ODB failover pair", "ECP pool", "Presentation pool", "Hospital site"):
        palette(name)
    region(2)
    for name in ("DR async member", "Backup chain"):
        palette(name)
    actions += record_baa(window)
    design = window.doc.design
    assert [r.catalog_region for r in design.placement.regions] == ["azure-eastus2",
                                                                    "azure-centralus"]
    assert actions == 17
    report = validate(design, catalog)
    assert [f.message for f in report.findings if f.severity == "error"] == []
    assert overlapping(window) == []


def test_the_baa_is_recorded_only_when_the_user_says_it_is_signed(make_window, catalog):
    """A pattern records no agreement; CMP-006's Record signed BAA... names the services and
    the provider, Cancel records nothing, Yes records them as one undoable step."""
    window = empty(make_window)
    add_region(window, "azure-eastus2")
    pattern(window, "ODB failover pair")
    assert window.doc.design.policy.compliance.business_associate_agreements == []
    window.live.run_now()
    assert window.live.wait()
    person.settle()
    panel = window.findings
    table = panel.table
    other = next(i for i, f in enumerate(panel.findings) if f.rule != "CMP-006")
    person.click(table.viewport(), table.visualRect(table.model().index(other, 1)).center())
    assert not panel.agreement_button.isVisible()  # only CMP-006 offers it
    row = next(i for i, f in enumerate(panel.findings) if f.rule == "CMP-006")
    person.click(table.viewport(), table.visualRect(table.model().index(row, 1)).center())
    assert panel.agreement_button.isVisible()
    window.answers.queue.append(QMessageBox.StandardButton.Cancel)
    person.click(panel.agreement_button)
    assert window.answers.asked == ["Record signed BAA"]
    assert window.doc.design.policy.compliance.business_associate_agreements == []
    steps = window.editor.undo_stack.count()
    record_baa(window)
    assert window.doc.design.policy.compliance.business_associate_agreements == [
        "azure-virtual-machines"]
    assert window.editor.undo_stack.count() == steps + 1
    assert not [f for f in validate(window.doc.design, catalog).findings if f.rule == "CMP-006"]
    undo(window)
    assert window.doc.design.policy.compliance.business_associate_agreements == []
