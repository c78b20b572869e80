"""The design model: pydantic classes, the canonical file format, loading and saving (no Qt).

Import the submodules directly (``workbench.model.io``, ``workbench.model.design``...).
Reading files and reporting located problems in them live in the bottom layer, shared with
the catalogs: :mod:`catalogs.reading` and :mod:`catalogs.errors`.
"""
