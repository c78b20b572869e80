"""SARIF 2.1.0 output, as GitHub code scanning and the Microsoft SARIF Multitool take it.

- Rule metadata in tool.driver.rules, each with a ``helpUri`` (its section of docs/rules.md at
  the project's documentation URL) and a ``properties.security-severity`` (below).
- One result per finding with a physical location, always with a region: where the file
  declares the element the finding is about; line 1 for a finding about the design as a whole.
  Waived findings carry their justification as a suppression.
- ``partialFingerprints["ehrwbFinding/v1"]``: a hash of the rule and the ids of the elements
  the finding is about (for a finding about no element, of its message with the digits left
  out: "33 months old" next month is the same finding), so a result keeps its identity across
  runs and when lines move.
- Relative URIs against ``%SRCROOT%`` (the folder ehrwb runs in, in originalUriBaseIds); a file
  outside it is an absolute ``file://`` URI.
- An input that cannot be read is a result of the rule EHRWB-INPUT at the line and column of
  each problem, not an empty file (:func:`sarif_log`).

security-severity (GitHub: 9.0 and over critical, 7.0-8.9 high, 4.0-6.9 medium, below 4 low),
from the rule's default severity and what it guards:

=====================================================  =====  =======  ====
rule                                                   error  warning  info
=====================================================  =====  =======  ====
compliance: family CMP, or cites a HIPAA/HITRUST clause  9.0      6.0   3.0
redundancy and recovery (RED): downtime, data loss       8.0      5.0   2.0
design, throughput, placement (DSN, THR, PLC), user      7.0      4.0   1.0
=====================================================  =====  =======  ====

The compliance rules are also tagged ``security`` (GitHub files results of rules so tagged
under security), the others keep their own tags.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol
from urllib.parse import quote

from catalogs.errors import InputError
from catalogs.reading import STDIN, STDIN_NAME
from workbench import __version__
from workbench.model.schema import PROJECT_URL, RULES_URL

from .report import Report, Severity
from .rule import Rule

SARIF_SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/" \
    "sarif-schema-2.1.0.json"
SRCROOT = "%SRCROOT%"
FINGERPRINT = "ehrwbFinding/v1"
INPUT_RULE = "EHRWB-INPUT"

_LEVEL = {"error": "error", "warning": "warning", "info": "note"}
_SCORES: dict[str, dict[Severity, str]] = {
    "compliance": {"error": "9.0", "warning": "6.0", "info": "3.0"},
    "RED": {"error": "8.0", "warning": "5.0", "info": "2.0"},
    "other": {"error": "7.0", "warning": "4.0", "info": "1.0"},
}
Position = tuple[int | None, int | None]
Locator = Callable[[str], Position]  # where an element id is declared in the file


class Checked(Protocol):
    """One file of a run (validators.batch.Checked): its report, or why it cannot be read."""

    path: str
    report: Report | None
    error: InputError | None
    locations: list[tuple[int, int]]  # one per report.findings


def security_severity(rule: Rule) -> str:
    kind = "compliance" if _compliance(rule) else "RED" if rule.family() == "RED" else "other"
    return _SCORES[kind][rule.severity]


def _compliance(rule: Rule) -> bool:
    return rule.family() == "CMP" or bool(rule.clauses)


def to_sarif(report: Report, rules: Sequence[Rule], locate: Locator | None = None,
             root: str | os.PathLike[str] | None = None) -> dict[str, Any]:
    """The SARIF log of one file's ``report``; ``locate`` finds where an element is declared;
    ``root`` is the folder relative URIs are relative to (the current directory when None)."""
    positions = [locate(f.targets[0]) if locate and f.targets else (None, None)
                 for f in report.findings]
    return sarif_log([_One(report.source or "", report, None, positions)], rules, root)


@dataclass
class _One:
    """One file's report, as :func:`to_sarif` is given it."""

    path: str
    report: Report | None
    error: InputError | None
    locations: Sequence[Position]


def sarif_log(files: Sequence[Checked | _One], rules: Sequence[Rule],
              root: str | os.PathLike[str] | None = None) -> dict[str, Any]:
    """One SARIF log for a run over ``files``: one tool, one run, each file's findings at their
    positions, each unreadable file's problems as EHRWB-INPUT results."""
    base = Path(os.path.abspath(root if root is not None else os.curdir))
    index = {r.id: i for i, r in enumerate(rules)}
    descriptors = [_rule(r) for r in rules]
    artifacts: dict[str, dict[str, Any]] = {}
    results: list[dict[str, Any]] = []
    seen: dict[str, int] = {}
    for checked in files:
        if checked.report is not None:
            results += _findings(checked.report, checked.locations, base, index, artifacts,
                                 seen)
        if checked.error is not None:
            if INPUT_RULE not in index:
                index[INPUT_RULE] = len(descriptors)
                descriptors.append(_INPUT_DESCRIPTOR)
            results += _problems(checked.error, checked.path, base, index[INPUT_RULE],
                                 artifacts, seen)
    run = _run(descriptors, results, base, list(artifacts.values()))
    reports = [c.report for c in files if c.report is not None]
    if len(files) == 1 and reports:
        report = reports[0]
        run["properties"] = {"design": report.design_name, "variant": report.variant,
                             "fingerprint": report.fingerprint,
                             **({"asOf": report.as_of.isoformat()} if report.as_of else {})}
    return {"$schema": SARIF_SCHEMA, "version": "2.1.0", "runs": [run]}


def _findings(report: Report, positions: Sequence[Position], base: Path, index: dict[str, int],
              artifacts: dict[str, dict[str, Any]], seen: dict[str, int]
              ) -> list[dict[str, Any]]:
    artifact = _listed(artifact_location(report.source, base), artifacts)
    out = []
    for f, (line, col) in zip(report.findings, positions, strict=True):
        result: dict[str, Any] = {
            "ruleId": f.rule, "ruleIndex": index[f.rule], "level": _LEVEL[f.severity],
            "message": {"text": f.message + (f" Fix: {f.hint}" if f.hint else "")},
        }
        location = _location(artifact, line, col)
        if f.targets:
            location["logicalLocations"] = [{"name": t, "kind": "resource"} for t in f.targets]
        if location:
            result["locations"] = [location]
        result["partialFingerprints"] = {FINGERPRINT: _fingerprint(
            artifact, f.rule, f.targets or (_digits_out(f.message),), seen)}
        if f.waived:
            result["suppressions"] = [{"kind": "external", "status": "accepted",
                                       "justification": f.waiver_justification or ""}]
        out.append(result)
    return out


def _problems(error: InputError, path: str, base: Path, rule_index: int,
              artifacts: dict[str, dict[str, Any]], seen: dict[str, int]
              ) -> list[dict[str, Any]]:
    """Each problem of an input that cannot be read, at its file, line and column."""
    out = []
    for problem in error.problems:
        artifact = _listed(artifact_location(problem.file or path, base), artifacts)
        text = f"{problem.path}: {problem.message}" if problem.path else problem.message
        result: dict[str, Any] = {"ruleId": INPUT_RULE, "ruleIndex": rule_index,
                                  "level": "error", "message": {"text": text}}
        location = _location(artifact, problem.line, problem.column)
        if location:
            result["locations"] = [location]
        result["partialFingerprints"] = {FINGERPRINT: _fingerprint(
            artifact, INPUT_RULE, (problem.path or "", _digits_out(problem.message)), seen)}
        out.append(result)
    return out


_INPUT_DESCRIPTOR: dict[str, Any] = {
    "id": INPUT_RULE, "name": "InputError",
    "shortDescription": {"text": "The input can be read as a design."},
    "fullDescription": {"text": "A design file (or a catalog folder or settings file it is "
                        "checked with) that cannot be read, is not YAML, or does not make a "
                        "design: nothing in it was checked."},
    "help": {"text": "Fix the file at the line given; 'ehrwb schema' prints what a design "
             "file may hold."},
    "helpUri": RULES_URL,
    "defaultConfiguration": {"level": "error"},
    "properties": {"tags": ["input"], "security-severity": _SCORES["other"]["error"]},
}


def _listed(artifact: dict[str, Any] | None, artifacts: dict[str, dict[str, Any]]
            ) -> dict[str, Any] | None:
    """``artifact`` with its index in run.artifacts (added there when new)."""
    if artifact is None:
        return None
    known = artifacts.setdefault(artifact["uri"], {**artifact, "index": len(artifacts)})
    return dict(known)


def artifact_location(source: str | None, base: Path) -> dict[str, Any] | None:
    """A file's artifactLocation: relative to ``base`` under %SRCROOT% when it lies under it,
    else an absolute file:// URI; None for standard input and no file."""
    if not source or source in (STDIN, STDIN_NAME):
        return None
    path = Path(os.path.abspath(base / source))
    try:
        relative = path.relative_to(base)
    except ValueError:
        return {"uri": path.as_uri()}
    return {"uri": quote(relative.as_posix()), "uriBaseId": SRCROOT}


def _location(artifact: dict[str, Any] | None, line: int | None,
              col: int | None) -> dict[str, Any]:
    if artifact is None:
        return {}
    region: dict[str, Any] = {"startLine": line or 1}
    if line and col:
        region["startColumn"] = col
    return {"physicalLocation": {"artifactLocation": dict(artifact), "region": region}}


def _run(rules: list[dict[str, Any]], results: list[dict[str, Any]], base: Path,
         artifacts: list[dict[str, Any]]) -> dict[str, Any]:
    run: dict[str, Any] = {
        "tool": {"driver": {
            "name": "ehrwb", "fullName": "EHR Topology Workbench", "version": __version__,
            "semanticVersion": __version__, "informationUri": PROJECT_URL, "rules": rules}},
        "originalUriBaseIds": {SRCROOT: {
            "uri": base.as_uri().rstrip("/") + "/",
            "description": {"text": "The folder ehrwb ran in."}}},
        "results": results,
        "columnKind": "unicodeCodePoints",
    }
    if artifacts:
        run["artifacts"] = [{"location": {k: v for k, v in a.items() if k != "index"},
                             "roles": ["analysisTarget"], "sourceLanguage": "yaml"}
                            for a in artifacts]
    return run


def _rule(r: Rule) -> dict[str, Any]:
    tags = list(r.tags)
    if _compliance(r) and "security" not in tags:
        tags.append("security")
    return {
        "id": r.id, "name": type(r).__name__,
        "shortDescription": {"text": _sentence(r.title)},
        "fullDescription": {"text": _sentence(r.rationale)},
        "help": {"text": _sentence(r.hint)},
        "helpUri": f"{RULES_URL}#{r.id.lower()}",
        "defaultConfiguration": {"level": _LEVEL[r.severity]},
        "properties": {"family": r.family(), "tags": tags, "references": list(r.references),
                       "security-severity": security_severity(r)},
    }


def _sentence(text: str) -> str:
    """Text ending in a full stop, as SARIF wants descriptions (Multitool SARIF2001)."""
    text = text.strip()
    return text if text.endswith((".", "!", "?")) else text + "."


def _digits_out(text: str) -> str:
    return re.sub(r"[0-9]+", "#", text)


def _digest(*parts: str) -> str:
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()[:32]


def _fingerprint(artifact: dict[str, Any] | None, rule: str, about: Sequence[str],
                 seen: dict[str, int]) -> str:
    """The file, the rule and what the result is about (the element ids; for a finding about
    no element, the message without its digits); a second result with the same key in the run
    gets its ordinal."""
    key = _digest(artifact["uri"] if artifact else "", rule, *about)
    seen[key] = seen.get(key, 0) + 1
    return key if seen[key] == 1 else f"{key}:{seen[key]}"
