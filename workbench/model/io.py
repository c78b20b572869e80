"""Loading and saving design files.

Load: bytes -> located YAML (budgets, line numbers) -> migration of the raw mapping ->
pydantic validation -> cross-reference checks.  Every problem found becomes a located
:class:`Problem`; the caller gets a :class:`Design` or one :class:`InputError` listing them all.

Save: canonical text, written atomically (temporary file, fsync, rename) with the previous
version kept as ``FILE.bak``.
"""

from __future__ import annotations

import datetime as dt
import errno
import gc
import io
import logging
import os
import re
import shutil
import stat
import tempfile
import types
import typing
import warnings
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError

from catalogs import Catalog, load_catalog, suggest
from catalogs.errors import InputError, Problem, format_path
from catalogs.reading import (
    MAX_BYTES,
    Located,
    gc_paused,
    input_name,
    read_bytes,
    read_input,
    read_text,
)

from .canonical import dump_design
from .design import Design, as_typed
from .migrations import MigrationError, migrate
from .references import check_references


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
PDF_MAGIC = b"%PDF-"


def load_design(path: str | os.PathLike[str], catalog: Catalog | None = None, *,
                check: bool = True) -> Loaded:
    """Load a design file ('-' for standard input), or the design attached to a PDF the
    workbench exported.  The input is read once, within the size limit (see read_input)."""
    name = input_name(path)
    raw = read_input(path, name)
    if raw.startswith(PDF_MAGIC):
        raw = attached_design(raw, name)
        name = f"{name}#{PDF_ATTACHMENT}"
    with gc_paused():  # see gc_paused: the whole pipeline allocates, none of it is garbage
        loaded = parse_located(read_bytes(raw, name), catalog, check=check)
        _freeze_if_large(len(raw))
        return loaded


FREEZE_FROM_BYTES = 256 * 1024  # a 1,000-component design is about 570 KiB


def _freeze_if_large(size: int) -> None:
    """After a large load, move what the process holds out of the collector's sight
    (``gc.freeze``) before ``gc_paused`` re-enables it: otherwise the first collection after
    the load walks every object just built, none of them garbage (validate at 10,000
    components -16 % whole process). Frozen objects are still freed by reference counting;
    only reference cycles among them stay, and the design model holds none."""
    if size >= FREEZE_FROM_BYTES:
        gc.freeze()


def attached_design(pdf: bytes, name: str) -> bytes:
    """The design.yaml attached to a PDF, decompressed to at most MAX_BYTES + 1 bytes; any
    failure of the PDF library, whose own warnings are silenced, is one located InputError."""
    from pypdf import PdfReader

    with _pdf_library_quiet():
        try:
            reader = PdfReader(io.BytesIO(pdf))
            spec = _attachment_spec(reader.trailer["/Root"], PDF_ATTACHMENT)
            stream = spec["/EF"]["/F"].get_object() if spec is not None else None
            data = _bounded_stream_data(stream, name) if stream is not None else None
        except InputError:
            raise
        except Exception as exc:
            reason = str(exc).strip() or type(exc).__name__
            raise InputError([Problem(f"cannot read the PDF: {reason[:200]}", name)]) from None
    if data is None:
        raise InputError([Problem(f"this PDF carries no {PDF_ATTACHMENT} (only PDFs exported "
                                  "by the workbench do)", name)])
    return data


@contextmanager
def _pdf_library_quiet() -> Iterator[None]:
    """pypdf reports damage through the logging module and warnings: our message says it."""
    logger = logging.getLogger("pypdf")  # its modules log to child loggers, which inherit
    level = logger.level
    logger.setLevel(logging.CRITICAL + 1)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            yield
    finally:
        logger.setLevel(level)


def _attachment_spec(root: Any, wanted: str) -> Any:
    """The file specification named ``wanted`` in the catalog's EmbeddedFiles name tree,
    walked within fixed bounds (a damaged tree may loop)."""
    names = root.get("/Names")
    tree = names.get_object().get("/EmbeddedFiles") if names is not None else None
    pending = [tree] if tree is not None else []
    visited = 0
    while pending and visited < 1000:
        node = pending.pop().get_object()
        visited += 1
        leaves = node.get("/Names")
        if leaves is not None:
            leaves = leaves.get_object()
            for i in range(0, len(leaves) - 1, 2):
                if str(leaves[i].get_object()) == wanted:
                    return leaves[i + 1].get_object()
        kids = node.get("/Kids")
        if kids is not None:
            pending.extend(kids.get_object())
    return None


def _bounded_stream_data(stream: Any, name: str) -> bytes:
    """An embedded file's bytes, inflated to at most MAX_BYTES + 1 bytes: a small PDF can hold
    a flate bomb, and pypdf's own limit (if any) is far above ours."""
    declared = stream.get("/Filter")
    declared = declared.get_object() if declared is not None else []
    filters = [str(f) for f in (declared if isinstance(declared, list) else [declared])]
    encoded: bytes = stream._data  # the stream as stored, before any filter
    if not filters:
        data = encoded[: MAX_BYTES + 1]
    elif filters == ["/FlateDecode"] and stream.get("/DecodeParms") is None:
        data = zlib.decompressobj().decompress(encoded, MAX_BYTES + 1)
    else:
        raise InputError([Problem(f"the attached {PDF_ATTACHMENT} is encoded with "
                                  f"{' '.join(filters)}, which the workbench does not write",
                                  name)])
    if len(data) > MAX_BYTES:
        raise InputError([Problem(f"the attached {PDF_ATTACHMENT} is over the limit: design "
                                  f"files are limited to {MAX_BYTES / 2**20:g} MiB", name)])
    return data


def loads_design(text: str | bytes, name: str = "<string>", catalog: Catalog | None = None, *,
                 check: bool = True) -> Loaded:
    with gc_paused():
        located = read_bytes(text, name) if isinstance(text, bytes) else read_text(text, name)
        loaded = parse_located(located, catalog, check=check)
        _freeze_if_large(len(text))
        return loaded


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
        with as_typed():  # numbers and yes/no as the file types them
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
        elif err["type"] == "string_type":
            message = _quoting_hint(located, loc, err["input"]) or message
        problems.append(located.problem(loc, message, format_path(loc)))
    return problems


def _quoting_hint(located: Located, loc: tuple[Any, ...], value: Any) -> str | None:
    """For text that YAML reads as something else (`name: yes` as true, `revision: 2024-01-01`
    as a date): what it was read as and how to write it so that it stays text."""
    if isinstance(value, bool):
        read_as = "true" if value else "false"
    elif value is None:
        read_as = "null (no value)"
    elif isinstance(value, dt.datetime):
        read_as = "a timestamp"
    elif isinstance(value, dt.date):
        read_as = "a date"
    else:
        return None
    found = located.node_at(loc)
    if found is None or not isinstance(found[0], yaml.ScalarNode) or not found[0].value:
        return None
    quoted = "'" + found[0].value.replace("'", "''") + "'"
    key = f"{loc[-1]}: " if loc and isinstance(loc[-1], str) else ""
    return f"{quoted} is read as {read_as}; write it in quotes: {key}{quoted}"


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
    """Write the canonical text atomically; the previous file becomes FILE.bak.  Raises OSError:
    WriteRefused (nothing written) when ``path`` is not a design, or the system's error."""
    write_text_atomic(Path(path), dump_design(design), keep_backup=keep_backup)


class WriteRefused(OSError):
    """A write that would replace what it must not: a PDF, a file that is not a design (or,
    for a PDF, not a PDF), a folder, a FIFO or a device.  Nothing is written; the text says
    why.  An OSError, so that callers that report failed writes report it too."""

    def __init__(self, path: str | os.PathLike[str], reason: str) -> None:
        super().__init__(errno.EPERM, reason, os.fspath(path))

    def __str__(self) -> str:
        return str(self.strerror)


def write_target(path: str | os.PathLike[str]) -> Path:
    """The file a write to ``path`` replaces: symbolic links are followed, so that a link goes
    on pointing at the updated file; a folder, FIFO, device or socket is refused."""
    real = Path(os.path.realpath(path))
    try:
        info = os.stat(real)
    except FileNotFoundError:
        return real
    if stat.S_ISDIR(info.st_mode):
        raise WriteRefused(path, "is a folder")
    if not stat.S_ISREG(info.st_mode):
        raise WriteRefused(path, "is not a regular file (a FIFO, device or socket); it is "
                                 "left as it is")
    return real


_DESIGN_KEY = re.compile(r"""(?m)(?:^|[{,])[ \t]*["']?schema_version["']?[ \t]*:""")


def _existing_kind(target: Path) -> str:
    """'missing', 'empty', 'pdf', 'design' (text with a schema_version key) or 'other'."""
    try:
        fd = os.open(target, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0)
                     | getattr(os, "O_BINARY", 0))
    except FileNotFoundError:
        return "missing"
    with os.fdopen(fd, "rb") as fh:
        head = fh.read(MAX_BYTES + 1)
    if not head:
        return "empty"
    if head.startswith(PDF_MAGIC):
        return "pdf"
    try:
        text = head.decode("utf-8-sig")
    except UnicodeDecodeError:
        return "other"
    return "design" if len(head) <= MAX_BYTES and "\x00" not in text \
        and _DESIGN_KEY.search(text) else "other"


def _refuse_replacing_another_kind(path: str | os.PathLike[str], target: Path,
                                   data: bytes, report: bool = False) -> None:
    """A design replaces only a design and a PDF only a PDF (either may replace an empty
    file): an exported document, notes or a picture are never overwritten by mistake. A
    ``report`` (a command's output, a baseline) replaces anything but a design or a PDF."""
    kind = _existing_kind(target)
    writing = "report" if report else "pdf" if data.startswith(PDF_MAGIC) else "design"
    if kind in ("missing", "empty", writing) or report and kind == "other":
        return
    if report:
        raise WriteRefused(path, f"is {'a PDF document' if kind == 'pdf' else 'a design file'}"
                                 "; it is left as it is (choose another output file)")
    if kind == "pdf":
        raise WriteRefused(path, "is a PDF document, not a design file; it is left as it is "
                                 "(write the design to a .yaml file)")
    if kind == "design":
        raise WriteRefused(path, "is a design file, not a PDF; it is left as it is (choose "
                                 "another output file)")
    what = "a PDF" if writing == "pdf" else "a design file"
    raise WriteRefused(path, f"exists and is not {what}; it is left as it is (choose another "
                             "file)")


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


def write_text_atomic(path: Path, text: str, *, keep_backup: bool = True,
                      report: bool = False) -> None:
    write_bytes_atomic(path, text.encode("utf-8"), keep_backup=keep_backup, report=report)


def write_bytes_atomic(path: Path, data: bytes, *, keep_backup: bool = False,
                       report: bool = False) -> None:
    """Replace the file ``path`` resolves to (through symbolic links) by ``data``: a temporary
    file beside it, fsynced, renamed over it; FILE.bak beside it when ``keep_backup``.  A
    design (text) replaces only a design, a PDF only a PDF; anything else raises WriteRefused
    before a byte is written.  System errors (a full or read-only disk) are OSError, and leave
    the file as it was."""
    target = write_target(path)
    _refuse_replacing_another_kind(path, target, data, report)
    folder = target.parent
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        mode = target.stat().st_mode & 0o777 if target.exists() else 0o666 & ~_umask()
        os.chmod(tmp, mode)
        if keep_backup and target.exists():
            _keep_backup(target)
        os.replace(tmp, target)
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
