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
import re
import stat
import sys
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import yaml

from .errors import InputError, Problem

# A flagship design is ~100 KB and the 10,000-component benchmark design ~6 MB.
MAX_BYTES = 16 * 1024 * 1024
MAX_VALUES = 2_000_000  # after alias expansion: stops "billion laughs" before any is built
MAX_DEPTH = 64
MAX_DIGITS = 18  # integers up to 999,999,999,999,999,999: every figure fits, none overflows

STDIN = "-"  # the path that means standard input
STDIN_NAME = "<stdin>"

Path_ = tuple[str | int, ...]


@dataclass
class Located:
    """Plain data read from YAML plus the node tree it came from, to find lines (1-based)."""

    data: Any
    name: str
    root: yaml.Node | None = field(default=None, repr=False)
    text: str | None = field(default=None, repr=False)

    def release(self) -> None:
        """Drop the node tree (if one was composed) and the plain data once a model is built
        from them: for a large design they are hundreds of thousands of objects (some 65 MB at
        10,000 components) that nothing reads again. ``where`` composes the tree again from the
        text if a position is asked for afterwards."""
        self.root = None
        self.data = None

    def where(self, path: Path_) -> tuple[int | None, int | None]:
        """Line and column of ``path`` or of its nearest ancestor that has one."""
        found = self.node_at(path)
        if found is None:
            return None, None
        mark = found[1]
        return mark.line + 1, mark.column + 1

    def positions(self, paths: Iterable[Path_]) -> dict[Path_, tuple[int | None, int | None]]:
        """:meth:`where` of each of ``paths``, all found in one pass over the parser's events
        when the text has no anchors and no node tree is at hand (SARIF output locates every
        finding: at 10,000 components the tree would be some 240 MB), else in the tree."""
        wanted = set(paths)
        if self.root is not None or self.text is None or "&" in self.text:
            return {path: self.where(path) for path in wanted}
        marks = _marks_along(self.text, wanted)
        found: dict[Path_, tuple[int | None, int | None]] = {}
        for path in wanted:
            mark = next((marks[path[:n]] for n in range(len(path), -1, -1)
                         if path[:n] in marks), None)
            found[path] = (mark.line + 1, mark.column + 1) if mark is not None else (None, None)
        return found

    def node_at(self, path: Path_) -> tuple[yaml.Node, yaml.Mark] | None:
        """The node at ``path`` (or its nearest ancestor) and where it starts: walks the node
        tree on demand, so loading pays nothing for positions that are never asked for."""
        if self.root is None and self.text is not None:
            with gc_paused():
                self.root = yaml.compose(self.text, Loader=_Loader)
        node = self.root
        if node is None:
            return None
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
        return node, mark

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

    def resolve_uncached(self, kind: Any, value: Any, implicit: Any) -> Any:
        """The resolver without the cache (for a reader that keeps its own)."""
        return super().resolve(kind, value, implicit)


def _marks_along(text: str, wanted: Iterable[Path_]) -> dict[Path_, Any]:
    """Where each prefix of the ``wanted`` paths that the document has starts, as
    Located.node_at finds it (a mapping entry at its first key equal to ``str(part)``, a
    sequence item at an ``int`` part, the root at ``()``), read from the parser's events of a
    text without anchors: subtrees no wanted path enters are passed over, and the reading
    stops once every wanted path is found."""
    by_key: dict[Path_, dict[str, list[Path_]]] = {}
    by_index: dict[Path_, dict[int, list[Path_]]] = {}
    for path in wanted:
        for n, part in enumerate(path):
            child = path[:n + 1]
            keyed = by_key.setdefault(path[:n], {}).setdefault(str(part), [])
            if child not in keyed:
                keyed.append(child)
            if isinstance(part, int) and part >= 0:
                indexed = by_index.setdefault(path[:n], {}).setdefault(part, [])
                if child not in indexed:
                    indexed.append(child)
    marks: dict[Path_, Any] = {}
    remaining = set(wanted)
    loader = _Loader(text)
    try:
        loader.get_event()  # StreamStartEvent
        if isinstance(loader.get_event(), yaml.StreamEndEvent):
            return marks
        collection_start = (yaml.MappingStartEvent, yaml.SequenceStartEvent)
        collection_end = (yaml.MappingEndEvent, yaml.SequenceEndEvent)
        # per open collection: [is a mapping, the paths it stands for, next item index or
        # (mapping) whether a key comes next, the paths its next value stands for]
        stack: list[list[Any]] = []
        paths: list[Path_] = [()]  # the paths the next value stands for
        while True:
            event = loader.get_event()
            top = stack[-1] if stack else None
            if top is not None and top[0] and top[2]:  # a mapping's key, or its end
                if isinstance(event, collection_end):
                    stack.pop()
                elif isinstance(event, yaml.ScalarEvent):
                    top[2] = False
                    top[3] = [child for parent in top[1]
                              for child in by_key.get(parent, {}).get(event.value, ())
                              if child not in marks]
                    for child in top[3]:
                        marks[child] = event.start_mark
                        remaining.discard(child)
                    if not remaining:
                        break
                    continue
                else:  # a key that is no plain name: neither it nor its value is found
                    top[2], top[3] = False, []
                    _skip(loader, event)
                    continue
            else:
                if top is not None and not top[0]:  # a sequence's item
                    index = top[2]
                    top[2] += 1
                    paths = [child for parent in top[1]
                             for child in by_index.get(parent, {}).get(index, ())]
                    if not isinstance(event, collection_end):
                        for child in paths:
                            marks.setdefault(child, event.start_mark)
                            remaining.discard(child)
                elif top is not None:  # a mapping's value
                    paths, top[2] = top[3], True
                elif not stack and paths == [()]:
                    marks[()] = event.start_mark
                    remaining.discard(())
                if not remaining:
                    break
                if isinstance(event, collection_end):
                    stack.pop()
                elif isinstance(event, collection_start):
                    if paths:
                        is_map = isinstance(event, yaml.MappingStartEvent)
                        stack.append([is_map, paths, True if is_map else 0, []])
                        continue
                    _skip(loader, event)
                elif not isinstance(event, (yaml.ScalarEvent, yaml.AliasEvent)):
                    break
            if not stack:
                break
    finally:
        loader.dispose()
    return marks


def _skip(loader: Any, event: Any) -> None:
    """Pass over the rest of the collection ``event`` starts (nothing when it is a scalar)."""
    map_start, seq_start = yaml.MappingStartEvent, yaml.SequenceStartEvent
    map_end, seq_end, scalar = yaml.MappingEndEvent, yaml.SequenceEndEvent, yaml.ScalarEvent
    kind = type(event)
    if kind is not map_start and kind is not seq_start:
        return
    next_event = loader.get_event
    depth = 1
    while depth:
        kind = type(next_event())
        if kind is scalar:
            continue
        if kind is map_start or kind is seq_start:
            depth += 1
        elif kind is map_end or kind is seq_end:
            depth -= 1


def input_name(path: str | os.PathLike[str]) -> str:
    """How messages name an input: the path as given, or <stdin> for '-'."""
    return STDIN_NAME if os.fspath(path) == STDIN else os.fspath(path)


def read_file(path: str | os.PathLike[str], display_name: str | None = None) -> Located:
    """Read a YAML file within the size, alias and depth budgets; raise InputError if not."""
    name = display_name or input_name(path)
    return read_bytes(read_input(path, name), name)


def read_input(path: str | os.PathLike[str], name: str | None = None) -> bytes:
    """The bytes of a regular file, or of standard input for '-', read once and never more than
    MAX_BYTES + 1 of them whatever the file claims.  Folders, FIFOs, devices and sockets are
    refused from os.stat alone, before anything is opened; the file is opened non-blocking in
    case it was swapped for a FIFO in between.  /dev/stdin and /dev/fd/N name descriptors this
    process already holds (a pipe from the shell) and are read like '-'."""
    name = name or input_name(path)
    text = os.fspath(path)
    if text == STDIN:
        if sys.stdin is None:
            raise InputError([Problem("no standard input to read", name)])
        return _bounded(sys.stdin.buffer.read, name)
    try:
        info = os.stat(text)
    except (OSError, ValueError) as exc:
        raise InputError([Problem(f"cannot read file: {_reason(exc)}", name)]) from None
    inherited = _inherited_descriptor(text, info)
    if inherited is not None:
        return _bounded(lambda n: os.read(inherited, n), name)
    _refuse_unless_regular(info, name)
    if info.st_size > MAX_BYTES:
        raise _too_big(name, info.st_size)
    try:
        fd = os.open(text, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0)
                     | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0))
    except OSError as exc:
        raise InputError([Problem(f"cannot read file: {_reason(exc)}", name)]) from None
    try:
        _refuse_unless_regular(os.fstat(fd), name)
        return _bounded(lambda n: os.read(fd, n), name)
    finally:
        os.close(fd)


def _reason(exc: BaseException) -> str:
    return (exc.strerror if isinstance(exc, OSError) else None) or str(exc)


_FD_PATH = re.compile(r"/(?:dev/fd|proc/self/fd)/([0-9]{1,9})")


def _inherited_descriptor(text: str, info: os.stat_result) -> int | None:
    """The descriptor behind /dev/stdin or /dev/fd/N when it is this process's own."""
    match = _FD_PATH.fullmatch(text)
    fd = 0 if text == "/dev/stdin" else int(match.group(1)) if match else None
    if fd is None:
        return None
    try:
        return fd if os.path.samestat(os.fstat(fd), info) else None
    except OSError:
        return None


def _refuse_unless_regular(info: os.stat_result, name: str) -> None:
    mode = info.st_mode
    if stat.S_ISDIR(mode):
        raise InputError([Problem("is a folder, not a file", name)])
    if not stat.S_ISREG(mode):
        kind = "a FIFO (named pipe)" if stat.S_ISFIFO(mode) else "a socket" \
            if stat.S_ISSOCK(mode) else "a device"
        raise InputError([Problem(f"is {kind}, not a regular file", name)])


def _too_big(name: str, size: int | None = None) -> InputError:
    limit = f"design files are limited to {MAX_BYTES / 2**20:g} MiB"
    if size is None:
        return InputError([Problem(f"input is over the limit: {limit}", name)])
    return InputError([Problem(f"file is {size / 2**20:.1f} MiB; {limit}", name)])


def _bounded(read: Callable[[int], bytes], name: str) -> bytes:
    """At most MAX_BYTES + 1 bytes from ``read``; InputError if there are more than MAX_BYTES."""
    chunks: list[bytes] = []
    total = 0
    try:
        while total <= MAX_BYTES:
            chunk = read(min(1 << 20, MAX_BYTES + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
    except OSError as exc:
        raise InputError([Problem(f"cannot read file: {_reason(exc)}", name)]) from None
    if total > MAX_BYTES:
        raise _too_big(name)
    return b"".join(chunks)


def read_bytes(raw: bytes, name: str) -> Located:
    if len(raw) > MAX_BYTES:
        raise _too_big(name, len(raw))
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
        if "&" in text:  # only anchors make aliases, and only aliases can expand
            return _read_composed(text, name)
        return _read_streamed(text, name)
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


def _read_composed(text: str, name: str) -> Located:
    """A document with anchors: composed into a node tree first (aliases share its nodes), its
    expansion checked, then built."""
    node = yaml.compose(text, Loader=_Loader)
    if node is None:
        raise InputError([Problem("file holds no YAML document", name)])
    located = Located(None, name, node, text)
    _check_expansion(node, name)
    builder = _Builder(located)
    try:
        located.data = builder.build(node, 0)
    finally:  # the loader's cycle holds every scalar node: break it, or a frozen
        # collector (large loads, workbench.model.io) keeps the whole tree alive
        builder.constructor.dispose()
        builder.constructor.constructed_objects.clear()
    return located


def _read_streamed(text: str, name: str) -> Located:
    """A document without anchors, every design the workbench writes: built straight from the
    parser's events, so that no node tree is ever held (for a 10,000-component design the tree
    is some 240 MB, four times the data built from it). Positions, needed only for messages,
    are composed from the text again when asked for (Located.node_at)."""
    loader = _Loader(text)
    try:
        data = _Events(loader, name).document()
    finally:
        loader.dispose()
    return Located(data, name, None, text)


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


_YAML = "tag:yaml.org,2002:"
_STR, _INT = _YAML + "str", _YAML + "int"
_SCALAR_TAGS = {_YAML + t for t in ("str", "int", "float", "bool", "null", "timestamp")}
_MAP, _SEQ = _YAML + "map", _YAML + "seq"
_NUMBER_TEXT = re.compile(r"[0-9a-fA-F]")


class _Written:
    """A number written otherwise than Python prints it ('1.10', '010', '1_000', '0x1F'): the
    number for numeric fields, the text as written for text fields, which pydantic fills from
    numbers with str().  Numeric fields get a plain int or float back, never this class."""

    written: str

    def __str__(self) -> str:
        return self.written


class WrittenInt(_Written, int):
    """An int that remembers how it was written."""


class WrittenFloat(_Written, float):
    """A float that remembers how it was written."""


def _as_written(value: int | float, text: str) -> int | float:
    number = WrittenInt(value) if type(value) is int else WrittenFloat(value)
    number.written = text
    return number


def _path_to(root: yaml.Node, target: yaml.Node) -> Path_ | None:
    """The path of ``target`` in the tree (of the mapping that holds it, for a key): for
    messages only, so it searches instead of every value carrying its path while building."""
    stack: list[tuple[yaml.Node, Path_]] = [(root, ())]
    seen: set[int] = set()
    while stack:
        node, path = stack.pop()
        if node is target:
            return path
        if id(node) in seen:  # aliases share nodes
            continue
        seen.add(id(node))
        if isinstance(node, yaml.MappingNode):
            for key_node, value_node in node.value:
                key = key_node.value if isinstance(key_node, yaml.ScalarNode) else "?"
                if key_node is target:
                    return path
                stack.append((value_node, (*path, key)))
        elif isinstance(node, yaml.SequenceNode):
            stack.extend((item, (*path, i)) for i, item in enumerate(node.value))
    return None


def _unknown_tag(tag: str) -> str:
    shown = "!!" + tag[len(_YAML):] if tag.startswith(_YAML) else tag
    return f"unsupported tag '{shown}': design files hold plain YAML values (remove the tag)"


class _Builder:
    """Turns a composed node tree into plain data, counting values to stop alias bombs."""

    def __init__(self, located: Located) -> None:
        self.located = located
        self.count = 0  # collections built; the expansion check bounds aliased documents
        self.constructor = yaml.SafeLoader("")

    def _fail(self, node: yaml.Node, message: str) -> InputError:
        from .errors import format_path

        path = _path_to(self.located.root, node) if self.located.root is not None else None
        return InputError([Problem(message, self.located.name, node.start_mark.line + 1,
                                   node.start_mark.column + 1,
                                   format_path(path) or None if path else None)])

    def _unknown_tag(self, node: yaml.Node) -> InputError:
        return self._fail(node, _unknown_tag(node.tag))

    def build(self, node: yaml.Node, depth: int) -> Any:
        if isinstance(node, yaml.ScalarNode):
            return self._scalar(node)
        self.count += 1
        if self.count > MAX_VALUES:
            raise self._fail(node, f"document expands to more than {MAX_VALUES:,} values "
                                   "(anchors and aliases nested too far?)")
        if depth > MAX_DEPTH:
            raise self._fail(node, f"nested more than {MAX_DEPTH} levels deep")
        if isinstance(node, yaml.MappingNode):
            if node.tag != _MAP:
                raise self._unknown_tag(node)
            out: dict[str, Any] = {}
            for key_node, value_node in node.value:
                if not isinstance(key_node, yaml.ScalarNode):
                    raise self._fail(key_node, "a mapping key must be a plain name")
                key = key_node.value
                if key_node.tag == "tag:yaml.org,2002:merge":
                    raise self._fail(key_node, "merge keys ('<<') are not supported; write "
                                               "the values out")
                if key_node.tag not in _SCALAR_TAGS:
                    raise self._unknown_tag(key_node)
                if key in out:
                    raise self._fail(key_node, f"duplicate key '{key}'")
                out[key] = self.build(value_node, depth + 1)
            return out
        if node.tag != _SEQ:
            raise self._unknown_tag(node)
        return [self.build(item, depth + 1) for item in node.value]

    def _scalar(self, node: yaml.ScalarNode) -> Any:
        return _scalar_value(node, self.constructor, lambda message: self._fail(node, message))


_Constructor = yaml.constructor.SafeConstructor


def _scalar_value(node: yaml.ScalarNode, constructor: _Constructor,
                  fail: Callable[[str], InputError]) -> Any:
    """The value of a scalar node; ``fail(message)`` makes the error when it has none."""
    tag = node.tag
    if tag == _STR:
        return node.value
    if tag not in _SCALAR_TAGS:
        raise fail(_unknown_tag(tag))
    if tag == _INT:
        digits = len(_NUMBER_TEXT.findall(node.value))
        if digits > MAX_DIGITS:
            raise fail(f"a {digits:,}-digit number is out of range (at most {MAX_DIGITS} "
                       "digits); if it is text, write it in quotes")
    try:  # what construct_object does for a scalar, without remembering the node
        value = constructor.yaml_constructors[tag](constructor, node)
    except (yaml.YAMLError, ValueError, OverflowError) as exc:
        raise fail(f"cannot read value {node.value[:80]!r}: {exc}") from None
    except KeyError:  # !!bool of a word YAML does not know as true or false
        raise fail(f"cannot read value {node.value[:80]!r} as true or false (write true, "
                   "false, yes, no, on or off)") from None
    kind = type(value)
    if (kind is int or kind is float) and str(value) != node.value:
        return _as_written(value, node.value)
    return value


_UNSET = object()
_MERGE = _YAML + "merge"


class _Events:
    """Builds plain data from the parser's events as _Builder does from a node tree: the same
    values, the same checks in the same order and the same messages, and, as when the whole
    document is composed before anything is built, an error in the YAML itself anywhere in
    the file wins over a refused value before it. For documents without anchors (aliases then
    have nothing to refer to and are an error, as the composer says).

    The collection being filled is three locals (its items, whether it is a mapping, the key
    whose value is being built); those of the collections around it wait on a stack."""

    def __init__(self, loader: Any, name: str) -> None:
        self.next_event = loader.get_event
        self.loader = loader
        self.name = name
        self.count = 0  # collections built (MAX_VALUES, as _Builder)
        self.constructor = _Constructor()
        self.scalars: dict[tuple[str, str], Any] = {}  # (tag, text) -> value, non-text only

    def document(self) -> Any:
        """The single document's data; InputError when there is none or a value is refused."""
        self.next_event()  # StreamStartEvent
        event = self.next_event()
        if isinstance(event, yaml.StreamEndEvent):
            raise InputError([Problem("file holds no YAML document", self.name)])
        try:
            data, root_mark = self._value()
        except InputError:
            self._drain()  # the composer would have read to the end before any was built
            raise
        self.next_event()  # DocumentEndEvent
        self._single_document(self.next_event(), root_mark)
        return data

    def _drain(self) -> None:
        """Read the rest of the stream as the composer would, raising its error if it has one."""
        while True:
            event = self.next_event()
            if isinstance(event, yaml.StreamEndEvent):
                return
            if isinstance(event, yaml.AliasEvent):
                raise self._undefined_alias(event)
            if isinstance(event, yaml.DocumentStartEvent):
                self._single_document(event, None)

    @staticmethod
    def _single_document(event: Any, first: Any) -> None:
        if not isinstance(event, yaml.StreamEndEvent):
            raise yaml.composer.ComposerError("expected a single document in the stream", first,
                                              "but found another document", event.start_mark)

    @staticmethod
    def _undefined_alias(event: Any) -> Exception:
        return yaml.composer.ComposerError(None, None, "found undefined alias", event.start_mark)

    def _fail(self, mark: Any, message: str, frames: list[tuple[Any, bool, Any]]) -> InputError:
        """An error at ``mark`` in the value that ``frames`` (outermost first: items, is a
        mapping, key) lead to."""
        from .errors import format_path

        path = tuple(key if is_map else len(items) for items, is_map, key in frames)
        return InputError([Problem(message, self.name, mark.line + 1, mark.column + 1,
                                   format_path(path) or None if path else None)])

    def _value(self) -> tuple[Any, Any]:
        """The document's root value, built from the events after its DocumentStartEvent, and
        where it starts."""
        next_event = self.next_event
        tags = _Loader._tags
        resolve = self.loader.resolve
        scalars = self.scalars
        scalar_event, alias_event = yaml.ScalarEvent, yaml.AliasEvent
        mapping_start, mapping_end = yaml.MappingStartEvent, yaml.MappingEndEvent
        sequence_start, sequence_end = yaml.SequenceStartEvent, yaml.SequenceEndEvent
        scalar_node = yaml.ScalarNode
        plain = (True, False)  # the implicit flags of a plain scalar without a tag
        plain_tags: dict[str, str] = {}  # for this read only, not in _Loader._tags
        resolve_once = self.loader.resolve_uncached
        waiting: list[tuple[Any, bool, Any]] = []  # the collections around this one
        items: Any = None  # the collection being filled (None: the document itself)
        is_map = False
        key: Any = _UNSET
        root_mark = None
        while True:
            event = next_event()
            kind = type(event)
            if kind is scalar_event:
                text = event.value
                tag = event.tag
                if tag is None:
                    implicit = event.implicit
                    if implicit == plain:  # most scalars: cached by their text alone
                        tag = plain_tags.get(text)
                        if tag is None:
                            tag = plain_tags[text] = resolve_once(scalar_node, text, implicit)
                    else:
                        tag = tags.get((text, implicit)) or resolve(scalar_node, text, implicit)
                elif tag == "!":
                    tag = resolve(scalar_node, text, event.implicit)
                if is_map and key is _UNSET:  # a mapping's key
                    if tag != _STR or text in items:
                        self._refuse_key(event, tag, text in items,
                                         [*waiting[1:], (items, is_map, key)])
                    key = text
                    continue
                if tag == _STR:
                    value = text
                else:
                    value = scalars.get((tag, text), _UNSET)
                    if value is _UNSET:
                        value = self._scalar(event, tag, [*waiting[1:], (items, is_map, key)])
            elif kind is mapping_start or kind is sequence_start:
                frames = [*waiting[1:], (items, is_map, key)] if items is not None else []
                if is_map and key is _UNSET:
                    raise self._fail(event.start_mark, "a mapping key must be a plain name",
                                     frames[:-1])
                self._collection(event, kind is mapping_start, frames)
                if root_mark is None:
                    root_mark = event.start_mark
                waiting.append((items, is_map, key))
                is_map = kind is mapping_start
                items = {} if is_map else []
                key = _UNSET
                continue
            elif kind is mapping_end or kind is sequence_end:
                value = items
                items, is_map, key = waiting.pop()
            elif kind is alias_event:
                raise self._undefined_alias(event)
            else:  # the parser sends nothing else inside a document
                raise yaml.composer.ComposerError(None, None, f"unexpected {kind.__name__}",
                                                  event.start_mark)
            if items is None:
                return value, root_mark or event.start_mark
            if is_map:
                items[key] = value
                key = _UNSET
            else:
                items.append(value)

    def _refuse_key(self, event: Any, tag: str, duplicate: bool,
                    frames: list[tuple[Any, bool, Any]]) -> None:
        """The checks _Builder.build makes of a mapping key that is not plain new text."""
        if tag == _MERGE:
            raise self._fail(event.start_mark, "merge keys ('<<') are not supported; write the "
                                               "values out", frames[:-1])
        if tag not in _SCALAR_TAGS:
            raise self._fail(event.start_mark, _unknown_tag(tag), frames[:-1])
        if duplicate:
            raise self._fail(event.start_mark, f"duplicate key '{event.value}'", frames[:-1])

    def _collection(self, event: Any, is_map: bool, frames: list[tuple[Any, bool, Any]]) -> None:
        """The checks _Builder.build makes of a mapping or sequence, in its order."""
        self.count += 1
        if self.count > MAX_VALUES:
            raise self._fail(event.start_mark, f"document expands to more than {MAX_VALUES:,} "
                             "values (anchors and aliases nested too far?)", frames)
        if len(frames) > MAX_DEPTH:
            raise self._fail(event.start_mark, f"nested more than {MAX_DEPTH} levels deep",
                             frames)
        tag = event.tag
        if tag is None or tag == "!":
            tag = self.loader.resolve(yaml.MappingNode if is_map else yaml.SequenceNode, None,
                                      event.implicit)
        if tag != (_MAP if is_map else _SEQ):
            raise self._fail(event.start_mark, _unknown_tag(tag), frames)

    def _scalar(self, event: Any, tag: str, frames: list[tuple[Any, bool, Any]]) -> Any:
        node = yaml.ScalarNode(tag, event.value, event.start_mark, event.end_mark, event.style)
        value = _scalar_value(node, self.constructor,
                              lambda message: self._fail(event.start_mark, message, frames))
        if len(self.scalars) < 100_000:
            self.scalars[(tag, event.value)] = value
        return value
