"""File > New from requirements...: the wizard with the fields of ``ehrwb propose``.

Four pages group the fields as the command line does: the requirements (users, peak, ODB size,
growth, horizon and the sites with their users), where and on what (tenancy, production and
DR regions, providers, jurisdictions, commitment), the targets (availability, survivable
domain, RPO, RTO, headroom) and the organisation's records (the compliance rules read them).
Each field starts at the design model's default, so what is shown is what is used; a blank
optional field is worked out as the command line does (a peak from the users...).

What the fields say is read into :class:`validators.brief.Asked` and checked by
:func:`validators.brief.brief`: its problems are said under the fields they name (Next stays
on a page with a problem; Propose goes to the first one). The search
(:func:`validators.propose.propose`) runs off the GUI thread behind a busy bar; what it finds
opens as a new untitled design (``open_proposal``), or its one-line statement of what cannot
be met is said in the wizard, with the fields kept to change and try again.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import re
from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QProgressBar,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from catalogs import Catalog
from catalogs.errors import InputError, Problem
from catalogs.reading import gc_paused
from validators.brief import (
    COMMITMENTS,
    FAIL_ON,
    SITE_KINDS,
    SURVIVE_CHOICES,
    TENANCY_CHOICES,
    Asked,
    brief,
)
from validators.propose import Brief, Proposal, propose

from .. import clock
from ..model.design import Design, Requirements
from .collector import freeze_once
from .widgets import Combo, DateField, cell_text

ERROR_STYLE = "color: #b00020;"
LABEL_WIDTH = 160  # the labels' column, the same on every page
LINE_WIDTH = 220  # a figure's field
SEARCH = "search"  # a region left to the search
NAME, USERS, KIND = range(3)  # the sites table's columns
Button = QWizard.WizardButton
TENANCY_TEXT = {"cheapest": "cheapest that passes", "dedicated": "dedicated hosts only",
                "shared": "shared hosts only"}
COMMITMENT_TEXT = {"payg": "pay as you go", "1y": "1-year reserved", "3y": "3-year reserved"}
SURVIVE_TEXT = {"component": "a component", "zone": "a zone", "region": "a region"}
FAIL_ON_TEXT = {"info": "any finding (information and above)",
                "warning": "a warning or an error", "error": "an error"}
# a command-line flag in a message (--users): named as the wizard's field instead
_FLAG = re.compile(r"--[a-z][a-z-]*")


def _default(name: str) -> Any:
    return Requirements.model_fields[name].get_default(call_default_factory=True)


def _figure(value: float) -> str:
    """A figure as typed: 5, 99.95, 14000000 (never 1.4e+07)."""
    return str(int(value)) if float(value).is_integer() else str(value)


# ---------------------------------------------------------------------------- the search
class _Signals(QObject):
    done = Signal(int, object)  # generation, Proposal or the exception that ended the search


class ProposeJob(QRunnable):
    """``propose`` on a worker thread: the window and the wizard stay responsive."""

    def __init__(self, generation: int, wanted: Brief, catalog: Catalog,
                 as_of: dt.date) -> None:
        super().__init__()
        self.generation, self.wanted, self.catalog, self.as_of = \
            generation, wanted, catalog, as_of
        self.signals = _Signals()  # no parent: it lives as long as the job
        self.finished = False
        # Python keeps the job (_JOBS): Qt deleting a Python-made runnable after run()
        # crashed the interpreter later (see live.py)
        self.setAutoDelete(False)

    def run(self) -> None:
        try:
            with gc_paused():  # no full collection over the designs it builds (collector)
                result: object = propose(self.wanted, self.catalog, self.as_of)
        except Exception as exc:  # said in the wizard, never lost on the worker
            result = exc
        self.finished = True
        with contextlib.suppress(RuntimeError):  # the interpreter is exiting: no one waits
            self.signals.done.emit(self.generation, result)


_JOBS: list[ProposeJob] = []  # every job Qt may still touch (a wizard may close meanwhile)


def _start(job: ProposeJob) -> None:
    done = [j for j in _JOBS if j.finished]
    _JOBS[:] = [j for j in _JOBS if not j.finished] + done[-1:] + [job]
    QThreadPool.globalInstance().start(job)


# ---------------------------------------------------------------------------- the fields
class SitesTable(QWidget):
    """The sites with their users: a row each (name, users, kind), Add and Remove."""

    EMPTY = "No sites: one hospital holds every user."

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.table = QTableWidget(0, 3)
        self.table.setObjectName("sites")
        self.table.setHorizontalHeaderLabels(["Site", "Users", "Kind"])
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(NAME, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(USERS, QHeaderView.ResizeMode.Fixed)
        header.setSectionResizeMode(KIND, QHeaderView.ResizeMode.Fixed)
        self.table.setColumnWidth(USERS, 90)
        self.table.setColumnWidth(KIND, 130)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        edit = QAbstractItemView.EditTrigger
        self.table.setEditTriggers(edit.DoubleClicked | edit.EditKeyPressed
                                   | edit.AnyKeyPressed)
        self.table.setMinimumHeight(110)
        self.add = QPushButton("&Add site")
        self.add.setObjectName("add-site")
        self.add.clicked.connect(lambda _=None: self.add_row())
        self.remove = QPushButton("Re&move site")
        self.remove.setObjectName("remove-site")
        self.remove.clicked.connect(lambda _=None: self.remove_row())
        self.empty = QLabel(self.EMPTY)
        self.empty.setEnabled(False)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add)
        buttons.addWidget(self.remove)
        buttons.addWidget(self.empty)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table)
        layout.addLayout(buttons)
        self._shown()

    def add_row(self) -> int:
        """A new row with the cursor in its name, ready to type."""
        r = self.table.rowCount()
        self.table.insertRow(r)
        for col in (NAME, USERS):
            item = QTableWidgetItem()
            if col == USERS:
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.table.setItem(r, col, item)
        kind = Combo()
        kind.setObjectName(f"site-kind-{r}")
        for text in SITE_KINDS:
            kind.addItem(text, text)
        self.table.setCellWidget(r, KIND, kind)
        self.table.setCurrentCell(r, NAME)
        self.table.setFocus()
        self._shown()
        return r

    def set_rows(self, rows: Sequence[tuple[str, int, str]]) -> None:
        """Show ``rows`` (name, users, kind) in place of what is there."""
        self.table.setRowCount(0)
        for name, users, kind in rows:
            r = self.add_row()
            for col, text in ((NAME, name), (USERS, str(users))):
                item = self.table.item(r, col)
                assert item is not None
                item.setText(text)
            combo = self.table.cellWidget(r, KIND)
            assert isinstance(combo, Combo)
            combo.setCurrentIndex(max(0, combo.findData(kind)))
        self.table.clearSelection()

    def remove_row(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        r = rows[0].row() if rows else self.table.rowCount() - 1
        if r >= 0:
            self.table.removeRow(r)
        self._shown()

    def _shown(self) -> None:
        self.remove.setEnabled(self.table.rowCount() > 0)
        self.empty.setVisible(self.table.rowCount() == 0)

    def sites(self) -> tuple[list[str], list[str]]:
        """The rows as ehrwb propose's NAME=USERS:KIND, and what is wrong with any."""
        out: list[str] = []
        wrong: list[str] = []
        for r in range(self.table.rowCount()):
            name, users = cell_text(self.table, r, NAME), cell_text(self.table, r, USERS)
            if not name and not users:
                continue  # a row added and left blank
            combo = self.table.cellWidget(r, KIND)
            kind = combo.currentData() if isinstance(combo, Combo) else "hospital"
            figure = users.replace(",", "").replace("_", "").replace(" ", "")
            if not name or "=" in name:
                wrong.append(f"row {r + 1}: give the site a name (without '=')")
            elif not figure.isdigit():
                wrong.append(f"row {r + 1} ({name}): the users must be a whole number, "
                             f"not '{users}'" if users else
                             f"row {r + 1} ({name}): give the site's users")
            else:
                out.append(f"{name}={int(figure)}:{kind}")
        return out, wrong


class ChecksList(QListWidget):
    """Choices to tick in a short scrolling list (the catalog's services)."""

    def __init__(self, offered: Sequence[tuple[str, str]], rows: int = 5) -> None:
        super().__init__()
        for value, text in offered:
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, value)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.addItem(item)
        self.setFixedHeight(self.sizeHintForRow(0) * rows + 2 * self.frameWidth() + 2)

    def tick(self, values: Sequence[str]) -> None:
        for i in range(self.count()):
            item = self.item(i)
            item.setCheckState(Qt.CheckState.Checked
                               if item.data(Qt.ItemDataRole.UserRole) in values
                               else Qt.CheckState.Unchecked)

    def ticked(self) -> list[str]:
        return [str(self.item(i).data(Qt.ItemDataRole.UserRole)) for i in range(self.count())
                if self.item(i).checkState() == Qt.CheckState.Checked]


class Ticks(QWidget):
    """Check boxes side by side (providers, jurisdictions), named ``tick-<prefix>-<value>``."""

    def __init__(self, prefix: str, offered: Sequence[str], ticked: Sequence[str] = (),
                 note: str = "") -> None:
        super().__init__()
        self.boxes: dict[str, QCheckBox] = {}
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        for i, value in enumerate(offered):
            box = QCheckBox(value)
            box.setObjectName(f"tick-{prefix}-{value}")
            box.setChecked(value in ticked)
            grid.addWidget(box, i // 4, i % 4)
            self.boxes[value] = box
        if note:
            hint = QLabel(note)
            hint.setEnabled(False)
            grid.addWidget(hint, (len(offered) + 3) // 4, 0, 1, 4)

    def ticked(self) -> list[str]:
        return [value for value, box in self.boxes.items() if box.isChecked()]


class _Page(QWizardPage):
    """A page of fields in a form, with its errors under them and a message at the foot."""

    def __init__(self, wizard: ProposeWizard, title: str, subtitle: str) -> None:
        super().__init__()
        self.owner = wizard
        self.setTitle(title)
        self.setSubTitle(subtitle)
        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        self.form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)
        self.message = QLabel()
        self.message.setObjectName("message")
        self.message.setTextFormat(Qt.TextFormat.PlainText)  # names come from the fields
        self.message.setWordWrap(True)
        self.message.hide()
        self.busy = QProgressBar()
        self.busy.setObjectName("busy")
        self.busy.setRange(0, 0)  # no end known: the bar moves to and fro
        self.busy.setTextVisible(False)
        self.busy.setMaximumHeight(12)
        self.busy.hide()
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addStretch(1)
        layout.addWidget(self.message)
        layout.addWidget(self.busy)

    def isComplete(self) -> bool:
        return not self.owner.searching

    def validatePage(self) -> bool:
        return self.owner.page_done(self)

    def say(self, text: str, error: bool = True) -> None:
        self.message.setText(text)
        self.message.setStyleSheet(ERROR_STYLE if error else "")
        self.message.setVisible(bool(text))


class _Field:
    def __init__(self, page: _Page, label: str, widget: QWidget, error: QLabel) -> None:
        self.page, self.label, self.widget, self.error = page, label, widget, error


# ---------------------------------------------------------------------------- the wizard
class ProposeWizard(QWizard):
    """The requirements in four pages; Propose searches and hands the proposal to
    ``open_proposal`` (which opens it and says whether it did: the user may keep what is
    open)."""

    def __init__(self, catalog: Catalog, open_proposal: Callable[[Proposal], bool],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.catalog = catalog
        self.open_proposal = open_proposal
        self.setObjectName("propose-wizard")
        self.setWindowTitle("New from requirements")
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.setOption(QWizard.WizardOption.HaveFinishButtonOnEarlyPages)
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage)
        self.setButtonText(Button.FinishButton, "&Propose")
        self.fields: dict[str, _Field] = {}
        self.searching = False
        self.generation = 0
        self.proposal: Proposal | None = None
        self.opened = False
        regions = sorted(catalog.regions.values(), key=lambda r: (r.provider, r.id))
        self.providers = sorted({r.provider for r in regions})
        per_user = catalog.assumptions.grefs_per_concurrent_user.value \
            if catalog.assumptions is not None else None

        page = self.requirements_page = _Page(
            self, "Requirements", "What the design must carry. The peak and the ODB size "
            "follow the users when left blank; the sites' users add up to the users.")
        self.open_design: Design | None = None  # the window's, when the wizard is shown
        self.start: Design | None = None  # the one the fields were filled from
        self.filled_sites: list[str] = []
        self.users = self._line(page, "--users", "Concurrent &users", "", "users",
                                "peak concurrent clinical users")
        self.peak = self._line(page, "--peak-grefs", "Pea&k GRefs/s", "", "GRefs/s",
                               "peak global references a second at the production ODB")
        self.peak.setPlaceholderText(f"from the users ({per_user:g} a user)" if per_user
                                     else "from the users")
        self.odb = self._line(page, "--odb-tb", "&ODB size", "", "TB", "production ODB size")
        self.odb.setPlaceholderText("from the users")
        self.growth = self._line(page, "--growth", "Annual &growth",
                                 _figure(_default("annual_growth_pct")), "% a year")
        self.horizon = self._line(page, "--horizon", "Planning &horizon",
                                  str(_default("planning_horizon_years")), "years")
        self.base_year = self._line(page, "--base-year", "Base &year", "", "",
                                    "the year the peak was measured")
        self.base_year.setPlaceholderText("effective date's year")
        self.base_year.setMaximumWidth(LINE_WIDTH)
        self.sites = SitesTable()
        self._add(page, "--site", "&Sites", self.sites)
        # above the fields, after them in the focus chain: the cursor starts in the users
        self.fill = QPushButton("&Fill from the open design")
        self.fill.setObjectName("fill-from-open")
        self.fill.setToolTip("its requirements, sites and records in the fields")
        self.fill.clicked.connect(lambda _=None: self.fill_from_open())
        self.starting = QCheckBox()
        self.starting.setObjectName("start-from-open")
        self.starting.hide()
        starting = QHBoxLayout()
        starting.addWidget(self.fill)
        starting.addWidget(self.starting)
        starting.addStretch(1)
        page.form.insertRow(0, starting)

        page = self.where_page = _Page(
            self, "Where and on what", "Leave the regions to the search, or name them: the "
            "DR region is of the production region's provider.")
        self.tenancy = self._combo(page, "--tenancy", "&Tenancy",
                                   [(TENANCY_TEXT[t], t) for t in TENANCY_CHOICES], "cheapest")
        region_items = [(f"{r.id}: {r.name} ({r.location})", r.id) for r in regions]
        self.region_items = region_items
        self.production = self._combo(page, "--regions", "P&roduction region",
                                      [(SEARCH, None), *region_items], None)
        self.dr = Combo()
        self.dr.setObjectName("dr-region")
        self.dr.setSizeAdjustPolicy(Combo.SizeAdjustPolicy.AdjustToContents)
        self._add(page, "--dr-region", "&DR region", self.dr)
        self.production.currentIndexChanged.connect(lambda _=None: self._offer_dr())
        self._offer_dr()
        self.allowed = Ticks("provider", self.providers, (), "none ticked: any provider")
        self._add(page, "--providers", "Allowed pro&viders", self.allowed)
        jurisdictions = sorted({r.jurisdiction for r in regions})
        self.jurisdictions = Ticks("jurisdiction", jurisdictions,
                                   _default("allowed_jurisdictions"),
                                   "where PHI may be stored and processed")
        self._add(page, "--jurisdictions", "&Jurisdictions", self.jurisdictions)
        self.commitment = self._combo(page, "--commitment", "&Commitment",
                                      [(COMMITMENT_TEXT[c], c) for c in COMMITMENTS], "payg")

        page = self.targets_page = _Page(
            self, "Targets", "What the clinical path must reach; the proposal passes every "
            "rule on them.")
        self.availability = self._line(page, "--availability", "&Availability",
                                       _figure(_default("availability_target_pct")), "%")
        self.survive = self._combo(page, "--survive", "&Survive the loss of",
                                   [(SURVIVE_TEXT[s], s) for s in SURVIVE_CHOICES],
                                   _default("survivable_failure_domain"))
        self.rpo = self._line(page, "--rpo-minutes", "&RPO", _figure(_default("rpo_minutes")),
                              "minutes", "the most data a failure may lose")
        self.rto = self._line(page, "--rto-minutes", "R&TO", _figure(_default("rto_minutes")),
                              "minutes", "the longest service may be down after a failure")
        self.headroom = self._line(page, "--headroom", "&Headroom limit",
                                   _figure(_default("headroom_limit_pct")), "% at peak",
                                   "utilisation at peak above which capacity is short")
        self.fail_on = self._combo(page, "--fail-on", "Re&ject a design with",
                                   [(FAIL_ON_TEXT[f], f) for f in FAIL_ON], "info")

        page = self.records_page = _Page(
            self, "The organisation's records", "The compliance rules read them: a design "
            "without them has findings. Tick a date to give it.")
        self.name = self._line(page, "--name", "Design &name", "")
        self.name.setPlaceholderText("Proposed design for N users")
        self.organisation = self._line(page, "--organisation", "&Organisation", "")
        self.owner = self._line(page, "--owner", "O&wner", "")
        self.revision = self._line(page, "--revision", "Re&vision", "")
        self.effective = self._date(page, "--effective-date", "&Effective date")
        self.last_dr_test = self._date(page, "--last-dr-test", "&Last DR test")
        self.criticality = self._date(page, "--criticality-analysis", "&Criticality analysis")
        self.emergency = self._line(page, "--emergency-access", "Emergency &access", "",
                                    "", "the break-glass procedure's reference")
        self.baa_signed = Ticks("baa", self.providers)
        self._add(page, "--baa-signed", "BAA si&gned with", self.baa_signed)
        self.baa_confirmed = ChecksList([(sid, f"{s.name} ({sid})")
                                         for sid, s in sorted(catalog.services.items(),
                                                              key=lambda i: i[1].name)], 7)
        self.baa_confirmed.setObjectName("baa-confirmed")
        self._add(page, "--baa-confirmed", "BAA scope confir&med", self.baa_confirmed)
        self.pages = [self.requirements_page, self.where_page, self.targets_page,
                      self.records_page]
        for p in self.pages:
            p.setFinalPage(True)  # Propose on every page: the fields left have defaults
            self.addPage(p)
        self.resize(760, 640)

    def reopen(self, open_design: Design | None = None) -> None:
        """Shown again: from the first page, the fields as they were left, nothing said;
        ``open_design`` is the window's, to fill the fields from."""
        self.open_design = open_design
        self.fill.setEnabled(open_design is not None)
        self.restart()
        self.show_problems([], self.pages[0])
        self.open()

    def fill_from_open(self) -> None:
        """The open design's requirements, sites and records in the fields; the search
        starts from it (its sizing guide's figures, assumptions and rule settings) unless
        the box that says so is unticked."""
        design = self.open_design
        if design is None:
            return
        req, record = design.requirements, design.policy.compliance
        meta = design.metadata
        for line, figure in ((self.users, req.concurrent_users),
                             (self.peak, req.peak_grefs_per_s), (self.odb, req.odb_size_tb),
                             (self.growth, req.annual_growth_pct),
                             (self.horizon, req.planning_horizon_years),
                             (self.base_year, req.base_year),
                             (self.availability, req.availability_target_pct),
                             (self.rpo, req.rpo_minutes), (self.rto, req.rto_minutes),
                             (self.headroom, req.headroom_limit_pct)):
            line.setText("" if figure is None else _figure(figure))
        for combo, data in ((self.survive, req.survivable_failure_domain),
                            (self.commitment, design.policy.pricing.commitment)):
            combo.setCurrentIndex(max(0, combo.findData(data)))
        for code, box in self.jurisdictions.boxes.items():
            box.setChecked(code in req.allowed_jurisdictions)
        sites = design.placement.sites
        seated = all(s.concurrent_users is not None for s in sites)
        self.sites.set_rows([(s.name or s.id, s.concurrent_users or 0, s.kind) for s in sites]
                            if seated else [])
        self.filled_sites = self.sites.sites()[0]  # unchanged: the design's own are kept
        for line, text in ((self.name, meta.name), (self.organisation, meta.organisation),
                           (self.owner, meta.owner), (self.revision, meta.revision),
                           (self.emergency, record.emergency_access_procedure)):
            line.setText(text or "")
        for field, date in ((self.effective, meta.effective_date),
                            (self.last_dr_test, record.last_dr_test),
                            (self.criticality, record.criticality_analysis)):
            field.set_value(date)
        signed = {self.catalog.services[s].provider for s in record.business_associate_agreements
                  if s in self.catalog.services}
        for provider, box in self.baa_signed.boxes.items():
            box.setChecked(provider in signed)
        self.baa_confirmed.tick(record.baa_scope_confirmed)
        self.start = design
        shown = meta.name if len(meta.name) <= 48 else meta.name[:47] + "\u2026"
        self.starting.setText(f"start from \u201c{shown}\u201d")
        self.starting.setToolTip(f"The search starts from \u201c{meta.name}\u201d: its sizing "
                                 "guide's figures, assumptions, rule settings and records come "
                                 "along. Untick to start afresh.")
        self.starting.setChecked(True)
        self.starting.show()
        self.sites.empty.setText("No sites listed: the open design's are kept." if sites
                                 and not seated else SitesTable.EMPTY)

    # ---- building ----------------------------------------------------------------------
    def _add(self, page: _Page, flag: str, label: str, widget: QWidget,
             unit: str = "") -> None:
        error = QLabel()
        error.setObjectName(f"error{flag[1:]}")
        error.setTextFormat(Qt.TextFormat.PlainText)
        error.setStyleSheet(ERROR_STYLE)
        error.setWordWrap(True)
        error.hide()
        holder = QWidget()
        column = QVBoxLayout(holder)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        if unit:
            row = QHBoxLayout()
            row.addWidget(widget, 1)
            suffix = QLabel(unit)
            suffix.setMinimumWidth(70)
            row.addWidget(suffix)
            column.addLayout(row)
        else:
            column.addWidget(widget)
        column.addWidget(error)
        title = QLabel(label)
        title.setBuddy(widget)
        title.setMinimumWidth(LABEL_WIDTH)
        page.form.addRow(title, holder)
        self.fields[flag] = _Field(page, label.replace("&", ""), widget, error)

    def _line(self, page: _Page, flag: str, label: str, value: str, unit: str = "",
              tip: str = "") -> QLineEdit:
        line = QLineEdit(value)
        line.setObjectName(flag[2:])
        if tip:
            line.setToolTip(tip)
        if unit:
            line.setMaximumWidth(LINE_WIDTH)
        self._add(page, flag, label, line, unit)
        return line

    def _combo(self, page: _Page, flag: str, label: str, items: list[tuple[str, Any]],
               value: Any) -> Combo:
        combo = Combo()
        combo.setObjectName(flag[2:])
        combo.set_items(items, value)
        combo.setSizeAdjustPolicy(Combo.SizeAdjustPolicy.AdjustToContents)
        self._add(page, flag, label, combo)
        return combo

    def _date(self, page: _Page, flag: str, label: str) -> DateField:
        field = DateField(optional=True)
        field.setObjectName(flag[2:])
        field.set_value(None)
        field.setMaximumWidth(LINE_WIDTH)
        self._add(page, flag, label, field)
        return field

    def _offer_dr(self) -> None:
        """The DR region: the search's, or one of the production region's provider."""
        production = self.production.currentData()
        kept = self.dr.currentData()
        if production is None:
            self.dr.set_items([(SEARCH, None)], None)
            self.dr.setEnabled(False)
            self.dr.setToolTip("choose the production region to choose its DR region")
            return
        provider = self.catalog.regions[production].provider
        offered = [(text, rid) for text, rid in self.region_items
                   if rid != production and self.catalog.regions[rid].provider == provider]
        self.dr.set_items([(SEARCH, None), *offered],
                          kept if kept in {rid for _, rid in offered} else None)
        self.dr.setEnabled(True)
        self.dr.setToolTip("")

    # ---- reading the fields --------------------------------------------------------------
    def asked(self) -> tuple[Asked, list[Problem]]:
        """What the fields say, and what cannot be read from them."""
        problems: list[Problem] = []

        def number(line: QLineEdit, flag: str, whole: bool) -> Any:
            text = line.text().strip().replace(",", "").replace("_", "").replace(" ", "")
            if not text:
                return None
            try:
                return int(text) if whole else float(text)
            except ValueError:
                problems.append(Problem(f"'{line.text().strip()}' is not "
                                        f"{'a whole number' if whole else 'a number'}",
                                        path=flag))
                return None

        def text(line: QLineEdit) -> str | None:
            return line.text().strip() or None

        def date(field: DateField) -> str | None:
            value = field.value()
            return value.isoformat() if value is not None else None

        sites, wrong = self.sites.sites()
        problems += [Problem(w, path="--site") for w in wrong]
        start = self.start if self.starting.isChecked() else None
        if start is not None and sites == self.filled_sites:
            sites = []  # the start's sites, with their ids, locations and jurisdictions
        regions = [r for r in (self.production.currentData(), self.dr.currentData()) if r]
        asked = Asked(
            users=number(self.users, "--users", True),
            peak_grefs=number(self.peak, "--peak-grefs", True),
            odb_tb=number(self.odb, "--odb-tb", False),
            growth_pct=number(self.growth, "--growth", False),
            horizon_years=number(self.horizon, "--horizon", True),
            base_year=number(self.base_year, "--base-year", True),
            regions=regions, providers=self.allowed.ticked(),
            jurisdictions=self.jurisdictions.ticked(),
            availability_pct=number(self.availability, "--availability", False),
            survive=self.survive.currentData(),
            rpo_minutes=number(self.rpo, "--rpo-minutes", False),
            rto_minutes=number(self.rto, "--rto-minutes", False),
            headroom_pct=number(self.headroom, "--headroom", False),
            tenancy=self.tenancy.currentData(), commitment=self.commitment.currentData(),
            sites=sites, name=text(self.name), organisation=text(self.organisation),
            owner=text(self.owner), revision=text(self.revision),
            effective_date=date(self.effective), last_dr_test=date(self.last_dr_test),
            criticality_analysis=date(self.criticality), emergency_access=text(self.emergency),
            baa_signed=self.baa_signed.ticked(), baa_confirmed=self.baa_confirmed.ticked(),
            fail_on=self.fail_on.currentData(),
            start=start)
        if not asked.jurisdictions:
            problems.append(Problem("tick at least one jurisdiction", path="--jurisdictions"))
        return asked, problems

    def checked(self) -> tuple[Brief | None, list[Problem]]:
        """The brief the fields make, or the problems that keep them from making one."""
        asked, problems = self.asked()
        unreadable = {p.path for p in problems}
        try:
            wanted = brief(asked, self.catalog)
        except InputError as exc:
            # a field that could not be read was left out: not "give the users" again
            problems += [p for p in exc.problems if p.path not in unreadable or p.path is None]
            return None, problems
        return (wanted if not problems else None), problems

    # ---- saying what is wrong --------------------------------------------------------------
    def field_of(self, problem: Problem) -> _Field | None:
        return self.fields.get(problem.path or "")

    def _gui_words(self, message: str) -> str:
        """The message with the command line's flags named as the wizard's fields."""
        def label(match: re.Match[str]) -> str:
            found = self.fields.get(match[0])
            return f"\u201c{found.label}\u201d" if found is not None else match[0]
        return _FLAG.sub(label, message)

    def show_problems(self, problems: Sequence[Problem], page: _Page) -> None:
        """Each problem under its field; the page's foot lists those of the other pages'
        fields and those that name no field."""
        by_field: dict[str, list[str]] = {}
        for p in problems:
            by_field.setdefault(p.path or "", []).append(self._gui_words(p.message))
        for flag, shown in self.fields.items():
            said = by_field.get(flag, [])
            shown.error.setText("\n".join(said))
            shown.error.setVisible(bool(said))
        lines = []
        for p in problems:
            found = self.field_of(p)
            if found is None or found.page is not page:
                where = f"{found.label}: " if found is not None else ""
                lines.append(f"{where}{self._gui_words(p.message)}")
        for other in self.pages:
            other.say("")
        if lines:
            page.say("\n".join(lines))

    # ---- going on --------------------------------------------------------------------------
    def page_done(self, page: _Page) -> bool:
        """Next: on when no field of this page or one before has a problem. Propose (the
        finish button, on every page): the search starts when no field has one."""
        if self.searching:
            self._finishing = False
            return False
        if self.opened:
            self._finishing = False
            return True  # the proposal is open: the wizard closes
        finishing, self._finishing = self._finishing, False
        index = self.pages.index(page)
        wanted, problems = self.checked()
        if not finishing:  # Next: this page's fields and those before it
            problems = [p for p in problems if (f := self.field_of(p)) is not None
                        and self.pages.index(f.page) <= index]
            self.show_problems(problems, page)
            return not problems
        if wanted is None:
            found = next((f for p in problems if (f := self.field_of(p)) is not None), None)
            first = found.page if found is not None else page
            while self.currentId() > self.pages.index(first):
                self.back()
            while self.currentId() < self.pages.index(first):  # fields before it are fine
                self.next()
            self.show_problems(problems, first)
            if found is not None:
                found.widget.setFocus(Qt.FocusReason.OtherFocusReason)
            return False
        self.show_problems([], page)
        self.search(wanted)
        return False

    _finishing = False

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Return in a field goes on to the next page (QWizard would propose from any page:
        Propose is on every page); on the last page it proposes."""
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and \
                event.modifiers() == Qt.KeyboardModifier.NoModifier and \
                self.currentId() < len(self.pages) - 1:
            self.next()
            return
        super().keyPressEvent(event)

    def done(self, result: int) -> None:
        # Propose (on any page): QWizard asks the page's validatePage before closing
        if result == QWizard.DialogCode.Accepted:
            self._finishing = True
        elif self.searching:  # cancelled while searching: what it finds is dropped
            self.generation += 1
            self._searching(False)
        super().done(result)

    def search(self, wanted: Brief) -> None:
        freeze_once("application")
        self.generation += 1
        self.proposal = None
        job = ProposeJob(self.generation, wanted, self.catalog, clock.today())
        job.signals.done.connect(self._found)
        self._searching(True)
        page = self.currentPage()
        if isinstance(page, _Page):
            page.say("Searching for the cheapest design that passes every rule...",
                     error=False)
        _start(job)

    def _searching(self, on: bool) -> None:
        self.searching = on
        for page in self.pages:
            page.busy.setVisible(on and page is self.currentPage())
            for child in page.findChildren(QWidget):
                if child not in (page.busy, page.message) and child.parent() is page:
                    child.setEnabled(not on)
            page.completeChanged.emit()
        self.button(Button.BackButton).setEnabled(not on and self.currentId() > 0)
        if on:
            self.setCursor(Qt.CursorShape.BusyCursor)
        else:
            self.unsetCursor()

    def _found(self, generation: int, result: object) -> None:
        if generation != self.generation:
            return  # cancelled, or a newer search started
        self._searching(False)
        page = self.currentPage()
        assert isinstance(page, _Page)
        if not isinstance(result, Proposal):
            page.say(f"The search failed: {type(result).__name__}: {result}")
            return
        self.proposal = result
        if result.design is None:
            page.say(f"Cannot be met: {self._gui_words(result.infeasible or '')}")
            return
        page.say("")
        if self.open_proposal(result):
            self.opened = True
            self.accept()
            self.opened = False
        else:
            page.say("The proposal was not opened: the open design's changes were kept. "
                     "Propose again to open it.", error=False)
