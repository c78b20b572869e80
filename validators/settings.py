"""Repository settings: an ``ehrwb.toml`` (or ``[tool.ehrwb]`` in ``pyproject.toml``) found by
walking up from the design file, as ruff, yamllint and cfn-lint find theirs.

    # ehrwb.toml
    select = ["CMP", "RED-001"]      # rule ids or families; default: every rule
    ignore = ["PLC-004"]
    fail-on = "warning"              # error (default) | warning | info | never
    catalogs = ["catalog"]           # folders of your own catalog YAML, from this file
    rule-modules = ["our_rules"]     # Python modules with USR- rules, importable from here
    baseline = "ehrwb-baseline.json"

    [rules.THR-001]
    severity = "warning"
    thresholds = { headroom_pct = 70 }

    [rules.CMP-010]
    enabled = false

A design's own ``policy.rules`` still wins: what it states for a rule (enabled, severity, a
threshold) replaces what these settings state. Paths are relative to the settings file.
"""

from __future__ import annotations

import os
import re
import tomllib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from catalogs import suggest
from catalogs.errors import InputError, Problem

FILE_NAMES = ("ehrwb.toml", ".ehrwb.toml")
PYPROJECT = "pyproject.toml"
FAIL_ON = ("error", "warning", "info", "never")
FAMILY = re.compile(r"^(DSN|THR|PLC|RED|CMP|USR)$")

FailOn = Literal["error", "warning", "info", "never"]


@dataclass(frozen=True)
class RuleConfig:
    """What the settings state for one rule; None: not stated (the rule's own default)."""

    enabled: bool | None = None
    severity: str | None = None
    thresholds: Mapping[str, float | int | str] = field(default_factory=dict)


@dataclass(frozen=True)
class Settings:
    """The repository's settings; ``Settings()`` is "no settings file"."""

    path: Path | None = None  # the file they were read from
    select: tuple[str, ...] = ()  # rule ids or families; empty: every rule
    ignore: tuple[str, ...] = ()
    fail_on: FailOn | None = None
    catalogs: tuple[Path, ...] = ()
    rule_modules: tuple[str, ...] = ()
    baseline: Path | None = None
    rules: Mapping[str, RuleConfig] = field(default_factory=dict)

    @property
    def root(self) -> Path | None:
        """The folder of the settings file: relative paths and rule modules start there."""
        return self.path.parent if self.path else None

    def with_command_line(self, select: Sequence[str], ignore: Sequence[str]) -> Settings:
        """``--select`` replaces the file's selection; ``--ignore`` adds to its ignores."""
        return Settings(self.path, tuple(select) or self.select, (*self.ignore, *ignore),
                        self.fail_on, self.catalogs, self.rule_modules, self.baseline,
                        self.rules)


def split_codes(values: Iterable[str]) -> tuple[str, ...]:
    """``["CMP,RED-001", " PLC "]`` -> ``("CMP", "RED-001", "PLC")`` (repeatable, comma lists)."""
    return tuple(part.strip().upper() for value in values for part in value.split(",")
                 if part.strip())


def selected(rule_id: str, select: Sequence[str], ignore: Sequence[str]) -> bool:
    """Whether a rule runs: named (by id or family) in ``select`` or ``select`` is empty, and
    not named in ``ignore``. The more specific entry wins: ``select=["RED-001"]`` with
    ``ignore=["RED"]`` runs RED-001 only."""
    family = rule_id.split("-")[0]

    def rank(codes: Sequence[str]) -> int:  # 2: by id, 1: by family, 0: not named
        return 2 if rule_id in codes else 1 if family in codes else 0

    chosen, dropped = (rank(select) if select else 0.5), rank(ignore)
    return chosen > dropped if dropped else bool(chosen)


def check_codes(codes: Sequence[str], known: Sequence[str], where: str,
                file: str | None) -> list[Problem]:
    """Every code in ``codes`` must be a known rule id or a family."""
    families = {k.split("-")[0] for k in known} | {"USR"}
    return [Problem(f"unknown rule or family '{code}'{suggest(code, [*known, *families])}",
                    file, path=where)
            for code in codes if code not in known and not FAMILY.match(code)
            and code not in families]


def find_settings(start: str | os.PathLike[str] | None) -> Path | None:
    """The nearest ``ehrwb.toml``, ``.ehrwb.toml`` or ``pyproject.toml`` holding
    ``[tool.ehrwb]``, from ``start`` (a file or folder; None: the current folder) up to the
    root of the file system."""
    here = Path(start) if start else Path.cwd()
    here = here.resolve()
    if not here.is_dir():
        here = here.parent
    for folder in (here, *here.parents):
        for name in FILE_NAMES:
            if (folder / name).is_file():
                return folder / name
        pyproject = folder / PYPROJECT
        if pyproject.is_file() and _has_tool_table(pyproject):
            return pyproject
    return None


def settings_for(file: str) -> Path | None:
    """The settings that apply to the design ``file``: found from its folder (a PDF's
    attachment, ``x.pdf#design.yaml``: the PDF's; standard input, ``-``: the working folder)."""
    return find_settings(design_folder(file))


def design_folder(file: str) -> str:
    """The folder the settings of the design ``file`` are looked for from."""
    return os.getcwd() if file == "-" else os.path.dirname(os.path.abspath(file.split("#")[0]))


def _has_tool_table(path: Path) -> bool:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return False
    return bool(re.search(r"^\s*\[\s*tool\s*\.\s*ehrwb\s*[\].]", text, re.MULTILINE))


_KEYS = ("select", "ignore", "fail-on", "catalogs", "rule-modules", "baseline", "rules")
_RULE_KEYS = ("enabled", "severity", "thresholds")
_SEVERITIES = ("error", "warning", "info")
_RULE_ID = re.compile(r"^(DSN|THR|PLC|RED|CMP|USR)-[0-9]{3}$")


def load_settings(path: str | os.PathLike[str]) -> Settings:
    """Read and check a settings file. Raises InputError naming the file, and the line or
    key of every problem."""
    path = Path(path)
    name = str(path)
    try:
        with open(path, "rb") as f:
            document = tomllib.load(f)
    except OSError as exc:
        raise InputError([Problem(f"cannot read the settings: {exc.strerror or exc}",
                                  name)]) from None
    except tomllib.TOMLDecodeError as exc:
        raise InputError([_toml_problem(exc, name)]) from None
    except UnicodeDecodeError:
        raise InputError([Problem("is not UTF-8 text", name)]) from None
    table: Any = document
    prefix = ""
    if path.name == PYPROJECT:
        table = document.get("tool", {}).get("ehrwb", {})
        prefix = "tool.ehrwb."
    problems: list[Problem] = []
    if not isinstance(table, dict):
        raise InputError([Problem("must be a table", name, path=prefix.rstrip("."))])

    def problem(key: str, message: str) -> None:
        problems.append(Problem(message, name, path=prefix + key))

    for key in table:
        if key not in _KEYS:
            problem(key, f"unknown setting{suggest(key, _KEYS)} (settings: {', '.join(_KEYS)})")
    root = path.parent

    def strings(key: str) -> tuple[str, ...]:
        value = table.get(key, [])
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            problem(key, "must be a list of strings")
            return ()
        return tuple(value)

    select, ignore = split_codes(strings("select")), split_codes(strings("ignore"))
    fail_on = table.get("fail-on")
    if fail_on is not None and fail_on not in FAIL_ON:
        problem("fail-on", f"must be one of {', '.join(FAIL_ON)}, not {fail_on!r}")
        fail_on = None
    catalogs = tuple(root / p for p in strings("catalogs"))
    modules = strings("rule-modules")
    baseline = table.get("baseline")
    if baseline is not None and not isinstance(baseline, str):
        problem("baseline", "must be a file name (a string)")
        baseline = None
    rules: dict[str, RuleConfig] = {}
    raw_rules = table.get("rules", {})
    if not isinstance(raw_rules, dict):
        problem("rules", "must be a table of rule ids")
        raw_rules = {}
    for rule_id, entry in raw_rules.items():
        where = f"rules.{rule_id}"
        if not _RULE_ID.match(rule_id):
            problem(where, "is not a rule id (like THR-001)")
            continue
        if not isinstance(entry, dict):
            problem(where, "must be a table (enabled, severity, thresholds)")
            continue
        for key in entry:
            if key not in _RULE_KEYS:
                problem(f"{where}.{key}", f"unknown key{suggest(key, _RULE_KEYS)} "
                        f"(keys: {', '.join(_RULE_KEYS)})")
        enabled, severity = entry.get("enabled"), entry.get("severity")
        thresholds = entry.get("thresholds", {})
        if enabled is not None and not isinstance(enabled, bool):
            problem(f"{where}.enabled", "must be true or false")
            enabled = None
        if severity is not None and severity not in _SEVERITIES:
            problem(f"{where}.severity", f"must be one of {', '.join(_SEVERITIES)}, "
                    f"not {severity!r}")
            severity = None
        if not isinstance(thresholds, dict):
            problem(f"{where}.thresholds", "must be a table of threshold names and values")
            thresholds = {}
        for tname, value in thresholds.items():
            if isinstance(value, bool) or not isinstance(value, (int, float, str)):
                problem(f"{where}.thresholds.{tname}", "must be a number or a string")
        rules[rule_id] = RuleConfig(enabled, severity, {
            k: v for k, v in thresholds.items()
            if isinstance(v, (int, float, str)) and not isinstance(v, bool)})
    if problems:
        raise InputError(problems)
    return Settings(path=path, select=select, ignore=ignore, fail_on=fail_on,
                    catalogs=catalogs, rule_modules=modules,
                    baseline=root / baseline if baseline else None, rules=rules)


def check_settings(settings: Settings, rules: Sequence[Any]) -> list[Problem]:
    """Codes and rule ids the settings name must be rules (or families) that exist, and the
    thresholds they set must be the rule's own."""
    file = str(settings.path) if settings.path else None
    prefix = "tool.ehrwb." if settings.path and settings.path.name == PYPROJECT else ""
    known = [r.id for r in rules]
    by_id = {r.id: r for r in rules}
    problems = [*check_codes(settings.select, known, prefix + "select", file),
                *check_codes(settings.ignore, known, prefix + "ignore", file)]
    for rule_id, config in settings.rules.items():
        rule = by_id.get(rule_id)
        if rule is None:
            problems.append(Problem(f"unknown rule '{rule_id}'{suggest(rule_id, known)}", file,
                                    path=f"{prefix}rules.{rule_id}"))
            continue
        for name in config.thresholds:
            if name not in rule.thresholds:
                names = ", ".join(rule.thresholds) or "none"
                problems.append(Problem(
                    f"{rule_id} has no threshold '{name}'{suggest(name, rule.thresholds)} "
                    f"(thresholds: {names})", file,
                    path=f"{prefix}rules.{rule_id}.thresholds.{name}"))
    return problems


def _toml_problem(exc: tomllib.TOMLDecodeError, name: str) -> Problem:
    """tomllib says "Expected '=' after a key (at line 3, column 7)": the place moves into the
    Problem's line and column."""
    text = str(exc)
    found = re.search(r"\(at line (\d+), column (\d+)\)", text)
    if not found:
        return Problem(f"is not valid TOML: {text}", name)
    message = text[:found.start()].strip()
    return Problem(f"is not valid TOML: {message}", name, line=int(found.group(1)),
                   column=int(found.group(2)))


__all__ = ["FAIL_ON", "RuleConfig", "Settings", "check_settings", "design_folder",
           "find_settings", "load_settings", "selected", "settings_for", "split_codes"]
