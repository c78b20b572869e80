"""Reading YAML defensively and remembering where every value came from.

Design and catalog files are user input, often from a git repository: they may be empty,
binary, enormous, deeply nested, or built to explode through anchors and aliases.  This module
turns text into plain Python data (dicts, lists, scalars) within fixed budgets and keeps a map
from each value's path to its line and column, so that later schema and cross-reference errors
can point at the line a person has to change.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .errors import InputError, Problem

# A flagship design is ~100 KB and the 10,000-component benchmark design ~6 MB.
MAX_BYTES = 16 * 1024 * 1024
MAX_VALUES = 2_000_000  # after alias expansion: stops "billion laughs" before any is built
MAX_DEPTH = 64

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

Path_ = tuple[str | int, ...]


@dataclass
class Located:
    """Plain data read from YAML plus where each path starts in the text (1-based)."""

    data: Any
    name: str
    positions: dict[Path_, tuple[int, int]] = field(default_factory=dict)

    def where(self, path: Path_) -> tuple[int | None, int | None]:
        """Line and column of ``path`` or of its nearest ancestor that has one."""
        p = tuple(path)
        while True:
            if p in self.positions:
                return self.positions[p]
            if not p:
                return None, None
            p = p[:-1]

    def problem(self, path: Path_, message: str, path_text: str | None = None) -> Problem:
        from .errors import format_path

        line, col = self.where(path)
        return Problem(message, self.name, line, col, path_text if path_text is not None
                       else format_path(path) or None)


def read_file(path: str | os.PathLike[str], display_name: str | None = None) -> Located:
    """Read a YAML file within the size, alias and depth budgets; raise InputError if not."""
    name = display_name or str(path)
    p = Path(path)
    try:
        size = p.stat().st_size
    except OSError as exc:
        raise InputError([Problem(f"cannot read file: {exc.strerror or exc}", name)]) from None
    if p.is_dir():
        raise InputError([Problem("is a folder, not a design file", name)])
    if size > MAX_BYTES:
        raise InputError([Problem(
            f"file is {size / 2**20:.1f} MiB; design files are limited to "
            f"{MAX_BYTES / 2**20:g} MiB", name)])
    try:
        raw = p.read_bytes()
    except OSError as exc:
        raise InputError([Problem(f"cannot read file: {exc.strerror or exc}", name)]) from None
    return read_bytes(raw, name)


def read_bytes(raw: bytes, name: str) -> Located:
    if len(raw) > MAX_BYTES:
        raise InputError([Problem(
            f"input is {len(raw) / 2**20:.1f} MiB; design files are limited to "
            f"{MAX_BYTES / 2**20:g} MiB", name)])
    nul = raw.find(b"\x00")
    if nul >= 0:
        raise InputError([Problem(f"not a text file (binary data: NUL byte at offset {nul})",
                                  name)])
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise InputError([Problem(
            f"not UTF-8 text (byte 0x{raw[exc.start]:02x} at offset {exc.start})", name,
            line)]) from None
    return read_text(text, name)


def read_text(text: str, name: str) -> Located:
    if not text.strip():
        raise InputError([Problem("file is empty", name)])
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        message = " ".join(x for x in (exc.context, exc.problem) if x) or "invalid YAML"
        line = mark.line + 1 if mark else None
        col = mark.column + 1 if mark else None
        raise InputError([Problem(f"invalid YAML: {message}", name, line, col)]) from None
    except yaml.YAMLError as exc:
        raise InputError([Problem(f"invalid YAML: {exc}", name)]) from None
    except RecursionError:
        raise InputError([Problem("invalid YAML: nested too deeply", name)]) from None
    if node is None:
        raise InputError([Problem("file holds no YAML document", name)])
    located = Located(None, name)
    _check_expansion(node, name)
    builder = _Builder(located)
    located.data = builder.build(node, (), 0)
    return located


def _check_expansion(root: yaml.Node, name: str) -> None:
    """Refuse documents whose aliases expand past MAX_VALUES before building anything: the
    expanded size of each distinct node is computed once, so an alias bomb costs microseconds."""
    sizes: dict[int, int] = {}

    def size(node: yaml.Node, depth: int) -> int:
        known = sizes.get(id(node))
        if known is not None:
            return known
        if depth > MAX_DEPTH:
            raise InputError([Problem(f"nested more than {MAX_DEPTH} levels deep", name,
                                      node.start_mark.line + 1, node.start_mark.column + 1)])
        total = 1
        if isinstance(node, yaml.MappingNode):
            for k, v in node.value:
                total += size(k, depth + 1) + size(v, depth + 1)
        elif isinstance(node, yaml.SequenceNode):
            for item in node.value:
                total += size(item, depth + 1)
        if total > MAX_VALUES:
            raise InputError([Problem(
                f"document expands to more than {MAX_VALUES:,} values through anchors and "
                "aliases; design files do not need them", name, node.start_mark.line + 1,
                node.start_mark.column + 1)])
        sizes[id(node)] = total
        return total

    size(root, 0)


class _Builder:
    """Turns a composed node tree into plain data, counting values to stop alias bombs."""

    def __init__(self, located: Located) -> None:
        self.located = located
        self.count = 0
        self.constructor = yaml.SafeLoader("")

    def _fail(self, node: yaml.Node, message: str) -> InputError:
        return InputError([Problem(message, self.located.name, node.start_mark.line + 1,
                                   node.start_mark.column + 1)])

    def build(self, node: yaml.Node, path: Path_, depth: int) -> Any:
        self.count += 1
        if self.count > MAX_VALUES:
            raise self._fail(node, f"document expands to more than {MAX_VALUES:,} values "
                                   "(anchors and aliases nested too far?)")
        if depth > MAX_DEPTH:
            raise self._fail(node, f"nested more than {MAX_DEPTH} levels deep")
        if isinstance(node, yaml.MappingNode):
            out: dict[str, Any] = {}
            for key_node, value_node in node.value:
                if not isinstance(key_node, yaml.ScalarNode):
                    raise self._fail(key_node, "a mapping key must be a plain name")
                key = key_node.value
                if key_node.tag == "tag:yaml.org,2002:merge":
                    raise self._fail(key_node, "merge keys ('<<') are not supported; write "
                                               "the values out")
                if key in out:
                    raise self._fail(key_node, f"duplicate key '{key}'")
                child = (*path, key)
                self.located.positions.setdefault(
                    child, (key_node.start_mark.line + 1, key_node.start_mark.column + 1))
                out[key] = self.build(value_node, child, depth + 1)
            return out
        if isinstance(node, yaml.SequenceNode):
            items = []
            for i, item in enumerate(node.value):
                child = (*path, i)
                self.located.positions.setdefault(
                    child, (item.start_mark.line + 1, item.start_mark.column + 1))
                items.append(self.build(item, child, depth + 1))
            return items
        try:
            return self.constructor.construct_object(node, deep=True)
        except (yaml.YAMLError, ValueError) as exc:
            raise self._fail(node, f"cannot read value {node.value!r}: {exc}") from None
