"""SARIF 2.1.0 output: rule metadata in tool.driver.rules, one result per finding, waived
findings as suppressions carrying their justification."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import PurePath
from typing import Any
from urllib.parse import quote

from workbench import __version__

from .report import Report
from .rule import Rule

_LEVEL = {"error": "error", "warning": "warning", "info": "note"}

Locator = Callable[[str], tuple[int | None, int | None]]


def to_sarif(report: Report, rules: Sequence[Rule],
             locate: Locator | None = None) -> dict[str, Any]:
    index = {r.id: i for i, r in enumerate(rules)}
    uri = quote(PurePath(report.source).as_posix()) if report.source else None
    results = []
    for f in report.findings:
        result: dict[str, Any] = {
            "ruleId": f.rule, "ruleIndex": index[f.rule], "level": _LEVEL[f.severity],
            "message": {"text": f.message + (f" Fix: {f.hint}" if f.hint else "")},
        }
        location: dict[str, Any] = {}
        if uri:
            physical: dict[str, Any] = {"artifactLocation": {"uri": uri}}
            line, col = locate(f.targets[0]) if (locate and f.targets) else (None, None)
            if line is not None:
                physical["region"] = {"startLine": line, **({"startColumn": col} if col else {})}
            location["physicalLocation"] = physical
        if f.targets:
            location["logicalLocations"] = [{"name": t, "kind": "resource"} for t in f.targets]
        if location:
            result["locations"] = [location]
        if f.waived:
            result["suppressions"] = [{"kind": "external", "status": "accepted",
                                       "justification": f.waiver_justification or ""}]
        results.append(result)
    run: dict[str, Any] = {
        "tool": {"driver": {
            "name": "ehrwb", "version": __version__, "semanticVersion": __version__,
            "rules": [_rule(r) for r in rules]}},
        "results": results,
        "properties": {"design": report.design_name, "variant": report.variant,
                       "fingerprint": report.fingerprint,
                       **({"asOf": report.as_of.isoformat()} if report.as_of else {})},
    }
    if uri:
        run["artifacts"] = [{"location": {"uri": uri}}]
    return {"$schema": "https://json.schemastore.org/sarif-2.1.0.json", "version": "2.1.0",
            "runs": [run]}


def _rule(r: Rule) -> dict[str, Any]:
    return {
        "id": r.id, "name": type(r).__name__,
        "shortDescription": {"text": r.title},
        "fullDescription": {"text": r.rationale},
        "help": {"text": r.hint},
        "defaultConfiguration": {"level": _LEVEL[r.severity]},
        "properties": {"family": r.family(), "tags": list(r.tags),
                       "references": list(r.references)},
    }
