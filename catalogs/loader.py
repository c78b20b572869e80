"""Loading the built-in catalog and users' own catalog folders into one :class:`Catalog`."""

from __future__ import annotations

import difflib
import os
import stat
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from importlib import resources
from pathlib import Path
from types import MappingProxyType
from typing import Any

from pydantic import BaseModel, ValidationError

from catalogs.errors import InputError, Problem, format_path
from catalogs.reading import Located, read_file

from .models import (
    Assumptions,
    Calibration,
    CostModel,
    Figure,
    LinkKind,
    Price,
    Region,
    Role,
    Service,
    Sku,
    StorageTier,
)

SITE = "site"  # the pseudo-role of a clinical site at a link end

_SECTIONS: dict[str, type[BaseModel]] = {
    "skus": Sku,
    "storage_tiers": StorageTier,
    "regions": Region,
    "roles": Role,
    "link_kinds": LinkKind,
    "services": Service,
    "prices": Price,
}
# sections holding one model, not a list of entries; a later folder overrides single figures
_SINGLE: dict[str, type[BaseModel]] = {
    "calibration": Calibration,
    "assumptions": Assumptions,
    "cost_model": CostModel,
}
PROVIDERS = ("azure", "aws", "google", "on-premises")
TRANSFER = "-inter-region-transfer"  # a price id: '<provider>-inter-region-transfer'


def builtin_dir() -> Path:
    return Path(str(resources.files("catalogs") / "data"))


def suggest(value: str, choices: Iterable[str]) -> str:
    """' (did you mean 'x'?)' for the nearest choice, or '' when nothing is close."""
    close = difflib.get_close_matches(value, list(choices), n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""


@dataclass(frozen=True)
class RatingBand:
    """GRefs/s of one host: the low end (verdicts are judged on it), the expected value and
    the high end, with how the expected value was made and why the band is as wide as it is."""

    low: float
    expected: float
    high: float
    basis: str
    reason: str
    estimated: bool = True


@dataclass(frozen=True)
class Catalog:
    """Everything a design can refer to, keyed by id, with the figures' sources.

    Read-only: every caller of :func:`load_catalog` shares one catalog, so its sections are
    read-only mappings (copies of the dicts given) of frozen models whose lists are tuples."""

    skus: Mapping[str, Sku] = field(default_factory=dict)
    storage_tiers: Mapping[str, StorageTier] = field(default_factory=dict)
    regions: Mapping[str, Region] = field(default_factory=dict)
    roles: Mapping[str, Role] = field(default_factory=dict)
    link_kinds: Mapping[str, LinkKind] = field(default_factory=dict)
    services: Mapping[str, Service] = field(default_factory=dict)
    prices: Mapping[str, Price] = field(default_factory=dict)
    calibration: Calibration | None = None
    assumptions: Assumptions | None = None
    cost_model: CostModel | None = None
    folders: tuple[str, ...] = ()
    # each SKU's band, worked out once: the analysis asks for it per instance and per scenario
    _bands: dict[str, RatingBand | None] = field(default_factory=dict, init=False, repr=False,
                                                 compare=False)

    def __post_init__(self) -> None:
        for section in _SECTIONS:
            object.__setattr__(self, section, MappingProxyType(dict(getattr(self, section))))
        object.__setattr__(self, "folders", tuple(self.folders))

    # ---- ratings -------------------------------------------------------------------------
    def grefs_rating(self, sku_id: str) -> Figure | None:
        """The SKU's GRefs/s rating (expected): the catalog's own figure or one derived by
        calibration, never above the highest published single-host result."""
        band = self.grefs_band(sku_id)
        if band is None:
            return None
        if not band.estimated:
            return self.skus[sku_id].grefs_per_s
        return Figure(value=band.expected, unit="GRefs/s", assumption=band.basis)

    def grefs_band(self, sku_id: str) -> RatingBand | None:
        """Low, expected and high GRefs/s of one host of the SKU, with how they were made."""
        if sku_id not in self._bands:
            self._bands[sku_id] = self._grefs_band(sku_id)
        return self._bands[sku_id]

    def _grefs_band(self, sku_id: str) -> RatingBand | None:
        sku = self.skus[sku_id]
        if sku.grefs_per_s is not None:
            v = sku.grefs_per_s.value
            return RatingBand(v, v, v, sku.grefs_per_s.basis, "the catalog's own figure: no "
                              "band", estimated=False)
        if sku.cpu is None or self.calibration is None:
            return None
        cal = self.calibration
        gen = cal.generation_factor.get(sku.cpu.generation)
        if gen is None:
            return None
        numa = cal.large_host_factor.value if sku.cpu.cores > cal.large_host_cores else 1.0
        per_core = cal.reference_grefs_per_core.value
        raw = sku.cpu.cores * per_core * gen.value * numa
        how = (f"{sku.cpu.cores} cores x {per_core:,.0f} GRefs/s per core x {gen.value:g} "
               f"({sku.cpu.generation})")
        if numa != 1.0:
            how += f" x {numa:g} (more than {cal.large_host_cores} cores)"
        low_raw = raw * cal.band_low.value
        why = [f"low x {cal.band_low.value:g} (workload mix), high x {cal.band_high.value:g} "
               "(bare metal)"]
        if gen.source is None:  # no published result for this generation: no uplift at low
            low_raw = min(low_raw, sku.cpu.cores * per_core * numa * cal.band_low.value)
            why.append(f"the {sku.cpu.generation} uplift is an assumption: the low end takes "
                       "none")
        ceiling = cal.single_host_ceiling.value
        expected = min(raw, ceiling)
        high = min(raw * cal.band_high.value, ceiling)
        low = min(low_raw, expected)
        if raw > ceiling:
            how += (f" = {raw / 1e6:.1f} M, capped at {ceiling / 1e6:g} M, the highest "
                    "published single-host result")
            why.append(f"capped at the published {ceiling / 1e6:g} M")
        return RatingBand(round(low, -3), round(expected, -3), round(high, -3),
                          f"estimated as {how}; calibrated on published single-host results, "
                          "see catalog calibration; override in the design", "; ".join(why))

    # ---- link kinds ----------------------------------------------------------------------
    def link_kind_fits(self, kind: str, from_role: str, to_role: str) -> bool:
        """Whether a link of ``kind`` may join these roles (``SITE`` for a clinical site)."""
        spec = self.link_kinds.get(kind)
        if spec is None:
            return False
        pairs = [(from_role, to_role)] + ([(to_role, from_role)] if spec.symmetric else [])
        for a, b in pairs:
            for froms, tos in spec.ends:
                if _match(a, froms) and _match(b, tos):
                    return True
        return False

    def link_kinds_between(self, from_role: str, to_role: str) -> list[str]:
        return [k for k in self.link_kinds if self.link_kind_fits(k, from_role, to_role)]

    def skus_for_role(self, role_id: str) -> list[Sku]:
        role = self.roles[role_id]
        return [s for s in self.skus.values() if set(s.classes) & set(role.sku_classes)]

    def every_figure(self) -> Iterable[tuple[str, Figure]]:
        """(where, figure) for every figure in the catalog, for integrity checks and listings."""
        for section in ("skus", "storage_tiers", "regions", "roles", "services"):
            for entry_id, entry in getattr(self, section).items():
                yield from _figures(f"{section}.{entry_id}", entry)
        for name, obj in (("calibration", self.calibration), ("assumptions", self.assumptions),
                          ("cost_model", self.cost_model)):
            if obj is not None:
                yield from _figures(name, obj)
        for price in self.prices.values():
            for i, rate in enumerate(price.rates):
                yield f"prices.{price.id}.rates[{i}]", price.figure(rate)


def _match(role: str, patterns: Sequence[str]) -> bool:
    return "*" in patterns and role != SITE or role in patterns


def _figures(where: str, obj: Any) -> Iterable[tuple[str, Figure]]:
    if isinstance(obj, Figure):
        yield where, obj
    elif isinstance(obj, BaseModel):
        for name in type(obj).model_fields:
            yield from _figures(f"{where}.{name}", getattr(obj, name))
    elif isinstance(obj, Mapping):
        for k, v in obj.items():
            yield from _figures(f"{where}.{k}", v)
    elif isinstance(obj, (list, tuple)):
        for i, v in enumerate(obj):
            yield from _figures(f"{where}[{i}]", v)


def user_catalog_dirs() -> list[str]:
    """Folders named by the EHRWB_CATALOG_PATH setting (os.pathsep-separated)."""
    value = os.environ.get("EHRWB_CATALOG_PATH", "")
    return [p for p in value.split(os.pathsep) if p]


# What a catalog was read from: each file's path, inode, size and modification and change
# times (ns), in reading order.
Stamp = tuple[tuple[str, int, int, int, int], ...]

# The catalog last read from each list of folders (resolved), with the stamp of its files.
_cache: dict[tuple[str, ...], tuple[Stamp, Catalog]] = {}


def load_catalog(extra_dirs: Sequence[str | os.PathLike[str]] = (),
                 use_setting: bool = True) -> Catalog:
    """The built-in catalog, then each user folder in order; a later entry replaces an earlier
    one with the same id.  Raises InputError naming the file and line of every problem.

    Callers share the catalog until a file is added to one of the folders, removed from it or
    changed (see Stamp); it is read again then."""
    dirs = [builtin_dir(), *(Path(d) for d in (user_catalog_dirs() if use_setting else [])),
            *(Path(d) for d in extra_dirs)]
    key = tuple(str(d.resolve()) for d in dirs)
    files = [(folder, sorted(folder.glob("*.yaml")) if folder.is_dir() else None)
             for folder in dirs]
    stamp = tuple(_file_stamp(path) for _, paths in files for path in paths or ())
    cached = _cache.get(key)
    if cached is not None and cached[0] == stamp:
        return cached[1]
    catalog = _read(files)
    _cache[key] = (stamp, catalog)
    return catalog


def _file_stamp(path: Path) -> tuple[str, int, int, int, int]:
    try:
        info = os.stat(path)
    except OSError:  # reading it will say why
        return str(path), -1, -1, -1, -1
    return str(path), info.st_ino, info.st_size, info.st_mtime_ns, info.st_ctime_ns


def _read(files: list[tuple[Path, list[Path] | None]]) -> Catalog:
    """The catalog of these folders' files (None: the folder does not exist), in order."""
    draft: dict[str, Any] = {section: {} for section in _SECTIONS}
    problems: list[Problem] = []
    origins: dict[str, Origin] = {}  # where each price entry was read, for its messages
    for folder, paths in files:
        if paths is None:
            problems.append(Problem("catalog folder does not exist", str(folder)))
            continue
        for path in paths:
            problem = _not_regular(path)
            if problem is not None:  # never open a FIFO or a device: it may block or not end
                problems.append(problem)
                continue
            try:
                _merge(draft, read_file(path), problems, origins)
            except InputError as exc:
                problems.extend(exc.problems)
    catalog = Catalog(**draft, folders=tuple(str(folder) for folder, _ in files))
    if catalog.calibration is None or catalog.assumptions is None \
            or catalog.cost_model is None:
        problems.append(Problem("catalog has no 'calibration', 'assumptions' or 'cost_model' "
                                "section", str(files[0][0])))
    problems.extend(_located(p, origins) for p in _check_references(catalog))
    if problems:
        raise InputError(problems)
    return catalog


def _not_regular(path: Path) -> Problem | None:
    """Why ``path`` cannot be read as a catalog file, from os.stat alone (nothing is opened)."""
    try:
        mode = os.stat(path).st_mode
    except OSError as exc:
        return Problem(f"cannot read file: {exc.strerror or exc}", str(path))
    return None if stat.S_ISREG(mode) else Problem("not a regular file", str(path))


# a price entry's file and the path of its id there, located only if a message needs it
Origin = tuple[Located, tuple[str | int, ...]]


def _located(problem: Problem, origins: dict[str, Origin]) -> Problem:
    """A reference problem of a price entry, at the file and line the entry was read from."""
    head, _, rest = (problem.path or "").partition(".")
    origin = origins.get(rest.split(".")[0]) if head == "prices" else None
    if origin is None:
        return problem
    where = origin[0].problem(origin[1], "")
    return replace(problem, file=where.file, line=where.line, column=where.column)


def _merge(draft: dict[str, Any], located: Located, problems: list[Problem],
           origins: dict[str, Origin]) -> None:
    """Add the sections of one file to ``draft`` (section -> entries by id, or the
    calibration or assumptions model)."""
    data = located.data
    if not isinstance(data, dict):
        problems.append(located.problem((), "a catalog file is a mapping of sections"))
        return
    for section, value in data.items():
        if section in _SINGLE:
            model = _SINGLE[section]
            current = draft.get(section)
            if current is not None and isinstance(value, dict):
                # a user folder may override a few figures and keep the rest
                value = {**current.model_dump(exclude_none=True), **value}
            try:
                draft[section] = model.model_validate(value)
            except ValidationError as exc:
                problems.extend(_validation_problems(located, (section,), exc))
            continue
        entry_model = _SECTIONS.get(section)
        if entry_model is None:
            problems.append(located.problem((section,), "unknown catalog section"
                                            + suggest(section, [*_SECTIONS, *_SINGLE])))
            continue
        if not isinstance(value, list):
            problems.append(located.problem((section,), "expected a list of entries"))
            continue
        target: dict[str, Any] = draft[section]
        seen: set[str] = set()
        for i, item in enumerate(value):
            try:
                entry = entry_model.model_validate(item)
            except ValidationError as exc:
                problems.extend(_validation_problems(located, (section, i), exc))
                continue
            entry_id: str = entry.id  # type: ignore[attr-defined]  # every section has ids
            if entry_id in seen:
                problems.append(located.problem((section, i, "id"),
                                                f"duplicate id '{entry_id}' in this file"))
            seen.add(entry_id)
            target[entry_id] = entry
            if section == "prices":
                origins[entry_id] = (located, (section, i, "id"))


def _validation_problems(located: Located, prefix: tuple[str | int, ...],
                         exc: ValidationError) -> list[Problem]:
    out = []
    for err in exc.errors():
        loc = (*prefix, *err["loc"])
        out.append(located.problem(loc, err["msg"], format_path(loc)))
    return out


def _check_references(cat: Catalog) -> list[Problem]:
    problems = []

    def bad(where: str, what: str, value: str, choices: Iterable[str]) -> None:
        problems.append(Problem(f"unknown {what} '{value}'{suggest(value, choices)}",
                                "catalog", path=where))

    for sku in cat.skus.values():
        if sku.service not in cat.services:
            bad(f"skus.{sku.id}.service", "service", sku.service, cat.services)
        if sku.cpu and cat.calibration and sku.grefs_per_s is None \
                and sku.cpu.generation not in cat.calibration.generation_factor:
            bad(f"skus.{sku.id}.cpu.generation", "CPU generation", sku.cpu.generation,
                cat.calibration.generation_factor)
    for tier in cat.storage_tiers.values():
        if tier.service not in cat.services:
            bad(f"storage_tiers.{tier.id}.service", "service", tier.service, cat.services)
    for region in cat.regions.values():
        for sku_id in region.dedicated_skus:
            if sku_id not in cat.skus:
                bad(f"regions.{region.id}.dedicated_skus", "SKU", sku_id, cat.skus)
        offered = dict.fromkeys(region.dedicated_skus)
        for sku_id in region.dedicated_skus_without_zones:
            if sku_id not in offered:
                bad(f"regions.{region.id}.dedicated_skus_without_zones",
                    "SKU of the region's dedicated_skus", sku_id, offered)
        if region.paired_region and region.paired_region not in cat.regions:
            bad(f"regions.{region.id}.paired_region", "region", region.paired_region,
                cat.regions)
    classes = {c for s in cat.skus.values() for c in s.classes}
    for role in cat.roles.values():
        for c in role.sku_classes:
            if c not in classes:
                bad(f"roles.{role.id}.sku_classes", "SKU class", c, classes)
    priceable = {*cat.skus, *cat.storage_tiers, *(p + TRANSFER for p in PROVIDERS)}
    for price in cat.prices.values():
        if price.id not in priceable:
            bad(f"prices.{price.id}.id", "SKU, storage tier or <provider>-inter-region-transfer",
                price.id, priceable)
        for i, rate in enumerate(price.rates):
            if rate.region is not None and rate.region not in cat.regions:
                bad(f"prices.{price.id}.rates[{i}].region", "region", rate.region, cat.regions)
    role_ids = set(cat.roles) | {SITE, "*"}
    for kind in cat.link_kinds.values():
        for froms, tos in kind.ends:
            for r in [*froms, *tos]:
                if r not in role_ids:
                    bad(f"link_kinds.{kind.id}.ends", "role", r, role_ids)
    return problems
