"""Where the approved revision of an open design is: the design the last approval's fingerprint
names, looked for in the saved file and then in the file's git history.

Pure (no Qt): the Changes view runs it on a worker thread (git and loading every revision take
time). What cannot be found is said in one line, the Changes view's status."""

from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass
from pathlib import Path

from catalogs import Catalog
from catalogs.errors import InputError
from workbench.model.canonical import fingerprint_of
from workbench.model.design import Approval, Design
from workbench.model.io import loads_design
from workbench.model.revisions import git_show, is_revision, load_revision

HISTORY_LIMIT = 200  # revisions of the file searched, newest first
GIT_TIMEOUT_S = 30


class NotAvailable(Exception):
    """The revision cannot be read: the message is one line, for the status."""


@dataclass(frozen=True)
class Revision:
    design: Design
    label: str  # "the saved file flagship.yaml", "git 1a2b3c4d flagship.yaml", "HEAD~1:a.yaml"


def last_approval(design: Design) -> Approval | None:
    """The last recorded approval (decisions 'approve'), the one a reviewer compares with."""
    approvals = [a for a in design.reviews.approvals if a.decision == "approve"]
    return approvals[-1] if approvals else None


def approved_revision(approval: Approval, path: Path | None, catalog: Catalog) -> Revision:
    """The design ``approval`` was given to: the saved file when it still is that design,
    else the newest revision of the file in its git repository whose fingerprint (under the
    approval's fingerprint version) is the approval's. Raises NotAvailable saying why not."""
    if path is None:
        raise NotAvailable("the design is not saved in a file, so its approved revision "
                           "cannot be looked for")

    def matches(design: Design) -> bool:
        return fingerprint_of(design, approval.fingerprint_version) == approval.fingerprint

    try:
        saved = load_revision(str(path), catalog).design
    except InputError:
        saved = None
    if saved is not None and matches(saved):
        return Revision(saved, f"the saved file {path.name}")
    for commit in _history(path):
        try:
            raw = git_show(f"{commit}:{path}")
            design = loads_design(raw, f"{commit[:8]}:{path.name}", catalog).design
        except InputError:
            continue  # a revision that no longer loads cannot be the approved one
        if matches(design):
            return Revision(design, f"git {commit[:8]} {path.name}")
    where = "nor in its git history" if _history(path) else \
        "and the file is not in a git repository"
    raise NotAvailable(f"the approved revision (fingerprint {approval.fingerprint[:12]}...) is "
                       f"not the saved file {where}")


def _history(path: Path) -> list[str]:
    """The commits that changed ``path``, newest first (none outside a git repository)."""
    try:
        done = subprocess.run(["git", "-C", str(path.parent), "log", "--format=%H",
                               f"-n{HISTORY_LIMIT}", "--", path.name],
                              capture_output=True, text=True, timeout=GIT_TIMEOUT_S,
                              stdin=subprocess.DEVNULL, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return []
    return done.stdout.split() if done.returncode == 0 else []


def given_revision(spec: str, path: Path | None, catalog: Catalog) -> Revision:
    """The design ``spec`` names: a file, a workbench PDF or a git revision REV:PATH, where a
    relative PATH is read beside the open design (a window has no current folder of its
    own). Raises NotAvailable with the located message."""
    spec = spec.strip()
    if path is not None and is_revision(spec):
        rev, _, rel = spec.partition(":")
        if rel and not os.path.isabs(rel):
            spec = f"{rev}:{path.parent / rel}"
    elif path is not None and spec and not os.path.isabs(spec) and \
            (path.parent / spec).exists() and not os.path.exists(spec):
        spec = str(path.parent / spec)
    try:
        design = load_revision(spec, catalog).design
    except InputError as exc:
        lines = [line for line in str(exc).splitlines() if line.strip()]
        raise NotAvailable(lines[0] if lines else f"{spec}: cannot be read") from None
    except OSError as exc:
        raise NotAvailable(f"{spec}: {exc.strerror or exc}") from None
    return Revision(design, spec)
