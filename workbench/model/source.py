"""Reading YAML defensively and remembering where every value came from.

Design and catalog files are user input, often from a git repository: they may be empty,
binary, enormous, deeply nested, or built to explode through anchors and aliases.  This module
turns text into plain Python data (dicts, lists, scalars) within fixed budgets and keeps a map
from each value's path to its line and column, so that later schema and cross-reference errors
can point at the line a person has to change.
"""

from __future__ import annotations

import gc
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .errors import InputError, Problem

# A flagship design is ~100 KB and the 10,000-component benchmark design ~6 MB.
MAX_BYTES = 16 * 1024 * 1024
MAX_VALUES = 2_000_000  # after alias expansion: stops "billion laughs" before any is built
MAX_DEPTH = 64

Path_ = tuple[str | int, ...]


@dataclass
class Located:
    """Plain data read from YAML plus the node tree it came from, to find lines (1-based)."""

    data: Any
    name: str
    root: yaml.Node | None = field(default=None, repr=False)
    text: str | None = field(default=None, repr=False)

    def release(self) -> None:
        """Drop the node tree once the data is known good: a large design's tree holds
        hundreds of thousands of objects that every later garbage-collection pass would walk.
        ``where`` composes it again from the text if a position is asked for afterwards."""
        self.root = None

    def where(self, path: Path_) -> tuple[int | None, int | None]:
        """Line and column of ``path`` or of its nearest ancestor that has one: walks the node
        tree on demand, so loading pays nothing for positions that are never asked for."""
        if self.root is None and self.text is not None:
            with gc_paused():
                self.root = yaml.compose(self.text, Loader=_Loader)
        node = self.root
        if node is None:
            return None, None
        mark = node.start_mark
        for part in path:
            child: yaml.Node | None = None
            if isinstance(node, yaml.MappingNode):
                for key_node, value_node in node.value:
                    if isinstance(key_node, yaml.ScalarNode) and key_node.value == str(part):
                        mark, child = key_node.start_mark, value_node
                        break
            elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) \
                    and 0 <= part < len(node.value):
                child = node.value[part]
                mark = child.start_mark
            if child is None:
                break
            node = child
        return mark.line + 1, mark.column + 1

    def problem(self, path: Path_, message: str, path_text: str | None = None) -> Problem:
        from .errors import format_path

        line, col = self.where(path)
        return Problem(message, self.name, line, col, path_text if path_text is not None
                       else format_path(path) or None)


class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """libyaml's parser with a cache in front of the implicit-tag resolver, which otherwise
    runs a regular expression for each of the hundreds of thousands of scalars in a large
    design although most of them ('id', 'true', 'client'...) repeat."""

    _tags: dict[tuple[str, Any], str] = {}

    def resolve(self, kind: Any, value: Any, implicit: Any) -> Any:
        if kind is not yaml.ScalarNode:
            return super().resolve(kind, value, implicit)
        key = (value, implicit)
        tag = self._tags.get(key)
        if tag is None:
            tag = super().resolve(kind, value, implicit)
            if len(self._tags) < 200_000:
                self._tags[key] = tag
        return tag


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


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while building large trees of fresh objects: its
    generational passes otherwise make reading time grow faster than the file (half the time
    for a 5 MB design); nothing built here forms reference cycles worth collecting."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def read_text(text: str, name: str) -> Located:
    if not text.strip():
        raise InputError([Problem("file is empty", name)])
    with gc_paused():
        return _read_text(text, name)


def _read_text(text: str, name: str) -> Located:
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
    located = Located(None, name, node, text)
    if "&" in text:  # only anchors make aliases, and only aliases can expand
        _check_expansion(node, name)
    located.data = _Builder(located).build(node, 0)
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


_STR = "tag:yaml.org,2002:str"


class _Builder:
    """Turns a composed node tree into plain data, counting values to stop alias bombs."""

    def __init__(self, located: Located) -> None:
        self.located = located
        self.count = 0  # collections built; the expansion check bounds aliased documents
        self.constructor = yaml.SafeLoader("")

    def _fail(self, node: yaml.Node, message: str) -> InputError:
        return InputError([Problem(message, self.located.name, node.start_mark.line + 1,
                                   node.start_mark.column + 1)])

    def build(self, node: yaml.Node, depth: int) -> Any:
        if isinstance(node, yaml.ScalarNode):
            if node.tag == _STR:
                return node.value
            try:
                return self.constructor.construct_object(node, deep=True)
            except (yaml.YAMLError, ValueError) as exc:
                raise self._fail(node, f"cannot read value {node.value!r}: {exc}") from None
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
                out[key] = self.build(value_node, depth + 1)
            return out
        return [self.build(item, depth + 1) for item in node.value]
