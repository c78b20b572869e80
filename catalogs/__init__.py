"""Catalogs: compute and storage SKUs, regions, roles, link kinds, BAA coverage, assumptions."""

from .loader import SITE, Catalog, builtin_dir, load_catalog, suggest, user_catalog_dirs
from .models import Figure

__all__ = ["SITE", "Catalog", "Figure", "builtin_dir", "load_catalog", "suggest",
           "user_catalog_dirs"]
