"""A baseline: the findings a repository already has, recorded so that they don't block a pull
request while new ones do (``ehrwb validate --write-baseline``, then ``--baseline FILE``).

A finding is matched by its design file (relative to the baseline), its rule and the elements
it names — not by its message or line, which move when numbers or the file change. Matching
counts: a baseline recording one THR-001 on ``odb`` hides one such finding, not two.

    {"ehrwb_baseline": 1,
     "findings": [{"file": "designs/main.yaml", "rule": "THR-001", "targets": ["odb"]}, ...]}
"""

from __future__ import annotations

import json
import os
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from catalogs.errors import InputError, Problem

from .report import Finding

FORMAT = 1
Key = tuple[str, str, tuple[str, ...]]  # (file, rule, targets)


def relative_name(file: str, base: Path) -> str:
    """``file`` as the baseline writes it: relative to the baseline's folder, with '/'."""
    if file == "-":
        return "-"
    path = Path(file).resolve()
    try:
        return path.relative_to(base.resolve()).as_posix()
    except ValueError:
        return Path(os.path.relpath(path, base.resolve())).as_posix()


@dataclass
class Baseline:
    path: Path
    counts: Counter[Key]

    @classmethod
    def read(cls, path: str | os.PathLike[str]) -> Baseline:
        """The baseline in ``path``; a missing or broken file is an InputError naming it."""
        path = Path(path)
        name = str(path)
        try:
            document = json.loads(path.read_text(encoding="utf-8"))
        except OSError as exc:
            raise InputError([Problem(f"cannot read the baseline: {exc.strerror or exc}",
                                      name)]) from None
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            line = getattr(exc, "lineno", None)
            column = getattr(exc, "colno", None)
            raise InputError([Problem("is not a baseline written by ehrwb --write-baseline "
                                      f"(not JSON: {getattr(exc, 'msg', exc)})", name, line,
                                      column)]) from None
        if not isinstance(document, dict) or document.get("ehrwb_baseline") != FORMAT \
                or not isinstance(document.get("findings"), list):
            raise InputError([Problem("is not a baseline written by ehrwb --write-baseline "
                                      f"(expected {{\"ehrwb_baseline\": {FORMAT}, "
                                      "\"findings\": [...]}})", name)])
        counts: Counter[Key] = Counter()
        for i, entry in enumerate(document["findings"]):
            try:
                key = (str(entry["file"]), str(entry["rule"]),
                       tuple(str(t) for t in entry["targets"]))
            except (KeyError, TypeError):
                raise InputError([Problem("each finding needs file, rule and targets", name,
                                          path=f"findings[{i}]")]) from None
            counts[key] += 1
        return cls(path, counts)

    def split(self, file: str, findings: Sequence[Finding]) -> tuple[list[Finding], int]:
        """The findings of ``file`` not in the baseline, and how many were in it."""
        remaining = Counter(self.counts)
        name = relative_name(file, self.path.parent)
        new, known = [], 0
        for f in findings:
            key = (name, f.rule, f.targets)
            if remaining[key] > 0:
                remaining[key] -= 1
                known += 1
            else:
                new.append(f)
        return new, known


def baseline_text(base: Path, reports: Iterable[tuple[str, Sequence[Finding]]]) -> str:
    """The baseline file recording these (file, findings) pairs; waived findings are left out
    (their waiver already keeps them from blocking). Sorted, so it diffs well."""
    rows = sorted(
        (relative_name(file, base), f.rule, list(f.targets))
        for file, findings in reports for f in findings if not f.waived)
    lines = [json.dumps({"file": file, "rule": rule, "targets": targets}, ensure_ascii=False)
             for file, rule, targets in rows]  # one a line: a fixed finding is a one-line diff
    body = ",\n  ".join(lines)
    return f'{{"ehrwb_baseline": {FORMAT},\n "findings": [\n  {body}\n ]}}\n' if lines \
        else f'{{"ehrwb_baseline": {FORMAT}, "findings": []}}\n'

