"""A design from wherever an earlier revision of it is: a design file, a PDF the workbench
exported (its attached design), standard input, or a git revision written as git writes one,
``REV:PATH`` (``HEAD~1:design.yaml``, ``main:designs/a.yaml``, ``:design.yaml`` for the index).

PATH is a path as the user types it, relative to the current folder: git is run in the folder
that holds it (``git -C DIR show REV:./NAME``), so the revision is read from the repository the
file is in, wherever the command runs. An argument that names an existing file is that file,
colon or not. A revision git cannot show is one located line, git's own message after the
argument: ``HEAD~9:design.yaml: git: fatal: invalid object name 'HEAD~9'.``"""

from __future__ import annotations

import os
import re
import subprocess

from catalogs import Catalog
from catalogs.errors import InputError, Problem, one_line
from catalogs.reading import MAX_BYTES, STDIN, read_input

from .io import PDF_ATTACHMENT, PDF_MAGIC, Loaded, attached_design, load_design, loads_design

_REVISION = re.compile(r"^(?P<rev>[^:/\\][^:]*|):(?P<path>[^:].*)$")
GIT_TIMEOUT_S = 60


def is_revision(spec: str) -> bool:
    """Whether ``spec`` is read from git: REV:PATH, and no file of that name exists."""
    return spec != STDIN and not os.path.lexists(spec) and _REVISION.match(spec) is not None


def load_revision(spec: str, catalog: Catalog | None = None) -> Loaded:
    """The design ``spec`` names: a file, a workbench PDF, '-' or a git revision REV:PATH."""
    if not is_revision(spec):
        return load_design(spec, catalog)
    raw, name = git_show(spec), spec
    if raw.startswith(PDF_MAGIC):
        raw = attached_design(raw, spec)
        name = f"{spec}#{PDF_ATTACHMENT}"
    return loads_design(raw, name, catalog)


def load_as(path: str, name: str, catalog: Catalog | None = None) -> Loaded:
    """The design in the file ``path`` (a design or a workbench PDF), its messages naming it
    ``name``: git's external diff hands over temporary files that stand for ``a/PATH``."""
    raw = read_input(path, name)
    if raw.startswith(PDF_MAGIC):
        raw = attached_design(raw, name)
        name = f"{name}#{PDF_ATTACHMENT}"
    return loads_design(raw, name, catalog)


def git_show(spec: str) -> bytes:
    """The bytes of REV:PATH, read with ``git show`` in the folder holding PATH, at most
    MAX_BYTES (the limit of every design input); any failure is one located InputError."""
    match = _REVISION.match(spec)
    if match is None:
        raise InputError([Problem("not a git revision (REV:PATH)", spec)])
    rev, path = match["rev"], match["path"]
    folder, base = os.path.split(path)
    if folder and os.path.isdir(folder):
        cwd, obj = folder, f"{rev}:./{base}"
    else:  # the folder is gone from the working tree: the path from here, as written
        cwd, obj = ".", f"{rev}:{'./' if not os.path.isabs(path) else ''}{path}"
    try:
        proc = subprocess.Popen(["git", "-C", cwd, "show", obj], stdin=subprocess.DEVNULL,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    except OSError as exc:
        raise InputError([Problem(f"cannot run git to read this revision: "
                                  f"{exc.strerror or exc}", spec)]) from None
    try:
        assert proc.stdout is not None and proc.stderr is not None
        data = proc.stdout.read(MAX_BYTES + 1)
        if len(data) > MAX_BYTES:
            proc.kill()
            raise InputError([Problem(f"is over the limit: design files are limited to "
                                      f"{MAX_BYTES / 2**20:g} MiB", spec)])
        error = proc.stderr.read(64 * 1024).decode("utf-8", "replace")
        status = proc.wait(timeout=GIT_TIMEOUT_S)
    except subprocess.TimeoutExpired:
        proc.kill()
        raise InputError([Problem(f"git took longer than {GIT_TIMEOUT_S} s", spec)]) from None
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.wait()
        proc.stdout.close()  # type: ignore[union-attr]
        proc.stderr.close()  # type: ignore[union-attr]
    if status != 0:
        first = next((line.strip() for line in error.splitlines() if line.strip()),
                     f"exit status {status}")
        raise InputError([Problem(one_line(f"git: {first}"), spec)])
    return data
