"""One validation pass: the design and catalogs in, a Report out."""

from __future__ import annotations

from catalogs import Catalog
from workbench.analysis.inventory import inventory
from workbench.model.canonical import fingerprint
from workbench.model.design import Design

from .report import Report


def validate(design: Design, catalog: Catalog, source: str | None = None) -> Report:
    return Report(design_name=design.metadata.name, fingerprint=fingerprint(design),
                  findings=[], metrics=inventory(design, catalog), source=source)
