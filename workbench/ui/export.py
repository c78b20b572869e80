"""Exporting the PDF on a worker thread (the window never freezes: the collector makes no
full pass holding the interpreter lock while the document is built, see collector)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, QRunnable, Signal

from catalogs import Catalog
from catalogs.reading import gc_paused

from ..model.design import Design
from .collector import freeze_once


class _Signals(QObject):
    finished = Signal(bool, str)


class ExportJob(QRunnable):
    def __init__(self, design: Design, catalog: Catalog, target: Path) -> None:
        super().__init__()
        self.design, self.catalog, self.target = design, catalog, target
        self.signals = _Signals()
        self.setAutoDelete(False)

    def run(self) -> None:
        from exports.document import export_pdf

        freeze_once("pdf")  # the PDF libraries stay loaded: see collector
        try:
            with gc_paused():  # no full collection over the document's objects meanwhile
                export_pdf(self.design, self.catalog, self.target)
        except Exception as exc:
            self.signals.finished.emit(False, f"{self.target}: {exc}")
            return
        self.signals.finished.emit(True, f"exported {self.target}")
