"""Loading and saving design files.

Load: bytes -> located YAML (budgets, line numbers) -> migration of the raw mapping ->
pydantic validation -> cross-reference checks.  Every problem found becomes a located
:class:`Problem`; the caller gets a :class:`Design` or one :class:`InputError` listing them all.

Save: canonical text, written atomically (temporary file, fsync, rename) with the previous
version kept as ``FILE.bak``.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
import types
import typing
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from catalogs import Catalog, load_catalog, suggest

from .canonical import dump_design
from .design import Design
from .errors import InputError, Problem, format_path
from .migrations import MigrationError, migrate
from .references import check_references
from .source import Located, gc_paused, read_bytes, read_file, read_text


@dataclass
class Loaded:
    """A design as read from a file, with what the reader did to it."""

    design: Design
    name: str
    schema_version_read: int
    located: Located

    @property
    def migrated(self) -> bool:
        return self.schema_version_read != self.design.schema_version


PDF_ATTACHMENT = "design.yaml"


def load_design(path: str | os.PathLike[str], catalog: Catalog | None = None, *,
                check: bool = True) -> Loaded:
    """Load a design file, or the design attached to a PDF the workbench exported."""
    with open(path, "rb") as fh:
        head = fh.read(5)
    if head == b"%PDF-":
        return _load_from_pdf(Path(path), catalog, check)
    with gc_paused():  # see gc_paused: the whole pipeline allocates, none of it is garbage
        return parse_located(read_file(path), catalog, check=check)


def _load_from_pdf(path: Path, catalog: Catalog | None, check: bool) -> Loaded:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    name = f"{path}#{PDF_ATTACHMENT}"
    try:
        files = PdfReader(path).attachments.get(PDF_ATTACHMENT)
    except (PdfReadError, OSError, ValueError, KeyError) as exc:
        raise InputError([Problem(f"cannot read the PDF: {exc}", str(path))]) from None
    if not files:
        raise InputError([Problem(f"this PDF carries no {PDF_ATTACHMENT} (only PDFs exported "
                                  "by the workbench do)", str(path))])
    with gc_paused():
        return parse_located(read_bytes(files[0], name), catalog, check=check)


def loads_design(text: str | bytes, name: str = "<string>", catalog: Catalog | None = None, *,
                 check: bool = True) -> Loaded:
    with gc_paused():
        located = read_bytes(text, name) if isinstance(text, bytes) else read_text(text, name)
        return parse_located(located, catalog, check=check)


def parse_located(located: Located, catalog: Catalog | None = None, *,
                  check: bool = True) -> Loaded:
    raw = located.data
    if not isinstance(raw, dict):
        kind = type(raw).__name__ if raw is not None else "nothing"
        raise InputError([located.problem((), f"a design file is a mapping of sections "
                                              f"(schema_version, metadata, ...), not {kind}", "")])
    try:
        migrated, version = migrate(raw)
    except MigrationError as exc:
        raise InputError([located.problem(("schema_version",), str(exc), "")]) from None
    try:
        design = Design.model_validate(migrated)
    except ValidationError as exc:
        raise InputError(validation_problems(located, exc)) from None
    if check:
        cat = catalog if catalog is not None else load_catalog()
        issues = check_references(design, cat)
        if issues:
            raise InputError([located.problem(path, message) for path, message in issues])
    located.release()
    return Loaded(design, located.name, version, located)


def validation_problems(located: Located, exc: ValidationError,
                        root: type[BaseModel] = Design) -> list[Problem]:
    problems = []
    for err in exc.errors(include_url=False):
        loc = tuple(err["loc"])
        message = err["msg"]
        if err["type"] == "extra_forbidden":
            fields = _field_names_at(root, loc[:-1])
            message = "unknown field" + (suggest(str(loc[-1]), fields) if fields else "")
        elif err["type"] == "literal_error":
            expected = re.findall(r"'([^']*)'", str((err.get("ctx") or {}).get("expected", "")))
            message = f"{message}; got {err['input']!r}"
            if isinstance(err["input"], str):
                message += suggest(err["input"], expected)
        elif err["type"] == "missing":
            message = "required field is missing"
        problems.append(located.problem(loc, message, format_path(loc)))
    return problems


def _field_names_at(root: type[BaseModel], loc: tuple[Any, ...]) -> list[str]:
    """Names of the fields of the model reached by following ``loc`` from ``root``."""
    current: Any = root
    for part in loc:
        current = _unwrap(current)
        if isinstance(current, type) and issubclass(current, BaseModel):
            info = next((f for n, f in current.model_fields.items()
                         if part in (n, f.alias)), None)
            if info is None:
                return []
            current = info.annotation
        elif typing.get_origin(current) in (list, dict):
            current = typing.get_args(current)[-1]
        else:
            return []
    current = _unwrap(current)
    if isinstance(current, type) and issubclass(current, BaseModel):
        return [f.alias or n for n, f in current.model_fields.items()]
    return []


def _unwrap(tp: Any) -> Any:
    while True:
        origin = typing.get_origin(tp)
        if origin is typing.Annotated:
            tp = typing.get_args(tp)[0]
        elif origin in (typing.Union, types.UnionType):
            args = [a for a in typing.get_args(tp) if a is not type(None)]
            if len(args) != 1:
                return tp
            tp = args[0]
        else:
            return tp


def save_design(design: Design, path: str | os.PathLike[str], *, keep_backup: bool = True) -> None:
    """Write the canonical text atomically; the previous file becomes FILE.bak."""
    write_text_atomic(Path(path), dump_design(design), keep_backup=keep_backup)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _keep_backup(path: Path) -> None:
    """FILE.bak becomes the current file, without ever leaving FILE missing."""
    backup = path.with_name(path.name + ".bak")
    staged = path.with_name(f".{path.name}.bak.tmp")
    try:
        if staged.exists():
            staged.unlink()
        os.link(path, staged)  # the old inode lives on as the backup after the rename below
    except OSError:
        shutil.copy2(path, staged)
    os.replace(staged, backup)


def write_text_atomic(path: Path, text: str, *, keep_backup: bool = True) -> None:
    write_bytes_atomic(path, text.encode("utf-8"), keep_backup=keep_backup)


def write_bytes_atomic(path: Path, data: bytes, *, keep_backup: bool = False) -> None:
    folder = path.resolve().parent
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        mode = path.stat().st_mode & 0o777 if path.exists() else 0o666 & ~_umask()
        os.chmod(tmp, mode)
        if keep_backup and path.exists():
            _keep_backup(path)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
    try:
        dir_fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(dir_fd)
    except OSError:
        pass
    finally:
        os.close(dir_fd)
