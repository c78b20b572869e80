"""The Python API: what the ``ehrwb`` commands compute, as functions (docs/python-api.md).

    from workbench import api

    loaded = api.load("design.yaml")
    result = api.validate(loaded)
    for finding, where in result.located():
        print(f"{where}: {finding.rule} {finding.severity}: {finding.message}")
    for s in api.scenarios(loaded).scenarios:
        print(s.label, f"{s.served_pct:.1f} %", s.breaks)
    api.export(loaded, "design.pdf")

Each function does what its command does, with the same code: :func:`validate` is
``ehrwb validate`` (the repository's settings, user rules and baseline found as the command
finds them; ``Validation.to_json()`` is the command's JSON), :func:`scenarios` is
``ehrwb scenarios``, :func:`export` is ``ehrwb export``. A design that cannot be used raises
:class:`InputError`, whose ``problems`` each name the file, line, column and field.
Nothing here imports Qt: the API works without the ``gui`` extra.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from catalogs import Catalog, load_catalog
from catalogs.errors import InputError, Problem
from validators.baseline import Baseline
from validators.batch import Checked
from validators.engine import validate as _validate
from validators.propose import Proposal
from validators.propose import propose as run_proposal
from validators.registry import all_rules
from validators.report import Finding, Report
from validators.settings import (
    Settings,
    check_settings,
    load_settings,
    settings_for,
    split_codes,
)
from validators.user_rules import load_user_rules

from .analysis.run import analyse
from .analysis.scenarios import ScenarioSet
from .clock import today
from .model.design import Design
from .model.io import Loaded, load_design, loads_design
from .model.variants import apply_variant

__all__ = ["Catalog", "Design", "Finding", "InputError", "Loaded", "Location", "Problem",
           "Proposal", "Report", "ScenarioSet", "Settings", "Validation", "export", "load",
           "load_catalog", "propose", "scenarios", "validate"]

Source = Loaded | Design | str | bytes | os.PathLike[str]
"""A design: as :func:`load` returned it, a :class:`Design` model, a file's path (a design
file, a PDF exported by ehrwb, ``"-"`` for standard input) or the text of a design (a ``str``
holding a line break, or ``bytes``)."""

SettingsChoice = Settings | str | os.PathLike[str] | Literal[False] | None


def load(source: str | bytes | os.PathLike[str], catalog_dirs: Sequence[str | os.PathLike[str]]
         = (), *, catalog: Catalog | None = None) -> Loaded:
    """Read a design: a path (a design file, a PDF exported by ehrwb, ``"-"`` for standard
    input) or the design's text (a ``str`` holding a line break, or ``bytes``). Its references
    are checked against the catalog: the built-in one with ``catalog_dirs`` (folders of your
    own catalog YAML) over it, or ``catalog``.

    Returns the :class:`Loaded` design: ``.design`` (the model), ``.name`` (the file's name),
    ``.migrated`` (read from an older schema version). Raises :class:`InputError` with every
    problem located (file, line, column, field).
    """
    catalog = catalog if catalog is not None else load_catalog(catalog_dirs)
    if isinstance(source, bytes) or isinstance(source, str) and "\n" in source:
        return loads_design(source, catalog=catalog)
    return load_design(source, catalog)


@dataclass(frozen=True)
class Location:
    """Where a finding is: the declaration of the first element it names, or the top of the
    file for a finding about the whole design. ``str()`` is ``file:line:column``."""

    file: str
    line: int
    column: int

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}"


@dataclass(frozen=True)
class Validation:
    """A design's check: its :class:`Report` (``findings``, ``metrics``, ``fingerprint``) and
    where each finding is in its file (none for a :class:`Design` given as a model)."""

    report: Report
    path: str | None  # the file checked, as given (None: a model)
    locations: tuple[Location | None, ...]  # one per finding
    baselined: int = 0  # findings left out because the baseline records them
    _checked: Checked | None = field(default=None, repr=False, compare=False)

    @property
    def findings(self) -> list[Finding]:
        """The findings, most severe first, waived ones included (``finding.waived``)."""
        return self.report.findings

    def located(self) -> list[tuple[Finding, Location | None]]:
        """Each finding with its location."""
        return list(zip(self.report.findings, self.locations, strict=True))

    def summary(self) -> dict[str, int]:
        """Findings by severity (waived ones apart): ``{"error", "warning", "info", "waived"}``."""
        return self.report.summary()

    def fails(self, threshold: Literal["error", "warning", "info", "never"] = "error") -> bool:
        """Whether a finding that is not waived is at or above ``threshold`` (the exit status
        1 of ``ehrwb validate --fail-on THRESHOLD``)."""
        return self.report.fails(threshold)

    def to_json(self) -> dict[str, Any]:
        """The JSON document ``ehrwb validate --format json`` prints for this file."""
        return self._checked.to_json() if self._checked is not None else self.report.to_json()


def checking_setup(settings: Settings | str | os.PathLike[str] | None,
                   select: Sequence[str] = (), ignore: Sequence[str] = (),
                   catalog_dirs: Sequence[str | os.PathLike[str]] = ()
                   ) -> tuple[Settings, Catalog, tuple[Any, ...]]:
    """The settings (a settings file's, or none; with ``--select``/``--ignore``: rule ids or
    families, comma-separated), the catalog (the settings' folders, then ``catalog_dirs``) and
    the rules (built-in and the settings' user rules) a design is checked with: the same for
    ``ehrwb validate`` and :func:`validate`."""
    if not isinstance(settings, Settings):
        settings = load_settings(settings) if settings else Settings()
    settings = settings.with_command_line(split_codes(select), split_codes(ignore))
    file = str(settings.path) if settings.path else None
    rules = all_rules()
    if settings.rule_modules:
        rules = (*rules, *load_user_rules(settings.rule_modules, settings.root, file, rules))
    problems = check_settings(settings, rules)
    if problems:
        raise InputError(problems)
    return settings, load_catalog([*settings.catalogs, *catalog_dirs]), tuple(rules)


def _is_path(source: Source) -> bool:
    return isinstance(source, os.PathLike) or isinstance(source, str) and "\n" not in source


def _file_of(source: Source) -> str | None:
    """The file a design comes from: its path, or the file load() read (a PDF's:
    ``design.pdf#design.yaml``); None for text and models."""
    if isinstance(source, Loaded):
        return source.name if os.path.isfile(source.name.split("#")[0]) else None
    return os.fspath(source) if _is_path(source) else None  # type: ignore[arg-type]


def _settings_for(path: str | None, settings: SettingsChoice
                  ) -> Settings | str | os.PathLike[str] | None:
    """What ``settings`` means for the design at ``path``: None finds the nearest settings
    file walking up from its folder (standard input: the working folder), as the command
    does."""
    if settings is not None:
        return settings or None
    return None if path is None else settings_for(path)


def _design(source: Source, catalog: Catalog, variant: str | None
            ) -> tuple[Loaded | None, Design]:
    """The design ``source`` is (read when it is a path or text), with ``variant`` applied."""
    loaded = source if isinstance(source, Loaded) else None
    if isinstance(source, Design):
        design = source
    else:
        loaded = loaded or load(source, catalog=catalog)  # type: ignore[arg-type]
        design = loaded.design
    if variant is not None:
        design = apply_variant(design, variant, source=loaded.name if loaded else None)
    return loaded, design


def validate(source: Source, catalog_dirs: Sequence[str | os.PathLike[str]] = (), *,
             settings: SettingsChoice = None, select: Sequence[str] = (),
             ignore: Sequence[str] = (), baseline: str | os.PathLike[str] | None = None,
             as_of: dt.date | None = None, variant: str | None = None) -> Validation:
    """Check a design with every rule, as ``ehrwb validate`` does.

    ``settings``: None finds the repository's settings as the command does (the nearest
    ``ehrwb.toml``, ``.ehrwb.toml`` or ``pyproject.toml`` with ``[tool.ehrwb]`` walking up
    from the file; none for text or a model), a path reads that file, a :class:`Settings` is
    used as it is, False uses none. ``select``/``ignore`` are ``--select``/``--ignore`` (rule
    ids or families). ``baseline`` (default: the settings' own) leaves out the findings it
    records. ``as_of`` is the date waivers and DR tests are judged at (default: today).
    ``variant`` checks that variant of the design file.

    Returns a :class:`Validation`. Raises :class:`InputError` for a design, settings file or
    catalog that cannot be used.
    """
    path = _file_of(source)
    used, catalog, rules = checking_setup(_settings_for(path, settings), select, ignore,
                                          catalog_dirs)
    loaded, design = _design(source, catalog, variant)
    name = path if path is not None else loaded.name if loaded else None
    report = _validate(design, catalog, source=name, as_of=as_of, variant=variant,
                       settings=used, rules=rules)
    if loaded is None:
        return Validation(report, None, (None,) * len(report.findings))
    baseline = baseline if baseline is not None else used.baseline
    checked = Checked.of(name or loaded.name, loaded, report,
                         Baseline.read(os.fspath(baseline)) if baseline else None)
    assert checked.report is not None
    return Validation(checked.report, checked.path,
                      tuple(Location(checked.path, line, column)
                            for line, column in checked.locations),
                      checked.baselined, checked)


def scenarios(source: Source, catalog_dirs: Sequence[str | os.PathLike[str]] = (), *,
              settings: SettingsChoice = None, as_of: dt.date | None = None,
              variant: str | None = None) -> ScenarioSet:
    """The failure scenarios of a design, as ``ehrwb scenarios`` lists them: ``.scenarios``
    (each with ``.label``, ``.kind``, ``.served_pct``, ``.rpo_minutes``, ``.rto_minutes``,
    ``.failover``, ``.breaks``: the requirements it breaks), ``.survivable_domain`` (the
    failure domain the design must survive the loss of one of), ``.within_domain()`` and
    ``.to_json()``. The catalog is the built-in one with the settings' folders (``settings``
    as for :func:`validate`) and ``catalog_dirs`` over it. Raises :class:`InputError` for a
    design that cannot be used."""
    _, catalog, _ = checking_setup(_settings_for(_file_of(source), settings),
                                   catalog_dirs=catalog_dirs)
    _, design = _design(source, catalog, variant)
    return analyse(design, catalog, as_of).scenarios


def export(source: Source, out_pdf: str | os.PathLike[str],
           catalog_dirs: Sequence[str | os.PathLike[str]] = (), *, paper: str = "a4",
           as_of: dt.date | None = None, variant: str | None = None,
           since: Source | None = None) -> Path:
    """Write the design document, as ``ehrwb export`` does: a PDF/A file with the design
    attached (``ehrwb validate out.pdf`` and :func:`load` read it back). ``paper`` is ``"a4"``
    or ``"letter"``; ``since`` an earlier revision of the design, whose changes the document
    lists. The file is replaced whole, never left half-written. Returns its path. Raises
    :class:`InputError` for a design that cannot be used, OSError when the file cannot be
    written."""
    from exports.document import Revision, export_pdf  # reportlab: only when a PDF is made

    catalog = load_catalog(catalog_dirs)
    _, design = _design(source, catalog, variant)
    earlier = None
    if since is not None:
        loaded, before = _design(since, catalog, variant)
        earlier = Revision(loaded.name if loaded else "earlier revision", before)
    target = Path(out_pdf)
    export_pdf(design, catalog, target, paper, as_of, variant, earlier)
    return target


def propose(catalog_dirs: Sequence[str | os.PathLike[str]] = (), *, start: Source | None = None,
            as_of: dt.date | None = None, **fields: Any) -> Proposal:
    """The cheapest design that passes every rule for the requirements, as ``ehrwb propose``
    finds it. ``fields`` are those of :class:`validators.brief.Asked`, the command's options
    by their Python names (``users=2500, peak_grefs=1_500_000, regions=["azure-eastus2",
    "azure-centralus"], availability_pct=99.9, rpo_minutes=5, rto_minutes=120,
    tenancy="cheapest", sites=["Riverside=1400", ...], baa_signed=["azure"], ...``);
    ``start`` a design whose requirements, sites and records the proposal starts from (as
    ``--from``). Returns a :class:`Proposal`: ``.design`` (None when nothing can meet the
    requirements), ``.infeasible`` (then the one-line statement), ``.summary()``,
    ``.to_json()``. Raises :class:`InputError` naming the field that cannot be used."""
    from validators.brief import Asked, brief

    catalog = load_catalog(catalog_dirs)
    base = _design(start, catalog, None)[1] if start is not None else None
    try:
        asked = Asked(start=base, **fields)
    except TypeError as exc:
        raise InputError([Problem(f"propose: {exc}", None)]) from None
    return run_proposal(brief(asked, catalog), catalog, as_of or today())
