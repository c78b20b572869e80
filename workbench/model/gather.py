"""The design files a command is given: files as named, ``-`` for standard input, and
folders searched recursively for designs (as pre-commit, a CI job or a person names them).

In a folder, a design is a ``.yaml``/``.yml`` file with a top-level ``schema_version`` key —
what every design file starts with — so catalogs, workflows and Kubernetes manifests beside
the designs are passed over. Hidden folders (``.git``), ``node_modules``, virtual environments
and ``__pycache__`` are not searched.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator, Sequence
from pathlib import Path

from catalogs.errors import InputError, Problem

STDIN = "-"
SUFFIXES = (".yaml", ".yml")
SKIPPED = frozenset({"node_modules", "__pycache__", "venv", "site-packages"})
_DESIGN = re.compile(rb"^schema_version[ \t]*:", re.MULTILINE)
_SNIFF = 64 * 1024  # the key is the first line a design is written with; comments may precede


def is_design_file(path: Path) -> bool:
    """A YAML file with a top-level ``schema_version`` key in its first 64 KiB."""
    if path.suffix.lower() not in SUFFIXES:
        return False
    try:
        with open(path, "rb") as f:
            head = f.read(_SNIFF)
    except OSError:
        return False
    return bool(_DESIGN.search(head))


def _walk(folder: Path) -> Iterator[Path]:
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d not in SKIPPED
                         and not (Path(root) / d / "pyvenv.cfg").exists())
        for name in sorted(files):
            path = Path(root) / name
            if is_design_file(path):
                yield path


def design_files(named: Sequence[str], designs_only: bool = False) -> list[str]:
    """The files to read for ``named``, in order, each once. A folder holding no design is an
    InputError naming it (exit 2); a named file is taken as it is (reading it says what is
    wrong with it) or, with ``designs_only`` (pre-commit names every YAML file), passed over
    unless it is a design, as in a folder."""
    out: list[str] = []
    seen: set[str] = set()
    problems: list[Problem] = []
    for name in named:
        path = Path(name)
        if name != STDIN and path.is_dir():
            found = [str(p) for p in sorted(_walk(path), key=lambda p: p.parts)]
            if not found:
                problems.append(Problem("is a folder with no design file in it (a .yaml file "
                                        "starting with schema_version)", name))
        elif designs_only and name != STDIN and not is_design_file(path):
            found = []
        else:
            found = [name]
        for file in found:
            key = file if file == STDIN else os.path.normpath(os.path.abspath(file))
            if key not in seen:
                seen.add(key)
                out.append(file)
    if problems:
        raise InputError(problems)
    return out
