"""Located problems in input files: what is wrong, in which file, at which line or field."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

# Problems listed in an InputError's text; the rest are counted.  A file with 100,000
# duplicate ids gets ten lines and a count, not 100,000 lines.
SHOWN_PROBLEMS = 10

_CONTROL = re.compile(r"[\x00-\x08\x0a-\x1f\x7f\x85\u2028\u2029]")


def one_line(text: str) -> str:
    """``text`` with line breaks and control characters escaped: a message is one line, and
    text from a file never moves the cursor or colours a terminal."""
    return _CONTROL.sub(lambda m: repr(m.group())[1:-1], text)


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input, located as precisely as we can."""

    message: str
    file: str | None = None
    line: int | None = None
    column: int | None = None
    path: str | None = None

    def to_json(self) -> dict[str, str | int | None]:
        """As ``ehrwb validate --format json`` reports an input it cannot read."""
        return {"file": self.file, "line": self.line, "column": self.column, "path": self.path,
                "message": self.message}

    def __str__(self) -> str:
        where = self.file or "<input>"
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        text = f"{where}: "
        if self.path:
            text += f"{self.path}: "
        return one_line(text + self.message)


@dataclass
class InputError(Exception):
    """An input (design, catalog or settings file) cannot be used; carries every problem found.

    Its text lists the first SHOWN_PROBLEMS problems, one a line, then how many more there
    are."""

    problems: list[Problem] = field(default_factory=list)

    def __post_init__(self) -> None:
        super().__init__(str(self))

    def __str__(self) -> str:
        lines = [str(p) for p in self.problems[:SHOWN_PROBLEMS]]
        more = len(self.problems) - SHOWN_PROBLEMS
        if more > 0:
            lines.append(f"... and {more:,} more problem{'s' if more > 1 else ''}")
        return "\n".join(lines)


def format_path(loc: tuple[object, ...]) -> str:
    """('components', 3, 'sku') -> 'components[3].sku'."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out
