"""Catalogs: compute and storage SKUs, regions, roles, link kinds, BAA coverage, assumptions.

The bottom layer of the workbench, importing none of its other packages. It also holds what
the catalogs and the design model both need to read their files: :mod:`catalogs.reading`
(YAML read defensively, every value located) and :mod:`catalogs.errors` (located problems
and the InputError that carries them).

The names below are imported on first use, so that ``catalogs.errors`` and
``catalogs.reading`` come without pydantic and the catalog models (the command line imports
them at start-up).
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .loader import SITE, Catalog, builtin_dir, load_catalog, suggest, user_catalog_dirs
    from .models import Figure

__all__ = ["SITE", "Catalog", "Figure", "builtin_dir", "load_catalog", "suggest",
           "user_catalog_dirs"]

_HOME = {"Figure": "models", **{name: "loader" for name in __all__ if name != "Figure"}}


def __getattr__(name: str) -> Any:
    home = _HOME.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(f"{__name__}.{home}"), name)
    globals()[name] = value
    return value
