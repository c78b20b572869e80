"""The name File > Export PDF proposes: ``<design>-<revision>.pdf``."""

from __future__ import annotations

from pathlib import Path

import pytest

from workbench.model.session import empty_design, export_file_name


def design(name: str, revision: str | None):
    base = empty_design()
    metadata = base.metadata.model_copy(update={"name": name, "revision": revision})
    return base.model_copy(update={"metadata": metadata})


@pytest.mark.parametrize(("name", "revision", "path", "expected"), [
    ("Anything", "3.2", Path("/d/flagship.yaml"), "flagship-3.2.pdf"),
    ("Anything", None, Path("/d/flagship.yaml"), "flagship.pdf"),
    ("Anything", "  ", Path("/d/flagship.yaml"), "flagship.pdf"),
    ("Two zones: East / West", "r 4/5", None, "two-zones-east-west-r-4-5.pdf"),
    ("Größe Klinik", "1", None, "größe-klinik-1.pdf"),
    ("///", None, None, "design.pdf"),
])
def test_export_file_name(name, revision, path, expected):
    assert export_file_name(design(name, revision), path) == expected
