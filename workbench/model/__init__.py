"""The design model: pydantic classes, the canonical file format, loading and saving (no Qt).

Import the submodules directly (``workbench.model.io``, ``workbench.model.design``...): this
package stays empty so that the catalogs, which use ``errors`` and ``source``, can be imported
first without a cycle.
"""
