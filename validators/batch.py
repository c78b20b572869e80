"""Checking many design files in one run: each file's report or input error, where each
finding is in its file, the baseline applied, and the summary and exit status of the run.

One file keeps the shape it always had (a report; JSON with a ``location`` per finding);
several give ``{"files": [{"path", ...report}], "summary": {...}}`` in JSON and each file's
report then a summary line in text.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from catalogs.errors import InputError
from workbench.model.io import Loaded
from workbench.model.references import element_ids
from workbench.model.severity import SEVERITIES

from .baseline import Baseline
from .report import Finding, Report

Position = tuple[int, int]  # line and column, from 1
FailOn = Literal["error", "warning", "info", "never"]


def locate_findings(loaded: Loaded, findings: Sequence[Finding]) -> list[Position]:
    """Where each finding is in its file: the declaration of the first element it names, or
    the top of the file for a finding about the whole design. Found in one pass over the
    file's parser events (catalogs.reading.Located.positions)."""
    declared = element_ids(loaded.design)
    wanted = [declared.get(f.targets[0]) if f.targets else None for f in findings]
    found = loaded.located.positions(p for p in wanted if p is not None)
    out: list[Position] = []
    for path in wanted:
        line, column = found.get(path, (None, None)) if path is not None else (None, None)
        out.append((line or 1, column or 1))
    return out


@dataclass
class Checked:
    """One file of a run: its report (findings not in the baseline) or why it can't be read."""

    path: str
    report: Report | None = None
    error: InputError | None = None
    locations: list[Position] = field(default_factory=list)  # one per report.findings
    baselined: int = 0  # findings left out because the baseline records them
    fail_on: FailOn = "error"  # the lowest severity that fails the run for this file

    @classmethod
    def of(cls, path: str, loaded: Loaded, report: Report,
           baseline: Baseline | None = None, fail_on: FailOn = "error") -> Checked:
        """The file's result, with each finding located and the baseline applied."""
        baselined = 0
        if baseline is not None:
            findings, baselined = baseline.split(path, report.findings)
            report = dataclasses.replace(report, findings=findings)
        return cls(path, report, None, locate_findings(loaded, report.findings), baselined,
                   fail_on)

    def where(self) -> list[str]:
        """``file:line:column`` of each finding, as editors and terminals jump to them."""
        return [f"{self.path}:{line}:{column}" for line, column in self.locations]

    def fails(self, threshold: FailOn) -> bool:
        return self.report is not None and self.report.fails(threshold)

    def to_json(self) -> dict[str, Any]:
        """The report's JSON with a location per finding, or the input error's problems."""
        if self.report is None:
            assert self.error is not None
            return {"error": {"problems": [p.to_json() for p in self.error.problems]}}
        data = self.report.to_json()
        for finding, (line, column) in zip(data["findings"], self.locations, strict=True):
            finding["location"] = {"file": self.path, "line": line, "column": column}
        if self.baselined:
            data["baselined"] = self.baselined
        return data

    def quiet_lines(self) -> list[str]:
        """One line a finding that counts (not waived): ``file:line:col: RULE severity: ...``."""
        assert self.report is not None
        return [f"{where}: {f.rule} {f.severity}: {', '.join(f.targets) or 'design'}: "
                f"{f.message}" for f, where in zip(self.report.findings, self.where(),
                                                   strict=True) if not f.waived]


def summary(results: Sequence[Checked]) -> dict[str, int]:
    """Files checked, files that could not be read, and findings by severity, waived and
    baselined, over the whole run."""
    out: dict[str, int] = {"files": len(results),
                           "unreadable": sum(r.report is None for r in results),
                           **dict.fromkeys(SEVERITIES, 0), "waived": 0, "baselined": 0}
    for r in results:
        if r.report is not None:
            for key, count in r.report.summary().items():
                out[key] += count
        out["baselined"] += r.baselined
    return out


def summary_line(results: Sequence[Checked]) -> str:
    s = summary(results)
    files = f"{s['files']} file{'s' if s['files'] != 1 else ''}"
    if s["unreadable"]:
        files += f" ({s['unreadable']} could not be read)"
    line = (f"{files}: {s['error']} errors, {s['warning']} warnings, {s['info']} info, "
            f"{s['waived']} waived")
    return line + (f", {s['baselined']} in the baseline" if s["baselined"] else "")


def exit_status(results: Sequence[Checked]) -> int:
    """2 when a file could not be read, else 1 when a file's findings reach its fail-on
    threshold, else 0."""
    if any(r.report is None for r in results):
        return 2
    return 1 if any(r.fails(r.fail_on) for r in results) else 0


def render_json(results: Sequence[Checked]) -> dict[str, Any]:
    if len(results) == 1:
        return results[0].to_json()
    return {"files": [{"path": r.path, **r.to_json()} for r in results],
            "summary": summary(results)}


def render_text(results: Sequence[Checked], quiet: bool = False) -> str:
    """Each file's report (or, with ``quiet``, its finding lines), then for several files a
    summary line. Input errors are not here: they go to standard error."""
    parts: list[str] = []
    for r in results:
        if r.report is None:
            continue
        if quiet:
            parts.extend(line + "\n" for line in r.quiet_lines())
            continue
        text = r.report.render_text(r.where())
        if r.baselined:
            text += (f"({r.baselined} finding{'s' if r.baselined != 1 else ''} in the "
                     "baseline not shown)\n")
        parts.append(text if not parts else "\n" + text)
    if len(results) > 1 and not quiet:
        parts.append("\n" + summary_line(results) + "\n")
    return "".join(parts)
