"""The exporter's shape (issue 12): every function short enough to read at a glance, and the
document's sections written from one list, which gives both the body and the contents."""

from __future__ import annotations

import ast
from pathlib import Path

from catalogs import load_catalog
from exports.sections.base import Heading
from exports.story import SECTIONS, TITLES, build_story
from tests.conftest import FLAGSHIP, ROOT
from validators.engine import validate
from workbench.clock import document_as_of
from workbench.model.io import load_design

EXPORTS = ROOT / "exports"
MAX_LINES = 60  # from the def line to the last line, decorators and docstring not counted apart


def long_functions(source: str, name: str) -> list[str]:
    out = []
    for node in ast.walk(ast.parse(source, name)):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            assert node.end_lineno is not None
            length = node.end_lineno - node.lineno + 1
            if length > MAX_LINES:
                out.append(f"{name}:{node.lineno} {node.name}() is {length} lines")
    return out


def test_no_function_in_exports_is_over_60_lines() -> None:
    modules = sorted(EXPORTS.rglob("*.py"))
    assert EXPORTS / "sections" / "base.py" in modules  # the sub-packages are searched too
    found = [line for path in modules
             for line in long_functions(path.read_text("utf-8"), str(path.relative_to(ROOT)))]
    assert not found, "\n".join(found)


def test_the_check_finds_a_long_function_and_a_long_method() -> None:
    body = "".join(f"    x{i} = {i}\n" for i in range(MAX_LINES - 1))
    assert long_functions(f"def ok():\n{body}", "ok.py") == []
    assert long_functions(f"def f():\n{body}    return 0\n", "f.py") == ["f.py:1 f() is 61 lines"]
    method = "class C:\n" + "".join(f"    {line}\n" for line in
                                    f"@property\ndef g(self):\n{body}    return 0".split("\n"))
    assert long_functions(method, "c.py") == ["c.py:3 g() is 61 lines"]


def test_each_section_is_one_line_of_the_list_and_its_heading_comes_from_there() -> None:
    catalog = load_catalog(use_setting=False)
    design = load_design(FLAGSHIP, catalog).design
    when = document_as_of(design)
    story = build_story(design, validate(design, catalog, as_of=when.date), catalog,
                        480.0, 700.0, when)
    top = [f.toc_text for f in story if isinstance(f, Heading) and f.toc_level == 0]
    assert top == TITLES == [title for title, _ in SECTIONS]
    assert len(set(TITLES)) == len(TITLES)
    builders = [build for _, build in SECTIONS]
    assert len(set(builders)) == len(builders)
    assert all(Path(build.__code__.co_filename).parent == EXPORTS / "sections"
               for build in builders)
